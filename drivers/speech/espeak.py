"""The espeak-ng adapter: one subprocess per utterance, never waited for.

``say()`` starts ``espeak-ng -v <voice> --stdin``, hands it the text and
returns; the GUI thread never waits for synthesis. A new ``say()`` or
``stop()`` kills the process in progress. Finished and killed processes are
reaped on the next call (``poll()``, never ``wait()``), and what an engine
wrote on stderr (espeak-ng exits 0 even when ALSA finds no sound card) is kept
for :meth:`EspeakSpeaker.status`.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol

from drivers.speech.port import DEVICE_NAME, clip
from drivers.speech.settings import SpeechLanguage, SpeechSettings
from drivers.status import DeviceState, DeviceStatus
from kiosk.logs import fields

log = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 5.0
_STDERR_LIMIT = 4096
_INSTALL_FIX = (
    "Install it (sudo apt-get install espeak-ng), or set enabled = false in the "
    "[speech] section of kiosk.toml to hide the 'Read aloud' button"
)
_SOUND_FIX = (
    "Check that the speakers are connected and switched on, that `aplay -l` lists a "
    "sound card, and that [speech] device in kiosk.toml names it (empty: the default)"
)


class SpeechProcess(Protocol):
    """One utterance being synthesised, as :class:`EspeakSpeaker` needs it."""

    def poll(self) -> int | None:
        """The exit code, or ``None`` while still speaking."""
        ...

    def kill(self) -> None:
        """Cut the utterance now."""
        ...

    def wait(self, timeout: float) -> int:
        """Block until the process ends (``subprocess.TimeoutExpired`` after ``timeout``)."""
        ...

    def complaint(self) -> str:
        """After the process ended: the first line it wrote on stderr ("" if none).

        Also releases its pipes; call it once.
        """
        ...


Launcher = Callable[[Sequence[str], bytes], SpeechProcess]
"""Starts ``command`` with ``text`` on its stdin and returns without waiting."""


class EspeakProcess:
    """A real espeak-ng process fed through its stdin (the default :data:`Launcher`)."""

    def __init__(self, command: Sequence[str], text: bytes) -> None:
        # Unbuffered stdin: the text (clipped well under the 64 KiB pipe
        # buffer) is written in one call that cannot block on the reader.
        self._popen = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        stdin = self._popen.stdin
        assert stdin is not None
        # An engine that quit at once (a bad voice) breaks the pipe; its stderr says why.
        with contextlib.suppress(BrokenPipeError):
            stdin.write(text)
        stdin.close()

    def poll(self) -> int | None:
        return self._popen.poll()

    def kill(self) -> None:
        self._popen.kill()

    def wait(self, timeout: float) -> int:
        return self._popen.wait(timeout)

    def complaint(self) -> str:
        stderr = self._popen.stderr
        if stderr is None:
            return ""
        try:
            said = stderr.read(_STDERR_LIMIT).decode("utf-8", "replace")
        finally:
            stderr.close()
        return next((line.strip() for line in said.splitlines() if line.strip()), "")


class EspeakSpeaker:
    """Reads text aloud with espeak-ng, Vietnamese or English.

    ``wav_path`` writes each utterance to that WAV file instead of the sound
    card (for tests and for checking a voice); otherwise ``settings.device``
    picks the audio output. ``launch`` replaces the subprocess (tests); with
    it, ``executable`` is passed as given instead of being looked up on PATH.
    """

    def __init__(
        self,
        settings: SpeechSettings,
        *,
        executable: str = "espeak-ng",
        wav_path: Path | None = None,
        launch: Launcher | None = None,
    ) -> None:
        self.settings = settings
        self.wav_path = wav_path
        self._name = executable
        self._path = shutil.which(executable) if launch is None else executable
        self._launch: Launcher = launch or EspeakProcess
        self._lock = threading.Lock()
        self._current: SpeechProcess | None = None
        self._dying: list[SpeechProcess] = []
        self._problem = ""
        self._warned_missing = False

    # -- the port ------------------------------------------------------------
    def say(self, text: str, language: SpeechLanguage) -> None:
        words = clip(text)
        with self._lock:
            self._cut()
            self._reap()
            if self._path is None:
                self._warn_missing()
                return
            if not words:
                return
            try:
                self._current = self._launch(self.command(language), words.encode("utf-8"))
            except OSError as exc:
                self._problem = f"{self._name} could not be started ({exc.strerror or exc})"
                log.warning("speech failed", extra=fields(device=DEVICE_NAME, error=self._problem))
                return
        log.debug("speech started", extra=fields(language=language, count=len(words)))

    def stop(self) -> None:
        with self._lock:
            self._cut()
            self._reap()

    def status(self) -> DeviceStatus:
        if self._path is None:
            return DeviceStatus(
                DEVICE_NAME,
                DeviceState.ABSENT,
                f"Text-to-speech is unavailable: {self._name} is not installed",
                _INSTALL_FIX,
            )
        for language in ("vi", "en"):
            if voice_problem := self._probe_voice(self.settings.voice_for(language)):
                return DeviceStatus(
                    DEVICE_NAME,
                    DeviceState.NEEDS_ATTENTION,
                    f"The {language} voice of {self._name} does not work: {voice_problem}",
                    "Set voice_vi / voice_en in [speech] of kiosk.toml to a voice that "
                    f"`{self._name} --voices={language}` lists, or reinstall espeak-ng-data",
                )
        with self._lock:
            self._reap()
            problem, speaking = self._problem, self._current is not None
        if problem:
            return DeviceStatus(DEVICE_NAME, DeviceState.NEEDS_ATTENTION, problem, _SOUND_FIX)
        if speaking:
            return DeviceStatus(DEVICE_NAME, DeviceState.BUSY, "Reading aloud")
        return DeviceStatus(DEVICE_NAME, DeviceState.READY, f"{self._name} is ready")

    def close(self) -> None:
        """Stop speaking and reap every process (waits for killed ones to exit)."""
        with self._lock:
            self._cut()
            for process in self._dying:
                try:
                    process.wait(PROBE_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    log.warning("speech process did not exit", extra=fields(device=DEVICE_NAME))
                    continue
                process.complaint()
            self._dying = []

    # -- helpers for tests and the command line ----------------------------------
    @property
    def available(self) -> bool:
        """Whether the engine was found."""
        return self._path is not None

    @property
    def speaking(self) -> bool:
        """Whether an utterance is still being synthesised or played."""
        with self._lock:
            self._reap()
            return self._current is not None

    def wait_until_quiet(self, timeout: float) -> bool:
        """Block until the utterance ends; false on timeout. Never on the GUI thread."""
        deadline = time.monotonic() + timeout
        while self.speaking:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        return True

    def command(self, language: SpeechLanguage) -> list[str]:
        """The espeak-ng command line for one utterance in ``language``."""
        settings = self.settings
        command = [
            self._path or self._name,
            "-v",
            settings.voice_for(language),
            "-s",
            str(settings.rate_wpm),
            "-a",
            str(settings.volume),
            "-b",
            "1",  # the text on stdin is UTF-8
            "--stdin",
        ]
        if self.wav_path is not None:
            command += ["-w", str(self.wav_path)]
        elif settings.device:
            command += ["-d", settings.device]
        return command

    def __enter__(self) -> EspeakSpeaker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- inside (the lock is held) ------------------------------------------
    def _cut(self) -> None:
        current, self._current = self._current, None
        if current is None:
            return
        if current.poll() is None:
            current.kill()
            self._dying.append(current)
        else:
            self._record(current)

    def _reap(self) -> None:
        dying = []
        for process in self._dying:
            if process.poll() is None:
                dying.append(process)
            else:
                process.complaint()  # killed by us: what it said does not matter
        self._dying = dying
        if self._current is not None and self._current.poll() is not None:
            self._record(self._current)
            self._current = None

    def _record(self, process: SpeechProcess) -> None:
        """Keep what a finished utterance says about the engine (clean: no problem)."""
        code, said = process.poll(), process.complaint()
        if code == 0 and not said:
            self._problem = ""
            return
        self._problem = f"{self._name} could not read aloud (exit code {code}): {said or '-'}"
        log.warning("speech failed", extra=fields(device=DEVICE_NAME, error=self._problem))

    def _warn_missing(self) -> None:
        if not self._warned_missing:
            self._warned_missing = True
            log.warning(
                "speech unavailable", extra=fields(device=DEVICE_NAME, error="engine missing")
            )

    def _probe_voice(self, voice: str) -> str:
        """What is wrong with ``voice`` ("" if it synthesises); ``-q`` makes no sound."""
        try:
            result = subprocess.run(
                [self._path or self._name, "-q", "-v", voice, "a"],
                capture_output=True,
                timeout=PROBE_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return str(exc)
        if result.returncode == 0:
            return ""
        said = result.stderr.decode("utf-8", "replace").strip()
        return said.splitlines()[0] if said else f"exit code {result.returncode}"
