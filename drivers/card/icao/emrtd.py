"""Read an eMRTD chip (the CCCD): authenticate, then read the LDS files under secure messaging.

Strategy, as the cards in the field need it (../shared/design/DOMAIN.md):

1. PACE, when a CAN is given or the chip offers PACE and the MRZ data is given:
   EF.CardAccess is selected directly (00 A4 02 0C 02 01 1C; some CCCD answer
   SELECT MF with 6D00), PACE runs, then the applet is selected under SM.
2. Otherwise, or when PACE fails (6982 on MSE:Set AT is seen on 2021 cards):
   the applet is selected again in plain and BAC runs with the MRZ data.
3. Files are read in the largest chunks that work (``files``). A chip that
   leaves secure messaging mid-read is authenticated again, a few times at most.
4. With ``ReadOptions(chip_auth=True)`` and a DG14 that offers it: chip
   authentication (``ca.py``) right after DG14 is read, before the other files,
   so that they come under the new keys. A chip that cannot answer under them
   (a copy without DG14's private key) is authenticated again without CA and
   the read goes on: the caller turns the FAILED exchange into its verdict.
5. With ``ReadOptions(active_auth=True)`` and DG15 read, unless chip
   authentication already decided (passed or failed): INTERNAL AUTHENTICATE
   with an 8-byte random challenge, under the same secure messaging (``aa.py``);
   the answer is checked against DG15 by the caller (``kiosk.identity``).

Only protocol names, counts, status words and durations are logged.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from drivers.card.apdu import CommandApdu
from drivers.card.icao.aa import CHALLENGE_LENGTH, ActiveAuthExchange, internal_authenticate
from drivers.card.icao.bac import authenticate_bac
from drivers.card.icao.ca import (
    ChipAuthError,
    ChipAuthExchange,
    ChipAuthOption,
    ChipAuthStatus,
    chip_auth_options,
    chip_authenticate,
)
from drivers.card.icao.cardaccess import PaceInfo, parse_card_access
from drivers.card.icao.channel import ChipChannel
from drivers.card.icao.errors import (
    CHECK_CAN,
    NEED_MRZ,
    ChipAccessDenied,
    ChipProtocolError,
    SecureMessagingAborted,
    UnsupportedProtocol,
)
from drivers.card.icao.files import (
    EF_CARD_ACCESS,
    EMRTD_AID,
    FILE_IDS,
    ChunkPolicy,
    FileReader,
    extended_length_in_atr,
)
from drivers.card.icao.keys import AccessKeys
from drivers.card.icao.pace import PacePassword, authenticate_pace
from drivers.card.icao.sm import SecureMessaging
from drivers.card.icao.tlv import TlvError
from drivers.card.port import CardConnection

logger = logging.getLogger(__name__)

Protocol = Literal["PACE", "BAC"]
DEFAULT_FILES = ("EF.COM", "EF.SOD", "DG1", "DG2", "DG13", "DG14", "DG15")
_PACE_FAILURES = (UnsupportedProtocol, ChipProtocolError, ChipAccessDenied)
# Chip authentication that passed or failed settles the clone question: no AA after it.
_CA_DECIDES = (ChipAuthStatus.PASSED, ChipAuthStatus.FAILED)
DG14_FID = FILE_IDS["DG14"]


@dataclass(frozen=True)
class ReadOptions:
    """How to read; the defaults suit the cards and readers seen so far."""

    extended_length: bool | None = None  # None: as the chip's ATR announces
    extended_le: int = 65536
    max_le: int | None = None  # a ceiling for every READ BINARY, e.g. for a capped reader
    try_pace: bool = True
    max_restarts: int = 3
    active_auth: bool = False  # INTERNAL AUTHENTICATE after the files, when DG15 was read
    chip_auth: bool = False  # chip authentication after DG14, when it offers it


@dataclass(frozen=True)
class ReadTimings:
    """Seconds: wall time of authentication, of reading, in all; CPU time of the reader thread.

    ``active_auth_s``: wall time of INTERNAL AUTHENTICATE, ``chip_auth_s`` of chip
    authentication and its check (0 when not run; inside ``total_s`` and ``reading_s``).
    """

    authentication_s: float
    reading_s: float
    total_s: float
    cpu_s: float
    active_auth_s: float = 0.0
    chip_auth_s: float = 0.0


@dataclass(frozen=True, repr=False)
class EmrtdRead:
    """What was read: file name -> bytes; skipped file name -> the chip's status word."""

    files: dict[str, bytes]
    protocol: Protocol
    apdu_count: int
    timings: ReadTimings
    skipped: dict[str, int] = field(default_factory=dict)
    extended_length: bool = False
    chunk: int = 0
    active_auth: ActiveAuthExchange | None = None  # None: not asked, or the chip has no DG15
    chip_auth: ChipAuthExchange | None = None  # None: not asked, or DG14 offers no CA

    def __repr__(self) -> str:
        sizes = {name: len(data) for name, data in self.files.items()}
        return f"EmrtdRead({self.protocol}, apdus={self.apdu_count}, sizes={sizes})"


