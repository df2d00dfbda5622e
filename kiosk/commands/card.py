"""``kiosk card read`` and ``kiosk qr decode``: the citizen's card, from the command line.

``card read`` reads the chip on a PC/SC reader (PACE with the CAN, or BAC with
the MRZ data), checks it against a CSCA folder and prints the DG1 + DG13 fields,
the verdict, what proved the chip genuine (chip or active authentication) and
each one's outcome, the protocol, the APDU count and the timings — never the photo's
bytes (only its size). ``qr decode`` reads the card QR in a picture file.

These print a citizen's personal data on the technician's terminal, as asked;
nothing of it is logged.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from drivers.card.icao import AccessKeys, MrzKey
from kiosk.commands import SubParsers, say
from kiosk.dossier import Identity
from kiosk.errors import KioskError
from kiosk.identity.card_qr import CardQr
from kiosk.identity.read import IdentityReading

_KEY_FIX = "give --can CAN (6 digits) or --mrz DOCNO,YYMMDD,YYMMDD"


def register(commands: SubParsers) -> None:
    """Add ``card read`` and ``qr decode``."""
    card = commands.add_parser("card", help="read the chip ID card (CCCD)")
    actions = card.add_subparsers(dest="card_command", required=True, metavar="ACTION")
    read = actions.add_parser("read", help="read the chip and check its signature")
    read.add_argument("--reader", metavar="NAME", help="PC/SC reader (default: the first)")
    keys = read.add_mutually_exclusive_group(required=True)
    keys.add_argument("--can", help="the 6-digit card access number (PACE)")
    keys.add_argument("--mrz", metavar="DOCNO,YYMMDD,YYMMDD", help="MRZ data (BAC)")
    read.add_argument("--trust", type=Path, metavar="DIR", help="folder of CSCA certificates")
    read.add_argument("--json", action="store_true", help="machine-readable output")
    read.set_defaults(handler=_card_read)

    qr = commands.add_parser("qr", help="the card's QR code")
    qr_actions = qr.add_subparsers(dest="qr_command", required=True, metavar="ACTION")
    decode = qr_actions.add_parser("decode", help="decode the card QR in a picture")
    decode.add_argument("image", type=Path, metavar="IMAGE", help="PNG or JPEG file")
    decode.add_argument("--json", action="store_true", help="machine-readable output")
    decode.set_defaults(handler=_qr_decode)


def _card_read(args: argparse.Namespace) -> int:
    """Read the chip on the chosen reader and print what it holds."""
    from drivers.card.pcsc import PcscCardReader
    from kiosk.identity.read import read_identity
    from kiosk.identity.trust import TrustStore

    access = access_keys(args.can, args.mrz)
    trust = TrustStore.from_folder(args.trust) if args.trust else None
    with PcscCardReader() as reader:
        name = args.reader or _first_reader(reader.readers())
        with reader.connect(name) as connection:
            reading = read_identity(connection, access, trust)
    say(format_reading(reading, as_json=args.json))
    return 0


def _first_reader(readers: list[str]) -> str:
    if not readers:
        raise KioskError("no smart-card reader is connected", "plug the card reader in")
    return readers[0]


def access_keys(can: str | None, mrz: str | None) -> AccessKeys:
    """``--can`` or ``--mrz DOCNO,YYMMDD,YYMMDD`` → the driver's keys (a bad value: KioskError)."""
    try:
        if can is not None:
            return AccessKeys(can=can)
        parts = (mrz or "").split(",")
        if len(parts) != 3:  # number, birth, expiry
            raise ValueError("three comma-separated fields")
        return AccessKeys(mrz=MrzKey(*(part.strip().upper() for part in parts)))
    except ValueError as exc:
        raise KioskError(f"the access key is not valid ({exc})", _KEY_FIX) from exc


def reading_report(reading: IdentityReading) -> dict[str, object]:
    """What ``card read`` shows, as plain data: fields, verdict, protocol, counts, timings."""
    timings = reading.timings
    photo = reading.photo
    return {
        "identity": _identity_fields(reading.identity),
        "verdict": reading.verdict.value,
        "proven_by": reading.proven_by or None,
        "chip_auth": reading.chip_auth.value,
        "active_auth": reading.active_auth.value,
        "reasons": list(reading.reasons),
        "differences": list(reading.differences),
        "dg13": reading.dg13_state,
        "dg13_problems": list(reading.dg13_problems),
        "missing": list(reading.missing),
        "protocol": reading.protocol,
        "apdu_count": reading.apdu_count,
        "timings_ms": {
            "authentication": round(timings.authentication_s * 1000),
            "reading": round(timings.reading_s * 1000),
            "total": round(timings.total_s * 1000),
            "cpu": round(timings.cpu_s * 1000),
            "active_auth": round(timings.active_auth_s * 1000),
            "chip_auth": round(timings.chip_auth_s * 1000),
        },
        "photo": f"{photo.width}x{photo.height}" if photo is not None else None,
    }


def format_reading(reading: IdentityReading, *, as_json: bool) -> str:
    """``card read``'s output: JSON, or one ``name: value`` line per item."""
    report = reading_report(reading)
    if as_json:
        return json.dumps(report, ensure_ascii=False, indent=2)
    return "\n".join(_lines(report))


def format_qr(qr: CardQr, *, as_json: bool) -> str:
    """``qr decode``'s output for the parsed card QR."""
    fields: dict[str, object] = {
        "id_number": qr.id_number,
        "old_id_number": qr.old_id_number,
        "full_name": qr.full_name,
        "date_of_birth": qr.date_of_birth.isoformat(),
        "sex": qr.sex,
        "place_of_residence": qr.place_of_residence,
        "issue_date": qr.issue_date.isoformat(),
        "extra": list(qr.extra),
    }
    if as_json:
        return json.dumps(fields, ensure_ascii=False, indent=2)
    return "\n".join(_lines(fields))


def _identity_fields(identity: Identity | None) -> dict[str, str] | None:
    if identity is None:
        return None
    values = identity.model_dump(mode="json")
    return {key: "" if value is None else str(value) for key, value in values.items()}


def _lines(report: dict[str, object], indent: str = "") -> list[str]:
    lines: list[str] = []
    for key, value in report.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(_lines(value, indent + "  "))
        elif isinstance(value, list):
            lines.append(f"{indent}{key}: {', '.join(str(v) for v in value) or '-'}")
        else:
            lines.append(f"{indent}{key}: {'-' if value is None else value}")
    return lines


def _qr_decode(args: argparse.Namespace) -> int:
    """Find the card QR in the picture and print its fields."""
    from drivers.camera.qr import load_picture, read_qr
    from kiosk.identity.card_qr import parse_card_qr

    # Refuses a picture too large before decoding it: one line, no traceback.
    found = read_qr(load_picture(args.image))
    if found is None:
        raise KioskError(f"{args.image}: no card QR found", "photograph the QR sharper and larger")
    say(format_qr(parse_card_qr(found.text, date.today()), as_json=args.json))
    return 0
