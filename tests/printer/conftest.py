"""Fixtures for the receipt printer: a loopback ESC/POS printer and a client of it."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import NetworkPrinter

STATUS_TIMEOUT = 1.0


@pytest.fixture
def loopback_printer() -> Iterator[LoopbackPrinter]:
    """A software ESC/POS printer on 127.0.0.1, ready, with 80 mm paper (576 dots)."""
    with LoopbackPrinter(width_dots=576) as printer:
        yield printer


@pytest.fixture
def network_printer(loopback_printer: LoopbackPrinter) -> Iterator[NetworkPrinter]:
    """The real network adapter, pointed at the loopback printer."""
    with NetworkPrinter(
        "127.0.0.1", loopback_printer.port, width_dots=576, timeout=STATUS_TIMEOUT
    ) as printer:
        yield printer


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on (picked free, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
