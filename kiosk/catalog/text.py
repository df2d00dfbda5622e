"""Folding Vietnamese text for matching: no diacritics, no case, no punctuation.

Citizens type on a kiosk keyboard that may have no Vietnamese input method,
so "ly lich tu phap" must match "Lý lịch tư pháp". Unicode NFD splits every
accented letter into its base letter and combining marks, which are dropped;
"đ" is a letter of its own (not d + a mark) and is mapped by hand.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z.]+")
_EDGE_DOTS = re.compile(r"(?<![0-9])\.|\.(?![0-9])")


def fold(text: str) -> str:
    """``"Đăng ký KHAI SINH!"`` → ``"dang ky khai sinh"`` (dots kept only inside numbers)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    # Keep "1.001193" whole (procedure codes) but not the dot that ends a sentence.
    return " ".join(_NON_WORD.sub(" ", _EDGE_DOTS.sub(" ", bare)).split())


def tokens(text: str) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()


def acronym(text: str) -> str:
    """First letters of the folded words: "Lý lịch tư pháp" → ``"lltp"``."""
    return "".join(word[0] for word in tokens(text) if word[0].isalpha())
