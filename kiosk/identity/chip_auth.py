"""Chip authentication's outcome for the identity (ICAO 9303-11 §6.2): is this the chip itself?

The driver runs the protocol (``drivers.card.icao.ca``) and knows whether the
chip answered under the keys agreed with DG14's public key. What makes that a
proof is that DG14 is the issuer's: passive authentication must have checked
its hash in the SOD (a copy could otherwise bring its own key). This module
turns the exchange and that check into :class:`ChipAuthResult`.
"""

from __future__ import annotations

from enum import StrEnum

from drivers.card.icao import ChipAuthExchange, ChipAuthStatus


class ChipAuthResult(StrEnum):
    """What chip authentication showed about the chip."""

    PASSED = "passed"  # it holds the private key of the DG14 the SOD vouches for
    FAILED = "failed"  # it could not answer under the agreed keys: a copied chip
    REFUSED = "refused"  # DG14 offers CA, the chip said no (a copy might, too)
    UNSUPPORTED = "unsupported"  # DG14 offers CA in a form this kiosk does not run
    NOT_SUPPORTED = "not_supported"  # no DG14, or it offers no CA


def chip_auth_result(exchange: ChipAuthExchange | None, dg14_checked: bool) -> ChipAuthResult:
    """Judge one exchange; ``dg14_checked``: DG14's hash matched the SOD's.

    A passed exchange with a DG14 the SOD does not vouch for proves nothing:
    PASSED needs both (passive authentication fails such a chip on its own).
    """
    if exchange is None:
        return ChipAuthResult.NOT_SUPPORTED
    status = exchange.status
    if status is ChipAuthStatus.PASSED:
        return ChipAuthResult.PASSED if dg14_checked else ChipAuthResult.FAILED
    if status is ChipAuthStatus.FAILED:
        return ChipAuthResult.FAILED
    if status is ChipAuthStatus.REFUSED:
        return ChipAuthResult.REFUSED
    return ChipAuthResult.UNSUPPORTED
