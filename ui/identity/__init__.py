"""The identity step's screen: read the citizen's card and show what the chip said.

Wiring (the caller owns the reader and the keys)::

    def read(typed_can: str | None) -> IdentityReading:
        keys = AccessKeys(can=typed_can) if typed_can else kiosk_keys()
        with reader.connect(reader_name) as connection:
            return read_identity(connection, keys, trust)

    screen = IdentityScreen(context, read, on_confirmed=hold_identity_and_advance)
    placed = GuiCallback(lambda event: screen.card_placed())  # driver thread -> GUI thread
    reader.add_observer(lambda event: placed(event) if event.kind is INSERTED else None)
"""

from __future__ import annotations

from ui.identity.screen import CardRead, IdentityScreen, IdentityState, masked_id

__all__ = ["CardRead", "IdentityScreen", "IdentityState", "masked_id"]
