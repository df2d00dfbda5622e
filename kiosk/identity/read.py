"""Read the citizen off the chip: authenticate, read, check the SOD, map to an Identity.

A small Qt-free service composing :func:`drivers.card.icao.read_emrtd`, the LDS
parsers, :func:`~kiosk.identity.passive.passive_authenticate`, active
authentication (INTERNAL AUTHENTICATE when the chip has DG15, judged by
:func:`~kiosk.identity.active.active_authenticate`) and
:func:`~kiosk.identity.mapping.identity_from_chip`:

    read_identity(connection, AccessKeys(can="123456"), trust) -> IdentityReading
    read_identity_with_any(connection, [AccessKeys(...), ...], trust)  # first that opens

A chip that fails active authentication (a copy: it answers, but not with the
DG15 key) is FAILED whatever passive authentication said. One that has no DG15
keeps the passive verdict and says ``active_auth == "not_supported"``. One that
has DG15 but does not answer the challenge cannot be told from a copy that
chose not to answer, nor from a reader that cannot carry the answer: a GENUINE
verdict drops to NOT_VERIFIABLE (``active_auth_refused`` in ``reasons``), so
the form is still pre-filled and the officer sees it was not proven.

DG13 is unpublished (``dg13.py`` reads every plausible shape of its fields). One
whose outer structure is broken does not fail the read: the identity comes from
DG1, ``dg13_state`` says ``"unreadable"`` and ``missing`` names the fields only
DG13 gives, left empty for the citizen to type.

The verdict is always returned, never swallowed: a FAILED chip still gives a
reading (its ``identity`` carries FAILED too, or is ``None`` when the tampered
data does not even parse), so the caller decides not to pre-fill from it.
Only the protocol, counts, verdict and durations are logged — never a value.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from PIL import Image

from drivers.card.icao import (
    DEFAULT_FILES,
    FILE_IDS,
    AccessKeys,
    ChipAccessDenied,
    EmrtdRead,
    ReadOptions,
    ReadTimings,
    read_emrtd,
)
from drivers.card.port import CardConnection
from kiosk.dossier import Identity, Verdict
from kiosk.identity.active import ActiveAuthResult, active_authenticate
from kiosk.identity.dg2 import parse_dg2, to_pillow
from kiosk.identity.dg13 import Dg13, parse_dg13
from kiosk.identity.errors import IdentityError, MalformedData
from kiosk.identity.lds import groups_from_files
from kiosk.identity.mapping import identity_from_chip
from kiosk.identity.mrz import parse_dg1
from kiosk.identity.passive import passive_authenticate
from kiosk.identity.trust import TrustStore

logger = logging.getLogger(__name__)

DG1, DG2, DG13, DG14, DG15 = 1, 2, 13, 14, 15
# The fields only DG13 gives (DG1 has the ID number, name, dates and sex).
DG13_ONLY_FIELDS = ("place_of_origin", "place_of_residence", "issue_date")
Dg13State = Literal["read", "absent", "unreadable"]
READ_OPTIONS = ReadOptions(active_auth=True)


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
    active_auth: ActiveAuthResult = ActiveAuthResult.NOT_SUPPORTED
    active_auth_apdus: int = 0  # INTERNAL AUTHENTICATE exchanges (its time: timings.active_auth_s)
    dg13_state: Dg13State = "read"
    dg13_problems: tuple[int, ...] = ()  # DG13 field numbers whose value could not be used
    missing: tuple[str, ...] = ()  # identity fields the chip left empty: the citizen types them

    def __repr__(self) -> str:
        return (
            f"IdentityReading({self.protocol}, verdict={self.verdict.value},"
            f" active_auth={self.active_auth.value}, apdus={self.apdu_count},"
            f" reasons={self.reasons})"
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
    read = read_emrtd(connection, keys, DEFAULT_FILES, READ_OPTIONS)
    files = by_file_id(read.files)
    sod = read.files.get("EF.SOD")
    if sod is None:
        raise MalformedData("EF.SOD", "the chip gave no security object")
    groups = groups_from_files(files)
    check = passive_authenticate(sod, groups, trust)
    active = _active_auth(read, groups)
    verdict, reasons = check.verdict, check.reasons
    if active is ActiveAuthResult.FAILED:
        verdict, reasons = Verdict.FAILED, (*reasons, "active_auth_failed")
    elif active is ActiveAuthResult.NOT_SUPPORTED and DG15 in groups:
        reasons = (*reasons, "active_auth_refused")
        if verdict is Verdict.GENUINE:
            verdict = Verdict.NOT_VERIFIABLE
    dg13, dg13_state = _dg13(groups)
    identity, differences = _identity(groups, dg13, verdict, today or date.today())
    logger.info(
        "identity read with %s: verdict %s, active authentication %s, %d APDU(s)",
        read.protocol,
        verdict.value,
        active.value,
        read.apdu_count,
    )
    return IdentityReading(
        identity,
        verdict,
        read.protocol,
        read.apdu_count,
        read.timings,
        photo=_photo(groups.get(DG2)),
        reasons=reasons,
        differences=differences,
        active_auth=active,
        active_auth_apdus=read.active_auth.apdu_count if read.active_auth else 0,
        dg13_state=dg13_state,
        dg13_problems=dg13.problems if dg13 is not None else (),
        missing=_missing(identity),
    )


def read_identity_with_any(
    connection: CardConnection,
    candidates: Sequence[AccessKeys],
    trust: TrustStore | None,
    *,
    today: date | None = None,
) -> IdentityReading:
    """:func:`read_identity` with each of ``candidates`` in turn until the chip opens.

    For keys the kiosk is unsure of (a card without expiry: ``NO_EXPIRY_MRZ``).
    Raises the last :class:`ChipAccessDenied` when none opens the chip.
    """
    if not candidates:
        raise ValueError("give at least one access key to try")
    for keys in candidates[:-1]:
        try:
            return read_identity(connection, keys, trust, today=today)
        except ChipAccessDenied:
            logger.info("access key refused; trying the next one")
    return read_identity(connection, candidates[-1], trust, today=today)


def _active_auth(read: EmrtdRead, groups: Mapping[int, bytes]) -> ActiveAuthResult:
    exchange = read.active_auth
    if exchange is None:
        return ActiveAuthResult.NOT_SUPPORTED
    return active_authenticate(
        exchange.challenge, exchange.response, groups.get(DG15), groups.get(DG14)
    )


def by_file_id(files: Mapping[str, bytes]) -> dict[int, bytes]:
    """``{"DG1": …}`` as ``read_emrtd`` names them → ``{0x0101: …}``."""
    return {FILE_IDS[name]: content for name, content in files.items() if name in FILE_IDS}


def _identity(
    groups: Mapping[int, bytes], dg13: Dg13 | None, verdict: Verdict, today: date
) -> tuple[Identity | None, tuple[str, ...]]:
    """Map DG1 + DG13; on a FAILED chip, unusable data gives ``None`` rather than an error."""
    try:
        return _map(groups, dg13, verdict, today)
    except IdentityError as exc:
        if verdict is not Verdict.FAILED:
            raise
        logger.warning("FAILED chip data does not map: %s", type(exc).__name__)
        return None, ()


def _map(
    groups: Mapping[int, bytes], dg13: Dg13 | None, verdict: Verdict, today: date
) -> tuple[Identity, tuple[str, ...]]:
    """DG1 (required) and DG13 (if usable) → the Identity and the DG1/DG13 differences."""
    dg1 = groups.get(DG1)
    if dg1 is None:
        raise MalformedData("DG1", "the chip gave no DG1")
    mapped = identity_from_chip(parse_dg1(dg1), dg13, verdict, today=today)
    return mapped.identity, mapped.differences


def _dg13(groups: Mapping[int, bytes]) -> tuple[Dg13 | None, Dg13State]:
    """DG13 parsed and how it went; ``None`` when absent or its outer structure is broken.

    DG13 is unpublished: a shape we did not foresee must not turn the citizen
    away. DG1 still gives the ID number, name and dates; the fields only DG13
    holds stay empty and the form asks the citizen for them.
    """
    data = groups.get(DG13)
    if data is None:
        return None, "absent"
    try:
        return parse_dg13(data), "read"
    except MalformedData as exc:
        logger.warning("DG13 is unreadable (%s); the identity comes from DG1", exc.problem)
        return None, "unreadable"


def _missing(identity: Identity | None) -> tuple[str, ...]:
    """The fields only DG13 gives that are empty: the form asks the citizen for them."""
    if identity is None:
        return ()
    return tuple(name for name in DG13_ONLY_FIELDS if not getattr(identity, name))


def _photo(dg2: bytes | None) -> Image.Image | None:
    """The portrait as a Pillow image, or ``None`` (absent or undecodable: logged, not raised)."""
    if dg2 is None:
        return None
    try:
        return to_pillow(parse_dg2(dg2))
    except IdentityError as exc:
        logger.warning("the DG2 portrait could not be decoded: %s", type(exc).__name__)
        return None
