"""read_emrtd against the simulated chip, in-process: strategy, chunking, faults, errors."""

from __future__ import annotations

import math

import pytest
from icao_support import (
    CAN,
    MRZ,
    WRONG_MRZ,
    by_name,
    h,
    stand_in_files,
)

from drivers.card.apdu import CommandApdu, ResponseApdu
from drivers.card.emrtd_auth import PaceConfig
from drivers.card.emrtd_card import ChipBehaviour, EmrtdCard
from drivers.card.icao import (
    DEFAULT_FILES,
    AccessKeys,
    ChipAccessDenied,
    ReadOptions,
    SecureMessagingError,
    UnsupportedProtocol,
    read_emrtd,
)
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.errors import CHECK_CAN, CHECK_MRZ, NEED_MRZ
from drivers.card.softcard import DirectConnection
from kiosk.errors import DeviceError

FILES = stand_in_files()
EXPECTED = by_name(FILES)
ALL_FILES = (*DEFAULT_FILES, "DG3")
PACE_SETUP = 2 + 5 + 1  # EF.CardAccess (SELECT, READ), MSE + 4 GA, SELECT applet
BAC_SETUP = 1 + 2  # SELECT applet, GET CHALLENGE, EXTERNAL AUTHENTICATE


def card(**kwargs: object) -> EmrtdCard:
    return EmrtdCard(FILES, can=CAN, mrz=MRZ, **kwargs)  # type: ignore[arg-type]


def minimum_reads(chunk: int) -> int:
    """SELECT + ceil(size / chunk) READ BINARY per default file; DG3: SELECT + one refused READ."""
    names = {name: fid for fid, name in zip(FILES, by_name(FILES), strict=True)}
    return sum(1 + math.ceil(len(FILES[names[n]]) / chunk) for n in DEFAULT_FILES) + 2


def test_pace_with_extended_length_reads_every_file_in_one_read() -> None:
    result = read_emrtd(DirectConnection(card()), AccessKeys(can=CAN), ALL_FILES)
    assert result.protocol == "PACE"
    assert result.files == {name: EXPECTED[name] for name in DEFAULT_FILES}
    assert result.skipped == {"DG3": 0x6982}
    assert result.extended_length
    assert result.apdu_count == PACE_SETUP + minimum_reads(65536)


@pytest.mark.parametrize(
    ("keys", "behaviour", "protocol", "chunk", "setup"),
    [
        (AccessKeys(can=CAN), ChipBehaviour(extended_length=False), "PACE", 223, PACE_SETUP),
        # MRZ only, PACE refused as on some 2021 cards: EF.CardAccess, MSE (6982), then BAC.
        (AccessKeys(mrz=MRZ), ChipBehaviour(refuse_pace=True, extended_length=False), "BAC", 231,
         2 + 1 + BAC_SETUP),
    ],
)  # fmt: skip
def test_short_reads_use_the_largest_chunk_secure_messaging_allows(
    keys: AccessKeys, behaviour: ChipBehaviour, protocol: str, chunk: int, setup: int
) -> None:
    result = read_emrtd(DirectConnection(card(behaviour=behaviour)), keys, ALL_FILES)
    assert (result.protocol, result.chunk, result.extended_length) == (protocol, chunk, False)
    assert result.files == {name: EXPECTED[name] for name in DEFAULT_FILES}
    assert result.apdu_count == setup + minimum_reads(chunk)


@pytest.mark.parametrize(
    "config",
    [
        PaceConfig(12, CipherKind.AES, 128),  # NIST P-256
        PaceConfig(15, CipherKind.AES, 192),  # NIST P-384
        PaceConfig(18, CipherKind.AES, 256),  # NIST P-521
        PaceConfig(16, CipherKind.AES, 256),  # brainpoolP384r1
        PaceConfig(17, CipherKind.AES, 256),  # brainpoolP512r1
        PaceConfig(13, CipherKind.TDES, 112),  # brainpoolP256r1 with 3DES
    ],
    ids=lambda c: f"{c.info.describe()}",
)
def test_pace_on_every_standard_curve_and_cipher(config: PaceConfig) -> None:
    chip = EmrtdCard({0x0101: FILES[0x0101]}, can=CAN, mrz=MRZ, pace=config)
    result = read_emrtd(DirectConnection(chip), AccessKeys(can=CAN), ("DG1",))
    assert (result.protocol, result.files) == ("PACE", {"DG1": FILES[0x0101]})


def test_a_chip_without_pace_is_read_with_bac() -> None:
    chip = EmrtdCard(FILES, can=CAN, mrz=MRZ, pace=None)
    result = read_emrtd(DirectConnection(chip), AccessKeys(mrz=MRZ), ("DG1",))
    assert result.protocol == "BAC"


def test_wrong_can_names_the_can() -> None:
    with pytest.raises(ChipAccessDenied) as caught:
        read_emrtd(DirectConnection(card()), AccessKeys(can="654321"))
    assert caught.value.key == "CAN" and caught.value.fix == CHECK_CAN
    assert "6 digits" in str(caught.value)


def test_wrong_mrz_names_the_mrz() -> None:
    chip = card(behaviour=ChipBehaviour(refuse_pace=True))
    with pytest.raises(ChipAccessDenied) as caught:
        read_emrtd(DirectConnection(chip), AccessKeys(mrz=WRONG_MRZ))
    assert caught.value.key == "MRZ" and caught.value.fix == CHECK_MRZ


