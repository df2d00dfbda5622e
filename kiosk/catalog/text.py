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


_LONE_Y = re.compile(r"\b([b-df-hj-np-tv-xz]+)y\b")


def unify_spelling(folded: str) -> str:
    """Folded text with the final "y" of a syllable like "ký", "lý", "mỹ" written "i".

    Both spellings are in use ("chữ kí" and "chữ ký", "lí lịch" and "lý lịch"); a
    search must not tell them apart. "uy", "ay" and other pairs are different
    vowels and stay as they are.
    """
    return _LONE_Y.sub(r"\1i", folded)


def tokens(text: str) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()


def acronym(text: str) -> str:
    """First letters of the folded words: "Lý lịch tư pháp" → ``"lltp"``."""
    return "".join(word[0] for word in tokens(text) if word[0].isalpha())
