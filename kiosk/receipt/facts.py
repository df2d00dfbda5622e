"""What one receipt says, taken from a dossier, with the citizen's name already masked.

:class:`ReceiptFacts` is all the renderer needs about one dossier and all a
reprint needs: the outbox stores it in clear text beside the sealed dossier
(it holds no ID number, no address and only the masked name) and hands it
back by code. It serialises to JSON, never pickle.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from kiosk.config import Language
from kiosk.dossier import LOOKUP_TOKEN, OFFICIAL_CODE, PROVISIONAL_CODE, Dossier
from kiosk.receipt.settings import NameMask, ReceiptSettings

MASK = "***"


class PaperLine(BaseModel):
    """One paper received: its title and how many pages were captured."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, Field(min_length=1, max_length=500)]
    pages: Annotated[int, Field(ge=1, le=200)]


class ReceiptFacts(BaseModel):
    """The facts printed on one receipt (no unmasked personal data)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, Field(pattern=f"{PROVISIONAL_CODE.pattern}|{OFFICIAL_CODE.pattern}")]
    procedure_code: str
    procedure_name: Annotated[str, Field(min_length=1, max_length=500)]
    citizen: str = Field(default="", description="the masked name; empty: not printed")
    received_at: datetime
    ready_at: datetime
    ready_provisional: bool = Field(
        default=False, description="the date is an estimate until the year's holiday notice"
    )
    papers: tuple[PaperLine, ...] = ()
    paper_count: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="how many papers, when their titles are not known"
    )
    fee_vnd: Annotated[int, Field(ge=0)] | None = Field(default=0, description="None: not known")
    fee_kinds: tuple[Literal["phi", "le_phi"], ...] = Field(
        default=(), description="which word the fee line prints: phí, lệ phí, or both"
    )
    collect_at: str = ""
    kiosk_id: str
    language: Language = "vi"
    lookup_token: Annotated[str, Field(pattern=LOOKUP_TOKEN.pattern)] | None = Field(
        default=None, description="the dossier's lookup token (the QR's link); None: older"
    )

    @property
    def papers_received(self) -> int:
        """How many papers were received (listed, or only counted)."""
        return len(self.papers) or self.paper_count or 0

    @property
    def provisional(self) -> bool:
        """Whether the code is the kiosk's provisional one (the center assigns the official)."""
        return PROVISIONAL_CODE.match(self.code) is not None

    @classmethod
    def from_dossier(cls, dossier: Dossier, settings: ReceiptSettings) -> ReceiptFacts:
        """The receipt of ``dossier``, its name masked as ``settings`` says."""
        return cls(
            code=dossier.provisional_code,
            procedure_code=dossier.procedure_code,
            procedure_name=dossier.procedure_name_vi,
            citizen=mask_name(dossier.identity.full_name, settings.name_mask),
            received_at=dossier.received_at,
            ready_at=dossier.appointment.ready_at,
            ready_provisional=dossier.appointment.provisional,
            papers=tuple(PaperLine(title=p.title_vi, pages=p.pages) for p in dossier.papers),
            fee_vnd=dossier.fee_vnd,
            fee_kinds=dossier.fee_kinds,
            collect_at=dossier.appointment.collect_at or settings.collect_at,
            kiosk_id=dossier.kiosk_id,
            language=dossier.language,
            lookup_token=dossier.lookup_token,
        )


def mask_name(full_name: str, mask: NameMask) -> str:
    """``"Nguyễn Văn An"`` as ``"Nguyễn V*** A"`` (initials), ``"Nguyễn V*** An"`` (middle)."""
    words = unicodedata.normalize("NFC", full_name).split()
    if mask == NameMask.NONE or not words:
        return " ".join(words)
    if len(words) == 1:
        return _initial(words[0]) + MASK
    family, *middle, given = words
    shown_given = given if mask == NameMask.MIDDLE else _initial(given)
    return " ".join([family, *(_initial(word) + MASK for word in middle), shown_given])


def _initial(word: str) -> str:
    """The first letter with any combining marks that belong to it."""
    end = 1
    while end < len(word) and unicodedata.combining(word[end]):
        end += 1
    return word[:end]
