"""Pre-filling the form from the identity read from the card.

Trust decides what may be changed. Chip data whose passive authentication
succeeded (``Verdict.GENUINE``) is locked where the catalog says the field is
not editable: the law identifies the citizen by it. Data that could not be
verified, from the QR, or typed, pre-fills but stays editable. A failed
verdict pre-fills nothing (ARCHITECTURE.md, data flow step 3): the identity
step refuses it and the UI falls back to typed entry.
"""

from __future__ import annotations

from datetime import date

from pydantic import JsonValue

from kiosk.catalog.model import Procedure, Question
from kiosk.dossier import Identity, IdentitySource, Verdict


def trusted(identity: Identity) -> bool:
    """Whether chip data is authenticated enough to lock fields."""
    return identity.source is IdentitySource.CHIP and identity.verdict is Verdict.GENUINE


def value_for(question: Question, identity: Identity) -> JsonValue:
    """The identity's value for the question's ``prefill`` field (``None`` when absent)."""
    if question.prefill is None:
        return None
    value = getattr(identity, question.prefill)
    if isinstance(value, date):
        return value.isoformat()
    return value or None


def prefilled(procedure: Procedure, identity: Identity) -> tuple[dict[str, JsonValue], set[str]]:
    """Answers taken from the identity, and the ids of those that are locked."""
    answers: dict[str, JsonValue] = {}
    locked: set[str] = set()
    for question in procedure.questions:
        value = value_for(question, identity)
        if value is None:
            continue
        answers[question.id] = value
        if not question.editable and trusted(identity):
            locked.add(question.id)
    return answers, locked
