"""Vietnamese letters as (base, mark, tone): building and splitting precomposed characters.

A Vietnamese letter is a Latin base (``a`` … ``z``) with at most one *mark*
(the hat of â ê ô, the breve of ă, the horn of ơ ư, the bar of đ) and, on the
one vowel that carries it, a *tone*. The engine works on these parts and only
composes characters when it renders, always to Unicode NFC.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from enum import Enum


class Mark(Enum):
    """The diacritic that makes a different letter (not the tone)."""

    _value_: str

    NONE = ""
    HAT = "\u0302"  # â ê ô
    BREVE = "\u0306"  # ă
    HORN = "\u031b"  # ơ ư
    BAR = "đ"  # đ has no combining form: handled by hand


class Tone(Enum):
    """The six tones; NGANG (level) has no mark."""

    _value_: str

    NGANG = ""
    SAC = "\u0301"  # á
    HUYEN = "\u0300"  # à
    HOI = "\u0309"  # ả
    NGA = "\u0303"  # ã
    NANG = "\u0323"  # ạ


VOWELS = frozenset("aeiouy")
# The Vietnamese alphabet has no f, j, w or z: a word holding one is not Vietnamese.
VIETNAMESE_CONSONANTS = frozenset("bcdghklmnpqrstvx")
# Which base may carry which mark.
MARKS_OF: dict[str, frozenset[Mark]] = {
    "a": frozenset({Mark.HAT, Mark.BREVE}),
    "e": frozenset({Mark.HAT}),
    "o": frozenset({Mark.HAT, Mark.HORN}),
    "u": frozenset({Mark.HORN}),
    "d": frozenset({Mark.BAR}),
}
_TONE_OF_COMBINING = {tone.value: tone for tone in Tone if tone.value}
_MARK_OF_COMBINING = {
    mark.value: mark for mark in (Mark.HAT, Mark.BREVE, Mark.HORN) if len(mark.value) == 1
}


@dataclass(frozen=True)
class Letter:
    """One character of a word being typed.

    ``opaque`` letters (digits, punctuation, letters of other scripts) are kept
    exactly as typed in ``base`` and never take part in Vietnamese rules.
    ``from_w`` marks the ư that a lone Telex ``w`` produced, so that ``ww``
    gives back a plain ``w``.
    """

    base: str
    upper: bool = False
    mark: Mark = Mark.NONE
    opaque: bool = False
    from_w: bool = False

    @property
    def is_vowel(self) -> bool:
        return not self.opaque and self.base in VOWELS

    @property
    def is_vietnamese(self) -> bool:
        """A letter of the Vietnamese alphabet (with a mark its base allows)."""
        if self.opaque or (self.base not in VOWELS and self.base not in VIETNAMESE_CONSONANTS):
            return False
        return self.mark is Mark.NONE or self.mark in MARKS_OF.get(self.base, frozenset())

    @property
    def key(self) -> str:
        """Base plus mark, lower case: ``ư`` is ``"u\u031b"``, ``đ`` is ``"đ"``."""
        if self.mark is Mark.BAR:
            return "đ"
        return self.base + str(self.mark.value)

    def with_mark(self, mark: Mark) -> Letter:
        return replace(self, mark=mark, from_w=False)

    def render(self, tone: Tone = Tone.NGANG) -> str:
        """This letter as NFC text, with ``tone`` if it carries the word's tone."""
        if self.opaque:
            return self.base
        if self.mark is Mark.BAR:
            text = "đ" if self.base == "d" else self.base
        else:
            text = self.base + self.mark.value
        text += tone.value
        if self.upper:
            text = text.upper()
        return unicodedata.normalize("NFC", text)


def plain(char: str) -> Letter:
    """A key typed as itself: an ASCII letter keeps its case, anything else is opaque."""
    if len(char) == 1 and char.isascii() and char.isalpha():
        return Letter(char.lower(), upper=char.isupper())
    return Letter(char, opaque=True)


def split_char(char: str) -> tuple[Letter, Tone]:
    """A precomposed character split into its letter and tone (``Ễ`` → E+hat, ngã).

    Anything the engine cannot take apart exactly (other scripts, other
    accents, two tones) comes back as an opaque letter, kept as it is.
    """
    if char in ("đ", "Đ"):
        return Letter("d", upper=char == "Đ", mark=Mark.BAR), Tone.NGANG
    decomposed = unicodedata.normalize("NFD", char)
    base, rest = decomposed[0], decomposed[1:]
    if not (base.isascii() and base.isalpha()):
        return Letter(char, opaque=True), Tone.NGANG
    mark, tone = Mark.NONE, Tone.NGANG
    for combining in rest:
        if combining in _MARK_OF_COMBINING and mark is Mark.NONE:
            mark = _MARK_OF_COMBINING[combining]
        elif combining in _TONE_OF_COMBINING and tone is Tone.NGANG:
            tone = _TONE_OF_COMBINING[combining]
        else:
            return Letter(char, opaque=True), Tone.NGANG
    letter = Letter(base.lower(), upper=base.isupper(), mark=mark)
    if mark is not Mark.NONE and mark not in MARKS_OF.get(letter.base, frozenset()):
        return Letter(char, opaque=True), Tone.NGANG
    if tone is not Tone.NGANG and not letter.is_vowel:
        return Letter(char, opaque=True), Tone.NGANG
    return letter, tone