def read_emrtd(
    connection: CardConnection,
    keys: AccessKeys,
    files: Sequence[str] = DEFAULT_FILES,
    options: ReadOptions = ReadOptions(),
    *,
    rng: Callable[[int], bytes] = os.urandom,
) -> EmrtdRead:
    """Authenticate to the chip on ``connection`` and read ``files`` (names of ``FILE_IDS``).

    Files the chip will not give (6982: protected, like DG3; 6A82: absent) are
    listed in ``skipped``. Raises ChipAccessDenied (which key to check),
    UnsupportedProtocol, ChipProtocolError / SecureMessagingError (never data
    that failed its MAC), or DeviceNeedsAttention when the card was taken off.
    """
    unknown = [name for name in files if name not in FILE_IDS]
    if unknown:
        raise ValueError(f"unknown LDS files: {unknown}")
    session = _Session(ChipChannel(connection), keys, options, rng)
    started, cpu_started = time.perf_counter(), time.thread_time()
    protocol = session.authenticate()
    authenticated = time.perf_counter()
    content, skipped = session.read_all(files, chip_auth=options.chip_auth)
    read = time.perf_counter()
    chip_auth = session.chip_auth
    decided = chip_auth is not None and chip_auth.status in _CA_DECIDES
    wants_aa = options.active_auth and "DG15" in content and not decided
    exchange = session.active_auth() if wants_aa else None
    finished = time.perf_counter()
    timings = ReadTimings(
        authenticated - started,
        read - authenticated,
        finished - started,
        time.thread_time() - cpu_started,
        exchange.seconds if exchange is not None else 0.0,
        chip_auth.seconds if chip_auth is not None else 0.0,
    )
    logger.info(
        "chip read with %s: %d file(s), %d APDU(s), %.0f ms",
        protocol,
        len(content),
        session.channel.apdu_count,
        timings.total_s * 1000,
    )
    return EmrtdRead(
        content,
        protocol,
        session.channel.apdu_count,
        timings,
        skipped,
        session.policy.extended,
        session.reader.policy.le(session.reader.short_max),
        exchange,
        chip_auth,
    )


