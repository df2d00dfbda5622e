"""The card QR's names and addresses hide nothing: bidi controls refused, invisible ones gone."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity.card_qr import parse_card_qr
from kiosk.identity.errors import QrTextError

NAME = "Nguyễn Thị Thu Hà"
HOME = "Số 12, phố Đội Cấn, Hà Nội"


def qr(name: str = NAME, home: str = HOME, extra: str = "") -> str:
    text = f"001190012345|012345678|{name}|01021990|Nữ|{home}|15082021"
    return f"{text}|{extra}" if extra else text


BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u2066", "\u2067", "\u2068", "\u200f", "\u061c"]


@pytest.mark.parametrize("control", BIDI, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("where", ["name", "home", "extra"])
def test_text_direction_controls_are_refused(control: str, where: str) -> None:
    text = {
        "name": qr(name=f"Nguyễn {control}àH uhT"),
        "home": qr(home=f"{control}{HOME}"),
        "extra": qr(extra=f"x{control}y"),
    }[where]
    with pytest.raises(QrTextError, match="text-direction") as caught:
        parse_card_qr(text)
    assert NAME not in str(caught.value)  # the message names the field, never the value


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060"])
def test_invisible_format_characters_are_removed(invisible: str) -> None:
    parsed = parse_card_qr(
        qr(
            name=f"Nguyễn{invisible} Thị Thu{invisible} Hà",
            home=f"Số{invisible} 12, phố Đội Cấn, Hà Nội",
        )
    )
    assert parsed.full_name == NAME
    assert parsed.place_of_residence == HOME


@pytest.mark.parametrize("odd", ["\ue000", "\U000f0000", "\U0010fffd"])
def test_private_use_characters_are_refused(odd: str) -> None:
    with pytest.raises(QrTextError, match="not text"):
        parse_card_qr(qr(name=f"Nguyễn{odd} Hà"))


@given(st.text(alphabet=st.characters(categories=["Cf", "Co", "Cn"]), min_size=1, max_size=5))
def test_no_format_or_odd_character_survives_in_a_name(inserted: str) -> None:
    try:
        parsed = parse_card_qr(qr(name=f"Nguyễn {inserted}Hà"))
    except QrTextError:
        return
    kept = parsed.full_name + parsed.place_of_residence
    assert not any(unicodedata.category(c) in ("Cf", "Co", "Cn") for c in kept)


def test_a_mark_freed_by_the_removal_is_composed() -> None:
    parsed = parse_card_qr(qr(name="Nguyễn Thị Thu Ha\u200b\u0300"))
    assert parsed.full_name == NAME
