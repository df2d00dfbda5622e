"""Look of the kiosk: large type, big touch targets, strong contrast.

Sizes are in pixels at the kiosk's own resolution; every touch target is at
least 88 px high, twice the 44 px minimum of WCAG 2.5.5, because many citizens
are elderly and unused to touch screens.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

MIN_TOUCH_PX = 88
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans")

_STYLE = """
QWidget { background: #f7f7f2; color: #1a1a1a; }
QLabel#title { font-size: %(title)dpx; font-weight: 700; color: #7a0f0f; }
QLabel#subtitle { font-size: %(subtitle)dpx; color: #333333; }
QLabel#body { font-size: %(body)dpx; }
QLabel#step { font-size: %(body)dpx; padding: 12px; background: #ffffff;
              border: 2px solid #c9c9c0; border-radius: 12px; }
QLabel#status { font-size: %(small)dpx; color: #444444; }
QPushButton { font-size: %(button)dpx; min-height: %(touch)dpx; padding: 8px 28px;
              border-radius: 14px; border: 3px solid #7a0f0f; background: #ffffff; }
QPushButton:pressed { background: #f0d9d9; }
QPushButton#primary { background: #b3121a; color: #ffffff; border-color: #7a0f0f; }
QPushButton#primary:pressed { background: #7a0f0f; }
QPushButton#language[selected="true"] { background: #1a1a1a; color: #ffffff; }
QFrame#dialog { background: #ffffff; border: 4px solid #7a0f0f; border-radius: 18px; }
QFrame#dialog QLabel { background: #ffffff; }
QWidget#veil { background: rgba(0, 0, 0, 150); }
"""


def stylesheet(scale: float = 1.0) -> str:
    """The application style sheet; ``scale`` > 1 is the "larger text" setting."""
    sizes = {"title": 64, "subtitle": 38, "body": 34, "button": 36, "small": 22}
    values = {name: round(size * scale) for name, size in sizes.items()}
    values["touch"] = max(MIN_TOUCH_PX, round(MIN_TOUCH_PX * scale))
    return _STYLE % values


def application_font() -> QFont:
    """The first installed family that has every Vietnamese glyph."""
    installed = set(QFontDatabase.families())
    family = next((name for name in FONT_FAMILIES if name in installed), FONT_FAMILIES[-1])
    return QFont(family, 20)
