"""The chip's files, APDU answers, the card's QR and the printer's status bytes.

Seeds are the synthetic cards' own files (``kiosk.identity.synthetic``): a card
with RSA active authentication and ECDH chip authentication, one with ECDSA
AA, DH chip authentication, a flat DG13 and a JPEG 2000 portrait.
"""

# ruff: noqa: S311 - seeded, reproducible inputs; nothing here is a secret

from __future__ import annotations

import contextlib
import random
from datetime import date

from fuzz_targets.base import Target
from fuzz_targets.mutators import mutate_ber, mutate_bytes, text_mutator

from drivers.card.apdu import CommandApdu, MalformedApdu, ResponseApdu, complete_exchange
from drivers.card.icao import crypto, tlv
from drivers.card.icao.ca import ChipAuthError, chip_auth_options
from drivers.card.icao.cardaccess import PaceInfo, encode_card_access, parse_card_access
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.errors import ChipProtocolError, UnsupportedProtocol
from drivers.card.icao.files import ChunkPolicy, FileReader
from drivers.card.icao.sm import SecureMessaging, SessionKeys
from drivers.printer import escpos_status
from kiosk.identity import ber
from kiosk.identity.active import active_auth_algorithm, active_authenticate, parse_dg15
from kiosk.identity.card_qr import parse_card_qr
from kiosk.identity.dg2 import ImageFormat, parse_dg2, to_pillow
from kiosk.identity.dg13 import parse_dg13
from kiosk.identity.errors import BerError, MalformedData, QrTextError
from kiosk.identity.lds import EF_COM, EF_SOD, file_id, parse_com
from kiosk.identity.mrz import parse_dg1
from kiosk.identity.sod import parse_sod
from kiosk.identity.synthetic.card_files import AaKind, CaKind, build_card_files
from kiosk.identity.synthetic.citizens import make_citizen
from kiosk.identity.synthetic.pki import make_pki

TODAY = date(2026, 1, 1)
_MAX_WALK = 64  # a walker bound, not the parser's: the decoder itself never recurses


def _cards() -> list[dict[int, bytes]]:
    rng = random.Random(17)
    pki = make_pki()
    plain = build_card_files(make_citizen(rng), pki)
    other = build_card_files(
        make_citizen(rng),
        pki,
        face_format=ImageFormat.JPEG2000,
        active_auth=AaKind.ECDSA,
        chip_auth_kind=CaKind.DH_AES128,
        dg13_flat=True,
    )
    bare = build_card_files(make_citizen(rng), pki, chip_auth=False, active_auth=AaKind.NONE)
    return [plain.files, other.files, bare.files]


def _qr_texts() -> list[str]:
    rng = random.Random(18)
    pki = make_pki()
    return [build_card_files(make_citizen(rng), pki, active_auth=AaKind.NONE).qr_text]


# --- runners ----------------------------------------------------------------------------


def _walk_ber(data: bytes) -> None:
    stack = [(element, 0) for element in ber.decode_all(data)]
    while stack:
        element, depth = stack.pop()
        if element.constructed and depth < _MAX_WALK:
            stack.extend((child, depth + 1) for child in element.children())
        elif element.tag == ber.OID:
            ber.read_oid(element)
        elif element.tag == ber.INTEGER:
            ber.read_integer(element)
            ber.read_small_int(element, "INTEGER") if len(element.value) <= 8 else None
        elif ber.is_text(element):
            ber.read_text(element)
        _ = element.tag_class, element.number


def _walk_tlv(data: bytes) -> None:
    stack = [(item, 0) for item in tlv.iter_tlvs(data)]
    while stack:
        item, depth = stack.pop()
        if item.constructed and depth < _MAX_WALK:
            stack.extend((child, depth + 1) for child in item.children())
    tlv.find(data, 0x30)


def _dg2(data: bytes) -> None:
    to_pillow(parse_dg2(data))


def _dg14(data: bytes) -> None:
    """Both readers of DG14: chip authentication's (ChipAuthError) and AA's (MalformedData)."""
    with contextlib.suppress(ChipAuthError):
        chip_auth_options(data)
    with contextlib.suppress(MalformedData):
        active_auth_algorithm(data)