def test_wrong_can_with_right_mrz_still_reads_with_bac() -> None:
    result = read_emrtd(DirectConnection(card()), AccessKeys(can="654321", mrz=MRZ), ("DG1",))
    assert result.protocol == "BAC"


def test_both_keys_wrong_names_both() -> None:
    with pytest.raises(ChipAccessDenied) as caught:
        read_emrtd(DirectConnection(card()), AccessKeys(can="654321", mrz=WRONG_MRZ))
    assert caught.value.key == "CAN and MRZ"


def test_can_alone_on_a_chip_refusing_pace_asks_for_the_mrz() -> None:
    with pytest.raises(UnsupportedProtocol) as caught:
        read_emrtd(
            DirectConnection(card(behaviour=ChipBehaviour(refuse_pace=True))), AccessKeys(can=CAN)
        )
    assert caught.value.fix == NEED_MRZ


def test_a_corrupted_mac_is_an_error_never_data() -> None:
    chip = card(behaviour=ChipBehaviour(corrupt_mac_ins=0xB0))
    with pytest.raises(SecureMessagingError, match="integrity"):
        read_emrtd(DirectConnection(chip), AccessKeys(can=CAN))


def test_chip_refusing_extended_length_is_read_short_after_a_restart() -> None:
    chip = card(behaviour=ChipBehaviour(extended_length=False))
    result = read_emrtd(
        DirectConnection(chip), AccessKeys(can=CAN), options=ReadOptions(extended_length=True)
    )
    assert result.files == {name: EXPECTED[name] for name in DEFAULT_FILES}
    assert (result.extended_length, result.chunk) == (False, 223)
    # One refused extended READ, then PACE again (MSE + 4 GA, SELECT applet: EF.CardAccess cached).
    assert result.apdu_count == PACE_SETUP + minimum_reads(223) - 2 + 1 + 6 + 1


def test_a_chip_that_caps_its_answers_sets_the_chunk() -> None:
    result = read_emrtd(
        DirectConnection(card(behaviour=ChipBehaviour(max_read=100))), AccessKeys(can=CAN)
    )
    assert result.chunk == 100 and result.files == {n: EXPECTED[n] for n in DEFAULT_FILES}


def test_a_chip_answering_6700_to_long_reads_gets_shorter_ones() -> None:
    chip = card(behaviour=ChipBehaviour(wrong_length_above=120, extended_length=False))
    result = read_emrtd(DirectConnection(chip), AccessKeys(can=CAN))
    assert result.chunk == 111 and result.files == {n: EXPECTED[n] for n in DEFAULT_FILES}


def test_a_reader_ceiling_is_respected() -> None:
    connection = DirectConnection(card())
    result = read_emrtd(connection, AccessKeys(can=CAN), ("DG2",), ReadOptions(max_le=1000))
    assert result.chunk == 1000 and result.files["DG2"] == EXPECTED["DG2"]


def test_a_chip_leaving_secure_messaging_mid_read_is_authenticated_again() -> None:
    def drop_session(reads: int) -> None:
        if reads == 3:
            chip.session = None  # as if the chip reset its SM state: it answers 6988 in plain

    chip = card(behaviour=ChipBehaviour(extended_length=False), on_read=drop_session)
    result = read_emrtd(DirectConnection(chip), AccessKeys(can=CAN))
    assert result.files == {n: EXPECTED[n] for n in DEFAULT_FILES}


def test_a_plain_apdu_ends_the_chips_secure_messaging() -> None:
    chip = card()
    connection = DirectConnection(chip)
    read_emrtd(connection, AccessKeys(can=CAN), ("DG1",))
    assert chip.session is not None
    assert connection.transmit(h("00B0000004")).sw == 0x6982  # plain: SM is gone, file closed
    assert chip.session is None


def test_select_mf_is_refused_like_the_cccd_and_never_needed() -> None:
    connection = DirectConnection(card())
    assert connection.transmit(h("00A4000C023F00")).sw == 0x6D00
    read_emrtd(connection, AccessKeys(can=CAN), ("DG1",))
    assert h("00A4000C023F00") not in connection.sent[1:]


def test_unknown_file_names_are_refused_before_talking_to_the_card() -> None:
    connection = DirectConnection(card())
    with pytest.raises(ValueError, match="DG99"):
        read_emrtd(connection, AccessKeys(can=CAN), ("DG99",))
    assert connection.sent == []


class ShortOnlyReader(DirectConnection):
    """A PC/SC reader that fails every extended-length APDU (the chip never sees it)."""

    def transmit(self, apdu: bytes) -> ResponseApdu:
        if CommandApdu.parse(apdu).is_extended:
            raise DeviceError("Could not talk to the card: the reader refused the APDU", "")
        return super().transmit(apdu)


def test_a_reader_without_extended_length_gets_short_reads_after_a_restart() -> None:
    result = read_emrtd(ShortOnlyReader(card()), AccessKeys(can=CAN))
    assert result.files == {n: EXPECTED[n] for n in DEFAULT_FILES}
    assert (result.extended_length, result.chunk) == (False, 223)
