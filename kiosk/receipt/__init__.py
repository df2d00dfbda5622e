"""The receipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", drawn, printed, shown, reprinted.

- ``settings.py``: :class:`ReceiptSettings` (center, kiosk, lookup page, name masking);
- ``facts.py``: :class:`ReceiptFacts`, what one receipt says (from a dossier; JSON);
- ``template.py`` + ``template.toml``: the one data-driven layout;
- ``values.py``, ``fonts.py``, ``qr.py``, ``render.py``: drawing it as printer dots;
- ``desk.py``: :class:`ReceiptDesk`, print once, report why not, flag for a technician;
- ``attention.py``: :class:`ServiceFlag`, the technician call the app reports;
- ``index.py``: :class:`ReceiptIndex` (the outbox implements it) and reprint;
- ``wiring.py``: the printer ``kiosk.toml`` names (or a simulated one);
- ``sample.py``: a synthetic dossier for previews and test prints.

The screen lives in ``ui/receipt/``; the commands in ``kiosk/commands/receipt.py``.
"""

from drivers.printer.port import PrinterStatus
from kiosk.journey import RECEIPT
from kiosk.receipt.attention import ServiceFlag, TechnicianCall
from kiosk.receipt.desk import PrintOutcome, PrintResult, ReceiptDesk
from kiosk.receipt.facts import PaperLine, ReceiptFacts, mask_name
from kiosk.receipt.index import (
    JsonReceiptIndex,
    OutboxReceiptIndex,
    ReceiptIndex,
    ReceiptNotFound,
    reprint,
)
from kiosk.receipt.render import render_receipt
from kiosk.receipt.settings import NameMask, ReceiptSettings

RECEIPT_STEP = RECEIPT
"""The journey step id of the receipt screen."""

RECEIPT_FACTS_KEY = "receipt_facts"
"""Session key under which the submit step holds the :class:`ReceiptFacts` to print."""

__all__ = [
    "RECEIPT_FACTS_KEY",
    "RECEIPT_STEP",
    "JsonReceiptIndex",
    "NameMask",
    "OutboxReceiptIndex",
    "PaperLine",
    "PrintOutcome",
    "PrintResult",
    "PrinterStatus",
    "ReceiptDesk",
    "ReceiptFacts",
    "ReceiptIndex",
    "ReceiptNotFound",
    "ReceiptSettings",
    "ServiceFlag",
    "TechnicianCall",
    "mask_name",
    "render_receipt",
    "reprint",
]
