"""A picture that fills its space and keeps its proportions: the receipt as printed, on screen."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


def to_qimage(picture: Image.Image) -> QImage:
    """A Qt copy of a Pillow picture (greyscale: receipts are black and white)."""
    grey = picture.convert("L")
    data = grey.tobytes()
    image = QImage(data, grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8)
    return image.copy()  # own the pixels: ``data`` is freed when this returns


class PictureView(QWidget):
    """Draws one picture scaled to fit, centred, smoothly (a photo of it must stay sharp)."""

    def __init__(self) -> None:
        super().__init__()
        self._image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def image(self) -> QImage | None:
        return self._image

    def set_image(self, picture: Image.Image | None) -> None:
        self._image = None if picture is None else to_qimage(picture)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(576, 800) if self._image is None else self._image.size()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._image is None or self._image.isNull():
            return
        target = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        left = (self.width() - target.width()) // 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.drawImage(QRect(left, 0, target.width(), target.height()), self._image)
        painter.end()
