"""Properties: the reader's and the chip's secure messaging agree on anything, and any
bytes from the card give only typed errors, never data that was not authenticated."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icao_support import CAN, MRZ

from drivers.card.apdu import CommandApdu, ResponseApdu
from drivers.card.emrtd_sm import ChipSession
from drivers.card.icao import AccessKeys, read_emrtd
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.errors import SecureMessagingError
from drivers.card.icao.sm import SecureMessaging, SessionKeys
from kiosk.errors import DeviceError

SUITES = [(CipherKind.TDES, 16), (CipherKind.AES, 16), (CipherKind.AES, 24), (CipherKind.AES, 32)]


@st.composite
def sessions(draw: st.DrawFn) -> tuple[SecureMessaging, ChipSession]:
    cipher, size = draw(st.sampled_from(SUITES))
    k_enc = draw(st.binary(min_size=size, max_size=size))
    k_mac = draw(st.binary(min_size=size, max_size=size))
    ssc = draw(st.integers(0, (1 << (8 * cipher.block_size)) - 1))
    return SecureMessaging(SessionKeys(cipher, k_enc, k_mac, ssc)), ChipSession(
        cipher, k_enc, k_mac, ssc
    )


commands = st.builds(
    CommandApdu,
    cla=st.just(0x00),
    ins=st.sampled_from([0xA4, 0xB0, 0xB1, 0x22, 0x86, 0x2A]),
    p1=st.integers(0, 255),
    p2=st.integers(0, 255),
    data=st.binary(max_size=400),
    ne=st.none() | st.integers(1, 65536),
)
responses = st.builds(
    ResponseApdu.status,
    sw=st.sampled_from([0x9000, 0x6282, 0x6A82, 0x6982, 0x6700, 0x6B00]),
    data=st.binary(max_size=1200),
)


@settings(max_examples=150, deadline=None)
@given(sessions(), commands, responses, st.booleans(), st.booleans())
def test_wrap_open_seal_unwrap_round_trip(
    pair: tuple[SecureMessaging, ChipSession],
    command: CommandApdu,
    response: ResponseApdu,
    extended: bool,
    odd_answer: bool,
) -> None:
    reader, chip = pair
    protected = reader.wrap(command, extended=extended)
    on_the_wire = CommandApdu.parse(protected.to_bytes())
    assert chip.open_command(on_the_wire) == command
    sealed = chip.seal(response, odd_ins=odd_answer)
    assert reader.unwrap(ResponseApdu.from_bytes(sealed.to_bytes())) == response
    assert reader.ssc == chip.ssc and not reader.aborted


@settings(max_examples=150, deadline=None)
@given(sessions(), responses, st.data())
def test_any_changed_byte_of_a_protected_answer_is_refused(
    pair: tuple[SecureMessaging, ChipSession], response: ResponseApdu, data: st.DataObject
) -> None:
    reader, chip = pair
    chip.open_command(reader.wrap(CommandApdu(0x00, 0xB0, 0, 0, ne=256)))
    sealed = bytearray(chip.seal(response).data)
    index = data.draw(st.integers(0, len(sealed) - 1))
    sealed[index] ^= data.draw(st.integers(1, 255))
    with pytest.raises(SecureMessagingError):
        reader.unwrap(ResponseApdu.status(response.sw, bytes(sealed)))


@settings(max_examples=300, deadline=None)
@given(sessions(), st.binary(max_size=300), st.integers(0, 0xFFFF))
def test_arbitrary_answers_never_become_data(
    pair: tuple[SecureMessaging, ChipSession], body: bytes, sw: int
) -> None:
    reader, _ = pair
    try:
        opened = reader.unwrap(ResponseApdu.status(sw, body))
    except SecureMessagingError:
        return
    assert opened.data == b"" and reader.aborted  # a bare status word: SM is over


class ChaosConnection:
    """A card that answers anything: random bytes, random status words."""

    reader = "chaos"
    atr = b"\x3b\x80\x80\x01\x01"

    def __init__(self, data: st.DataObject) -> None:
        self._data = data
        self.count = 0

    def transmit(self, apdu: bytes) -> ResponseApdu:
        self.count += 1
        body = self._data.draw(st.binary(max_size=80) | st.sampled_from([b"", b"\x7c\x00"]))
        sw = self._data.draw(st.sampled_from([0x9000, 0x6282, 0x6982, 0x6A82, 0x6300, 0x6700]))
        return ResponseApdu.status(sw, body)

    def close(self) -> None:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_chaotic_card_gives_only_typed_errors(data: st.DataObject) -> None:
    connection = ChaosConnection(data)
    with contextlib.suppress(DeviceError):  # any other exception fails the test
        read_emrtd(connection, AccessKeys(can=CAN, mrz=MRZ))
    assert connection.count < 60
