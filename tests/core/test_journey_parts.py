"""The Qt-free parts the journey wires: chip keys, the paper shelf, ratings, the sync line."""

from __future__ import annotations

import hashlib
import random
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from drivers.camera.port import CameraSettings
from drivers.camera.simulator import SimulatedCamera
from drivers.card.icao.errors import ChipAccessDenied
from drivers.status import DeviceState
from kiosk.card_identity import CardIdentity
from kiosk.card_qr_scan import CardQrScan
from kiosk.delivery import heartbeat_status, sync_device_status
from kiosk.dossier import PaperRef
from kiosk.identity.access import TypedCan
from kiosk.identity.synthetic import build_card_files, make_citizen, make_pki
from kiosk.ratings import Rating, RatingBook
from kiosk.simulated import card_on_desk
from kiosk.submission import PaperMissing, PaperShelf
from offline_queue.sync import SyncStatus


class NoReader:
    """A card reader port that is never asked: these tests stop before the chip."""

    def readers(self) -> list[str]:
        raise AssertionError("no reader should be needed")


@pytest.fixture(scope="module")
def qr_text() -> str:
    citizen = make_citizen(random.Random(7), today=date(2026, 11, 23))
    return build_card_files(citizen, make_pki()).qr_text


def card_identity() -> CardIdentity:
    return CardIdentity(NoReader(), None, today=date(2026, 11, 23))  # type: ignore[arg-type]


def test_without_a_qr_or_a_typed_can_the_chip_asks_for_the_can() -> None:
    with pytest.raises(ChipAccessDenied):
        card_identity().keys()


def test_the_cards_qr_gives_the_can_and_the_mrz_data(qr_text: str) -> None:
    card = card_identity()
    assert card.offer_qr_text(qr_text)
    first, *others = card.keys()
    id_number = qr_text.split("|", maxsplit=1)[0]
    assert first.can == id_number[-6:]
    assert first.mrz is not None and first.mrz.document_number == id_number[-9:]
    assert all(key.can is None and key.mrz is not None for key in others)


def test_a_typed_can_wins_and_the_wipe_forgets_the_qr(qr_text: str) -> None:
    card = card_identity()
    card.offer_qr_text(qr_text)
    assert [key.can for key in card.keys(TypedCan("123456"))] == ["123456"]
    card.forget()
    assert card.qr is None and not card.has_qr


def test_a_qr_that_is_not_a_cards_is_refused() -> None:
    card = card_identity()
    assert not card.offer_qr_text("https://example.invalid/not-a-card")
    assert not card.has_qr


def test_the_qr_is_found_in_the_camera_stream(qr_text: str) -> None:
    camera = SimulatedCamera(
        card_on_desk(qr_text), CameraSettings(device="sim", width=960, height=540), loop=False
    )
    found: list[str] = []
    done = threading.Event()

    def got(text: str) -> None:
        found.append(text)
        done.set()

    scan = CardQrScan(camera, got).start()
    assert done.wait(30)
    scan.stop()
    assert found == [qr_text] and not scan.running


def paper(tmp_path: Path, content: bytes) -> tuple[PaperRef, Path]:
    path = tmp_path / "ban-chinh.pdf"
    path.write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    ref = PaperRef(
        requirement_id="ban-chinh", title_vi="Bản chính", pages=1, sha256=digest, size_bytes=3
    )
    return ref, path


def test_the_shelf_gives_back_the_paper_the_dossier_names(tmp_path: Path) -> None:
    ref, path = paper(tmp_path, b"%PDF")
    shelf = PaperShelf()
    shelf.keep(ref, path)
    assert shelf.paper_bytes(ref) == b"%PDF"


def test_a_paper_changed_or_gone_since_it_was_captured_is_not_committed(tmp_path: Path) -> None:
    ref, path = paper(tmp_path, b"%PDF")
    shelf = PaperShelf()
    shelf.keep(ref, path)
    path.write_bytes(b"%PDF changed")
    with pytest.raises(PaperMissing, match="changed"):
        shelf.paper_bytes(ref)
    path.unlink()
    with pytest.raises(PaperMissing, match="missing"):
        shelf.paper_bytes(ref)
    shelf.clear()
    with pytest.raises(PaperMissing, match="not on this kiosk"):
        shelf.paper_bytes(ref)


def test_ratings_are_counted_per_score_and_a_torn_line_is_skipped(tmp_path: Path) -> None:
    book = RatingBook(tmp_path)
    for score in (5, 5, 3):
        book.record(Rating(score=score, procedure_code="2.000488", day=date.today(), language="vi"))
    with book.path.open("a", encoding="utf-8") as torn:
        torn.write('{"score": 4, "proc')  # a power cut mid-line
    assert book.counts() == {1: 0, 2: 0, 3: 1, 4: 0, 5: 2}
    assert "2.000488" in book.path.read_text(encoding="utf-8")


def test_the_staff_line_says_how_the_outbox_is_doing() -> None:
    quiet = sync_device_status(SyncStatus(queued=0, last_sync_at=datetime(2026, 1, 1, 9, 5)))
    assert quiet.state is DeviceState.READY and "last sync 09:05" in quiet.detail
    offline = sync_device_status(SyncStatus(queued=3, last_error="center unreachable — retrying"))
    assert offline.state is DeviceState.BUSY and "3 queued" in offline.detail
    held = sync_device_status(SyncStatus(queued=1, held=1))
    assert held.state is DeviceState.NEEDS_ATTENTION and "kiosk queue" in held.fix
    beat = heartbeat_status(
        SyncStatus(queued=2, last_sync_at=datetime(2026, 1, 1, tzinfo=UTC)), {5: 1}
    )
    assert beat["queued"] == 2 and beat["ratings"] == {"5": 1}


def test_ratings_by_day_go_to_the_center_in_the_heartbeat(tmp_path: Path) -> None:
    book = RatingBook(tmp_path)
    today = date(2026, 12, 4)
    for score, day, procedure in (
        (5, today, "2.000488"),
        (4, today, "2.000488"),
        (5, today, "2.000884"),
        (1, date(2026, 10, 1), "2.000488"),  # before the window
    ):
        book.record(Rating(score=score, procedure_code=procedure, day=day, language="vi"))
    days = book.by_day(date(2026, 11, 1))
    assert days == {"2026-12-04": {"2.000488": {"4": 1, "5": 1}, "2.000884": {"5": 1}}}
    beat = heartbeat_status(SyncStatus(), book.counts(), days)
    assert beat["rating_days"] == days and beat["version"]
