"""Active authentication on the wire (ICAO 9303-11 §6.1): INTERNAL AUTHENTICATE.

    INTERNAL AUTHENTICATE  00 88 00 00  08  RND.IFD (8 bytes)  Le  ->  signature

Sent under the secure messaging of BAC or PACE, once DG15 (the chip's AA public
key) has been read. This module only carries the exchange: whether the answer
is the signature of the DG15 key is checked by ``kiosk.identity.active`` (the
data side), so the driver never parses keys. A chip that answers with an error
status (6D00, 6A81, 6982, …) did not answer: ``ActiveAuthExchange.response`` is
``None`` and ``sw`` says what it said. Challenge and answer are never logged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from drivers.card.apdu import EXTENDED_NE_MAX, SHORT_NE_MAX, CommandApdu
from drivers.card.icao.channel import ChipChannel
from drivers.card.icao.errors import ChipProtocolError, SecureMessagingAborted

INS_INTERNAL_AUTHENTICATE = 0x88
CHALLENGE_LENGTH = 8


@dataclass(frozen=True, repr=False)
class ActiveAuthExchange:
    """One INTERNAL AUTHENTICATE: the challenge sent and what the chip answered.

    ``response`` is ``None`` when the chip answered with an error status ``sw``
    instead of a signature. ``apdu_count`` and ``seconds`` are the step's cost.
    """

    challenge: bytes
    response: bytes | None
    sw: int
    apdu_count: int
    seconds: float

    @property
    def answered(self) -> bool:
        return self.response is not None

    def __repr__(self) -> str:
        return f"ActiveAuthExchange(sw={self.sw:04X}, answered={self.answered})"


def internal_authenticate_command(challenge: bytes, *, extended: bool) -> CommandApdu:
    """The plain INTERNAL AUTHENTICATE; Le: as much as a short (or extended) answer holds."""
    if len(challenge) != CHALLENGE_LENGTH:
        raise ValueError(f"the AA challenge is {CHALLENGE_LENGTH} bytes")
    ne = EXTENDED_NE_MAX if extended else SHORT_NE_MAX
    return CommandApdu(0, INS_INTERNAL_AUTHENTICATE, 0, 0, challenge, ne, extended=extended)


def internal_authenticate(
    channel: ChipChannel, challenge: bytes, *, extended: bool = False
) -> ActiveAuthExchange:
    """Send the challenge (under the channel's secure messaging) and return the chip's answer.

    ``extended``: ask with an extended Le (an RSA-2048 signature under secure
    messaging does not fit a short answer); only for chips that take extended
    length. A chip that refuses by leaving secure messaging (a plain status
    word) is an answer too: the read is over by then, so nothing is lost.
    """
    if channel.sm is None:
        raise ChipProtocolError("active authentication needs secure messaging (BAC or PACE) first")
    started, count = time.perf_counter(), channel.apdu_count
    command = internal_authenticate_command(challenge, extended=extended)
    try:
        answer = channel.send(command, extended=extended)
        response, sw = (answer.data if answer.ok else None), answer.sw
    except SecureMessagingAborted as exc:
        response, sw = None, exc.sw if exc.sw is not None else 0
    return ActiveAuthExchange(
        challenge, response, sw, channel.apdu_count - count, time.perf_counter() - started
    )
