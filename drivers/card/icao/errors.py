"""What can go wrong when reading an eMRTD chip, as kiosk errors that say what to check.

    DeviceError                       (kiosk.errors)
    ├── ChipAccessDenied              the CAN or the MRZ data does not open this chip
    ├── UnsupportedProtocol           the chip offers only what the kiosk does not speak
    ├── ChipProtocolError             the chip answered outside the protocol
    │   └── SecureMessagingError      a protected answer failed its check (bad MAC, ...)
    │       └── SecureMessagingAborted  the chip left secure messaging: re-authenticate
    ├── ReaderTransmitFailed          PC/SC refused an exchange (not a removed card)
    └── DeviceNeedsAttention          (kiosk.errors) card moved or taken off mid-read

Messages never quote APDU data, keys, the CAN or the MRZ.
"""

from __future__ import annotations

from typing import Literal

from kiosk.errors import DeviceError, DeviceNeedsAttention

KeyKind = Literal["CAN", "MRZ"]
DeniedKey = Literal["CAN", "MRZ", "CAN and MRZ"]

CHECK_CAN = "check the CAN (the 6 digits printed on the front of the card) and enter it again"
NEED_MRZ = (
    "this card must be opened with the MRZ data: enter the document number, date of birth"
    " and date of expiry from the back of the card"
)
CHECK_BOTH = "check the CAN and the MRZ data on the card and enter them again"
CHECK_MRZ = (
    "check the MRZ data (document number, date of birth, date of expiry on the back"
    " of the card) and enter it again"
)


class ChipAccessDenied(DeviceError):
    """The chip refused the key: ``key`` says which one to check."""

    def __init__(self, key: DeniedKey, detail: str = "") -> None:
        if key == "CAN and MRZ":
            message, fix = "The chip accepted neither the CAN nor the MRZ data", CHECK_BOTH
        elif key == "CAN":
            message, fix = "The chip did not accept the CAN", CHECK_CAN
        else:
            message, fix = "The chip did not accept the MRZ data", CHECK_MRZ
        super().__init__(message + (f" ({detail})" if detail else ""), fix)
        self.key: DeniedKey = key


class UnsupportedProtocol(DeviceError):
    """The chip's access protocols are none that this reader implements."""


class ChipProtocolError(DeviceError):
    """The chip answered something the protocol does not allow (a status word, a format)."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(
            message, fix or "take the card off, place it flat on the reader again and retry"
        )


class SecureMessagingError(ChipProtocolError):
    """A protected answer failed its integrity check: its data is never used."""


class SecureMessagingAborted(SecureMessagingError):
    """The chip answered in plain while secure messaging was on: it has left the session.

    ``sw`` is the plain status word it answered with (None: found out before sending).
    """

    def __init__(self, sw: int | None = None) -> None:
        said = f" (SW {sw:04X})" if sw is not None else ""
        super().__init__(
            f"The chip left secure messaging{said}", "read the card again from the start"
        )
        self.sw = sw


class ReaderTransmitFailed(DeviceError):
    """The reader (PC/SC) failed an exchange while the card is still there: e.g. an APDU
    longer than the reader carries. Whether the chip saw the command is unknown."""


def card_removed() -> DeviceNeedsAttention:
    """The error to raise (from the PC/SC one) when the card went away in the middle of a read."""
    return DeviceNeedsAttention(
        "Reading the chip stopped: the card was moved or taken off the reader",
        "place the card flat on the reader again and keep it still until the reading is done",
    )
