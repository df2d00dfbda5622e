"""What a dossier costs: phí and lệ phí lines from the catalog and the answers.

A line may be priced per unit with tiers (certified copies: 2,000 VND a page
for the first two pages, 1,000 VND from the third, at most 200,000 VND a copy —
Circular 226/2016/TT-BTC), multiplied by a count the citizen gives (number of
copies), and apply only when a condition holds (an exemption answered "no").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kiosk.catalog.conditions import Answers, applies
from kiosk.catalog.model import Fee, Procedure, Text


@dataclass(frozen=True)
class FeeLine:
    """One priced line of the dossier's fees."""

    fee_id: str
    kind: str
    label: Text
    amount_vnd: int


def _count(answers: Answers, question: str | None) -> int:
    if question is None:
        return 1
    value = answers.get(question)
    # A count not yet given prices as one unit: the estimate shown before the
    # answer is never zero for a paid procedure.
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 1


def _unit_price(fee: Fee, unit: int) -> int:
    price = fee.amount_vnd
    for tier in fee.tiers:
        if unit >= tier.from_unit:
            price = tier.amount_vnd
    return price


def price(fee: Fee, answers: Answers) -> int:
    """The amount of one fee line for these answers (0 when it does not apply)."""
    if not applies(fee.when, answers):
        return 0
    quantity = _count(answers, fee.quantity_from)
    if fee.tiers:
        subtotal = sum(_unit_price(fee, unit) for unit in range(1, quantity + 1))
    else:
        subtotal = fee.amount_vnd * quantity
    if fee.cap_vnd is not None:
        subtotal = min(subtotal, fee.cap_vnd)
    return subtotal * _count(answers, fee.multiplier_from)


def fee_lines(procedure: Procedure, answers: Answers) -> list[FeeLine]:
    """The lines that apply, in catalog order (zero-amount lines included: "free" is news)."""
    return [
        FeeLine(fee.id, fee.kind, fee.label, price(fee, answers))
        for fee in procedure.fees
        if applies(fee.when, answers)
    ]


def total_vnd(procedure: Procedure, answers: Answers) -> int:
    """The sum the citizen pays for this dossier."""
    return sum(line.amount_vnd for line in fee_lines(procedure, answers))


FeeKind = Literal["phi", "le_phi"]


def fee_kinds(procedure: Procedure, answers: Answers) -> tuple[FeeKind, ...]:
    """Which of "phí" and "lệ phí" the lines that apply are, in that order, each once."""
    kinds = {line.kind for line in fee_lines(procedure, answers)}
    return tuple(kind for kind in ("phi", "le_phi") if kind in kinds)


def fee_word(kinds: Sequence[str], language: str) -> str:
    """The right word for what is paid: "Phí", "Lệ phí" or both (they are different in law)."""
    english = language == "en"
    if list(kinds) == ["phi"]:
        return "Charge (phí)" if english else "Phí"
    if list(kinds) == ["le_phi"]:
        return "Fee (lệ phí)" if english else "Lệ phí"
    return "Charges and fees" if english else "Phí, lệ phí"


def format_vnd(amount: int, language: str = "vi") -> str:
    """``200000`` → ``"200.000 ₫"`` in Vietnamese (dots group thousands), ``"200,000 VND"``
    in English: one format per language."""
    if language == "en":
        return f"{amount:,} VND"
    return f"{amount:,}".replace(",", ".") + " ₫"