def _dg15(data: bytes) -> None:
    with contextlib.suppress(MalformedData):
        parse_dg15(data)
    # The judge must never raise: an unreadable DG15 is FAILED.
    active_authenticate(bytes(8), bytes(range(128)), data, None)


def _apdu(data: bytes) -> None:
    with contextlib.suppress(MalformedApdu):
        ResponseApdu.from_bytes(data)
    CommandApdu.parse(data)


_KEYS = {
    CipherKind.AES: (bytes(range(16)), bytes(range(16, 32))),
    CipherKind.TDES: (crypto.adjust_des_parity(bytes(range(16))), bytes(range(32, 48))),
}


def _session(cipher: CipherKind) -> SecureMessaging:
    k_enc, k_mac = _KEYS[cipher]
    return SecureMessaging(SessionKeys(cipher, k_enc, k_mac, ssc=0))


def _sm_unwrap(data: bytes) -> None:
    """``mode ‖ response``: mode bit 0 picks 3DES, bit 1 re-MACs the data objects.

    Re-MACing (as a twin session would) lets the mutated objects past the MAC to
    the padding, cipher-text and status-object checks behind it.
    """
    if not data:
        return
    mode, raw = data[0], data[1:]
    cipher = CipherKind.TDES if mode & 1 else CipherKind.AES
    response = ResponseApdu.from_bytes(raw)
    if mode & 2 and response.data:
        try:
            objects = [o for o in tlv.iter_tlvs(response.data) if o.tag != 0x8E]
        except tlv.TlvError:
            objects = None
        if objects is not None:
            twin = _session(cipher)
            twin._step()
            covered = b"".join(o.raw for o in objects)
            mac = twin._mac(covered)
            response = ResponseApdu(covered + tlv.encode(0x8E, mac), response.sw1, response.sw2)
    _session(cipher).unwrap(response)


def _sm_seed(cipher: CipherKind, payload: bytes, odd: bool = False) -> bytes:
    twin = _session(cipher)
    twin._step()
    block = cipher.block_size
    body = b""
    if payload:
        cipher_text = twin._encrypt(crypto.pad(payload, block))
        body = tlv.encode(0x85, cipher_text) if odd else tlv.encode(0x87, b"\x01" + cipher_text)
    body += tlv.encode(0x99, b"\x90\x00")
    body += tlv.encode(0x8E, twin._mac(body))
    mode = (1 if cipher is CipherKind.TDES else 0) | 2
    return bytes((mode,)) + body + b"\x90\x00"


class _ScriptedChip:
    """A channel whose answers are the fuzz input: one ``80``-tagged element per answer."""

    sm = None

    def __init__(self, answers: list[bytes]) -> None:
        self._answers = answers

    def send(self, command: CommandApdu, *, extended: bool = False) -> ResponseApdu:
        if not self._answers:
            return ResponseApdu.status(0x6F00)
        return ResponseApdu.from_bytes(self._answers.pop(0))


def _file_read(data: bytes) -> None:
    """SELECT and READ BINARY one file against a chip answering what the input says."""
    try:
        answers = [item.value for item in tlv.iter_tlvs(data)]
    except tlv.TlvError:
        return  # the bench's own framing of the answers, not the reader's
    if not answers or any(len(answer) < 2 for answer in answers):
        return
    reader = FileReader(_ScriptedChip(answers), ChunkPolicy(extended=answers[0][:1] == b"\x01"))
    reader.read(0x0101)


def _exchange(data: bytes) -> None:
    """A T=0 exchange (61xx / 6Cxx resolved) against answers the input gives."""
    try:
        answers = [item.value for item in tlv.iter_tlvs(data)]
    except tlv.TlvError:
        return
    if any(len(answer) < 2 for answer in answers):
        return
    chip = _ScriptedChip(answers)
    complete_exchange(lambda apdu: chip.send(CommandApdu.parse(apdu)), b"\x00\xb0\x00\x00\x00")


def _file_read_seeds(cards: list[dict[int, bytes]]) -> list[bytes]:
    """Answers of a plain chip to SELECT + READ BINARY of DG1, DG13 and EF.COM."""
    seeds = []
    for content in (cards[0][file_id(1)], cards[1][file_id(13)], cards[0][EF_COM]):
        answers = [b"\x90\x00"]
        answers += [content[at : at + 256] + b"\x90\x00" for at in range(0, len(content), 256)]
        seeds.append(b"".join(tlv.encode(0x80, answer) for answer in answers))
    # A chip that refuses long reads: 6700, then the header alone, then the rest.
    content = cards[0][file_id(1)]
    answers = [b"\x90\x00", b"\x67\x00", content[:8] + b"\x90\x00", content[8:] + b"\x62\x82"]
    seeds.append(b"".join(tlv.encode(0x80, answer) for answer in answers))
    return seeds


