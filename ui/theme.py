"""Look of the kiosk: large type, big touch targets, strong contrast.

Sizes are in pixels at the kiosk's own resolution; every touch target is at
least 88 px high, twice the 44 px minimum of WCAG 2.5.5, because many citizens
are elderly and unused to touch screens.

Two palettes fill one template, so every rule exists in both themes:

- the normal theme keeps text at a contrast of at least 4.5:1 (WCAG AA);
- the high-contrast theme (black, white and yellow, thick borders, a cyan
  focus ring) keeps text at 7:1 or more (WCAG AAA) and borders at 3:1 or more.

The focus ring is drawn only while the citizen uses keys (``focusVisible``, set by
:class:`ui.accessibility.FocusVisible`): a thick blue (cyan) border around the
button as it is, never the filled look of a selected option; a tap leaves none.

``scale`` is the "larger text" setting: every font size and the minimum
touch height grow with it, so buttons stay tall enough for their text.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

MIN_TOUCH_PX = 88
# Keys of the on-screen keyboard: a row of ten fits the screen's width inside its margins
# (still well above the 44 px minimum of WCAG 2.5.5).
KEY_MIN_WIDTH = 72
# Keys of the identity step's digit pad: the digits are the whole task on that screen.
PAD_KEY_PX = 100
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans")
LARGE_TEXT_SCALE = 1.25
"""The "larger text" scale: 34 px body text becomes 42 px; layouts still fit 1080 px."""

# No background on QWidget: a rule there has every container, page and label fill
# its whole rect, some ten layers of 1080 x 1920 on each paint (a quarter of a
# screen change's time on the GUI thread). The page colour is the windows'
# palette instead (:func:`apply_theme`), painted once under everything.
_STYLE = """
QWidget { color: %(fg)s; }
QLabel#title { font-size: %(title)dpx; font-weight: 700; color: %(title_fg)s; }
QLabel#subtitle { font-size: %(subtitle)dpx; color: %(subtitle_fg)s; }
QLabel#body { font-size: %(body)dpx; }
QLabel#step { font-size: %(body)dpx; padding: 12px; background: %(step_bg)s;
              border: %(thin)dpx solid %(step_border)s; border-radius: 12px; }
QLabel#status { font-size: %(small)dpx; color: %(status_fg)s; }
QLabel#error { font-size: %(body)dpx; font-weight: 700; color: %(error_fg)s; }
QLabel#code { font-size: %(subtitle)dpx; font-weight: 700; color: %(title_fg)s; }
QLabel#answerLabel { font-size: %(label)dpx; color: %(status_fg)s; }
QLabel#answer { font-size: %(body)dpx; font-weight: 700; color: %(fg)s; }
QLabel#unanswered { font-size: %(body)dpx; font-style: italic; color: %(status_fg)s; }
QFrame#reviewRow { border-bottom: %(thin)dpx solid %(step_border)s; background: transparent; }
QLabel#more { font-size: %(label)dpx; font-weight: 700; padding: 6px;
              qproperty-alignment: AlignCenter; }
QLabel#more[shown="true"] { color: %(selected_fg)s; background: %(selected_bg)s;
                            border-radius: 10px; }
QLabel#warning { font-size: %(body)dpx; font-weight: 700; color: %(error_fg)s; padding: 12px;
                 background: %(step_bg)s; border: %(thick)dpx solid %(error_fg)s;
                 border-radius: 12px; }
QPushButton { font-size: %(button)dpx; min-height: %(touch)dpx; padding: 8px 28px;
              border-radius: 14px; border: %(thick)dpx solid %(button_border)s;
              background: %(button_bg)s; color: %(button_fg)s; }
QPushButton:pressed { background: %(pressed_bg)s; color: %(pressed_fg)s; }
QPushButton#primary { background: %(primary_bg)s; color: %(primary_fg)s;
                      border-color: %(primary_border)s; }
