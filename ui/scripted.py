"""The scripted citizen: plays whole visits on the simulators, screenshots every screen.

It taps the same buttons a person would (through Qt's test input, not by
calling the session directly) and waits on the event loop between taps, so the
window behaves exactly as it does in the lobby. It also acts out what a person
does to the devices: the card on the reader, its back under the camera, the
papers. The demo, the acceptance test and the journey bench all use it.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, QRect, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QWidget

from center.server import EmbeddedCenter
from drivers.camera.scene import Scene, SceneKind
from drivers.camera.verdict import Verdict
from kiosk.app import Devices, open_kiosk
from kiosk.config import Config, Language, Paths
from kiosk.delivery import Delivery
from kiosk.logs import fields
from kiosk.receipt import RECEIPT_FACTS_KEY, ReceiptFacts
from kiosk.simulated import SimulatedWorld
from ui.app import KIOSK_SIZE, DeviceWatch, application, build_citizen_window
from ui.capture import CaptureView
from ui.demo_console import DEMO_OFFICER, tour_back_office
from ui.identity import IdentityState
from ui.intake.browse import ProcedureScreen
from ui.intake.finish import ConsentView, ReviewView, SavingView
from ui.intake.host import IntakeHost
from ui.intake.views import QuestionView
from ui.journey.goodbye import GoodbyeScreen
from ui.journey.identity_step import IdentityStep
from ui.journey.rating import RatingScreen
from ui.keyboard import KeyboardMode, OnScreenKeyboard
from ui.keyboard.keyboard import SHIFT
from ui.main_window import KioskWindow
from ui.receipt import ReceiptScreen, ReceiptState
from ui.screens.overview import OverviewScreen
from ui.screenshots import contact_sheet, save_screenshot
from ui.text_fit import clipped_texts

log = logging.getLogger(__name__)

DEVICE_WAIT_S = 30.0
MIN_TARGET_PX = 44  # WCAG 2.5.5; the kiosk's own buttons are 88 px high
MIN_BUTTON_GAP_PX = 16  # between buttons side by side (issue 16)
EMPTY_DESK = (Scene(SceneKind.EMPTY, 1),)
Answer = str | bool


def settle(milliseconds: int = 50) -> None:
    """Let the event loop run for ``milliseconds``, delivering what comes (signals, paints).

    It waits inside an event loop, as ``app.exec()`` does on a kiosk, instead of
    calling ``processEvents`` over and over: a spinning GUI thread would take
    the interpreter lock and a core from the threads it waits for.
    """
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    # Outside app.exec(), widgets dropped with deleteLater() wait for this.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0, what: str = "") -> None:
    """Run the event loop until ``condition`` holds; raise if it never does."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the kiosk did not reach the expected state in time: {what}")
        settle(10)


@dataclass(frozen=True)
class Visit:
    """One citizen's visit: who, which procedure, how they answer, in which language."""

    citizen: int
    search: str
    procedure: str
    answers: Mapping[str, Answer]
    """Choices by value; text as the keys tapped (Telex), e.g. "Traanf" for "Trần"."""
    language: Language = "vi"
    start_with_card: bool = True
    comment: str = ""


@dataclass
class VisitRecord:
    """What one visit left: its receipt's facts, the taps and the time it took."""

    visit: Visit
    facts: ReceiptFacts
    taps: int
    seconds: float
    receipt_png: Path | None = None
    receipt_picture: Image.Image | None = None
    key_taps: int = 0
    """The receipt as the desk rendered and sent it (None: it could not be printed)."""


@dataclass(frozen=True)
class ScreenSeen:
    """What one screen showed: its step indicator, the call-for-staff button, its primaries."""

    name: str
    indicator: str
    help_shown: bool
    primaries: tuple[str, ...]
    """The texts of the visible primary buttons (keyboards included: their Done is a key)."""


