"""Screenshots of what the kiosk shows, saved as PNG for review."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def save_screenshot(widget: QWidget, path: Path) -> Path:
    """Save what ``widget`` shows now as a PNG for review."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write the screenshot {path}")
    return path


def save_screen(path: Path) -> Path:
    """Save the whole primary screen as the display server shows it (X11/Wayland)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        raise OSError("no screen to capture")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not screen.grabWindow(0).save(str(path), "PNG"):
        raise OSError(f"could not write the screenshot {path}")
    return path
