"""A paper of several captured pages, kept as JPEG files, written as one PDF.

Each page is encoded to JPEG once, at the highest quality (from ``start`` down to
``floor`` in ``step`` s) whose file fits the per-page byte budget; below the floor
text stops being legible, so a page that does not fit even there is kept at the
floor and marked ``over_budget``. Pages live in a work folder and are referred
to by path: nothing but the page being encoded is held in memory.

The PDF is made by img2pdf, which embeds each JPEG's bytes unchanged (no second
encoding), at a fixed resolution so a 200 dpi A4 page comes out A4. It is written
to a temporary name in the target folder, fsynced and renamed, so the final path
holds either the whole PDF or nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from drivers.camera.port import Image
from kiosk.dossier import PaperRef
from kiosk.errors import DeviceError

log = logging.getLogger(__name__)

PAGE_DPI = 200
"""Resolution of a rectified page (``A4_200DPI``): sets the PDF page size."""


@dataclass(frozen=True)
class Encoding:
    """How pages are encoded: the JPEG quality ladder and the per-page byte budget."""

    budget_bytes: int = 400_000
    start: int = 85
    floor: int = 50
    step: int = 5
    grayscale: bool = False
    """Encode one channel only: a third of the bytes for text pages."""
    dpi: int = PAGE_DPI


@dataclass(frozen=True)
class PageFile:
    """One encoded page on disk."""

    path: Path
    size_bytes: int
    quality: int
    grayscale: bool
    width: int
    height: int
    over_budget: bool
    """Even the floor quality did not fit the budget (kept at the floor)."""


@dataclass(frozen=True)
class PaperFile:
    """A written PDF: what a :class:`~kiosk.dossier.PaperRef` needs."""

    path: Path
    pages: int
    sha256: str
    size_bytes: int

    def to_ref(self, requirement_id: str, title_vi: str) -> PaperRef:
        """The dossier's reference to this PDF."""
        return PaperRef(
            requirement_id=requirement_id,
            title_vi=title_vi,
            pages=self.pages,
            sha256=self.sha256,
            size_bytes=self.size_bytes,
        )


def read_still(path: Path) -> Image:
    """Load a picture (BGR); :class:`DeviceError` if it is missing or not an image."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise DeviceError(f"cannot read image {path}", "give a PNG or JPEG file")
    return np.asarray(image, dtype=np.uint8)


def jpeg_bytes(image: Image, quality: int, grayscale: bool = False) -> bytes:
    """Encode ``image`` (BGR or gray) to baseline JPEG at ``quality``."""
    pixels = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if grayscale and image.ndim == 3 else image
    ok, buffer = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise DeviceError("JPEG encoding failed", "check the captured page")
    return bytes(buffer.tobytes())


def fit_jpeg(image: Image, encoding: Encoding) -> tuple[bytes, int]:
    """The best-quality JPEG within the budget, or the floor's if none fits."""
    quality = encoding.start
    while True:
        data = jpeg_bytes(image, quality, encoding.grayscale)
        if len(data) <= encoding.budget_bytes or quality <= encoding.floor:
            return data, quality
        quality = max(encoding.floor, quality - encoding.step)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary name beside ``path``, fsync, rename; no partial file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class Paper:
    """The pages of one paper, in order, as JPEG files in ``folder``."""

    def __init__(self, folder: Path, encoding: Encoding | None = None) -> None:
        self.folder = folder
        self.encoding = encoding or Encoding()
        self._pages: list[PageFile] = []
        self._counter = 0
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def pages(self) -> tuple[PageFile, ...]:
        """The pages in their current order."""
        return tuple(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def add(self, image: Image) -> PageFile:
        """Encode a rectified page and append it."""
        page = self._encode(image)
        self._pages.append(page)
        return page

    def retake(self, index: int, image: Image) -> PageFile:
        """Replace page ``index`` with a new picture, keeping its place."""
        old = self._pages[index]
        page = self._encode(image)
        self._pages[index] = page
        old.path.unlink(missing_ok=True)
        return page

    def delete(self, index: int) -> None:
        """Drop page ``index`` and its file."""
        self._pages.pop(index).path.unlink(missing_ok=True)

    def reorder(self, order: Sequence[int]) -> None:
        """Put the pages in ``order`` (a permutation of the current indexes)."""
        if sorted(order) != list(range(len(self._pages))):
            raise ValueError(f"{list(order)} is not a reordering of {len(self._pages)} pages")
        self._pages = [self._pages[i] for i in order]

    def write_pdf(self, path: Path) -> PaperFile:
        """Write the pages as one PDF at ``path`` (atomically) and describe it."""
        if not self._pages:
            raise DeviceError("the paper has no pages", "capture at least one page")
        # Imported on the first paper (on the capture worker), not at start: img2pdf and
        # the pikepdf it loads are some 0.15 s of the kiosk's cold start.
        import img2pdf  # type: ignore[import-untyped]

        layout = img2pdf.get_fixed_dpi_layout_fun((self.encoding.dpi, self.encoding.dpi))
        files = [str(page.path) for page in self._pages]
        data = bytes(img2pdf.convert(files, layout_fun=layout, engine=img2pdf.Engine.internal))
        write_atomic(path, data)
        digest = hashlib.sha256(data).hexdigest()
        log.info("paper written: %s, %d pages, %d bytes", path.name, len(self._pages), len(data))
        return PaperFile(path, len(self._pages), digest, len(data))

    def _encode(self, image: Image) -> PageFile:
        data, quality = fit_jpeg(image, self.encoding)
        self._counter += 1
        path = self.folder / f"page-{self._counter:04d}.jpg"
        write_atomic(path, data)
        height, width = image.shape[:2]
        over = len(data) > self.encoding.budget_bytes
        if over:
            log.warning("page over budget at quality %d: %d bytes", quality, len(data))
        return PageFile(path, len(data), quality, self.encoding.grayscale, width, height, over)
