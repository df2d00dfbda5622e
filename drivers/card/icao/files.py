"""Reading transparent files of the chip in the largest chunks the chip and reader accept.

One file costs a SELECT and ceil(size / chunk) READ BINARY. The chunk is:

- extended length (one READ can bring a whole DG2) when the chip announces it
  in its ATR (ISO 7816-4 card capabilities) or the caller insists;
- otherwise the most a short answer holds: 256 bytes in plain, and under secure
  messaging 231 (3DES) or 223 (AES) bytes of data, because DO'87' with padding,
  DO'99' and DO'8E' must fit in 256 bytes.

A chip answering 6700, 6B00 or a data-less 6282 gets short reads instead of
extended ones, then (once the file's size is known) a halved Le from then on;
one that returns fewer bytes than asked (9000) sets the chunk to what it gave.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.card.apdu import (
    EXTENDED_NE_MAX,
    SHORT_NE_MAX,
    CommandApdu,
    ResponseApdu,
    StatusWord,
)
from drivers.card.icao import tlv
from drivers.card.icao.channel import ChipChannel
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.errors import (
    ChipProtocolError,
    ReaderTransmitFailed,
    SecureMessagingAborted,
    UnsupportedProtocol,
)

FILE_IDS: dict[str, int] = {
    "EF.COM": 0x011E,
    "EF.SOD": 0x011D,
    **{f"DG{number}": 0x0100 + number for number in range(1, 17)},
}
EF_CARD_ACCESS = 0x011C
EMRTD_AID = bytes.fromhex("A0000002471001")

SM_SHORT_LE = {CipherKind.TDES: 231, CipherKind.AES: 223}
MIN_LE = 16
HEADER_PROBE = 8  # tag and length of any LDS file fit in 8 bytes
MAX_OFFSET = 0x7FFF  # READ BINARY B0 takes a 15-bit offset
MAX_FILE = 1 << 20  # no LDS file is a megabyte: a larger length is a broken header
INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0


@dataclass
class ChunkPolicy:
    """How much to ask for per READ BINARY; learns from the chip's answers across files."""

    extended: bool
    extended_le: int = EXTENDED_NE_MAX
    cap: int | None = None

    def le(self, short_max: int) -> int:
        base = self.extended_le if self.extended else short_max
        return min(base, self.cap) if self.cap else base

    def give_up_extended(self) -> bool:
        """After a length error on an extended read: short reads from now on."""
        was, self.extended = self.extended, False
        return was


def extended_length_in_atr(atr: bytes) -> bool:
    """Whether the ATR's historical bytes announce extended Lc/Le (ISO 7816-4 §8.1.1.2.7)."""
    historical = _historical_bytes(atr)
    if not historical or historical[0] != 0x80:
        return False
    position = 1
    while position < len(historical):
        tag, length = historical[position] >> 4, historical[position] & 0x0F
        value = historical[position + 1 : position + 1 + length]
        if tag == 0x7 and len(value) >= 3:
            return bool(value[2] & 0x40)
        position += 1 + length
    return False


def _historical_bytes(atr: bytes) -> bytes:
    if len(atr) < 2:
        return b""
    count, y, position = atr[1] & 0x0F, atr[1] >> 4, 2
    while True:
        present = [bit for bit in range(4) if y & (1 << bit)]
        position += len(present)
        if not y & 0x8 or position > len(atr):
            break
        y = atr[position - 1] >> 4
    return atr[position : position + count]


