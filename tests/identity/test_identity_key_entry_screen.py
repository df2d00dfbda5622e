"""The identity screen's typed keys: CAN and MRZ on the on-screen keypad, and card removal.

The ``read`` given to the screen is what the kiosk wires in, over an in-process
simulated chip (no pcscd): the chip's own answers decide what the screen shows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from identity_chip import chip_of
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, QTranslator
from pytestqt.qtbot import QtBot

from drivers.card.emrtd_card import EmrtdCard
from drivers.card.icao import AccessKeys
from drivers.card.softcard import DirectConnection
from kiosk.config import Config, Timeouts
from kiosk.errors import DeviceNeedsAttention
from kiosk.identity.access import KeyChoice, TypedCan, TypedMrz
from kiosk.identity.read import IdentityReading, read_identity_with_any
from kiosk.identity.synthetic import CardFiles, Citizen, TestPki
from kiosk.identity.trust import TrustStore
from kiosk.journey import DEFAULT_JOURNEY
from kiosk.session import KioskSession
from ui.app import KIOSK_SIZE, application
from ui.i18n import Translations
from ui.identity import IdentityScreen, IdentityState
from ui.identity.screen import EntryHint, typed_date
from ui.screens.base import Navigator, ScreenContext
from ui.screenshots import save_screenshot

WAIT_MS = 15000
# New strings wait in the helper's file until they are merged into kiosk_vi.ts.
PENDING_TRANSLATIONS = Path("/work/helpers/tr_identity.tsv")


@pytest.fixture(autouse=True)
def _no_worker_left_behind() -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(15000)


class TsvTranslator(QTranslator):
    """Translations from ``context<TAB>source<TAB>vietnamese`` lines (not yet in the catalog)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.rows: dict[tuple[str, str], str] = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                context, source, target = line.split("\t")
                self.rows[(context, source)] = target

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return self.rows.get((context, source))  # None: not here, ask the next translator

    def isEmpty(self) -> bool:  # noqa: N802 (a Qt override)
        return not self.rows


@pytest.fixture
def use_language() -> Iterator[Callable[[str], None]]:
    app = application()
    pending = TsvTranslator(PENDING_TRANSLATIONS)

    def use(language: str) -> None:
        Translations().apply(language)  # type: ignore[arg-type]
        if language == "vi":
            app.installTranslator(pending)

    yield use
    QCoreApplication.removeTranslator(pending)
    Translations().apply("en")


class ChipOnTheReader:
    """The wired ``read``: the kiosk's CAN or the typed key, on a simulated chip."""

    def __init__(self, chip: EmrtdCard, kiosk_can: str, trust: TrustStore) -> None:
        self.chip = chip
        self.kiosk_can = kiosk_can
        self.trust = trust
        self.choices: list[KeyChoice | None] = []
        self.gate: threading.Event | None = None
        self.fail_with: Exception | None = None

    def __call__(self, choice: KeyChoice | None) -> IdentityReading:
        self.choices.append(choice)
        if self.gate is not None:
            assert self.gate.wait(10), "the test never let the read finish"
        error, self.fail_with = self.fail_with, None
        if error is not None:
            raise error
        keys = choice.access_keys() if choice is not None else [AccessKeys(can=self.kiosk_can)]
        return read_identity_with_any(DirectConnection(self.chip), keys, self.trust)


def context() -> ScreenContext:
    application()
    navigator = Navigator(lambda: None, lambda: None, lambda: None, lambda language: None)
    return ScreenContext(Config(), KioskSession(Timeouts(), "en"), DEFAULT_JOURNEY, navigator)


@pytest.fixture
def trust(pki: TestPki) -> TrustStore:
    return TrustStore([pki.csca])


def wrong(can: str) -> str:
    return "000000" if can != "000000" else "111111"


def show(qtbot: QtBot, read: ChipOnTheReader) -> IdentityScreen:
    screen = IdentityScreen(context(), read, lambda identity: None)
    qtbot.addWidget(screen)
    screen.resize(*KIOSK_SIZE)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def wait_for(qtbot: QtBot, screen: IdentityScreen, state: IdentityState) -> None:
    qtbot.waitUntil(lambda: screen.state is state, timeout=WAIT_MS)


def tap(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_digits(qtbot: QtBot, screen: IdentityScreen, digits: str) -> None:
    for digit in digits:
        tap(qtbot, screen.keypad.keys[digit])


def dmy(day: object) -> str:
    return f"{day:%d%m%Y}"


def snap(qtbot: QtBot, screen: IdentityScreen, path: Path) -> None:
    qtbot.wait(50)
    save_screenshot(screen, path)


def test_the_can_is_typed_on_the_keypad_and_opens_the_chip(
    qtbot: QtBot, card: CardFiles, citizen: Citizen, trust: TrustStore
) -> None:
    read = ChipOnTheReader(chip_of(card), wrong(card.can), trust)
    screen = show(qtbot, read)
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.NEED_CAN)
    assert screen.keypad.isVisible() and screen.can_field.isVisible()
    assert screen.mrz_button.isVisible() and not screen.hint_line.isVisible()
    assert screen.can_field.digits == "" and screen.entry.active is screen.can_field
    type_digits(qtbot, screen, card.can[:4])
    tap(qtbot, screen.can_button)  # four digits: nothing is read
    assert screen.state is IdentityState.NEED_CAN and len(read.choices) == 1
    type_digits(qtbot, screen, card.can[4:] + "9")  # a seventh digit does not fit
    assert screen.can_field.digits == card.can
    tap(qtbot, screen.can_button)
    wait_for(qtbot, screen, IdentityState.READ)
    assert screen.name.text() == citizen.full_name
    assert read.choices[0] is None and read.choices[1] == TypedCan(card.can)


