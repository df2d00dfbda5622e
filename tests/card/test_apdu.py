"""Command/response APDU values, and the 61xx/6Cxx resolution, as scripted exchanges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.card.apdu import (
    CommandApdu,
    MalformedApdu,
    ResponseApdu,
    complete_exchange,
)


@pytest.mark.parametrize(
    ("raw", "case", "data", "ne", "extended"),
    [
        ("00A40000", 1, "", None, False),
        ("00B0000010", 2, "", 16, False),
        ("00B0000000", 2, "", 256, False),
        ("00A4020C02011E", 3, "011E", None, False),
        ("00A4040007A000000247100100", 4, "A0000002471001", 256, False),
        ("00B00000000400", 2, "", 1024, True),
        ("00B00000000000", 2, "", 65536, True),
        ("00A4040C000007A0000002471001", 3, "A0000002471001", None, True),
        ("00A40400000002AABB0100", 4, "AABB", 256, True),
    ],
)
def test_parse_all_cases(raw: str, case: int, data: str, ne: int | None, extended: bool) -> None:
    command = CommandApdu.parse(bytes.fromhex(raw))
    assert command.case == case
    assert command.data == bytes.fromhex(data)
    assert command.ne == ne
    assert command.is_extended == extended
    assert command.to_bytes() == bytes.fromhex(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "00A404",
        "00A4040C03AABB",  # Lc says 3, two bytes follow
        "00A4040C01AABBCC",  # Lc says 1, three bytes follow
        "00B0000000AA",  # extended marker then one byte
        "00A4040000000000",  # extended Lc of 0 with a body
        "00A40400000003AABB",  # extended Lc 3, two bytes
    ],
)
def test_malformed_apdus_are_refused(raw: str) -> None:
    with pytest.raises(MalformedApdu):
        CommandApdu.parse(bytes.fromhex(raw))


def test_header_bytes_and_ne_are_range_checked() -> None:
    with pytest.raises(MalformedApdu):
        CommandApdu(0x100, 0xB0, 0, 0)
    with pytest.raises(MalformedApdu):
        CommandApdu(0, 0xB0, 0, 0, ne=0)
    with pytest.raises(MalformedApdu):
        CommandApdu(0, 0xB0, 0, 0, ne=65537)


commands = st.builds(
    CommandApdu,
    cla=st.integers(0, 255),
    ins=st.integers(0, 255),
    p1=st.integers(0, 255),
    p2=st.integers(0, 255),
    data=st.binary(max_size=300),
    ne=st.none() | st.integers(1, 65536),
    extended=st.booleans(),
)


@given(commands)
def test_encode_then_parse_gives_the_same_command(command: CommandApdu) -> None:
    parsed = CommandApdu.parse(command.to_bytes())
    assert parsed == command
    assert parsed.is_extended == command.is_extended


@given(st.binary(max_size=300))
def test_parse_raises_only_malformed_apdu(raw: bytes) -> None:
    try:
        command = CommandApdu.parse(raw)
    except MalformedApdu:
        return
    assert command.to_bytes() == raw


def test_response_apdu_splits_status_and_hides_data_in_repr() -> None:
    response = ResponseApdu.from_bytes(bytes.fromhex("DEADBEEF6282"))
    assert response.data == bytes.fromhex("DEADBEEF")
    assert (response.sw1, response.sw2, response.sw) == (0x62, 0x82, 0x6282)
    assert not response.ok
    assert "DEAD" not in repr(response)
    assert "len=4" in repr(response)
    assert response.to_bytes() == bytes.fromhex("DEADBEEF6282")
    with pytest.raises(MalformedApdu):
        ResponseApdu.from_bytes(b"\x90")


def test_command_repr_hides_data() -> None:
    command = CommandApdu(0, 0x82, 0, 0, data=bytes.fromhex("0123456789ABCDEF"), ne=40)
    assert "0123" not in repr(command)
    assert "nc=8" in repr(command)


class ScriptedCard:
    """Answers from a script of (expected command, reply); asserts every step is used."""

    def __init__(self, script: list[tuple[str, str]]) -> None:
        self.script = [(bytes.fromhex(c), bytes.fromhex(r)) for c, r in script]

    def send(self, apdu: bytes) -> ResponseApdu:
        assert self.script, f"unexpected command {apdu.hex().upper()}"
        expected, reply = self.script.pop(0)
        assert apdu == expected, f"sent {apdu.hex().upper()}, script wants {expected.hex().upper()}"
        return ResponseApdu.from_bytes(reply)

    def assert_done(self) -> None:
        assert not self.script, f"{len(self.script)} scripted exchange(s) not used"


def test_61xx_is_followed_by_get_response_until_done() -> None:
    card = ScriptedCard(
        [
            ("00B0000000", "6164"),
            ("00C0000064", "AA" * 100 + "6164"),
            ("00C0000064", "BB" * 100 + "6138"),
            ("00C0000038", "CC" * 56 + "9000"),
        ]
    )
    response = complete_exchange(card.send, bytes.fromhex("00B0000000"))
    card.assert_done()
    assert response.sw == 0x9000
    assert response.data == b"\xaa" * 100 + b"\xbb" * 100 + b"\xcc" * 56


def test_6cxx_resends_with_the_le_the_card_asked_for() -> None:
    card = ScriptedCard([("00B0020000", "6C0A"), ("00B002000A", "11" * 10 + "9000")])
    response = complete_exchange(card.send, bytes.fromhex("00B0020000"))
    card.assert_done()
    assert response == ResponseApdu(b"\x11" * 10, 0x90, 0x00)


def test_get_response_keeps_the_logical_channel_but_not_secure_messaging_bits() -> None:
    card = ScriptedCard([("0DB0000000", "6102"), ("01C0000002", "ABCD9000")])
    response = complete_exchange(card.send, bytes.fromhex("0DB0000000"))
    card.assert_done()
    assert response.data == bytes.fromhex("ABCD")


def test_other_status_words_pass_through_untouched() -> None:
    card = ScriptedCard([("00A4020C02011E", "6A82")])
    response = complete_exchange(card.send, bytes.fromhex("00A4020C02011E"))
    card.assert_done()
    assert response.sw == 0x6A82
