"""The simulated CCCD of a synthetic citizen for the identity tests, and a direct line to it."""

from __future__ import annotations

from drivers.card.emrtd_card import ChipBehaviour, EmrtdCard
from kiosk.identity.synthetic import CardFiles


def chip_of(
    card: CardFiles,
    files: dict[int, bytes] | None = None,
    *,
    behaviour: ChipBehaviour = ChipBehaviour(),  # noqa: B008 (frozen)
    pace: bool = True,
) -> EmrtdCard:
    """The simulated chip of ``card``: active authentication with its AA key, chip
    authentication with the key behind its DG14."""
    served = card.files if files is None else files
    signer = card.aa_signer()
    if pace:
        return EmrtdCard(
            served,
            can=card.can,
            mrz=card.mrz_keys,
            behaviour=behaviour,
            active_auth=signer,
            chip_auth=card.chip_auth_key,
        )
    return EmrtdCard(
        served,
        can=card.can,
        mrz=card.mrz_keys,
        behaviour=behaviour,
        active_auth=signer,
        chip_auth=card.chip_auth_key,
        pace=None,
    )
