"""INTERNAL AUTHENTICATE on the wire: the APDU, under secure messaging, and the chip's faults.

The driver only carries the exchange, so a stand-in signer (any bytes made from
the challenge) is enough here; the real signatures are checked in tests/identity.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from icao_support import CAN, MRZ, stand_in_files

from drivers.card.apdu import CommandApdu, ResponseApdu, StatusWord
from drivers.card.emrtd_card import AaFault, ChipBehaviour, EmrtdCard
from drivers.card.icao import AccessKeys, ReadOptions, read_emrtd
from drivers.card.icao.aa import internal_authenticate, internal_authenticate_command
from drivers.card.icao.channel import ChipChannel
from drivers.card.icao.errors import ChipProtocolError
from drivers.card.softcard import DirectConnection

FILES = stand_in_files()
AA = ReadOptions(active_auth=True)
NAMES = ("EF.COM", "DG1", "DG15")


def stand_in_signer(size: int = 128) -> tuple[list[bytes], object]:
    """A signer that records its challenges and answers ``size`` bytes made from them."""
    seen: list[bytes] = []

    def sign(challenge: bytes) -> bytes:
        seen.append(challenge)
        return (challenge * (size // 8 + 1))[:size]

    return seen, sign


def chip(signer: object = None, **behaviour: object) -> EmrtdCard:
    return EmrtdCard(
        FILES,
        can=CAN,
        mrz=MRZ,
        behaviour=ChipBehaviour(**behaviour),  # type: ignore[arg-type]
        active_auth=signer,  # type: ignore[arg-type]
    )


def test_the_plain_command_is_case_4_with_an_8_byte_challenge() -> None:
    challenge = bytes(range(1, 9))
    short = internal_authenticate_command(challenge, extended=False)
    assert short.to_bytes().hex().upper() == "0088000008" + challenge.hex().upper() + "00"
    extended = internal_authenticate_command(challenge, extended=True)
    assert extended.to_bytes().hex().upper() == "00880000000008" + challenge.hex().upper() + "0000"
    with pytest.raises(ValueError, match="8 bytes"):
        internal_authenticate_command(bytes(7), extended=False)


def test_without_secure_messaging_nothing_is_sent() -> None:
    connection = DirectConnection(chip())
    with pytest.raises(ChipProtocolError, match="secure messaging"):
        internal_authenticate(ChipChannel(connection), bytes(8))
    assert connection.sent == []


@pytest.mark.parametrize(
    ("keys", "options", "protocol"),
    [
        (AccessKeys(can=CAN), AA, "PACE"),
        (AccessKeys(mrz=MRZ), ReadOptions(active_auth=True, try_pace=False), "BAC"),
    ],
)
def test_after_the_files_one_protected_internal_authenticate(
    keys: AccessKeys, options: ReadOptions, protocol: str
) -> None:
    seen, signer = stand_in_signer()
    connection = DirectConnection(chip(signer))
    without = replace(options, active_auth=False)
    plain = read_emrtd(DirectConnection(chip(signer)), keys, NAMES, without)
    result = read_emrtd(connection, keys, NAMES, options)
    assert result.protocol == protocol
    exchange = result.active_auth
    assert exchange is not None and exchange.answered and exchange.sw == 0x9000
    assert len(exchange.challenge) == 8 and seen == [exchange.challenge]
    assert exchange.response == (exchange.challenge * 17)[:128]
    assert exchange.apdu_count == 1 and exchange.seconds > 0
    assert result.timings.active_auth_s == exchange.seconds
    assert result.apdu_count == plain.apdu_count + 1
    last = connection.sent[-1]
    assert last[0] == 0x0C and last[1] == 0x88  # secure messaging CLA
    assert exchange.challenge not in last  # the challenge travels encrypted
    assert "sw=9000" in repr(exchange) and exchange.challenge.hex() not in repr(exchange)


def test_not_asked_or_no_dg15_sends_no_challenge() -> None:
    seen, signer = stand_in_signer()
    not_asked = read_emrtd(DirectConnection(chip(signer)), AccessKeys(can=CAN), NAMES)
    no_dg15 = read_emrtd(DirectConnection(chip(signer)), AccessKeys(can=CAN), ("DG1",), AA)
    assert not_asked.active_auth is None and no_dg15.active_auth is None
    assert seen == []


@pytest.mark.parametrize(
    "card",
    [
        pytest.param(lambda: chip(None), id="no_aa_key"),
        pytest.param(
            lambda: chip(stand_in_signer()[1], active_auth_fault=AaFault.NOT_SUPPORTED),
            id="refuses",
        ),
    ],
)
def test_a_chip_that_does_not_answer_gives_no_response(card: object) -> None:
    result = read_emrtd(DirectConnection(card()), AccessKeys(can=CAN), NAMES, AA)  # type: ignore[operator]
    exchange = result.active_auth
    assert exchange is not None and exchange.response is None
    assert exchange.sw == StatusWord.INS_NOT_SUPPORTED and not exchange.answered


def test_a_wrong_signature_is_carried_as_given() -> None:
    seen, signer = stand_in_signer()
    card = chip(signer, active_auth_fault=AaFault.WRONG_SIGNATURE)
    result = read_emrtd(DirectConnection(card), AccessKeys(can=CAN), NAMES, AA)
    exchange = result.active_auth
    assert exchange is not None and exchange.response is not None
    assert seen and seen[0] != exchange.challenge  # the chip signed something else
    assert seen[0][1:] == exchange.challenge[1:]


def test_a_long_signature_needs_extended_length() -> None:
    _, signer = stand_in_signer(256)  # RSA-2048
    extended = read_emrtd(DirectConnection(chip(signer)), AccessKeys(can=CAN), NAMES, AA)
    assert extended.active_auth is not None and extended.active_auth.response is not None
    assert len(extended.active_auth.response) == 256
    short_chip = chip(signer, extended_length=False)
    short = read_emrtd(DirectConnection(short_chip), AccessKeys(can=CAN), NAMES, AA)
    assert short.active_auth is not None and short.active_auth.sw == StatusWord.WRONG_LENGTH


class LeavesSmOnAa(EmrtdCard):
    """A chip that answers INTERNAL AUTHENTICATE in plain and drops secure messaging."""

    def process(self, command: CommandApdu) -> ResponseApdu:
        if command.ins == 0x88:
            self.session = None
            return ResponseApdu.status(StatusWord.INS_NOT_SUPPORTED)
        return super().process(command)


def test_a_chip_that_leaves_secure_messaging_on_the_challenge_did_not_answer() -> None:
    card = LeavesSmOnAa(FILES, can=CAN, mrz=MRZ)
    result = read_emrtd(DirectConnection(card), AccessKeys(can=CAN), NAMES, AA)
    assert result.files["DG15"] == FILES[0x010F]
    assert result.active_auth is not None and result.active_auth.response is None
    assert result.active_auth.sw == StatusWord.INS_NOT_SUPPORTED


def test_only_the_status_word_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    _, signer = stand_in_signer()
    result = read_emrtd(DirectConnection(chip(signer)), AccessKeys(can=CAN), NAMES, AA)
    assert result.active_auth is not None and result.active_auth.response is not None
    text = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "INTERNAL AUTHENTICATE: SW 9000" in text
    assert result.active_auth.challenge.hex() not in text.lower()
    assert result.active_auth.response[:16].hex() not in text.lower()
