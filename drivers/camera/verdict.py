"""What the pipeline says about a frame: a machine id, and a hint id the UI translates."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """The one thing to tell the citizen about the current frame, most urgent first."""

    NO_PAGE = "no_page"
    MOVING = "moving"
    BLURRY = "blurry"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    GLARE = "glare"
    OK = "ok"

    @property
    def hint(self) -> str:
        """Translation id of the sentence the UI shows (``camera.hint.<id>``)."""
        return f"camera.hint.{self.value}"

    @property
    def english(self) -> str:
        """The English sentence, for logs, the technician CLI and as the UI's fallback."""
        return HINTS_EN[self]


HINTS_EN: dict[Verdict, str] = {
    Verdict.NO_PAGE: "Move the page into the frame.",
    Verdict.MOVING: "Hold still.",
    Verdict.BLURRY: "Hold still: the page is out of focus.",
    Verdict.TOO_DARK: "The page is too dark: check the kiosk's light.",
    Verdict.TOO_BRIGHT: "The page is too bright: move it out of the direct light.",
    Verdict.GLARE: "Glare on the page: tilt it away from the light.",
    Verdict.OK: "The page is good.",
}
