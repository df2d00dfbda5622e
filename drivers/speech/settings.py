"""The ``[speech]`` section of kiosk.toml: whether and how the kiosk reads aloud."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SpeechLanguage = Literal["vi", "en"]
"""The languages the kiosk speaks (the same codes as ``kiosk.config.Language``)."""

# A voice or device name is passed to espeak-ng as an argument: one starting
# with "-" would be read as an option, so names must start with a letter or digit.
_VOICE = r"^[A-Za-z0-9][A-Za-z0-9_+/-]{0,63}$"
_DEVICE = r"^(|[A-Za-z0-9][^\s]{0,127})$"


class SpeechSettings(BaseModel):
    """Text-to-speech of each screen's instruction ("Read aloud" on the kiosk).

    ``enabled`` offers the "Read aloud" button at all; each citizen still turns
    it on for their own session. Voices are espeak-ng voice names
    (``espeak-ng --voices=vi`` lists them); ``device`` is the audio output
    device for ``espeak-ng -d`` (empty: the system default).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    voice_vi: Annotated[str, Field(pattern=_VOICE)] = "vi"
    voice_en: Annotated[str, Field(pattern=_VOICE)] = "en"
    # Slower than espeak-ng's 175 wpm default: many citizens are elderly.
    rate_wpm: Annotated[int, Field(ge=80, le=300)] = 140
    volume: Annotated[int, Field(ge=0, le=200)] = 100
    device: Annotated[str, Field(pattern=_DEVICE)] = ""

    def voice_for(self, language: SpeechLanguage) -> str:
        """The espeak-ng voice that reads ``language``."""
        return self.voice_vi if language == "vi" else self.voice_en
