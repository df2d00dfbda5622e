"""The card step: which side has the QR (2021 front, 2024 back), a moving picture of
both models with the camera and the reader, and typing the number as a secondary way."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from drivers.card.pcscd import PcscDaemon
from kiosk.app import open_kiosk
from kiosk.config import Config, Paths
from kiosk.session import EndReason
from kiosk.simulated import SimulatedWorld
from ui.app import DeviceWatch, build_citizen_window
from ui.identity import IdentityState
from ui.intake.host import IntakeHost
from ui.journey.identity_step import IdentityStep
from ui.main_window import KioskWindow
from ui.screenshots import save_screenshot
from ui.scripted import DEMO_VISITS, ScriptedCitizen


@pytest.fixture
def kiosk(tmp_path: Path, pcscd_daemon: PcscDaemon) -> Iterator[tuple[KioskWindow, SimulatedWorld]]:
    config = Config(paths=Paths(state_dir=tmp_path / "state"))
    with open_kiosk(config, daemon=pcscd_daemon) as (devices, delivery):
        assert devices.world is not None
        window, desk = build_citizen_window(config, devices, delivery)
        watch = DeviceWatch(window, desk.parts)
        window.show()
        yield window, devices.world
        watch.close()
        window.session.end(EndReason.CANCELLED)


def identity_step(window: KioskWindow) -> IdentityStep:
    host = window.current
    assert isinstance(host, IntakeHost)
    view = host.view
    assert isinstance(view, IdentityStep)
    return view


def test_the_card_step_points_at_the_qr_side_of_both_models(
    qtbot: QtBot, kiosk: tuple[KioskWindow, SimulatedWorld], screenshots_dir: Path
) -> None:
    window, world = kiosk
    citizen = ScriptedCitizen(window, world, None)
    visit = DEMO_VISITS[0]
    citizen.begin(visit)
    view = identity_step(window)
    window.set_language("en")
    qtbot.waitUntil(lambda: "Hold" in view.chip_screen.message.text(), timeout=5_000)
    message = view.chip_screen.message.text()
    assert "front" in message and "2021" in message and "back" in message

    picture = view.card_models
    assert picture.isVisible() and picture.height() >= 300
    painted = picture.frames
    qtbot.waitUntil(lambda: picture.frames >= painted + 3, timeout=5_000)  # it moves
    assert picture.clipped == set()

    fallback = view.chip_screen.read_button
    assert fallback.isVisible() and fallback.objectName() != "primary"
    shown = [b for b in window.findChildren(QPushButton) if b.isVisible()]
    assert [b.text() for b in shown if b.objectName() == "primary"] == []
    save_screenshot(window, screenshots_dir / "identity-show-qr-en.png")

    window.set_language("vi")  # the longer captions
    painted = picture.frames
    qtbot.waitUntil(lambda: picture.frames >= painted + 3, timeout=5_000)
    assert picture.clipped == set()

    citizen.act(lambda: world.show_card_to_camera(visit.citizen))
    qtbot.waitUntil(lambda: not picture.isVisible(), timeout=20_000)  # the room goes to the chip
    assert view.card.has_qr or view.chip_screen.state is not IdentityState.WAITING
