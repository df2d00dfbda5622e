"""The files of a synthetic chip card: EF.COM, DG1, DG2, DG13, DG14, DG15 and EF.SOD.

:func:`build_card_files` writes what the simulated card serves (keyed by file
id), with the keys the card's protocol side needs: the CAN and MRZ triple that
open it, the active authentication key that answers INTERNAL AUTHENTICATE, the
chip authentication key behind DG14. :func:`tamper` changes one data group
without touching the SOD, for the "tampered → FAILED" tests.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from drivers.card.emrtd_ca import ChipAuthPrivateKey, DhPrivateKey
from kiosk.identity import ber, der
from kiosk.identity.access import NO_EXPIRY_MRZ, MrzKey, can_from_id_number, mrz_keys
from kiosk.identity.active import sign_active_auth
from kiosk.identity.algorithms import OID_OF_HASH
from kiosk.identity.card_qr import CardQr, format_card_qr
from kiosk.identity.dg2 import ImageFormat, encode_dg2
from kiosk.identity.dg13 import Field, encode_dg13
from kiosk.identity.lds import COM_TAG, DG_TAGS, EF_COM, EF_SOD, SOD_TAG, file_id
from kiosk.identity.mapping import fold
from kiosk.identity.mrz import encode_dg1, format_td1
from kiosk.identity.sod import LDS_SECURITY_OBJECT
from kiosk.identity.synthetic.citizens import Citizen
from kiosk.identity.synthetic.face import HEIGHT, WIDTH, draw_face, encode_face
from kiosk.identity.synthetic.pki import PrivateKey, TestPki, sign_cms

ACTIVE_AUTHENTICATION_INFO = "2.23.136.1.1.5"
ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"
ID_PK_DH = "0.4.0.127.0.7.2.2.1.1"
ID_PK_ECDH = "0.4.0.127.0.7.2.2.1.2"
ID_CA_ECDH_AES_CBC_CMAC_128 = "0.4.0.127.0.7.2.2.3.2.2"
DH_PUBLIC_NUMBER = "1.2.840.10046.2.1"
# RFC 5114 §2.1: the 1024-bit MODP group with a 160-bit prime order subgroup (ICAO
# standardized domain parameters id 0); the tests check g^q = 1 mod p.
RFC5114_P = int(
    "B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D18"
    "9838EF1E2EE652C013ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A7372"
    "4EFFD6FAE5644738FAA31A4FF55BCCC0A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708"
    "DF1FB2BC2E4A4371",
    16,
)
RFC5114_G = int(
    "A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B"
    "777E690F5504F213160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76"
    "A6A24C087A091F531DBF0A0169B6A28AD662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24"
    "855E6EEB22B3B2E5",
    16,
)
RFC5114_Q = int("F518AA8781A8DF278ABA4E7D64B7CB9D49462353", 16)
DG13_OID = "2.25.1"  # a placeholder: the real cards' OID is not known (DOMAIN.md)


class CaKind(StrEnum):
    """The chip authentication a synthetic card offers in DG14 (key agreement, cipher)."""

    ECDH_AES128 = "0.4.0.127.0.7.2.2.3.2.2"  # what the Vietnamese card is expected to use
    ECDH_AES192 = "0.4.0.127.0.7.2.2.3.2.3"
    ECDH_AES256 = "0.4.0.127.0.7.2.2.3.2.4"
    ECDH_3DES = "0.4.0.127.0.7.2.2.3.2.1"
    DH_AES128 = "0.4.0.127.0.7.2.2.3.1.2"
    DH_3DES = "0.4.0.127.0.7.2.2.3.1.1"

    @property
    def agreement(self) -> str:
        return "DH" if self.value.split(".")[-2] == "1" else "ECDH"


class AaKind(StrEnum):
    NONE = "none"
    RSA = "rsa"
    ECDSA = "ecdsa"


@dataclass(frozen=True)
class CardFiles:
    """Everything a simulated card needs to be read like the real one."""

    files: dict[int, bytes] = field(repr=False)
    can: str
    mrz_keys: MrzKey
    qr_text: str
    aa_key: PrivateKey | None = None
    chip_auth_key: ChipAuthPrivateKey | None = None
    groups: tuple[int, ...] = field(default=())

    def group(self, dg: int) -> bytes:
        return self.files[file_id(dg)]

    def aa_signer(self) -> Callable[[bytes], bytes] | None:
        """What the simulated chip answers INTERNAL AUTHENTICATE with (None: no AA key).

        ECDSA signs with the hash DG14 names (SHA-256 here); RSA with ISO/IEC 9796-2 SHA-1.
        """
        key = self.aa_key
        if key is None:
            return None
        return lambda challenge: sign_active_auth(key, challenge)


def build_card_files(
    citizen: Citizen,
    pki: TestPki,
    *,
    face_format: ImageFormat = ImageFormat.JPEG,
    active_auth: AaKind = AaKind.RSA,
    chip_auth: bool = True,
    chip_auth_kind: CaKind = CaKind.ECDH_AES128,
    hash_algorithm: hashes.HashAlgorithm | None = None,
    signer_key: PrivateKey | None = None,
    no_expiry_mrz: str = NO_EXPIRY_MRZ[0],
    dg13_flat: bool = False,
) -> CardFiles:
    """The card's files for ``citizen``, the SOD signed by ``pki``'s DSC.

    ``chip_auth`` puts a chip authentication key in DG14 (``chip_auth_kind`` says
    which agreement and cipher; the private key is ``CardFiles.chip_auth_key``).
    ``dg13_flat`` writes DG13's multi-valued fields flat (``{13, father, mother}``,
    as an independent card does) instead of nested (``{13, SEQUENCE {father, mother}}``).
    ``signer_key`` signs the SOD instead of the DSC's key (a wrong-signature card).
    ``no_expiry_mrz`` is what the MRZ's expiry field holds for a card without expiry
    (*unconfirmed* on real cards: see :data:`kiosk.identity.access.NO_EXPIRY_MRZ`).
    """
    keys = mrz_keys(citizen.id_number, citizen.date_of_birth, citizen.expiry_date)[0]
    if citizen.expiry_date is None:
        keys = MrzKey(keys.document_number, keys.date_of_birth, no_expiry_mrz)
    groups: dict[int, bytes] = {
        1: encode_dg1(mrz_for(citizen, keys)),
        2: _dg2(citizen, face_format),
        13: encode_dg13(dg13_values(citizen), oid=DG13_OID, flat=dg13_flat),
    }
    chip_key = chip_auth_private_key(chip_auth_kind) if chip_auth else None
    aa_key: PrivateKey | None = None
    if active_auth is AaKind.RSA:
        # 1024 bits, as the AA keys of many issued cards: a simulated chip, not a secret.
        aa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505
    elif active_auth is AaKind.ECDSA:
        aa_key = ec.generate_private_key(ec.SECP256R1())
    if chip_key is not None or active_auth is AaKind.ECDSA:
        groups[14] = encode_dg14(
            chip_key,
            ECDSA_PLAIN_SHA256 if active_auth is AaKind.ECDSA else None,
            ca_oid=chip_auth_kind.value,
        )
    if aa_key is not None:
        groups[15] = encode_dg15(aa_key.public_key())
    files = {file_id(dg): content for dg, content in groups.items()}
    files[EF_COM] = encode_com(sorted(groups))
    files[EF_SOD] = build_sod(groups, pki, hash_algorithm, signer_key=signer_key)
    return CardFiles(
        files=files,
        can=can_from_id_number(citizen.id_number),
        mrz_keys=keys,
        qr_text=format_card_qr(card_qr(citizen)),
        aa_key=aa_key,
        chip_auth_key=chip_key,
        groups=tuple(sorted(groups)),
    )


def mrz_for(citizen: Citizen, keys: MrzKey) -> str:
    """The TD1 MRZ printed on the back of ``citizen``'s card (and stored in DG1)."""
    given = fold(citizen.middle_and_given)
    return format_td1(
        document_number=keys.document_number,
        optional_data_1=citizen.id_number,
        date_of_birth=keys.date_of_birth,
        sex="M" if citizen.sex == "Nam" else "F",
        date_of_expiry=keys.date_of_expiry,
        primary=fold(citizen.surname),
        secondary=given,
    )


