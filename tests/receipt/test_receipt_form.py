"""The slip follows the official receipt-and-appointment form (Circular 01/2018/TT-VPCP, Mẫu 01).

The printed words are read from the renderer itself (:func:`receipt_text`, the
lines it drew), the QR from the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from receipt_checks import qr_texts

from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import NetworkPrinter
from kiosk.receipt.desk import ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts, mask_address, mask_phone
from kiosk.receipt.render import receipt_text, render_receipt
from kiosk.receipt.sample import SAMPLE_ADDRESS, SAMPLE_PHONE, sample_dossier, sample_facts
from kiosk.receipt.settings import NameMask, ReceiptSettings

OFFICIAL = "000.00.00.H00-261123-0007"


@pytest.fixture
def form_settings(settings: ReceiptSettings) -> ReceiptSettings:
    return settings.model_copy(
        update={
            "agency": "UBND TỈNH QUẢNG TRỊ",
            "collect_at": "Bộ phận Một cửa, quầy số 3 (tầng 1)",
            "pay_at": "Quầy thu phí số 5 (tầng 1), khi nộp hồ sơ",
        }
    )


def printed(facts: ReceiptFacts, settings: ReceiptSettings) -> str:
    """The slip's text, its wrapped lines joined again (lines break at spaces)."""
    return " ".join(receipt_text(facts, settings, printed_at=facts.received_at))


def at_center(facts: ReceiptFacts) -> ReceiptFacts:
    """As a real dossier's appointment says it: the center's name, not the counter."""
    return facts.model_copy(update={"collect_at": "Trung tâm Phục vụ hành chính công"})


def test_the_slip_has_the_forms_header_fields_and_officer_line(
    form_settings: ReceiptSettings,
) -> None:
    facts = at_center(sample_facts(form_settings))
    text = printed(facts, form_settings)
    for words in (
        "UBND TỈNH QUẢNG TRỊ",
        form_settings.center_name,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Địa chỉ: …, Phường Bắc Giang, Tỉnh Bắc Ninh",
        "Số điện thoại: *******678",
        "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết theo quy định: 10 ngày làm việc",
        "Bản chính · đã chụp 2 trang",
        "Bản sao · đã chụp 1 trang",
        "Trung tâm Phục vụ hành chính công",
        "Bộ phận Một cửa, quầy số 3 (tầng 1)",
        "Phí: 200.000 ₫",
        "Quầy thu phí số 5 (tầng 1), khi nộp hồ sơ",
        "CÁN BỘ TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
    ):
        assert words in text, words
    # What leaves the center with the citizen never carries the house, the street or the number.
    assert "Số 12" not in text and SAMPLE_PHONE not in text


def test_the_lookup_link_is_printed_as_the_qr_carries_it(form_settings: ReceiptSettings) -> None:
    facts = sample_facts(form_settings)
    link = form_settings.lookup_link(facts.code, facts.lookup_token)
    # A link longer than a line is broken between letters, not at a space.
    assert link in "".join(receipt_text(facts, form_settings))
    assert qr_texts(render_receipt(facts, form_settings)) == [link]


def test_until_the_center_acknowledges_it_is_the_kiosks_provisional_receipt(
    form_settings: ReceiptSettings,
) -> None:
    facts = sample_facts(form_settings)
    provisional = printed(facts, form_settings)
    assert "GIẤY TIẾP NHẬN TẠM CỦA KI-ỐT" in provisional
    assert facts.code in provisional and "Mã tạm thời do ki-ốt cấp" in provisional
    acknowledged = facts.model_copy(update={"official_code": OFFICIAL})
    official = printed(acknowledged, form_settings)
    assert "TIẾP NHẬN TẠM" not in official
    assert OFFICIAL in official
    assert f"Mã tạm của ki-ốt: {acknowledged.code}" in official
    english = printed(facts.model_copy(update={"language": "en"}), form_settings)
    assert "KIOSK'S PROVISIONAL RECEIPT" in english and "RECEIVING OFFICER" in english
    assert "Original · 2 pages scanned" in english and "Copy · 1 page scanned" in english


def test_a_result_by_post_names_no_counter_and_a_free_procedure_no_payment(
    form_settings: ReceiptSettings,
) -> None:
    facts = sample_facts(form_settings).model_copy(
        update={"collect_at": "Gửi qua bưu chính", "fee_vnd": 0, "fee_kinds": ("le_phi",)}
    )
    text = printed(facts, form_settings)
    assert "Gửi qua bưu chính" in text and "quầy số 3" not in text
    assert "Không thu lệ phí" in text and "Nơi nộp tiền" not in text


def test_without_the_catalog_entry_the_slip_leaves_out_what_it_does_not_know(
    form_settings: ReceiptSettings,
) -> None:
    facts = ReceiptFacts.from_dossier(sample_dossier(), form_settings)
    text = printed(facts, form_settings)
    assert "Thời gian giải quyết theo quy định" not in text
    assert "Đã chụp 2 trang" in text and "Bản chính" not in text


@pytest.mark.parametrize(
    ("address", "mask", "shown"),
    [
        (SAMPLE_ADDRESS, NameMask.INITIALS, "…, Phường Bắc Giang, Tỉnh Bắc Ninh"),
        (SAMPLE_ADDRESS, NameMask.NONE, SAMPLE_ADDRESS),
        ("Xã Thử, Tỉnh Nghiệm", NameMask.INITIALS, "Xã Thử, Tỉnh Nghiệm"),
        ("", NameMask.INITIALS, ""),
    ],
)
def test_the_address_keeps_commune_and_province_only(
    address: str, mask: NameMask, shown: str
) -> None:
    assert mask_address(address, mask) == shown


def test_the_phone_shows_its_last_three_digits() -> None:
    assert mask_phone("0912 345 678", NameMask.INITIALS) == "*******678"
    assert mask_phone("0912345678", NameMask.NONE) == "0912345678"
    assert mask_phone("", NameMask.MIDDLE) == ""


@dataclass(frozen=True)
class _Entry:
    official_code: str | None


class _Outbox:
    def __init__(self, official: str | None, broken: bool = False) -> None:
        self.official = official
        self.broken = broken

    def entry(self, code: str) -> _Entry | None:
        if self.broken:
            raise OSError("disk")
        return _Entry(self.official)


@pytest.mark.parametrize(
    ("outbox", "printed_official"),
    [(_Outbox(OFFICIAL), True), (_Outbox(None), False), (_Outbox(OFFICIAL, broken=True), False)],
)
def test_the_desk_prints_the_official_code_when_the_sync_brought_it_back(
    network_printer: NetworkPrinter,
    loopback_printer: LoopbackPrinter,
    form_settings: ReceiptSettings,
    outbox: _Outbox,
    printed_official: bool,
) -> None:
    desk = ReceiptDesk(network_printer, form_settings, codes=outbox)
    facts = sample_facts(form_settings)
    outcome = desk.print_receipt(facts)
    assert outcome.printed and outcome.code == facts.code
    shown = desk.with_official_code(facts)
    assert (shown.official_code == OFFICIAL) is printed_official
    assert shown.provisional is not printed_official
