"""The read path with each DG13 shape; a DG13 whose outer structure is broken falls back on DG1.

The chip is the simulated CCCD of a synthetic citizen; its SOD is signed over the
DG13 it serves, so the verdict is GENUINE whatever DG13's shape: DG13 is the
issuer's own format, and an odd shape is no sign of tampering.
"""

from __future__ import annotations

import pytest
from identity_chip import chip_of

from drivers.card.icao import AccessKeys
from drivers.card.softcard import DirectConnection
from kiosk.dossier import Verdict
from kiosk.identity import der
from kiosk.identity.lds import EF_SOD, file_id
from kiosk.identity.read import DG13_ONLY_FIELDS, read_identity
from kiosk.identity.synthetic import CardFiles, Citizen, TestPki, build_card_files, build_sod
from kiosk.identity.trust import TrustStore


def with_dg13(card: CardFiles, dg13: bytes, pki: TestPki) -> dict[int, bytes]:
    """The card's files with ``dg13`` instead of its DG13, and a SOD signed over it."""
    groups = {dg: card.files[file_id(dg)] for dg in card.groups}
    groups[13] = dg13
    files = dict(card.files)
    files[file_id(13)] = dg13
    files[EF_SOD] = build_sod(groups, pki)
    return files


@pytest.mark.parametrize("flat", [False, True], ids=["nested", "flat"])
def test_both_shapes_read_the_same_identity(citizen: Citizen, pki: TestPki, flat: bool) -> None:
    card = build_card_files(citizen, pki, dg13_flat=flat)
    reading = read_identity(
        DirectConnection(chip_of(card)), AccessKeys(can=card.can), TrustStore([pki.csca])
    )
    identity = reading.identity
    assert reading.verdict is Verdict.GENUINE and identity is not None
    assert (reading.dg13_state, reading.dg13_problems, reading.missing) == ("read", (), ())
    assert identity.full_name == citizen.full_name
    assert identity.place_of_residence == citizen.place_of_residence
    assert identity.issue_date == citizen.issue_date


@pytest.mark.parametrize(
    "broken",
    [
        der.tlv(0x6D, der.octets(b"\x00" * 12)),
        der.tlv(0x6D, der.sequence(der.integer(1))),
        der.tlv(0x6D, b""),
    ],
    ids=["octets", "no-fields", "empty"],
)
def test_a_broken_dg13_still_reads_from_dg1(
    card: CardFiles, citizen: Citizen, pki: TestPki, broken: bytes
) -> None:
    files = with_dg13(card, broken, pki)
    reading = read_identity(
        DirectConnection(chip_of(card, files)), AccessKeys(can=card.can), TrustStore([pki.csca])
    )
    identity = reading.identity
    assert reading.verdict is Verdict.GENUINE and identity is not None
    assert identity.id_number == citizen.id_number
    assert identity.date_of_birth == citizen.date_of_birth and identity.sex == citizen.sex
    assert "full_name_from_mrz" in reading.differences
    assert reading.dg13_state == "unreadable" and reading.missing == DG13_ONLY_FIELDS
    assert identity.place_of_residence == "" and identity.issue_date is None


def test_one_unusable_field_leaves_the_others(
    card: CardFiles, citizen: Citizen, pki: TestPki
) -> None:
    odd = der.tlv(
        0x6D,
        der.sequence(
            der.integer(1),
            der.oid("2.25.1"),
            der.tlv(
                0x31,
                der.sequence(der.integer(2), der.utf8(citizen.full_name))
                + der.sequence(der.integer(9), der.integer(5))  # residence as a number
                + der.sequence(der.integer(13), der.utf8("Cha"), der.utf8("Mẹ")),
            ),
        ),
    )
    files = with_dg13(card, odd, pki)
    reading = read_identity(
        DirectConnection(chip_of(card, files)), AccessKeys(can=card.can), TrustStore([pki.csca])
    )
    assert reading.identity is not None and reading.identity.full_name == citizen.full_name
    assert reading.dg13_problems == (9,) and "place_of_residence" in reading.missing