def _dg2(citizen: Citizen, face_format: ImageFormat) -> bytes:
    picture = draw_face(int(citizen.id_number))
    return encode_dg2(encode_face(picture, face_format), WIDTH, HEIGHT, face_format)


def _dmy(day: date | None) -> str:
    return "Không thời hạn" if day is None else f"{day:%d/%m/%Y}"


def dg13_values(citizen: Citizen) -> dict[int, str | tuple[str, ...]]:
    """DG13 field values for ``citizen``, numbered as DOMAIN.md lists them."""
    values: dict[int, str | tuple[str, ...]] = {
        Field.ID_NUMBER: citizen.id_number,
        Field.FULL_NAME: citizen.full_name,
        Field.DATE_OF_BIRTH: _dmy(citizen.date_of_birth),
        Field.SEX: citizen.sex,
        Field.NATIONALITY: citizen.nationality,
        Field.ETHNICITY: citizen.ethnicity,
        Field.RELIGION: citizen.religion,
        Field.PLACE_OF_ORIGIN: citizen.place_of_origin,
        Field.PLACE_OF_RESIDENCE: citizen.place_of_residence,
        Field.IDENTIFYING_MARKS: citizen.identifying_marks,
        Field.ISSUE_DATE: _dmy(citizen.issue_date),
        Field.EXPIRY_DATE: _dmy(citizen.expiry_date),
        Field.PARENTS: (citizen.father_name, citizen.mother_name),
        Field.FIELD_16: f"{int(citizen.id_number) * 7919 % (1 << 64):016X}",
    }
    if citizen.spouse_name:
        values[Field.SPOUSE] = (citizen.spouse_name,)
    if citizen.old_id_number:
        values[Field.OLD_ID_NUMBER] = citizen.old_id_number
    return values