class ScriptedCitizen:
    """Plays visits on a window over simulated devices, with a screenshot of every screen.

    ``both_languages``: each screen is saved in Vietnamese and in English (the
    citizen's own language first, then the other, then back).
    """

    def __init__(
        self,
        window: KioskWindow,
        world: SimulatedWorld,
        shots_dir: Path | None,
        *,
        both_languages: bool = True,
    ) -> None:
        self.window = window
        self.world = world
        self.shots_dir = shots_dir
        self.both_languages = both_languages
        self.shots: list[Path] = []
        self.taps = 0
        self.key_taps = 0
        self.overflows: list[str] = []
        """Screens whose content did not fit the kiosk's screen."""
        self.clipped: list[str] = []
        """Texts cut where they are drawn ("screen: text"), in either language."""
        self.small_targets: list[str] = []
        """Buttons under 44 x 44 px (WCAG 2.5.5), as "screen: text"."""
        self.tight_buttons: list[str] = []
        """Buttons side by side less than :data:`MIN_BUTTON_GAP_PX` apart (keys aside)."""
        self.screens: list[ScreenSeen] = []
        """Each screen a shot was taken of, as the citizen saw it."""

    # -- input ---------------------------------------------------------------
    def tap(self, button: QWidget) -> None:
        """A finger tap on ``button``, through the same input path as a touch."""
        wait_until(
            lambda: button.isVisible() and button.isEnabled(),
            what=button.text() if isinstance(button, QAbstractButton) else "a field",
        )
        settle(30)  # a new screen is laid out in queued events: tap where the button really is
        self._touch(button)
        self.taps += 1
        settle()

    def _touch(self, widget: QWidget) -> None:
        """A press and release at ``widget``'s centre, given to the window as a screen's are.

        The window then hands it to the widget under the finger, and the
        kiosk's input watch sees it (a tap keeps the session alive).
        """
        handle = self.window.windowHandle()
        assert handle is not None, "the window is not shown"
        centre = widget.mapTo(self.window, widget.rect().center())
        QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)

    def act(self, deed: Callable[[], None]) -> None:
        """Something the citizen does to a device (the card, the camera's desk).

        It runs on a thread of its own while the event loop goes on, as a person's
        hand does: the kiosk reacts through its own device events, and the GUI
        thread is never held by the script.
        """
        errors: list[BaseException] = []

        def run() -> None:
            try:
                deed()
            except BaseException as error:  # handed back to the script below
                errors.append(error)

        hand = threading.Thread(target=run, name="citizen-hand", daemon=True)
        hand.start()
        wait_until(lambda: not hand.is_alive(), DEVICE_WAIT_S, "the citizen's hand")
        if errors:
            raise errors[0]

    def type_keys(self, keyboard: OnScreenKeyboard, keys: str) -> None:
        """Type ``keys`` (Telex keystrokes, digits) by tapping the on-screen keyboard's keys."""
        for char in keys:
            if keyboard.mode is KeyboardMode.DIGITS:
                key = keyboard.keys[f"pad:{char}"]
            else:
                if char.isupper():
                    self._key(keyboard.keys[SHIFT])
                key = keyboard.keys[char.lower()]
            self._key(key)

    def _key(self, key: QAbstractButton) -> None:
        self._touch(key)
        self.key_taps += 1
        QCoreApplication.processEvents()

    def _check_layout(self, name: str) -> None:
        """Note what a citizen could not use: content too big, targets too small or hidden."""
        needed = self.window.minimumSizeHint()
        width, height = KIOSK_SIZE
        if needed.width() > width or needed.height() > height:
            self.overflows.append(f"{name}: needs {needed.width()}x{needed.height()}")
        shown = [b for b in self.window.findChildren(QAbstractButton) if b.isVisible()]
        primaries = tuple(
            b.text()
            for b in shown
            if b.objectName() == "primary" and not b.visibleRegion().isEmpty()
        )
        header = self.window.header
        help_shown = header.help_button.isVisible()
        self.screens.append(ScreenSeen(name, header.indicator_text, help_shown, primaries))
        for target in shown:
            if target.width() < MIN_TARGET_PX or target.height() < MIN_TARGET_PX:
                self.small_targets.append(f"{name}: {target.text()!r}")
        # Squeezed content shows as buttons drawn over each other (what a scroll area
        # clips away is not on screen, so only the part each button shows counts).
        areas: list[tuple[QAbstractButton, QRect]] = []
        for target in shown:
            seen = target.visibleRegion().boundingRect()
            if not seen.isEmpty():
                areas.append((target, seen.translated(target.mapTo(self.window, QPoint(0, 0)))))
        for index, (first, area) in enumerate(areas):
            for second, second_area in areas[index + 1 :]:
                if area.intersects(second_area):
                    self.overflows.append(f"{name}: {first.text()!r} over {second.text()!r}")
                elif _too_close(area, second_area) and not (_on_keys(first) or _on_keys(second)):
                    self.tight_buttons.append(f"{name}: {first.text()!r} by {second.text()!r}")

    def shot(self, name: str) -> None:
        if self.shots_dir is None:
            return
        settle(80)
        self._check_layout(name)
        session = self.window.session
        first = session.language
        other: Language = "en" if first == "vi" else "vi"
        languages: list[Language] = [first, other] if self.both_languages else [first]
        for language in languages:
            if language != session.language:
                session.set_language(language)
                settle(80)
            number = len(self.shots) + 1
            path = self.shots_dir / f"{number:02d}-{name}-{language}.png"
            self.shots.append(save_screenshot(self.window, path))
            # After the picture: it delivers the queued layout events first.
            self.clipped.extend(f"{name}-{language}: {t!r}" for t in clipped_texts(self.window))
        if session.language != first:
            session.set_language(first)
            settle(30)

    # -- one visit -------------------------------------------------------------
    def play(self, visit: Visit) -> VisitRecord:
        """Walk ``visit`` from the attract screen to the wipe; return what it left."""
        started, taps_before, keys_before = time.monotonic(), self.taps, self.key_taps
        self.begin(visit)
        facts = self._intake(visit)
        receipt, picture = self._receipt()
        self._rate(visit)
        self._leave()
        seconds = time.monotonic() - started
        taps, keys = self.taps - taps_before, self.key_taps - keys_before
        return VisitRecord(visit, facts, taps, seconds, receipt, picture, keys)

    def begin(self, visit: Visit) -> None:
        """From the attract screen to the procedure's first step (the card's identity)."""
        window = self.window
        wait_until(lambda: not window.session.active, what="the attract screen")
        attract = window.attract
        self.tap(attract.language_buttons[visit.language])
        if visit.start_with_card:
            self.act(lambda: self.world.insert_card(visit.citizen))
        else:
            self.tap(attract.start_button)
        wait_until(lambda: isinstance(window.current, OverviewScreen), what="how it works")
        overview = window.current
        assert isinstance(overview, OverviewScreen)
        self.shot("overview")
        self.tap(overview.continue_button)
        wait_until(lambda: isinstance(window.current, ProcedureScreen), what="the procedures")
        self._choose(visit)
        wait_until(lambda: isinstance(window.current, IntakeHost), what="the intake")

    def identify(self, visit: Visit) -> None:
        """The identity step, from the QR under the camera to the confirmed chip read."""
        host = self._host()
        view, step = host.view, host.shown_step
        assert isinstance(view, IdentityStep)
        self._identity(view, visit)
        self._wait_to_leave(step)

    def answer_current(self, visit: Visit) -> None:
        """Answer the question on screen as ``visit`` says, and wait for the next step."""
        host = self._host()
        view, step = host.view, host.shown_step
        if not isinstance(view, QuestionView):
            raise AssertionError(f"step {step} is not a question")
        self._question(view, visit, again=True)
        self._wait_to_leave(step)

    def _choose(self, visit: Visit) -> None:
        screen = self.window.current
        assert isinstance(screen, ProcedureScreen)
        self.shot("procedures")
        self.tap(screen.search)  # the keyboard comes up
        assert isinstance(screen.keyboard, OnScreenKeyboard)
        self.type_keys(screen.keyboard, visit.search)
        settle()
        wait_until(lambda: bool(screen.result_buttons), what="search results")
        self.shot("search")
        first = screen.listed()[0]
        if first.code != visit.procedure:
            raise AssertionError(f"search {visit.search!r} found {first.code} first")
        self.tap(screen.result_buttons[0])
        self.shot("details")
        self.tap(screen.start_button)

    def _host(self) -> IntakeHost:
        host = self.window.current
        assert isinstance(host, IntakeHost)
        return host

    def _intake(self, visit: Visit) -> ReceiptFacts:
        window = self.window
        wait_until(lambda: isinstance(window.current, IntakeHost), what="the intake")
        shown: set[str] = set()
        while isinstance(window.current, IntakeHost):
            host = self._host()
            view = host.view
            step = host.shown_step
            if isinstance(view, IdentityStep):
                self._identity(view, visit)
            elif isinstance(view, QuestionView):
                self._question(view, visit, step in shown)
            elif isinstance(view, CaptureView):
                self._paper(view)
            elif isinstance(view, ReviewView):
                self._review(view)
            elif isinstance(view, ConsentView):
                self.shot("consent")
                self.tap(view.agree)
                self.tap(view.continue_button)
            elif isinstance(view, SavingView):
                self._wait_for_saving(view)
                if view.failed:
                    raise AssertionError("the dossier could not be saved")
            shown.add(step)
            self._wait_to_leave(step)
        facts = window.session.held(RECEIPT_FACTS_KEY)
        assert isinstance(facts, ReceiptFacts)
        return facts

    def _wait_for_saving(self, view: SavingView) -> None:
        window = self.window
        wait_until(lambda: not isinstance(window.current, IntakeHost) or view.failed)

    def _wait_to_leave(self, step: str) -> None:
        window = self.window
        current = window.current
        view = current.view if isinstance(current, IntakeHost) else None
        error = getattr(view, "error", None)
        what = f"leaving {step}"
        if error is not None and error.isVisible():
            what += f" (the screen says: {error.text()})"
        wait_until(
            lambda: (
                not isinstance(window.current, IntakeHost)
                or self._host().shown_step != step
                or isinstance(self._host().view, SavingView)
            ),
            timeout_s=DEVICE_WAIT_S,
            what=what,
        )

    def _identity(self, view: IdentityStep, visit: Visit) -> None:
        self.shot("identity-show-qr")
        self.act(lambda: self.world.show_card_to_camera(visit.citizen))
        if not self.window.card_on_reader:
            self.act(lambda: self.world.insert_card(visit.citizen))
        wait_until(
            lambda: view.chip_screen.state is IdentityState.READ,
            timeout_s=DEVICE_WAIT_S,
            what="the chip read",
        )
        self._clear_desk()
        self.shot("identity-read")
        self.tap(view.chip_screen.confirm_button)

    def _question(self, view: QuestionView, visit: Visit, again: bool) -> None:
        question = view.question
        answer = visit.answers.get(question.id)
        if not again:
            self.shot(f"question-{question.id}")
        if answer is None:  # pre-filled from the chip: the citizen checks it and goes on
            self.tap(view.continue_button)
            return
        if view.option_buttons:
            values = [value for value, _ in view._choices(question, view.language)]
            self.tap(view.option_buttons[values.index(answer)])
            return
        if view.stepper is not None:  # a count: − / + from where it starts, no keyboard
            wanted = int(str(answer))
            while view.count() != wanted:
                self.tap(view.plus_button if view.count() < wanted else view.minus_button)
            self.tap(view.continue_button)
            return
        keyboard = view.input
        if not isinstance(keyboard, OnScreenKeyboard):
            raise AssertionError(f"question {question.id} has no keyboard to type on")
        self.type_keys(keyboard, str(answer))
        self.tap(view.continue_button)

    def _review(self, view: ReviewView) -> None:
        # Its rows come a slice per turn once it is on screen: all, before the shot.
        wait_until(lambda: view.complete, what="every answer on the review page")
        self.shot("review")
        review = self._host().view  # rebuilt in each language the shot used
        assert isinstance(review, ReviewView)
        wait_until(lambda: review.complete, what="every answer on the review page")
        self.tap(review.continue_button)

    def _paper(self, view: CaptureView) -> None:
        paper = view.paper
        # The desk is empty until both languages' "camera" shots are taken, and
        # empty again before the "taken" ones: a page captured between the two
        # languages' shots would make them show different states.
        self.shot(f"paper-{paper.id}-camera")
        self.act(self.world.put_papers_under_camera)
        wait_until(
            lambda: view.status.count >= paper.pages_min,
            timeout_s=DEVICE_WAIT_S,
            what=f"pages of {paper.id}",
        )
        self._clear_desk()
        wait_until(lambda: view.verdict is Verdict.NO_PAGE, what="the empty desk on screen")
        self.shot(f"paper-{paper.id}-taken")
        self.tap(view.done_button)

    def _clear_desk(self) -> None:
        """Nothing under the camera (a paper's screen opens on an empty desk)."""
        camera = self.world.camera
        if camera is not None:
            self.act(lambda: camera.play(EMPTY_DESK))

    def _receipt(self) -> tuple[Path | None, Image.Image | None]:
        window = self.window
        wait_until(lambda: isinstance(window.current, ReceiptScreen), what="the receipt screen")
        screen = window.current
        assert isinstance(screen, ReceiptScreen)
        wait_until(
            lambda: screen.state is not ReceiptState.PRINTING,
            timeout_s=DEVICE_WAIT_S,
            what="printing",
        )
        self.shot("receipt")
        png = None
        if self.shots_dir is not None and self.world.printer is not None:
            number = len(self.shots)
            png = self.world.save_printed(self.shots_dir / f"{number:02d}-receipt-printed.png")
        outcome = screen.outcome
        picture = outcome.picture if outcome is not None and outcome.printed else None
        self.tap(screen.finish_button)
        return png, picture

    def _rate(self, visit: Visit) -> None:
        window = self.window
        wait_until(lambda: isinstance(window.current, RatingScreen), what="the rating")
        screen = window.current
        assert isinstance(screen, RatingScreen)
        self.shot("rating")
        if visit.comment:
            self.tap(screen.comment_button)
            keyboard = screen.keyboard
            assert isinstance(keyboard, OnScreenKeyboard)
            self.type_keys(keyboard, visit.comment)
        self.tap(screen.score_buttons[5])

    def _leave(self) -> None:
        window = self.window
        wait_until(lambda: isinstance(window.current, GoodbyeScreen), what="the goodbye")
        self.shot("goodbye")
        self.act(self.world.remove_card)
        wait_until(lambda: not window.session.active, what="the wipe")


