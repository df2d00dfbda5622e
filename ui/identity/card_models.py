"""An animated drawing of the two chip card models, the camera and the card reader.

Citizens hold one of two cards, and the QR code is not on the same side:

- the chip CCCD (Thông tư 06/2021/TT-BCA, in force 23/01/2021) has it on the
  **front**, in the right-hand column beside the photo;
- the Căn cước card (Thông tư 16/2024/TT-BCA, in force 01/07/2024) has it on
  the **back**, with the place of residence and the machine-readable lines.

Checked 2026-12-04 against press reports of the two circulars (cand.com.vn,
luatvietnam.vn, afamily.vn), not against the gazette texts themselves; where on
each side the QR sits is drawn approximately. The drawing is synthetic: a grey
silhouette, lines instead of text, a made-up QR pattern. No real person's data.

The left half shows both cards with the QR side up and the QR circled; the
right half shows the kiosk's camera above the desk and the card reader, and a
card that goes under the camera, then onto the reader, one model after the
other. A slow timer (:data:`FRAME_MS`) repaints only while the widget is shown.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QHideEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

FRAME_MS = 80  # 12 frames a second: smooth enough for a slow movement, cheap to paint
CYCLE_S = 6.0  # one model's trip: under the camera, then onto the reader
HEIGHT_PX = 380
MIN_HEIGHT_PX = 220  # larger text needs the room for the instructions: the picture gives it up
CARD_ASPECT = 54 / 85.6  # ID-1 cards

INK = QColor("#1f2937")
CARD_2021 = QColor("#dbe9f6")  # pale blue, as the 2021 card
CARD_2024 = QColor("#e4efe3")  # pale green-grey, as the 2024 card
HIGHLIGHT = QColor("#b3261e")
DEVICE = QColor("#3a3f47")
READER_GLOW = QColor("#1d6b2a")

# A fixed, made-up 7 x 7 pattern: it only has to look like a QR code.
QR_PATTERN = (
    "1111111",
    "1000101",
    "1011001",
    "1010111",
    "1001001",
    "1101101",
    "1111111",
)


class CardModelsPicture(QWidget):
    """Both card models (QR side up), the camera and the reader, with a card moving."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(MIN_HEIGHT_PX)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.started = time.monotonic()
        self.frames = 0  # painted so far (tests see the animation run)
        self.clipped: set[str] = set()  # captions that did not fit their room
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.update)
        self.retranslate()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), HEIGHT_PX)

    def _text_pen(self) -> QColor:
        # Captions stand on the screen's background, not on a card: the theme's
        # text colour keeps them readable in high contrast (yellow on black).
        return self.palette().color(QPalette.ColorRole.WindowText)

    # -- when it runs ------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.label_2021 = self.tr("Citizen identity card (2021): QR on the front")
        self.label_2024 = self.tr("Identity card (2024): QR on the back")
        self.label_camera = self.tr("Camera")
        self.label_reader = self.tr("Card reader")
        self.setAccessibleName(
            self.tr(
                "Pictures of the two card models with their QR code circled, the camera "
                "above the desk and the card reader below it."
            )
        )
        self.update()

    # -- drawing -----------------------------------------------------------------
    def phase(self) -> tuple[bool, float]:
        """Which model moves now (True: 2021) and how far along its trip (0..1)."""
        elapsed = time.monotonic() - self.started
        trip, within = divmod(elapsed, CYCLE_S)
        return int(trip) % 2 == 0, within / CYCLE_S

    def paintEvent(self, event: QPaintEvent) -> None:
        self.frames += 1
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height()
        pulse = 0.5 + 0.5 * math.sin(time.monotonic() * 4)
        models_width = width * 0.58
        card_width = min((models_width - 48) / 2, (height - 90) / CARD_ASPECT)
        card_height = card_width * CARD_ASPECT
        top = 20.0
        for index, is_2021 in enumerate((True, False)):
            left = 12 + index * (card_width + 24)
            card = QRectF(left, top, card_width, card_height)
            self._card(painter, card, is_2021, ring=pulse)
            text = self.label_2021 if is_2021 else self.label_2024
            caption_top = top + card_height + 8
            # All the height below the card: a Vietnamese caption takes three lines.
            caption = QRectF(left, caption_top, card_width, height - caption_top)
            self._caption(painter, caption, text)
        self._desk(painter, QRectF(models_width + 12, 8, width - models_width - 20, height - 16))
        painter.end()

    def _card(self, painter: QPainter, rect: QRectF, is_2021: bool, ring: float) -> None:
        """One card, QR side up: the 2021 front (photo, QR top right) or the 2024 back."""
        painter.setPen(QPen(INK, 2))
        painter.setBrush(CARD_2021 if is_2021 else CARD_2024)
        painter.drawRoundedRect(rect, rect.width() * 0.05, rect.width() * 0.05)
        unit = rect.width() / 100
        qr_side = 24 * unit
        if is_2021:
            qr = QRectF(rect.right() - qr_side - 5 * unit, rect.top() + 6 * unit, qr_side, qr_side)
            self._silhouette(
                painter,
                QRectF(rect.left() + 5 * unit, rect.top() + 18 * unit, 20 * unit, 26 * unit),
            )
            lines = [(30, 20 + 7 * row, 38) for row in range(5)]
        else:
            qr = QRectF(rect.left() + 5 * unit, rect.top() + 6 * unit, qr_side, qr_side)
            lines = [(34, 8 + 7 * row, 58) for row in range(3)]
            lines += [(5, 44 + 5 * row, 90) for row in range(3)]  # the machine-readable lines
        painter.setPen(QPen(INK.lighter(160), max(1.0, 1.6 * unit)))
        for x, y, length in lines:
            start = QPointF(rect.left() + x * unit, rect.top() + y * unit)
            painter.drawLine(start, QPointF(start.x() + length * unit, start.y()))
        self._qr(painter, qr)
        if ring >= 0:
            pen = QPen(HIGHLIGHT, 2 + 3 * ring)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            grow = 3 * unit + 2 * unit * ring
            painter.drawEllipse(qr.adjusted(-grow, -grow, grow, grow))

    def _silhouette(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#9aa3ad"))
        painter.drawRect(rect)
        painter.setBrush(QColor("#e5e7eb"))
        head = rect.width() * 0.42
        painter.drawEllipse(
            QRectF(rect.center().x() - head / 2, rect.top() + rect.height() * 0.18, head, head)
        )
        body = QPainterPath()
        body.addEllipse(
            QRectF(
                rect.left() + rect.width() * 0.12,
                rect.top() + rect.height() * 0.66,
                rect.width() * 0.76,
                rect.height() * 0.6,
            )
        )
        painter.drawPath(body.intersected(_as_path(rect)))

    def _qr(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(rect)
        cell = rect.width() / len(QR_PATTERN)
        painter.setBrush(INK)
        for row, cells in enumerate(QR_PATTERN):
            for column, mark in enumerate(cells):
                if mark == "1":
                    painter.drawRect(
                        QRectF(rect.left() + column * cell, rect.top() + row * cell, cell, cell)
                    )

    def _caption(self, painter: QPainter, rect: QRectF, text: str) -> None:
        font = QFont(self.font())
        font.setPixelSize(20)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self._text_pen())
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(
            Qt.TextFlag.TextWordWrap
        )
        needed = painter.boundingRect(
            QRectF(rect.left(), rect.top(), rect.width(), 10_000), flags, text
        )
        if needed.height() > rect.height() or needed.width() > rect.width() + 1:
            self.clipped.add(text)  # the tests look: no caption may be cut off
        painter.drawText(rect, flags, text)

    def _desk(self, painter: QPainter, area: QRectF) -> None:
        """The camera on its arm, the reader on the desk, and the card's trip between them."""
        is_2021, along = self.phase()
        font = QFont(self.font())
        font.setPixelSize(20)
        font.setBold(True)
        painter.setFont(font)
        centre = area.center().x()
        # The camera: a body and a lens, looking down, its field of view dashed.
        camera = QRectF(centre - 50, area.top() + 30, 100, 40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(DEVICE)
        painter.drawRoundedRect(camera, 8, 8)
        painter.setBrush(QColor("#9fc5e8"))
        painter.drawEllipse(QPointF(centre, camera.bottom()), 14, 10)
        painter.setPen(self._text_pen())
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), 28),
            int(Qt.AlignmentFlag.AlignHCenter),
            self.label_camera,
        )
        view_bottom = area.top() + area.height() * 0.5
        dashed = QPen(DEVICE, 2, Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        painter.drawLine(QPointF(centre - 12, camera.bottom()), QPointF(centre - 90, view_bottom))
        painter.drawLine(QPointF(centre + 12, camera.bottom()), QPointF(centre + 90, view_bottom))
        # The reader: a dark plate with its contactless mark, low on the desk.
        reader = QRectF(centre - 100, area.bottom() - 96, 200, 60)
        on_reader = along >= 0.55
        painter.setPen(QPen(READER_GLOW, 6) if on_reader else Qt.PenStyle.NoPen)
        painter.setBrush(DEVICE)
        painter.drawRoundedRect(reader, 10, 10)
        painter.setPen(QPen(QColor("#ffffff"), 3))
        for radius in (10, 18, 26):
            painter.drawArc(
                QRectF(centre - radius, reader.center().y() - radius, 2 * radius, 2 * radius),
                -45 * 16,
                90 * 16,
            )
        painter.setPen(self._text_pen())
        painter.drawText(
            QRectF(area.left(), reader.bottom() + 4, area.width(), 30),
            int(Qt.AlignmentFlag.AlignHCenter),
            self.label_reader,
        )
        # The card: held under the camera (QR up), then laid on the reader.
        card_width = 120.0
        card_height = card_width * CARD_ASPECT
        under_camera = view_bottom - card_height - 6
        on_plate = reader.center().y() - card_height / 2
        if along < 0.4:
            y = under_camera
        elif along < 0.55:
            step = (along - 0.4) / 0.15
            y = under_camera + (on_plate - under_camera) * step
        else:
            y = on_plate
        ring = 0.5 + 0.5 * math.sin(time.monotonic() * 4) if along < 0.4 else -1.0
        self._card(
            painter, QRectF(centre - card_width / 2, y, card_width, card_height), is_2021, ring
        )


def _as_path(rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    path.addRect(rect)
    return path
