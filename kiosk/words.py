"""Words the screens, the receipt and the review share, written one way (docs/ui-words.md).

Qt's ``tr()`` carries the screens' sentences; these are the pieces made from data
outside Qt (the review's rows, counts), so that "1 page" and "Chưa trả lời" read the
same on every screen and on paper. Amounts: :func:`kiosk.catalog.format_vnd`.
"""

from __future__ import annotations

NOT_ANSWERED = {"vi": "Chưa trả lời", "en": "Not answered"}
"""An optional question left empty, on the review page and the dossier's form."""
NOT_PROVIDED = {"vi": "Không nộp", "en": "Not provided"}
"""An optional paper the citizen does not have."""


def counted(count: int, language: str, vi: str, en_one: str, en_many: str) -> str:
    """``count`` with its noun: Vietnamese nouns do not change, English ones do.

    ``counted(1, "en", "trang", "page", "pages")`` is ``"1 page"``; 2 gives ``"2 pages"``.
    """
    if language == "en":
        return f"{count} {en_one if count == 1 else en_many}"
    return f"{count} {vi}"


def pages_text(count: int, language: str) -> str:
    """``"2 trang"`` / ``"1 page"``, ``"2 pages"``."""
    return counted(count, language, "trang", "page", "pages")

