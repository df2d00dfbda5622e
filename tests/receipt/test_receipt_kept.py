"""A reprint prints the same fields of the form as the first print, from facts kept encrypted.

Real parts: the outbox in a state folder, the loopback printer over TCP, and
``kiosk receipt reprint`` as a technician runs it. The words compared are the
renderer's own lines (:func:`receipt_text`), as in the form tests.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from center.protocol import seal_key_id
from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import NetworkPrinter
from kiosk.catalog import shipped_catalog
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.dossier import Dossier
from kiosk.receipt.desk import ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.index import OutboxReceiptIndex
from kiosk.receipt.kept import FOLDER, KeptReceiptIndex, KeptReceipts
from kiosk.receipt.render import receipt_text, render_receipt
from kiosk.receipt.sample import SAMPLE_ADDRESS, sample_dossier
from kiosk.receipt.settings import ReceiptSettings
from offline_queue.keys import CenterKey
from offline_queue.outbox import Outbox
from offline_queue.seal import Sealer

OFFICIAL = "000.00.31.H29-261123-0007"


def sealer(kiosk_id: str) -> Sealer:
    center = X25519PrivateKey.generate().public_key()
    key = CenterKey(center, seal_key_id(center.public_bytes_raw()), "000.00.31.H29")
    return Sealer(kiosk_id, Ed25519PrivateKey.generate(), key)


def with_real_papers(dossier: Dossier) -> tuple[Dossier, list[bytes]]:
    datas = [b"%PDF-1.7 synthetic " + os.urandom(32) for _ in dossier.papers]
    refs = tuple(
        ref.model_copy(update={"sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data)})
        for ref, data in zip(dossier.papers, datas, strict=True)
    )
    return dossier.model_copy(update={"papers": refs}), datas


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[paths]\nstate_dir = "{tmp_path / "state"}"\n', encoding="utf-8")
    return path


@pytest.fixture
def kiosk_settings(config_file: Path) -> ReceiptSettings:
    return ReceiptSettings.from_config(load_config(config_file))


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "state", sealer("KIOSK-DEMO-01")) as opened:
        yield opened


def words(facts: ReceiptFacts, settings: ReceiptSettings, reprint: bool) -> list[str]:
    lines = receipt_text(facts, settings, reprint=reprint, printed_at=facts.received_at)
    return [line for line in lines if line.strip()]


def test_a_reprint_has_the_fields_of_the_first_print(
    tmp_path: Path,
    config_file: Path,
    kiosk_settings: ReceiptSettings,
    outbox: Outbox,
    network_printer: NetworkPrinter,
    loopback_printer: LoopbackPrinter,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dossier, papers = with_real_papers(sample_dossier("vi"))
    outbox.enqueue(dossier, papers)
    procedure = shipped_catalog().procedure(dossier.procedure_code)
    first = ReceiptFacts.from_dossier(dossier, kiosk_settings, procedure)
    kept = KeptReceipts(tmp_path / "state")
    desk = ReceiptDesk(network_printer, kiosk_settings, codes=outbox, keeper=kept)
    assert desk.print_receipt(first).printed

    # Kept encrypted: none of the printed personal words is in the file.
    (record,) = (tmp_path / "state" / FOLDER).iterdir()
    stored = record.read_bytes()
    for secret in (first.citizen, first.address, first.phone, "Phường"):
        assert secret and secret.encode() not in stored
    assert (tmp_path / "state" / "keys" / "receipt-facts.key").stat().st_mode & 0o077 == 0

    # The center acknowledged it meanwhile: the reprint also names the official code.
    outbox.mark_acknowledged(first.code, OFFICIAL)
    uri = f"tcp://127.0.0.1:{loopback_printer.port}"
    argv = ["--log-level", "ERROR", "receipt", "reprint", OFFICIAL, "--config", str(config_file)]
    assert main([*argv, "--printer", uri]) == 0
    assert first.code in capsys.readouterr().out
    loopback_printer.wait_for_jobs(2)

    index = KeptReceiptIndex(kept, outbox, kiosk_settings)
    again = index.lookup(OFFICIAL)
    assert again is not None and again.official_code == OFFICIAL
    # What came out of the printer is that slip, not the outbox row's shorter one.
    row_only = OutboxReceiptIndex(outbox, kiosk_settings).lookup(OFFICIAL)
    assert row_only is not None
    # (The printer adds its own feed to each drawn slip: measured on the first print.)
    feed = loopback_printer.receipt(0).height - render_receipt(first, kiosk_settings).height
    printed_height = loopback_printer.receipt(1).height - feed
    assert printed_height == render_receipt(again, kiosk_settings, reprint=True).height
    assert printed_height != render_receipt(row_only, kiosk_settings, reprint=True).height
    assert again.model_copy(update={"official_code": None}) == first
    before = words(first, kiosk_settings, reprint=False)
    after = " ".join(words(again, kiosk_settings, reprint=True))
    for field in (
        f"Địa chỉ: {first.address}",
        f"Số điện thoại: {first.phone}",
        f"Thời gian giải quyết theo quy định: {first.processing}",
        "Bản chính · đã chụp 2 trang",
        "Bản sao · đã chụp 1 trang",
        "Phí:",
    ):
        assert field in " ".join(before) and field in after, field
    assert "BẢN IN LẠI" in after and "BẢN IN LẠI" not in " ".join(before)
    assert SAMPLE_ADDRESS not in after  # masked as on the first print


def test_a_damaged_or_expired_record_falls_back_to_the_outbox_row(
    tmp_path: Path, kiosk_settings: ReceiptSettings, outbox: Outbox
) -> None:
    dossier, papers = with_real_papers(sample_dossier("vi"))
    outbox.enqueue(dossier, papers)
    first = ReceiptFacts.from_dossier(dossier, kiosk_settings)
    kept = KeptReceipts(tmp_path / "state")
    kept.keep(first)
    index = KeptReceiptIndex(kept, outbox, kiosk_settings)
    assert index.lookup(first.code) == first

    (record,) = (tmp_path / "state" / FOLDER).iterdir()
    data = bytearray(record.read_bytes())
    data[-1] ^= 1
    record.write_bytes(bytes(data))
    fallback = index.lookup(first.code)
    assert fallback is not None and fallback.address == "" and fallback.paper_count == 3

    kept.keep(first)
    os.utime(record, (0, 0))  # older than the retention
    assert kept.sweep() == 1 and not record.exists()
    assert index.lookup("K-NOPE-261123-00000000") is None
