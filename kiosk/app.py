"""Wiring: the configured devices, real or simulated, built once and passed in.

Nothing below this module chooses a transport; nothing above it builds a
driver. A screen or a worker receives the :class:`Devices` it uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from drivers.camera.opencv import OpenCvCamera
from drivers.camera.port import Camera, CameraSettings
from drivers.card.pcsc import PcscCardReader
from drivers.card.pcscd import PcscDaemon
from drivers.card.port import CardReader
from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.network import NetworkPrinter
from drivers.printer.port import ReceiptPrinter
from drivers.printer.uri import check_transport, open_printer
from drivers.speech.espeak import EspeakSpeaker
from drivers.speech.port import Speaker
from drivers.speech.recording import RecordingSpeaker
from drivers.status import DeviceStatus
from kiosk.center_trust import center_ca_file
from kiosk.config import Config
from kiosk.delivery import Delivery, open_delivery
from kiosk.doctor import check_state_dir
from kiosk.simulated import SimulatedWorld
from offline_queue.center_link import CenterLink


@dataclass
class Devices:
    """The kiosk's devices for one run of the program."""

    card: CardReader
    camera: Camera
    printer: ReceiptPrinter
    center: CenterLink
    state_dir: Path
    world: SimulatedWorld | None = None
    speaker: Speaker | None = None

    def check_all(self) -> list[DeviceStatus]:
        """One status per device, in reading order; it blocks, so never on the GUI thread."""
        return [
            check_state_dir(self.state_dir),
            self.card.status(),
            self.camera.status(),
            self.printer.status().to_device_status(),
            self.center.status(),
            *([self.speaker.status()] if self.speaker is not None else []),
        ]


def _printer(config: Config, world: SimulatedWorld | None) -> EscposPrinter:
    settings = config.devices.printer
    if world is not None and world.printer is not None:
        return NetworkPrinter(
            world.printer.host, world.printer.port, width_dots=settings.dots_per_line
        )
    check_transport(settings.transport, settings.uri)
    return open_printer(settings.uri, settings.dots_per_line)


def _camera(config: Config, world: SimulatedWorld | None) -> Camera:
    if world is not None and world.camera is not None:
        return world.camera
    settings = config.devices.camera
    return OpenCvCamera(
        CameraSettings(device=settings.device, width=settings.width, height=settings.height)
    )


def center_link(config: Config, world: SimulatedWorld | None = None) -> CenterLink:
    """The link to the configured center (the embedded one of ``world`` in the demo)."""
    url = config.center.url
    if url == "embedded":
        assert world is not None and world.center is not None
        url = world.center.url
    return CenterLink(
        url, config.kiosk.id, config.center.timeout_s, ca_file=center_ca_file(config)
    )


def _speaker(config: Config, world: SimulatedWorld | None) -> Speaker | None:
    """espeak-ng when ``[speech]`` is enabled; a recorder in the simulated lobby; else none."""
    if config.speech.enabled:
        return EspeakSpeaker(config.speech)
    if world is not None:
        return RecordingSpeaker()
    return None


def _needs_world(config: Config) -> bool:
    devices = config.devices
    return (
        devices.card.transport == "simulator"
        or devices.camera.transport == "simulator"
        or devices.printer.transport == "simulator"
        or config.center.url == "embedded"
    )


@contextmanager
def open_devices(
    config: Config, *, daemon: PcscDaemon | None = None, realtime_camera: bool = False
) -> Iterator[Devices]:
    """Build the configured devices (starting the simulated ones) and close them after.

    ``daemon``: the pcscd the simulated card goes on (a test process's one daemon);
    ``realtime_camera``: the simulated camera keeps its frame rate (a person watching).
    """
    with ExitStack() as stack:
        world = None
        if _needs_world(config):
            world = stack.enter_context(
                SimulatedWorld(config, daemon=daemon, realtime_camera=realtime_camera)
            )
        card = PcscCardReader(preferred_reader=config.devices.card.reader or None)
        stack.callback(card.close)
        printer = _printer(config, world)
        stack.callback(printer.close)
        speaker = _speaker(config, world)
        if speaker is not None:
            stack.callback(speaker.close)
        yield Devices(
            card=card,
            camera=_camera(config, world),
            printer=printer,
            center=center_link(config, world),
            state_dir=config.paths.state_dir,
            world=world,
            speaker=speaker,
        )


@contextmanager
def open_kiosk(
    config: Config, *, daemon: PcscDaemon | None = None, realtime_camera: bool = False
) -> Iterator[tuple[Devices, Delivery]]:
    """The devices and the outbox with its running sync worker; all closed after."""
    with (
        open_devices(config, daemon=daemon, realtime_camera=realtime_camera) as devices,
        open_delivery(config, devices.center, devices.world) as delivery,
    ):
        yield devices, delivery
