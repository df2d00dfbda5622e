"""The espeak-ng adapter: real Vietnamese and English synthesis, never waiting, cutting."""

from __future__ import annotations

import array
import shutil
import signal
import stat
import time
import wave
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from drivers.speech.espeak import EspeakProcess, EspeakSpeaker, SpeechProcess
from drivers.speech.port import Speaker
from drivers.speech.settings import SpeechSettings
from drivers.status import DeviceState

VIETNAMESE = "Xin mời ông bà đặt thẻ căn cước gắn chip lên đầu đọc, rồi chạm nút Bắt đầu."
ENGLISH = "Please place your chip ID card on the reader, then touch Start."
SETTINGS = SpeechSettings(enabled=True)


def wav_figures(path: Path) -> tuple[float, float]:
    """Duration in seconds and RMS level (16-bit units) of a mono 16-bit WAV."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2 and wav.getnchannels() == 1
        frames = wav.readframes(wav.getnframes())
        duration = wav.getnframes() / wav.getframerate()
    samples = array.array("h", frames)
    rms = (sum(s * s for s in samples) / max(1, len(samples))) ** 0.5
    return duration, rms


@pytest.fixture
def engine_installed() -> None:
    assert shutil.which("espeak-ng"), "espeak-ng is missing: sudo apt-get install espeak-ng"


@pytest.mark.usefixtures("engine_installed")
@pytest.mark.parametrize(("language", "text"), [("vi", VIETNAMESE), ("en", ENGLISH)])
def test_the_voice_really_synthesises_a_wav(tmp_path: Path, language: str, text: str) -> None:
    out = tmp_path / f"{language}.wav"
    with EspeakSpeaker(SETTINGS, wav_path=out) as speaker:
        assert isinstance(speaker, Speaker)
        speaker.say(text, "vi" if language == "vi" else "en")
        assert speaker.wait_until_quiet(60)
        status = speaker.status()
    assert status.state is DeviceState.READY, status
    duration, rms = wav_figures(out)
    # About 15 words at 140 wpm: several seconds of clearly audible sound.
    assert duration > 2.0
    assert rms > 500


@pytest.mark.usefixtures("engine_installed")
def test_tone_marks_change_what_is_heard(tmp_path: Path) -> None:
    """The text reaches the Vietnamese voice as UTF-8: "ma" and "mà" differ in tone."""
    sounds: list[bytes] = []
    for word in ("ma", "mà"):
        out = tmp_path / f"{len(sounds)}.wav"
        with EspeakSpeaker(SETTINGS, wav_path=out) as speaker:
            speaker.say(word, "vi")
            assert speaker.wait_until_quiet(30)
        sounds.append(out.read_bytes())
    assert sounds[0] != sounds[1]


@pytest.mark.usefixtures("engine_installed")
def test_a_missing_voice_needs_attention() -> None:
    with EspeakSpeaker(SpeechSettings(voice_vi="zz-no-such-voice")) as speaker:
        status = speaker.status()
    assert status.state is DeviceState.NEEDS_ATTENTION
    assert "vi voice" in status.detail and "voice_vi" in status.fix


def test_a_missing_engine_is_reported_absent_and_say_does_nothing() -> None:
    with EspeakSpeaker(SETTINGS, executable="espeak-ng-not-installed-here") as speaker:
        assert not speaker.available
        speaker.say(VIETNAMESE, "vi")  # no exception: the kiosk goes on silently
        assert not speaker.speaking
        status = speaker.status()
    assert status.state is DeviceState.ABSENT
    assert "not installed" in status.detail
    assert "apt-get install espeak-ng" in status.fix


def fake_engine(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-espeak-ng"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def never_ending_engine(tmp_path: Path) -> Path:
    """An engine that records its arguments and text, then speaks until killed."""
    return fake_engine(
        tmp_path,
        f"""[ "$1" = "-q" ] && exit 0
