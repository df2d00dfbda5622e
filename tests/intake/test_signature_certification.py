"""Signature certification (2.000884): contracts refused, fingerprint, witnesses, fee per document.

Decree 23/2015/NĐ-CP Art. 24 and 25 as the catalog records them (see its
legal note for what was not verified).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from kiosk.catalog import shipped_catalog, total_vnd
from kiosk.dossier import Identity, IdentitySource, Verdict
from kiosk.intake import IntakeFlow, StepKind, shipped_notice

ICT = timezone(timedelta(hours=7))
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ICT)
PROCEDURE = shipped_catalog().procedure("2.000884")


def flow_at_first_question() -> IntakeFlow:
    flow = IntakeFlow(PROCEDURE, lambda: NOW, shipped_notice(), "vi")
    identity = Identity(
        id_number="001099012345",
        full_name="Nguyễn Thị Thử",
        date_of_birth=date(1990, 5, 17),
        expiry_date=date(2030, 5, 17),
        source=IdentitySource.CHIP,
        verdict=Verdict.GENUINE,
    )
    assert flow.answer(identity) == []
    return flow


def answer_until_papers(flow: IntakeFlow, answers: dict[str, object]) -> list[str]:
    """Answer the questions; the ids of the papers then asked for."""
    while flow.current.kind is StepKind.QUESTION:
        question = flow.current.question
        assert question is not None
        assert flow.answer(answers.get(question.id, "")) == [], question.id
    return [step.paper.id for step in flow.steps() if step.paper is not None]


def test_a_contract_or_transaction_is_refused_with_where_to_go() -> None:
    flow = flow_at_first_question()
    assert flow.current.id == "question:paper_kind"
    errors = flow.answer("hop-dong")
    assert [error.message_id for error in errors] == ["refused"]
    vi, en = errors[0].text("vi"), errors[0].text("en")
    assert "Điều 25" in vi and "chứng thực hợp đồng, giao dịch" in vi
    assert "Art. 25" in en and "contract or transaction" in en
    assert flow.current.id == "question:paper_kind"  # no way on: no dossier is made
    assert flow.value("paper_kind") is None
    assert flow.answer("giay-to") == []


def test_signing_or_fingerprinting_needs_no_witness_but_neither_does() -> None:
    base = {"paper_kind": "giay-to", "document_title": "Giấy cam kết", "documents": 1}
    for how in ("ky", "diem-chi"):
        papers = answer_until_papers(flow_at_first_question(), {**base, "sign_how": how})
        assert papers == ["giay-to-can-ky"]
    witnessed = answer_until_papers(flow_at_first_question(), {**base, "sign_how": "lam-chung"})
    assert witnessed == ["giay-to-can-ky", "giay-to-nguoi-lam-chung"]
    assert PROCEDURE.paper("giay-to-nguoi-lam-chung").count == 2


def test_the_charge_is_per_document() -> None:
    answers = {"paper_kind": "giay-to", "sign_how": "ky"}
    assert total_vnd(PROCEDURE, {**answers, "documents": 1}) == 10_000
    assert total_vnd(PROCEDURE, {**answers, "documents": 3}) == 30_000
    flow = flow_at_first_question()
    for value in ("giay-to", "Đơn xin việc", "ky"):
        assert flow.answer(value) == []
    assert flow.current.id == "question:documents"
    refused = flow.answer(0)
    assert [error.message_id for error in refused] == ["too_small"]
    assert refused[0].text("vi") == "Số nhỏ nhất là 1."
    assert flow.current.id == "question:documents"


def test_the_legal_record_names_the_articles_and_what_is_unverified() -> None:
    legal = PROCEDURE.legal
    articles = " ".join(basis.article or "" for basis in legal.basis)
    laws = " ".join(basis.law for basis in legal.basis)
    assert "Điều 24 khoản 3" in articles and "Điều 25" in articles
    assert "07/2025/NĐ-CP" in laws and "280/2025/NĐ-CP" in laws
    assert not legal.verified and "NOT VERIFIED" in legal.note
    assert "questions" in PROCEDURE.unconfirmed
