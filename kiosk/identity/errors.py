"""The identity package's errors, under :class:`kiosk.errors.KioskError`.

    KioskError
    └── IdentityError            -- base: the card's data could not be used
        ├── MalformedData        -- bytes or text are not what the format says (``what`` names it)
        │   ├── BerError         -- not well-formed BER/DER
        │   ├── MrzError         -- a TD1 MRZ that is malformed or fails a check digit
        │   └── QrTextError      -- text that is not a card QR
        ├── ChipDataConflict     -- DG1 and DG13 disagree on a field that identifies the citizen
        └── TrustStoreError      -- the configured CSCA certificates cannot be loaded

Messages name the file, the field or the check, never a value: the values are a
citizen's personal data and messages end up in logs.
"""

from __future__ import annotations

from kiosk.errors import KioskError

_READ_AGAIN = "read the card again, or enter the details by hand"


class IdentityError(KioskError):
    """Base of every error raised by :mod:`kiosk.identity`."""


class MalformedData(IdentityError):
    """Bytes or text that do not follow their format; ``what`` names the file or format."""

    def __init__(self, what: str, problem: str, fix: str = _READ_AGAIN) -> None:
        super().__init__(f"{what}: {problem}", fix)
        self.what = what
        self.problem = problem


class BerError(MalformedData):
    """Not well-formed BER (or not the DER structure the format expects)."""


class MrzError(MalformedData):
    """A machine readable zone that is malformed or fails a check digit."""


class QrTextError(MalformedData):
    """Text decoded from a QR code that is not the QR of a citizen identity card."""

    def __init__(self, problem: str) -> None:
        super().__init__("card QR", problem, "hold the QR on the card to the camera again")


class ChipDataConflict(IdentityError):
    """DG1 and DG13 of one chip disagree; ``fields`` names the fields (never their values)."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(
            "the chip's data groups disagree on " + ", ".join(fields),
            "do not pre-fill from the chip; use the card's QR or typed entry",
        )
        self.fields = fields


class TrustStoreError(IdentityError):
    """The CSCA certificates configured for passive authentication could not be loaded."""
