"""The adapters satisfy the ports (checked by mypy), and the package keeps its boundaries."""

from __future__ import annotations

from pathlib import Path

from drivers.card.pcsc import PcscCardConnection, PcscCardReader
from drivers.card.port import CardConnection, CardReader
from drivers.card.softcard import FileSystemCard, SoftCard

PACKAGE = Path(__file__).resolve().parents[2] / "drivers" / "card"


def as_reader(reader: PcscCardReader) -> CardReader:
    return reader  # mypy fails here if PcscCardReader drifts from the port


def as_connection(connection: PcscCardConnection) -> CardConnection:
    return connection


def as_softcard(card: FileSystemCard) -> SoftCard:
    return card


def test_adapters_are_the_ports() -> None:
    reader = PcscCardReader()
    assert as_reader(reader) is reader
    reader.close()
    card = FileSystemCard()
    assert as_softcard(card) is card


def test_no_qt_no_print_and_pyscard_only_in_pcsclite() -> None:
    for source in PACKAGE.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "PySide6" not in text, f"{source.name} must not import Qt"
        assert "print(" not in text, f"{source.name}: log, do not print"
        if source.name != "pcsclite.py":
            assert "from smartcard" not in text, f"{source.name}: call pyscard via pcsclite"
            assert "import smartcard" not in text, f"{source.name}: call pyscard via pcsclite"
