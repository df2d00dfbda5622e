"""Audio guidance: the kiosk reads each screen's instruction aloud.

- ``settings.py``: :class:`SpeechSettings`, the ``[speech]`` section of kiosk.toml
  (off by default: a lobby kiosk speaks only where the center wants it);
- ``port.py``: :class:`Speaker` (``say()`` never waits, a new utterance or
  ``stop()`` cuts the previous one; ``status()`` for diagnostics);
- ``espeak.py``: :class:`EspeakSpeaker`, the espeak-ng adapter (a subprocess
  per utterance, Vietnamese voice first);
- ``recording.py``: :class:`RecordingSpeaker`, the simulator that records what
  would have been said.
"""