def card_qr(citizen: Citizen) -> CardQr:
    """What the QR printed on ``citizen``'s card says (the 2024 layout: 11 fields)."""
    return CardQr(
        id_number=citizen.id_number,
        old_id_number=citizen.old_id_number,
        full_name=citizen.full_name,
        date_of_birth=citizen.date_of_birth,
        sex=citizen.sex,
        place_of_residence=citizen.place_of_residence,
        issue_date=citizen.issue_date,
        extra=("", "", "", ""),
    )


def encode_com(groups: list[int]) -> bytes:
    """EF.COM for LDS 1.7, Unicode 4.0.0, listing ``groups``."""
    tags = bytes(DG_TAGS[dg] for dg in groups)
    body = der.tlv(0x5F01, b"0107") + der.tlv(0x5F36, b"040000") + der.tlv(0x5C, tags)
    return der.tlv(COM_TAG, body)


def chip_auth_private_key(kind: CaKind) -> ChipAuthPrivateKey:
    """A fresh static CA key for ``kind``: P-256, or the RFC 5114 1024-bit DH group."""
    if kind.agreement == "ECDH":
        return ec.generate_private_key(ec.SECP256R1())
    exponent = 2 + secrets.randbelow(RFC5114_Q - 3)
    return DhPrivateKey(RFC5114_P, RFC5114_G, RFC5114_Q, exponent)


def encode_dg14(
    chip_key: ChipAuthPrivateKey | None,
    aa_algorithm: str | None,
    *,
    ca_oid: str = ID_CA_ECDH_AES_CBC_CMAC_128,
    ca_info: bool = True,
) -> bytes:
    """DG14 SecurityInfos: chip authentication and, for ECDSA AA, its algorithm.

    The CA key as ChipAuthenticationPublicKeyInfo, and ChipAuthenticationInfo naming
    ``ca_oid`` (left out with ``ca_info=False``: then 3DES is implied, ICAO 9303-11 §9.2.5).
    """
    infos: list[bytes] = []
    if chip_key is not None:
        infos.append(_ca_public_key_info(chip_key))
        if ca_info:
            infos.append(der.sequence(der.oid(ca_oid), der.integer(1)))
    if aa_algorithm is not None:
        infos.append(
            der.sequence(der.oid(ACTIVE_AUTHENTICATION_INFO), der.integer(1), der.oid(aa_algorithm))
        )
    return der.tlv(0x6E, der.set_of(*infos))


def _ca_public_key_info(key: ChipAuthPrivateKey) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        spki = key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        return der.sequence(der.oid(ID_PK_ECDH), spki)
    parameters = der.sequence(der.integer(key.p), der.integer(key.g), der.integer(key.q))
    public = der.tlv(ber.BIT_STRING, b"\x00" + der.integer(key.y))
    spki = der.sequence(der.algorithm(DH_PUBLIC_NUMBER, parameters), public)
    return der.sequence(der.oid(ID_PK_DH), spki)


def encode_dg15(public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey) -> bytes:
    spki = public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return der.tlv(0x6F, spki)


def build_sod(
    groups: Mapping[int, bytes],
    pki: TestPki,
    hash_algorithm: hashes.HashAlgorithm | None = None,
    *,
    signer_key: PrivateKey | None = None,
) -> bytes:
    """EF.SOD over ``groups`` ({dg: file bytes}), signed with the DSC (or ``signer_key``)."""
    algorithm = hash_algorithm or hashes.SHA256()
    entries = []
    for dg, content in sorted(groups.items()):
        digest = hashes.Hash(algorithm)
        digest.update(content)
        entries.append(der.sequence(der.integer(dg), der.octets(digest.finalize())))
    security_object = der.sequence(
        der.integer(0), der.algorithm(OID_OF_HASH[algorithm.name]), der.sequence(*entries)
    )
    key = signer_key or pki.dsc_key
    content_info = sign_cms(LDS_SECURITY_OBJECT, security_object, key, pki.dsc, algorithm)
    return der.tlv(SOD_TAG, content_info)


def tamper(files: Mapping[int, bytes], dg: int) -> dict[int, bytes]:
    """A copy of ``files`` with data group ``dg`` changed and the SOD left as it was.

    The last ASCII letter or digit of the file becomes another of its kind, so
    the file still parses (an ASCII byte stays valid UTF-8) but its hash differs.
    """
    changed = dict(files)
    content = bytearray(files[file_id(dg)])
    for index in range(len(content) - 1, -1, -1):
        byte = content[index]
        if 0x30 <= byte <= 0x39 or 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A:
            base = 0x30 if byte <= 0x39 else (0x41 if byte <= 0x5A else 0x61)
            span = 10 if base == 0x30 else 26
            content[index] = base + (byte - base + 1) % span
            changed[file_id(dg)] = bytes(content)
            return changed
    content[-1] ^= 0x01
    changed[file_id(dg)] = bytes(content)
    return changed
