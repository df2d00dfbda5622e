"""Helpers for the ICAO tests: scripted connections and randomness, stand-in files.

A connection without pcscd is the drivers' own ``DirectConnection``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from drivers.card.apdu import ResponseApdu
from drivers.card.icao.keys import MrzKey
from drivers.card.icao.tlv import encode
from drivers.card.simulator import SimulatedCardStation
from drivers.card.softcard import SoftCard

PlaceCard = Callable[[SoftCard], SimulatedCardStation]


def h(text: str) -> bytes:
    """Bytes from hex as printed in Doc 9303 (spaces and line breaks allowed)."""
    return bytes.fromhex("".join(text.split()))


class ScriptedConnection:
    """Expects exactly the given (command, response) pairs, in order (hex strings)."""

    reader = "scripted"

    def __init__(
        self, exchanges: Iterable[tuple[str, str]], atr: bytes = b"\x3b\x80\x80\x01\x01"
    ) -> None:
        self.exchanges = [(h(command), h(response)) for command, response in exchanges]
        self.index = 0
        self._atr = atr

    @property
    def atr(self) -> bytes:
        return self._atr

    def transmit(self, apdu: bytes) -> ResponseApdu:
        assert self.index < len(self.exchanges), f"unexpected extra APDU {apdu.hex().upper()}"
        expected, response = self.exchanges[self.index]
        assert apdu.hex().upper() == expected.hex().upper(), f"APDU #{self.index} differs"
        self.index += 1
        return ResponseApdu.from_bytes(response)

    def close(self) -> None:
        pass

    def finished(self) -> bool:
        return self.index == len(self.exchanges)


class ScriptedRandom:
    """An rng that hands out given values in order and checks the size asked for each."""

    def __init__(self, *values: str) -> None:
        self.values = [h(value) for value in values]

    def __call__(self, size: int) -> bytes:
        if not self.values:
            pytest.fail(f"the protocol asked for {size} more random bytes than scripted")
        value = self.values.pop(0)
        assert len(value) == size, f"asked for {size} random bytes, scripted {len(value)}"
        return value


# -- a stand-in CCCD: synthetic, nobody's data --------------------------------

CAN = "123456"
ID_NUMBER = "001099012345"
MRZ = MrzKey.from_cccd(ID_NUMBER, "990101", "390101")
WRONG_MRZ = MrzKey.from_cccd(ID_NUMBER, "990102", "390101")


def _filler(size: int, seed: int) -> bytes:
    return bytes((seed + 7 * i) % 256 for i in range(size))


def stand_in_files(dg2_size: int = 15_000) -> dict[int, bytes]:
    """BER-TLV files of realistic sizes with synthetic content (the LDS builder is elsewhere)."""
    return {
        0x011E: encode(
            0x60, h("5F0104303130375F3606303430303030") + encode(0x5C, h("6175636D6E6F"))
        ),
        0x011D: encode(0x77, _filler(1_900, 1)),
        0x0101: encode(0x61, encode(0x5F1F, b"IDVNM0990123451001099012345<<<" * 3)),
        0x0102: encode(0x75, _filler(dg2_size, 2)),
        0x0103: encode(0x63, _filler(400, 3)),
        0x010D: encode(0x6D, _filler(700, 4)),
        0x010E: encode(0x6E, _filler(320, 5)),
        0x010F: encode(0x6F, _filler(160, 6)),
    }


FILE_NAMES = {
    0x011E: "EF.COM",
    0x011D: "EF.SOD",
    0x0101: "DG1",
    0x0102: "DG2",
    0x0103: "DG3",
    0x010D: "DG13",
    0x010E: "DG14",
    0x010F: "DG15",
}


def by_name(files: dict[int, bytes]) -> dict[str, bytes]:
    return {FILE_NAMES[fid]: data for fid, data in files.items()}