def test_a_typed_can_that_does_not_match_says_to_check_the_front(
    qtbot: QtBot, card: CardFiles, trust: TrustStore
) -> None:
    read = ChipOnTheReader(chip_of(card), wrong(card.can), trust)
    screen = show(qtbot, read)
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.NEED_CAN)
    type_digits(qtbot, screen, wrong(card.can))
    tap(qtbot, screen.can_button)
    qtbot.waitUntil(lambda: screen.hint is EntryHint.CAN_MISMATCH, timeout=WAIT_MS)
    assert screen.state is IdentityState.NEED_CAN and screen.hint_line.isVisible()
    assert "check the number on the front" in screen.hint_line.text()
    assert screen.can_field.digits == ""  # six digits are quicker typed again than mended


def test_a_chip_that_takes_only_the_mrz_asks_for_it_and_bac_reads_it(
    qtbot: QtBot, card: CardFiles, citizen: Citizen, trust: TrustStore
) -> None:
    read = ChipOnTheReader(chip_of(card, pace=False), card.can, trust)
    screen = show(qtbot, read)
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.NEED_MRZ)  # no PACE, and the kiosk has no MRZ
    assert screen.document_field.isVisible() and screen.keypad.isVisible()
    assert not screen.can_field.isVisible() and not screen.hint_line.isVisible()
    assert citizen.expiry_date is not None
    type_digits(qtbot, screen, card.mrz_keys.document_number)
    assert screen.entry.active is screen.birth_field  # a full field hands on
    type_digits(qtbot, screen, dmy(citizen.date_of_birth) + dmy(citizen.expiry_date))
    assert screen.birth_field.text() == f"{citizen.date_of_birth:%d/%m/%Y}"
    tap(qtbot, screen.mrz_read_button)
    wait_for(qtbot, screen, IdentityState.READ)
    assert screen.reading is not None and screen.reading.protocol == "BAC"
    assert read.choices[-1] == TypedMrz(
        citizen.id_number[-9:], citizen.date_of_birth, citizen.expiry_date
    )


def test_typed_mrz_that_does_not_match_keeps_the_digits_and_says_what_to_check(
    qtbot: QtBot, card: CardFiles, citizen: Citizen, trust: TrustStore
) -> None:
    read = ChipOnTheReader(chip_of(card), wrong(card.can), trust)
    screen = show(qtbot, read)
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.NEED_CAN)
    tap(qtbot, screen.mrz_button)
    assert screen.state is IdentityState.NEED_MRZ
    wrong_number = "1" + card.mrz_keys.document_number[1:]
    if wrong_number == card.mrz_keys.document_number:
        wrong_number = "2" + wrong_number[1:]
    type_digits(qtbot, screen, wrong_number + dmy(citizen.date_of_birth))
    type_digits(qtbot, screen, dmy(citizen.expiry_date))
    tap(qtbot, screen.mrz_read_button)
    qtbot.waitUntil(lambda: screen.hint is EntryHint.MRZ_MISMATCH, timeout=WAIT_MS)
    assert screen.state is IdentityState.NEED_MRZ
    assert "code on the back" in screen.hint_line.text()
    assert screen.document_field.digits == wrong_number  # kept, to mend one digit
    tap(qtbot, screen.can_instead_button)
    assert screen.state is IdentityState.NEED_CAN and not screen.hint_line.isVisible()


@pytest.mark.parametrize(
    ("document", "birth", "expiry", "hint"),
    [
        ("12345", "01021990", "01022030", EntryHint.DOCUMENT_INCOMPLETE),
        ("123456789", "31021990", "01022030", EntryHint.BAD_BIRTH),
        ("123456789", "01021990", "0102", EntryHint.BAD_EXPIRY),
        ("123456789", "01021990", "01021980", EntryHint.BAD_EXPIRY),
        ("123456789", "01029990", "01022030", EntryHint.BAD_BIRTH),  # in the future
    ],
)
def test_typed_mrz_is_checked_before_any_read(
    qtbot: QtBot,
    card: CardFiles,
    trust: TrustStore,
    document: str,
    birth: str,
    expiry: str,
    hint: EntryHint,
) -> None:
    read = ChipOnTheReader(chip_of(card), wrong(card.can), trust)
    screen = show(qtbot, read)
    screen.use_mrz()
    for field, digits in (
        (screen.document_field, document),
        (screen.birth_field, birth),
        (screen.expiry_field, expiry),
    ):
        field.set_digits(digits)
    tap(qtbot, screen.mrz_read_button)
    assert screen.hint is hint and screen.hint_line.isVisible() and read.choices == []


