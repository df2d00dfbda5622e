"""``kiosk calendar due|days``: the appointment date and the days off, for technicians."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

from kiosk.catalog import load_catalog, shipped_catalog
from kiosk.commands import SubParsers, say
from kiosk.errors import ConfigError, KioskError
from kiosk.intake.submit import processing_for
from kiosk.workdays import (
    PROVISIONAL_WORDS,
    WorkCalendar,
    due,
    friday_eligible,
    load_hours,
    load_notices,
    shipped_hours,
)


def register(commands: SubParsers) -> None:
    calendar = commands.add_parser("calendar", help="working days and appointment dates")
    actions = calendar.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")

    due_ = actions.add_parser("due", help="the appointment date of a dossier")
    due_.add_argument("--procedure", required=True, help="procedure code, e.g. 2.000488")
    due_.add_argument("--received", required=True, help="ISO date-time, e.g. 2026-02-13T10:30")
    due_.add_argument("--json", action="store_true", help="machine-readable output")
    due_.add_argument(
        "--no-waiting-friday",
        action="store_true",
        help="apply the Friday rule to this procedure (only a time of at most 1 working day)",
    )
    _sources(due_)
    due_.set_defaults(handler=_due)

    days = actions.add_parser("days", help="weekdays off and worked weekend days of a year")
    days.add_argument("year", type=int)
    _sources(days)
    days.set_defaults(handler=_days)


def _sources(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notices", type=Path, help="folder of published holiday notices")
    parser.add_argument("--hours", type=Path, help="center_hours.toml (default: shipped)")
    parser.add_argument("--catalog", type=Path, help="catalog file (default: shipped)")


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    if args.notices is None:
        return WorkCalendar.shipped()
    if not args.notices.is_dir():
        raise ConfigError("--notices", "is not a folder", "name the folder of notice files")
    return WorkCalendar.shipped(load_notices(args.notices))


def _received(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise KioskError(
            f"--received: '{text}' is not an ISO date-time", "write it as 2026-02-13T10:30"
        ) from None


def _due(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.catalog) if args.catalog else shipped_catalog()
    try:
        procedure = catalog.procedure(args.procedure)
    except KeyError:
        raise ConfigError(args.procedure, "no such procedure", "see 'kiosk catalog list'") from None
    hours = load_hours(args.hours) if args.hours else shipped_hours()
    processing = processing_for(procedure, {})
    notes: list[str] = []
    if args.no_waiting_friday:
        friday = hours.no_waiting_friday.listing(procedure.code)
        hours = hours.model_copy(update={"no_waiting_friday": friday})
        if not friday_eligible(processing, hours):
            notes.append(
                f"No-waiting Friday does not apply: {processing.describe('en')} is longer "
                "than 1 working day"
            )
    received = _received(args.received)
    result = due(processing, received, _calendar(args), hours, procedure.code)
    if args.json:
        record = {
            "procedure": procedure.code,
            "received": received.isoformat(),
            "counted_from": result.counted_from.isoformat(),
            "ready_at": result.ready_at.isoformat(),
            "rule": result.rule,
            "provisional": result.provisional,
            "provisional_reason": result.provisional_reason,
            "notes": notes,
        }
        say(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    say(f"{procedure.code} {procedure.name.vi}")
    say(f"received:     {received:%a %Y-%m-%d %H:%M}")
    say(f"counted from: {result.counted_from:%a %Y-%m-%d %H:%M}")
    say(f"ready at:     {result.ready_at:%a %Y-%m-%d %H:%M}  ({result.rule})")
    if result.provisional:
        say(f"provisional:  {PROVISIONAL_WORDS.en} ({result.provisional_reason})")
    for note in notes:
        say(f"note:         {note}")
    return 0


def _days(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    if args.year not in calendar.notices:
        say(
            f"no official notice for {args.year} in the data: computed from the Labor Code, "
            f"provisional ({PROVISIONAL_WORDS.en})"
        )
    for day, reason in calendar.days_off(args.year):
        say(f"{day:%a %Y-%m-%d}  {reason}")
    return 0
