"""A large tap target with a headline and a smaller line under it.

A procedure in the list shows what the citizen wants in their own words, large,
and the official name under it, small; an option shows its price and the paper
it needs under its words. A push button has one font and never wraps, so this
one paints its two texts itself, wrapped to its width, and asks the layout for
the height they need (no line is ever cut, larger text included).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

DETAIL_SCALE = 0.8
"""The second line's size against the headline's: 36 px → 29 px (larger text: 45 → 36)."""
LINE_GAP_PX = 6
MIN_WIDTH_PX = 240  # what the layout may squeeze it to; the text wraps instead of running off
REFERENCE_WIDTH_PX = 600
_WRAP = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap


class ChoiceButton(QPushButton):
    """A button showing ``headline`` (bold) and ``detail`` (smaller) wrapped to its width.

    ``text()`` holds both, for read-aloud and for tests; only the panel is drawn
    from it, the words are painted here.
    """

    def __init__(self, object_name: str = "", on_click: Callable[[], None] | None = None) -> None:
        super().__init__()
        if object_name:
            self.setObjectName(object_name)
        if on_click is not None:
            self.clicked.connect(on_click)
        self.headline = ""
        self.detail = ""
        # Layouts ask for heights many times a frame: measured once per width, and
        # again only when the texts, the font or the style change.
        self._heights: dict[int, tuple[int, int]] = {}
        self._insets: tuple[int, int] | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_texts(self, headline: str, detail: str = "") -> None:
        self.headline, self.detail = headline, detail
        self._heights.clear()
        self.setText(f"{headline}\n{detail}" if detail else headline)
        self.updateGeometry()
        self.update()

    # -- fonts and room ---------------------------------------------------------
    def headline_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def detail_font(self) -> QFont:
        font = QFont(self.font())
        size = font.pixelSize()
        if size > 0:  # the style sheet gives pixel sizes; points otherwise
            font.setPixelSize(max(1, round(size * DETAIL_SCALE)))
        else:
            font.setPointSizeF(font.pointSizeF() * DETAIL_SCALE)
        return font

    def _option(self, rect: QRect) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.rect = rect
        option.text = ""
        return option

    def _contents(self, rect: QRect) -> QRect:
        """Where text may go inside ``rect`` (the style sheet's border and padding off)."""
        inner = self.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, self._option(rect), self
        )
        return inner if inner.isValid() and not inner.isEmpty() else rect.adjusted(28, 8, -28, -8)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()  # larger text, high contrast: measure again
            self._insets = None
        super().changeEvent(event)

    def insets(self) -> tuple[int, int]:
        """The style sheet's border and padding: across, and down (both sides each)."""
        if self._insets is None:
            inner = self._contents(QRect(0, 0, 1000, 1000))
            self._insets = (1000 - inner.width(), 1000 - inner.height())
        return self._insets

    def text_heights(self, width: int) -> tuple[int, int]:
        """The headline's and the detail's heights when the button is ``width`` px wide."""
        known = self._heights.get(width)
        if known is not None:
            return known
        room = QRect(0, 0, max(1, width - self.insets()[0]), 100_000)
        top = QFontMetrics(self.headline_font()).boundingRect(room, _WRAP, self.headline).height()
        bottom = 0
        if self.detail:
            detail = QFontMetrics(self.detail_font())
            bottom = detail.boundingRect(room, _WRAP, self.detail).height()
        self._heights[width] = (top, bottom)
        return top, bottom

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        top, bottom = self.text_heights(width)
        needed = top + (LINE_GAP_PX + bottom if bottom else 0) + self.insets()[1]
        return max(needed, self.minimumHeight(), super().sizeHint().height())

    def sizeHint(self) -> QSize:
        width = max(MIN_WIDTH_PX, self.width())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # The height its texts need at the width it has (at the narrowest, a phone-wide
        # column): not at MIN_WIDTH_PX, where every word would be a line of its own.
        return QSize(MIN_WIDTH_PX, self.heightForWidth(max(self.width(), REFERENCE_WIDTH_PX)))

    # -- painting -----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = self._option(self.rect())
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        inner = self._contents(self.rect())
        top, bottom = self.text_heights(self.width())
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(option.palette.color(group, QPalette.ColorRole.ButtonText))
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # Centred in the height: a one-line answer in an 88 px button sits in its middle.
        needed = top + (LINE_GAP_PX + bottom if bottom else 0)
        y = inner.top() + max(0, (inner.height() - needed) // 2)
        painter.setFont(self.headline_font())
        painter.drawText(QRect(inner.left(), y, inner.width(), top), _WRAP, self.headline)
        if self.detail:
            painter.setFont(self.detail_font())
            below = QRect(inner.left(), y + top + LINE_GAP_PX, inner.width(), bottom)
            painter.drawText(below, _WRAP, self.detail)
        painter.end()

    def fits(self) -> bool:
        """Whether both texts fit the button as laid out now (nothing cut)."""
        return self.height() >= self.heightForWidth(self.width()) - 1


def choice_button(
    headline: str, detail: str = "", on_click: Callable[[], None] | None = None
) -> ChoiceButton:
    """A :class:`ChoiceButton` with its texts set, text on the left (``result`` style)."""
    widget = ChoiceButton("result", on_click)
    widget.set_texts(headline, detail)
    return widget


def all_fit(root: QWidget) -> list[str]:
    """The visible choice buttons under ``root`` whose texts do not fit (none, normally)."""
    return [
        button.text()
        for button in root.findChildren(ChoiceButton)
        if button.isVisible() and not button.fits()
    ]
