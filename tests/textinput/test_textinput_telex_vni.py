"""Telex and VNI: every tone on every vowel, every mark, the spelling rules of tone placement."""

from __future__ import annotations

import unicodedata

import pytest

from kiosk.textinput import ToneStyle, TypingMethod, WordComposer, type_text

TELEX, VNI = TypingMethod.TELEX, TypingMethod.VNI

# vowel as written, its Telex keys, its VNI keys
VOWELS = [
    ("a", "a", "a"),
    ("ă", "aw", "a8"),
    ("â", "aa", "a6"),
    ("e", "e", "e"),
    ("ê", "ee", "e6"),
    ("i", "i", "i"),
    ("o", "o", "o"),
    ("ô", "oo", "o6"),
    ("ơ", "ow", "o7"),
    ("u", "u", "u"),
    ("ư", "uw", "u7"),
    ("y", "y", "y"),
]
# tone's combining mark, its Telex key, its VNI key
TONES = [
    ("\u0301", "s", "1"),  # sắc
    ("\u0300", "f", "2"),  # huyền
    ("\u0309", "r", "3"),  # hỏi
    ("\u0303", "x", "4"),  # ngã
    ("\u0323", "j", "5"),  # nặng
]
EVERY = [
    pytest.param(vowel, telex, vni, mark, tkey, vkey, id=f"{vowel}-{tkey}")
    for vowel, telex, vni in VOWELS
    for mark, tkey, vkey in TONES
]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(("vowel", "telex", "vni", "mark", "tkey", "vkey"), EVERY)
def test_every_tone_on_every_vowel(
    vowel: str, telex: str, vni: str, mark: str, tkey: str, vkey: str
) -> None:
    expected = nfc(vowel + mark)
    assert len(expected) == 1  # one precomposed character
    assert type_text(telex + tkey) == expected
    assert type_text(vni + vkey, VNI) == expected
    # after a consonant, and in capitals
    assert type_text("b" + telex + tkey) == "b" + expected
    assert type_text(telex.upper() + tkey.upper()) == expected.upper()
    assert type_text(vni.upper() + vkey, VNI) == expected.upper()


@pytest.mark.parametrize(("vowel", "telex", "vni"), VOWELS)
def test_every_mark_without_tone(vowel: str, telex: str, vni: str) -> None:
    assert type_text(telex) == vowel
    assert type_text(vni, VNI) == vowel


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("dd", "đ"),
        ("Dd", "Đ"),
        ("DD", "Đ"),
        ("w", "ư"),
        ("W", "Ư"),
        ("tw", "tư"),
        ("ngw", "ngư"),
        ("uown", "ươn"),
        ("nguoiw", "ngươi"),
        ("thuongw", "thương"),  # the horn after the final consonant
        ("muaw", "mưa"),  # the horn goes where the syllable is Vietnamese
        ("hoaw", "hoă"),
    ],
)
def test_telex_marks(keys: str, expected: str) -> None:
    assert type_text(keys) == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("d9", "đ"),
        ("D9", "Đ"),
        ("di9", "đi"),  # 9 may come later in the word
        ("uo7n", "ươn"),
        ("u7o7n", "ươn"),
        ("nguoi7", "ngươi"),
        ("mua7", "mưa"),
        ("Vie6t", "Viêt"),
        ("Viet6", "Viêt"),
        ("hoa8c5", "hoặc"),
        ("a86", "â"),  # a later mark replaces an earlier one
    ],
)
def test_vni_marks(keys: str, expected: str) -> None:
    assert type_text(keys, VNI) == expected


