"""Drawing a receipt: the template's blocks, top to bottom, onto a strip as wide as the paper.

Text is drawn with FreeType's monochrome rasteriser (hinted to whole dots)
rather than anti-aliased and thresholded: strokes and diacritics land on the
printer's 203 dpi grid evenly, so "ỗ" and "ặ" keep both their marks. Every
string is NFC-normalised first (one precomposed glyph per letter).

The result is a greyscale picture that holds only black (0) and white (255):
what the printer prints dot for dot, what the screen shows when it cannot.
"""

from __future__ import annotations

import threading
from datetime import datetime

from PIL import Image, ImageDraw

from kiosk.config import Language
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.fonts import Font, font, line_height
from kiosk.receipt.qr import qr_picture
from kiosk.receipt.settings import ReceiptSettings
from kiosk.receipt.template import (
    Block,
    FieldBlock,
    PapersBlock,
    QrBlock,
    RuleBlock,
    SpaceBlock,
    Style,
    Template,
    TextBlock,
    default_template,
    localized,
)
from kiosk.receipt.values import VIETNAM_TIME, ReceiptValues, nfc, receipt_values

WHITE, BLACK = 255, 0
DASH, DASH_GAP = 10, 6
BOTTOM_FEED = 8

# The cached fonts are shared; FreeType faces are not safe to draw with from
# two threads at once (the desk's worker and the screen may both render).
_FREETYPE = threading.Lock()


def render_receipt(
    facts: ReceiptFacts,
    settings: ReceiptSettings,
    *,
    template: Template | None = None,
    reprint: bool = False,
    printed_at: datetime | None = None,
) -> Image.Image:
    """The receipt of ``facts`` as a black-and-white picture ``settings.width_dots`` wide."""
    layout = template or default_template()
    when = printed_at or datetime.now(VIETNAM_TIME)
    return _drawn(facts, settings, layout, reprint, when).finish()


def receipt_text(
    facts: ReceiptFacts,
    settings: ReceiptSettings,
    *,
    template: Template | None = None,
    reprint: bool = False,
    printed_at: datetime | None = None,
) -> list[str]:
    """The lines of text the receipt prints, top to bottom (for tests, previews and logs)."""
    layout = template or default_template()
    when = printed_at or datetime.now(VIETNAM_TIME)
    return _drawn(facts, settings, layout, reprint, when).lines


def _drawn(
    facts: ReceiptFacts, settings: ReceiptSettings, layout: Template, reprint: bool, when: datetime
) -> _Sheet:
    values = receipt_values(facts, settings, when, reprint)
    sheet = _Sheet(settings.width_dots, layout, facts.language, values)
    with _FREETYPE:
        for block in layout.block:
            if block.when is None or values.flags[block.when]:
                _draw(sheet, block, settings.lookup_link(facts.code, facts.lookup_token))
    sheet.space(BOTTOM_FEED)
    return sheet


