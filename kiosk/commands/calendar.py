"""``kiosk calendar due|days|sync``: appointment dates and days off, for technicians.

``due`` and ``days`` count with the shipped notices plus the center's published
ones the kiosk keeps in its state folder (``--state-dir``, else the
configuration's); ``sync`` fetches the center's latest now, as the running
kiosk does by itself at start and every 15 minutes.
"""

from __future__ import annotations

import argparse
import json
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from kiosk.catalog import load_catalog, shipped_catalog
from kiosk.commands import SubParsers, say
from kiosk.config import Config, load_config
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
from kiosk.workdays.published import NoticeSync, load_published


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

    sync = actions.add_parser("sync", help="fetch the center's published holiday notices now")
    _state(sync)
    sync.add_argument("--json", action="store_true", help="machine-readable output")
    sync.set_defaults(handler=_sync)


def _state(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="kiosk.toml (default: the demo configuration)")
    parser.add_argument("--state-dir", type=Path, help="override [paths] state_dir")


def _sources(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notices", type=Path, help="folder of extra holiday notice files")
    parser.add_argument("--hours", type=Path, help="center_hours.toml (default: shipped)")
    parser.add_argument("--catalog", type=Path, help="catalog file (default: shipped)")
    _state(parser)


def _state_dir(args: argparse.Namespace, config: Config | None = None) -> Path:
    state_dir: Path = args.state_dir or (config or load_config(args.config)).paths.state_dir
    return state_dir


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    kept = load_published(_state_dir(args))
    extra = list(kept.notices) if kept else []
    if args.notices is not None:
        if not args.notices.is_dir():
            raise ConfigError("--notices", "is not a folder", "name the folder of notice files")
        extra.extend(load_notices(args.notices))
    return WorkCalendar.shipped(extra)


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


def _sync(args: argparse.Namespace) -> int:
    from kiosk.app import center_link
    from kiosk.delivery import key_paths
    from offline_queue.enrollment import load_identity
    from offline_queue.errors import NotEnrolled

    config = load_config(args.config)
    state_dir = _state_dir(args, config)
    config = config.model_copy(
        update={"paths": config.paths.model_copy(update={"state_dir": state_dir})}
    )
    if config.center.url == "embedded":
        raise ConfigError(
            "center.url",
            "the demo's center lives inside the running demo: there is nothing to fetch from",
            "set [center] url to the center's https:// address",
        )
    link = center_link(config)
    with suppress(NotEnrolled):  # reading is open to every kiosk; an enrolled one signs
        link = link.with_key(load_identity(config.kiosk.id, key_paths(config)).signing_key)
    syncer = NoticeSync(link, state_dir)
    outcome = syncer.sync()
    held = syncer.held
    years = sorted(notice.year for notice in held.notices) if held else []
    if args.json:
        record = {
            "outcome": outcome,
            "version": held.version if held else None,
            "years": years,
            "refused": syncer.refusal,
        }
        say(json.dumps(record, ensure_ascii=False, indent=2))
    elif held is not None:
        listed = ", ".join(str(year) for year in years)
        what = "refused; still using" if outcome == "refused" else f"{outcome}:"
        say(f"calendar notices {what} version {held.version} ({listed})")
    else:
        say(f"calendar notices {outcome}: none held from the center")
    if outcome == "refused":
        raise KioskError(
            f"The center's calendar notices were refused: {syncer.refusal}",
            "ask the center's operators to correct the notice and publish a new version",
        )
    return 0
