"""Synthetic citizens and the card files built for them: what the simulated chip will serve."""

from __future__ import annotations

import unicodedata

from kiosk.identity import lds
from kiosk.identity.access import mrz_key_from_td1
from kiosk.identity.card_qr import parse_card_qr
from kiosk.identity.mrz import parse_dg1
from kiosk.identity.synthetic import (
    CardFiles,
    Citizen,
    TestPki,
    build_card_files,
    make_citizens,
    tamper,
)
from kiosk.identity.synthetic.citizens import PROVINCES


def test_citizens_are_the_same_every_run() -> None:
    assert make_citizens(5, seed=7) == make_citizens(5, seed=7)
    assert make_citizens(5, seed=7) != make_citizens(5, seed=8)


def test_citizens_look_vietnamese() -> None:
    citizens = make_citizens(200, seed=1)
    codes = {code for code, _, _ in PROVINCES}
    names = " ".join(c.full_name for c in citizens)
    assert any(ch in names for ch in "ễịđĐư")  # diacritics survive, NFC
    assert unicodedata.is_normalized("NFC", names)
    for citizen in citizens:
        assert len(citizen.id_number) == 12 and citizen.id_number[:3] in codes
        century = (citizen.date_of_birth.year // 100 - 19) * 2 + (citizen.sex == "Nữ")
        assert citizen.id_number[3] == str(century)
        assert citizen.id_number[4:6] == f"{citizen.date_of_birth.year % 100:02d}"
        assert citizen.issue_date >= citizen.date_of_birth
        assert len(citizen.full_name.split()) == 3
    assert any(c.spouse_name for c in citizens) and any(not c.spouse_name for c in citizens)
    assert any(c.expiry_date is None for c in citizens)  # some were issued at 58 or older


def test_card_files_and_access_keys(card: CardFiles, citizen: Citizen) -> None:
    expected = {lds.EF_COM, lds.EF_SOD, 0x0101, 0x0102, 0x010D, 0x010E, 0x010F}
    assert set(card.files) == expected
    assert card.can == citizen.id_number[-6:]
    assert card.mrz_keys == mrz_key_from_td1(parse_dg1(card.group(1)))
    assert card.mrz_keys.document_number == citizen.id_number[-9:]
    qr = parse_card_qr(card.qr_text)
    assert qr.id_number == citizen.id_number and len(card.qr_text.split("|")) == 11
    assert card.aa_key is not None and card.chip_auth_key is not None


def test_tamper_changes_one_file_only(card: CardFiles) -> None:
    changed = tamper(card.files, 1)
    differing = [fid for fid in card.files if changed[fid] != card.files[fid]]
    assert differing == [0x0101]
    assert len(changed[0x0101]) == len(card.files[0x0101])
    parse_dg1(changed[0x0101])  # still a well-formed DG1: only the name line changed


def test_no_expiry_cards_choose_their_mrz_filler(pki: TestPki) -> None:
    old = next(c for c in make_citizens(100, seed=3) if c.expiry_date is None)
    assert build_card_files(old, pki, chip_auth=False).mrz_keys.date_of_expiry == "<<<<<<"
    card = build_card_files(old, pki, chip_auth=False, no_expiry_mrz="991231")
    assert card.mrz_keys.date_of_expiry == "991231"
    assert parse_dg1(card.group(1)).date_of_expiry == "991231"


def test_groups_from_files(card: CardFiles) -> None:
    groups = lds.groups_from_files(card.files)
    assert sorted(groups) == list(card.groups) and groups[13] == card.group(13)
