"""The card QR's text: the 7-field and 11-field layouts, extra fields, and garbage."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity.card_qr import CardQr, format_card_qr, parse_card_qr
from kiosk.identity.errors import QrTextError
from kiosk.identity.synthetic import card_qr, make_citizens

SEVEN = (
    "001190012345|012345678|Nguyễn Thị Thu Hà|01021990|Nữ|"
    "Số 12, ngõ 34, phố Đội Cấn, Phường Ngọc Hà, Thành phố Hà Nội|15082021"
)
ELEVEN = "079088001234||Lê Văn Đức|31121988|Nam|Ấp 3, Xã Củ Chi, Thành phố Hồ Chí Minh|10102024||||"


def test_seven_fields() -> None:
    qr = parse_card_qr(SEVEN)
    assert qr == CardQr(
        id_number="001190012345",
        old_id_number="012345678",
        full_name="Nguyễn Thị Thu Hà",
        date_of_birth=date(1990, 2, 1),
        sex="Nữ",
        place_of_residence="Số 12, ngõ 34, phố Đội Cấn, Phường Ngọc Hà, Thành phố Hà Nội",
        issue_date=date(2021, 8, 15),
    )
    assert format_card_qr(qr) == SEVEN


def test_eleven_fields_and_no_old_id() -> None:
    qr = parse_card_qr(ELEVEN)
    assert qr.old_id_number == "" and qr.sex == "Nam" and qr.extra == ("", "", "", "")
    assert format_card_qr(qr) == ELEVEN


def test_more_fields_are_kept_not_interpreted() -> None:
    qr = parse_card_qr(SEVEN + "|x|y|z|w|v")
    assert qr.extra == ("x", "y", "z", "w", "v")


def test_tolerated_noise() -> None:
    qr = parse_card_qr("\ufeff  " + SEVEN.replace("Nữ", "NỮ").replace("Thu Hà", "Thu  Hà") + "\n")
    assert qr.sex == "Nữ" and qr.full_name == "Nguyễn Thị Thu Hà"
    # A name typed with combining marks reads the same as with precomposed letters.
    import unicodedata

    assert parse_card_qr(unicodedata.normalize("NFD", SEVEN)) == parse_card_qr(SEVEN)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", "fields"),
        ("", "fields"),
        ("00119001234|012345678|A|01021990|Nam|x|15082021", "field 1"),
        ("001190012345|0123|A|01021990|Nam|x|15082021", "field 2"),
        ("001190012345||  |01021990|Nam|x|15082021", "field 3"),
        ("001190012345||Lê Văn 2|01021990|Nam|x|15082021", "field 3"),
        ("001190012345||Lê Văn An|1990-02-01|Nam|x|15082021", "field 4"),
        ("001190012345||Lê Văn An|31021990|Nam|x|15082021", "calendar"),
        ("001190012345||Lê Văn An|01021990|Male|x|15082021", "field 5"),
        ("001190012345||Lê Văn An|01021990|Nam|x|2021", "field 7"),
        ("001190012345||Lê Văn An|01021990|Nam|x|01011980", "order"),
        ("001190012345||Lê\x00Văn An|01021990|Nam|x|15082021", "control"),
        ("١٢٣٤٥٦٧٨٩٠١٢||Lê Văn An|01021990|Nam|x|15082021", "field 1"),
        ("0" * 3000, "too long"),
    ],
)
def test_garbage_is_a_clear_typed_error(text: str, problem: str) -> None:
    with pytest.raises(QrTextError, match=problem) as caught:
        parse_card_qr(text)
    assert "Lê Văn" not in str(caught.value)  # never the value, only where it was


def test_dates_after_today_are_refused() -> None:
    with pytest.raises(QrTextError, match="order"):
        parse_card_qr(SEVEN, today=date(2021, 8, 14))
    assert parse_card_qr(SEVEN, today=date(2021, 8, 15)).issue_date == date(2021, 8, 15)


@given(st.text(max_size=300))
def test_arbitrary_text_raises_only_qr_errors(text: str) -> None:
    with contextlib.suppress(QrTextError):
        parse_card_qr(text)


@given(st.lists(st.text(alphabet=st.characters(exclude_characters="|"), max_size=20), max_size=12))
def test_arbitrary_fields_raise_only_qr_errors(fields: list[str]) -> None:
    with contextlib.suppress(QrTextError):
        parse_card_qr("|".join(fields))


@given(st.integers(min_value=0, max_value=100_000))
def test_synthetic_citizens_round_trip(seed: int) -> None:
    citizen = make_citizens(1, seed=seed)[0]
    qr = card_qr(citizen)
    assert parse_card_qr(format_card_qr(qr)) == qr
