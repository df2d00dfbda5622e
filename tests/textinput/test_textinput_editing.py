"""Undo by doubling, capitals, foreign words, backspace, starting from text on screen."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.textinput import ToneStyle, TypingMethod, WordComposer, is_plausible, type_text
from kiosk.textinput.letters import Letter, Mark, Tone, split_char

VNI = TypingMethod.VNI


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("ass", "as"),
        ("aff", "af"),
        ("Vieetjj", "Viêtj"),
        ("aaa", "aa"),
        ("eee", "ee"),
        ("ooo", "oo"),
        ("xooong", "xoong"),
        ("aww", "aw"),
        ("uww", "uw"),
        ("uoww", "uow"),
        ("ww", "w"),
        ("tww", "tw"),
        ("ddd", "dd"),
        # after an undo the rest of the word is literal, as in Unikey
        ("www", "ww"),
        ("wwww", "www"),
        ("asss", "ass"),
    ],
)
def test_doubling_undoes(keys: str, expected: str) -> None:
    assert type_text(keys) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [("a11", "a1"), ("a66", "a6"), ("o77", "o7"), ("a88", "a8"), ("d99", "d9")],
)
def test_vni_doubling_undoes(keys: str, expected: str) -> None:
    assert type_text(keys, VNI) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("NGUYEENX", "NGUYỄN"),
        ("Nguyeenx", "Nguyễn"),
        ("NguyeEnx", "Nguyễn"),  # the mark key's case does not matter
        ("Ddaf", "Đà"),
        ("DDAF", "ĐÀ"),
        ("UWS", "Ứ"),
        ("TRUWOWNGF", "TRƯỜNG"),
        ("Aas", "Ấ"),
        ("aAs", "ấ"),
    ],
)
def test_capitals_are_kept(keys: str, expected: str) -> None:
    assert type_text(keys) == expected


@pytest.mark.parametrize(
    "word",
    ["Email", "Chris", "xxx", "James", "David", "Thomas", "Peter", "Sarah", "Google", "Facebook"],
)
def test_foreign_words_stay_as_typed(word: str) -> None:
    assert type_text(word) == word


def test_a_key_that_cannot_apply_is_typed() -> None:
    assert type_text("Chri") + "s" == type_text("Chris")
    assert type_text("s") == "s"
    assert type_text("Viettf") == "Viettf"  # no tone after "tt"
    # a stop final takes only sắc or nặng: the f is typed as a letter
    assert type_text("Vieetf") == "Viêtf"


def test_a_stray_last_key_keeps_the_vietnamese() -> None:
    assert type_text("Nguyeenxq") == "Nguyễnq"


def backspaced(keys: str) -> list[str]:
    composer = WordComposer()
    for key in keys:
        composer.type(key)
    shown = [composer.text]
    while composer.text:
        shown.append(composer.backspace())
    return shown


def test_backspace_removes_the_last_character_shown() -> None:
    assert backspaced("Nguyeenx") == ["Nguyễn", "Nguyễ", "Nguy", "Ngu", "Ng", "N", ""]
    assert backspaced("Vieetj") == ["Việt", "Việ", "Vi", "V", ""]
    assert backspaced("ddaau") == ["đâu", "đâ", "đ", ""]


def test_backspace_keeps_the_keys_when_it_can() -> None:
    composer = WordComposer()
    for key in "Nguyeenxq":
        composer.type(key)
    assert composer.backspace() == "Nguyễn"
    assert composer.type("x") == "Nguyênx"  # the x still undoes the tone it made


def test_typing_goes_on_after_backspace() -> None:
    composer = WordComposer()
    for key in "Vieetj":
        composer.type(key)
    composer.backspace()
    assert composer.type("t") == "Việt"
    composer.backspace()
    composer.backspace()
    assert composer.text == "Vi"
    for key in "eetj":
        composer.type(key)
    assert composer.text == "Việt"


def test_backspace_on_nothing() -> None:
    assert WordComposer().backspace() == ""


@pytest.mark.parametrize(
    ("seed", "keys", "expected"),
    [
        ("Nguyên", "x", "Nguyễn"),
        ("Việ", "t", "Việt"),
        ("ngươ", "if", "người"),
        ("Hòa", "n", "Hoàn"),  # an old-style word is kept as it is until it changes
        ("hoa", "f", "hoà"),
        ("", "as", "á"),
        ("Jürgen", "s", "Jürgens"),
    ],
)
def test_seeded_from_the_screen(seed: str, keys: str, expected: str) -> None:
    composer = WordComposer()
    assert composer.seed(seed) == seed
    for key in keys:
        composer.type(key)
    assert composer.text == expected


def test_seed_keeps_an_old_style_word_unchanged() -> None:
    composer = WordComposer(style=ToneStyle.NEW)
    assert composer.seed("Thủy") == "Thủy"
    assert composer.commit() == "Thủy"


def test_switching_method_keeps_the_word() -> None:
    composer = WordComposer()
    for key in "Vieet":
        composer.type(key)
    composer.method = VNI
    assert composer.type("5") == "Việt"


def test_commit_gives_the_word_and_starts_again() -> None:
    composer = WordComposer()
    for key in "hoaf":
        composer.type(key)
    assert composer.commit() == "hoà"
    assert composer.text == ""
    assert composer.typed == ""


def test_accepts() -> None:
    telex, vni = WordComposer(), WordComposer(VNI)
    assert telex.accepts("a") and vni.accepts("a")
    assert not telex.accepts("1") and vni.accepts("1")
    assert not telex.accepts(" ") and not telex.accepts(",") and not telex.accepts("ab")


@pytest.mark.parametrize(
    ("word", "plausible"),
    [
        ("nguyên", True),
        ("viet", True),  # the marks may still come
        ("ngh", True),
        ("q", True),
        ("qu", True),
        ("chri", False),
        ("ema", False),
        ("aim", False),  # ai never takes a final
        ("ke", True),
        ("ka", False),  # k only before e ê i y
        ("ci", False),  # c never before e ê i y
        ("ghe", True),
        ("fa", False),
    ],
)
def test_plausible_syllables(word: str, plausible: bool) -> None:
    letters = [split_char(char)[0] for char in word]
    assert is_plausible(letters) is plausible


def test_stop_finals_take_only_sac_or_nang() -> None:
    viet = [Letter("v"), Letter("i"), Letter("e", mark=Mark.HAT), Letter("t")]
    assert is_plausible(viet, Tone.NANG)
    assert is_plausible(viet, Tone.SAC)
    assert not is_plausible(viet, Tone.HUYEN)


def test_split_char() -> None:
    assert split_char("Ễ") == (Letter("e", upper=True, mark=Mark.HAT), Tone.NGA)
    assert split_char("đ") == (Letter("d", mark=Mark.BAR), Tone.NGANG)
    assert split_char("ü")[0].opaque
    assert split_char("1")[0].opaque


KEYS = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("aeiouydwsfrxjzqgnhtcAEOWDSFRX0123456789 ,.")), st.characters()
    ),
    max_size=40,
)


@given(KEYS, st.sampled_from(list(TypingMethod)), st.sampled_from(list(ToneStyle)))
def test_any_keys_give_nfc_and_never_raise(
    keys: str, method: TypingMethod, style: ToneStyle
) -> None:
    result = type_text(keys, method, style)
    assert unicodedata.is_normalized("NFC", result)


@given(st.lists(st.one_of(KEYS, st.just("\b"), st.just("\x00seed")), max_size=20))
def test_composer_edits_never_raise_and_backspace_drops_one_character(steps: list[str]) -> None:
    composer = WordComposer()
    for step in steps:
        if step == "\b":
            before = composer.text
            after = composer.backspace()
            assert after == unicodedata.normalize("NFC", before[:-1])
        elif step == "\x00seed":
            shown = composer.text
            assert composer.seed(shown) == shown
        else:
            composer.type(step)
        assert unicodedata.is_normalized("NFC", composer.text)
    assert unicodedata.is_normalized("NFC", composer.commit())
