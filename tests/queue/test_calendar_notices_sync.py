"""The center's published holiday notices reach the kiosk's working-day calendar.

Against the real center over TLS on loopback: the operator publishes a 2027
notice (``kiosk center publish calendar-notices``), the kiosk fetches it
(``kiosk calendar sync``, and the running kiosk's own thread), and a 2027
appointment stops being provisional and follows the notice. A broken document
is refused with one log line and the notice held before stays in use.

The notice is synthetic (it makes Tết two days longer than the Labor Code's
computed days, so the date visibly moves).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from test_center_trust import enroll, write_config

from center.app import CenterSettings
from center.server import EmbeddedCenter
from center.tls import TlsFiles
from kiosk.app import center_link
from kiosk.catalog import shipped_catalog
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.delivery import open_delivery
from kiosk.workdays import VIETNAM, due, shipped_hours
from kiosk.workdays.published import FILE, FOLDER, published_calendar

RECEIVED = "2027-02-01T10:00"  # a Monday, just before Tết 2027


def notice_2027(name: str = "TEST-2027/TB", last_day_off: str = "2027-02-12") -> dict[str, object]:
    return {
        "schema": 1,
        "year": 2027,
        "notice": name,
        "issued": "2026-10-15",
        "issuer": "Bộ Nội vụ (synthetic test notice)",
        "applies_to": "cơ quan hành chính",
        "days_off": [
            {
                "from": "2027-02-04",
                "to": last_day_off,
                "name": {"vi": "Tết Nguyên Đán", "en": "Lunar New Year"},
            }
        ],
        "working_days": [
            {
                "date": "2027-01-30",
                "in_place_of": last_day_off,
                "name": {"vi": "Làm bù", "en": "Worked in place of a Tết day"},
            }
        ],
        "sources": [{"title": "synthetic test notice", "url": "https://example.gov.vn/notice"}],
    }


@pytest.fixture
def center_db(tmp_path: Path) -> Path:
    return tmp_path / "center"


@pytest.fixture
def center(pki: TlsFiles, center_db: Path) -> Iterator[EmbeddedCenter]:
    """The center on a database file, so that ``kiosk center publish --data`` reaches it."""
    center_db.mkdir()
    settings = CenterSettings(
        database_url=f"sqlite:///{center_db / 'center.db'}", anonymous_heartbeats=False
    )
    with EmbeddedCenter(settings, tls=pki) as running:
        yield running


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["--log-level", "WARNING", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def publish(
    tmp_path: Path,
    center_db: Path,
    version: str,
    document: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / f"notices-{version}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    argv = ["center", "publish", "calendar-notices", str(path), "--version", version]
    status, out, _ = run(capsys, *argv, "--data", str(center_db))
    assert status == 0 and f"version {version} published" in out


def due_2027(config: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    argv = ["calendar", "due", "--procedure", "2.000488", "--received", RECEIVED, "--json"]
    status, out, _ = run(capsys, *argv, "--config", str(config))
    assert status == 0
    record: dict[str, object] = json.loads(out)
    return record


def test_a_published_2027_notice_makes_2027_dates_official(
    center: EmbeddedCenter,
    pki: TlsFiles,
    center_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path, center.url, pki.ca)
    before = due_2027(config, capsys)
    assert before["provisional"] is True and before["ready_at"] == "2027-02-22T10:00:00"

    status, out, _ = run(capsys, "calendar", "sync", "--config", str(config), "--json")
    assert status == 0 and json.loads(out)["outcome"] == "unchanged"  # nothing published yet

    publish(tmp_path, center_db, "2027-1", {"notices": [notice_2027()]}, capsys)
    status, out, _ = run(capsys, "calendar", "sync", "--config", str(config), "--json")
    synced = json.loads(out)
    assert status == 0 and (synced["outcome"], synced["years"]) == ("updated", [2027])
    kept = tmp_path / "state" / FOLDER / FILE
    assert json.loads(kept.read_bytes())["version"] == "2027-1"

    after = due_2027(config, capsys)
    assert after["provisional"] is False and after["provisional_reason"] == ""
    # Tết runs to Friday 12 February in the notice (10 February computed): two days later.
    assert after["ready_at"] == "2027-02-24T10:00:00"

    # The same version again: a 304, nothing rewritten.
    written = kept.stat().st_mtime_ns
    status, out, _ = run(capsys, "calendar", "sync", "--config", str(config), "--json")
    assert json.loads(out)["outcome"] == "unchanged" and kept.stat().st_mtime_ns == written


def test_a_bad_document_is_refused_and_the_previous_notice_kept(
    center: EmbeddedCenter,
    pki: TlsFiles,
    center_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path, center.url, pki.ca)
    publish(tmp_path, center_db, "2027-1", {"notices": [notice_2027()]}, capsys)
    assert run(capsys, "calendar", "sync", "--config", str(config))[0] == 0
    kept = (tmp_path / "state" / FOLDER / FILE).read_bytes()

    broken = notice_2027()
    broken["working_days"] = [{"date": "2027-02-05", "name": {"vi": "x", "en": "x"}}]  # also off
    publish(tmp_path, center_db, "2027-2", {"notices": [broken]}, capsys)
    status, out, err = run(capsys, "calendar", "sync", "--config", str(config))
    assert status != 0 and "still using version 2027-1" in out
    refusals = [line for line in err.splitlines() if "refused; previous ones kept" in line]
    assert len(refusals) == 1 and '"version": "2027-2"' in refusals[0]
    assert "2027-02-05 is both a day off and a working day" in err
    assert (tmp_path / "state" / FOLDER / FILE).read_bytes() == kept
    after = due_2027(config, capsys)
    assert after["provisional"] is False and after["ready_at"] == "2027-02-24T10:00:00"

    publish(tmp_path, center_db, "2027-3", {"catalog": []}, capsys)  # not notices at all
    status, _, err = run(capsys, "calendar", "sync", "--config", str(config))
    assert status != 0 and 'must be {"notices"' in err


def test_the_running_kiosk_fetches_notices_at_start(
    center: EmbeddedCenter,
    pki: TlsFiles,
    center_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config_path = write_config(tmp_path, center.url, pki.ca)
    assert enroll(center, config_path) == 0
    publish(tmp_path, center_db, "2027-1", {"notices": [notice_2027()]}, capsys)
    config = load_config(config_path)
    with open_delivery(config, center_link(config)) as delivery:
        deadline = time.monotonic() + 10
        while 2027 not in delivery.calendar.notices and time.monotonic() < deadline:
            time.sleep(0.05)
        assert delivery.calendar.notices[2027].notice == "TEST-2027/TB"
        procedure = shipped_catalog().procedure("2.000488")
        received = datetime.fromisoformat(RECEIVED).replace(tzinfo=VIETNAM)
        result = due(procedure.processing, received, delivery.calendar, shipped_hours())
        assert not result.provisional and result.ready_at.date() == date(2027, 2, 24)
    # A restart starts from the kept notices, before any fetch.
    assert published_calendar(tmp_path / "state").notices[2027].notice == "TEST-2027/TB"
