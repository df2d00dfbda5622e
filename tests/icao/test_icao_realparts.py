"""The simulated CCCD read through the real pcscd and the vpcd virtual reader."""

from __future__ import annotations

import pytest
from icao_support import CAN, MRZ, WRONG_MRZ, PlaceCard, by_name, stand_in_files

from drivers.card.emrtd_card import ChipBehaviour, EmrtdCard
from drivers.card.icao import (
    DEFAULT_FILES,
    AccessKeys,
    ChipAccessDenied,
    EmrtdRead,
    ReadOptions,
    SecureMessagingError,
    read_emrtd,
)
from drivers.card.icao.errors import CHECK_CAN, CHECK_MRZ
from drivers.card.pcsc import PcscCardReader
from drivers.card.simulator import SimulatedCardStation
from kiosk.errors import DeviceNeedsAttention

pytestmark = pytest.mark.realparts

FILES = stand_in_files()
EXPECTED = {name: data for name, data in by_name(FILES).items() if name != "DG3"}
ALL = (*DEFAULT_FILES, "DG3")


def read(
    reader: PcscCardReader,
    station: SimulatedCardStation,
    keys: AccessKeys,
    options: ReadOptions = ReadOptions(),  # noqa: B008
) -> EmrtdRead:
    with reader.connect(station.reader_name) as connection:
        return read_emrtd(connection, keys, ALL, options)


def test_full_read_with_pace_and_extended_length(
    place_card: PlaceCard, pcsc_reader: PcscCardReader
) -> None:
    station = place_card(EmrtdCard(FILES, can=CAN, mrz=MRZ))
    result = read(pcsc_reader, station, AccessKeys(can=CAN))
    assert (result.protocol, result.extended_length) == ("PACE", True)
    assert result.files == EXPECTED and result.skipped == {"DG3": 0x6982}
    # EF.CardAccess 2, PACE 5, SELECT applet 1, then SELECT + one READ per file.
    assert result.apdu_count == 8 + 2 * len(ALL)


def test_full_read_with_bac_and_short_length(
    place_card: PlaceCard, pcsc_reader: PcscCardReader
) -> None:
    chip = EmrtdCard(
        FILES, can=CAN, mrz=MRZ, pace=None, behaviour=ChipBehaviour(extended_length=False)
    )
    station = place_card(chip)
    result = read(pcsc_reader, station, AccessKeys(mrz=MRZ))
    assert (result.protocol, result.extended_length, result.chunk) == ("BAC", False, 231)
    assert result.files == EXPECTED


def test_pace_answered_6982_falls_back_to_bac(
    place_card: PlaceCard, pcsc_reader: PcscCardReader
) -> None:
    station = place_card(
        EmrtdCard(FILES, can=CAN, mrz=MRZ, behaviour=ChipBehaviour(refuse_pace=True))
    )
    result = read(pcsc_reader, station, AccessKeys(can=CAN, mrz=MRZ))
    assert result.protocol == "BAC" and result.files == EXPECTED


def test_wrong_keys_name_the_key_to_check(
    place_card: PlaceCard, pcsc_reader: PcscCardReader
) -> None:
    station = place_card(EmrtdCard(FILES, can=CAN, mrz=MRZ))
    with pytest.raises(ChipAccessDenied) as wrong_can:
        read(pcsc_reader, station, AccessKeys(can="111111"))
    assert wrong_can.value.key == "CAN" and wrong_can.value.fix == CHECK_CAN
    station.remove()
    station.insert(EmrtdCard(FILES, can=CAN, mrz=MRZ, behaviour=ChipBehaviour(refuse_pace=True)))
    with pytest.raises(ChipAccessDenied) as wrong_mrz:
        read(pcsc_reader, station, AccessKeys(mrz=WRONG_MRZ))
    assert wrong_mrz.value.key == "MRZ" and wrong_mrz.value.fix == CHECK_MRZ


def test_card_pulled_out_mid_read_then_a_clean_retry(
    place_card: PlaceCard, pcsc_reader: PcscCardReader
) -> None:
    pulled: list[int] = []

    def pull_out(reads: int) -> None:
        if reads == 4 and not pulled:  # in the middle of DG2 (short reads)
            pulled.append(reads)
            station.remove(wait=False)

    chip = EmrtdCard(
        FILES, can=CAN, mrz=MRZ, behaviour=ChipBehaviour(extended_length=False), on_read=pull_out
    )
    station = place_card(chip)
    with pytest.raises(DeviceNeedsAttention) as caught:
        read(pcsc_reader, station, AccessKeys(can=CAN))
    assert "taken off" in caught.value.message and "place the card" in caught.value.fix
    station.wait_for_card(present=False)
    station.insert()
    result = read(pcsc_reader, station, AccessKeys(can=CAN))
    assert result.files == EXPECTED


def test_a_corrupted_mac_is_an_error_never_data(
    place_card: PlaceCard, pcsc_reader: PcscCardReader
) -> None:
    chip = EmrtdCard(FILES, can=CAN, mrz=MRZ, behaviour=ChipBehaviour(corrupt_mac_ins=0xB0))
    station = place_card(chip)
    with pytest.raises(SecureMessagingError, match="integrity"):
        read(pcsc_reader, station, AccessKeys(can=CAN))
