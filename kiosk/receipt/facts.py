"""What one receipt says, taken from a dossier, with the citizen's name already masked.

:class:`ReceiptFacts` is all the renderer needs about one dossier and all a
reprint needs: the outbox stores it in clear text beside the sealed dossier
(it holds no ID number, only the masked name, the address cut to its
commune and province and the phone's last three digits) and hands it back by
code. It serialises to JSON, never pickle.

What a lobby receipt may print: it leaves the center with the citizen and can
be lost or photographed, so it carries what the official form asks for
(Circular 01/2018/TT-VPCP, Mẫu 01: name, address, phone) only as far as lets
the citizen recognise it as theirs and the counter find the dossier: the
name masked as configured, the address without house number or street, the
phone as ``*******678``. With ``name_mask = "none"`` a center prints them whole.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from kiosk.catalog.model import Paper, Procedure
from kiosk.config import Language
from kiosk.dossier import LOOKUP_TOKEN, OFFICIAL_CODE, PROVISIONAL_CODE, Dossier
from kiosk.intake.submit import processing_for
from kiosk.receipt.settings import NameMask, ReceiptSettings

MASK = "***"
PHONE_SHOWN = 3
"""How many of the phone's last digits a masked receipt shows."""
ADDRESS_PARTS_SHOWN = 2
"""How many of the address's last parts (commune or ward, province) a masked receipt shows."""

PaperForm = Literal[
    "original", "copy", "certified_copy", "original_or_certified_copy", "original_to_present"
]


class PaperLine(BaseModel):
    """One paper received: its title and how many pages were captured."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, Field(min_length=1, max_length=500)]
    pages: Annotated[int, Field(ge=1, le=200)]
    form: PaperForm | None = Field(
        default=None, description="original, copy…, as the catalog asks; None: not known"
    )


class ReceiptFacts(BaseModel):
    """The facts printed on one receipt (no unmasked personal data)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, Field(pattern=f"{PROVISIONAL_CODE.pattern}|{OFFICIAL_CODE.pattern}")]
    official_code: Annotated[str, Field(pattern=OFFICIAL_CODE.pattern)] | None = Field(
        default=None, description="the center's code, once it acknowledged a provisional one"
    )
    procedure_code: str
    procedure_name: Annotated[str, Field(min_length=1, max_length=500)]
    citizen: str = Field(default="", description="the masked name; empty: not printed")
    address: str = Field(default="", description="the masked address; empty: not printed")
    phone: str = Field(default="", description="the masked phone; empty: not printed")
    processing: str = Field(
        default="", description="the legal processing time, in words; empty: not known"
    )
    dossier_sets: Annotated[int, Field(ge=1, le=20)] = 1
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
        """Whether only the kiosk's provisional code is known (the center assigns the official)."""
        return PROVISIONAL_CODE.match(self.code) is not None and self.official_code is None

    @property
    def dossier_code(self) -> str:
        """The code the citizen quotes: the official one once known, else the provisional."""
        return self.official_code or self.code

    @classmethod
    def from_dossier(
        cls, dossier: Dossier, settings: ReceiptSettings, procedure: Procedure | None = None
    ) -> ReceiptFacts:
        """The receipt of ``dossier``, masked as ``settings`` says.

        ``procedure`` (the catalog's entry) adds the legal processing time and
        each paper's form (original, copy…); without it those lines are left out.
        """
        language = dossier.language
        processing = ""
        if procedure is not None:
            processing = processing_for(procedure, dossier.answers).describe(language)
        phone = dossier.answers.get("phone")
        return cls(
            code=dossier.provisional_code,
            procedure_code=dossier.procedure_code,
            procedure_name=dossier.procedure_name_vi,
            citizen=mask_name(dossier.identity.full_name, settings.name_mask),
            address=mask_address(dossier.identity.place_of_residence, settings.name_mask),
            phone=mask_phone(phone if isinstance(phone, str) else "", settings.name_mask),
            processing=processing,
            received_at=dossier.received_at,
            ready_at=dossier.appointment.ready_at,
            ready_provisional=dossier.appointment.provisional,
            papers=tuple(
                PaperLine(title=p.title_vi, pages=p.pages, form=_form(procedure, p.requirement_id))
                for p in dossier.papers
            ),
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


def mask_address(address: str, mask: NameMask) -> str:
    """``"Số 12, ngõ 4, Phường Láng, Hà Nội"`` as ``"…, Phường Láng, Hà Nội"``."""
    parts = [part.strip() for part in unicodedata.normalize("NFC", address).split(",")]
    parts = [part for part in parts if part]
    if mask == NameMask.NONE or len(parts) <= ADDRESS_PARTS_SHOWN:
        return ", ".join(parts)
    return ", ".join(["…", *parts[-ADDRESS_PARTS_SHOWN:]])


def mask_phone(phone: str, mask: NameMask) -> str:
    """``"0912345678"`` as ``"*******678"``: enough to recognise, not to call."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if mask == NameMask.NONE or len(digits) <= PHONE_SHOWN:
        return digits
    return "*" * (len(digits) - PHONE_SHOWN) + digits[-PHONE_SHOWN:]


def _form(procedure: Procedure | None, paper_id: str) -> PaperForm | None:
    if procedure is None:
        return None
    papers: dict[str, Paper] = {paper.id: paper for paper in procedure.papers}
    paper = papers.get(paper_id)
    return paper.form if paper is not None else None


def _initial(word: str) -> str:
    """The first letter with any combining marks that belong to it."""
    end = 1
    while end < len(word) and unicodedata.combining(word[end]):
        end += 1
    return word[:end]