def _too_close(first: QRect, second: QRect) -> bool:
    """Side by side (their heights overlap) with a gap under :data:`MIN_BUTTON_GAP_PX`."""
    if first.bottom() < second.top() or second.bottom() < first.top():
        return False
    gap = max(second.left() - first.right(), first.left() - second.right()) - 1
    return gap < MIN_BUTTON_GAP_PX


def _on_keys(widget: QWidget) -> bool:
    """A key of a keyboard, the digit pad or the date picker: keys sit close by design."""
    parent = widget.parentWidget()
    while parent is not None:
        if type(parent).__name__ in ("OnScreenKeyboard", "DigitKeypad", "DatePicker"):
            return True
        parent = parent.parentWidget()
    return False


# -- the demo's two visits ---------------------------------------------------------

CRIMINAL_RECORD = Visit(
    citizen=0,
    search="ly lich tu phap",
    procedure="2.000488",
    answers={
        "certificate": "so-1",
        "authorised": True,
        "subject_name": "Traanf Vawn Thuwr",  # Telex keystrokes: Trần Văn Thử
        "subject_id_number": "001090000001",
        "relative_of_subject": False,  # so a power of attorney is among the papers
        "other_name": "",
        "place_of_birth": "Haf Nooij",  # Hà Nội
        "nationality": "viet-nam",
        "ethnicity": "Kinh",
        "father_name": "",
        "mother_name": "",
        "spouse_name": "",
        "lived_in_several_provinces": False,
        "lived_abroad": False,
        "residence_history": "Owr Haf Nooij",  # Ở Hà Nội
        "conviction_cleared": False,
        "enterprise_ban_request": False,
        "purpose": "Boor sung hoof sow xin vieecj",  # Bổ sung hồ sơ xin việc
        "copies": "1",
        "fee_group": "thuong",
        "receive_by": "counter",
        "phone": "0900000000",
    },
    language="vi",
    start_with_card=True,
)
SIGNATURE = Visit(
    citizen=1,
    search="chung thuc chu ky",
    procedure="2.000884",
    answers={
        "paper_kind": "giay-to",  # not a contract: Decree 23/2015 Art. 25 would refuse it
        "document_title": "Giaays uyr quyeenf",
        "sign_how": "ky",
        "documents": "1",  # the − / + stepper's start: the charge is per document
        "phone": "",
    },
    language="en",
    start_with_card=False,
    comment="Fast and clear",
)
DEMO_VISITS = (CRIMINAL_RECORD, SIGNATURE)