QPushButton:disabled, QPushButton#primary:disabled { background: %(disabled_bg)s;
    color: %(disabled_fg)s; border: %(thick)dpx dashed %(disabled_border)s; }
QPushButton#primary:pressed { background: %(primary_pressed_bg)s;
                              color: %(primary_pressed_fg)s; }
QPushButton#language[selected="true"] { background: %(selected_bg)s; color: %(selected_fg)s; }
QPushButton#accessibility { font-size: %(bar)dpx; padding: 8px 16px; }
QPushButton#accessibility:checked { background: %(selected_bg)s; color: %(selected_fg)s; }
QPushButton { outline: none; }
QPushButton[focusVisible="true"], QPushButton#primary[focusVisible="true"],
QPushButton#accessibility[focusVisible="true"] {
    border: %(focus)dpx solid %(focus_border)s; padding: %(focus_pad_v)dpx %(focus_pad_h)dpx; }
QWidget#accessibilityBar { background: %(bar_bg)s; border-top: %(thick)dpx solid %(bar_border)s; }
QLineEdit, QPlainTextEdit { font-size: %(body)dpx; padding: 8px; background: %(field_bg)s;
                            color: %(field_fg)s; border: %(thick)dpx solid %(field_border)s;
                            border-radius: 10px; placeholder-text-color: %(placeholder_fg)s; }
QLineEdit:focus, QPlainTextEdit:focus { border: %(focus)dpx solid %(focus_border)s;
                                        padding: %(focus_pad_v)dpx; }
QProgressBar { min-height: 24px; background: %(field_bg)s;
               border: %(thin)dpx solid %(field_border)s; border-radius: 8px; }
QProgressBar::chunk { background: %(chunk)s; border-radius: 6px; }
QFrame#dialog { background: %(dialog_bg)s; border: %(dialog_w)dpx solid %(dialog_border)s;
                border-radius: 18px; }
QFrame#dialog QLabel { background: %(dialog_bg)s; }
QWidget#veil { background: %(veil)s; }
OnScreenKeyboard QPushButton#key { font-size: 40px; padding: 2px; border-radius: 12px;
    min-width: %(key_min_width)dpx; min-height: %(touch_min)dpx; }
OnScreenKeyboard QPushButton#key:checked { background: %(key_checked_bg)s;
    color: %(key_checked_fg)s; }
OnScreenKeyboard QPushButton#method { font-size: 28px; padding: 2px; border-radius: 12px;
    min-width: 0px; }
OnScreenKeyboard QPushButton#method:checked { background: %(key_checked_bg)s;
    color: %(key_checked_fg)s; }
OnScreenKeyboard QPushButton#done { font-size: 36px; font-weight: 700; padding: 2px;
    border-radius: 12px; background: %(selected_bg)s; color: %(selected_fg)s; }
DigitKeypad QPushButton { min-height: %(pad_key)dpx; min-width: %(pad_key_wide)dpx; }
DigitKeypad QPushButton#digit { font-size: 48px; font-weight: 700; }
QLineEdit#digits { font-size: 44px; letter-spacing: 6px; }
QLineEdit#digits[active="true"] { border: 6px solid %(focus_border)s; border-radius: 10px; }
QPushButton#result { text-align: left; }
DatePicker QPushButton { font-size: 48px; font-weight: 700; padding: 2px; }
QPushButton#toggle:checked { background: %(selected_bg)s; color: %(selected_fg)s; }
QWidget#journeyHeader { background: %(bar_bg)s;
                        border-bottom: %(thick)dpx solid %(bar_border)s; }
QLabel#where { font-size: %(where)dpx; font-weight: 700; color: %(fg)s; background: %(bar_bg)s; }
QLabel#stage { font-size: %(stage)dpx; padding: 2px 4px; border-radius: 10px;
               color: %(status_fg)s; background: %(step_bg)s;
               border: %(thin)dpx solid %(step_border)s; }
