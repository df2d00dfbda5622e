"""Dossier codes and the dossier model."""

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from kiosk.dossier import (
    OFFICIAL_CODE,
    PROVISIONAL_CODE,
    Appointment,
    Consent,
    Dossier,
    Identity,
    IdentitySource,
    new_provisional_code,
    official_code,
)


def test_provisional_codes_carry_kiosk_and_day_and_avoid_confusable_letters() -> None:
    code = new_provisional_code("HN-BADINH-03", date(2026, 2, 13), random_bits=(1 << 40) - 1)
    assert code == "K-HN-BADINH-03-260213-ZZZZZZZZ"
    assert PROVISIONAL_CODE.match(code)
    zero = new_provisional_code("K1", date(2026, 2, 13), random_bits=0)
    assert zero.endswith("-00000000")
    codes = {new_provisional_code("K1", date(2026, 2, 13)) for _ in range(2000)}
    assert len(codes) == 2000
    assert not any(set(c.rsplit("-", 1)[1]) & set("ILOU") for c in codes)


def test_random_bits_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        new_provisional_code("K1", date(2026, 1, 1), random_bits=1 << 40)


def test_official_code_follows_circular_01_2018() -> None:
    code = official_code("000.00.00.H00", date(2026, 11, 23), 7)
    assert code == "000.00.00.H00-261123-0007"
    assert OFFICIAL_CODE.match(code)
    with pytest.raises(ValueError):
        official_code("000.00.00.H00", date(2026, 11, 23), 10_000)


def sample_dossier(**changes: object) -> Dossier:
    now = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    fields: dict[str, object] = {
        "provisional_code": new_provisional_code("KIOSK-DEMO-01", now.date(), 12345),
        "kiosk_id": "KIOSK-DEMO-01",
        "procedure_code": "1.001234",
        "procedure_name_vi": "Cấp Phiếu lý lịch tư pháp số 1",
        "catalog_version": "2026.11.1",
        "identity": Identity(
            id_number="001099012345",
            full_name="Trần Thị Thử Nghiệm",
            date_of_birth=date(1999, 3, 15),
            sex="Nữ",
            source=IdentitySource.QR,
        ),
        "consent": Consent(
            notice_version="1", notice_sha256="a" * 64, language="vi", accepted_at=now
        ),
        "received_at": now,
        "appointment": Appointment(ready_at=now, rule="10 working days"),
    }
    fields.update(changes)
    return Dossier.model_validate(fields)


def test_a_dossier_round_trips_through_json() -> None:
    dossier = sample_dossier()
    assert Dossier.model_validate_json(dossier.model_dump_json()) == dossier


@pytest.mark.parametrize(
    "changes",
    [
        {"procedure_code": "1234"},
        {"provisional_code": "K-1"},
        {"fee_vnd": -1},
        {"unexpected": "field"},
    ],
)
def test_a_malformed_dossier_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        sample_dossier(**changes)
