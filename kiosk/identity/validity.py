"""How long a citizen identity card is valid (Law 26/2023/QH15 on Identification, Art. 21).

- The card is renewed when the citizen turns 14, 25, 40 and 60.
- A card issued (or renewed, or re-issued) within the two years before one of
  those ages stays valid until the next one.
- So a card issued at 58 or older has no expiry ("Không thời hạn").
- The card expires on the birthday of the renewal age.

The same ages and the same two-year rule held for the CCCD under the 2014 law
(issued from 14; renewals at 25, 40, 60), so one rule serves both generations.

The kiosk needs this when it has only the card's QR (no expiry in it) and must
build the BAC key, whose MRZ part includes the date of expiry.

Assumption (*unconfirmed*): a citizen born on 29 February reaches an age on
28 February in common years; :func:`expiry_candidates` also offers 1 March.
"""

from __future__ import annotations

from datetime import date, timedelta

RENEWAL_AGES: tuple[int, ...] = (14, 25, 40, 60)
GRACE_YEARS = 2


def birthday_at(date_of_birth: date, age: int) -> date:
    """The day ``date_of_birth``'s holder turns ``age`` (29 Feb → 28 Feb in common years)."""
    year = date_of_birth.year + age
    try:
        return date_of_birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def age_on(date_of_birth: date, day: date) -> int:
    """Full years of age on ``day``."""
    years = day.year - date_of_birth.year
    return years - 1 if (day.month, day.day) < (date_of_birth.month, date_of_birth.day) else years


def card_expiry(
    date_of_birth: date, issue_date: date, renewal_ages: tuple[int, ...] = RENEWAL_AGES
) -> date | None:
    """The expiry of a card issued on ``issue_date``, or ``None`` for no expiry.

    The first renewal age whose birthday falls after the issue date, skipping one
    reached within ``GRACE_YEARS`` of the issue; past the last age, no expiry.
    """
    if issue_date < date_of_birth:
        raise ValueError("a card is not issued before its holder is born")
    for age in renewal_ages:
        milestone = birthday_at(date_of_birth, age)
        if milestone <= issue_date:
            continue  # already that old when the card was issued
        if issue_date >= birthday_at(date_of_birth, age - GRACE_YEARS):
            continue  # issued within two years before the age: valid to the next one
        return milestone
    return None


def expiry_candidates(date_of_birth: date, issue_date: date) -> tuple[date | None, ...]:
    """The expiry, then the alternatives an unconfirmed reading of the law allows (29 Feb)."""
    first = card_expiry(date_of_birth, issue_date)
    if first is None or (date_of_birth.month, date_of_birth.day) != (2, 29) or first.day == 29:
        return (first,)
    return (first, first + timedelta(days=1))


def is_expired(expiry: date | None, today: date) -> bool:
    """Whether a card with ``expiry`` (``None``: no expiry) is no longer valid on ``today``.

    The card reads "Có giá trị đến" (valid until) that day, so the day itself counts as valid.
    """
    return expiry is not None and today > expiry