QLabel#stage[state="done"] { color: %(stage_done_fg)s; background: %(stage_done_bg)s; }
QLabel#stage[state="current"] { font-weight: 700; color: %(selected_fg)s;
                                background: %(selected_bg)s; border-color: %(selected_bg)s; }
QPushButton#help { font-size: %(help)dpx; font-weight: 700; padding: 8px 20px; }
QPushButton#help[state="open"] { background: %(selected_bg)s; color: %(selected_fg)s; }
"""

_NORMAL: dict[str, str | int] = {
    "bg": "#f7f7f2",
    "fg": "#1a1a1a",
    "title_fg": "#7a0f0f",
    "subtitle_fg": "#333333",
    "status_fg": "#444444",
    "error_fg": "#b3121a",
    "step_bg": "#ffffff",
    "step_border": "#c9c9c0",
    "button_bg": "#ffffff",
    "button_fg": "#1a1a1a",
    "button_border": "#7a0f0f",
    "pressed_bg": "#f0d9d9",
    "pressed_fg": "#1a1a1a",
    "primary_bg": "#b3121a",
    "primary_fg": "#ffffff",
    "primary_border": "#7a0f0f",
    "primary_pressed_bg": "#7a0f0f",
    "primary_pressed_fg": "#ffffff",
    "selected_bg": "#1a1a1a",
    "selected_fg": "#ffffff",
    "focus_border": "#1a4f9c",
    "bar_bg": "#e8e8e0",
    "bar_border": "#c9c9c0",
    "field_bg": "#ffffff",
    "field_fg": "#1a1a1a",
    "field_border": "#5c5c5c",
    # A hint, not an answer: greyer than typed text, still 7:1 on the field.
    "placeholder_fg": "#595959",
    "chunk": "#b3121a",
    "dialog_bg": "#ffffff",
    "dialog_border": "#7a0f0f",
    "veil": "rgba(0, 0, 0, 150)",
    "key_checked_bg": "#1a1a1a",
    "key_checked_fg": "#ffffff",
    # Disabled: grey and dashed, nothing like the red primary; the text stays readable.
    "disabled_bg": "#e4e4e4",
    "disabled_fg": "#4d4d4d",
    "disabled_border": "#8a8a8a",
    "stage_done_bg": "#dfe9dc",
    "stage_done_fg": "#1a1a1a",
    "thin": 2,
    "thick": 3,
    # Twice the border, its padding taken in by as much: the ring is plain to see
    # (keys only), and the text does not move.
    "focus": 6,
    "dialog_w": 4,
}

# Pure black, white and yellow: the combination low-vision guidance recommends,
# 21:1 and 19.6:1; cyan marks focus so it differs from "selected" (yellow).
_HIGH_CONTRAST: dict[str, str | int] = {
    "bg": "#000000",
    "fg": "#ffffff",
    "title_fg": "#ffff00",
    "subtitle_fg": "#ffffff",
    "status_fg": "#ffffff",
    "error_fg": "#ffff00",
    "step_bg": "#000000",
    "step_border": "#ffffff",
    "button_bg": "#000000",
    "button_fg": "#ffff00",
    "button_border": "#ffff00",
    "pressed_bg": "#ffff00",
    "pressed_fg": "#000000",
    "primary_bg": "#ffff00",
    "primary_fg": "#000000",
    "primary_border": "#ffffff",
    "primary_pressed_bg": "#ffffff",
    "primary_pressed_fg": "#000000",
    "selected_bg": "#ffffff",
    "selected_fg": "#000000",
    "focus_border": "#00ffff",
    "bar_bg": "#000000",
    "bar_border": "#ffffff",
    "field_bg": "#000000",
    "field_fg": "#ffffff",
    "field_border": "#ffffff",
    "placeholder_fg": "#b3b3b3",
    "chunk": "#ffff00",
    "dialog_bg": "#000000",
    "dialog_border": "#ffff00",
    "veil": "rgba(0, 0, 0, 220)",
    "key_checked_bg": "#ffffff",
    "key_checked_fg": "#000000",
    "disabled_bg": "#000000",
    "disabled_fg": "#ffffff",
    "disabled_border": "#9a9a9a",
    "stage_done_bg": "#000000",
    "stage_done_fg": "#ffff00",
    "thin": 3,
    "thick": 5,
    "focus": 7,
    "dialog_w": 6,
}

# "where" and "stage": the step indicator, read at arm's length (about 60 cm) by
# citizens with poor eyesight: 34 px is the body text, 28 px the smallest on it.
_FONT_SIZES = {
    "title": 64,
    "subtitle": 38,
    "body": 34,
    "button": 36,
    "small": 22,
    "bar": 28,
    "where": 34,
    "stage": 28,
    "help": 30,
    "label": 28,
}


def stylesheet(scale: float = 1.0, high_contrast: bool = False) -> str:
    """The application style sheet.

    ``scale`` > 1 is the "larger text" setting (see :data:`LARGE_TEXT_SCALE`);
    ``high_contrast`` switches to the black, white and yellow theme.
    """
    if scale <= 0:
        raise ValueError(f"scale must be positive, not {scale}")
    values: dict[str, str | int] = dict(_HIGH_CONTRAST if high_contrast else _NORMAL)
    values.update({name: round(size * scale) for name, size in _FONT_SIZES.items()})
    # The bar keeps its size: its buttons must stay on one row of the screen, and it
    # is how the citizen turns "larger text" off again.
    values["bar"] = _FONT_SIZES["bar"]
    # So do the indicator's four steps and the call button: 28-30 px reads at arm's
    # length already, and every screen below them would lose height (the place in
    # words above them does grow).
    for fixed in ("stage", "help"):
        values[fixed] = _FONT_SIZES[fixed]
    values["touch"] = max(MIN_TOUCH_PX, round(MIN_TOUCH_PX * scale))
    extra = int(values["focus"]) - int(values["thick"])
    values["focus_pad_v"], values["focus_pad_h"] = 8 - extra, 28 - extra
    # The on-screen keyboard keeps its size: its rows must fit the screen's width.
    values["touch_min"] = MIN_TOUCH_PX
    values["key_min_width"] = KEY_MIN_WIDTH
    values["pad_key"] = PAD_KEY_PX
    values["pad_key_wide"] = PAD_KEY_PX * 2
    return _STYLE % values


def page_colours(high_contrast: bool = False) -> tuple[str, str]:
    """The page's background and text colours (every window, every scrolling list)."""
    palette = _HIGH_CONTRAST if high_contrast else _NORMAL
    return str(palette["bg"]), str(palette["fg"])


def page_palette(high_contrast: bool = False) -> QPalette:
    """The application palette: the page colour under every window and scrolling list."""
    background, text = (QColor(value) for value in page_colours(high_contrast))
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, background)
        palette.setColor(group, QPalette.ColorRole.WindowText, text)
    return palette


def apply_theme(app: QApplication, scale: float = 1.0, high_contrast: bool = False) -> None:
    """Style the whole application (the style sheet and the page palette), if it changed."""
    # The palette first: re-styling for a new sheet starts from the palette in force.
    palette = page_palette(high_contrast)
    if app.palette() != palette:
        app.setPalette(palette)
    sheet = stylesheet(scale, high_contrast)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


def button_text_colours(high_contrast: bool = False) -> tuple[str, str]:
    """A button's text colour when off and when checked, for icons drawn to match."""
    palette = _HIGH_CONTRAST if high_contrast else _NORMAL
    return str(palette["button_fg"]), str(palette["selected_fg"])


def application_font() -> QFont:
    """The first installed family that has every Vietnamese glyph."""
    installed = set(QFontDatabase.families())
    family = next((name for name in FONT_FAMILIES if name in installed), FONT_FAMILIES[-1])
    return QFont(family, 20)
