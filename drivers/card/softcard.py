"""Software cards: what ``vpcd.VpcdLink`` plugs into the real pcscd.

``SoftCard`` is the whole contract with the link. ``FileSystemCard`` is a small
ISO 7816-4 card (SELECT, READ BINARY) that richer cards build on: the ICAO 9303
card adds its commands with ``register`` and wraps ``process`` for secure
messaging.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from operator import xor
from typing import Protocol

from drivers.card.apdu import CommandApdu, MalformedApdu, ResponseApdu, StatusWord

logger = logging.getLogger(__name__)

MF_FID = 0x3F00
INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0

Handler = Callable[[CommandApdu], ResponseApdu]


class SoftCard(Protocol):
    """A card in software, driven by the reader through vpcd."""

    def atr(self) -> bytes: ...

    def power_on(self) -> None: ...

    def power_off(self) -> None: ...

    def reset(self) -> None: ...

    def transmit(self, apdu: bytes) -> bytes:
        """Answer one command APDU with a response APDU (data + SW1 SW2)."""
        ...


def make_atr(historical: bytes = b"") -> bytes:
    """The ATR a PC/SC contactless reader builds for an ISO 14443-4 card (T=1, with TCK)."""
    if len(historical) > 15:
        raise ValueError("at most 15 historical bytes fit in an ATR")
    body = bytes((0x80 | len(historical), 0x80, 0x01)) + historical
    return b"\x3b" + body + bytes((reduce(xor, body, 0),))


DEFAULT_ATR = make_atr()


@dataclass(frozen=True)
class ElementaryFile:
    """A transparent EF: file id, content, optional short EF identifier."""

    fid: int
    data: bytes
    sfi: int | None = None

    def __repr__(self) -> str:
        return f"ElementaryFile(fid={self.fid:04X}, size={len(self.data)}, sfi={self.sfi})"


@dataclass(frozen=True)
class DedicatedFile:
    """An application selected by its AID (DF name), holding EFs."""

    aid: bytes
    files: tuple[ElementaryFile, ...] = ()

    def find(self, fid: int) -> ElementaryFile | None:
        return next((ef for ef in self.files if ef.fid == fid), None)

    def find_sfi(self, sfi: int) -> ElementaryFile | None:
        return next((ef for ef in self.files if ef.sfi == sfi), None)


class FileSystemCard:
    """A minimal ISO 7816-4 card: SELECT by AID or file id, READ BINARY.

    The master file is a ``DedicatedFile`` with an empty AID. Selection state
    is cleared on power on, power off and reset, as on a real chip.
    """

    def __init__(
        self,
        applications: Iterable[DedicatedFile] = (),
        mf_files: Iterable[ElementaryFile] = (),
        atr: bytes = DEFAULT_ATR,
    ) -> None:
        self._atr = atr
        self.master_file = DedicatedFile(b"", tuple(mf_files))
        self.applications = {app.aid: app for app in applications}
        self.current_df = self.master_file
        self.current_ef: ElementaryFile | None = None
        # (command, SW) of recent exchanges, for tests and APDU counts.
        self.history: deque[tuple[CommandApdu, int]] = deque(maxlen=1000)
        self._handlers: dict[int, Handler] = {}
        self.register(INS_SELECT, self.select)
        self.register(INS_READ_BINARY, self.read_binary)

    # -- SoftCard -------------------------------------------------------------

    def atr(self) -> bytes:
        return self._atr

    def power_on(self) -> None:
        self.reset()

    def power_off(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.current_df = self.master_file
        self.current_ef = None

    def transmit(self, apdu: bytes) -> bytes:
        try:
            command = CommandApdu.parse(apdu)
        except MalformedApdu:
            logger.debug("malformed APDU of %d bytes", len(apdu))
            return ResponseApdu.status(StatusWord.WRONG_LENGTH).to_bytes()
        response = self.process(command)
        self.history.append((command, response.sw))
        return response.to_bytes()

    # -- extension points -----------------------------------------------------

    def register(self, ins: int, handler: Handler) -> None:
        """Answer instruction ``ins`` with ``handler`` (replaces an earlier one)."""
        self._handlers[ins] = handler

    def accepts_cla(self, cla: int) -> bool:
        """Plain interindustry class on the basic channel; subclasses widen this."""
        return cla == 0x00

    def process(self, command: CommandApdu) -> ResponseApdu:
        """Dispatch a parsed command; override to wrap or unwrap (secure messaging)."""
        if not self.accepts_cla(command.cla):
            return ResponseApdu.status(StatusWord.CLA_NOT_SUPPORTED)
        handler = self._handlers.get(command.ins)
        if handler is None:
            return ResponseApdu.status(StatusWord.INS_NOT_SUPPORTED)
        return handler(command)

    # -- SELECT ---------------------------------------------------------------

    def select(self, command: CommandApdu) -> ResponseApdu:
        """SELECT (A4): P1 04 by DF name, P1 00/02 by file id; P2 picks the answer."""
        if command.p2 & ~0x0C:
            return ResponseApdu.status(StatusWord.INCORRECT_P1P2)
        if command.p1 == 0x04:
            return self._select_aid(command)
        if command.p1 in (0x00, 0x02):
            return self._select_fid(command)
        return ResponseApdu.status(StatusWord.INCORRECT_P1P2)

    def _select_aid(self, command: CommandApdu) -> ResponseApdu:
        if not 1 <= len(command.data) <= 16:
            return ResponseApdu.status(StatusWord.WRONG_LENGTH)
        app = self.applications.get(command.data)
        if app is None:
            return ResponseApdu.status(StatusWord.FILE_NOT_FOUND)
        self.current_df, self.current_ef = app, None
        return self._answer_select(command.p2, _tlv(0x6F, _tlv(0x84, app.aid)))

    def _select_fid(self, command: CommandApdu) -> ResponseApdu:
        if command.p1 == 0x00 and command.data in (b"", MF_FID.to_bytes(2, "big")):
            self.current_df, self.current_ef = self.master_file, None
            return self._answer_select(command.p2, _tlv(0x62, _tlv(0x83, b"\x3f\x00")))
        if len(command.data) != 2:
            return ResponseApdu.status(StatusWord.WRONG_LENGTH)
        ef = self.current_df.find(int.from_bytes(command.data, "big"))
        if ef is None:
            return ResponseApdu.status(StatusWord.FILE_NOT_FOUND)
        self.current_ef = ef
        return self._answer_select(command.p2, _fcp(ef))

    @staticmethod
    def _answer_select(p2: int, template: bytes) -> ResponseApdu:
        # P2 bits 4-3: 00 FCI, 01 FCP, 10 FMD, 11 no response data.
        data = b"" if p2 & 0x0C == 0x0C else template
        return ResponseApdu.status(StatusWord.NO_ERROR, data)

    # -- READ BINARY ----------------------------------------------------------

    def read_binary(self, command: CommandApdu) -> ResponseApdu:
        """READ BINARY (B0): offset in P1-P2, or an SFI in P1 with the offset in P2."""
        if command.data or command.ne is None:
            return ResponseApdu.status(StatusWord.WRONG_LENGTH)
        if command.p1 & 0x80:
            if command.p1 & 0x60:
                return ResponseApdu.status(StatusWord.INCORRECT_P1P2)
            ef = self.current_df.find_sfi(command.p1 & 0x1F)
            if ef is None:
                return ResponseApdu.status(StatusWord.FILE_NOT_FOUND)
            self.current_ef = ef
            offset = command.p2
        else:
            offset = (command.p1 << 8) | command.p2
        if self.current_ef is None:
            return ResponseApdu.status(StatusWord.NO_CURRENT_EF)
        return _read(self.current_ef.data, offset, command.ne)


def _read(content: bytes, offset: int, ne: int) -> ResponseApdu:
    if offset >= len(content):
        return ResponseApdu.status(StatusWord.WRONG_P1P2)
    chunk = content[offset : offset + ne]
    sw = StatusWord.END_OF_FILE if len(chunk) < ne else StatusWord.NO_ERROR
    return ResponseApdu.status(sw, chunk)


def _fcp(ef: ElementaryFile) -> bytes:
    size = _tlv(0x80, len(ef.data).to_bytes(2, "big"))
    return _tlv(0x62, size + _tlv(0x82, b"\x01") + _tlv(0x83, ef.fid.to_bytes(2, "big")))


def _tlv(tag: int, value: bytes) -> bytes:
    """BER-TLV with a one-byte tag; long-form length when needed."""
    n = len(value)
    if n < 0x80:
        length = bytes((n,))
    elif n <= 0xFF:
        length = bytes((0x81, n))
    else:
        length = b"\x82" + n.to_bytes(2, "big")
    return bytes((tag,)) + length + value


class DirectConnection:
    """A card connection straight onto a software card, without pcscd or vpcd.

    For unit tests and benchmarks of the protocol code, where the daemon's
    round trips would only add time: it powers the card on at once and keeps
    every command APDU sent (``sent``). The product always goes through pcscd.
    """

    reader = "direct"

    def __init__(self, card: SoftCard) -> None:
        self.card = card
        self.sent: list[bytes] = []
        card.power_on()

    @property
    def atr(self) -> bytes:
        return self.card.atr()

    def transmit(self, apdu: bytes) -> ResponseApdu:
        self.sent.append(apdu)
        return ResponseApdu.from_bytes(self.card.transmit(apdu))

    def close(self) -> None:
        """Nothing to release (the connection holds no resource)."""
