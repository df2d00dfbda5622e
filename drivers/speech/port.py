"""The speaker port: what the kiosk may ask of any text-to-speech engine.

The GUI thread calls :meth:`Speaker.say` when a screen appears, so it must
return at once; a new utterance or :meth:`Speaker.stop` cuts the one before,
because a citizen who moves on does not want to hear the previous screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from drivers.speech.settings import SpeechLanguage
from drivers.status import DeviceStatus

DEVICE_NAME = "speech"

MAX_TEXT_CHARS = 4000
"""Longer text is cut at a word boundary: a screen's instruction is a few
sentences, and the cap keeps the engine's input within one pipe buffer."""


@dataclass(frozen=True)
class Utterance:
    """One thing said: the text and the language it is read in."""

    text: str
    language: SpeechLanguage


@runtime_checkable
class Speaker(Protocol):
    """Any text-to-speech output."""

    def say(self, text: str, language: SpeechLanguage) -> None:
        """Start reading ``text`` aloud and return at once; cut any utterance in progress.

        Never raises for a missing or broken engine: :meth:`status` says what is wrong.
        """
        ...

    def stop(self) -> None:
        """Cut the utterance in progress, if any."""
        ...

    def status(self) -> DeviceStatus:
        """How the engine is; may take a moment, so call it off the GUI thread."""
        ...

    def close(self) -> None:
        """Stop speaking and release the engine."""
        ...


def clip(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """``text`` with its whitespace collapsed, cut at a word boundary to ``limit`` characters."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > 0 else cut