WORDS = [
    # keys, Telex result, VNI keys
    ("Nguyeenx", "Nguyễn", "Nguye6n4"),
    ("Vieetj", "Việt", "Vie65t"),
    ("nguowif", "người", "ngu7o7i2"),
    ("thuowngf", "thường", "thu7o7ng2"),
    ("ddaau", "đâu", "d9a6u"),
    ("Ddaf", "Đà", "D9a2"),
    ("NGUYEENX", "NGUYỄN", "NGUYE6N4"),
    ("quaanj", "quận", "qua6n5"),
    ("quoocs", "quốc", "quo6c1"),
    ("quys", "quý", "quy1"),
    ("giuwax", "giữa", "giu7a4"),
    ("gif", "gì", "gi2"),
    ("giaf", "già", "gia2"),
    ("Huynhf", "Huỳnh", "Huynh2"),
    ("ruwowuj", "rượu", "ru7o7u5"),
    ("yeeu", "yêu", "ye6u"),
    ("ngoaif", "ngoài", "ngoai2"),
    ("khuyur", "khuỷu", "khuyu3"),
    ("tinhr", "tỉnh", "tinh3"),
    ("nghieeng", "nghiêng", "nghie6ng"),
    ("hoawcj", "hoặc", "hoa8c5"),
    ("toans", "toán", "toan1"),
    ("chuyeenj", "chuyện", "chuye6n5"),
    ("cuwar", "cửa", "cu7a3"),
    ("muaf", "mùa", "mua2"),
    ("mias", "mía", "mia1"),
    ("haif", "hài", "hai2"),
    ("thuowr", "thuở", "thuo73"),
]


@pytest.mark.parametrize(("telex", "expected", "vni"), WORDS)
def test_words_and_tone_placement(telex: str, expected: str, vni: str) -> None:
    assert type_text(telex) == expected
    assert type_text(vni, VNI) == expected


STYLES = [
    # keys, new style, old style
    ("hoaf", "hoà", "hòa"),
    ("khoer", "khoẻ", "khỏe"),
    ("thuyr", "thuỷ", "thủy"),
    ("Hoaf", "Hoà", "Hòa"),
    ("hoanf", "hoàn", "hoàn"),  # closed: the same in both
    ("ngoaif", "ngoài", "ngoài"),
    ("quys", "quý", "quý"),  # qu: the u is the consonant's
]


@pytest.mark.parametrize(("keys", "new", "old"), STYLES)
def test_oa_oe_uy_per_style(keys: str, new: str, old: str) -> None:
    assert type_text(keys) == new  # NEW is the default
    assert type_text(keys, style=ToneStyle.NEW) == new
    assert type_text(keys, style=ToneStyle.OLD) == old


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("as", "á"),
        ("Vieest", "Viết"),  # the tone typed before the final consonant
        ("Vieets", "Viết"),
        ("asf", "à"),  # another tone replaces it
        ("asz", "a"),  # z clears it
        ("z", "z"),
        ("Nguyeenxz", "Nguyên"),
    ],
)
def test_telex_tone_keys(keys: str, expected: str) -> None:
    assert type_text(keys) == expected


def test_uo_with_the_horn_shows_uo_while_typing_and_closes_as_u_o() -> None:
    composer = WordComposer()
    for key in "thuowr":
        composer.type(key)
    assert composer.text == "thưở"  # it may still become thưởng
    assert composer.commit() == "thuở"  # ươ never ends a word
    assert type_text("thuowngr") == "thưởng"


def test_vni_zero_clears_the_tone() -> None:
    assert type_text("a10", VNI) == "a"
    assert type_text("a0", VNI) == "a0"


def test_off_types_every_key_as_itself() -> None:
    off = TypingMethod.OFF
    assert type_text("Nguyeenx Vieetj", off) == "Nguyeenx Vieetj"
    assert type_text("Nguye6n4", off) == "Nguye6n4"


def test_a_sentence() -> None:
    keys = "Phuwowngf Beens Thanhf, thanhf phoos Hoof Chis Minh"
    assert type_text(keys) == "Phường Bến Thành, thành phố Hồ Chí Minh"
    vni = "Phu7o7ng2 Be6n1 Tha2nh, tha2nh pho61 Ho62 Chi1 Minh"
    assert type_text(vni, VNI) == "Phường Bến Thành, thành phố Hồ Chí Minh"


def test_digits_end_a_word_in_telex_but_mark_it_in_vni() -> None:
    assert type_text("Soos 12") == "Số 12"
    assert type_text("So61 12", VNI) == "Số 12"
    assert type_text("12", VNI) == "12"
