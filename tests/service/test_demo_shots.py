"""The demo's screenshots show what they are named for, in the language they are named for.

One scripted visit on the simulated devices: each paper's "camera" shot (nothing
taken yet) differs from its "taken" shot in both languages (the English pair was
once identical: a page was taken between the two languages' shots), and every
English shot has the English bar, every Vietnamese one the Vietnamese bar.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pytestqt.qtbot import QtBot

from drivers.card.pcscd import PcscDaemon
from kiosk.app import open_kiosk
from kiosk.config import Config, Paths
from kiosk.session import EndReason
from ui.app import DeviceWatch, build_citizen_window
from ui.scripted import SIGNATURE, ScriptedCitizen

BAR_PX = 110
# The paper screen's page counter and thumbnails: below the live picture.
COUNTER_BOX = (48, 1000, 1032, 1400)


def picture(path: Path, box: tuple[int, int, int, int] | None = None) -> Image.Image:
    with Image.open(path) as opened:
        rgb = opened.convert("RGB")
    return rgb.crop(box) if box else rgb


def bar(path: Path) -> Image.Image:
    whole = picture(path)
    return whole.crop((0, whole.height - BAR_PX, whole.width, whole.height))


def same(first: Image.Image, second: Image.Image) -> bool:
    return ImageChops.difference(first, second).getbbox() is None


@pytest.fixture
def shots(qtbot: QtBot, tmp_path: Path, pcscd_daemon: PcscDaemon) -> Iterator[list[Path]]:
    config = Config(paths=Paths(state_dir=tmp_path / "state"))
    with open_kiosk(config, daemon=pcscd_daemon) as (devices, delivery):
        assert devices.world is not None
        window, desk = build_citizen_window(config, devices, delivery)
        watch = DeviceWatch(window, desk.parts)
        window.show()
        qtbot.waitExposed(window)
        citizen = ScriptedCitizen(window, devices.world, tmp_path / "screens")
        try:
            citizen.play(SIGNATURE)
            yield citizen.shots
        finally:
            watch.close()
            window.session.end(EndReason.CANCELLED)


def test_paper_shots_and_bars_show_the_named_state(shots: list[Path]) -> None:
    by_name = {path.stem.split("-", 1)[1]: path for path in shots}
    cameras = [name for name in by_name if "-camera-" in name]
    assert cameras, "the visit has a paper to photograph"
    for name in cameras:
        taken = name.replace("-camera-", "-taken-")
        assert not same(picture(by_name[name]), picture(by_name[taken])), name
        assert not same(
            picture(by_name[name], COUNTER_BOX), picture(by_name[taken], COUNTER_BOX)
        ), f"{name}: the page counter did not move"
    english = [path for name, path in by_name.items() if name.endswith("-en")]
    vietnamese = [path for name, path in by_name.items() if name.endswith("-vi")]
    reference_en, reference_vi = bar(english[0]), bar(vietnamese[0])
    assert not same(reference_en, reference_vi)
    assert [p.name for p in english if not same(bar(p), reference_en)] == []
    assert [p.name for p in vietnamese if not same(bar(p), reference_vi)] == []