printf '%s\\n' "$@" > "{tmp_path}/args"
cat > "{tmp_path}/text.part" && mv "{tmp_path}/text.part" "{tmp_path}/text"
exec sleep 60""",
    )


def wait_for(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.01)
    return path.read_text(encoding="utf-8")


def test_say_returns_while_the_engine_is_still_speaking(
    tmp_path: Path, never_ending_engine: Path
) -> None:
    started: list[EspeakProcess] = []

    def launch(command: Sequence[str], text: bytes) -> SpeechProcess:
        process = EspeakProcess(command, text)
        started.append(process)
        return process

    settings = SpeechSettings(enabled=True, rate_wpm=120, voice_vi="vi-vn-x-south")
    with EspeakSpeaker(settings, executable=str(never_ending_engine), launch=launch) as speaker:
        speaker.say(VIETNAMESE, "vi")
        # The engine never finishes on its own: say() returned without waiting.
        assert started[0].poll() is None
        assert speaker.speaking
        assert speaker.status().state is DeviceState.BUSY
        assert wait_for(tmp_path / "text") == VIETNAMESE
        args = wait_for(tmp_path / "args").split("\n")
        assert args[:4] == ["-v", "vi-vn-x-south", "-s", "120"]
        assert "--stdin" in args

        speaker.say(ENGLISH, "en")  # cuts the Vietnamese utterance
        assert started[0].wait(10) == -signal.SIGKILL
        assert started[1].poll() is None

        speaker.stop()
        assert started[1].wait(10) == -signal.SIGKILL
        assert not speaker.speaking
    for process in started:
        assert process.poll() is not None


def test_engine_complaints_on_stderr_are_reported(tmp_path: Path) -> None:
    """espeak-ng exits 0 when ALSA finds no sound card; what it wrote still counts."""
    engine = fake_engine(
        tmp_path,
        """[ "$1" = "-q" ] && exit 0
cat > /dev/null
echo "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'" >&2""",
    )
    with EspeakSpeaker(SETTINGS, executable=str(engine)) as speaker:
        speaker.say(ENGLISH, "en")
        assert speaker.wait_until_quiet(10)
        status = speaker.status()
    assert status.state is DeviceState.NEEDS_ATTENTION
    assert "cannot find card" in status.detail
    assert "aplay -l" in status.fix


class FakeProcess:
    """A process that speaks until killed or told to finish."""

    def __init__(self, command: Sequence[str], text: bytes) -> None:
        self.command = list(command)
        self.text = text.decode("utf-8")
        self.code: int | None = None
        self.killed = False

    def poll(self) -> int | None:
        return self.code

    def kill(self) -> None:
        self.killed = True
        self.code = -signal.SIGKILL

    def wait(self, timeout: float) -> int:
        assert self.code is not None
        return self.code

    def complaint(self) -> str:
        return ""


@pytest.fixture
def fakes() -> list[FakeProcess]:
    return []


@pytest.fixture
def speaker(fakes: list[FakeProcess]) -> Iterator[EspeakSpeaker]:
    def launch(command: Sequence[str], text: bytes) -> SpeechProcess:
        fakes.append(FakeProcess(command, text))
        return fakes[-1]

    with EspeakSpeaker(SETTINGS, launch=launch) as built:
        yield built


def test_each_say_interrupts_the_previous_one(
    speaker: EspeakSpeaker, fakes: list[FakeProcess]
) -> None:
    speaker.say("Một.", "vi")
    speaker.say("Two.", "en")
    assert fakes[0].killed and not fakes[1].killed
    assert fakes[1].text == "Two." and fakes[1].command[:3] == ["espeak-ng", "-v", "en"]
    speaker.say("   ", "vi")  # nothing to say still silences the previous screen
    assert fakes[1].killed and len(fakes) == 2


def test_a_finished_utterance_is_not_killed(
    speaker: EspeakSpeaker, fakes: list[FakeProcess]
) -> None:
    speaker.say("Một.", "vi")
    fakes[0].code = 0
    assert not speaker.speaking
    speaker.stop()
    assert not fakes[0].killed


def test_long_text_is_clipped_at_a_word(speaker: EspeakSpeaker, fakes: list[FakeProcess]) -> None:
    speaker.say("hồ sơ " * 2000, "vi")
    assert len(fakes[0].text) <= 4000
    assert fakes[0].text.endswith(("hồ", "sơ"))


def test_the_output_device_or_wav_file_is_on_the_command_line(tmp_path: Path) -> None:
    to_device = EspeakSpeaker(SpeechSettings(device="hw:1,0", volume=150), executable="espeak-ng")
    command = to_device.command("vi")
    assert command[command.index("-d") + 1] == "hw:1,0"
    assert command[command.index("-a") + 1] == "150"
    to_file = EspeakSpeaker(SpeechSettings(device="hw:1,0"), wav_path=tmp_path / "x.wav")
    command = to_file.command("en")
    assert "-d" not in command
    assert command[command.index("-w") + 1] == str(tmp_path / "x.wav")
