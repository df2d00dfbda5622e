"""The catalog of procedures (danh mục thủ tục hành chính) as validated data.

A procedure (thủ tục hành chính, TTHC) has a national code such as
``1.001193``; the one-stop counter (bộ phận một cửa) receives its dossier on
behalf of the agency that decides it. For each procedure the catalog says
what the citizen must answer (the form), which papers (thành phần hồ sơ) to
bring, what it costs (phí: a charge for a service; lệ phí: a state fee), how
long it takes and how the result (kết quả) is returned.

Everything here is data published by the center, so a file from outside is
treated as untrusted: strings are bounded, free-text validation is limited to
named formats (no regular expressions from the file, which could be made to
run for ever on a citizen's input), and references between entries are
checked when the file is loaded (:mod:`kiosk.catalog.checks`).
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kiosk.catalog.conditions import Condition

_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
Id = Annotated[str, Field(pattern=_ID)]


def _no_control(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise ValueError("control characters are not allowed in text")
    return value


Line = Annotated[str, Field(min_length=1, max_length=600), AfterValidator(_no_control)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(_Model):
    """The same text in Vietnamese (shown first) and English."""

    vi: Line
    en: Line

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.vi


Level = Literal["central", "province", "district", "commune"]
IdentityField = Literal[
    "id_number",
    "full_name",
    "date_of_birth",
    "sex",
    "nationality",
    "place_of_origin",
    "place_of_residence",
    "issue_date",
    "old_id_number",
]
QuestionType = Literal["text", "long_text", "date", "number", "choice", "yes_no"]
# Named formats instead of patterns from the file (see the module docstring).
TextFormat = Literal["any", "person_name", "id_number", "phone", "email", "tax_code"]


class Source(_Model):
    """A public page a fact was taken from."""

    title: Line
    url: Annotated[str, Field(pattern=r"^https://[^\s]{4,500}$")]


class Sector(_Model):
    """A field of administration (lĩnh vực), e.g. civil status (hộ tịch)."""

    id: Id
    name: Text


class Agency(_Model):
    """An agency that decides dossiers (cơ quan giải quyết)."""

    id: Id
    name: Text
    level: Level


class Processing(_Model):
    """How long the agency takes (thời hạn giải quyết).

    ``same_day``: returned the day it is received if received before
    ``cutoff`` (15:00 in Decree 23/2015 Art. 7 for certifications), else the
    next working day. ``working_days`` and ``working_hours`` count office time only.
    """

    kind: Literal["same_day", "working_days", "working_hours"]
    amount: Annotated[int, Field(ge=1, le=200)] = 1
    cutoff: time | None = None
    note: Text | None = None

    def describe(self, language: str) -> str:
        if self.kind == "same_day":
            return "Trong ngày" if language == "vi" else "Same day"
        unit = {
            ("working_days", "vi"): "ngày làm việc",
            ("working_days", "en"): "working day(s)",
            ("working_hours", "vi"): "giờ làm việc",
            ("working_hours", "en"): "working hour(s)",
        }[(self.kind, "en" if language == "en" else "vi")]
        return f"{self.amount} {unit}"


class ProcessingCase(_Model):
    """A processing time that replaces the usual one when ``when`` holds."""

    when: Condition
    processing: Processing


class Tier(_Model):
    """From unit ``from_unit`` on, each unit costs ``amount_vnd``."""

    from_unit: Annotated[int, Field(ge=1, le=10_000)]
    amount_vnd: Annotated[int, Field(ge=0, le=100_000_000)]


class Fee(_Model):
    """A phí or lệ phí line; the amount may depend on counts the citizen gives."""

    id: Id
    kind: Literal["phi", "le_phi"]
    label: Text
    amount_vnd: Annotated[int, Field(ge=0, le=100_000_000)] = 0
    per: Literal["dossier", "copy", "page"] = "dossier"
    quantity_from: Id | None = None
    tiers: Annotated[tuple[Tier, ...], Field(max_length=10)] = ()
    cap_vnd: Annotated[int, Field(ge=0, le=100_000_000)] | None = None
    multiplier_from: Id | None = None
    when: Condition | None = None
    note: Text | None = None


class Paper(_Model):
    """One paper of the dossier (thành phần hồ sơ)."""

    id: Id
    name: Text
    form: Literal[
        "original", "copy", "certified_copy", "original_or_certified_copy", "original_to_present"
    ]
    count: Annotated[int, Field(ge=1, le=20)] = 1
    required: bool = True
    show_if: Condition | None = None
    pages_min: Annotated[int, Field(ge=1, le=200)] = 1
    pages_max: Annotated[int, Field(ge=1, le=200)] = 2
    pages_from: Id | None = None
    """The number question where the citizen says how many pages this paper has: the
    review warns when the pages captured differ (a per-page fee is counted from it)."""
    note: Text | None = None


class Option(_Model):
    """One choice of a ``choice`` question.

    ``refuse``: the kiosk cannot take a dossier with this answer (the law
    excludes it from the procedure); the text says why and where to go instead,
    and the intake does not go on.
    """

    value: Id
    label: Text
    refuse: Text | None = None


class Validation(_Model):
    """Bounds on an answer; every one is optional."""

    min_length: Annotated[int, Field(ge=0, le=2000)] | None = None
    max_length: Annotated[int, Field(ge=1, le=2000)] | None = None
    format: TextFormat = "any"
    minimum: int | None = None
    maximum: int | None = None
    not_future: bool = False
    not_before: date | None = None


class Question(_Model):
    """One form field (one screen where it helps)."""

    id: Id
    type: QuestionType
    label: Text
    short: Text | None = None
    """A few words naming the answer on the review page ("Phone"); the label when absent."""
    help: Text | None = None
    required: bool = True
    options: Annotated[tuple[Option, ...], Field(max_length=30)] = ()
    validation: Validation = Validation()
    prefill: IdentityField | None = None
    editable: bool = True
    show_if: Condition | None = None


Fact = Literal["code", "agency", "processing", "fees", "papers", "questions"]


class LegalBasis(_Model):
    """One legal text a procedure rests on: the law (decree, circular) and the article."""

    law: Line
    article: Line | None = None
    about: Annotated[tuple[Fact, ...], Field(max_length=6)] = ()


class Legal(_Model):
    """Where a procedure's facts come from, and how far they were checked.

    ``checked``: the day someone last compared the record with the sources;
    ``verified``: every fact was found on an official page (then
    ``unconfirmed`` is empty); ``note``: what was checked where, and what not.
    """

    basis: Annotated[tuple[LegalBasis, ...], Field(min_length=1, max_length=20)]
    checked: date
    verified: bool
    note: Annotated[str, Field(min_length=10, max_length=3000), AfterValidator(_no_control)]


Code = Annotated[str, Field(pattern=r"^\d\.\d{6}$")]


class Procedure(_Model):
    """One administrative procedure as the kiosk offers it.

    ``everyday``: what the citizen wants, in their words ("Xin phiếu lý lịch tư
    pháp để đi làm, đi học, xuất cảnh"); the list shows it large, the official
    name small.
    """

    code: Code
    name: Text
    everyday: Text | None = None
    aliases: Annotated[
        tuple[Annotated[str, Field(min_length=2, max_length=80)], ...], Field(max_length=30)
    ] = ()
    sector: Id
    agency: Id
    level: Level
    processing: Processing
    processing_cases: Annotated[tuple[ProcessingCase, ...], Field(max_length=10)] = ()
    fees: Annotated[tuple[Fee, ...], Field(max_length=20)] = ()
    papers: Annotated[tuple[Paper, ...], Field(max_length=40)] = ()
    questions: Annotated[tuple[Question, ...], Field(max_length=60)] = ()
    result: Text
    delivery: Annotated[
        tuple[Literal["counter", "post", "online"], ...], Field(min_length=1, max_length=3)
    ] = ("counter",)
    legal: Legal
    sources: Annotated[tuple[Source, ...], Field(min_length=1, max_length=20)]
    unconfirmed: Annotated[tuple[Fact, ...], Field(max_length=6)] = ()
    note: Text | None = None

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def paper(self, paper_id: str) -> Paper:
        for paper in self.papers:
            if paper.id == paper_id:
                return paper
        raise KeyError(paper_id)


SOME_CASES = Text(vi="trong một số trường hợp", en="in some cases")

UNCONFIRMED = Text(
    vi="chưa xác nhận — hỏi cán bộ tại quầy", en="not yet confirmed — ask at the counter"
)


def unconfirmed_words(procedure: Procedure, fact: str, language: str) -> str:
    """`` (chưa xác nhận — …)`` after a fact the data has not confirmed, else nothing."""
    return f" ({UNCONFIRMED.get(language)})" if fact in procedure.unconfirmed else ""


def processing_text(procedure: Procedure, language: str) -> str:
    """The usual time, then the other times the answers can lead to: "10 …; 15 … in some cases"."""
    usual = procedure.processing.describe(language)
    others = [case.processing.describe(language) for case in procedure.processing_cases]
    unique = [text for index, text in enumerate(others) if text not in others[:index]]
    if not unique:
        return usual
    return f"{usual}; {', '.join(unique)} {SOME_CASES.get(language)}"


class GuideAnswer(_Model):
    """One tap answer of a guide question: ``next`` question, or the ``procedures`` it fits."""

    label: Text
    next: Id | None = None
    procedures: Annotated[tuple[Code, ...], Field(max_length=6)] = ()


class GuideQuestion(_Model):
    """One plain question of the guide, answered by a tap."""

    id: Id
    text: Text
    answers: Annotated[tuple[GuideAnswer, ...], Field(min_length=2, max_length=8)]


class Guide(_Model):
    """The "I don't know which procedure" path: a few questions that end on a short list.

    Checked by :mod:`kiosk.catalog.guide` (every ``next`` and code exists, no
    loops, at most three questions on any path).
    """

    start: Id
    questions: Annotated[tuple[GuideQuestion, ...], Field(min_length=1, max_length=60)]


class Catalog(_Model):
    """One published version of the whole catalog."""

    schema_version: Literal[1] = Field(alias="schema")
    version: Annotated[str, Field(pattern=r"^\d{4}\.\d{1,3}(\.\d{1,3})?$")]
    published: date
    publisher: Line
    sectors: Annotated[tuple[Sector, ...], Field(min_length=1, max_length=200)]
    agencies: Annotated[tuple[Agency, ...], Field(min_length=1, max_length=500)]
    procedures: Annotated[tuple[Procedure, ...], Field(min_length=1, max_length=3000)]
    guide: Guide | None = None

    def procedure(self, code: str) -> Procedure:
        """The procedure with ``code``; :class:`KeyError` if there is none."""
        for procedure in self.procedures:
            if procedure.code == code:
                return procedure
        raise KeyError(code)

    def sector(self, sector_id: str) -> Sector:
        return next(s for s in self.sectors if s.id == sector_id)

    def agency(self, agency_id: str) -> Agency:
        return next(a for a in self.agencies if a.id == agency_id)

    @property
    def version_key(self) -> tuple[int, ...]:
        """The version as numbers, so that 2026.10 sorts after 2026.9."""
        return tuple(int(part) for part in self.version.split("."))
