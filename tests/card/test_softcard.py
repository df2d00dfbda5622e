"""The ISO 7816-4 file-system card, driven by raw APDUs as a reader would."""

from __future__ import annotations

from functools import reduce
from operator import xor

import pytest
from card_samples import AID, EF_COM_CONTENT, sample_card

from drivers.card.apdu import ResponseApdu
from drivers.card.softcard import FileSystemCard, make_atr


def send(card: FileSystemCard, apdu_hex: str) -> ResponseApdu:
    return ResponseApdu.from_bytes(card.transmit(bytes.fromhex(apdu_hex)))


SELECT_APP = "00A4040C07" + AID.hex()
SELECT_EF_COM = "00A4020C02011E"


@pytest.fixture
def card() -> FileSystemCard:
    return sample_card()


def test_select_by_aid_then_file_id_then_read(card: FileSystemCard) -> None:
    assert send(card, SELECT_APP).sw == 0x9000
    assert send(card, SELECT_EF_COM).sw == 0x9000
    first = send(card, "00B0000000")
    assert (first.sw, first.data) == (0x9000, EF_COM_CONTENT[:256])
    middle = send(card, "00B0010010")
    assert (middle.sw, middle.data) == (0x9000, EF_COM_CONTENT[256:272])


def test_short_tail_answers_6282_with_what_is_left(card: FileSystemCard) -> None:
    send(card, SELECT_APP)
    send(card, SELECT_EF_COM)
    offset = len(EF_COM_CONTENT) - 10
    tail = send(card, f"00B0{offset:04X}20")
    assert (tail.sw, tail.data) == (0x6282, EF_COM_CONTENT[-10:])


def test_offset_at_or_beyond_the_end_is_6b00(card: FileSystemCard) -> None:
    send(card, SELECT_APP)
    send(card, SELECT_EF_COM)
    assert send(card, f"00B0{len(EF_COM_CONTENT):04X}01").sw == 0x6B00
    assert send(card, "00B07F0001").sw == 0x6B00


def test_extended_le_reads_the_whole_file_at_once(card: FileSystemCard) -> None:
    send(card, SELECT_APP)
    send(card, SELECT_EF_COM)
    whole = send(card, "00B00000000000")
    assert (whole.sw, whole.data) == (0x6282, EF_COM_CONTENT)


@pytest.mark.parametrize(
    ("apdu", "sw"),
    [
        ("00B00000", 0x6700),  # READ BINARY without Le
        ("00B0000002AABB", 0x6700),  # READ BINARY with data
        ("00A4040C07A0000002479999", 0x6A82),  # unknown AID
        ("00A4020C020999", 0x6A82),  # unknown EF
        ("00A4020C03011E00", 0x6700),  # file id of three bytes
        ("00A4080C02011E", 0x6A86),  # select by path: not supported
        ("00A4040107" + AID.hex(), 0x6A86),  # "next occurrence"
        ("00CA010000", 0x6D00),  # unknown INS
        ("80B0000000", 0x6E00),  # proprietary CLA
        ("00B000", 0x6700),  # not even a header
        ("00A4040C05" + AID.hex(), 0x6700),  # Lc does not match
    ],
)
def test_errors_have_the_iso_status_words(card: FileSystemCard, apdu: str, sw: int) -> None:
    send(card, SELECT_APP)
    assert send(card, apdu).sw == sw


def test_read_without_a_selected_ef_is_6986(card: FileSystemCard) -> None:
    assert send(card, "00B0000010").sw == 0x6986
    send(card, SELECT_APP)
    assert send(card, "00B0000010").sw == 0x6986


def test_reset_and_power_clear_the_selection(card: FileSystemCard) -> None:
    send(card, SELECT_APP)
    send(card, SELECT_EF_COM)
    card.reset()
    assert send(card, "00B0000001").sw == 0x6986
    send(card, SELECT_APP)
    send(card, SELECT_EF_COM)
    card.power_off()
    card.power_on()
    assert send(card, "00B0000001").sw == 0x6986


def test_ef_of_the_master_file_is_not_found_inside_the_application(card: FileSystemCard) -> None:
    assert send(card, "00A4020C02011C").sw == 0x9000  # EF.CardAccess beside the MF
    send(card, SELECT_APP)
    assert send(card, "00A4020C02011C").sw == 0x6A82
    assert send(card, "00A4000C023F00").sw == 0x9000
    assert send(card, "00A4020C02011C").sw == 0x9000


def test_select_can_return_fci_with_the_aid(card: FileSystemCard) -> None:
    response = send(card, "00A4040007" + AID.hex() + "00")
    assert response.sw == 0x9000
    assert response.data == bytes((0x6F, 9, 0x84, 7)) + AID


def test_select_ef_can_return_fcp_with_its_size(card: FileSystemCard) -> None:
    send(card, SELECT_APP)
    response = send(card, "00A40204020101" + "00")
    assert response.sw == 0x9000
    assert response.data[:4] == bytes((0x62, response.data[1], 0x80, 0x02))
    assert int.from_bytes(response.data[4:6], "big") == 7


def test_read_by_short_file_identifier_selects_the_file(card: FileSystemCard) -> None:
    send(card, SELECT_APP)
    response = send(card, "00B0810000")
    assert (response.sw, response.data) == (0x6282, b"\x61\x05hello")
    assert send(card, "00B0000002").data == b"\x61\x05"
    assert send(card, "00B09E0000").sw == 0x6A82  # no file with SFI 1E


def test_history_records_headers_and_status_words(card: FileSystemCard) -> None:
    send(card, SELECT_APP)
    send(card, "00B0000010")
    assert [(c.ins, sw) for c, sw in card.history] == [(0xA4, 0x9000), (0xB0, 0x6986)]


def test_subclass_adds_an_instruction_with_register() -> None:
    class CountingCard(FileSystemCard):
        def __init__(self) -> None:
            super().__init__()
            self.register(0x84, lambda command: ResponseApdu.status(0x9000, b"\x01" * 8))

    assert send(CountingCard(), "0084000008").data == b"\x01" * 8


def test_atr_has_a_valid_check_byte() -> None:
    atr = make_atr(b"KIOSK")
    assert atr[0] == 0x3B
    assert atr[1] & 0x0F == 5
    assert reduce(xor, atr[1:], 0) == 0  # TCK makes T0..TCK xor to zero
    assert make_atr() == bytes.fromhex("3B80800101")
    with pytest.raises(ValueError, match="15 historical"):
        make_atr(bytes(16))
