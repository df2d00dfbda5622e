"""Drawing an ESC/POS job onto a strip of paper, as the printer would print it.

Understood: ``ESC @`` (initialise), ``ESC a`` (align), ``ESC 2`` / ``ESC 3``
(line spacing, taken as dots), ``ESC d`` / ``ESC J`` / ``LF`` (feed; ``ESC J``
in vertical motion units, one dot unless ``GS P`` said otherwise), text
(one plain line in Pillow's default font, cp437), ``GS v 0`` raster images,
``ESC *`` column images and ``GS ( L`` / ``GS 8 L`` raster graphics (store
and print). Cuts end the job. Other commands of known length are skipped
with a log line; a command of unknown length stops the drawing there.

A line is as tall as its line spacing, or as its tallest picture if taller,
so column images come out unbroken whatever ``ESC 3`` said.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

from drivers.printer.escpos_stream import CUTS, REAL_TIME, Command, tokenize

logger = logging.getLogger(__name__)

DEFAULT_LINE_SPACING = 30
TEXT_SIZE = 20
DOTS_PER_INCH = 203
WHITE, BLACK = 255, 0


def render(job: bytes, width_dots: int = 576) -> Image.Image:
    """The printed strip for one job: a white 1-bit image ``width_dots`` wide."""
    paper = _Paper(width_dots)
    tokens = tokenize(job)
    for command in tokens.commands:
        if command.name in CUTS:
            break
        paper.apply(command)
    else:
        if tokens.unknown_at is not None:
            logger.warning(
                "unknown ESC/POS command %s at byte %d: the rest of the job is not drawn",
                job[tokens.unknown_at : tokens.unknown_at + 2].hex(" "),
                tokens.unknown_at,
            )
        elif tokens.consumed < len(job):
            logger.warning("job ends inside a command at byte %d", tokens.consumed)
    return paper.finish()


def _bits(width: int, height: int, data: bytes) -> Image.Image:
    """ESC/POS raster bits (MSB first, 1 = black) as a white-paper 1-bit image."""
    return Image.frombytes("1", (width, height), data, "raw", "1;I")


class _Paper:
    """The paper under the print head, line by line."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.strips: list[Image.Image] = []
        self.graphics: Image.Image | None = None
        self.reset()

    def reset(self) -> None:
        """``ESC @``: modes back to defaults, unprinted text dropped."""
        self.align = 0
        self.spacing = DEFAULT_LINE_SPACING
        self.text = bytearray()
        self.pictures: list[Image.Image] = []
        self.dots_per_unit = 1.0  # of ESC J: the vertical motion unit, in dots

    def apply(self, command: Command) -> None:
        """Draw or note one command."""
        handler = _HANDLERS.get(command.name)
        if handler is not None:
            handler(self, command.raw)
        elif command.name not in REAL_TIME:
            logger.debug("ESC/POS %s (%d bytes) not drawn", command.name, len(command.raw))

    def finish(self) -> Image.Image:
        """Print what is left on the line and glue the strips together."""
        if self.text or self.pictures:
            self.line_feed()
        height = max(1, sum(strip.height for strip in self.strips))
        paper = Image.new("1", (self.width, height), WHITE)
        top = 0
        for strip in self.strips:
            paper.paste(strip, (0, top))
            top += strip.height
        return paper

    def feed(self, dots: int) -> None:
        if dots > 0:
            self.strips.append(Image.new("1", (self.width, dots), WHITE))

    def line_feed(self) -> None:
        """Print the current line (text, then column pictures) and advance."""
        items = list(self.pictures)
        if self.text:
            items.insert(0, _text_line(self.text.decode("cp437", errors="replace")))
        height = max([self.spacing, *(item.height for item in items)])
        strip = Image.new("1", (self.width, height), WHITE)
        left = 0
        for item in items:
            strip.paste(item, (left, 0))
            left += item.width
        self.strips.append(self._aligned(strip, left) if items else strip)
        self.text.clear()
        self.pictures.clear()

    def picture(self, image: Image.Image) -> None:
        """A raster picture printed on its own, aligned on the paper."""
        if self.text or self.pictures:
            self.line_feed()
        if image.width > self.width:
            logger.warning("picture %d dots wide cropped to %d", image.width, self.width)
            image = image.crop((0, 0, self.width, image.height))
        strip = Image.new("1", (self.width, image.height), WHITE)
        strip.paste(image, (0, 0))
        self.strips.append(self._aligned(strip, image.width))

    def _aligned(self, strip: Image.Image, used: int) -> Image.Image:
        used = min(used, self.width)
        shift = {0: 0, 1: (self.width - used) // 2, 2: self.width - used}[self.align]
        if shift == 0:
            return strip
        moved = Image.new("1", strip.size, WHITE)
        moved.paste(strip.crop((0, 0, used, strip.height)), (shift, 0))
        return moved


@functools.cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in font at about the height of ESC/POS font A (24 dots)."""
    return ImageFont.load_default(size=TEXT_SIZE)


def _text_line(text: str) -> Image.Image:
    font = _font()
    right, bottom = font.getbbox(text or " ")[2:]
    image = Image.new("L", (max(1, math.ceil(right)), max(1, math.ceil(bottom))), WHITE)
    ImageDraw.Draw(image).text((0, 0), text, font=font, fill=BLACK)
    return image.point([BLACK] * 128 + [WHITE] * 128, mode="1")


def _init(paper: _Paper, raw: bytes) -> None:
    paper.reset()


def _align(paper: _Paper, raw: bytes) -> None:
    paper.align = {0: 0, 1: 1, 2: 2, 48: 0, 49: 1, 50: 2}.get(raw[2], 0)


def _default_spacing(paper: _Paper, raw: bytes) -> None:
    paper.spacing = DEFAULT_LINE_SPACING


def _spacing(paper: _Paper, raw: bytes) -> None:
    paper.spacing = raw[2]


def _text(paper: _Paper, raw: bytes) -> None:
    paper.text += raw


def _tab(paper: _Paper, raw: bytes) -> None:
    paper.text += b"    "


def _line_feed(paper: _Paper, raw: bytes) -> None:
    paper.line_feed()


def _feed_lines(paper: _Paper, raw: bytes) -> None:
    lines = raw[2]
    if lines and (paper.text or paper.pictures):
        paper.line_feed()
        lines -= 1
    paper.feed(lines * paper.spacing)


def _feed_dots(paper: _Paper, raw: bytes) -> None:
    if paper.text or paper.pictures:
        paper.line_feed()
    paper.feed(round(raw[2] * paper.dots_per_unit))


def _motion_units(paper: _Paper, raw: bytes) -> None:
    """``GS P x y``: the vertical motion unit is 1/y inch (0: the default, one dot)."""
    paper.dots_per_unit = DOTS_PER_INCH / raw[3] if raw[3] else 1.0


def _raster(paper: _Paper, raw: bytes) -> None:
    """``GS v 0 m xL xH yL yH d...``; m bit 0 doubles width, bit 1 height."""
    mode, width_bytes, height = raw[3], raw[4] | raw[5] << 8, raw[6] | raw[7] << 8
    image = _bits(width_bytes * 8, height, raw[8:])
    paper.picture(_scaled(image, 2 if mode & 1 else 1, 2 if mode & 2 else 1))


def _column_image(paper: _Paper, raw: bytes) -> None:
    """``ESC * m nL nH d...``: one band on the current line, 8 or 24 dots tall."""
    mode, columns = raw[2], raw[3] | raw[4] << 8
    per_column = 3 if mode >= 32 else 1
    band = _bits(per_column * 8, columns, raw[5:]).transpose(Image.Transpose.TRANSPOSE)
    paper.pictures.append(_scaled(band, 2 if mode in (0, 32) else 1, 3 if mode < 32 else 1))


def _graphics(paper: _Paper, raw: bytes) -> None:
    """``GS ( L`` / ``GS 8 L``: fn 112 stores a raster graphic, fn 50 prints it."""
    body = raw[5:] if raw[1] == ord("(") else raw[7:]
    function = body[1]
    if function == 112:
        x_scale, y_scale = body[3], body[4]
        width, height = body[6] | body[7] << 8, body[8] | body[9] << 8
        data = body[10 : 10 + (width + 7) // 8 * height]
        image = _bits((width + 7) // 8 * 8, height, data).crop((0, 0, width, height))
        paper.graphics = _scaled(image, x_scale, y_scale)
    elif function in (50, 2):
        if paper.graphics is None:
            logger.warning("GS ( L print with no stored graphic")
        else:
            paper.picture(paper.graphics)
    else:
        logger.info("GS ( L function %d not drawn", function)


def _scaled(image: Image.Image, x_scale: int, y_scale: int) -> Image.Image:
    if (x_scale, y_scale) == (1, 1) or x_scale not in (1, 2) or y_scale not in (1, 2, 3):
        return image
    size = (image.width * x_scale, image.height * y_scale)
    return image.resize(size, Image.Resampling.NEAREST)


_HANDLERS: dict[str, Callable[[_Paper, bytes], None]] = {
    "ESC @": _init,
    "ESC a": _align,
    "ESC 2": _default_spacing,
    "ESC 3": _spacing,
    "ESC d": _feed_lines,
    "ESC J": _feed_dots,
    "GS P": _motion_units,
    "text": _text,
    "HT": _tab,
    "LF": _line_feed,
    "FF": _line_feed,
    "CR": lambda paper, raw: None,
    "GS v 0": _raster,
    "ESC *": _column_image,
    "GS ( L": _graphics,
    "GS 8 L": _graphics,
}
