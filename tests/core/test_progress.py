"""Where am I: the step indicator's stage and n of N, worked out from the flow."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

from kiosk.catalog import shipped_catalog
from kiosk.dossier import Identity, IdentitySource, PaperRef, Verdict
from kiosk.intake import IntakeFlow, StepKind, shipped_notice
from kiosk.journey import GOODBYE, INTAKE, OVERVIEW, PROCEDURE, RATING, RECEIPT
from kiosk.progress import Part, Place, Stage, place_of

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=7)))
CATALOG = shipped_catalog()


def identity() -> Identity:
    return Identity(
        id_number="001099012345",
        full_name="Nguyễn Thị Thử",
        date_of_birth=date(1990, 5, 17),
        expiry_date=date(2030, 5, 17),
        source=IdentitySource.CHIP,
        verdict=Verdict.GENUINE,
    )


def paper(requirement_id: str) -> PaperRef:
    return PaperRef(
        requirement_id=requirement_id,
        title_vi=requirement_id,
        pages=1,
        sha256=hashlib.sha256(requirement_id.encode()).hexdigest(),
        size_bytes=1000,
    )


def test_screens_outside_the_counted_journey_have_no_place() -> None:
    assert place_of(PROCEDURE, None) == Place(Stage.PROCEDURE, Part.PROCEDURE)
    assert place_of(RECEIPT, None) == Place(Stage.FINISH, Part.RECEIPT)
    for step in (OVERVIEW, RATING, GOODBYE):
        assert place_of(step, None) is None


def test_each_question_and_paper_says_n_of_n_and_the_total_follows_the_answers() -> None:
    flow = IntakeFlow(CATALOG.procedure("2.000488"), lambda: NOW, shipped_notice(), "vi")
    assert place_of(INTAKE, flow) == Place(Stage.CARD, Part.CARD)
    assert flow.answer(identity()) == []
    seen: list[Place] = []
    for _ in range(100):
        step = flow.current
        place = place_of(INTAKE, flow)
        assert place is not None
        if step.kind is StepKind.QUESTION:
            assert step.question is not None
            seen.append(place)
            shown = [s for s in flow.steps() if s.kind is StepKind.QUESTION]
            assert (place.number, place.total) == (shown.index(step) + 1, len(shown))
            question = step.question
            if question.type in ("choice", "yes_no"):
                options = [o.value for o in question.options if o.refuse is None]
                value: object = options[-1] if question.type == "choice" else True
            elif question.type == "number":
                value = "1"
            elif question.type == "date":
                value = "17/05/2020"
            elif question.validation.format == "id_number":
                value = "001088000111"
            elif question.validation.format == "phone":
                value = "0912345678"
            else:
                value = "Trần Văn Mẫu"
            assert flow.answer(value) == [], question.id
        elif step.kind is StepKind.PAPER:
            assert step.paper is not None and place.part is Part.PAPER
            assert place.stage is Stage.ANSWERS and 1 <= place.number <= place.total
            assert flow.answer(paper(step.paper.id)) == []
        else:
            break
    assert [p.number for p in seen] == list(range(1, len(seen) + 1))
    assert seen[-1].total == len(seen)
    assert place_of(INTAKE, flow) == Place(Stage.FINISH, Part.REVIEW)
    assert flow.answer() == []
    assert place_of(INTAKE, flow) == Place(Stage.FINISH, Part.CONSENT)
