"""Read the citizen off the chip: authenticate, read, check the SOD, map to an Identity.

A small Qt-free service composing :func:`drivers.card.icao.read_emrtd`, the LDS
parsers, :func:`~kiosk.identity.passive.passive_authenticate` and
:func:`~kiosk.identity.mapping.identity_from_chip`:

    read_identity(connection, AccessKeys(can="123456"), trust) -> IdentityReading

The verdict is always returned, never swallowed: a FAILED chip still gives a
reading (its ``identity`` carries FAILED too, or is ``None`` when the tampered
data does not even parse), so the caller decides not to pre-fill from it.
Only the protocol, counts, verdict and durations are logged — never a value.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from PIL import Image

from drivers.card.icao import DEFAULT_FILES, FILE_IDS, AccessKeys, ReadTimings, read_emrtd
from drivers.card.port import CardConnection
from kiosk.dossier import Identity, Verdict
from kiosk.identity.dg2 import parse_dg2, to_pillow
from kiosk.identity.dg13 import parse_dg13
from kiosk.identity.errors import IdentityError, MalformedData
from kiosk.identity.lds import groups_from_files
from kiosk.identity.mapping import identity_from_chip
from kiosk.identity.mrz import parse_dg1
from kiosk.identity.passive import PassiveAuthResult, passive_authenticate
from kiosk.identity.trust import TrustStore

logger = logging.getLogger(__name__)

DG1, DG2, DG13 = 1, 2, 13


@dataclass(frozen=True, repr=False)
class IdentityReading:
    """The identity read from the chip and how far to trust it.

    ``identity`` is ``None`` only when the verdict is FAILED and the altered
    data could not be mapped. ``photo`` is the DG2 portrait (``None`` if the
    chip gave none or it could not be decoded).
    """

    identity: Identity | None
    verdict: Verdict
    protocol: str
    apdu_count: int
    timings: ReadTimings
    photo: Image.Image | None = None
    reasons: tuple[str, ...] = ()
    differences: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        return (
            f"IdentityReading({self.protocol}, verdict={self.verdict.value},"
            f" apdus={self.apdu_count}, reasons={self.reasons})"
        )


def read_identity(
    connection: CardConnection,
    keys: AccessKeys,
    trust: TrustStore | None,
    *,
    today: date | None = None,
) -> IdentityReading:
    """Read the chip on ``connection`` with ``keys`` and check it against ``trust``.

    Raises what :func:`read_emrtd` raises (wrong key, card taken off, …);
    :class:`MalformedData` or :class:`ChipDataConflict` when a chip that did
    not fail passive authentication holds data that cannot be used.
    """
    read = read_emrtd(connection, keys, DEFAULT_FILES)
    files = by_file_id(read.files)
    sod = read.files.get("EF.SOD")
    if sod is None:
        raise MalformedData("EF.SOD", "the chip gave no security object")
    groups = groups_from_files(files)
    check = passive_authenticate(sod, groups, trust)
    identity, differences = _identity(groups, check, today or date.today())
    logger.info(
        "identity read with %s: verdict %s, %d APDU(s)",
        read.protocol,
        check.verdict.value,
        read.apdu_count,
    )
    return IdentityReading(
        identity,
        check.verdict,
        read.protocol,
        read.apdu_count,
        read.timings,
        photo=_photo(groups.get(DG2)),
        reasons=check.reasons,
        differences=differences,
    )


def by_file_id(files: Mapping[str, bytes]) -> dict[int, bytes]:
    """``{"DG1": …}`` as ``read_emrtd`` names them → ``{0x0101: …}``."""
    return {FILE_IDS[name]: content for name, content in files.items() if name in FILE_IDS}


def _identity(
    groups: Mapping[int, bytes], check: PassiveAuthResult, today: date
) -> tuple[Identity | None, tuple[str, ...]]:
    """Map DG1 + DG13; on a FAILED chip, unusable data gives ``None`` rather than an error."""
    try:
        return _map(groups, check.verdict, today)
    except IdentityError as exc:
        if check.verdict is not Verdict.FAILED:
            raise
        logger.warning("FAILED chip data does not map: %s", type(exc).__name__)
        return None, ()


def _map(
    groups: Mapping[int, bytes], verdict: Verdict, today: date
) -> tuple[Identity, tuple[str, ...]]:
    """DG1 (required) and DG13 (if read) → the Identity and the DG1/DG13 differences."""
    dg1 = groups.get(DG1)
    if dg1 is None:
        raise MalformedData("DG1", "the chip gave no DG1")
    dg13 = groups.get(DG13)
    mapped = identity_from_chip(
        parse_dg1(dg1), parse_dg13(dg13) if dg13 is not None else None, verdict, today=today
    )
    return mapped.identity, mapped.differences


def _photo(dg2: bytes | None) -> Image.Image | None:
    """The portrait as a Pillow image, or ``None`` (absent or undecodable: logged, not raised)."""
    if dg2 is None:
        return None
    try:
        return to_pillow(parse_dg2(dg2))
    except IdentityError as exc:
        logger.warning("the DG2 portrait could not be decoded: %s", type(exc).__name__)
        return None
