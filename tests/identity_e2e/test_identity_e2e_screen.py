"""The identity screen on Qt offscreen, reading a synthetic CCCD through real pcscd + vpcd.

Success shows the name, the masked ID number, the photo and the verdict; a
tampered chip shows FAILED with nothing to confirm; a wrong CAN asks for the
CAN; a card pulled off mid-read asks to place it again, and the retry works.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from drivers.card.emrtd_card import ChipBehaviour, EmrtdCard
from drivers.card.icao import AccessKeys
from drivers.card.pcsc import PcscCardReader
from drivers.card.port import CardEventKind
from drivers.card.simulator import SimulatedCardStation
from drivers.card.softcard import SoftCard
from kiosk.config import Config, Timeouts
from kiosk.dossier import Identity, Verdict
from kiosk.errors import DeviceAbsent
from kiosk.identity.access import KeyChoice
from kiosk.identity.read import IdentityReading, read_identity, read_identity_with_any
from kiosk.identity.synthetic import CardFiles, Citizen, tamper
from kiosk.identity.trust import TrustStore
from kiosk.journey import DEFAULT_JOURNEY
from kiosk.session import KioskSession
from ui.app import KIOSK_SIZE, application
from ui.handoff import GuiCallback
from ui.i18n import Translations
from ui.identity import CardRead, IdentityScreen, IdentityState, masked_id
from ui.screens.base import Navigator, ScreenContext
from ui.screenshots import save_screenshot

pytestmark = pytest.mark.realparts

PlaceCard = Callable[[SoftCard], SimulatedCardStation]
WAIT_MS = 15000
WORKING_CHIP = ChipBehaviour()


@pytest.fixture(autouse=True)
def _no_worker_left_behind() -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(15000)


def context() -> ScreenContext:
    application()
    Translations().apply("en")  # an earlier test may have left Vietnamese installed
    navigator = Navigator(lambda: None, lambda: None, lambda: None, lambda language: None)
    return ScreenContext(Config(), KioskSession(Timeouts(), "en"), DEFAULT_JOURNEY, navigator)


def chip(
    card: CardFiles,
    files: dict[int, bytes] | None = None,
    *,
    behaviour: ChipBehaviour = WORKING_CHIP,
    on_read: Callable[[int], None] | None = None,
) -> EmrtdCard:
    """The simulated chip serving ``files`` (default: the card's own)."""
    served = card.files if files is None else files
    return EmrtdCard(
        served,
        can=card.can,
        mrz=card.mrz_keys,
        behaviour=behaviour,
        on_read=on_read,
        active_auth=card.aa_signer(),
    )


def card_read(
    reader: PcscCardReader, station: SimulatedCardStation, can: str, trust: TrustStore
) -> CardRead:
    """What the kiosk wires in: connect, read with the typed CAN or the kiosk's own."""

    def read(choice: KeyChoice | None) -> IdentityReading:
        keys = choice.access_keys() if choice is not None else [AccessKeys(can=can)]
        with reader.connect(station.reader_name) as connection:
            return read_identity_with_any(connection, keys, trust)

    return read


def show(qtbot: QtBot, screen: IdentityScreen) -> IdentityScreen:
    qtbot.addWidget(screen)
    screen.resize(*KIOSK_SIZE)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def tap(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def snap(qtbot: QtBot, screen: IdentityScreen, path: Path) -> None:
    """Save what the screen shows once Qt has laid out its new state."""
    qtbot.wait(50)
    save_screenshot(screen, path)


def wait_for(qtbot: QtBot, screen: IdentityScreen, state: IdentityState) -> None:
    qtbot.waitUntil(lambda: screen.state is state, timeout=WAIT_MS)


def test_a_genuine_card_shows_the_person_and_confirm_hands_over_the_identity(
    qtbot: QtBot,
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
    screenshots_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    station = place_card(chip(card_files))
    confirmed: list[Identity] = []
    read = card_read(pcsc_reader, station, card_files.can, trust)
    screen = show(qtbot, IdentityScreen(context(), read, confirmed.append))
    assert screen.title.text() == "Place your card on the reader"
    snap(qtbot, screen, screenshots_dir / "identity-waiting-en.png")
    tap(qtbot, screen.read_button)
    assert screen.state is IdentityState.READING and screen.progress.isVisible()
    wait_for(qtbot, screen, IdentityState.READ)
    assert screen.name.text() == citizen.full_name
    assert citizen.id_number not in screen.id_number.text()
    assert masked_id(citizen.id_number) in screen.id_number.text()
    assert screen.id_number.text().endswith(citizen.id_number[-4:])
    assert screen.verdict.text() == "The chip data is genuine."
    pixmap = screen.photo.pixmap()
    assert screen.photo.isVisible() and pixmap is not None and not pixmap.isNull()
    snap(qtbot, screen, screenshots_dir / "identity-genuine-en.png")
    tap(qtbot, screen.confirm_button)
    assert [identity.id_number for identity in confirmed] == [citizen.id_number]
    assert confirmed[0].verdict is Verdict.GENUINE
    logged = " ".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "identity screen" in logged
    assert citizen.full_name not in logged and citizen.id_number[-6:] not in logged


def test_a_tampered_chip_fails_sends_to_the_counter_and_offers_nothing_to_confirm(
    qtbot: QtBot,
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
    screenshots_dir: Path,
) -> None:
    station = place_card(chip(card_files, tamper(card_files.files, 1)))
    confirmed: list[Identity] = []
    read = card_read(pcsc_reader, station, card_files.can, trust)
    screen = show(qtbot, IdentityScreen(context(), read, confirmed.append))
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.FAILED)
    assert screen.reading is not None and screen.reading.verdict is Verdict.FAILED
    assert "could not be verified as genuine; please go to the counter" in screen.message.text()
    assert not screen.confirm_button.isVisible() and not screen.name.isVisible()
    assert not screen.photo.isVisible()
    assert screen.name.text() == "" and screen.id_number.text() == ""
    snap(qtbot, screen, screenshots_dir / "identity-failed-en.png")
    screen._confirm()  # even a stray confirm hands nothing over
    assert confirmed == []


def test_a_wrong_can_asks_for_the_can_and_the_typed_one_reads_the_card(
    qtbot: QtBot,
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
    screenshots_dir: Path,
) -> None:
    station = place_card(chip(card_files))
    wrong = "000000" if card_files.can != "000000" else "111111"
    read = card_read(pcsc_reader, station, wrong, trust)
    screen = show(qtbot, IdentityScreen(context(), read, lambda identity: None))
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.NEED_CAN)
    assert screen.title.text() == "Please type the card number"
    assert screen.can_field.isVisible() and screen.can_button.isVisible()
    assert not screen.confirm_button.isVisible()
    snap(qtbot, screen, screenshots_dir / "identity-need-can-en.png")
    qtbot.keyClicks(screen.can_field, "12ab")  # only digits are taken
    assert screen.can_field.text() == "12"
    tap(qtbot, screen.can_button)  # too short: nothing happens
    assert screen.state is IdentityState.NEED_CAN
    screen.can_field.clear()
    qtbot.keyClicks(screen.can_field, card_files.can)
    tap(qtbot, screen.can_button)
    wait_for(qtbot, screen, IdentityState.READ)
    assert screen.name.text() == citizen.full_name


def test_a_card_pulled_off_mid_read_asks_to_place_it_again_and_the_retry_reads_it(
    qtbot: QtBot,
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
    screenshots_dir: Path,
) -> None:
    pulled: list[int] = []

    def pull_out(reads: int) -> None:
        if reads == 4 and not pulled:  # in the middle of the data groups (short reads)
            pulled.append(reads)
            station.remove(wait=False)

    card = chip(card_files, behaviour=ChipBehaviour(extended_length=False), on_read=pull_out)
    station = place_card(card)
    read = card_read(pcsc_reader, station, card_files.can, trust)
    screen = show(qtbot, IdentityScreen(context(), read, lambda identity: None))
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.REMOVED)
    assert pulled and screen.title.text() == "The card was moved"
    assert screen.retry_button.isVisible() and not screen.confirm_button.isVisible()
    snap(qtbot, screen, screenshots_dir / "identity-removed-en.png")
    station.wait_for_card(present=False)
    station.insert()
    tap(qtbot, screen.retry_button)
    wait_for(qtbot, screen, IdentityState.READ)
    assert screen.name.text() == citizen.full_name
    snap(qtbot, screen, screenshots_dir / "identity-retried-en.png")


