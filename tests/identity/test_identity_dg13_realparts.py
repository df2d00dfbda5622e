"""`kiosk card read` through the real pcscd and the vpcd reader, on cards whose DG13 is odd.

An independent card wrote field 13 as ``SEQUENCE { 13, father, mother }`` and the
command used to exit 1; it must read like the nested form. A DG13 whose outer
structure is broken still reads from DG1, the DG13-only fields left to type.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from identity_chip import chip_of
from test_identity_dg13_read import with_dg13

from drivers.card.emrtd_card import EmrtdCard
from drivers.card.pcscd import PcscDaemon
from drivers.card.simulator import SimulatedCardStation
from kiosk.cli import main
from kiosk.identity import der
from kiosk.identity.synthetic import Citizen, TestPki, build_card_files

pytestmark = pytest.mark.realparts


@pytest.fixture
def stack(pcscd_daemon: PcscDaemon) -> Iterator[contextlib.ExitStack]:
    if not pcscd_daemon.running:
        pcscd_daemon.start()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level  # kiosk.cli.main sets the root logger up
    with contextlib.ExitStack() as stack:
        yield stack
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def trust_dir(tmp_path: Path, pki: TestPki) -> Path:
    folder = tmp_path / "csca"
    folder.mkdir()
    (folder / "csca.pem").write_bytes(pki.csca.public_bytes(Encoding.PEM))
    return folder


def card_read(
    stack: contextlib.ExitStack, daemon: PcscDaemon, chip: EmrtdCard, can: str, trust_dir: Path
) -> int:
    station = stack.enter_context(SimulatedCardStation(chip, daemon=daemon))
    stack.callback(lambda: station.remove() if station.link.inserted else None)
    command = ["--log-level", "CRITICAL", "card", "read", "--reader", station.reader_name]
    return main([*command, "--trust", str(trust_dir), "--can", can, "--json"])


def test_card_read_reads_a_flat_dg13(
    stack: contextlib.ExitStack,
    pcscd_daemon: PcscDaemon,
    citizen: Citizen,
    pki: TestPki,
    trust_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    card = build_card_files(citizen, pki, dg13_flat=True)
    parents = der.sequence(
        der.integer(13), der.utf8(citizen.father_name), der.utf8(citizen.mother_name)
    )
    assert parents in card.group(13)  # the flat shape, on the chip
    assert card_read(stack, pcscd_daemon, chip_of(card), card.can, trust_dir) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "genuine" and report["dg13"] == "read"
    assert report["proven_by"] == "chip_auth" and report["chip_auth"] == "passed"
    assert report["timings_ms"]["chip_auth"] >= 0
    assert report["dg13_problems"] == [] and report["missing"] == []
    assert report["identity"]["full_name"] == citizen.full_name
    assert report["identity"]["place_of_residence"] == citizen.place_of_residence


def test_card_read_survives_a_broken_dg13(
    stack: contextlib.ExitStack,
    pcscd_daemon: PcscDaemon,
    citizen: Citizen,
    pki: TestPki,
    trust_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    card = build_card_files(citizen, pki)
    files = with_dg13(card, der.tlv(0x6D, der.octets(b"\x00" * 12)), pki)
    assert card_read(stack, pcscd_daemon, chip_of(card, files), card.can, trust_dir) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verdict"] == "genuine" and report["dg13"] == "unreadable"
    assert report["identity"]["id_number"] == citizen.id_number
    assert report["missing"] == ["place_of_origin", "place_of_residence", "issue_date"]
