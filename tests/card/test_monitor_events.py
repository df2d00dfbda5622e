"""Reader state differences become card events (pcsc-lite counts events in the high word)."""

from __future__ import annotations

import pytest

from drivers.card import pcsclite
from drivers.card.monitor import card_events
from drivers.card.port import CardEvent, CardEventKind

READER = "Kiosk Virtual Reader 00 00"
EMPTY, PRESENT = pcsclite.STATE_EMPTY, pcsclite.STATE_PRESENT
INSERTED = CardEvent(CardEventKind.INSERTED, READER)
REMOVED = CardEvent(CardEventKind.REMOVED, READER)


def state(count: int, presence: int) -> int:
    return (count << 16) | presence


@pytest.mark.parametrize(
    ("before", "after", "events"),
    [
        (pcsclite.STATE_UNAWARE, state(3, PRESENT), [INSERTED]),
        (pcsclite.STATE_UNAWARE, state(3, EMPTY), []),
        (state(3, EMPTY), state(4, PRESENT), [INSERTED]),
        (state(4, PRESENT), state(5, EMPTY), [REMOVED]),
        (state(4, PRESENT), state(6, PRESENT), [REMOVED, INSERTED]),  # swapped unseen
        (state(4, PRESENT), state(4, PRESENT | pcsclite.STATE_INUSE), []),  # another app
        (state(5, EMPTY), state(7, EMPTY), []),  # came and went unseen: nothing to act on
    ],
)
def test_card_events_from_state_changes(before: int, after: int, events: list[CardEvent]) -> None:
    assert card_events(READER, before, after) == events
