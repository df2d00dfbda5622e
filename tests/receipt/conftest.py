"""Receipt fixtures: settings, a synthetic dossier's facts, a loopback printer and a desk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import NetworkPrinter
from kiosk.receipt.attention import ServiceFlag
from kiosk.receipt.desk import ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.sample import sample_dossier
from kiosk.receipt.settings import ReceiptSettings

CENTER = "Trung tâm Phục vụ hành chính công tỉnh Quảng Trị"
LOOKUP = "https://dichvucong.example.vn/tra-cuu?ma={code}"
STATUS_TIMEOUT = 0.5


@pytest.fixture
def settings() -> ReceiptSettings:
    return ReceiptSettings(center_name=CENTER, kiosk_id="KIOSK-DEMO-01", lookup_url=LOOKUP)


@pytest.fixture
def facts(settings: ReceiptSettings) -> ReceiptFacts:
    """The synthetic dossier's receipt, in Vietnamese."""
    return ReceiptFacts.from_dossier(sample_dossier("vi"), settings)


@pytest.fixture
def loopback_printer() -> Iterator[LoopbackPrinter]:
    """A software ESC/POS printer on 127.0.0.1 with 80 mm paper (576 dots)."""
    with LoopbackPrinter(width_dots=576) as printer:
        yield printer


@pytest.fixture
def network_printer(loopback_printer: LoopbackPrinter) -> Iterator[NetworkPrinter]:
    with NetworkPrinter(
        "127.0.0.1", loopback_printer.port, width_dots=576, timeout=STATUS_TIMEOUT
    ) as printer:
        yield printer


@pytest.fixture
def flag() -> ServiceFlag:
    return ServiceFlag()


@pytest.fixture
def desk(
    network_printer: NetworkPrinter, settings: ReceiptSettings, flag: ServiceFlag
) -> ReceiptDesk:
    return ReceiptDesk(network_printer, settings, flag)
