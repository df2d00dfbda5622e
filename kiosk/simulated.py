"""The simulated lobby: every device the demo and the tests need, on real transports.

One context manager brings up what the configuration asks to simulate:

- the chip card: the real ``pcscd`` (private to this process) with the ``vpcd``
  virtual reader, and the simulated CCCD chip of a synthetic citizen placed on it
  (PACE, BAC, secure messaging, a SOD signed by a test CSCA the world makes);
- the document camera: a scripted desk that shows papers, or the back of the
  citizen's card with its QR when told to;
- the receipt printer: a loopback ESC/POS printer on 127.0.0.1 that decodes
  the bytes it receives back into a picture;
- the center: the reference server on 127.0.0.1 (``center.url = "embedded"``),
  keeping its database and sealing key in the state folder so that a queue
  left from an earlier run still reaches the same center.

The kiosk then talks to them exactly as to real hardware: PC/SC, TCP, HTTP.
Every citizen here is synthetic.
"""

from __future__ import annotations

import functools
import random
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from center.keys import load_or_create
from center.server import EmbeddedCenter
from center.service import CenterSettings
from drivers.camera.port import CameraSettings
from drivers.camera.scene import PagePose, Scene, SceneKind, demo_script
from drivers.camera.simulator import SimulatedCamera
from drivers.card.emrtd_card import EmrtdCard
from drivers.card.pcscd import PcscDaemon
from drivers.card.simulator import SimulatedCardStation
from drivers.printer.loopback import LoopbackPrinter
from kiosk.config import Config
from kiosk.identity.synthetic import CardFiles, Citizen, build_card_files, make_citizen, make_pki
from kiosk.identity.trust import TrustStore
from kiosk.receipt.fonts import font
from kiosk.receipt.qr import qr_picture

# Height over width of an ID-1 card (85.6 × 54 mm).
CARD_ASPECT = 54.0 / 85.6
DEMO_SEED = 20261123


@dataclass(frozen=True)
class DemoCitizen:
    """A synthetic citizen and the files of their card."""

    citizen: Citizen
    card: CardFiles

    def chip(self) -> EmrtdCard:
        """A fresh simulated chip serving the card's files."""
        return EmrtdCard(
            self.card.files,
            can=self.card.can,
            mrz=self.card.mrz_keys,
            active_auth=self.card.aa_signer(),
            chip_auth=self.card.chip_auth_key,
        )


@functools.cache
def card_back_picture(qr_text: str, width: int = 856) -> np.ndarray:
    """The back of a synthetic card as the camera sees it flat: its QR, a few printed lines.

    Drawn once per card (read-only): a citizen shows the same card again and again.
    """
    height = round(width * CARD_ASPECT)
    card = Image.new("RGB", (width, height), (226, 236, 240))
    draw = ImageDraw.Draw(card)
    side = round(height * 0.55)
    symbol = qr_picture(qr_text, module_dots=8, max_width=side)
    card.paste(symbol.convert("RGB"), (40, 40))
    small = font(round(height * 0.05))
    for row, line in enumerate(("Thẻ mô phỏng", "SYNTHETIC TEST CARD")):
        draw.text((side + 80, 60 + row * round(height * 0.09)), line, fill=(40, 40, 60), font=small)
    mrz = font(round(height * 0.07))
    for row in range(3):
        draw.text((40, height - 200 + row * 60), "<" * 30, fill=(30, 30, 30), font=mrz)
    picture = np.ascontiguousarray(np.asarray(card)[:, :, ::-1])
    picture.flags.writeable = False
    return picture


def card_on_desk(qr_text: str) -> list[Scene]:
    """The camera's script while a citizen holds their card's back under it."""
    pose = PagePose(size=0.55, roll=-6, pitch=8, yaw=-4, aspect=CARD_ASPECT)
    picture = card_back_picture(qr_text)
    return [
        Scene(SceneKind.ENTER, 8, pose, picture=picture),
        Scene(SceneKind.STILL, 120, pose, picture=picture),
    ]


def _valid_card_holder(rng: random.Random) -> Citizen:
    """A synthetic adult whose card is valid today (an expired card cannot be used)."""
    today = date.today()
    while True:
        person = make_citizen(rng, today=today)
        expiry = person.expiry_date
        if person.date_of_birth.year <= today.year - 18 and (expiry is None or expiry > today):
            return person


