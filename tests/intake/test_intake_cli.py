"""``kiosk catalog …`` and ``kiosk calendar …``: stdout output, errors as one stderr line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import EXIT_CONFIG, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["--log-level", "ERROR", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_catalog_list_and_filter(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "catalog", "list")
    assert status == 0 and "1.001193  Đăng ký khai sinh" in out
    status, out, _ = run(capsys, "catalog", "list", "--agency", "cong-an-xa", "--json")
    codes = {entry["code"] for entry in json.loads(out)}
    assert status == 0 and codes == {"1.004222", "1.004194", "1.002755", "1.003197"}


def test_catalog_show_and_search(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "catalog", "show", "2.000815")
    assert status == 0 and "Chứng thực bản sao" in out and "source:" in out
    status, out, _ = run(capsys, "catalog", "show", "2.000815", "--json")
    assert json.loads(out)["code"] == "2.000815"
    status, out, _ = run(capsys, "catalog", "search", "ly lich tu phap", "--json")
    assert json.loads(out)[0]["code"] == "2.000488"


def test_unknown_procedure_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "catalog", "show", "9.999999")
    assert status == EXIT_CONFIG and out == ""
    assert err.count("\n") == 1 and "9.999999" in err


def test_catalog_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "kiosk" / "data" / "catalog.json"
    status, out, _ = run(capsys, "catalog", "validate", str(shipped))
    assert status == 0 and "valid catalog" in out
    broken = tmp_path / "broken.json"
    broken.write_text(shipped.read_text(encoding="utf-8").replace('"1.001193"', '"1.1"', 1))
    status, out, err = run(capsys, "catalog", "validate", str(broken))
    assert status == EXIT_CONFIG
    assert f"{broken}: procedures[1.1].code" in err and err.count("\n") == 1


def test_calendar_due(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["calendar", "due", "--procedure", "2.000488", "--received", "2026-02-13T10:00"]
    status, out, _ = run(capsys, *argv, "--json")
    assert status == 0
    assert json.loads(out)["ready_at"] == "2026-03-06T10:00:00"
    # A same-day certification received at 15:10 on a Friday: after the usual
    # 15:00 cut-off, before the Friday rule's 15:30.
    argv = ["calendar", "due", "--procedure", "2.000815", "--received", "2026-03-06T15:10"]
    status, out, _ = run(capsys, *argv, "--no-waiting-friday")
    assert "2026-03-06 17:00" in out and "No-waiting Friday" in out


def test_calendar_friday_rule_keeps_a_10_day_procedure(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["calendar", "due", "--procedure", "2.000488", "--received", "2026-03-06T10:00"]
    status, out, _ = run(capsys, *argv, "--no-waiting-friday", "--json")
    record = json.loads(out)
    assert status == 0 and record["ready_at"] == "2026-03-20T10:00:00"
    assert "does not apply" in record["notes"][0]


def test_calendar_due_says_when_a_date_is_provisional(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["calendar", "due", "--procedure", "2.000488", "--received", "2027-03-01T10:00"]
    status, out, _ = run(capsys, *argv, "--json")
    record = json.loads(out)
    assert status == 0 and record["provisional"] is True
    assert "no official holiday notice for 2027" in record["provisional_reason"]
    status, out, _ = run(capsys, *argv)
    assert "provisional:  estimated — to be confirmed" in out
    argv[-1] = "2026-03-02T10:00"
    status, out, _ = run(capsys, *argv, "--json")
    assert json.loads(out)["provisional"] is False


def test_calendar_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["calendar", "due", "--procedure", "2.000488", "--received", "13/02/2026"]
    status, _, err = run(capsys, *argv)
    assert status != 0 and "--received" in err and err.count("\n") == 1


def test_calendar_days(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "calendar", "days", "2026")
    assert status == 0
    assert "Sat 2026-08-22  working weekend day" in out
    assert "Mon 2026-08-31" in out
    assert "Tue 2026-11-24  Vietnam Culture Day" in out and "provisional" not in out
    status, out, _ = run(capsys, "calendar", "days", "2027")
    assert status == 0 and out.startswith("no official notice for 2027")