class FileReader:
    """SELECT and READ BINARY files over ``channel`` with a shared ``ChunkPolicy``."""

    def __init__(self, channel: ChipChannel, policy: ChunkPolicy) -> None:
        self._channel = channel
        self.policy = policy

    @property
    def short_max(self) -> int:
        sm = self._channel.sm
        return SHORT_NE_MAX if sm is None else SM_SHORT_LE[sm.cipher]

    def select(self, fid: int) -> int:
        """SELECT the EF ``fid`` of the current DF; its status word."""
        command = CommandApdu(0x00, INS_SELECT, 0x02, 0x0C, fid.to_bytes(2, "big"))
        try:
            return self._channel.send(command).sw
        except SecureMessagingAborted as exc:
            # Some chips say "no such file" in plain: the file is skipped; the session
            # is re-established before the next command (the channel stays aborted).
            if exc.sw in (StatusWord.FILE_NOT_FOUND, StatusWord.SECURITY_NOT_SATISFIED):
                return exc.sw
            raise

    def read(self, fid: int) -> tuple[bytes | None, int]:
        """(content, 9000), or (None, status word) when the chip will not give the file."""
        sw = self.select(fid)
        if sw != StatusWord.NO_ERROR:
            return None, sw
        return self._read_selected()

    def _read_selected(self) -> tuple[bytes | None, int]:
        data = bytearray()
        total: int | None = None
        probe = False  # after a length error before the size is known: read the header alone
        while total is None or len(data) < total:
            asked = self._asked(len(data), total, probe)
            response = self._read_binary(len(data), asked)
            if response.sw == StatusWord.SECURITY_NOT_SATISFIED and not data:
                return None, response.sw
            if self._length_error(response):
                probe = self._after_length_error(asked, response.sw, total)
                continue
            _check_read(response, asked)
            data += response.data
            if total is None:
                total = _declared_length(bytes(data))
            short_answer = response.ok and len(response.data) < asked
            if short_answer and (total is None or len(data) < total):
                self.policy.cap = len(response.data)  # the chip's own limit: ask for that
            if response.sw == StatusWord.END_OF_FILE:
                break
        if total is None or len(data) < total:
            raise ChipProtocolError("A file on the chip ended before its declared length")
        return bytes(data[:total]), StatusWord.NO_ERROR

    def _asked(self, offset: int, total: int | None, probe: bool) -> int:
        if probe and total is None:
            return HEADER_PROBE
        asked = self.policy.le(self.short_max)
        return asked if total is None else min(asked, total - offset)

    def _after_length_error(self, asked: int, sw: int, total: int | None) -> bool:
        """React to 6700 / 6B00 / an empty 6282; True: probe the header first.

        Extended reads give way to short ones. Before the file's size is known, a
        chip may refuse an Le longer than the file: read its header alone. After,
        the Le asked fitted the file, so the chip's limit is lower: halve it for good.
        """
        if asked > self.short_max and self.policy.give_up_extended():
            return False
        if total is None and asked > HEADER_PROBE:
            return True
        if asked <= MIN_LE:
            raise ChipProtocolError(f"The chip refuses every read length (SW {sw:04X})")
        self.policy.cap = max(MIN_LE, asked // 2)
        return False

    def _read_binary(self, offset: int, asked: int) -> ResponseApdu:
        if offset > MAX_OFFSET:
            raise UnsupportedProtocol(
                "A file on the chip is larger than 32 kB, which this kiosk cannot read yet",
                "report this card model to the technicians",
            )
        command = CommandApdu(0x00, INS_READ_BINARY, offset >> 8, offset & 0xFF, ne=asked)
        extended = asked > self.short_max
        try:
            return self._channel.send(command, extended=extended)
        except SecureMessagingAborted as exc:
            if extended and exc.sw == StatusWord.WRONG_LENGTH:
                # A chip without extended length fails below SM: short reads after the restart.
                self.policy.give_up_extended()
            raise
        except ReaderTransmitFailed as exc:
            if not extended or self._channel.sm is None:
                raise
            # A reader that cannot carry extended APDUs: short reads after a restart.
            self.policy.give_up_extended()
            raise SecureMessagingAborted() from exc

    @staticmethod
    def _length_error(response: ResponseApdu) -> bool:
        if response.sw in (StatusWord.WRONG_LENGTH, StatusWord.WRONG_P1P2):
            return True
        return response.sw == StatusWord.END_OF_FILE and not response.data


def _check_read(response: ResponseApdu, asked: int) -> None:
    if response.sw not in (StatusWord.NO_ERROR, StatusWord.END_OF_FILE) or not response.data:
        raise ChipProtocolError(f"The chip stopped a file read (SW {response.sw:04X})")
    if len(response.data) > asked:
        raise ChipProtocolError("The chip sent more than was asked")


def _declared_length(head: bytes) -> int | None:
    """Header + value length of the BER-TLV file starting with ``head`` (None: need more)."""
    try:
        _, header, length = tlv.read_header(head)
    except tlv.TlvError as exc:
        if len(head) >= 8:
            raise ChipProtocolError("A file on the chip is not BER-TLV") from exc
        return None
    if header + length > MAX_FILE:
        raise ChipProtocolError("A file on the chip declares an impossible length")
    return header + length
