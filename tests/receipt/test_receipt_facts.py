"""What a receipt says about a dossier: masked name, no personal data in the QR, JSON."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from kiosk.config import Config
from kiosk.dossier import Appointment
from kiosk.errors import ConfigError
from kiosk.receipt.facts import ReceiptFacts, mask_name
from kiosk.receipt.sample import SAMPLE_NAME, sample_dossier
from kiosk.receipt.settings import DEMO_LOOKUP_URL, NameMask, ReceiptSettings, check_lookup_url
from kiosk.receipt.values import fee, moment, receipt_values


@pytest.mark.parametrize(
    ("name", "mask", "shown"),
    [
        ("Nguyễn Văn An", NameMask.INITIALS, "Nguyễn V*** A"),
        ("Nguyễn Văn An", NameMask.MIDDLE, "Nguyễn V*** An"),
        ("Nguyễn Văn An", NameMask.NONE, "Nguyễn Văn An"),
        ("Trần Thị Thử Nghiệm", NameMask.INITIALS, "Trần T*** T*** N"),
        ("Lê Na", NameMask.INITIALS, "Lê N"),
        ("Ánh", NameMask.INITIALS, "Á***"),
        ("  Đỗ   Ưng  ", NameMask.MIDDLE, "Đỗ Ưng"),
        ("", NameMask.INITIALS, ""),
    ],
)
def test_names_are_masked_as_configured(name: str, mask: NameMask, shown: str) -> None:
    assert mask_name(name, mask) == shown


def test_a_decomposed_name_keeps_its_marks_on_the_initial() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Ánh Ước")
    assert mask_name(decomposed, NameMask.INITIALS) == "Nguyễn Á*** Ư"


def test_facts_from_a_dossier_hold_no_unmasked_personal_data(settings: ReceiptSettings) -> None:
    dossier = sample_dossier("en")
    facts = ReceiptFacts.from_dossier(dossier, settings)
    stored = facts.model_dump_json()
    assert dossier.identity.id_number not in stored
    assert SAMPLE_NAME not in stored
    assert "1999" not in stored  # date of birth
    assert facts.citizen == "Trần T*** T*** N"
    assert facts.code == dossier.provisional_code and facts.provisional
    assert facts.language == "en"
    assert [paper.pages for paper in facts.papers] == [2, 1, 3]
    assert ReceiptFacts.model_validate_json(stored) == facts


def test_where_to_collect_falls_back_to_the_center_setting(settings: ReceiptSettings) -> None:
    dossier = sample_dossier()
    bare = dossier.model_copy(
        update={"appointment": Appointment(ready_at=dossier.appointment.ready_at, rule="x")}
    )
    assert ReceiptFacts.from_dossier(bare, settings).collect_at == "Bộ phận Một cửa"


def test_an_official_code_is_not_provisional(facts: ReceiptFacts) -> None:
    official = facts.model_copy(update={"code": "000.00.00.H00-261123-0007"})
    assert not official.provisional
    with pytest.raises(ValidationError):
        ReceiptFacts.model_validate({**facts.model_dump(), "code": "Nguyễn Văn An"})


def test_the_qr_link_carries_the_code_and_nothing_else(
    settings: ReceiptSettings, facts: ReceiptFacts
) -> None:
    assert settings.lookup_link(facts.code) == (
        "https://dichvucong.example.vn/tra-cuu?ma=K-KIOSK-DEMO-01-261123-F8Y53RPM"
    )
    assert settings.lookup_link("a b/c") == "https://dichvucong.example.vn/tra-cuu?ma=a%20b%2Fc"


def test_the_qr_link_carries_the_token_and_falls_back_to_the_form() -> None:
    settings = ReceiptSettings(
        center_name="Trung tâm", kiosk_id="K-1", lookup_url="https://x.vn/tra-cuu/{token}"
    )
    token = "Abc_-0123456789abcdefgh"
    assert settings.lookup_link("K-1-261123-F8Y53RPM", token) == f"https://x.vn/tra-cuu/{token}"
    # A receipt reprinted from before tokens: the lookup form, where the code is typed.
    assert settings.lookup_link("K-1-261123-F8Y53RPM", None) == "https://x.vn/tra-cuu"


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("https://x.vn/tra-cuu", "must contain one of {token} or {code}"),
        ("https://x.vn/{code}/{token}", "must contain one of"),
        ("https://x.vn/{code}/{name}", "may hold only {token} or {code}"),
        ("https://x.vn/{code}/{0}", "may hold only {token} or {code}"),
        ("https://x.vn/{token!r}", "plainly"),
        ("https://x.vn/{code!r}", "plainly"),
        ("https://x.vn/{code:>40}", "plainly"),
        ("https://x.vn/{code", "unbalanced"),
        ("ftp://x.vn/{code}", "http"),
        ("tra-cuu/{code}", "http"),
    ],
)
def test_lookup_patterns_that_could_leak_are_refused(pattern: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("{", r"\{").replace("}", r"\}")):
        check_lookup_url(pattern)


def test_settings_from_the_configuration_name_the_bad_key() -> None:
    settings = ReceiptSettings.from_config(Config())
    assert settings.kiosk_id == "KIOSK-DEMO-01"
    assert settings.width_dots == 576
    assert settings.lookup_url == DEMO_LOOKUP_URL
    with pytest.raises(ConfigError) as raised:
        ReceiptSettings.from_config(Config(), lookup_url="https://x.vn/{name}")
    assert raised.value.key == "receipt.lookup_url"


def test_values_in_both_languages(settings: ReceiptSettings, facts: ReceiptFacts) -> None:
    vi = receipt_values(facts, settings, datetime(2026, 11, 23, 2, 30, tzinfo=UTC))
    assert vi.fields["ready"] == "08:00, thứ Hai, 07/12/2026"
    assert vi.fields["received"] == "09:30, 23/11/2026"
    assert vi.fields["printed"] == "09:30, 23/11/2026"  # 02:30 UTC is 09:30 in Vietnam
    assert vi.fields["fee"] == "200.000 ₫"
    assert vi.flags == {
        "provisional": True,
        "official": False,
        "reprint": False,
        "agency": False,
        "citizen": True,
        "address": True,
        "phone": True,
        "processing": False,  # the facts were made without the catalog's entry
        "papers": True,
        "paper_count_only": False,
        "fee": True,
        "pay": True,
        "counter": False,  # the appointment's place names the one-stop counter already
    }
    en_facts = facts.model_copy(update={"language": "en"})
    en = receipt_values(en_facts, settings, facts.received_at, True)
    assert en.fields["ready"] == "08:00, Monday, 7 December 2026"
    assert en.fields["fee"] == "200,000 VND"
    assert en.flags["reprint"]
    assert fee(0, "en") == "No fee"
    # "Phí" and "lệ phí" are different in law: the slip says the one the procedure charges.
    assert fee(0, "vi", ("le_phi",)) == "Không thu lệ phí"
    assert fee(0, "vi", ("phi",)) == "Không thu phí"
    assert fee(0, "vi") == "Không thu phí, lệ phí"  # not known (an old record): both words
    assert moment(datetime(2026, 1, 4, 7, 5), "en", weekday=True) == "07:05, Sunday, 4 January 2026"


def test_the_fee_line_says_phi_or_le_phi_as_the_procedure_charges(
    settings: ReceiptSettings, facts: ReceiptFacts
) -> None:
    charge = receipt_values(
        facts.model_copy(update={"fee_kinds": ("phi",)}), settings, facts.received_at
    )
    state_fee = receipt_values(
        facts.model_copy(update={"fee_kinds": ("le_phi",)}), settings, facts.received_at
    )
    assert charge.fields["fee_label"] == "Phí" and state_fee.fields["fee_label"] == "Lệ phí"
    en = facts.model_copy(update={"fee_kinds": ("phi",), "language": "en"})
    assert receipt_values(en, settings, facts.received_at).fields["fee_label"] == "Charge (phí)"


def test_a_provisional_date_is_printed_as_an_estimate(
    settings: ReceiptSettings, facts: ReceiptFacts
) -> None:
    estimate = facts.model_copy(update={"ready_provisional": True})
    vi = receipt_values(estimate, settings, facts.received_at)
    assert vi.fields["ready"] == "08:00, thứ Hai, 07/12/2026 (dự kiến — sẽ được xác nhận)"
    en_estimate = estimate.model_copy(update={"language": "en"})
    en = receipt_values(en_estimate, settings, facts.received_at)
    assert en.fields["ready"].endswith("(estimated — to be confirmed)")
    assert not facts.ready_provisional  # a date from a noticed year is printed as it is
