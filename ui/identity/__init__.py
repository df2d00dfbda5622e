"""The identity step's screen: read the citizen's card and show what the chip said.

Wiring (the caller owns the reader and the keys)::

    from kiosk.identity.access import KeyChoice
    from kiosk.identity.read import read_identity_with_any

    def read(choice: KeyChoice | None) -> IdentityReading:
        # None: the kiosk's own keys; TypedCan / TypedMrz: what the citizen typed.
        candidates = choice.access_keys() if choice is not None else kiosk_keys()
        with reader.connect(reader_name) as connection:
            return read_identity_with_any(connection, candidates, trust)

    screen = IdentityScreen(context, read, on_confirmed=hold_identity_and_advance)
    placed = GuiCallback(lambda event: screen.card_placed())  # driver thread -> GUI thread
    removed = GuiCallback(lambda event: screen.card_removed())
    reader.add_observer(
        lambda event: placed(event) if event.kind is INSERTED
        else removed(event) if event.kind is REMOVED else None
    )
"""

from __future__ import annotations

from ui.identity.keypad import DigitField, DigitKeypad, KeypadEntry
from ui.identity.screen import CardRead, IdentityScreen, IdentityState, masked_id

__all__ = [
    "CardRead",
    "DigitField",
    "DigitKeypad",
    "IdentityScreen",
    "IdentityState",
    "KeypadEntry",
    "masked_id",
]
