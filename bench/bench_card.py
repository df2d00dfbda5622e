"""Cost of a full chip read of the simulated CCCD through the real pcscd + vpcd.

Reads EF.COM, EF.SOD, DG1, DG2 (~15 kB), DG13, DG14, DG15 with PACE and with
BAC, in short and in extended length, and prints medians of:
- APDUs, against the minimum for the chunk the read used (authentication +
  one SELECT and ceil(size / chunk) READ BINARY per file);
- CPU time of the reading thread (host work: crypto, parsing, PC/SC calls);
- wall time, and its ratio to a same-run baseline: the same files read with no
  authentication and no secure messaging in plain 256-byte READ BINARY.

The card is taken off and placed again before each read, as a citizen would.
(The vpcd link asks for quick ACKs itself, so the ~40 ms per APDU a delayed ACK
used to add is no longer in these figures.)

    .venv/bin/python bench/bench_card.py [--runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import math
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.card.apdu import CommandApdu
from drivers.card.emrtd_card import ChipBehaviour, EmrtdCard
from drivers.card.icao import AccessKeys, MrzKey, ReadOptions, read_emrtd
from drivers.card.icao.tlv import encode
from drivers.card.pcsc import PcscCardReader
from drivers.card.pcscd import PcscDaemon
from drivers.card.simulator import SimulatedCardStation
from drivers.card.softcard import DedicatedFile, ElementaryFile, FileSystemCard, SoftCard

CAN = "123456"
MRZ = MrzKey.from_cccd("001099012345", "990101", "390101")
NAMES = {0x011E: "EF.COM", 0x011D: "EF.SOD", 0x0101: "DG1", 0x0102: "DG2",
         0x010D: "DG13", 0x010E: "DG14", 0x010F: "DG15"}  # fmt: skip
SIZES = {0x011E: 24, 0x011D: 1_900, 0x0101: 90, 0x0102: 15_000, 0x010D: 700,
         0x010E: 320, 0x010F: 160}  # fmt: skip
AID = bytes.fromhex("A0000002471001")


def stand_in_files() -> dict[int, bytes]:
    """Synthetic BER-TLV files of CCCD-like sizes (the real LDS builder lives in kiosk/identity)."""
    return {
        fid: encode(0x60 + i, bytes((i + 7 * k) % 256 for k in range(size)))
        for i, (fid, size) in enumerate(SIZES.items())
    }


@dataclass(frozen=True)
class Case:
    name: str
    keys: AccessKeys
    behaviour: ChipBehaviour
    options: ReadOptions
    setup: int  # APDUs before the first file: the authentication's minimum


CASES = (
    Case("PACE short", AccessKeys(can=CAN), ChipBehaviour(extended_length=False), ReadOptions(), 8),
    Case("PACE extended", AccessKeys(can=CAN), ChipBehaviour(), ReadOptions(), 8),
    Case("BAC short", AccessKeys(mrz=MRZ), ChipBehaviour(extended_length=False),
         ReadOptions(try_pace=False), 3),
    Case("BAC extended", AccessKeys(mrz=MRZ), ChipBehaviour(), ReadOptions(try_pace=False), 3),
)  # fmt: skip


@contextlib.contextmanager
def station(card: SoftCard, daemon: PcscDaemon) -> Iterator[SimulatedCardStation]:
    with SimulatedCardStation(card, daemon=daemon, inserted=False) as sim:
        try:
            yield sim
        finally:
            if sim.link.inserted:
                sim.remove()


def minimum(setup: int, chunk: int, files: dict[int, bytes]) -> int:
    return setup + sum(1 + math.ceil(len(data) / chunk) for data in files.values())


def run_case(case: Case, daemon: PcscDaemon, runs: int) -> dict[str, float]:
    files = stand_in_files()
    card = EmrtdCard(files, can=CAN, mrz=MRZ, behaviour=case.behaviour)
    apdus, cpu, wall, least = [], [], [], 0
    with station(card, daemon) as sim, PcscCardReader() as reader:
        for _ in range(runs):
            sim.insert()
            with reader.connect(sim.reader_name) as connection:
                result = read_emrtd(connection, case.keys, tuple(NAMES.values()), case.options)
            sim.remove()
            assert result.files == {NAMES[fid]: data for fid, data in files.items()}
            apdus.append(result.apdu_count)
            cpu.append(result.timings.cpu_s)
            wall.append(result.timings.total_s)
            least = minimum(case.setup, result.chunk, files)
    return {"apdus": statistics.median(apdus), "minimum": least,
            "cpu": statistics.median(cpu), "wall": statistics.median(wall)}  # fmt: skip


def baseline(daemon: PcscDaemon, runs: int) -> float:
    """Median wall time of a plain read of the same files: 256-byte READ BINARY, no SM."""
    files = stand_in_files()
    card = FileSystemCard(
        [DedicatedFile(AID, tuple(ElementaryFile(f, d) for f, d in files.items()))]
    )
    times = []
    with station(card, daemon) as sim, PcscCardReader() as reader:
        for _ in range(runs):
            sim.insert()
            with reader.connect(sim.reader_name) as connection:
                start = time.perf_counter()
                connection.transmit(CommandApdu(0, 0xA4, 4, 0x0C, AID).to_bytes())
                for fid, data in files.items():
                    connection.transmit(
                        CommandApdu(0, 0xA4, 2, 0x0C, fid.to_bytes(2, "big")).to_bytes()
                    )
                    for offset in range(0, len(data), 256):
                        connection.transmit(
                            CommandApdu(0, 0xB0, offset >> 8, offset & 0xFF, ne=256).to_bytes()
                        )
                times.append(time.perf_counter() - start)
            sim.remove()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with PcscDaemon() as daemon:
        base = baseline(daemon, args.runs)
        plain = "plain read (no auth, no SM, 256-byte reads)"
        print(f"baseline {plain}: {base * 1e3:.0f} ms")
        header = ("case", "APDUs", "minimum", "CPU ms", "wall ms", "× baseline")
        print(f"{header[0]:<15}" + "".join(f"{title:>11}" for title in header[1:]))
        for case in CASES:
            figures = run_case(case, daemon, args.runs)
            print(
                f"{case.name:<15}{figures['apdus']:>11.0f}{figures['minimum']:>11.0f}"
                f"{figures['cpu'] * 1000:>11.1f}{figures['wall'] * 1000:>11.0f}"
                f"{figures['wall'] / base:>11.2f}"
            )


if __name__ == "__main__":
    main()