def test_without_a_trust_store_the_card_reads_but_cannot_be_verified(
    qtbot: QtBot,
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    screenshots_dir: Path,
) -> None:
    station = place_card(chip(card_files))

    def read(choice: KeyChoice | None) -> IdentityReading:
        with pcsc_reader.connect(station.reader_name) as connection:
            return read_identity(connection, AccessKeys(can=card_files.can), None)

    confirmed: list[Identity] = []
    screen = show(qtbot, IdentityScreen(context(), read, confirmed.append))
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.READ)
    assert screen.verdict.text() == "The chip data was read but cannot be verified."
    assert screen.confirm_button.isVisible()
    snap(qtbot, screen, screenshots_dir / "identity-not-verifiable-en.png")
    tap(qtbot, screen.confirm_button)
    assert [identity.verdict for identity in confirmed] == [Verdict.NOT_VERIFIABLE]


def test_a_card_placed_on_the_reader_starts_the_read_through_the_gui_thread(
    qtbot: QtBot,
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
) -> None:
    station = place_card(chip(card_files))
    station.remove()
    screen = show(
        qtbot,
        IdentityScreen(
            context(),
            card_read(pcsc_reader, station, card_files.can, trust),
            lambda identity: None,
        ),
    )
    placed = GuiCallback(lambda event: screen.card_placed())
    pcsc_reader.add_observer(
        lambda event: placed(event) if event.kind is CardEventKind.INSERTED else None
    )
    assert screen.state is IdentityState.WAITING
    station.insert()
    wait_for(qtbot, screen, IdentityState.READ)
    assert screen.name.text() == citizen.full_name
    screen.card_placed()  # a result on screen is not read over
    assert screen.state is IdentityState.READ


@pytest.mark.parametrize(
    ("error", "state", "title"),
    [
        (DeviceAbsent("no reader", "plug it in"), IdentityState.NO_READER, "not available"),
        (ValueError("garbled"), IdentityState.UNREADABLE, "could not be read"),
    ],
    ids=["no_reader", "unreadable"],
)
def test_other_problems_offer_a_retry(
    qtbot: QtBot,
    screenshots_dir: Path,
    error: Exception,
    state: IdentityState,
    title: str,
) -> None:
    def read(choice: KeyChoice | None) -> IdentityReading:
        raise error

    screen = show(qtbot, IdentityScreen(context(), read, lambda identity: None))
    screen.start_reading()
    wait_for(qtbot, screen, state)
    assert title in screen.title.text()
    assert screen.retry_button.isVisible() and not screen.confirm_button.isVisible()
    snap(qtbot, screen, screenshots_dir / f"identity-{state.value}-en.png")