class _Session:
    """One read: the channel, the keys, what was learned about the chip on the way."""

    def __init__(
        self,
        channel: ChipChannel,
        keys: AccessKeys,
        options: ReadOptions,
        rng: Callable[[int], bytes],
    ) -> None:
        self.channel = channel
        self.keys = keys
        self.options = options
        self.rng = rng
        extended = options.extended_length
        if extended is None:
            extended = extended_length_in_atr(channel.atr)
        self.policy = ChunkPolicy(extended, options.extended_le, options.max_le)
        self.reader = FileReader(channel, self.policy)
        self.pace_info: PaceInfo | None = None
        self.protocol: Protocol | None = None
        self.chip_auth: ChipAuthExchange | None = None
        self._ca_option: ChipAuthOption | None = None  # set once CA passed: run again on restarts
        self._dg14 = b""

    # -- authentication -------------------------------------------------------

    def authenticate(self) -> Protocol:
        """PACE if possible, else BAC; on a restart, the protocol that worked before."""
        self.channel.secure(None)
        pace_error: Exception | None = None
        if self.protocol != "BAC" and self.options.try_pace:
            try:
                self._pace()
            except _PACE_FAILURES as exc:
                logger.info("PACE failed (%s); trying BAC", type(exc).__name__)
                self.channel.secure(None)
                pace_error = exc
                if self.keys.mrz is None:
                    raise _without_mrz(exc) from exc
            else:
                self.protocol = "PACE"
                self._chip_auth_again()  # outside the try: a CA fault is no reason for BAC
                return "PACE"
        if self.keys.mrz is None:
            raise UnsupportedProtocol("PACE is switched off and no MRZ data was given", NEED_MRZ)
        self._select_applet()
        try:
            sm = SecureMessaging(authenticate_bac(self.channel, self.keys.mrz, self.rng))
        except ChipAccessDenied as exc:
            if isinstance(pace_error, ChipAccessDenied) and pace_error.key == "CAN":
                raise ChipAccessDenied("CAN and MRZ") from exc
            raise
        self.channel.secure(sm)
        self.protocol = "BAC"
        self._chip_auth_again()
        return "BAC"

    def _pace(self) -> None:
        info = self.pace_info or self._choose_pace_info()
        if self.keys.can is not None:
            password = PacePassword.from_can(self.keys.can)
        elif self.keys.mrz is not None:
            password = PacePassword.from_mrz(self.keys.mrz)
        else:  # AccessKeys refuses this; kept for the type checker
            raise UnsupportedProtocol("No CAN and no MRZ data to open the chip with", CHECK_CAN)
        session_keys = authenticate_pace(self.channel, password, info, rng=self.rng)
        self.pace_info = info
        self.channel.secure(SecureMessaging(session_keys))
        self._select_applet()

    def _choose_pace_info(self) -> PaceInfo:
        content, sw = FileReader(self.channel, ChunkPolicy(extended=False)).read(EF_CARD_ACCESS)
        if content is None:
            raise UnsupportedProtocol(f"The chip has no EF.CardAccess (SW {sw:04X}): no PACE")
        try:
            infos = parse_card_access(content)
        except TlvError as exc:
            raise ChipProtocolError("The chip's EF.CardAccess is malformed") from exc
        supported = [info for info in infos if info.supported]
        if not supported:
            offered = ", ".join(info.describe() for info in infos) or "nothing"
            raise UnsupportedProtocol(
                f"The chip offers PACE only as {offered}, which this kiosk does not support",
                NEED_MRZ,
            )
        return supported[0]

    def _select_applet(self) -> None:
        answer = self.channel.send(CommandApdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
        if not answer.ok:
            raise ChipProtocolError(
                f"The card has no ICAO eMRTD application (SW {answer.sw:04X})",
                "check that this is a chip ID card (CCCD) and place it again",
            )

    # -- chip authentication ---------------------------------------------------

    def run_chip_auth(self, dg14: bytes) -> None:
        """CA with DG14's key, right after DG14 was read (it is still the selected file)."""
        try:
            options = chip_auth_options(dg14)
        except ChipAuthError as exc:
            logger.info("chip authentication not run: %s", exc)
            self.chip_auth = ChipAuthExchange(ChipAuthStatus.UNUSABLE, "")
            return
        if not options:
            return  # DG14 without CA (say, only the AA algorithm): nothing to run
        option = options[0]
        exchange = chip_authenticate(self.channel, option, dg14, rng=self.rng)
        self.chip_auth = exchange
        logger.info(
            "chip authentication %s: %s, SW %04X, %d APDU(s), %.0f ms",
            exchange.protocol,
            exchange.status.value,
            exchange.sw,
            exchange.apdu_count,
            exchange.seconds * 1000,
        )
        if exchange.passed:
            self._ca_option, self._dg14 = option, dg14
        elif self.channel.sm is None or self.channel.sm.aborted:
            # A copy (or a chip that left SM refusing): read on under PACE or BAC keys.
            self.authenticate()

    def _chip_auth_again(self) -> None:
        """After a restart, CA again: the rest of the files must come under its keys too."""
        option = self._ca_option
        if option is None:
            return
        again = chip_authenticate(self.channel, option, self._dg14, rng=self.rng, reselect=DG14_FID)
        if not again.passed:
            logger.info("chip authentication %s on a restart", again.status.value)
            self._ca_option = None
            self.chip_auth = again if again.status is ChipAuthStatus.FAILED else self.chip_auth
            self.authenticate()

    # -- active authentication -------------------------------------------------

    def active_auth(self) -> ActiveAuthExchange:
        """INTERNAL AUTHENTICATE with a fresh challenge, under this session's secure messaging."""
        if self.channel.sm is None or self.channel.sm.aborted:
            self.authenticate()  # read_all leaves SM on; kept for a chip that left it at the end
        exchange = internal_authenticate(
            self.channel, self.rng(CHALLENGE_LENGTH), extended=self.policy.extended
        )
        # The status word only: challenge and signature are no use in a log.
        logger.info(
            "INTERNAL AUTHENTICATE: SW %04X, %d APDU(s), %.0f ms",
            exchange.sw,
            exchange.apdu_count,
            exchange.seconds * 1000,
        )
        return exchange

    # -- files ----------------------------------------------------------------

    def read_all(
        self, names: Sequence[str], *, chip_auth: bool = False
    ) -> tuple[dict[str, bytes], dict[str, int]]:
        """Read ``names``; with ``chip_auth``, DG14 first and chip authentication after it."""
        content: dict[str, bytes] = {}
        skipped: dict[str, int] = {}
        restarts = 0
        pending = list(names)
        if chip_auth and "DG14" in pending:
            pending.remove("DG14")
            pending.insert(0, "DG14")
        while pending:
            name = pending[0]
            try:
                data, sw = self.reader.read(FILE_IDS[name])
            except SecureMessagingAborted:
                restarts += 1
                if restarts > self.options.max_restarts:
                    raise
                logger.info("chip left secure messaging; authenticating again")
                self.authenticate()
                continue
            if data is None:
                skipped[name] = sw
            else:
                content[name] = data
            pending.pop(0)
            if chip_auth and name == "DG14" and data is not None and self.chip_auth is None:
                self.run_chip_auth(data)
        return content, skipped


def _without_mrz(exc: Exception) -> Exception:
    """The error to show when PACE failed and there is no MRZ data to try BAC with."""
    if isinstance(exc, ChipAccessDenied):
        return exc
    if isinstance(exc, UnsupportedProtocol):
        return UnsupportedProtocol(exc.message, NEED_MRZ)
    assert isinstance(exc, ChipProtocolError)
    return ChipProtocolError(exc.message, f"{exc.fix}; if it fails again, {NEED_MRZ}")


__all__ = [
    "CHECK_CAN",
    "DEFAULT_FILES",
    "ActiveAuthExchange",
    "EmrtdRead",
    "ReadOptions",
    "ReadTimings",
    "read_emrtd",
]
