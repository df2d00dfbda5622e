"""Official yearly holiday notices (thông báo lịch nghỉ lễ, Tết) as data.

The Labor Code (2019, Art. 112) names the public holidays, but the exact days
off for state agencies — which five days of Tết, which Saturday is worked in
exchange for a bridging Monday — are fixed each year by a notice of the
Ministry of Home Affairs (before 2025: of Labour). A notice adds days off and
swaps in working Saturdays; the center publishes new ones as JSON files, which
override the computed baseline for the dates they name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.catalog.model import Line, Source, Text
from kiosk.errors import ConfigError

MAX_BYTES = 256 * 1024


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class DaysOff(_Model):
    """One day, or a run of days, off.

    An entry that does not come from the notice itself (a holiday created by a
    later law, such as Vietnam Culture Day on 24 November) names its own legal
    ``basis`` and ``sources``, and says whether that basis was ``verified``
    against an official text (``note``: what was checked where).
    """

    from_: Annotated[date | None, Field(alias="from")] = None
    to: date | None = None
    date_: Annotated[date | None, Field(alias="date")] = None
    name: Text
    basis: Line | None = None
    sources: Annotated[tuple[Source, ...], Field(max_length=10)] = ()
    verified: bool = True
    note: Annotated[str, Field(max_length=2000)] = ""

    @model_validator(mode="after")
    def _one_form(self) -> DaysOff:
        if (self.date_ is None) == (self.from_ is None or self.to is None):
            raise ValueError("give either 'date', or both 'from' and 'to'")
        if self.basis is not None and not (self.sources and self.note):
            raise ValueError("an entry with its own 'basis' needs 'sources' and a 'note'")
        if self.from_ and self.to and not 0 <= (self.to - self.from_).days <= 31:
            raise ValueError("'to' must be on or after 'from', and at most 31 days later")
        return self

    def days(self) -> Iterator[date]:
        if self.date_ is not None:
            yield self.date_
            return
        assert self.from_ is not None and self.to is not None
        for offset in range((self.to - self.from_).days + 1):
            yield self.from_ + timedelta(days=offset)


class WorkingDay(_Model):
    """A day normally off (a Saturday) that is worked, usually in place of another."""

    date_: Annotated[date, Field(alias="date")]
    in_place_of: date | None = None
    name: Text


class HolidayNotice(_Model):
    """One year's notice of days off and swapped working days."""

    schema_version: Annotated[Literal[1], Field(alias="schema")]
    year: Annotated[int, Field(ge=2000, le=2200)]
    notice: Line
    issued: date
    issuer: Line
    applies_to: Line
    days_off: Annotated[tuple[DaysOff, ...], Field(max_length=40)] = ()
    working_days: Annotated[tuple[WorkingDay, ...], Field(max_length=20)] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1, max_length=10)]
    unconfirmed: Annotated[
        tuple[Literal["days_off", "working_days"], ...], Field(max_length=2)
    ] = ()
    note: Annotated[str, Field(max_length=2000)] = ""

    @model_validator(mode="after")
    def _consistent(self) -> HolidayNotice:
        off = {day for entry in self.days_off for day in entry.days()}
        named = off | {worked.date_ for worked in self.working_days}
        # A notice may reach into the neighbouring years (Tết near 1 January).
        if any(abs(day.year - self.year) > 1 for day in named):
            raise ValueError(f"a date of the {self.year} notice is far from {self.year}")
        for worked in self.working_days:
            if worked.date_ in off:
                raise ValueError(f"{worked.date_} is both a day off and a working day")
        return self

    def off_days(self) -> Iterator[tuple[date, Text]]:
        for entry in self.days_off:
            for day in entry.days():
                yield day, entry.name


def parse_notice(data: bytes, source: str) -> HolidayNotice:
    """Validate one notice file; :class:`ConfigError` names the file and the key."""
    if len(data) > MAX_BYTES:
        raise ConfigError(
            "(file)", f"larger than {MAX_BYTES} bytes", "publish a smaller file", source
        )
    try:
        raw = json.loads(data.decode("utf-8"))
    # ValueError: also a number too long to convert (more than 4300 digits).
    except (ValueError, RecursionError) as exc:
        raise ConfigError(
            "(syntax)", f"not valid UTF-8 JSON ({str(exc)[:200]})", "fix the file", source
        ) from None
    try:
        return HolidayNotice.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ConfigError(
            key, first["msg"], "correct the notice and publish it again", source
        ) from None


def shipped_notices() -> list[HolidayNotice]:
    """The notices that ship with this release (kiosk/data/notices/*.json)."""
    folder = resources.files("kiosk.data").joinpath("notices")
    return [
        parse_notice(entry.read_bytes(), f"kiosk/data/notices/{entry.name}")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
    ]


def load_notices(folder: Path) -> list[HolidayNotice]:
    """Every ``*.json`` notice in ``folder`` (published by the center)."""
    return [parse_notice(path.read_bytes(), str(path)) for path in sorted(folder.glob("*.json"))]


def merge(notices: Iterable[HolidayNotice]) -> dict[int, HolidayNotice]:
    """One notice a year; a later-issued notice for the same year replaces an earlier one."""
    chosen: dict[int, HolidayNotice] = {}
    for notice in notices:
        current = chosen.get(notice.year)
        if current is None or notice.issued >= current.issued:
            chosen[notice.year] = notice
    return chosen
