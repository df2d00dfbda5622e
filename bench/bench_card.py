"""Cost of a full chip read of the simulated CCCD through the real pcscd + vpcd.

Reads EF.COM, EF.SOD, DG1, DG2 (~15 kB), DG13, DG14, DG15 with PACE and with
BAC, in short and in extended length, then runs active authentication
(INTERNAL AUTHENTICATE, RSA-1024 ISO 9796-2 key in DG15), and prints medians of:
- APDUs, against the minimum for the chunk the read used (authentication +
  one SELECT and ceil(size / chunk) READ BINARY per file + 1 for AA);
- the AA step alone: its APDUs and wall time (chip signing + round trip), and
  the host's check of the signature against DG15;
- CPU time of the reading thread (host work: crypto, parsing, PC/SC calls);
- wall time, and its ratio to a same-run baseline: the same files read with no
  authentication and no secure messaging in plain 256-byte READ BINARY.

The card is taken off and placed again before each read, as a citizen would.
(The vpcd link asks for quick ACKs itself, so the ~40 ms per APDU a delayed ACK
used to add is no longer in these figures.)

A second table compares AA key kinds (RSA-1024, RSA-2048, ECDSA P-256) on the
PACE extended-length read. A third puts the anti-clone checks side by side: the
read with AA (RSA-1024, as before chip authentication) against the read with
chip authentication (DG14 read first, MSE[:Set AT + GA], a check READ under the
new keys; no AA after it), for ECDH P-256 with AES-128 and with 3DES, and DH.

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
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec, rsa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.card.apdu import CommandApdu
from drivers.card.emrtd_card import ChipBehaviour, EmrtdCard
from drivers.card.icao import AccessKeys, MrzKey, ReadOptions, read_emrtd
from drivers.card.icao.tlv import encode
from drivers.card.pcsc import PcscCardReader
from drivers.card.pcscd import PcscDaemon
from drivers.card.simulator import SimulatedCardStation
from drivers.card.softcard import DedicatedFile, ElementaryFile, FileSystemCard, SoftCard
from kiosk.identity.active import (
    active_auth_algorithm,
    parse_dg15,
    sign_active_auth,
    verify_active_auth,
)
from kiosk.identity.synthetic.card_files import (
    ECDSA_PLAIN_SHA256,
    CaKind,
    chip_auth_private_key,
    encode_dg14,
    encode_dg15,
)

CAN = "123456"
MRZ = MrzKey.from_cccd("001099012345", "990101", "390101")
NAMES = {0x011E: "EF.COM", 0x011D: "EF.SOD", 0x0101: "DG1", 0x0102: "DG2",
         0x010D: "DG13", 0x010E: "DG14", 0x010F: "DG15"}  # fmt: skip
SIZES = {0x011E: 24, 0x011D: 1_900, 0x0101: 90, 0x0102: 15_000, 0x010D: 700,
         0x010E: 320, 0x010F: 160}  # fmt: skip
AID = bytes.fromhex("A0000002471001")
DG14, DG15 = 0x010E, 0x010F
AaKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def stand_in_files(aa_key: AaKey | None = None) -> dict[int, bytes]:
    """Synthetic BER-TLV files of CCCD-like sizes; with ``aa_key``, a real DG15 (and DG14)."""
    files = {
        fid: encode(0x60 + i, bytes((i + 7 * k) % 256 for k in range(size)))
        for i, (fid, size) in enumerate(SIZES.items())
    }
    if aa_key is not None:
        files[DG15] = encode_dg15(aa_key.public_key())
        if isinstance(aa_key, ec.EllipticCurvePrivateKey):
            files[DG14] = encode_dg14(None, ECDSA_PLAIN_SHA256)
    return files


def rsa_key(bits: int) -> rsa.RSAPrivateKey:
    # The AA key of a simulated chip, not a secret: 1024 bits as on many issued cards.
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@dataclass(frozen=True)
class Case:
    name: str
    keys: AccessKeys
    behaviour: ChipBehaviour
    options: ReadOptions
    setup: int  # APDUs before the first file: the authentication's minimum


AA = ReadOptions(active_auth=True)
CASES = (
    Case("PACE short", AccessKeys(can=CAN), ChipBehaviour(extended_length=False), AA, 8),
    Case("PACE extended", AccessKeys(can=CAN), ChipBehaviour(), AA, 8),
    Case("BAC short", AccessKeys(mrz=MRZ), ChipBehaviour(extended_length=False),
         replace(AA, try_pace=False), 3),
    Case("BAC extended", AccessKeys(mrz=MRZ), ChipBehaviour(), replace(AA, try_pace=False), 3),
)  # fmt: skip


@contextlib.contextmanager
def station(card: SoftCard, daemon: PcscDaemon) -> Iterator[SimulatedCardStation]:
    with SimulatedCardStation(card, daemon=daemon, inserted=False) as sim:
        try:
            yield sim
        finally:
            if sim.link.inserted:
                sim.remove()


def minimum(setup: int, chunk: int, files: dict[int, bytes], active_auth: bool) -> int:
    reads = sum(1 + math.ceil(len(data) / chunk) for data in files.values())
    return setup + reads + (1 if active_auth else 0)


def run_case(
    case: Case, daemon: PcscDaemon, runs: int, aa_key: AaKey | None = None
) -> dict[str, float]:
    key = aa_key or rsa_key(1024)
    files = stand_in_files(key)
    card = EmrtdCard(
        files,
        can=CAN,
        mrz=MRZ,
        behaviour=case.behaviour,
        active_auth=lambda challenge: sign_active_auth(key, challenge),
    )
    public, algorithm = parse_dg15(files[DG15]), None
    if DG14 in files and isinstance(key, ec.EllipticCurvePrivateKey):
        algorithm = active_auth_algorithm(files[DG14])
    apdus, cpu, wall, aa_apdus, aa_wall, check, least = [], [], [], [], [], [], 0
    with station(card, daemon) as sim, PcscCardReader() as reader:
        for _ in range(runs):
            sim.insert()
            with reader.connect(sim.reader_name) as connection:
                result = read_emrtd(connection, case.keys, tuple(NAMES.values()), case.options)
            sim.remove()
            assert result.files == {NAMES[fid]: data for fid, data in files.items()}
            exchange = result.active_auth
            assert exchange is not None and exchange.response is not None
            started = time.perf_counter()
            assert verify_active_auth(public, exchange.challenge, exchange.response, algorithm)
            check.append(time.perf_counter() - started)
            apdus.append(result.apdu_count)
            cpu.append(result.timings.cpu_s)
            wall.append(result.timings.total_s)
            aa_apdus.append(exchange.apdu_count)
            aa_wall.append(exchange.seconds)
            least = minimum(case.setup, result.chunk, files, case.options.active_auth)
    return {"apdus": statistics.median(apdus), "minimum": least,
            "cpu": statistics.median(cpu), "wall": statistics.median(wall),
            "aa_apdus": statistics.median(aa_apdus), "aa_wall": statistics.median(aa_wall),
            "aa_check": statistics.median(check)}  # fmt: skip


def run_ca_case(case: Case, daemon: PcscDaemon, runs: int, kind: CaKind) -> dict[str, float]:
    """The read with chip authentication instead of AA (DG15 still there, as on the CCCD)."""
    aa_key = rsa_key(1024)
    ca_key = chip_auth_private_key(kind)
    files = stand_in_files(aa_key)
    files[DG14] = encode_dg14(ca_key, None, ca_oid=kind.value)
    card = EmrtdCard(
        files,
        can=CAN,
        mrz=MRZ,
        behaviour=case.behaviour,
        active_auth=lambda challenge: sign_active_auth(aa_key, challenge),
        chip_auth=ca_key,
    )
    options = replace(case.options, chip_auth=True)
    apdus, cpu, wall, ca_apdus, ca_wall = [], [], [], [], []
    with station(card, daemon) as sim, PcscCardReader() as reader:
        for _ in range(runs):
            sim.insert()
            with reader.connect(sim.reader_name) as connection:
                result = read_emrtd(connection, case.keys, tuple(NAMES.values()), options)
            sim.remove()
            assert result.files == {NAMES[fid]: data for fid, data in files.items()}
            exchange = result.chip_auth
            assert exchange is not None and exchange.passed and result.active_auth is None
            apdus.append(result.apdu_count)
            cpu.append(result.timings.cpu_s)
            wall.append(result.timings.total_s)
            ca_apdus.append(exchange.apdu_count)
            ca_wall.append(exchange.seconds)
    return {"apdus": statistics.median(apdus), "cpu": statistics.median(cpu),
            "wall": statistics.median(wall), "check_apdus": statistics.median(ca_apdus),
            "check_wall": statistics.median(ca_wall)}  # fmt: skip


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
        header = ("case", "APDUs", "minimum", "CPU ms", "wall ms", "× baseline",
                  "AA APDUs", "AA ms", "AA check")  # fmt: skip
        print(f"{header[0]:<15}" + "".join(f"{title:>11}" for title in header[1:]))
        for case in CASES:
            print(f"{case.name:<15}" + row(run_case(case, daemon, args.runs), base))
        print("\nactive authentication key kinds (PACE extended; AA ms = chip + round trip):")
        keys: dict[str, AaKey] = {
            "RSA-1024": rsa_key(1024),
            "RSA-2048": rsa_key(2048),
            "ECDSA P-256": ec.generate_private_key(ec.SECP256R1()),
        }
        for name, key in keys.items():
            print(f"{name:<15}" + row(run_case(CASES[1], daemon, args.runs, key), base))
        print("\nanti-clone check: AA (RSA-1024, before) against chip authentication (now);")
        print("check = INTERNAL AUTHENTICATE, or CA's MSE/GA and its READ under the new keys")
        header = ("read", "check", "APDUs", "check APDUs", "check ms", "CPU ms", "wall ms")
        print(f"{header[0]:<15}{header[1]:<16}" + "".join(f"{t:>12}" for t in header[2:]))
        for case in (CASES[1], CASES[0], CASES[3]):
            before = run_case(case, daemon, args.runs)
            print(f"{case.name:<15}{'AA RSA-1024':<16}" + check_row(before, "aa"))
            for label, kind in (
                ("CA ECDH AES128", CaKind.ECDH_AES128),
                ("CA ECDH 3DES", CaKind.ECDH_3DES),
                ("CA DH AES128", CaKind.DH_AES128),
            ):
                now = run_ca_case(case, daemon, args.runs, kind)
                print(f"{case.name:<15}{label:<16}" + check_row(now, "check"))


def check_row(figures: dict[str, float], prefix: str) -> str:
    return (
        f"{figures['apdus']:>12.0f}{figures[prefix + '_apdus']:>12.0f}"
        f"{figures[prefix + '_wall'] * 1000:>12.1f}{figures['cpu'] * 1000:>12.1f}"
        f"{figures['wall'] * 1000:>12.0f}"
    )


def row(figures: dict[str, float], base: float) -> str:
    return (
        f"{figures['apdus']:>11.0f}{figures['minimum']:>11.0f}"
        f"{figures['cpu'] * 1000:>11.1f}{figures['wall'] * 1000:>11.0f}"
        f"{figures['wall'] / base:>11.2f}{figures['aa_apdus']:>11.0f}"
        f"{figures['aa_wall'] * 1000:>11.1f}{figures['aa_check'] * 1000:>11.2f}"
    )


if __name__ == "__main__":
    main()
