"""ISO 7816-4 APDUs as values: parse and build commands, read responses.

A command APDU has one of four cases, each in short or extended length:

    case 1   CLA INS P1 P2
    case 2   CLA INS P1 P2 Le                (2E: 00 Le1 Le2)
    case 3   CLA INS P1 P2 Lc data           (3E: 00 Lc1 Lc2 data)
    case 4   CLA INS P1 P2 Lc data Le        (4E: 00 Lc1 Lc2 data Le1 Le2)

``ne`` is the number of response bytes expected (1..65536), ``None`` when the
command has no Le field. Le 00 means 256 (short) or 65536 (extended).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import IntEnum

SHORT_NE_MAX = 256
EXTENDED_NE_MAX = 65536
SHORT_NC_MAX = 255
EXTENDED_NC_MAX = 65535


class MalformedApdu(ValueError):
    """The bytes are not a well-formed command APDU (a card answers 6700)."""


class StatusWord(IntEnum):
    """Status words this package produces or reacts to (ISO 7816-4 §5.6)."""

    NO_ERROR = 0x9000
    END_OF_FILE = 0x6282
    WRONG_LENGTH = 0x6700
    SECURITY_NOT_SATISFIED = 0x6982
    NO_CURRENT_EF = 0x6986
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    INCORRECT_P1P2 = 0x6A86
    WRONG_P1P2 = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    NO_PRECISE_DIAGNOSIS = 0x6F00


@dataclass(frozen=True)
class ResponseApdu:
    """A card's answer: response data, then the two status bytes."""

    data: bytes
    sw1: int
    sw2: int

    @property
    def sw(self) -> int:
        """SW1 and SW2 as one number, e.g. 0x9000."""
        return (self.sw1 << 8) | self.sw2

    @property
    def ok(self) -> bool:
        return self.sw == StatusWord.NO_ERROR

    @classmethod
    def from_bytes(cls, raw: bytes) -> ResponseApdu:
        if len(raw) < 2:
            raise MalformedApdu(f"a response APDU needs SW1 SW2, got {len(raw)} byte(s)")
        return cls(bytes(raw[:-2]), raw[-2], raw[-1])

    @classmethod
    def status(cls, sw: int, data: bytes = b"") -> ResponseApdu:
        """Build a response from a status word given as one number."""
        return cls(data, (sw >> 8) & 0xFF, sw & 0xFF)

    def to_bytes(self) -> bytes:
        return self.data + bytes((self.sw1, self.sw2))

    def __repr__(self) -> str:
        # Only the length of the data: it can carry personal data.
        return f"ResponseApdu(len={len(self.data)}, sw={self.sw:04X})"


