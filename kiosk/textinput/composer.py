"""Telex and VNI typing: the keys of one word in, the Vietnamese word out.

The model is a per-word buffer of the keys as typed; the word shown is
recomputed from them on every key (a word is a few keys, so this costs
nothing, and it keeps backspace and "typed elsewhere" simple and exact).

Telex: ``s f r x j`` = sắc huyền hỏi ngã nặng, ``z`` clears the tone;
``aa ee oo`` = â ê ô; ``aw ow uw`` = ă ơ ư and a lone ``w`` = ư; ``dd`` = đ.
VNI: ``1``-``5`` the tones, ``0`` clears it, ``6`` â ê ô, ``7`` ơ ư, ``8`` ă, ``9`` đ.

Rules every key follows:

- a tone goes on the vowel the spelling rules say (:func:`tone_position`),
  wherever in the word it was typed (``Nguyeenx`` → ``Nguyễn``);
- a key that would not leave a plausible Vietnamese syllable is typed as the
  letter itself (``Chris`` stays ``Chris``);
- pressing the same key again undoes it and types the key (``ass`` → ``as``,
  ``aaa`` → ``aa``, ``ww`` → ``w``); the rest of that word is then typed
  literally, as in Unikey, so ``www`` is ``ww`` and ``wwww`` is ``www``;
- when a word is finished (:meth:`WordComposer.commit`) and it still is not
  Vietnamese after more than a last stray key, the keys come back as typed
  (``Google`` stays ``Google``, ``Nguyễnq`` keeps its ``ễ``);
- backspace removes the last character *shown*, with its tone if it carried
  it (``Việt`` → ``Việ`` → ``Vi``), never a hidden key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from kiosk.textinput.letters import Letter, Mark, Tone, plain, split_char
from kiosk.textinput.syllable import ToneStyle, is_plausible, split, tone_position


class TypingMethod(Enum):
    """How keys become Vietnamese letters; OFF types every key as itself."""

    TELEX = "telex"
    VNI = "vni"
    OFF = "off"


TELEX_TONES = {"s": Tone.SAC, "f": Tone.HUYEN, "r": Tone.HOI, "x": Tone.NGA, "j": Tone.NANG}
VNI_TONES = {"1": Tone.SAC, "2": Tone.HUYEN, "3": Tone.HOI, "4": Tone.NGA, "5": Tone.NANG}
_W_MARKS = {"a": Mark.BREVE, "o": Mark.HORN, "u": Mark.HORN}
_HORN_MARKS = {"o": Mark.HORN, "u": Mark.HORN}
_BREVE_MARKS = {"a": Mark.BREVE}
_HAT_MARKS = {"a": Mark.HAT, "e": Mark.HAT, "o": Mark.HAT}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class Word:
    """A word being typed: its letters, the one tone, and whether keys are now literal."""

    letters: list[Letter] = field(default_factory=list)
    tone: Tone = Tone.NGANG
    style: ToneStyle = ToneStyle.NEW
    literal: bool = False  # after an undo by doubling: the rest is typed as is
    last_key: str = ""  # the key before this one ("" right after a seed)

    def render(self) -> str:
        at = tone_position(self.letters, self.style) if self.tone is not Tone.NGANG else None
        text = "".join(
            letter.render(self.tone if index == at else Tone.NGANG)
            for index, letter in enumerate(self.letters)
        )
        return nfc(text)

    def plausible(self) -> bool:
        return is_plausible(self.letters, self.tone)

    def append(self, char: str) -> None:
        self.letters.append(plain(char))

    def undo(self, char: str) -> None:
        """The same key twice: its effect is gone, the key is typed, the rest is literal."""
        self.append(char)
        self.literal = True


def seed_word(text: str, style: ToneStyle) -> Word:
    """A word already on screen, taken apart so that keys typed after it still work.

    If taking it apart and putting it back would change it (two tones, a tone
    placed in neither style), it is kept exactly and typed on literally.
    """
    text = nfc(text)
    letters: list[Letter] = []
    tones: list[Tone] = []
    for char in text:
        letter, tone = split_char(char)
        letters.append(letter)
        if tone is not Tone.NGANG:
            tones.append(tone)
    if len(tones) <= 1:
        tone = tones[0] if tones else Tone.NGANG
        for candidate in (style, *(other for other in ToneStyle if other is not style)):
            word = Word(list(letters), tone, candidate)
            if word.render() == text:
                return word
    return Word([Letter(char, opaque=True) for char in text], style=style, literal=True)


# -- the keys ------------------------------------------------------------------


def _set_tone(word: Word, tone: Tone, char: str) -> bool:
    parts = split(word.letters)
    if parts.nucleus_start == parts.nucleus_end:
        return False
    if word.tone is tone:
        word.tone = Tone.NGANG
        word.undo(char)
        return True
    if is_plausible(word.letters, tone):
        word.tone = tone
        return True
    return False


def _clear_tone(word: Word) -> bool:
    if word.tone is Tone.NGANG:
        return False
    word.tone = Tone.NGANG
    return True


def _double_vowel(word: Word, char: str) -> bool:
    """Telex ``aa ee oo``: the key right after its vowel puts the hat on it.

    Right after means the previous *key* too: ``ara`` stays ``ảa`` (then
    ``Sarah`` can come back as typed) rather than become ``ẩ``.
    """
    if not word.letters or word.last_key.lower() not in ("", char.lower()):
        return False
    last = word.letters[-1]
    if last.opaque or last.base != char.lower():
        return False
    if last.mark is Mark.HAT:
        word.letters[-1] = last.with_mark(Mark.NONE)
        word.undo(char)
        return True
    changed = [*word.letters[:-1], last.with_mark(Mark.HAT)]
    if is_plausible(changed, word.tone):
        word.letters = changed
        return True
    return False


def _mark(word: Word, char: str, marks: dict[str, Mark], *, lone_w: bool = False) -> bool:
    """Put a mark on the vowel of the nucleus it fits; ``uo`` takes the horn as a pair.

    Tries the pair ``uo`` → ``ươ`` first, then each vowel from the last; keeps
    the first that leaves a plausible syllable. If the mark is already there,
    the key undoes it. Telex's lone ``w`` adds an ``ư`` when nothing else fits.
    """
    letters = word.letters
    nucleus = list(split(letters).nucleus())
    targets = [i for i in reversed(nucleus) if letters[i].base in marks]
    candidates = [[i] for i in targets]
    for i in nucleus[:-1]:
        if Mark.HORN in marks.values() and letters[i].base == "u" and letters[i + 1].base == "o":
            candidates.insert(0, [i, i + 1])
    for candidate in candidates:
        todo = [i for i in candidate if letters[i].mark is not marks[letters[i].base]]
        changed = list(letters)
        for i in todo:
            changed[i] = changed[i].with_mark(marks[changed[i].base])
        if todo and is_plausible(changed, word.tone):
            word.letters = changed
            return True
    marked = [i for i in targets if letters[i].mark is marks[letters[i].base]]
    if marked:
        _unmark(word, marked, char)
        return True
    if lone_w:
        changed = [*letters, Letter("u", upper=char.isupper(), mark=Mark.HORN, from_w=True)]
        if is_plausible(changed, word.tone):
            word.letters = changed
            return True
    return False


def _unmark(word: Word, marked: list[int], char: str) -> None:
    """The mark key again: the marks go; a lone-w ``ư`` becomes the ``w`` itself."""
    letters = word.letters
    lone = False
    for i in marked:
        if letters[i].from_w:
            letters[i] = Letter("w", upper=letters[i].upper)
            lone = True
        else:
            letters[i] = letters[i].with_mark(Mark.NONE)
    if lone:
        word.literal = True
    else:
        word.undo(char)


def _bar(word: Word, char: str, *, only_right_after: bool) -> bool:
    """``dd`` (Telex, right after the first d) or ``9`` (VNI, anywhere): the initial đ."""
    letters = word.letters
    if not letters or letters[0].opaque or letters[0].base != "d":
        return False
    if only_right_after and len(letters) != 1:
        return False
    if letters[0].mark is Mark.BAR:
        letters[0] = letters[0].with_mark(Mark.NONE)
        word.undo(char)
        return True
    changed = [letters[0].with_mark(Mark.BAR), *letters[1:]]
    if is_plausible(changed, word.tone):
        word.letters = changed
        return True
    return False


def _telex(word: Word, char: str) -> bool:
    low = char.lower()
    if low in TELEX_TONES:
        return _set_tone(word, TELEX_TONES[low], char)
    if low == "z":
        return _clear_tone(word)
    if low in ("a", "e", "o"):
        return _double_vowel(word, char)
    if low == "w":
        return _mark(word, char, _W_MARKS, lone_w=True)
    if low == "d":
        return _bar(word, char, only_right_after=True)
    return False


def _vni(word: Word, char: str) -> bool:
    if char in VNI_TONES:
        return _set_tone(word, VNI_TONES[char], char)
    actions: dict[str, Callable[[], bool]] = {
        "0": lambda: _clear_tone(word),
        "6": lambda: _mark(word, char, _HAT_MARKS),
        "7": lambda: _mark(word, char, _HORN_MARKS),
        "8": lambda: _mark(word, char, _BREVE_MARKS),
        "9": lambda: _bar(word, char, only_right_after=False),
    }
    action = actions.get(char)
    return action() if action is not None else False


def press(word: Word, char: str, method: TypingMethod) -> None:
    """Apply one key to ``word``: as a Telex/VNI instruction if it fits, else as itself."""
    done = False
    if not word.literal and len(char) == 1:
        if method is TypingMethod.TELEX:
            done = _telex(word, char)
        elif method is TypingMethod.VNI:
            done = _vni(word, char)
    if not done:
        word.append(char)
    word.last_key = char


def _close_uo(word: Word) -> None:
    """A finished word never ends in ``ươ``: it was ``uơ`` (``thuở``, ``huơ``).

    While typing, ``uow`` shows ``ươ`` because ``ương``/``ười`` are far more
    common; only the end of the word tells.
    """
    letters = word.letters
    parts = split(letters)
    nucleus = [letters[i].key for i in parts.nucleus()]
    if nucleus == ["u\u031b", "o\u031b"] and parts.nucleus_end == len(letters):
        letters[parts.nucleus_start] = letters[parts.nucleus_start].with_mark(Mark.NONE)


# -- the composer -----------------------------------------------------------------


class WordComposer:
    """The word under the cursor: keys in, rendered NFC text out.

    The caller splits words (:meth:`accepts`); a key that is not part of a
    word (space, punctuation, a digit in Telex) ends it with :meth:`commit`.
    """

    def __init__(
        self, method: TypingMethod = TypingMethod.TELEX, style: ToneStyle = ToneStyle.NEW
    ) -> None:
        self._method = method
        self.style = style
        self._seed = ""
        self._keys: list[str] = []

    # -- state
    @property
    def method(self) -> TypingMethod:
        return self._method

    @method.setter
    def method(self, method: TypingMethod) -> None:
        """Switching method keeps the word as shown; later keys follow the new method."""
        if method is not self._method:
            self.seed(self.text)
            self._method = method

    @property
    def text(self) -> str:
        return self._render(self._keys).render()

    @property
    def typed(self) -> str:
        """The keys as typed (after the word it started from, if any)."""
        return nfc(self._seed + "".join(self._keys))

    def accepts(self, char: str) -> bool:
        """Whether ``char`` belongs to the word (letters; VNI digits too)."""
        if len(char) != 1:
            return False
        return char.isalpha() or (self._method is TypingMethod.VNI and char.isdigit())

    def _render(self, keys: Sequence[str]) -> Word:
        word = seed_word(self._seed, self.style)
        for key in keys:
            for char in key:
                press(word, char, self._method)
        return word

    # -- editing
    def type(self, key: str) -> str:
        """Type ``key`` (one or more characters) into the word; the word as shown now."""
        self._keys.append(key)
        return self.text

    def backspace(self) -> str:
        """Remove the last character shown; the word as shown now.

        Keeps the key history when some earlier point of it shows exactly the
        shorter word (so ``Nguyễnq`` ⌫ is ``Nguyễn`` and its keys still undo);
        otherwise starts again from the shorter word as shown.
        """
        shown = self.text
        if not shown:
            return ""
        wanted = nfc(shown[:-1])
        for end in range(len(self._keys) - 1, -1, -1):
            if self._render(self._keys[:end]).render() == wanted:
                del self._keys[end:]
                return wanted
        return self.seed(wanted)

    def seed(self, text: str) -> str:
        """Start from a word already on screen (the cursor moved into it)."""
        self._seed = nfc(text)
        self._keys = []
        return self.text

    def reset(self) -> None:
        self.seed("")

    def commit(self) -> str:
        """The finished word (then empty again).

        A word that is not Vietnamese, and was not just before its last key
        either, comes back as typed: a foreign word, not a typo at the end.
        """
        word = self._render(self._keys)
        _close_uo(word)
        result = word.render()
        if (
            self._method is not TypingMethod.OFF
            and self._keys
            and not word.literal
            and not word.plausible()
            and not self._render(self._keys[:-1]).plausible()
        ):
            result = self.typed
        self.reset()
        return result


def type_text(
    keys: str, method: TypingMethod = TypingMethod.TELEX, style: ToneStyle = ToneStyle.NEW
) -> str:
    """What typing ``keys`` on a keyboard gives, words committed at each separator."""
    composer = WordComposer(method, style)
    out: list[str] = []
    for char in keys:
        if composer.accepts(char):
            composer.type(char)
        else:
            out.append(composer.commit())
            out.append(char)
    out.append(composer.commit())
    return nfc("".join(out))
