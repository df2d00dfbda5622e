"""Vietnamese typing without a physical keyboard: Telex and VNI, no Qt.

:class:`WordComposer` turns the keys of the word under the cursor into NFC
Vietnamese text; the on-screen keyboard (``ui/keyboard``) feeds it one tap at
a time. :func:`type_text` types a whole string, for tests and scripted demos.
"""

from kiosk.textinput.composer import TypingMethod, WordComposer, type_text
from kiosk.textinput.letters import Mark, Tone
from kiosk.textinput.syllable import ToneStyle, is_plausible, tone_position

__all__ = [
    "Mark",
    "Tone",
    "ToneStyle",
    "TypingMethod",
    "WordComposer",
    "is_plausible",
    "tone_position",
    "type_text",
]
