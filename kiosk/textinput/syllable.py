"""The shape of a Vietnamese syllable: initial consonant, vowel nucleus, final consonant.

Two questions are answered here, both on a word still being typed:

- :func:`is_plausible`: could these letters be (the beginning of) a Vietnamese
  syllable? A Telex or VNI key is only applied when the answer stays yes, so
  "Chris" does not become "Chrí".
- :func:`tone_position`: which vowel carries the tone, by the standard rules.

The check is deliberately lenient about what is not typed yet: a vowel
without its mark matches the marked one (``viet`` may still become ``việt``),
and a nucleus that needs a final consonant (``iê``, ``ươ``) is accepted
without one, because the final comes after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from kiosk.textinput.letters import Letter, Mark, Tone


class ToneStyle(Enum):
    """Where the tone goes in an open ``oa``, ``oe``, ``uy``.

    NEW (the default, the 1980s spelling reform and most current keyboards):
    on the main vowel, ``hoà``, ``khoẻ``, ``thuỷ``. OLD (still common in names
    and on older documents): on the first vowel, ``hòa``, ``khỏe``, ``thủy``.
    Every other placement is the same in both.
    """

    NEW = "new"
    OLD = "old"


INITIALS = frozenset(
    {
        "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
        "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
    }
)  # fmt: skip
# What may stand alone while the initial is still being typed (``q`` before its ``u``).
INITIAL_PREFIXES = frozenset({""} | INITIALS | {"q"})
FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
STOP_FINALS = frozenset({"c", "ch", "p", "t"})
# A syllable closed by a stop takes only sắc or nặng (ngang while the tone is not typed yet).
STOP_TONES = frozenset({Tone.NGANG, Tone.SAC, Tone.NANG})
FRONT_VOWELS = frozenset("eiy")

_H, _B, _R = Mark.HAT.value, Mark.BREVE.value, Mark.HORN.value
# Nuclei (written as base + mark keys) that never take a final consonant.
OPEN_NUCLEI = frozenset(
    {
        "ai", "ao", "au", "ay", f"a{_H}u", f"a{_H}y", "eo", f"e{_H}u", "ia", "iu",
        "oi", f"o{_H}i", f"o{_R}i", "ui", f"u{_R}i", f"u{_R}u", "ua", f"u{_R}a",
        f"ie{_H}u", f"ye{_H}u", "oai", "oay", "oao", "oeo", f"ua{_H}y", f"uo{_H}i",
        f"u{_R}o{_R}i", f"u{_R}o{_R}u", "uya", "uyu", f"uo{_R}",
    }
)  # fmt: skip
# Nuclei that may (or must, once finished) be followed by a final consonant.
CLOSABLE_NUCLEI = frozenset(
    {
        "a", f"a{_B}", f"a{_H}", "e", f"e{_H}", "i", "o", f"o{_H}", f"o{_R}", "u", f"u{_R}",
        "y", f"ie{_H}", f"ye{_H}", f"uo{_H}", f"u{_R}o{_R}", "oa", f"oa{_B}", "oe", f"ua{_H}",
        f"ue{_H}", "uy", f"uye{_H}", "oo",
    }
)  # fmt: skip


def _letters_of(key: str) -> list[tuple[str, Mark]]:
    """``"uo\u031b"`` → [("u", NONE), ("o", HORN)]."""
    result: list[tuple[str, Mark]] = []
    for char in key:
        if char in (_H, _B, _R):
            result[-1] = (result[-1][0], Mark(char))
        else:
            result.append((char, Mark.NONE))
    return result


_NUCLEI: list[tuple[list[tuple[str, Mark]], bool]] = [
    (_letters_of(key), key in CLOSABLE_NUCLEI) for key in sorted(OPEN_NUCLEI | CLOSABLE_NUCLEI)
]


@dataclass(frozen=True)
class Parts:
    """Where the initial ends and the nucleus ends, as indexes into the word."""

    nucleus_start: int
    nucleus_end: int

    def nucleus(self) -> range:
        return range(self.nucleus_start, self.nucleus_end)


def _initial_text(letters: Sequence[Letter]) -> str:
    return "".join("đ" if letter.mark is Mark.BAR else letter.base for letter in letters)


def split(letters: Sequence[Letter]) -> Parts:
    """Initial / nucleus / final of any word (plausible or not).

    The ``u`` of ``qu`` and the ``i`` of ``gi`` before another vowel belong to
    the initial (``quý``: the tone is on ``y``; ``già``: on ``a``).
    """
    start = 0
    while start < len(letters) and not letters[start].is_vowel:
        start += 1
    initial = _initial_text(letters[:start])
    after = start + 1
    vowel_follows = after < len(letters) and letters[after].is_vowel
    if vowel_follows and (
        (initial == "q" and letters[start].base == "u")
        or (initial == "g" and letters[start].base == "i" and letters[start].mark is Mark.NONE)
    ):
        start = after
    end = start
    while end < len(letters) and letters[end].is_vowel:
        end += 1
    return Parts(start, end)


def _matches(typed: Sequence[Letter], nucleus: list[tuple[str, Mark]]) -> bool:
    """Same vowels; each typed mark is the nucleus's or not typed yet."""
    return len(typed) == len(nucleus) and all(
        letter.base == base and letter.mark in (Mark.NONE, mark)
        for letter, (base, mark) in zip(typed, nucleus, strict=True)
    )