def _sm_mutate(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
    """Keep the mode byte and the status word; mutate the data objects between them."""
    if len(data) < 3 or rng.random() < 0.1:
        return mutate_bytes(rng, data, corpus)
    mode = data[0] ^ (rng.randrange(4) if rng.random() < 0.1 else 0)
    status = data[-2:] if rng.random() < 0.9 else bytes((rng.randrange(256), rng.randrange(256)))
    return bytes((mode,)) + mutate_ber(rng, data[1:-2], []) + status


def _card_qr(data: bytes) -> None:
    parse_card_qr(data.decode("utf-8", "replace"), today=TODAY)


def _printer_status(data: bytes) -> None:
    values: list[int | None] = [*data[:4]] + [None] * max(0, 4 - len(data))
    escpos_status.classify(*values)
    for value in values:
        escpos_status.printer_online(value)
        escpos_status.offline_cause(value)
        escpos_status.error_cause(value)
        escpos_status.roll_paper(value)


def targets() -> list[Target]:
    cards = _cards()
    every = [content for files in cards for content in files.values()]

    def group(dg: int) -> list[bytes]:
        return [files[file_id(dg)] for files in cards if file_id(dg) in files]

    card_access = encode_card_access(
        [PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13), PaceInfo("0.4.0.127.0.7.2.2.4.1.2", 2, 2)]
    )
    sm_seeds = [
        _sm_seed(cipher, payload, odd)
        for cipher in CipherKind
        for payload, odd in ((b"", False), (bytes(range(40)), False), (b"\x61\x02ab", True))
    ]
    com = [files[EF_COM] for files in cards]
    sod = [files[EF_SOD] for files in cards]
    small = [content for content in every if len(content) < 4096]
    return [
        Target("ber", [*small, card_access], _walk_ber, (BerError,), mutate_ber),
        Target("icao_tlv", [*small, card_access], _walk_tlv, (tlv.TlvError,), mutate_ber),
        Target("card_access", [card_access], parse_card_access, (tlv.TlvError,), mutate_ber),
        Target("ef_com", com, parse_com, (MalformedData,), mutate_ber),
        Target("dg1", group(1), parse_dg1, (MalformedData,), mutate_ber),
        Target("dg2", group(2), _dg2, (MalformedData,), mutate_ber),
        Target("dg13", group(13), parse_dg13, (BerError,), mutate_ber),
        Target("dg14", group(14), _dg14, (), mutate_ber),
        Target("dg15", group(15), _dg15, (), mutate_ber),
        Target("sod", sod, parse_sod, (MalformedData,), mutate_ber),
        Target(
            "apdu",
            [b"\x00\xa4\x02\x0c\x02\x01\x1e", b"\x90\x00", b"\x00\xb0\x00\x00\x00\x00\x00"],
            _apdu,
            (MalformedApdu,),
            mutate_bytes,
        ),
        Target(
            "file_read",
            _file_read_seeds(cards),
            _file_read,
            (ChipProtocolError, UnsupportedProtocol),
            mutate_ber,
        ),
        Target(
            "apdu_exchange",
            [
                tlv.encode(0x80, b"\x61\x10") + tlv.encode(0x80, bytes(16) + b"\x90\x00"),
                tlv.encode(0x80, b"\x6c\x08") + tlv.encode(0x80, bytes(8) + b"\x61\x00"),
            ],
            _exchange,
            (),
            mutate_ber,
        ),
        Target("sm_unwrap", sm_seeds, _sm_unwrap, (ChipProtocolError, MalformedApdu), _sm_mutate),
        Target(
            "card_qr",
            [t.encode() for t in _qr_texts()],
            _card_qr,
            (QrTextError,),
            text_mutator("|"),
        ),
        Target(
            "printer_status",
            [b"\x12\x12\x12\x12", b"\x16\x72\x1e\x7e"],
            _printer_status,
            (),
            mutate_bytes,
        ),
    ]
