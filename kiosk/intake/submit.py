"""Turning a finished intake into the :class:`~kiosk.dossier.Dossier` the outbox seals.

The dossier is built at submit, not before: the receiving time fixes the
appointment date (:mod:`kiosk.workdays`) and the provisional code, and the
fee is priced on the final answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from kiosk.catalog.conditions import applies
from kiosk.catalog.fees import fee_kinds, total_vnd
from kiosk.catalog.model import Procedure, Processing
from kiosk.dossier import Appointment, Dossier, FormLine, new_lookup_token, new_provisional_code
from kiosk.intake import steps as ids
from kiosk.intake.flow import IntakeFlow
from kiosk.intake.review import answer_rows
from kiosk.workdays.calendar import WorkCalendar
from kiosk.workdays.due import due
from kiosk.workdays.hours import CenterHours


@dataclass(frozen=True)
class Reception:
    """What the kiosk contributes to every dossier it receives."""

    kiosk_id: str
    catalog_version: str
    calendar: WorkCalendar
    hours: CenterHours
    center_name: str = ""


def processing_for(procedure: Procedure, answers: Mapping[str, object]) -> Processing:
    """The processing time that applies to these answers (first matching case, else the usual)."""
    for case in procedure.processing_cases:
        if applies(case.when, answers):
            return case.processing
    return procedure.processing


def appointment(flow: IntakeFlow, reception: Reception, received: datetime) -> Appointment:
    """When and where the result will be ready, for a dossier received at ``received``."""
    procedure = flow.procedure
    processing = processing_for(procedure, flow.answers)
    result = due(processing, received, reception.calendar, reception.hours, procedure.code)
    by_post = flow.answers.get("receive_by") == "post"
    where = "Gửi qua bưu chính" if by_post else reception.center_name
    return Appointment(
        ready_at=result.ready_at,
        rule=result.rule,
        collect_at=where,
        provisional=result.provisional,
    )


def submit(flow: IntakeFlow, reception: Reception, random_bits: int | None = None) -> Dossier:
    """Build the dossier from a flow standing at its submit step, and finish the flow."""
    if flow.current.id != ids.SUBMIT:
        raise RuntimeError(f"the flow is at {flow.current.id!r}, not at submit")
    missing = flow.missing()
    identity, consent = flow.identity, flow.consent
    if missing or identity is None or consent is None:
        raise RuntimeError("the intake is incomplete; the flow should not have reached submit")
    received = flow.now()
    procedure = flow.procedure
    dossier = Dossier(
        provisional_code=new_provisional_code(reception.kiosk_id, received.date(), random_bits),
        kiosk_id=reception.kiosk_id,
        procedure_code=procedure.code,
        procedure_name_vi=procedure.name.vi,
        catalog_version=reception.catalog_version,
        identity=identity,
        answers=flow.answers,
        form=tuple(FormLine(label=r.label, value=r.value) for r in answer_rows(flow, "vi")),
        papers=flow.papers,
        consent=consent,
        received_at=received,
        appointment=appointment(flow, reception, received),
        fee_vnd=total_vnd(procedure, flow.answers),
        fee_kinds=fee_kinds(procedure, flow.answers),
        language=flow.language,
        lookup_token=new_lookup_token(),
    )
    flow.finish()
    return dossier
