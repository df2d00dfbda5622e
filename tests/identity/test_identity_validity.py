"""Card validity (Law 26/2023 Art. 21) and the keys built from it: CAN and the BAC MRZ triple."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity.access import (
    NO_EXPIRY_MRZ,
    CanRule,
    MrzKey,
    TypedCan,
    TypedMrz,
    bac_document_number,
    can_from_id_number,
    mrz_key_from_td1,
    mrz_keys,
    mrz_keys_from_qr,
)
from kiosk.identity.card_qr import parse_card_qr
from kiosk.identity.mrz import parse_td1
from kiosk.identity.validity import (
    RENEWAL_AGES,
    age_on,
    birthday_at,
    card_expiry,
    expiry_candidates,
    is_expired,
)

BORN = date(2000, 5, 10)


@pytest.mark.parametrize(
    ("issued", "expiry"),
    [
        (date(2010, 5, 9), date(2014, 5, 10)),  # at 9: until 14
        (date(2012, 5, 9), date(2014, 5, 10)),  # a day before 12: until 14
        (date(2012, 5, 10), date(2025, 5, 10)),  # at 12, within two years of 14: until 25
        (date(2014, 5, 10), date(2025, 5, 10)),  # on the 14th birthday: until 25
        (date(2023, 5, 9), date(2025, 5, 10)),  # a day before 23: until 25
        (date(2023, 5, 10), date(2040, 5, 10)),  # at 23: skips 25
        (date(2025, 5, 10), date(2040, 5, 10)),  # on the 25th birthday
        (date(2038, 5, 9), date(2040, 5, 10)),
        (date(2038, 5, 10), date(2060, 5, 10)),  # at 38: skips 40
        (date(2040, 5, 10), date(2060, 5, 10)),
        (date(2058, 5, 9), date(2060, 5, 10)),  # a day before 58: still until 60
        (date(2058, 5, 10), None),  # at 58: no expiry
        (date(2060, 5, 10), None),
        (date(2075, 1, 1), None),
    ],
)
def test_expiry_around_each_renewal_age(issued: date, expiry: date | None) -> None:
    assert card_expiry(BORN, issued) == expiry


def test_born_on_29_february() -> None:
    born = date(2004, 2, 29)
    assert birthday_at(born, 25) == date(2029, 2, 28)
    assert card_expiry(born, date(2020, 1, 1)) == date(2029, 2, 28)
    assert expiry_candidates(born, date(2020, 1, 1)) == (date(2029, 2, 28), date(2029, 3, 1))
    # 2044 is a leap year: the 40th birthday is the real 29 February, no alternative.
    assert expiry_candidates(born, date(2027, 2, 28)) == (date(2044, 2, 29),)


def test_ages_and_expired() -> None:
    assert age_on(BORN, date(2025, 5, 9)) == 24 and age_on(BORN, date(2025, 5, 10)) == 25
    assert not is_expired(date(2025, 5, 10), date(2025, 5, 10))
    assert is_expired(date(2025, 5, 10), date(2025, 5, 11))
    assert not is_expired(None, date(2199, 1, 1))
    with pytest.raises(ValueError):
        card_expiry(BORN, BORN - timedelta(days=1))


@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(min_value=0, max_value=100 * 366),
)
def test_expiry_properties(born: date, days: int) -> None:
    issued = born + timedelta(days=days)
    expiry = card_expiry(born, issued)
    age = age_on(born, issued)
    if age >= RENEWAL_AGES[-1] - 2:
        assert expiry is None
        return
    assert expiry is not None and expiry > issued
    milestone = next(a for a in RENEWAL_AGES if birthday_at(born, a) == expiry)
    assert age < milestone - 2  # not issued within the two years before its own expiry
    earlier = [a for a in RENEWAL_AGES if a < milestone]
    assert all(age >= a - 2 for a in earlier)  # every earlier age was reached or skipped


# --- keys ----------------------------------------------------------------------------------


def test_can_and_document_number() -> None:
    assert can_from_id_number("001190012345") == "012345"
    assert can_from_id_number("001190012345", CanRule(digits=8)) == "90012345"
    assert bac_document_number("001190012345") == "190012345"
    for bad in ("12345", "00119001234x", "١٢٣٤٥٦٧٨٩٠١٢"):
        with pytest.raises(ValueError):
            can_from_id_number(bad)


def test_mrz_information_of_the_icao_worked_example() -> None:
    # ICAO 9303-11 Appendix D.2: document number L898902C<, born 690806, expiry 940623.
    keys = MrzKey("L898902C", "690806", "940623")
    assert keys.information() == "L898902C<369080619406236"


def test_keys_from_the_mrz_and_from_dates() -> None:
    text = (
        "IDVNM1900123457001190012345<<<9002018F3002016VNM<<<<<<<<<<<6NGUYEN<<THI<THU<HA<<<<<<<<<<<<"
    )
    assert mrz_key_from_td1(parse_td1(text)) == MrzKey("190012345", "900201", "300201")
    (keys,) = mrz_keys("001190012345", date(1990, 2, 1), date(2030, 2, 1))
    assert keys == MrzKey("190012345", "900201", "300201")
    no_expiry = mrz_keys("001190012345", date(1950, 2, 1), None)
    assert [k.date_of_expiry for k in no_expiry] == list(NO_EXPIRY_MRZ)


def test_keys_from_the_qr_use_the_validity_rules() -> None:
    qr = parse_card_qr("001190012345||Nguyễn Thị Thu Hà|01021990|Nữ|Hà Nội|15082021")
    assert mrz_keys_from_qr(qr) == [MrzKey("190012345", "900201", "300201")]  # until 40
    leap = parse_card_qr("001204012345||Lê Văn An|29022004|Nam|Hà Nội|01012020")
    assert [k.date_of_expiry for k in mrz_keys_from_qr(leap)] == ["290228", "290301"]
    old = parse_card_qr("001055012345||Lê Văn An|01021955|Nam|Hà Nội|01012021")
    assert [k.date_of_expiry for k in mrz_keys_from_qr(old)] == list(NO_EXPIRY_MRZ)


def test_typed_keys_give_the_access_keys_to_try() -> None:
    assert [k.can for k in TypedCan("012345").access_keys()] == ["012345"]
    typed = TypedMrz("190012345", date(1990, 2, 1), date(2030, 2, 1))
    (keys,) = typed.access_keys()
    assert keys.mrz == MrzKey("190012345", "900201", "300201") and keys.can is None
    no_expiry = TypedMrz("190012345", date(1950, 2, 1), None)
    assert [k.date_of_expiry for k in no_expiry.mrz_keys()] == list(NO_EXPIRY_MRZ)
    assert "190012345" not in repr(typed) and "012345" not in repr(TypedCan("012345"))
    for bad_can in ("12345", "12345a", "1234567"):
        with pytest.raises(ValueError, match="6 digits"):
            TypedCan(bad_can)
    for bad_number in ("19001234", "1900123456", "19001234X"):
        with pytest.raises(ValueError, match="9 digits"):
            TypedMrz(bad_number, date(1990, 2, 1), None)
