"""The receipt step's screen, and the factory the window's registry uses to build it.

Wiring (``ui/app.py``)::

    registry.register(RECEIPT_STEP, receipt_screen_factory(desk))

where ``desk`` is a :class:`~kiosk.receipt.desk.ReceiptDesk` on the kiosk's
printer. The submit step holds the :class:`~kiosk.receipt.facts.ReceiptFacts`
in the session under ``RECEIPT_FACTS_KEY`` before moving on.
"""

from __future__ import annotations

from kiosk.receipt import RECEIPT_FACTS_KEY
from kiosk.receipt.desk import ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from ui.receipt.screen import ReceiptScreen, ReceiptState
from ui.registry import ScreenFactory
from ui.screens.base import Screen, ScreenContext

__all__ = ["ReceiptScreen", "ReceiptState", "receipt_screen_factory"]


def receipt_screen_factory(desk: ReceiptDesk) -> ScreenFactory:
    """Builds the receipt screen for the facts the session holds."""

    def build(context: ScreenContext) -> Screen:
        facts = context.session.held(RECEIPT_FACTS_KEY)
        if not isinstance(facts, ReceiptFacts):
            raise LookupError(
                f"no receipt to print: the submit step must hold ReceiptFacts "
                f"under {RECEIPT_FACTS_KEY!r}"
            )
        return ReceiptScreen(context, desk, facts)

    return build