class _Sheet:
    """The paper so far: a list of full-width strips stacked at the end."""

    def __init__(
        self, width: int, template: Template, language: Language, values: ReceiptValues
    ) -> None:
        self.width = width
        self.margin = template.margin
        self.styles = template.styles
        self.language = language
        self.values = values
        self.strips: list[Image.Image] = []
        self.lines: list[str] = []  # every text line drawn, as printed

    @property
    def usable(self) -> int:
        return self.width - 2 * self.margin

    def text(self, template_text: str | dict[Language, str]) -> str:
        return nfc(localized(template_text, self.language).format_map(self.values.fields))

    def paragraph(self, text: str, style_name: str, hanging: str = "", indent_as: str = "") -> None:
        """``text`` in a style: wrapped (a hanging indent after ``hanging``), or shrunk to fit.

        ``indent_as``: every line starts as far in as that text would reach.
        """
        style = self.styles[style_name]
        face = font(style.size, style.bold)
        if style.fit == "shrink":
            face = _shrunk(text, style, self.usable)
        indent = round(face.getlength(hanging or indent_as)) if hanging or indent_as else 0
        first = indent if indent_as else 0
        lines = _wrap(text, face, self.usable - first, indent - first)
        for number, line in enumerate(lines):
            self._line(line, face, style, indent if number or indent_as else 0)

    def pair(self, label: str, value: str, label_style: str, value_style: str) -> bool:
        """``label: value`` on one line, two faces on one baseline; False if it does not fit."""
        label_face = _face(self.styles[label_style])
        value_face = _face(self.styles[value_style])
        head = f"{label}: "
        head_width = label_face.getlength(head)
        if head_width + value_face.getlength(value) > self.usable:
            return False
        ascent = max(label_face.getmetrics()[0], value_face.getmetrics()[0])
        descent = max(label_face.getmetrics()[1], value_face.getmetrics()[1])
        draw = self._pen(ascent + descent + self.styles[value_style].gap)
        draw.text((self.margin, ascent), head, font=label_face, fill=BLACK, anchor="ls")
        x = self.margin + round(head_width)
        draw.text((x, ascent), value, font=value_face, fill=BLACK, anchor="ls")
        self.lines.append(head + value)
        return True

    def rule(self, block: RuleBlock) -> None:
        draw = self._pen(2 * block.margin + block.thickness)
        top, right = block.margin, self.width - self.margin - 1
        step = DASH + DASH_GAP if block.dashed else self.usable
        for left in range(self.margin, right + 1, step):
            end = min(right, left + (DASH if block.dashed else self.usable) - 1)
            draw.rectangle((left, top, end, top + block.thickness - 1), fill=BLACK)

    def picture(self, image: Image.Image) -> None:
        strip = self._strip(image.height)
        strip.paste(image, ((self.width - image.width) // 2, 0))

    def space(self, dots: int) -> None:
        if dots > 0:
            self._strip(dots)

    def finish(self) -> Image.Image:
        paper = Image.new("L", (self.width, sum(s.height for s in self.strips)), WHITE)
        top = 0
        for strip in self.strips:
            paper.paste(strip, (0, top))
            top += strip.height
        return paper

    def _line(self, line: str, face: Font, style: Style, indent: int) -> None:
        draw = self._pen(line_height(face) + style.gap)
        room = self.usable - indent
        width = round(face.getlength(line))
        shift = {"left": 0, "center": (room - width) // 2, "right": room - width}[style.align]
        ascent = face.getmetrics()[0]
        left = self.margin + indent + max(0, shift)
        draw.text((left, ascent), line, font=face, fill=BLACK, anchor="ls")
        self.lines.append(line)

    def _strip(self, height: int) -> Image.Image:
        strip = Image.new("L", (self.width, max(1, height)), WHITE)
        self.strips.append(strip)
        return strip

    def _pen(self, height: int) -> ImageDraw.ImageDraw:
        """A drawing on a new strip ``height`` dots tall."""
        draw = ImageDraw.Draw(self._strip(height))
        draw.fontmode = "1"  # FreeType's hinted monochrome glyphs: no grey to threshold
        return draw


def _face(style: Style) -> Font:
    return font(style.size, style.bold)


def _shrunk(text: str, style: Style, width: int) -> Font:
    """The largest size from ``style.size`` down to ``style.min_size`` that fits one line."""
    for size in range(style.size, style.min_size - 1, -1):
        face = font(size, style.bold)
        if face.getlength(text) <= width:
            return face
    return font(style.min_size, style.bold)


def _wrap(text: str, face: Font, width: int, indent: int = 0) -> list[str]:
    """Lines of ``text`` that fit ``width`` (``width - indent`` after the first).

    Breaks at spaces; a word longer than a line is broken between letters.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if face.getlength(candidate) <= _room(lines, width, indent):
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while face.getlength(current) > _room(lines, width, indent):
                cut = _longest_prefix(current, face, _room(lines, width, indent))
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


def _room(lines: list[str], width: int, indent: int) -> int:
    return width - indent if lines else width


def _longest_prefix(word: str, face: Font, width: int) -> int:
    cut = len(word)
    while cut > 1 and face.getlength(word[:cut]) > width:
        cut -= 1
    return cut


def _draw(sheet: _Sheet, block: Block, link: str) -> None:
    """One block onto the sheet; ``link`` is what the QR carries."""
    match block:
        case TextBlock():
            sheet.paragraph(sheet.text(block.text), block.style)
        case FieldBlock():
            _draw_field(sheet, block)
        case PapersBlock():
            _draw_papers(sheet, block)
        case QrBlock():
            sheet.picture(qr_picture(link, block.module_dots, sheet.usable))
            if block.caption is not None:
                sheet.paragraph(sheet.text(block.caption), block.caption_style)
        case RuleBlock():
            sheet.rule(block)
        case SpaceBlock():
            sheet.space(block.dots)


def _draw_field(sheet: _Sheet, block: FieldBlock) -> None:
    label, value = sheet.text(block.label), sheet.text(block.value)
    if not (block.inline and sheet.pair(label, value, block.label_style, block.value_style)):
        sheet.paragraph(label, block.label_style)
        sheet.paragraph(value, block.value_style)
    sheet.space(block.after)


def page_word(pages: int, language: Language) -> str:
    """``trang`` (Vietnamese has no plural), ``page`` or ``pages``."""
    if language == "vi":
        return "trang"
    return "page" if pages == 1 else "pages"


def _draw_papers(sheet: _Sheet, block: PapersBlock) -> None:
    sheet.paragraph(sheet.text(block.label), block.label_style)
    item = localized(block.item, sheet.language)
    for number, (title, pages, form) in enumerate(sheet.values.papers, start=1):
        hanging = item.partition("{title}")[0].format(n=number)
        words = {"n": number, "title": title, "pages": pages, "form": form}
        words["page_word"] = page_word(pages, sheet.language)
        sheet.paragraph(nfc(item.format_map(words)), block.style, hanging=hanging)
        detail = block.detail if form else block.detail_without_form
        if detail is not None:
            line = localized(detail, sheet.language).format_map(words)
            sheet.paragraph(nfc(line), block.detail_style, indent_as=hanging)
    sheet.space(block.after)
