"""Drawing the receipt: every Vietnamese glyph, crisp black and white, a QR that reads back."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw
from PIL.ImageFont import FreeTypeFont
from receipt_checks import VIETNAMESE_LETTERS, qr_texts

from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.fonts import font
from kiosk.receipt.render import _shrunk, _wrap, render_receipt
from kiosk.receipt.settings import ReceiptSettings
from kiosk.receipt.template import Style

WIDTHS = {58: 384, 80: 576}


def glyph(face: FreeTypeFont, letter: str) -> bytes:
    """``letter`` drawn alone on a white square, as bytes to compare."""
    square = Image.new("L", (64, 80), 255)
    ImageDraw.Draw(square).text((8, 56), letter, font=face, fill=0, anchor="ls")
    return square.tobytes()


def at_width(settings: ReceiptSettings, mm: int) -> ReceiptSettings:
    return settings.model_copy(update={"width_dots": WIDTHS[mm]})


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("mm", [58, 80])
def test_receipt_is_paper_wide_pure_black_and_white_and_its_qr_reads_back(
    settings: ReceiptSettings, facts: ReceiptFacts, mm: int, language: str
) -> None:
    paper = at_width(settings, mm)
    picture = render_receipt(
        facts.model_copy(update={"language": language}), paper, printed_at=facts.received_at
    )
    assert picture.width == WIDTHS[mm]
    # The official form's fields make a long slip: about 28 cm at 80 mm, 35 cm at 58 mm.
    assert 900 < picture.height < 3200
    histogram = picture.histogram()
    assert histogram[0] > 0 and histogram[255] > 0
    assert sum(histogram[1:255]) == 0
    assert qr_texts(picture) == [paper.lookup_link(facts.code)]


def test_the_vietnamese_alphabet_is_complete_alphabet() -> None:
    assert len(VIETNAMESE_LETTERS) == 89
    assert all(unicodedata.is_normalized("NFC", letter) for letter in VIETNAMESE_LETTERS)


@pytest.mark.parametrize("bold", [False, True])
def test_the_font_has_a_glyph_for_every_vietnamese_letter(bold: bool) -> None:
    """No letter falls back to the empty box, and every mark changes the glyph."""
    face = font(24, bold)
    missing = glyph(face, "\U000f0000")  # a private-use code point: the .notdef box
    letters = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()
    drawn = {letter: glyph(face, letter) for letter in letters}
    assert [letter for letter, mask in drawn.items() if mask == missing] == []
    bases = {letter: unicodedata.normalize("NFD", letter)[0] for letter in letters}
    marked = [letter for letter in letters if bases[letter] != letter]
    assert len(marked) == 2 * 66  # every marked letter but đ, which has no decomposition
    assert [letter for letter in marked if drawn[letter] == drawn[bases[letter]]] == []
    assert drawn["đ"] != drawn["d"] and drawn["Đ"] != drawn["D"]


def test_decomposed_text_prints_like_precomposed(
    settings: ReceiptSettings, facts: ReceiptFacts
) -> None:
    nfd = facts.model_copy(
        update={"procedure_name": unicodedata.normalize("NFD", facts.procedure_name)}
    )
    first = render_receipt(facts, settings, printed_at=facts.received_at)
    second = render_receipt(nfd, settings, printed_at=facts.received_at)
    assert ImageChops.difference(first, second).getbbox() is None


def test_a_reprint_is_marked_and_an_official_code_has_no_provisional_note(
    settings: ReceiptSettings, facts: ReceiptFacts
) -> None:
    when = facts.received_at
    plain = render_receipt(facts, settings, printed_at=when)
    assert render_receipt(facts, settings, printed_at=when, reprint=True).height > plain.height
    official = facts.model_copy(update={"code": "000.00.00.H00-261123-0007"})
    official_picture = render_receipt(official, settings, printed_at=when)
    assert official_picture.height < plain.height
    assert qr_texts(official_picture) == [settings.lookup_link("000.00.00.H00-261123-0007")]


def test_without_a_name_or_papers_those_lines_are_left_out(
    settings: ReceiptSettings, facts: ReceiptFacts
) -> None:
    when = facts.received_at
    full = render_receipt(facts, settings, printed_at=when).height
    bare = facts.model_copy(update={"citizen": "", "papers": ()})
    assert render_receipt(bare, settings, printed_at=when).height < full - 200


def test_the_code_shrinks_to_one_line_on_58_mm_paper(facts: ReceiptFacts) -> None:
    style = Style(size=34, bold=True, fit="shrink", min_size=18)
    face = _shrunk(facts.code, style, 384 - 16)
    assert 18 <= face.size < 34
    assert face.getlength(facts.code) <= 368
    assert _shrunk("SHORT", style, 368).size == 34


def test_wrapping_keeps_every_line_inside_the_paper() -> None:
    face = font(23)
    text = "Giấy " + "x" * 120 + " tờ chứng minh nơi cư trú"
    lines = _wrap(text, face, 368, indent=30)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert face.getlength(lines[0]) <= 368
    assert all(face.getlength(line) <= 368 - 30 for line in lines[1:])
    assert _wrap("a\nb", face, 368) == ["a", "b"]


def test_rendering_is_repeatable(settings: ReceiptSettings, facts: ReceiptFacts) -> None:
    one = render_receipt(facts, settings, printed_at=facts.received_at)
    two = render_receipt(facts, settings, printed_at=facts.received_at)
    assert one.tobytes() == two.tobytes()


def test_stacked_marks_are_not_clipped_at_the_top_of_a_line(
    settings: ReceiptSettings, facts: ReceiptFacts, tmp_path: Path
) -> None:
    """A capital with a mark on a mark ("Ễ") is drawn whole inside its line."""
    tall = facts.model_copy(update={"citizen": "ỄỄỄ", "language": "vi"})
    picture = render_receipt(tall, settings, printed_at=facts.received_at)
    face = font(25, True)
    square = Image.new("L", (40, 80), 255)
    ImageDraw.Draw(square).text((0, 40), "Ễ", font=face, fill=0, anchor="ls")
    top = square.point(lambda v: 255 - v).getbbox()
    assert top is not None and top[1] >= 40 - face.getmetrics()[0]
    picture.save(tmp_path / "tall.png")
