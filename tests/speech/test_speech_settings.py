"""The [speech] settings and the recording simulator."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from drivers.speech.port import Speaker, Utterance, clip
from drivers.speech.recording import RecordingSpeaker
from drivers.speech.settings import SpeechSettings
from drivers.status import DeviceState, DeviceStatus


def test_defaults_are_off_vietnamese_first_and_slow() -> None:
    settings = SpeechSettings()
    assert not settings.enabled
    assert settings.voice_for("vi") == "vi" and settings.voice_for("en") == "en"
    assert settings.rate_wpm == 140


@pytest.mark.parametrize(
    "values",
    [
        {"voice_vi": "--stdout"},  # would be read as an option
        {"device": "-w/tmp/x"},
        {"rate_wpm": 20},
        {"volume": 500},
        {"voice": "vi"},  # misspelt key
    ],
)
def test_bad_values_are_refused(values: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SpeechSettings.model_validate(values)


def test_real_voice_names_are_accepted() -> None:
    settings = SpeechSettings.model_validate(
        {"enabled": True, "voice_vi": "vi-vn-x-south", "voice_en": "en-us+f3", "device": "hw:1,0"}
    )
    assert settings.voice_for("vi") == "vi-vn-x-south"


def test_the_simulator_records_and_interrupts() -> None:
    speaker = RecordingSpeaker()
    assert isinstance(speaker, Speaker)
    speaker.say("Xin  chào\n quý khách.", "vi")
    assert speaker.current == Utterance("Xin chào quý khách.", "vi")
    assert speaker.status().state is DeviceState.BUSY
    speaker.say("Hello.", "en")
    assert speaker.interrupted == [Utterance("Xin chào quý khách.", "vi")]
    speaker.finish()
    assert speaker.current is None and speaker.status().state is DeviceState.READY
    speaker.stop()
    assert (
        speaker.stops == 1 and len(speaker.said) == 2 and speaker.last == Utterance("Hello.", "en")
    )


def test_the_simulator_can_play_a_broken_engine() -> None:
    broken = DeviceStatus("speech", DeviceState.ABSENT, "espeak-ng is not installed", "install it")
    assert RecordingSpeaker(status=broken).status() is broken


def test_clip_collapses_whitespace_and_keeps_short_text() -> None:
    assert clip("  một\thai\n ba ") == "một hai ba"
    assert clip("abc def", limit=5) == "abc"
