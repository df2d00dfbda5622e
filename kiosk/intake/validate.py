"""Checking one answer against its question: type, bounds and named format.

Each check takes what the screen gives (text typed on the touch keyboard, a
bool, a date) and returns the value to keep — JSON-ready, because it goes
into the dossier as is — or a :class:`~kiosk.intake.messages.FieldError`.
:func:`stepper` says when a count is better asked with − / + than typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import JsonValue

from kiosk.catalog.model import Question, Validation
from kiosk.intake.messages import FieldError

# Letters of any script (Vietnamese names carry many marks), single spaces.
_PERSON_NAME = re.compile(r"^[^\W\d_]+(?:[ '-][^\W\d_]+)*$")
_FORMATS = {
    "id_number": (re.compile(r"^\d{12}$"), "bad_id_number"),
    "phone": (re.compile(r"^0\d{9}$"), "bad_phone"),
    "email": (re.compile(r"^[^@\s]{1,64}@[^@\s]{1,185}\.[A-Za-z]{2,24}$"), "bad_email"),
    "tax_code": (re.compile(r"^\d{10}(?:\d{3})?$"), "bad_tax_code"),
}
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")

Checked = tuple[JsonValue, FieldError | None]


def is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def check(question: Question, raw: object, today: date) -> Checked:
    """The value to keep for ``raw``, or the error that refuses it.

    An empty answer to an optional question is kept as ``None``.
    """
    if is_empty(raw):
        return None, (FieldError(question.id, "required") if question.required else None)
    kind = question.type
    if kind in ("text", "long_text"):
        return _text(question, raw)
    if kind == "date":
        return _date(question, raw, today)
    if kind == "number":
        return _number(question, raw)
    if kind == "yes_no":
        return _yes_no(question, raw)
    return _choice(question, raw)


def _error(question: Question, message_id: str, **params: object) -> Checked:
    return None, FieldError(question.id, message_id, {k: str(v) for k, v in params.items()})


def _text(question: Question, raw: object) -> Checked:
    value = " ".join(str(raw).split()) if question.type == "text" else str(raw).strip()
    rule: Validation = question.validation
    if rule.format == "phone":
        value = re.sub(r"[\s.()-]", "", value).replace("+84", "0", 1)
    if rule.format == "tax_code":
        value = value.replace("-", "")
    if rule.min_length is not None and len(value) < rule.min_length:
        return _error(question, "too_short", min=rule.min_length)
    if rule.max_length is not None and len(value) > rule.max_length:
        return _error(question, "too_long", max=rule.max_length)
    if rule.format == "person_name" and not _PERSON_NAME.match(value):
        return _error(question, "bad_person_name")
    if rule.format in _FORMATS:
        pattern, message = _FORMATS[rule.format]
        if not pattern.match(value):
            return _error(question, message)
    return value, None


def parse_date(raw: object) -> date | None:
    """A date from a ``date`` or from text in the forms Vietnamese people write."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _date(question: Question, raw: object, today: date) -> Checked:
    value = parse_date(raw)
    if value is None:
        return _error(question, "not_a_date")
    rule = question.validation
    if rule.not_future and value > today:
        return _error(question, "date_in_future")
    if rule.not_before is not None and value < rule.not_before:
        return _error(question, "date_too_early", min=f"{rule.not_before:%d/%m/%Y}")
    return value.isoformat(), None


def _number(question: Question, raw: object) -> Checked:
    if isinstance(raw, bool):
        return _error(question, "not_a_number")
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip().replace(".", "").replace(" ", "")
        if not text.isdigit() or len(text) > 15:
            return _error(question, "not_a_number")
        value = int(text)
    rule = question.validation
    if rule.minimum is not None and value < rule.minimum:
        return _error(question, "too_small", min=rule.minimum)
    if rule.maximum is not None and value > rule.maximum:
        return _error(question, "too_large", max=rule.maximum)
    return value, None


STEPPER_MOST = 50
"""The highest count a − / + stepper offers: above, typing the number is fewer taps."""


@dataclass(frozen=True)
class Stepper:
    """A count answered with − and + (copies, documents, months), from ``start``."""

    lowest: int
    highest: int
    start: int

    def clamp(self, value: int) -> int:
        return max(self.lowest, min(self.highest, value))


def stepper(question: Question, held: object = None) -> Stepper | None:
    """The stepper for a small bounded count, or ``None`` (type the number instead).

    It starts at what is held, else at 1 (or the smallest allowed above it): the
    count most citizens need, one tap away from 2.
    """
    rule = question.validation
    if question.type != "number" or rule.maximum is None or rule.maximum > STEPPER_MOST:
        return None
    lowest = max(rule.minimum or 0, 0)
    if lowest > rule.maximum:
        return None
    shape = Stepper(lowest, rule.maximum, 0)
    value = held if isinstance(held, int) and not isinstance(held, bool) else 1
    return Stepper(lowest, rule.maximum, shape.clamp(value))


def _yes_no(question: Question, raw: object) -> Checked:
    if isinstance(raw, bool):
        return raw, None
    folded = str(raw).strip().lower()
    if folded in ("yes", "có", "co", "true"):
        return True, None
    if folded in ("no", "không", "khong", "false"):
        return False, None
    return _error(question, "choose_yes_or_no")


def _choice(question: Question, raw: object) -> Checked:
    for option in question.options:
        if isinstance(raw, str) and raw == option.value:
            if option.refuse is not None:  # excluded by law: say where to go instead
                return _error(question, "refused", vi=option.refuse.vi, en=option.refuse.en)
            return raw, None
    return _error(question, "not_an_option")
