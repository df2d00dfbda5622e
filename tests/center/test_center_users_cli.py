"""``kiosk center user add|disable|reset`` as an operator runs them (passwords on stdin)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from center.officers import LoginRefused
from center.service import CenterService, CenterSettings
from kiosk.cli import main

PASSWORD = "mat khau thu nghiem"


pytestmark = pytest.mark.usefixtures("keep_logging")


def cli(monkeypatch: pytest.MonkeyPatch, stdin: str, *argv: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--log-level", "ERROR", "center", "user", *argv])


def service_on(data: Path) -> CenterService:
    return CenterService(CenterSettings(database_url=f"sqlite:///{(data / 'center.db').resolve()}"))


def test_add_disable_reset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data", str(tmp_path)]
    add = ("add", "an.officer", "--role", "officer", "--agency", "000.00.31.H29", *data)
    assert cli(monkeypatch, PASSWORD + "\n", *add) == 0
    assert "an.officer added" in capsys.readouterr().out
    assert cli(monkeypatch, PASSWORD + "\n", *add) == 1
    assert "exists already" in capsys.readouterr().err
    service = service_on(tmp_path)
    try:
        assert service.office.login("an.officer", PASSWORD).agencies == ("000.00.31.H29",)
        assert cli(monkeypatch, "", "disable", "an.officer", *data) == 0
        with pytest.raises(LoginRefused):
            service.office.login("an.officer", PASSWORD)
        assert cli(monkeypatch, "another long password\n", "reset", "an.officer", *data) == 0
        assert service.office.login("an.officer", "another long password").role == "officer"
    finally:
        service.close()


@pytest.mark.parametrize(
    ("stdin", "argv", "words"),
    [
        ("short\n", ("add", "bo", "--role", "officer", "--agency", "000.00.31.H29"), "12 char"),
        (PASSWORD + "\n", ("add", "bo", "--role", "officer", "--agency", "'; DROP"), "agency"),
        (PASSWORD + "\n", ("add", "bo", "--role", "supervisor"), "--agency"),
        ("", ("add", "bo", "--role", "admin"), "standard input"),
        ("", ("disable", "nobody"), "no user"),
    ],
)
def test_bad_requests_are_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdin: str,
    argv: tuple[str, ...],
    words: str,
) -> None:
    assert cli(monkeypatch, stdin, *argv, "--data", str(tmp_path)) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
