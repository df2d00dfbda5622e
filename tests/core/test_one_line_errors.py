"""What a clumsy technician types ends in one line on stderr, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main

pytestmark = pytest.mark.usefixtures("keep_logging")  # tests/conftest.py


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


BIG_NUMBER_CATALOG = '{"procedures": [], "fee": ' + "9" * 5000 + "}"
BAD_CONFIGS = {
    "lookup_url": ('[receipt]\nlookup_url = "https://x.vn/{name}/{code}"', "receipt.lookup_url"),
    "catalog path": ('[paths]\ncatalog = "/nonexistent/catalog.json"', "paths.catalog"),
    "catalog number": ('[paths]\ncatalog = "{big}"', "paths.catalog"),
    "trust folder": ('[identity]\ntrust = "/nonexistent/csca"', "identity.trust"),
    "center name": (f'[kiosk]\ncenter_name = "{"A" * 301}"', "kiosk.center_name"),
    "ESC": ('[kiosk]\ncenter_name = "Trung\\u001b@tam"', "kiosk.center_name"),
    "NUL": ('[receipt]\ncollect_at = "Quay\\u0000 1"', "receipt.collect_at"),
    "state_dir": ('[paths]\nstate_dir = "/proc/1"', "paths.state_dir"),
}


@pytest.mark.parametrize("case", list(BAD_CONFIGS))
def test_doctor_refuses_what_run_refuses_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    text, key = BAD_CONFIGS[case]
    big = tmp_path / "catalog.json"
    big.write_text(BIG_NUMBER_CATALOG)
    lines = [text.format(big=big) if "{big}" in text else text]
    if "state_dir" not in text:
        lines.insert(0, f'[paths]\nstate_dir = "{tmp_path / "state"}"')
        if "[paths]" in text:  # one [paths] table: merge the two
            lines = [f'[paths]\nstate_dir = "{tmp_path / "state"}"\n' + lines[1].split("\n", 1)[1]]
    config = tmp_path / "kiosk.toml"
    config.write_text("\n".join(lines) + "\n")
    from_doctor = one_line_error(capsys, "doctor", "--config", str(config))
    from_run = one_line_error(capsys, "run", "--config", str(config))
    assert from_doctor == from_run
    assert f" {key}: " in from_run or from_run.startswith(f"kiosk: {key}: ")
