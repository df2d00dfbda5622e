"""The facts of a receipt as the words and numbers printed, in Vietnamese or English.

Times are shown in Vietnam's time (UTC+7, no daylight saving); a naive time
is taken as already local. Dates are day first in both languages, and the
English ones spell the month out so that 01/12 cannot be read as January.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from kiosk.catalog.fees import fee_word, format_vnd
from kiosk.config import Language
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.settings import ReceiptSettings
from kiosk.workdays.due import PROVISIONAL_WORDS

VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
BY_POST = "Gửi qua bưu chính"
"""Where the appointment says a result sent by post is "collected" (kiosk/intake/submit.py)."""

_WEEKDAYS: dict[Language, tuple[str, ...]] = {
    "vi": ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class ReceiptValues:
    """Everything a template may print for one receipt, in one language."""

    fields: dict[str, str]
    flags: dict[str, bool]
    papers: tuple[tuple[str, int, str], ...]


_FORMS: dict[Language, dict[str, str]] = {
    "vi": {
        "original": "Bản chính",
        "copy": "Bản sao",
        "certified_copy": "Bản sao có chứng thực",
        "original_or_certified_copy": "Bản chính hoặc bản sao có chứng thực",
        "original_to_present": "Bản chính để đối chiếu",
    },
    "en": {
        "original": "Original",
        "copy": "Copy",
        "certified_copy": "Certified copy",
        "original_or_certified_copy": "Original or certified copy",
        "original_to_present": "Original, to be shown",
    },
}


def receipt_values(
    facts: ReceiptFacts,
    settings: ReceiptSettings,
    printed_at: datetime,
    reprint: bool = False,
) -> ReceiptValues:
    """The placeholders and flags of :mod:`kiosk.receipt.template` for ``facts``."""
    language = facts.language
    post = facts.collect_at == BY_POST
    # The counter and floor, under the place, unless the place already names it.
    counter = "" if post or settings.collect_at in facts.collect_at else settings.collect_at
    fields = {
        "agency": settings.agency,
        "center_name": settings.center_name,
        "code": facts.code,
        "dossier_code": facts.dossier_code,
        "address": facts.address,
        "phone": facts.phone,
        "processing": facts.processing,
        "dossier_sets": f"{facts.dossier_sets:02d}",
        "counter": counter,
        "pay_at": settings.pay_at,
        "lookup_link": settings.lookup_link(facts.code, facts.lookup_token),
        "procedure_code": facts.procedure_code,
        "procedure_name": facts.procedure_name,
        "citizen": facts.citizen,
        "received": moment(facts.received_at, language),
        "ready": ready(facts, language),
        "fee": "" if facts.fee_vnd is None else fee(facts.fee_vnd, language, facts.fee_kinds),
        "fee_label": fee_word(facts.fee_kinds, language),
        "collect_at": facts.collect_at,
        "kiosk_id": facts.kiosk_id,
        "printed": moment(printed_at, language),
        "paper_count": str(facts.papers_received),
    }
    flags = {
        "provisional": facts.provisional,
        "official": facts.official_code is not None,
        "reprint": reprint,
        "agency": bool(settings.agency),
        "citizen": bool(facts.citizen),
        "address": bool(facts.address),
        "phone": bool(facts.phone),
        "processing": bool(facts.processing),
        "counter": bool(counter),
        "pay": facts.fee_vnd is not None and facts.fee_vnd > 0 and bool(settings.pay_at),
        "papers": bool(facts.papers),
        "paper_count_only": not facts.papers and facts.papers_received > 0,
        "fee": facts.fee_vnd is not None,
    }
    papers = tuple(
        (paper.title, paper.pages, _FORMS[language].get(paper.form or "", ""))
        for paper in facts.papers
    )
    return ReceiptValues({k: nfc(v) for k, v in fields.items()}, flags, papers)


def local(moment_: datetime) -> datetime:
    """``moment_`` in Vietnam's time; a naive time is taken as local already."""
    return moment_ if moment_.tzinfo is None else moment_.astimezone(VIETNAM_TIME)


def moment(when: datetime, language: Language, weekday: bool = False) -> str:
    """``14:05, 21/11/2025`` (vi) or ``14:05, 21 November 2025`` (en), with the weekday if asked."""
    at = local(when)
    day = _WEEKDAYS[language][at.weekday()] + ", " if weekday else ""
    if language == "vi":
        return f"{at:%H:%M}, {day}{at:%d/%m/%Y}"
    return f"{at:%H:%M}, {day}{at.day} {_MONTHS[at.month - 1]} {at.year}"


def ready(facts: ReceiptFacts, language: Language) -> str:
    """The appointment, marked "dự kiến — sẽ được xác nhận" while it is an estimate."""
    when = moment(facts.ready_at, language, weekday=True)
    if facts.ready_provisional:
        return f"{when} ({PROVISIONAL_WORDS.get(language)})"
    return when


def fee(amount_vnd: int, language: Language, kinds: Sequence[str] = ()) -> str:
    """``200.000 ₫`` (vi) or ``200,000 VND`` (en), as the screens write it; nothing to pay
    says so, in the right word."""
    if amount_vnd == 0:
        if language == "en":
            return "No fee"
        return f"Không thu {fee_word(kinds, language).lower()}"
    return format_vnd(amount_vnd, language)


def nfc(text: str) -> str:
    """Precomposed letters: a font draws "ế" from one glyph, never a stacked guess."""
    return unicodedata.normalize("NFC", text)