def test_no_expiry_date_reads_with_the_no_expiry_keys(
    qtbot: QtBot, card: CardFiles, trust: TrustStore
) -> None:
    read = ChipOnTheReader(chip_of(card), wrong(card.can), trust)
    read.gate = threading.Event()
    screen = show(qtbot, read)
    screen.use_mrz()
    screen.expiry_field.set_digits("0102")
    tap(qtbot, screen.no_expiry_button)
    assert not screen.expiry_field.isEnabled() and screen.expiry_field.digits == ""
    assert screen.expiry_field not in screen.entry.fields
    type_digits(qtbot, screen, "123456789" + "01021950")
    tap(qtbot, screen.mrz_read_button)
    assert screen.state is IdentityState.READING
    read.gate.set()
    wait_for(qtbot, screen, IdentityState.NEED_MRZ)  # not this card's MRZ
    choice = read.choices[0]
    assert isinstance(choice, TypedMrz) and choice.date_of_expiry is None
    assert [key.date_of_expiry for key in choice.mrz_keys()] == ["<<<<<<", "991231"]
    assert "redacted" in repr(choice) and "123456789" not in repr(choice)


def test_removal_during_a_read_shows_removed_and_starts_no_second_read(
    qtbot: QtBot, card: CardFiles, trust: TrustStore
) -> None:
    read = ChipOnTheReader(chip_of(card), card.can, trust)
    read.gate = threading.Event()
    read.fail_with = DeviceNeedsAttention("card moved", "place it again")
    screen = show(qtbot, read)
    screen.start_reading()
    screen.card_removed()
    assert screen.state is IdentityState.REMOVED and screen.retry_button.isVisible()
    screen.card_removed()  # a second event changes nothing
    tap(qtbot, screen.retry_button)  # tapped while the first read still runs: queued
    assert len(read.choices) <= 1
    read.gate.set()
    wait_for(qtbot, screen, IdentityState.READ)  # the queued retry ran after the error
    assert len(read.choices) == 2


def test_removal_after_the_last_apdu_still_shows_the_result(
    qtbot: QtBot, card: CardFiles, citizen: Citizen, trust: TrustStore
) -> None:
    read = ChipOnTheReader(chip_of(card), card.can, trust)
    read.gate = threading.Event()
    screen = show(qtbot, read)
    screen.start_reading()
    screen.card_removed()
    assert screen.state is IdentityState.REMOVED
    read.gate.set()
    wait_for(qtbot, screen, IdentityState.READ)
    assert screen.name.text() == citizen.full_name and len(read.choices) == 1
    screen.card_removed()  # the result stays: the card is no longer needed
    assert screen.state is IdentityState.READ and screen.reading is not None


def test_removal_outside_a_read_changes_nothing(
    qtbot: QtBot, card: CardFiles, trust: TrustStore
) -> None:
    read = ChipOnTheReader(chip_of(card), wrong(card.can), trust)
    screen = show(qtbot, read)
    screen.card_removed()
    assert screen.state is IdentityState.WAITING
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.NEED_CAN)
    type_digits(qtbot, screen, "12")
    screen.card_removed()
    assert screen.state is IdentityState.NEED_CAN and screen.can_field.digits == "12"
    assert len(read.choices) == 1


def test_dates_are_typed_day_month_year() -> None:
    assert typed_date("29022024") is not None and typed_date("29022023") is None
    assert typed_date("01011899") is None and typed_date("0101") is None


@pytest.mark.parametrize("language", ["en", "vi"])
def test_screenshots_of_the_keypad_entries(
    qtbot: QtBot,
    card: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
    screenshots_dir: Path,
    use_language: Callable[[str], None],
    language: str,
) -> None:
    read = ChipOnTheReader(chip_of(card), wrong(card.can), trust)
    screen = show(qtbot, read)
    use_language(language)
    screen.start_reading()
    wait_for(qtbot, screen, IdentityState.NEED_CAN)
    type_digits(qtbot, screen, "123")
    snap(qtbot, screen, screenshots_dir / f"identity-need-can-keypad-{language}.png")
    type_digits(qtbot, screen, "456" if card.can != "123456" else "457")
    tap(qtbot, screen.can_button)
    qtbot.waitUntil(lambda: screen.hint is EntryHint.CAN_MISMATCH, timeout=WAIT_MS)
    snap(qtbot, screen, screenshots_dir / f"identity-can-mismatch-{language}.png")
    tap(qtbot, screen.mrz_button)
    type_digits(qtbot, screen, card.mrz_keys.document_number + dmy(citizen.date_of_birth)[:5])
    snap(qtbot, screen, screenshots_dir / f"identity-mrz-entry-{language}.png")
    if language == "vi":
        assert screen.mrz_read_button.text() != "Read with these details" or not (
            PENDING_TRANSLATIONS.is_file()
        )
    screen.birth_field.set_digits("31021990")
    tap(qtbot, screen.mrz_read_button)
    assert screen.hint is EntryHint.BAD_BIRTH
    snap(qtbot, screen, screenshots_dir / f"identity-mrz-check-date-{language}.png")