def center_records(
    center: EmbeddedCenter, kiosk_id: str, codes: list[str]
) -> list[dict[str, object]]:
    """What the center holds for each dossier: its status and the dossier it opened."""
    service = center.service
    records: list[dict[str, object]] = []
    for code in codes:
        status = service.dossier_status(code)
        opened = service.open_dossier(code)
        if status is None or opened is None:
            records.append({"provisional_code": code, "state": "not received"})
            continue
        records.append(
            {
                "status": json.loads(status.model_dump_json()),
                "dossier": json.loads(opened.dossier_json),
            }
        )
    return records


def wait_for_delivery(delivery: Delivery, count: int, timeout_s: float = 60.0) -> None:
    """Until the center acknowledged ``count`` dossiers (the sync runs in the background)."""
    delivery.worker.wake()
    wait_until(lambda: delivery.status().acknowledged >= count, timeout_s, "the sync")


def play_scripted_demo(config: Config, artifacts: Path) -> int:
    """Run the scripted demo offscreen and write its artefacts."""
    application()
    artifacts.mkdir(parents=True, exist_ok=True)
    # A fresh state folder per demo run: its own outbox, keys and embedded center.
    config = config.model_copy(update={"paths": Paths(state_dir=artifacts / "state")})
    with open_kiosk(config) as (devices, delivery):
        records = _play(config, devices, delivery, artifacts)
        assert devices.world is not None and devices.world.center is not None
        back_office = tour_back_office(
            devices.world.center, config, [record.facts for record in records], artifacts
        )
    center_data = config.paths.state_dir / "embedded-center"
    lines = [
        f"Demo finished: {len(records)} dossiers, screenshots in {artifacts / 'screens'}",
        f"Receipts decoded from the printer's ESC/POS bytes: {artifacts / 'screens'}",
        f"The center's record of the dossiers: {artifacts / 'center-dossiers.json'}",
        f"The center's record of this kiosk (signed heartbeat): {artifacts / 'center-record.json'}",
        f"Contact sheets of every screen: {artifacts}/contact-sheet-vi.jpg, -en.jpg",
        back_office.summary,
        "Open the center's console yourself (the demo's center, on this machine):",
        f"  .venv/bin/kiosk center serve --data {center_data} --port 8600",
        f"  then http://127.0.0.1:8600/login as {DEMO_OFFICER} / {back_office.password}",
        f"  and the citizen's page of the first receipt: http://127.0.0.1:8600/tra-cuu/"
        f"{back_office.lookup_token}",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _play(
    config: Config, devices: Devices, delivery: Delivery, artifacts: Path
) -> list[VisitRecord]:
    world = devices.world
    assert world is not None and world.center is not None
    window, desk = build_citizen_window(config, devices, delivery)
    watch = DeviceWatch(window, desk.parts)
    window.show()
    citizen = ScriptedCitizen(window, world, artifacts / "screens")
    citizen.shot("attract")
    records = [citizen.play(visit) for visit in DEMO_VISITS]
    wait_for_delivery(delivery, len(records))
    codes = [record.facts.code for record in records]
    center = center_records(world.center, config.kiosk.id, codes)
    (artifacts / "center-dossiers.json").write_text(
        json.dumps(center, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    wait_until(
        lambda: (
            world.center is not None
            and world.center.service.kiosk_record(config.kiosk.id) is not None
        ),
        what="the kiosk's heartbeat",
    )
    kiosk = world.center.service.kiosk_record(config.kiosk.id)
    assert kiosk is not None
    (artifacts / "center-record.json").write_text(kiosk.model_dump_json(indent=2), encoding="utf-8")
    watch.close()
    window.close()
    for language in ("vi", "en"):
        shots = [shot for shot in citizen.shots if shot.stem.endswith(f"-{language}")]
        contact_sheet(shots, artifacts / f"contact-sheet-{language}.jpg")
    for record in records:
        log.info(
            "demo visit",
            extra=fields(
                procedure=record.visit.procedure, count=record.taps, code=record.facts.code
            ),
        )
    return records


__all__ = ["DEMO_VISITS", "ScriptedCitizen", "Visit", "VisitRecord", "play_scripted_demo"]
