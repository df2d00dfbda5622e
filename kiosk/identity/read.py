"""Read the citizen off the chip: authenticate, read, check the SOD, map to an Identity.

A small Qt-free service composing :func:`drivers.card.icao.read_emrtd`, the LDS
parsers, :func:`~kiosk.identity.passive.passive_authenticate`, active
authentication (INTERNAL AUTHENTICATE when the chip has DG15, judged by
:func:`~kiosk.identity.active.active_authenticate`) and
:func:`~kiosk.identity.mapping.identity_from_chip`:

    read_identity(connection, AccessKeys(can="123456"), trust) -> IdentityReading
    read_identity_with_any(connection, [AccessKeys(...), ...], trust)  # first that opens

The anti-clone check is chip authentication when DG14 offers it (run by the
driver right after DG14, the other files then come under its keys; judged by
:func:`~kiosk.identity.chip_auth.chip_auth_result`), else active authentication
for a chip with DG15. ``proven_by`` says which one proved the chip genuine
(``"chip_auth"``, ``"active_auth"`` or ``""``). A chip that fails either (a
copy: it answers, but not with the key the SOD vouches for) is FAILED whatever
passive authentication said. One that offers neither keeps the passive
verdict. One that offers a proof and withholds it (refuses CA, does not answer
the AA challenge) cannot be told from a copy that chose not to answer, nor from
a reader that cannot carry the answer: a GENUINE verdict drops to
NOT_VERIFIABLE (``chip_auth_refused`` / ``active_auth_refused`` in
``reasons``), so the form is still pre-filled and the officer sees it was not
proven.

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
from kiosk.identity.chip_auth import ChipAuthResult, chip_auth_result
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
READ_OPTIONS = ReadOptions(active_auth=True, chip_auth=True)
ProvenBy = Literal["chip_auth", "active_auth", ""]


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
    chip_auth: ChipAuthResult = ChipAuthResult.NOT_SUPPORTED
    chip_auth_apdus: int = 0  # MSE, GA and the check under the new keys (timings.chip_auth_s)
    proven_by: ProvenBy = ""  # what proved this is the issuer's chip, not a copy of its files
    dg13_state: Dg13State = "read"
    dg13_problems: tuple[int, ...] = ()  # DG13 field numbers whose value could not be used
    missing: tuple[str, ...] = ()  # identity fields the chip left empty: the citizen types them

    def __repr__(self) -> str:
        return (
            f"IdentityReading({self.protocol}, verdict={self.verdict.value},"
            f" chip_auth={self.chip_auth.value}, active_auth={self.active_auth.value},"
            f" proven_by={self.proven_by or '-'}, apdus={self.apdu_count},"
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
    chip = chip_auth_result(read.chip_auth, DG14 in check.groups_checked)
    active = _active_auth(read, groups)
    verdict, reasons, proven_by = _anti_clone(check.verdict, check.reasons, chip, active, groups)
    dg13, dg13_state = _dg13(groups)
    identity, differences = _identity(groups, dg13, verdict, today or date.today())
    logger.info(
        "identity read with %s: verdict %s, chip authentication %s, active authentication %s,"
        " proven by %s, %d APDU(s)",
        read.protocol,
        verdict.value,
        chip.value,
        active.value,
        proven_by or "nothing",
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
        chip_auth=chip,
        chip_auth_apdus=read.chip_auth.apdu_count if read.chip_auth else 0,
        proven_by=proven_by,
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


def _anti_clone(
    verdict: Verdict,
    reasons: tuple[str, ...],
    chip: ChipAuthResult,
    active: ActiveAuthResult,
    groups: Mapping[int, bytes],
) -> tuple[Verdict, tuple[str, ...], ProvenBy]:
    """The verdict after chip and active authentication, and which one proved the chip."""
    if chip is ChipAuthResult.FAILED:
        verdict, reasons = Verdict.FAILED, (*reasons, "chip_auth_failed")
    if active is ActiveAuthResult.FAILED:
        verdict, reasons = Verdict.FAILED, (*reasons, "active_auth_failed")
    if chip is ChipAuthResult.UNSUPPORTED:
        reasons = (*reasons, "chip_auth_unsupported")  # our limit, not the chip's doing
    if verdict is Verdict.FAILED:
        return verdict, reasons, ""
    if chip is ChipAuthResult.PASSED:
        return verdict, reasons, "chip_auth"
    if active is ActiveAuthResult.PASSED:
        return verdict, reasons, "active_auth"
    withheld = []
    if chip is ChipAuthResult.REFUSED:
        withheld.append("chip_auth_refused")
    if DG15 in groups:  # AA ran and got no signature (or could not run)
        withheld.append("active_auth_refused")
    if withheld and verdict is Verdict.GENUINE:
        verdict = Verdict.NOT_VERIFIABLE
    return verdict, (*reasons, *withheld), ""


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