def is_plausible(letters: Sequence[Letter], tone: Tone = Tone.NGANG) -> bool:
    """Whether ``letters`` with ``tone`` may be (the start of) a Vietnamese syllable."""
    if not all(letter.is_vietnamese for letter in letters):
        return False
    parts = split(letters)
    initial = _initial_text(letters[: parts.nucleus_start])
    nucleus = letters[parts.nucleus_start : parts.nucleus_end]
    final = _initial_text(letters[parts.nucleus_end :])
    if not nucleus:
        return not final and tone is Tone.NGANG and initial in INITIAL_PREFIXES
    if initial == "q":  # "qu" still waiting for its vowel
        return len(nucleus) == 1 and nucleus[0].key == "u" and not final and tone is Tone.NGANG
    return (
        _initial_fits(initial, nucleus[0])
        and final in FINALS
        and (final not in STOP_FINALS or tone in STOP_TONES)
        and _nucleus_fits(nucleus, closed=bool(final))
    )


def _initial_fits(initial: str, first_vowel: Letter) -> bool:
    """A known initial, with the spelling of k/gh/ngh (before e ê i y) and c/ng (not)."""
    if initial not in INITIALS and initial != "":
        return False
    front = first_vowel.base in FRONT_VOWELS
    if initial in ("k", "gh", "ngh"):
        return front
    return not (initial in ("c", "ng") and front)


def _nucleus_fits(nucleus: Sequence[Letter], *, closed: bool) -> bool:
    fits = [closable for shape, closable in _NUCLEI if _matches(nucleus, shape)]
    return any(fits) if closed else bool(fits)


def tone_position(letters: Sequence[Letter], style: ToneStyle = ToneStyle.NEW) -> int | None:
    """Index of the vowel that carries the tone, or None when there is no vowel.

    1. a vowel with a mark (ă â ê ô ơ ư) takes it; in ``ươ`` the ``ơ``;
    2. a single vowel takes it;
    3. with a final consonant, the last vowel of the nucleus (``hoàn``, ``thuyết``);
    4. three vowels: the middle one (``ngoài``, ``khuỷu``);
    5. ``oa``, ``oe``, ``uy``: the second (NEW) or the first (OLD);
    6. any other two: the first (``mùa``, ``hài``, ``mía``).
    """
    parts = split(letters)
    nucleus = list(parts.nucleus())
    if not nucleus:
        return None
    marked = [i for i in nucleus if letters[i].mark in (Mark.HAT, Mark.BREVE, Mark.HORN)]
    if marked:
        return marked[-1]
    closed = parts.nucleus_end < len(letters)
    if len(nucleus) == 1 or closed:
        return nucleus[-1]
    if len(nucleus) >= 3:
        return nucleus[1]
    pair = letters[nucleus[0]].base + letters[nucleus[1]].base
    main_vowel_second = pair in ("oa", "oe", "uy") and style is ToneStyle.NEW
    return nucleus[1] if main_vowel_second else nucleus[0]
