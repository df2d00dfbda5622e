"""The consent notice names the receiving agency, what is sent, how long it is kept, and more."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from kiosk.catalog import shipped_catalog
from kiosk.intake import ConsentNotice, shipped_notice

CATALOG = shipped_catalog()
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=7)))


def notice_for(code: str, days: int = 30) -> ConsentNotice:
    procedure = CATALOG.procedure(code)
    agency = CATALOG.agency(procedure.agency).name
    return shipped_notice().for_procedure(code, {"vi": agency.vi, "en": agency.en}, days)


def test_the_notice_names_the_agency_every_kind_of_data_and_the_kiosks_keeping_time() -> None:
    notice = notice_for("2.000884", days=45)
    vi, en = notice.text("vi"), notice.text("en")
    assert "Ủy ban nhân dân cấp xã" in vi and "Commune People's Committee" in en
    for word in ("quê quán", "số CMND cũ", "ngày cấp", "ngày hết hạn", "ngày sinh", "câu trả lời"):
        assert word in vi, word
    for word in ("place of origin", "old ID number", "date of birth", "dates of issue", "answers"):
        assert word in en, word
    assert "45 ngày" in vi and "45 days" in en
    assert "{" not in vi + en, "no blank left unfilled"
    assert "án tích" not in vi, "the criminal-record paragraph is for that procedure only"
    assert notice.full_url.startswith("https://")


def test_criminal_record_data_is_called_sensitive_and_the_hash_is_of_the_words_shown() -> None:
    record = notice_for("2.000488")
    assert "Công an cấp tỉnh" in record.text("vi")
    assert "án tích" in record.text("vi") and "nhạy cảm" in record.text("vi")
    assert "sensitive personal data" in record.text("en")
    other = notice_for("2.000884")
    assert record.version == other.version and record.sha256("vi") != other.sha256("vi")
    consent = record.record("vi", NOW)
    assert consent.notice_sha256 == record.sha256("vi")


def test_the_generic_notice_stays_whole_for_callers_that_name_no_procedure() -> None:
    generic = shipped_notice()
    assert "{" not in generic.text("vi") + generic.text("en")
    assert generic.for_procedure("2.000488", {"vi": "A", "en": "A"}, 30).text("vi") != generic.vi
