"""The kiosk window on a real X server (Xvfb), not only Qt's offscreen platform.

The xcb platform needs the X/EGL runtime libraries the bootstrap installs; this
test proves they are there and that the window paints on a real display.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication
from kiosk.config import Config
from ui.app import application, build_window
from ui.scripted import settle
from ui.screenshots import save_screen, save_screenshot

application()
assert QGuiApplication.platformName() == "xcb", QGuiApplication.platformName()
window = build_window(Config())
window.showFullScreen()
settle(500)
out = Path(sys.argv[1])
save_screenshot(window, out / "window.png")
save_screen(out / "screen.png")
"""


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    """A private Xvfb on a display number it picks itself; stopped afterwards."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: run scripts/bootstrap.sh")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1080x1920x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not report its display number"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_window_paints_on_a_real_x_display(xvfb_display: str, tmp_path: Path) -> None:
    env = {**os.environ, "DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 0, result.stderr
    screen = Image.open(tmp_path / "screen.png").convert("RGB")
    assert screen.size == (1080, 1920)
    # The primary button's red is on the X server's framebuffer, not only in Qt's buffer.
    pixels = np.asarray(screen)
    reds = (pixels[..., 0] > 150) & (pixels[..., 1] < 60) & (pixels[..., 2] < 60)
    assert int(reds.sum()) > 10_000