class SimulatedWorld:
    """Starts the simulated devices ``config`` asks for, and stops them in reverse order.

    ``daemon``: the pcscd to place cards on (a test process has exactly one);
    ``realtime_camera``: pace the camera at its frame rate (the demo on a screen).
    """

    def __init__(
        self,
        config: Config,
        *,
        daemon: PcscDaemon | None = None,
        realtime_camera: bool = False,
        citizens: int = 2,
    ) -> None:
        self.config = config
        self.card_station: SimulatedCardStation | None = None
        self.camera: SimulatedCamera | None = None
        self.printer: LoopbackPrinter | None = None
        self.center: EmbeddedCenter | None = None
        self._daemon = daemon
        self._realtime_camera = realtime_camera
        rng = random.Random(DEMO_SEED)  # noqa: S311 - synthetic people, not secrets
        self.pki = make_pki()
        # The second citizen's card writes DG13's parents flat, as an independent card
        # was seen to: the demo reads both shapes.
        self.citizens = [
            DemoCitizen(person, build_card_files(person, self.pki, dg13_flat=index % 2 == 1))
            for index, person in enumerate(_valid_card_holder(rng) for _ in range(citizens))
        ]
        self._stack = ExitStack()

    @property
    def trust(self) -> TrustStore:
        """The test CSCA that signed the simulated cards (the demo's trust store)."""
        return TrustStore([self.pki.csca])

    def __enter__(self) -> SimulatedWorld:
        try:
            devices = self.config.devices
            if devices.card.transport == "simulator":
                # The lobby starts with an empty reader: a citizen places the card.
                station = SimulatedCardStation(
                    self.citizens[0].chip(), daemon=self._daemon, inserted=False
                )
                self.card_station = self._stack.enter_context(station)
            if devices.camera.transport == "simulator":
                size = devices.camera
                self.camera = SimulatedCamera(
                    demo_script(),
                    CameraSettings(device="simulator", width=size.width, height=size.height),
                    realtime=self._realtime_camera,
                )
            if devices.printer.transport == "simulator":
                printer = LoopbackPrinter(width_dots=devices.printer.dots_per_line)
                self.printer = self._stack.enter_context(printer)
            if self.config.center.url == "embedded":
                self.center = self._stack.enter_context(EmbeddedCenter(self._center_settings()))
        except BaseException:
            self._stack.close()
            raise
        return self

    def _center_settings(self) -> CenterSettings:
        folder = self.config.paths.state_dir / "embedded-center"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return CenterSettings(
            database_url=f"sqlite:///{(folder / 'center.db').resolve()}",
            sealing_key=load_or_create(folder),
            blob_dir=folder / "envelopes",
        )

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    # -- what a scripted citizen or a test does to the world ----------------
    def insert_card(self, which: int = 0) -> None:
        """Place citizen ``which``'s card on the virtual reader; returns once pcscd sees it."""
        self._station().insert(self.citizens[which].chip())

    def remove_card(self) -> None:
        """Take the card off the reader."""
        self._station().remove()

    def show_card_to_camera(self, which: int = 0) -> None:
        """Hold the back of citizen ``which``'s card (its QR) under the document camera."""
        self._camera().play(card_on_desk(self.citizens[which].card.qr_text))

    def put_papers_under_camera(self) -> None:
        """Papers on the desk again, one after the other (the demo's script)."""
        self._camera().play(demo_script())

    def save_printed(self, path: Path, jobs: int = 1) -> Path:
        """The last printed job, decoded from its ESC/POS bytes, as a PNG."""
        if self.printer is None:
            raise RuntimeError("the printer is not simulated in this configuration")
        self.printer.wait_for_jobs(jobs)
        path.parent.mkdir(parents=True, exist_ok=True)
        return self.printer.last_receipt_png(path)

    def _station(self) -> SimulatedCardStation:
        if self.card_station is None:
            raise RuntimeError("the card reader is not simulated in this configuration")
        return self.card_station

    def _camera(self) -> SimulatedCamera:
        if self.camera is None:
            raise RuntimeError("the camera is not simulated in this configuration")
        return self.camera


__all__ = ["DemoCitizen", "SimulatedWorld", "card_back_picture", "card_on_desk"]
