"""Screenshots of what the kiosk shows, saved as PNG for review."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

CAPTION_PX = 22
GAP_PX = 8
# Retranslating posts layout requests, whose layouts may post more: a few rounds.
FLUSH_ROUNDS = 3


def flush_pending() -> None:
    """Deliver the events already queued, so that a picture shows one state.

    A language switch reaches each widget as a *posted* LanguageChange event,
    and a retranslated widget lays itself out in posted events too: grabbed
    before they are delivered, an English screen would keep a Vietnamese bar
    (or the reverse).
    """
    for _ in range(FLUSH_ROUNDS):
        QCoreApplication.sendPostedEvents()


def save_screenshot(widget: QWidget, path: Path) -> Path:
    """Save what ``widget`` shows now as a PNG for review, after what is queued for it."""
    flush_pending()
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


def contact_sheet(shots: list[Path], out: Path, columns: int = 6, width: int = 270) -> Path:
    """One picture of many screenshots in a grid, each captioned with its file name."""
    if not shots:
        raise ValueError("no screenshots to put on a contact sheet")
    thumbs = []
    for shot in shots:
        with Image.open(shot) as picture:
            height = round(picture.height * width / picture.width)
            thumbs.append((shot.stem, picture.convert("RGB").resize((width, height))))
    cell_height = max(thumb.height for _, thumb in thumbs) + CAPTION_PX
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (columns * (width + GAP_PX) + GAP_PX, rows * cell_height), "white")
    draw = ImageDraw.Draw(sheet)
    for index, (name, thumb) in enumerate(thumbs):
        x = GAP_PX + (index % columns) * (width + GAP_PX)
        y = (index // columns) * cell_height
        sheet.paste(thumb, (x, y + CAPTION_PX))
        draw.text((x, y + 4), name[:40], fill="black")
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, quality=80)
    return out
