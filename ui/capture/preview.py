"""The live picture with the page outline, and the pictures' conversion off the GUI thread.

:func:`to_qimage` runs on the capture worker thread (``QImage`` may be used
there; ``QPixmap`` may not): it turns a BGR frame or page into a small image
that owns its pixels, so the GUI thread only paints.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from drivers.camera.port import Image
from drivers.camera.rectify import shrink_to_fit
from drivers.camera.scene import Points

OUTLINE_GOOD = QColor("#1f8a3a")
OUTLINE_OTHER = QColor("#e0a000")
BACKGROUND = QColor("#202020")
Outline = tuple[tuple[float, float], ...]
"""Page corners as fractions of the picture's width and height."""


def to_qimage(image: Image, width: int = 0, height: int = 0) -> QImage:
    """A copy of a BGR ``image`` scaled to fit ``width`` × ``height`` (0: no limit on that side).

    Never enlarges. The result owns its pixels: the array may be freed at once.
    The shrinking is OpenCV's (:func:`shrink_to_fit`), not ``QImage.scaled``:
    Qt's binding would keep the interpreter lock from the GUI thread for the
    whole smoothing of a full frame.
    """
    pixels = np.ascontiguousarray(shrink_to_fit(image, width, height))
    rows, columns = pixels.shape[:2]
    if pixels.ndim == 2:
        source = QImage(pixels.data, columns, rows, columns, QImage.Format.Format_Grayscale8)
    else:
        source = QImage(pixels.data, columns, rows, columns * 3, QImage.Format.Format_BGR888)
    return source.copy()  # a deep copy: ``source`` borrows the array's memory


def outline_of(corners: Points | None, width: int, height: int) -> Outline | None:
    """The page corners as fractions of a ``width`` × ``height`` frame."""
    if corners is None:
        return None
    return tuple((float(x) / width, float(y) / height) for x, y in corners)


class PreviewWidget(QWidget):
    """Paints the latest preview, fitted to the widget, with the page outline over it."""

    def __init__(self) -> None:
        super().__init__()
        self.image: QImage | None = None
        self.outline: Outline | None = None
        self.good = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(170)  # it grows with the room the texts leave (larger text: less)

    def show_frame(self, image: QImage, outline: Outline | None, good: bool) -> None:
        """Show a new preview and outline (``good``: the page passes every check)."""
        self.image, self.outline, self.good = image, outline, good
        self.update()

    def clear(self) -> None:
        """Drop the picture (the session is over: nothing of the page stays on screen)."""
        self.image, self.outline, self.good = None, None, False
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), BACKGROUND)
            image = self.image
            if image is None or image.isNull():
                return
            target = self._fit(image)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
            if self.outline is not None:
                colour = OUTLINE_GOOD if self.good else OUTLINE_OTHER
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(QPen(colour, 8))
                points = [
                    QPointF(target.x() + u * target.width(), target.y() + v * target.height())
                    for u, v in self.outline
                ]
                painter.drawPolygon(QPolygonF(points))
        finally:
            painter.end()

    def _fit(self, image: QImage) -> QRectF:
        scale = min(self.width() / image.width(), self.height() / image.height())
        width, height = image.width() * scale, image.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
