"""The simulated CCCD of a synthetic citizen for the identity tests, and a direct line to it."""

from __future__ import annotations

from drivers.card.apdu import ResponseApdu
from drivers.card.emrtd_card import ChipBehaviour, EmrtdCard
from kiosk.identity.synthetic import CardFiles


class InProcessConnection:
    """A CardConnection straight onto a software card (no pcscd): fast, and records the APDUs."""

    reader = "in-process"

    def __init__(self, card: EmrtdCard) -> None:
        self.card = card
        self.sent: list[bytes] = []
        card.power_on()

    @property
    def atr(self) -> bytes:
        return self.card.atr()

    def transmit(self, apdu: bytes) -> ResponseApdu:
        self.sent.append(apdu)
        return ResponseApdu.from_bytes(self.card.transmit(apdu))

    def close(self) -> None:
        pass


def chip_of(
    card: CardFiles,
    files: dict[int, bytes] | None = None,
    *,
    behaviour: ChipBehaviour = ChipBehaviour(),  # noqa: B008 (frozen)
    pace: bool = True,
) -> EmrtdCard:
    """The simulated chip of ``card``, answering active authentication with its AA key."""
    served = card.files if files is None else files
    signer = card.aa_signer()
    if pace:
        return EmrtdCard(
            served, can=card.can, mrz=card.mrz_keys, behaviour=behaviour, active_auth=signer
        )
    return EmrtdCard(
        served,
        can=card.can,
        mrz=card.mrz_keys,
        behaviour=behaviour,
        active_auth=signer,
        pace=None,
    )
