"""The intake flow (no Qt): the steps a procedure generates, validated, into a Dossier.

flow = attach(session, IntakeFlow(procedure, clock, shipped_notice(), session.language))
flow.answer(identity)            # -> [] or [FieldError, ...]
flow.answer("2")                 # the current question
...
dossier = submit(flow, reception)
"""

from kiosk.intake.consent import ConsentNotice, shipped_notice
from kiosk.intake.flow import IntakeFlow
from kiosk.intake.messages import MESSAGES, FieldError, text
from kiosk.intake.review import ReviewRow, rows
from kiosk.intake.session_link import HOLD_KEY, INTAKE_STEP, PROCEDURE_STEP, attach, flow_of
from kiosk.intake.steps import (
    CONSENT,
    DONE,
    IDENTITY,
    PAPER_PREFIX,
    QUESTION_PREFIX,
    REVIEW,
    SUBMIT,
    Step,
    StepKind,
)
from kiosk.intake.submit import Reception, appointment, processing_for, submit

__all__ = [
    "CONSENT",
    "DONE",
    "HOLD_KEY",
    "IDENTITY",
    "INTAKE_STEP",
    "MESSAGES",
    "PAPER_PREFIX",
    "PROCEDURE_STEP",
    "QUESTION_PREFIX",
    "REVIEW",
    "SUBMIT",
    "ConsentNotice",
    "FieldError",
    "IntakeFlow",
    "Reception",
    "ReviewRow",
    "Step",
    "StepKind",
    "appointment",
    "attach",
    "flow_of",
    "processing_for",
    "rows",
    "shipped_notice",
    "submit",
    "text",
]
