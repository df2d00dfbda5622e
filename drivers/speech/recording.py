"""The speaker simulator: records what the kiosk would have said."""

from __future__ import annotations

from drivers.speech.port import DEVICE_NAME, Utterance, clip
from drivers.speech.settings import SpeechLanguage
from drivers.status import DeviceState, DeviceStatus


class RecordingSpeaker:
    """A :class:`~drivers.speech.port.Speaker` that keeps every utterance in ``said``.

    ``current`` is what would be heard now: a new ``say()`` replaces it,
    ``stop()`` clears it and :meth:`finish` plays it to the end. ``status``,
    when given, is what :meth:`status` reports (to simulate a broken engine).
    """

    def __init__(self, status: DeviceStatus | None = None) -> None:
        self.said: list[Utterance] = []
        self.current: Utterance | None = None
        self.interrupted: list[Utterance] = []
        self.stops = 0
        self.closed = False
        self._status = status

    def say(self, text: str, language: SpeechLanguage) -> None:
        words = clip(text)
        if self.current is not None:
            self.interrupted.append(self.current)
        self.current = None
        if not words:
            return
        utterance = Utterance(words, language)
        self.said.append(utterance)
        self.current = utterance

    def stop(self) -> None:
        self.stops += 1
        if self.current is not None:
            self.interrupted.append(self.current)
        self.current = None

    def finish(self) -> None:
        """The current utterance plays to its end."""
        self.current = None

    def status(self) -> DeviceStatus:
        if self._status is not None:
            return self._status
        if self.current is not None:
            return DeviceStatus(DEVICE_NAME, DeviceState.BUSY, "Reading aloud (simulated)")
        return DeviceStatus(DEVICE_NAME, DeviceState.READY, "Simulated speech is ready")

    def close(self) -> None:
        self.stop()
        self.closed = True

    @property
    def last(self) -> Utterance | None:
        """The most recent utterance, finished or not."""
        return self.said[-1] if self.said else None
