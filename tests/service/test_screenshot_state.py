"""A screenshot shows one state: the language just chosen, on the screen and its bar."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PIL import Image, ImageChops
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from ui.app import build_window
from ui.screenshots import save_screenshot

BAR_PX = 110  # the bottom bar: language, text size, contrast, read aloud


def bar(path: Path) -> Image.Image:
    with Image.open(path) as picture:
        rgb = picture.convert("RGB")
        return rgb.crop((0, rgb.height - BAR_PX, rgb.width, rgb.height))


def test_a_shot_right_after_a_language_switch_shows_the_new_language(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = build_window(Config())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.set_language("en")
    qtbot.wait(100)
    settled_en = save_screenshot(window, tmp_path / "settled-en.png")
    window.set_language("vi")
    qtbot.wait(100)
    settled_vi = save_screenshot(window, tmp_path / "settled-vi.png")
    assert ImageChops.difference(bar(settled_en), bar(settled_vi)).getbbox() is not None

    # No event loop between the switch and the shot, as in a script in a hurry.
    window.set_language("en")
    hurried = save_screenshot(window, tmp_path / "hurried-en.png")
    assert window.accessibility.bar.isVisible()
    assert ImageChops.difference(bar(hurried), bar(settled_en)).getbbox() is None
    assert ImageChops.difference(bar(hurried), bar(settled_vi)).getbbox() is not None
