"""Reprint from the queue's clear-text index: look up, print, and touch nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from receipt_checks import qr_texts

from drivers.printer.loopback import LoopbackPrinter
from kiosk.errors import ConfigError
from kiosk.receipt.desk import PrintResult, ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.index import (
    JsonReceiptIndex,
    OutboxReceiptIndex,
    ReceiptIndex,
    ReceiptNotFound,
    reprint,
)


class SpyIndex:
    """An index that records every call: a reprint may only look up."""

    def __init__(self, facts: ReceiptFacts) -> None:
        self.facts = facts
        self.calls: list[str] = []

    def lookup(self, code: str) -> ReceiptFacts | None:
        self.calls.append(f"lookup {code}")
        return self.facts if code == self.facts.code else None

    def __getattr__(self, name: str) -> object:
        self.calls.append(name)
        raise AttributeError(name)


def test_the_spy_and_the_stand_in_are_receipt_indexes(tmp_path: Path, facts: ReceiptFacts) -> None:
    assert isinstance(JsonReceiptIndex(tmp_path / "i.json"), ReceiptIndex)
    assert isinstance(SpyIndex(facts), ReceiptIndex)


def test_reprint_looks_up_and_prints_once_marked_as_a_reprint(
    desk: ReceiptDesk, facts: ReceiptFacts, loopback_printer: LoopbackPrinter
) -> None:
    index = SpyIndex(facts)
    desk.print_receipt(facts)
    outcome = reprint(f"  {facts.code} ", index, desk)
    assert outcome.result is PrintResult.PRINTED
    assert index.calls == [f"lookup {facts.code}"]
    jobs = loopback_printer.wait_for_jobs(2)
    assert len(jobs) == 2
    reprinted = loopback_printer.receipt()
    assert reprinted.height > loopback_printer.receipt(0).height  # "— BẢN IN LẠI —"
    assert qr_texts(reprinted) == [desk.settings.lookup_link(facts.code)]


def test_an_unknown_code_says_what_to_do(desk: ReceiptDesk, facts: ReceiptFacts) -> None:
    with pytest.raises(ReceiptNotFound) as raised:
        reprint("K-NOPE-261123-00000000", SpyIndex(facts), desk)
    assert "K-NOPE-261123-00000000" in raised.value.message
    assert raised.value.fix


def test_the_json_stand_in_keeps_facts_by_code(tmp_path: Path, facts: ReceiptFacts) -> None:
    index = JsonReceiptIndex(tmp_path / "state" / "receipt-index.json")
    assert index.lookup(facts.code) is None
    index.add(facts)
    official = facts.model_copy(update={"code": "000.00.00.H00-261123-0007"})
    index.add(official)
    assert index.lookup(facts.code) == facts
    assert index.lookup(facts.code.lower()) == facts
    assert index.lookup("000.00.00.H00-261123-0007") == official
    assert not list((tmp_path / "state").glob(".receipts-*"))  # written atomically


@pytest.mark.parametrize(
    ("content", "words"),
    [("{not json", "is not JSON"), ("[]", "not a JSON object"), ('{"X": {"code": 1}}', "X")],
)
def test_a_damaged_index_is_a_clear_error(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "receipt-index.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        JsonReceiptIndex(path).lookup("X")


@dataclass(frozen=True)
class Row:
    """Shaped like the outbox's clear-text index row (codes, procedure, times, a count)."""

    provisional_code: str
    official_code: str | None
    procedure_code: str
    procedure_name: str
    received_at: datetime
    ready_at: datetime
    collect_at: str
    papers: int

    @property
    def code(self) -> str:
        return self.official_code or self.provisional_code


class Outbox:
    def __init__(self, *rows: Row) -> None:
        self.rows = rows
        self.calls: list[str] = []

    def entry(self, code: str) -> Row | None:
        self.calls.append(code)
        return next((r for r in self.rows if code in (r.provisional_code, r.official_code)), None)


def test_the_outbox_rows_reprint_what_they_know(
    desk: ReceiptDesk, facts: ReceiptFacts, loopback_printer: LoopbackPrinter
) -> None:
    row = Row(
        provisional_code=facts.code,
        official_code="000.00.00.H00-261123-0007",
        procedure_code=facts.procedure_code,
        procedure_name=facts.procedure_name,
        received_at=facts.received_at,
        ready_at=facts.ready_at,
        collect_at="",
        papers=3,
    )
    outbox = Outbox(row)
    index = OutboxReceiptIndex(outbox, desk.settings)
    assert isinstance(index, ReceiptIndex)
    assert index.lookup("K-X-261123-00000000") is None
    found = index.lookup(facts.code)
    assert found is not None
    assert found.code == "000.00.00.H00-261123-0007"  # the official code, once known
    assert (found.citizen, found.papers, found.papers_received, found.fee_vnd) == ("", (), 3, None)
    assert found.collect_at == "Bộ phận Một cửa" and found.kiosk_id == "KIOSK-DEMO-01"
    outcome = reprint(facts.code, index, desk)
    assert outcome.result is PrintResult.PRINTED
    assert outbox.calls == ["K-X-261123-00000000", facts.code, facts.code]
    assert qr_texts(loopback_printer.receipt()) == [
        desk.settings.lookup_link("000.00.00.H00-261123-0007")
    ]
