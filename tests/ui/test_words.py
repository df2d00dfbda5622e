"""The words citizens read follow one style (docs/ui-words.md), wherever they are written.

Scans the Qt translations (ui/i18n/*.ts), the procedure catalog, the consent notice,
the receipt template and the Vietnamese string literals of the kiosk's and the
center's code, so that a new screen, procedure or sentence written another way
fails here with the rule it broke.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "ui" / "i18n"
CATALOG = ROOT / "kiosk" / "data" / "catalog.json"
TOML_TEXTS = (
    ROOT / "kiosk" / "data" / "consent_notice.toml",
    ROOT / "kiosk" / "receipt" / "template.toml",
)
CODE_DIRS = (ROOT / "kiosk", ROOT / "ui", ROOT / "center" / "web")
# The typing engine explains both tone placements on purpose; the synthetic citizens'
# names and places are proper names, spelt as their owners spell them.
CODE_EXEMPT = (ROOT / "kiosk" / "textinput", ROOT / "kiosk" / "identity" / "synthetic")
# A letter only Vietnamese uses (English text must not carry one).
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


@dataclass(frozen=True)
class Text:
    where: str
    language: str  # "vi" or "en"
    text: str
    code: bool = False
    """A literal of the code: it may mix English and Vietnamese (a CLI's help, a command)."""


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    why: str
    in_code: bool = True


def _rule(pattern: str, why: str, flags: int = re.IGNORECASE, in_code: bool = True) -> Rule:
    return Rule(re.compile(pattern, flags), why, in_code)


VIETNAMESE_RULES = (
    _rule(
        r"\w*(?:o[àáảãạèéẻẽẹ]|(?<!q)u[ỳýỷỹỵ])(?!\w)",
        "tone mark on the first vowel of oa/oe/uy ending a syllable: hòa, xóa, Hủy, thủy",
    ),
    _rule(
        r"(?<!['`])\bkiosk\b(?![^'`]*['`])",
        "the kiosk is 'ki-ốt' in Vietnamese",
        in_code=False,  # code names commands ('kiosk center enroll') and {kiosk} fields
    ),
    _rule(r"\bki ?ốt\b|\bki-ôt\b", "the kiosk is spelt 'ki-ốt'"),
    _rule(r"\bxin (?:để|chờ|chạm|đặt|đừng|nhập|giữ|vui lòng)\b", "a request starts 'Vui lòng'"),
    _rule(r"\bđể thẻ trên\b|\b(?:hãy|xin) giữ thẻ\b", "'Vui lòng giữ thẻ trên đầu đọc'"),
    _rule(r"\blà xác thực\b|\bđã xác thực\b", "a verified chip 'đã được xác thực'"),
    _rule(r"\bbiên nhận\b|\bgiấy hẹn\b|\bphiếu hẹn\b", "the receipt's one name: 'giấy tiếp nhận'"),
    _rule(r"[Bb]ộ phận một cửa", "the desk's name is 'Bộ phận Một cửa'", 0),
    _rule(r"\d[\d.]*\s*(?:đồng|VNĐ|VND|đ)(?!\w)", "amounts in Vietnamese: '200.000 ₫'"),
    _rule(r"\d,\d{3}\s*₫", "amounts in Vietnamese group thousands with dots: '200.000 ₫'"),
)
ENGLISH_RULES = (
    _rule(r"\d[\d.,]*\s*(?:₫|đồng|VNĐ|dong)(?!\w)|\d\.\d{3}\s*VND|\bVND\s*\d", "'200,000 VND'"),
    _rule(r"\w\(s\)", "English plurals: '1 page', '2 pages' (Qt %n forms or kiosk.words)"),
)


# -- where the words are ----------------------------------------------------------


def _ts_texts() -> Iterator[Text]:
    vi = ET.parse(I18N / "kiosk_vi.ts")
    for message in vi.iter("message"):
        source = message.findtext("source") or ""
        where = f"kiosk_vi.ts: {source[:50]!r}"
        if message.get("numerus") != "yes":  # English's own catalog gives those plurals
            yield Text(where, "en", source)
        translation = message.find("translation")
        if translation is not None:
            for part in translation.itertext():
                if part.strip():
                    yield Text(where, "vi", part)
    en = ET.parse(I18N / "kiosk_en.ts")
    for form in en.iter("numerusform"):
        yield Text("kiosk_en.ts", "en", form.text or "")


def _language_pairs(node: object, where: str) -> Iterator[Text]:
    """Every {"vi": ..., "en": ...} text under ``node`` (legal records and sources aside)."""
    if isinstance(node, dict):
        for language in ("vi", "en"):
            value = node.get(language)
            if isinstance(value, str):
                yield Text(where, language, value)
        for key, value in node.items():
            if key not in ("legal", "sources", "aliases", "vi", "en"):
                yield from _language_pairs(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            name = item.get("id") or item.get("code") if isinstance(item, dict) else None
            yield from _language_pairs(item, f"{where}[{name or index}]")


def _catalog() -> dict[str, object]:
    loaded = json.loads(CATALOG.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _data_texts() -> Iterator[Text]:
    yield from _language_pairs(_catalog(), "catalog")
    for path in TOML_TEXTS:
        yield from _language_pairs(tomllib.loads(path.read_text(encoding="utf-8")), path.name)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _code_texts() -> Iterator[Text]:
    """Vietnamese string literals of the code (docstrings and comments aside)."""
    for folder in CODE_DIRS:
        for path in sorted(folder.rglob("*.py")):
            if any(path.is_relative_to(exempt) for exempt in CODE_EXEMPT):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = _docstrings(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docs
                    and VIETNAMESE.search(node.value)
                ):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    yield Text(where, "vi", node.value, code=True)


def all_texts() -> list[Text]:
    return [*_ts_texts(), *_data_texts(), *_code_texts()]


# -- the rules ----------------------------------------------------------------------


def broken(texts: list[Text]) -> list[str]:
    found = []
    for item in texts:
        rules = VIETNAMESE_RULES if item.language == "vi" else ENGLISH_RULES
        for rule in rules:
            if item.code and not rule.in_code:
                continue
            for match in rule.pattern.finditer(item.text):
                found.append(f"{item.where}: {match.group(0)!r} ({rule.why})")
    return found


def test_every_text_follows_the_spelling_and_wording_rules() -> None:
    texts = all_texts()
    assert len(texts) > 500, "the scan found the texts"
    assert broken(texts) == []


def test_the_rules_catch_the_variants_they_forbid() -> None:
    """Each rule fails a sentence written the other way (the scan above cannot pass vacuously)."""
    wrong = [
        Text("x", "vi", "Huỷ"),
        Text("x", "vi", "Bạn có muốn xoá?"),
        Text("x", "vi", "Máy kiosk chưa lưu"),
        Text("x", "vi", "Đặt thẻ lên ki ốt"),
        Text("x", "vi", "Xin chờ một chút."),
        Text("x", "vi", "Hãy giữ thẻ trên đầu đọc."),
        Text("x", "vi", "Dữ liệu trong chip là xác thực."),
        Text("x", "vi", "Nhận giấy hẹn"),
        Text("x", "vi", "đến bộ phận một cửa"),
        Text("x", "vi", "Phí: 200.000 đồng"),
        Text("x", "vi", "200,000 ₫"),
        Text("x", "en", "To pay: 200.000 ₫"),
        Text("x", "en", "2 page(s)"),
    ]
    assert len(broken(wrong)) == len(wrong)
    right = [
        Text("x", "vi", "Hủy và xóa mọi thông tin? Quý khách, hoàng hôn, khuyến mãi, quỳ."),
        Text("x", "vi", "Vui lòng giữ thẻ trên đầu đọc. Chip đã được xác thực."),
        Text("x", "vi", "Phí: 200.000 ₫. Ki-ốt không thu tiền. Bộ phận Một cửa."),
        Text("x", "vi", "Kỹ thuật viên đặt mã bằng lệnh 'kiosk service-pin set'."),
        Text("x", "en", "To pay: 200,000 VND for 1 page, or 2 pages."),
    ]
    assert broken(right) == []


def test_may_be_left_empty_is_said_once_by_the_question_screen() -> None:
    """'Có thể bỏ trống' is the question screen's; catalog help texts do not repeat it."""
    said = [t.where for t in all_texts() if "có thể bỏ trống" in t.text.lower()]
    assert len(said) == 1 and said[0].startswith("kiosk_vi.ts"), said


def test_every_paper_has_one_name_in_each_language() -> None:
    names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    procedures = _catalog()["procedures"]
    assert isinstance(procedures, list)
    for procedure in procedures:
        for paper in procedure["papers"]:
            names[paper["id"]].add((paper["name"]["vi"], paper["name"]["en"]))
    assert {paper: found for paper, found in names.items() if len(found) > 1} == {}
    for paper, ((vi, en),) in ((p, tuple(n)) for p, n in names.items()):
        assert en.strip() and en != vi and not VIETNAMESE.search(en), (paper, en)


def test_english_texts_are_english_and_everything_is_precomposed() -> None:
    """Every catalog text has its English (not a copy of the Vietnamese), and all text is
    NFC (one code point per letter: search, sorting and the receipt's font expect it)."""
    pairs: dict[str, dict[str, str]] = defaultdict(dict)
    for text in _data_texts():
        pairs[text.where][text.language] = text.text
    untranslated = [
        where
        for where, pair in pairs.items()
        if not pair.get("en", "").strip()
        or (pair.get("vi") == pair["en"] and VIETNAMESE.search(pair["en"]))
    ]
    assert untranslated == []
    not_nfc = [t.where for t in all_texts() if not unicodedata.is_normalized("NFC", t.text)]
    assert not_nfc == []


@pytest.mark.parametrize("count", [1, 2, 5])
def test_english_counts_take_the_plural_they_need(count: int) -> None:
    from kiosk.words import pages_text

    assert pages_text(count, "en") == (f"{count} page" if count == 1 else f"{count} pages")
    assert pages_text(count, "vi") == f"{count} trang"
