"""Sample cards and an observer recorder shared by the card tests."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field

import pytest

from drivers.card.port import CardEvent, CardEventKind
from drivers.card.softcard import DedicatedFile, ElementaryFile, FileSystemCard

AID = bytes.fromhex("A0000002471001")
EF_COM = 0x011E
# 600 bytes: more than two short reads, with a short tail.
EF_COM_CONTENT = bytes(range(256)) + bytes(range(255, -1, -1)) + b"tail-of-file" * 7 + b"END!"


def sample_card() -> FileSystemCard:
    """A card with one application holding one EF (and one more with an SFI)."""
    return FileSystemCard(
        [
            DedicatedFile(
                AID,
                (
                    ElementaryFile(EF_COM, EF_COM_CONTENT),
                    ElementaryFile(0x0101, b"\x61\x05hello", sfi=0x01),
                ),
            )
        ],
        mf_files=(ElementaryFile(0x011C, b"\x31\x00"),),
    )


@dataclass
class EventLog:
    """Collects observer calls, with the thread each came on."""

    events: queue.Queue[CardEvent] = field(default_factory=queue.Queue)
    threads: set[str] = field(default_factory=set)

    def __call__(self, event: CardEvent) -> None:
        self.threads.add(threading.current_thread().name)
        self.events.put(event)

    def wait_for(self, kind: CardEventKind, reader: str, timeout: float = 5.0) -> list[CardEvent]:
        """Events up to and including the first ``kind`` on ``reader``; fail on timeout."""
        seen: list[CardEvent] = []
        while True:
            try:
                event = self.events.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"no {kind} event for {reader!r} within {timeout} s; saw {seen}")
            seen.append(event)
            if event == CardEvent(kind, reader):
                return seen