@dataclass(frozen=True)
class CommandApdu:
    """A command APDU; ``extended`` forces extended length on encoding."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    ne: int | None = None
    extended: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise MalformedApdu(f"{name} must be one byte")
        if len(self.data) > EXTENDED_NC_MAX:
            raise MalformedApdu(f"command data longer than {EXTENDED_NC_MAX} bytes")
        if self.ne is not None and not 1 <= self.ne <= EXTENDED_NE_MAX:
            raise MalformedApdu(f"Ne must be 1..{EXTENDED_NE_MAX}")

    @property
    def case(self) -> int:
        """ISO 7816-3 case number 1-4."""
        return 1 + (self.ne is not None) + 2 * bool(self.data)

    @property
    def is_extended(self) -> bool:
        """Whether ``to_bytes`` uses extended length fields (case 1 has none)."""
        if not self.data and self.ne is None:
            return False
        return (
            self.extended
            or len(self.data) > SHORT_NC_MAX
            or (self.ne is not None and self.ne > SHORT_NE_MAX)
        )

    def with_ne(self, ne: int | None) -> CommandApdu:
        return replace(self, ne=ne)

    def to_bytes(self) -> bytes:
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.is_extended:
            return header + self._extended_body()
        body = b""
        if self.data:
            body += bytes((len(self.data),)) + self.data
        if self.ne is not None:
            body += bytes((self.ne % SHORT_NE_MAX,))
        return header + body

    def _extended_body(self) -> bytes:
        body = b"\x00"
        if self.data:
            body += len(self.data).to_bytes(2, "big") + self.data
        if self.ne is not None:
            le = (self.ne % EXTENDED_NE_MAX).to_bytes(2, "big")
            # Le follows Lc directly in case 4E; alone it carries the 00 marker.
            body += le
        return body

    @classmethod
    def parse(cls, raw: bytes) -> CommandApdu:
        """Parse any of the seven encodings; raise MalformedApdu otherwise."""
        if len(raw) < 4:
            raise MalformedApdu(f"an APDU needs 4 header bytes, got {len(raw)}")
        cla, ins, p1, p2 = raw[0], raw[1], raw[2], raw[3]
        body = bytes(raw[4:])
        data, ne, extended = _parse_body(body)
        return cls(cla, ins, p1, p2, data, ne, extended)

    def __repr__(self) -> str:
        # Header and lengths only: command data can carry keys or personal data.
        return (
            f"CommandApdu({self.cla:02X} {self.ins:02X} {self.p1:02X} {self.p2:02X},"
            f" nc={len(self.data)}, ne={self.ne})"
        )


def _parse_body(body: bytes) -> tuple[bytes, int | None, bool]:
    """Split what follows the header into (data, Ne, extended)."""
    if not body:
        return b"", None, False
    if len(body) == 1:
        return b"", body[0] or SHORT_NE_MAX, False
    if body[0] != 0:
        return _parse_short(body)
    if len(body) < 3:
        raise MalformedApdu("extended length needs three bytes after the header")
    return _parse_extended(body)


def _parse_short(body: bytes) -> tuple[bytes, int | None, bool]:
    nc = body[0]
    if len(body) == 1 + nc:
        return body[1:], None, False
    if len(body) == 2 + nc:
        return body[1:-1], body[-1] or SHORT_NE_MAX, False
    raise MalformedApdu(f"Lc={nc} does not match {len(body) - 1} byte(s) after it")


def _parse_extended(body: bytes) -> tuple[bytes, int | None, bool]:
    if len(body) == 3:
        return b"", int.from_bytes(body[1:3], "big") or EXTENDED_NE_MAX, True
    nc = int.from_bytes(body[1:3], "big")
    if nc == 0:
        raise MalformedApdu("extended Lc of 0")
    if len(body) == 3 + nc:
        return body[3:], None, True
    if len(body) == 5 + nc:
        return body[3:-2], int.from_bytes(body[-2:], "big") or EXTENDED_NE_MAX, True
    raise MalformedApdu(f"extended Lc={nc} does not match {len(body) - 3} byte(s) after it")


INS_GET_RESPONSE = 0xC0
_MAX_GET_RESPONSE = 64


def complete_exchange(send: Callable[[bytes], ResponseApdu], apdu: bytes) -> ResponseApdu:
    """Send ``apdu`` and resolve the two T=0 status words a caller should never see.

    6Cxx (wrong Le, xx is the right one): the command is sent again with Le=xx.
    61xx (xx more bytes waiting): GET RESPONSE until the card is done; the data of
    every part is joined and the last status word is returned.
    """
    response = _resend_on_6c(send, apdu, send(apdu))
    data = bytearray(response.data)
    for _ in range(_MAX_GET_RESPONSE):
        if response.sw1 != 0x61:
            break
        get_response = CommandApdu(
            _get_response_cla(apdu[0]), INS_GET_RESPONSE, 0, 0, ne=response.sw2 or SHORT_NE_MAX
        ).to_bytes()
        response = _resend_on_6c(send, get_response, send(get_response))
        data += response.data
    return ResponseApdu(bytes(data), response.sw1, response.sw2)


def _resend_on_6c(
    send: Callable[[bytes], ResponseApdu], apdu: bytes, response: ResponseApdu
) -> ResponseApdu:
    if response.sw1 != 0x6C:
        return response
    try:
        command = CommandApdu.parse(apdu)
    except MalformedApdu:
        return response  # the card judged our bytes; nothing sensible to re-send
    return send(command.with_ne(response.sw2 or SHORT_NE_MAX).to_bytes())


def _get_response_cla(cla: int) -> int:
    """GET RESPONSE on the same logical channel, without secure-messaging or chaining bits."""
    if cla & 0x80:
        return 0x00
    if cla & 0x40:
        return cla & 0x4F
    return cla & 0x03
