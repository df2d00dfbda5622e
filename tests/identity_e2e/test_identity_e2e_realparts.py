"""A synthetic citizen's CCCD read end to end: pcscd + vpcd → read_identity → Identity + verdict."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import qrcode
from cryptography.hazmat.primitives.serialization import Encoding

from drivers.card.emrtd_card import EmrtdCard
from drivers.card.icao import AccessKeys
from drivers.card.pcsc import PcscCardReader
from drivers.card.simulator import SimulatedCardStation
from drivers.card.softcard import SoftCard
from kiosk.cli import main
from kiosk.commands.card import access_keys, format_qr, format_reading, reading_report
from kiosk.dossier import Verdict
from kiosk.errors import KioskError
from kiosk.identity.card_qr import parse_card_qr
from kiosk.identity.read import IdentityReading, read_identity
from kiosk.identity.synthetic import CardFiles, Citizen, TestPki, tamper
from kiosk.identity.trust import TrustStore

pytestmark = pytest.mark.realparts

PlaceCard = Callable[[SoftCard], SimulatedCardStation]
ROOT = Path(__file__).resolve().parents[2]


def chip(card: CardFiles, files: dict[int, bytes] | None = None, *, pace: bool = True) -> EmrtdCard:
    """The simulated chip serving ``files`` (default: the card's own)."""
    served = card.files if files is None else files
    if pace:
        return EmrtdCard(served, can=card.can, mrz=card.mrz_keys, active_auth=card.aa_signer())
    return EmrtdCard(
        served, can=card.can, mrz=card.mrz_keys, pace=None, active_auth=card.aa_signer()
    )


def read(
    place_card: PlaceCard,
    reader: PcscCardReader,
    card: EmrtdCard,
    keys: AccessKeys,
    trust: TrustStore | None,
) -> IdentityReading:
    station = place_card(card)
    with reader.connect(station.reader_name) as connection:
        return read_identity(connection, keys, trust)


def assert_is(reading: IdentityReading, citizen: Citizen) -> None:
    identity = reading.identity
    assert identity is not None
    assert identity.id_number == citizen.id_number
    assert identity.full_name == citizen.full_name
    assert identity.date_of_birth == citizen.date_of_birth
    assert identity.sex == citizen.sex
    assert identity.old_id_number == citizen.old_id_number
    assert identity.verdict is reading.verdict
    assert reading.photo is not None and reading.photo.width > 0


def test_pace_with_the_can_reads_a_genuine_identity(
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
) -> None:
    reading = read(place_card, pcsc_reader, chip(card_files), AccessKeys(can=card_files.can), trust)
    assert (reading.protocol, reading.verdict) == ("PACE", Verdict.GENUINE)
    assert reading.apdu_count > 0 and reading.timings.total_s > 0
    assert_is(reading, citizen)


def test_bac_with_the_mrz_reads_a_genuine_identity(
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
) -> None:
    card = chip(card_files, pace=False)
    reading = read(place_card, pcsc_reader, card, AccessKeys(mrz=card_files.mrz_keys), trust)
    assert (reading.protocol, reading.verdict) == ("BAC", Verdict.GENUINE)
    assert_is(reading, citizen)


def test_without_a_trust_store_the_verdict_is_not_verifiable(
    place_card: PlaceCard, pcsc_reader: PcscCardReader, card_files: CardFiles, citizen: Citizen
) -> None:
    reading = read(place_card, pcsc_reader, chip(card_files), AccessKeys(can=card_files.can), None)
    assert reading.verdict is Verdict.NOT_VERIFIABLE
    assert_is(reading, citizen)


@pytest.mark.parametrize("dg", [1, 13])
def test_a_tampered_data_group_fails(
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    trust: TrustStore,
    dg: int,
) -> None:
    card = chip(card_files, tamper(card_files.files, dg))
    reading = read(place_card, pcsc_reader, card, AccessKeys(can=card_files.can), trust)
    assert reading.verdict is Verdict.FAILED
    assert reading.identity is None or reading.identity.verdict is Verdict.FAILED


def test_no_personal_data_in_any_log_record(
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    keys = AccessKeys(can=card_files.can, mrz=card_files.mrz_keys)
    reading = read(place_card, pcsc_reader, chip(card_files), keys, trust)
    assert reading.verdict is Verdict.GENUINE
    assert caplog.records, "the read should log something"
    secrets = {citizen.full_name, citizen.surname, citizen.id_number, card_files.can}
    secrets |= {citizen.id_number[-9:], card_files.mrz_keys.information()}
    for record in caplog.records:
        text = f"{record.getMessage()} {record.__dict__}"
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"{record.name} logged personal data"


def test_the_card_read_output_shows_fields_and_verdict_never_the_photo(
    place_card: PlaceCard,
    pcsc_reader: PcscCardReader,
    card_files: CardFiles,
    citizen: Citizen,
    trust: TrustStore,
) -> None:
    reading = read(place_card, pcsc_reader, chip(card_files), AccessKeys(can=card_files.can), trust)
    report = reading_report(reading)
    assert report["verdict"] == "genuine" and report["protocol"] == "PACE"
    assert report["identity"]["id_number"] == citizen.id_number  # type: ignore[index]
    assert report["apdu_count"] == reading.apdu_count
    text = format_reading(reading, as_json=False)
    assert citizen.full_name in text and "genuine" in text and "PACE" in text
    as_json = format_reading(reading, as_json=True)
    assert report["photo"] == f"{reading.photo.width}x{reading.photo.height}"  # type: ignore[union-attr]
    assert len(as_json) < 4000  # no image bytes


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """``kiosk.cli.main`` sets the root logger up; put it back as pytest had it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("restore_logging")
def test_card_read_command_in_process(
    place_card: PlaceCard,
    card_files: CardFiles,
    citizen: Citizen,
    pki: TestPki,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    trust_dir = tmp_path / "csca"
    trust_dir.mkdir()
    (trust_dir / "csca.pem").write_bytes(pki.csca.public_bytes(Encoding.PEM))
    station = place_card(chip(card_files))
    # Logs share stderr with the one-line error: keep them out of this check.
    command = [
        "--log-level",
        "CRITICAL",
        "card",
        "read",
        "--reader",
        station.reader_name,
        "--trust",
        str(trust_dir),
    ]
    assert main([*command, "--can", card_files.can, "--json"]) == 0
    out = capsys.readouterr().out
    assert '"verdict": "genuine"' in out and citizen.id_number in out
    assert main([*command, "--can", "000000" if card_files.can != "000000" else "111111"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("kiosk: ")
    assert card_files.can not in err


@pytest.mark.parametrize(
    ("can", "mrz"), [("12ab56", None), (None, "123456789,010101"), (None, "1,2,3")]
)
def test_bad_access_keys_are_kiosk_errors(can: str | None, mrz: str | None) -> None:
    with pytest.raises(KioskError, match="access key"):
        access_keys(can, mrz)


def test_qr_decode_command_prints_the_parsed_card_qr(
    tmp_path: Path, card_files: CardFiles, citizen: Citizen
) -> None:
    picture = qrcode.make(card_files.qr_text)
    image = tmp_path / "card-qr.png"
    buffer = io.BytesIO()
    picture.save(buffer)
    image.write_bytes(buffer.getvalue())
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "qr", "decode", str(image), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    expected = format_qr(parse_card_qr(card_files.qr_text), as_json=True)
    assert done.stdout.strip() == expected.strip()
    assert citizen.id_number in done.stdout


def test_qr_decode_of_an_image_without_a_qr_is_one_stderr_line(tmp_path: Path) -> None:
    image = tmp_path / "blank.png"
    from PIL import Image

    Image.new("RGB", (200, 200), "white").save(image)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "qr", "decode", str(image)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("kiosk: ")
