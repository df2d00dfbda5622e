"""A synthetic dossier for previews, test prints and tests: nobody's personal data.

The name, ID number and dates are made up; the texts are chosen to carry
every kind of Vietnamese mark (sắc, huyền, hỏi, ngã, nặng, circumflex,
breve, horn and đ), so a sample print shows at a glance whether a font or
printer drops one. The procedure is the catalog's criminal-record certificate,
so a preview shows the legal processing time and each paper's form.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from kiosk.catalog.loader import shipped_catalog
from kiosk.catalog.model import Procedure
from kiosk.config import Language
from kiosk.dossier import (
    Appointment,
    Consent,
    Dossier,
    Identity,
    IdentitySource,
    PaperRef,
    new_provisional_code,
)
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.settings import ReceiptSettings

_VIETNAM = timezone(timedelta(hours=7))
SAMPLE_RECEIVED = datetime(2026, 11, 23, 9, 30, tzinfo=_VIETNAM)
SAMPLE_READY = datetime(2026, 12, 7, 8, 0, tzinfo=_VIETNAM)
# A made-up lookup token (a sample, matching no dossier): the QR shows the shape of the link.
SAMPLE_LOOKUP_TOKEN = "sample-receipt-token-00001"  # noqa: S105 (not a secret)
SAMPLE_NAME = "Trần Thị Thử Nghiệm"
SAMPLE_ADDRESS = "Số 12, ngõ 34 phố Thử, Phường Bắc Giang, Tỉnh Bắc Ninh"
SAMPLE_PHONE = "0900000678"
SAMPLE_PROCEDURE_CODE = "2.000488"
SAMPLE_PROCEDURE = (
    "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"
)
SAMPLE_PAPERS = (
    ("giay-uy-quyen", "Văn bản ủy quyền (được chứng thực) — Mẫu số 04/2013/TT-LLTP", 2),
    ("giay-to-nguoi-uy-quyen", "Bản chụp giấy tờ tùy thân của người ủy quyền", 1),
    ("giay-to-giam-mien", "Giấy tờ chứng minh thuộc diện giảm, miễn phí", 3),
)


def sample_procedure() -> Procedure:
    """The catalog entry the sample dossier is for (processing time, papers' forms)."""
    return shipped_catalog().procedure(SAMPLE_PROCEDURE_CODE)


def sample_dossier(language: Language = "vi", kiosk_id: str = "KIOSK-DEMO-01") -> Dossier:
    """A complete, made-up dossier as the intake flow would hand it over."""
    papers = tuple(
        PaperRef(
            requirement_id=key,
            title_vi=title,
            pages=pages,
            sha256=f"{index:064x}",
            size_bytes=150_000 * pages,
        )
        for index, (key, title, pages) in enumerate(SAMPLE_PAPERS, start=1)
    )
    return Dossier(
        provisional_code=new_provisional_code(kiosk_id, SAMPLE_RECEIVED.date(), 0x7A3C51E2D4),
        kiosk_id=kiosk_id,
        procedure_code=SAMPLE_PROCEDURE_CODE,
        procedure_name_vi=SAMPLE_PROCEDURE,
        catalog_version="sample",
        identity=Identity(
            id_number="001099012345",
            full_name=SAMPLE_NAME,
            date_of_birth=date(1999, 3, 15),
            sex="Nữ",
            place_of_residence=SAMPLE_ADDRESS,
            source=IdentitySource.QR,
        ),
        answers={"phone": SAMPLE_PHONE},
        papers=papers,
        consent=Consent(
            notice_version="sample",
            notice_sha256="0" * 64,
            language=language,
            accepted_at=SAMPLE_RECEIVED,
        ),
        received_at=SAMPLE_RECEIVED,
        appointment=Appointment(
            ready_at=SAMPLE_READY,
            rule="10 working days",
            collect_at="Bộ phận Một cửa, quầy số 3 (tầng 1)",
        ),
        fee_vnd=200_000,
        fee_kinds=("phi",),
        language=language,
        lookup_token=SAMPLE_LOOKUP_TOKEN,
    )


def sample_facts(settings: ReceiptSettings, language: Language = "vi") -> ReceiptFacts:
    """The sample dossier's receipt, with its procedure's processing time and paper forms."""
    return ReceiptFacts.from_dossier(
        sample_dossier(language, settings.kiosk_id), settings, sample_procedure()
    )
