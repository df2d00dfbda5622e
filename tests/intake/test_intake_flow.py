"""Whole procedures walked headless: every shipped procedure, every conditional branch.

Synthetic citizens only.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta, timezone

import pytest

from kiosk.catalog import Procedure, Question, shipped_catalog, total_vnd
from kiosk.config import Config, Language, Timeouts
from kiosk.dossier import Dossier, Identity, IdentitySource, PaperRef, Verdict
from kiosk.intake import (
    CONSENT,
    DONE,
    IDENTITY,
    REVIEW,
    SUBMIT,
    IntakeFlow,
    Reception,
    StepKind,
    attach,
    flow_of,
    rows,
    shipped_notice,
    submit,
)
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.settings import ReceiptSettings
from kiosk.session import EndReason, KioskSession
from kiosk.workdays import WorkCalendar, shipped_hours

ICT = timezone(timedelta(hours=7))
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ICT)  # a Monday
CATALOG = shipped_catalog()
RECEPTION = Reception(
    "KIOSK-TEST-01", CATALOG.version, WorkCalendar.shipped(), shipped_hours(), "Trung tâm thử"
)


def citizen(
    source: IdentitySource = IdentitySource.CHIP,
    verdict: Verdict = Verdict.GENUINE,
    **changes: object,
) -> Identity:
    values: dict[str, object] = {
        "id_number": "001099012345",
        "full_name": "Nguyễn Thị Thử",
        "date_of_birth": date(1990, 5, 17),
        "sex": "Nữ",
        "place_of_residence": "Số 1 phố Thử Nghiệm, phường Ba Đình, Hà Nội",
        "expiry_date": date(2030, 5, 17),
        "source": source,
        "verdict": verdict,
    }
    values.update(changes)
    return Identity.model_validate(values)


def new_flow(code: str, language: Language = "vi") -> IntakeFlow:
    return IntakeFlow(CATALOG.procedure(code), lambda: NOW, shipped_notice(), language)


def valid_answer(question: Question, walk: int) -> object:
    """A valid answer; ``walk`` seeds the pick among choices so that walks cover every branch."""
    pick = random.Random(f"{walk}:{question.id}")
    if question.type == "yes_no":
        return pick.random() < 0.5
    if question.type == "choice":  # an option the law excludes is refused, never valid
        return pick.choice([o for o in question.options if o.refuse is None]).value
    if question.type == "date":
        return "17/05/2020"
    if question.type == "number":
        low = question.validation.minimum or 0
        return str(max(low, min(3, question.validation.maximum or 3)))
    return {
        "person_name": "Trần Văn Mẫu",
        "id_number": "001088000111",
        "phone": "0912 345 678",
    }.get(question.validation.format, "Số 2 đường Thử, xã Mẫu, tỉnh Thử")


def capture(requirement_id: str, pages: int = 1) -> PaperRef:
    digest = hashlib.sha256(requirement_id.encode()).hexdigest()
    return PaperRef(
        requirement_id=requirement_id,
        title_vi=requirement_id,
        pages=pages,
        sha256=digest,
        size_bytes=1000,
    )


def walk(flow: IntakeFlow, walk_no: int, seen: set[str]) -> Dossier:
    """Answer every step validly until the dossier is submitted."""
    assert flow.answer(citizen()) == []
    for _ in range(200):
        step = flow.current
        seen.add(step.id)
        if step.kind is StepKind.QUESTION:
            assert step.question is not None
            errors = flow.answer(valid_answer(step.question, walk_no))
        elif step.kind is StepKind.PAPER:
            assert step.paper is not None
            errors = flow.answer(capture(step.paper.id, step.paper.pages_min))
        elif step.kind is StepKind.REVIEW:
            assert all(row.value != "—" or not row.changeable for row in rows(flow, "vi"))
            errors = flow.answer()
        elif step.kind is StepKind.CONSENT:
            errors = flow.answer(True)
        else:
            assert step.id == SUBMIT
            return submit(flow, RECEPTION, random_bits=walk_no)
        assert errors == [], (step.id, [e.message_id for e in errors])
    raise AssertionError("the flow never reached submit")


@pytest.mark.parametrize("procedure", CATALOG.procedures, ids=lambda p: p.code)
def test_every_procedure_walks_to_a_dossier_through_every_branch(procedure: Procedure) -> None:
    locked = {q.id for q in procedure.questions if q.prefill and not q.editable}
    every_step = {f"question:{q.id}" for q in procedure.questions if q.id not in locked}
    every_step |= {f"paper:{p.id}" for p in procedure.papers}
    seen: set[str] = set()
    for walk_no in range(40):
        if every_step <= seen and walk_no >= 2:
            break
        flow = new_flow(procedure.code)
        dossier = walk(flow, walk_no, seen)
        assert flow.current.id == DONE
        assert dossier.procedure_code == procedure.code
        assert dossier.catalog_version == CATALOG.version
        assert dossier.consent.notice_version == shipped_notice().version
        assert dossier.fee_vnd == total_vnd(procedure, dossier.answers)
        assert dossier.appointment.ready_at >= NOW
        # The declaration travels as the review page showed it, in Vietnamese.
        labels = {q.label.vi for q in procedure.questions}
        assert {line.label for line in dossier.form} <= labels
        assert bool(dossier.form) == bool(procedure.questions)
        assert all(line.value for line in dossier.form)
        assert dossier.lookup_token is not None and len(dossier.lookup_token) >= 22
        assert not dossier.appointment.provisional  # March 2026: the year's notice is known
        assert RECEPTION.calendar.is_working_day(dossier.appointment.ready_at.date())
        assert dossier.provisional_code.startswith("K-KIOSK-TEST-01-260302-")
        assert {p.requirement_id for p in dossier.papers} <= {p.id for p in procedure.papers}
        assert Dossier.model_validate_json(dossier.model_dump_json()) == dossier
    assert every_step <= seen, f"never shown: {sorted(every_step - seen)}"


def test_a_dossier_received_in_a_year_without_a_notice_has_a_provisional_date() -> None:
    received = datetime(2027, 3, 1, 9, 0, tzinfo=ICT)  # no 2027 notice is shipped
    flow = IntakeFlow(CATALOG.procedure("2.000488"), lambda: received, shipped_notice(), "vi")
    dossier = walk(flow, 0, set())
    assert dossier.appointment.provisional
    facts = ReceiptFacts.from_dossier(dossier, ReceiptSettings.from_config(Config()))
    assert facts.ready_provisional
    # The certificate's fee is a "phí" (a charge), not a "lệ phí": the receipt says so.
    assert dossier.fee_kinds == ("phi",) and facts.fee_kinds == ("phi",)


def test_conditional_papers_follow_the_answers() -> None:
    flow = new_flow("1.001193")
    flow.answer(citizen())
    answers = {
        "relationship": "cha-me",
        "child_name": "Nguyễn Văn Bé",
        "child_birth_date": "01/02/2026",
        "child_sex": "nam",
        "birth_place": "Bệnh viện Thử",
        "child_ethnicity": "Kinh",
        "child_nationality": "Việt Nam",
        "child_home_town": "Xã Thử, tỉnh Thử",
        "mother_name": "Trần Thị Thử",
        "mother_birth_year": 1995,
        "mother_ethnicity": "Kinh",
        "mother_nationality": "Việt Nam",
        "mother_residence": "Số 1, xã Thử, tỉnh Thử",
        "father_known": False,
        "late_registration": False,
        "has_birth_notice": False,
        "parents_married": True,
        "phone": "",
    }
    while flow.current.kind is StepKind.QUESTION:
        assert flow.current.question is not None
        question_id = flow.current.question.id
        assert flow.answer(answers.get(question_id, flow.value(question_id))) == []
    papers = [s.id for s in flow.steps() if s.kind is StepKind.PAPER]
    assert papers == ["paper:van-ban-lam-chung", "paper:giay-chung-nhan-ket-hon"]


def test_errors_are_keyed_to_messages_in_both_languages() -> None:
    flow = new_flow("2.000815")
    flow.answer(citizen())
    assert flow.current.id == "question:document_title"
    flow.answer("Bằng tốt nghiệp")
    errors = flow.answer("nhiều")
    assert [e.message_id for e in errors] == ["not_a_number"]
    assert errors[0].text("vi") == "Nhập một số, ví dụ 2."
    assert errors[0].text("en") == "Enter a number, for example 2."
    errors = flow.answer("201")
    assert [(e.message_id, e.params) for e in errors] == [("too_large", {"max": "200"})]
    assert flow.current.id == "question:pages"  # a refused answer does not move on


def test_back_returns_along_the_way_taken() -> None:
    flow = new_flow("2.000815")
    assert not flow.can_go_back
    flow.answer(citizen())
    flow.answer("Giấy khai sinh")
    assert flow.current.id == "question:pages"
    flow.back()
    assert flow.current.id == "question:document_title"
    assert flow.value("document_title") == "Giấy khai sinh"  # kept for the citizen
    flow.back()
    assert flow.current.id == IDENTITY


def test_change_from_review_walks_new_questions_then_returns() -> None:
    flow = new_flow("2.000488")
    seen: set[str] = set()
    flow.answer(citizen())
    while flow.current.id != REVIEW:
        step = flow.current
        if step.question is not None:
            value = "so-2" if step.question.id == "certificate" else valid_answer(step.question, 1)
            assert flow.answer(value) == []
        else:
            assert step.paper is not None
            flow.answer(capture(step.paper.id))
        seen.add(step.id)
    assert "question:authorised" not in seen
    flow.change("question:certificate")
    assert flow.answer("so-1") == []
    # No. 1 may be requested by proxy: that new question comes before the review.
    assert flow.current.id == "question:authorised"
    assert flow.answer(False) == []
    # No. 1 states a ban on managing enterprises only on request (Art. 42): asked too.
    assert flow.current.id == "question:enterprise_ban_request"
    assert flow.answer(True) == []
    assert flow.current.id == REVIEW


def test_card_data_is_locked_only_when_the_chip_is_genuine() -> None:
    flow = new_flow("1.004222")
    flow.answer(citizen())
    assert flow.is_locked("applicant_name")
    assert flow.value("applicant_name") == "Nguyễn Thị Thử"
    assert "question:applicant_name" not in [s.id for s in flow.steps()]
    # The address pre-fills but may be changed.
    assert flow.current.id == "question:applicant_residence"
    assert flow.value("applicant_residence") == citizen().place_of_residence

    typed = new_flow("1.004222")
    typed.answer(citizen(IdentitySource.TYPED, Verdict.NOT_CHECKED))
    assert not typed.is_locked("applicant_name")
    assert typed.current.id == "question:applicant_name"
    assert typed.value("applicant_name") == "Nguyễn Thị Thử"


def test_failed_chip_and_expired_card_are_refused() -> None:
    flow = new_flow("1.004222")
    errors = flow.answer(citizen(verdict=Verdict.FAILED))
    assert [e.message_id for e in errors] == ["identity_not_genuine"]
    assert flow.identity is None and flow.value("applicant_name") is None
    errors = flow.answer(citizen(expiry_date=date(2026, 1, 1)))
    assert [e.message_id for e in errors] == ["card_expired"]
    assert flow.current.id == IDENTITY


@pytest.mark.parametrize("not_consent", [None, False, "yes", 1, "True"])
def test_consent_must_be_an_explicit_true(not_consent: object) -> None:
    flow = new_flow("2.000884")
    seen: set[str] = set()
    flow.answer(citizen())
    while flow.current.id != CONSENT:
        step = flow.current
        flow.answer(
            valid_answer(step.question, 0)
            if step.question
            else capture(step.paper.id)
            if step.paper
            else None
        )
        seen.add(step.id)
    assert flow.consent is None  # nothing is pre-ticked
    errors = flow.answer(not_consent)
    assert [e.message_id for e in errors] == ["consent_required"]
    assert flow.current.id == CONSENT
    assert flow.answer(True) == []
    assert flow.consent is not None and flow.consent.accepted_at == NOW
    assert flow.consent.notice_sha256 == shipped_notice().sha256("vi")


def test_paper_page_counts_are_checked() -> None:
    flow = new_flow("1.000656")
    flow.answer(citizen())
    while flow.current.kind is not StepKind.PAPER:
        assert flow.current.question is not None
        flow.answer(valid_answer(flow.current.question, 0))
    paper = flow.current.paper
    assert paper is not None
    assert [e.message_id for e in flow.answer(capture(paper.id, 9))] == ["paper_pages"]
    assert [e.message_id for e in flow.answer(capture("other"))] == ["paper_mismatch"]
    assert [e.message_id for e in flow.answer(None)] == ["paper_missing"]


def test_submit_only_from_the_submit_step() -> None:
    flow = new_flow("2.000884")
    with pytest.raises(RuntimeError):
        submit(flow, RECEPTION)


def test_the_session_holds_the_flow_and_wipes_it() -> None:
    clock = [1000.0]
    session = KioskSession(Timeouts(idle_warning_s=60, idle_countdown_s=30), "vi", lambda: clock[0])
    session.start("procedure")
    flow = attach(session, new_flow("1.004222"))
    assert flow_of(session) is flow
    flow.answer(citizen())
    clock[0] += 50
    flow.answer("Số 1 phố Thử")  # answering is input: the idle timer starts again
    clock[0] += 50
    session.tick()
    assert not session.warning_shown
    clock[0] += 100
    session.tick()  # idle: the session ends and wipes
    assert not session.active
    assert flow_of(session) is None
    assert flow.identity is None and flow.answers == {}
    with pytest.raises(RuntimeError):
        flow.answer("anything")


def test_choosing_another_procedure_wipes_the_first_intake() -> None:
    session = KioskSession(Timeouts(), "en")
    session.start("procedure")
    first = attach(session, new_flow("1.004222"))
    first.answer(citizen())
    second = attach(session, new_flow("1.004194"))
    assert first.identity is None and flow_of(session) is second
    assert second.language == "en"
    session.end(EndReason.CANCELLED)
    assert second.identity is None


def test_review_rows_show_answers_as_the_citizen_gave_them() -> None:
    flow = new_flow("1.004873", "en")
    flow.answer(citizen())
    flow.answer("Số 1 phố Thử")
    flow.answer("ket-hon")
    lines = {row.step_id: row for row in rows(flow, "en")}
    assert lines["question:purpose"].value == "To marry"
    locked = [row for row in rows(flow, "en") if not row.changeable]
    assert [row.value for row in locked] == ["Nguyễn Thị Thử"]


def test_every_message_id_in_the_engine_has_both_languages() -> None:
    import re
    from pathlib import Path

    from kiosk.intake import MESSAGES
    from kiosk.intake.validate import _FORMATS

    root = Path(__file__).resolve().parents[2] / "kiosk" / "intake"
    source = "\n".join(p.read_text(encoding="utf-8") for p in root.glob("*.py"))
    used = set(re.findall(r'(?:FieldError\([^,()]+,|_error\(question,)\s*"([a-z_]+)"', source))
    used |= {message for _, message in _FORMATS.values()}
    assert len(used) >= 15
    assert used <= set(MESSAGES), used - set(MESSAGES)
    for vi, en in MESSAGES.values():
        assert vi and en and vi != en
