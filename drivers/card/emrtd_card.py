"""A simulated CCCD chip: an ICAO 9303 eMRTD in software, for vpcd and the tests.

    card = EmrtdCard({0x011E: ef_com, 0x011D: sod, 0x0101: dg1, ...},
                     can="123456", mrz=MrzKey.from_cccd(id_number, dob, doe),
                     active_auth=card_files.aa_signer())  # answers INTERNAL AUTHENTICATE
    with SimulatedCardStation(card, daemon=pcscd_daemon) as station: ...

It offers PACE (ECDH generic mapping; brainpoolP256r1 with AES-128 unless
``pace`` says otherwise; EF.CardAccess is built from that) and BAC (3DES), then
serves the LDS files it was given under secure messaging, and answers INTERNAL
AUTHENTICATE (active authentication) with ``active_auth``, a function that
signs the 8-byte challenge with the key of DG15 (the signature format is the
data side's: ``kiosk.identity.active.sign_active_auth``). Like the CCCD seen in
the field it answers SELECT MF with 6D00. With ``chip_auth`` (the private key
behind DG14) it runs chip authentication over PACE or BAC and restarts secure
messaging under the new keys. ``ChipBehaviour`` makes it misbehave the ways
real chips and readers do. The protocol code is in ``emrtd_auth``, ``emrtd_ca``
and ``emrtd_sm``; this module is the file system, the access rules and the faults.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric import ec

from drivers.card.apdu import SHORT_NE_MAX, CommandApdu, ResponseApdu, StatusWord
from drivers.card.emrtd_auth import BacResponder, PaceConfig, PaceResponder
from drivers.card.emrtd_ca import ChipAuthPrivateKey, ChipAuthResponder
from drivers.card.emrtd_sm import ChipSession, SmViolation
from drivers.card.icao.cardaccess import encode_card_access
from drivers.card.icao.keys import MrzKey
from drivers.card.softcard import (
    MF_FID,
    DedicatedFile,
    ElementaryFile,
    FileSystemCard,
    make_atr,
)

logger = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")
EF_CARD_ACCESS = 0x011C
DG3, DG4 = 0x0103, 0x0104
CONDITIONS_NOT_SATISFIED = 0x6985
SM_MISSING = 0x6988
DEFAULT_PACE = PaceConfig()  # brainpoolP256r1, AES-128
INS_INTERNAL_AUTHENTICATE = 0x88
AA_CHALLENGE = 8

# Signs an INTERNAL AUTHENTICATE challenge with the chip's AA private key.
ActiveAuthSigner = Callable[[bytes], bytes]


class CaFault(StrEnum):
    """How the simulated chip gets chip authentication wrong."""

    WRONG_KEY = "wrong_key"  # a copied chip: DG14's public key, another private key
    NOT_SUPPORTED = "not_supported"  # MSE:Set AT / Set KAT for CA -> 6A88
    VERSION_2 = "version_2"  # GA answered with a nonce and a token, as TR-03110 CA version 2


class AaFault(StrEnum):
    """How the simulated chip gets active authentication wrong."""

    WRONG_SIGNATURE = "wrong_signature"  # a copied chip without the private key
    NOT_SUPPORTED = "not_supported"  # INTERNAL AUTHENTICATE -> 6D00


@dataclass(frozen=True)
class ChipBehaviour:
    """How the simulated chip departs from the happy path (the defaults: a CCCD that works)."""

    refuse_pace: bool = False  # MSE:Set AT -> 6982, as some 2021 cards; BAC still works
    select_mf_sw: int = 0x6D00  # the answer to SELECT MF (9000 to allow it)
    extended_length: bool = True  # take extended-length APDUs and say so in the ATR
    max_read: int | None = None  # at most this many data bytes per READ BINARY (with 9000)
    wrong_length_above: int | None = None  # READ BINARY with a larger Le -> 6700
    corrupt_mac_ins: int | None = None  # flip a bit of the MAC of protected answers to this INS
    protected_fids: frozenset[int] = frozenset({DG3, DG4})  # need EAC: 6982
    active_auth_fault: AaFault | None = None
    chip_auth_fault: CaFault | None = None


def chip_atr(extended_length: bool) -> bytes:
    """An ATR whose card capabilities (ISO 7816-4) announce extended length, or not."""
    capabilities = bytes((0x80, 0x21, 0x40 if extended_length else 0x00))
    return make_atr(b"\x80\x73" + capabilities)


class EmrtdCard(FileSystemCard):
    """The simulated chip. ``files`` maps file ids of the eMRTD applet to their content.

    ``rng`` gives its random numbers (BAC: RND.IC then K.IC; PACE: the nonce, then
    SK_map and SK_DH): tests pass the worked examples' values. ``on_read`` is
    called with the count of READ BINARY served so far, before each one (tests
    take the card off the reader from there).
    """

    def __init__(
        self,
        files: Mapping[int, bytes],
        *,
        can: str,
        mrz: MrzKey,
        pace: PaceConfig | None = DEFAULT_PACE,
        behaviour: ChipBehaviour = ChipBehaviour(),
        rng: Callable[[int], bytes] = os.urandom,
        on_read: Callable[[int], None] | None = None,
        active_auth: ActiveAuthSigner | None = None,
        chip_auth: ChipAuthPrivateKey | None = None,
    ) -> None:
        applet = DedicatedFile(EMRTD_AID, tuple(ElementaryFile(f, d) for f, d in files.items()))
        mf_files: tuple[ElementaryFile, ...] = ()
        if pace is not None:
            mf_files = (ElementaryFile(EF_CARD_ACCESS, encode_card_access([pace.info])),)
        super().__init__([applet], mf_files, atr=chip_atr(behaviour.extended_length))
        self.behaviour = behaviour
        self._bac = BacResponder(mrz, rng)
        self._pace = PaceResponder(pace, can, mrz, rng) if pace is not None else None
        self.session: ChipSession | None = None
        self.reads = 0
        self._on_read = on_read
        self._aa_signer = active_auth
        self.aa_challenges = 0  # INTERNAL AUTHENTICATE answered with a signature
        self._ca = _chip_auth_responder(chip_auth, behaviour.chip_auth_fault)
        self._next_session: ChipSession | None = None  # after CA: from the next command on
        self.register(0x84, self._get_challenge)
        self.register(0x82, self._external_authenticate)
        self.register(0x22, self._manage_security_environment)
        self.register(0x86, self._general_authenticate)
        self.register(INS_INTERNAL_AUTHENTICATE, self._internal_authenticate)

    # -- state ------------------------------------------------------------------

    def reset(self) -> None:
        super().reset()
        self.session = None
        self._next_session = None
        if self._pace is not None:
            self._pace.reset()
        if self._ca is not None:
            self._ca.reset()

    def accepts_cla(self, cla: int) -> bool:
        return cla in (0x00, 0x10)  # 10: command chaining, for GENERAL AUTHENTICATE

    # -- the secure-messaging envelope ------------------------------------------

    def process(self, command: CommandApdu) -> ResponseApdu:
        if command.is_extended and not self.behaviour.extended_length:
            # A chip without extended length fails below secure messaging: plain, and SM is gone.
            self.session = None
            return ResponseApdu.status(StatusWord.WRONG_LENGTH)
        if not command.cla & 0x0C:
            if self.session is not None:
                logger.debug("plain APDU during secure messaging: session closed")
                self.session = None  # ICAO 9303-11 §9.8: a plain APDU aborts SM
            return super().process(command)
        session = self.session
        if session is None:
            return ResponseApdu.status(SM_MISSING)
        try:
            inner = session.open_command(command)
        except SmViolation as exc:
            self.session = None
            return ResponseApdu.status(exc.sw)
        response = super().process(inner)
        if self.session is not session:  # the command ended the session (none do today)
            return response
        response = self._fit(response, command.ne or SHORT_NE_MAX, session.block)
        corrupt = self.behaviour.corrupt_mac_ins == inner.ins
        sealed = session.seal(response, corrupt=corrupt)
        if self._next_session is not None:  # CA done: its answer went out under the old keys
            self.session, self._next_session = self._next_session, None
        return sealed

    @staticmethod
    def _fit(response: ResponseApdu, outer_ne: int, block: int) -> ResponseApdu:
        """6700 when the sealed answer would not fit in the Le of the protected command."""
        if ChipSession.sealed_size(len(response.data), block) > outer_ne:
            return ResponseApdu.status(StatusWord.WRONG_LENGTH)
        return response

    # -- files ------------------------------------------------------------------

    def select(self, command: CommandApdu) -> ResponseApdu:
        selects_mf = command.p1 == 0x00 and command.data in (b"", MF_FID.to_bytes(2, "big"))
        if selects_mf and self.behaviour.select_mf_sw != StatusWord.NO_ERROR:
            return ResponseApdu.status(self.behaviour.select_mf_sw)
        return super().select(command)

    def read_binary(self, command: CommandApdu) -> ResponseApdu:
        if self._on_read is not None:
            self._on_read(self.reads)
        self.reads += 1
        target = self.current_ef
        if command.p1 & 0x80:
            target = self.current_df.find_sfi(command.p1 & 0x1F)
        if target is not None and not self._readable(target.fid):
            return ResponseApdu.status(StatusWord.SECURITY_NOT_SATISFIED)
        limit = self.behaviour.wrong_length_above
        if command.ne is not None and limit is not None and command.ne > limit:
            return ResponseApdu.status(StatusWord.WRONG_LENGTH)
        cap = self.behaviour.max_read
        if command.ne is not None and cap is not None and command.ne > cap:
            command = replace(command, ne=cap)
        return super().read_binary(command)

    def _readable(self, fid: int) -> bool:
        if self.current_df is self.master_file:
            return True  # EF.CardAccess (and EF.ATR/INFO) are free to read
        return self.session is not None and fid not in self.behaviour.protected_fids

    # -- authentication -----------------------------------------------------------

    def _get_challenge(self, command: CommandApdu) -> ResponseApdu:
        if self.current_df is self.master_file or self.session is not None:
            return ResponseApdu.status(CONDITIONS_NOT_SATISFIED)
        return self._bac.get_challenge(command)

    def _external_authenticate(self, command: CommandApdu) -> ResponseApdu:
        if self.session is not None:
            return ResponseApdu.status(CONDITIONS_NOT_SATISFIED)
        response, session = self._bac.external_authenticate(command)
        self._start(session, "BAC")
        return response

    def _manage_security_environment(self, command: CommandApdu) -> ResponseApdu:
        if self.session is not None and (command.p1, command.p2) in ((0x41, 0xA4), (0x41, 0xA6)):
            return self._chip_auth_mse(command)
        if (command.p1, command.p2) != (0xC1, 0xA4) or self.session is not None:
            return ResponseApdu.status(StatusWord.INCORRECT_P1P2)
        if self._pace is None or self.behaviour.refuse_pace:
            return ResponseApdu.status(StatusWord.SECURITY_NOT_SATISFIED)
        return self._pace.set_at(command)

    def _general_authenticate(self, command: CommandApdu) -> ResponseApdu:
        if self.session is not None and self._ca is not None and self._ca.pending:
            response, session = self._ca.general_authenticate(command)
            self._next_session = session
            return response
        if self._pace is None or self.session is not None:
            return ResponseApdu.status(CONDITIONS_NOT_SATISFIED)
        response, session = self._pace.general_authenticate(command)
        self._start(session, "PACE")
        return response

    def _chip_auth_mse(self, command: CommandApdu) -> ResponseApdu:
        """MSE:Set AT (41 A4) or Set KAT (41 A6) for chip authentication, under SM only."""
        if self._ca is None:
            return ResponseApdu.status(0x6A88)  # no CA key: reference data not found
        if command.p2 == 0xA4:
            return self._ca.set_at(command)
        response, session = self._ca.set_kat(command)
        self._next_session = session
        return response

    @property
    def chip_auth_runs(self) -> int:
        """Chip authentications completed (new session keys handed over)."""
        return self._ca.runs if self._ca is not None else 0

    def _start(self, session: ChipSession | None, protocol: str) -> None:
        # The session takes effect from the next command: this answer goes out plain.
        if session is not None:
            logger.debug("simulated chip: %s done, secure messaging on", protocol)
            self.session = session

    def _internal_authenticate(self, command: CommandApdu) -> ResponseApdu:
        """Active authentication: sign the terminal's challenge (only under secure messaging)."""
        fault = self.behaviour.active_auth_fault
        if self._aa_signer is None or fault is AaFault.NOT_SUPPORTED:
            return ResponseApdu.status(StatusWord.INS_NOT_SUPPORTED)
        if self.session is None or self.current_df is self.master_file:
            return ResponseApdu.status(StatusWord.SECURITY_NOT_SATISFIED)
        if (command.p1, command.p2) != (0, 0):
            return ResponseApdu.status(StatusWord.INCORRECT_P1P2)
        if len(command.data) != AA_CHALLENGE:
            return ResponseApdu.status(StatusWord.WRONG_LENGTH)
        challenge = command.data
        if fault is AaFault.WRONG_SIGNATURE:
            # A copy of the data without the key: it can only sign something else.
            challenge = bytes((challenge[0] ^ 0xFF,)) + challenge[1:]
        signature = self._aa_signer(challenge)
        self.aa_challenges += 1
        if command.ne is not None and len(signature) > command.ne:
            return ResponseApdu.status(StatusWord.WRONG_LENGTH)
        return ResponseApdu.status(StatusWord.NO_ERROR, signature)


def _chip_auth_responder(
    key: ChipAuthPrivateKey | None, fault: CaFault | None
) -> ChipAuthResponder | None:
    """The CA side of the chip; a copy holds another key; a chip without CA has none."""
    if key is None or fault is CaFault.NOT_SUPPORTED:
        return None
    if fault is CaFault.WRONG_KEY:
        if isinstance(key, ec.EllipticCurvePrivateKey):
            key = ec.generate_private_key(key.curve)
        else:
            key = key.with_other_exponent()
    return ChipAuthResponder(key, version_2=fault is CaFault.VERSION_2)
