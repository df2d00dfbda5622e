"""What a clumsy technician types ends in one line on stderr, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main


@pytest.fixture(autouse=True)
def keep_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(["--log-level", "CRITICAL", *argv])
    err = capsys.readouterr().err
    assert status != 0
    assert err.startswith("kiosk: ") and len(err.strip().splitlines()) == 1, err
    return err


def test_catalog_with_a_5000_digit_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "catalog.json"
    catalog.write_text('{"procedures": [], "fee": ' + "9" * 5000 + "}")
    assert "not valid JSON" in one_line_error(capsys, "catalog", "validate", str(catalog))
