"""The interactive demo's panel acts on the simulated lobby in the background."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.config import CameraDevice, CardDevice, CenterLink, Config, Devices, PrinterDevice
from kiosk.simulated import SimulatedWorld
from ui.app import application
from ui.simulator_panel import SimulatorPanel


def camera_only() -> Config:
    """A lobby whose only simulated device is the camera (the test process has one pcscd)."""
    devices = Devices(
        card=CardDevice(transport="pcsc"),
        camera=CameraDevice(transport="simulator", width=640, height=360),
        printer=PrinterDevice(transport="network", uri="tcp://127.0.0.1:9"),
    )
    return Config(devices=devices, center=CenterLink(url="http://127.0.0.1:9"))


def test_the_panel_holds_a_card_under_the_camera_then_papers(qtbot: QtBot) -> None:
    application()
    with SimulatedWorld(camera_only()) as world:
        assert world.camera is not None and world.card_station is None
        panel = SimulatorPanel(world)
        qtbot.addWidget(panel)
        papers = world.camera.length
        show_card = next(b for b in panel.buttons if "under the camera" in b.text())
        qtbot.mouseClick(show_card, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: world.camera is not None and world.camera.length != papers)
        put_papers = next(b for b in panel.buttons if b.text() == "Put papers under the camera")
        qtbot.mouseClick(put_papers, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: world.camera is not None and world.camera.length == papers)
