"""A center's office hours and appointment options, read from ``center_hours.toml``.

Office hours differ between provinces (07:30–11:30 and 13:30–17:00 is common;
Hà Nội works 08:00–12:00 and 13:00–17:00), so they are data the center
publishes, not constants.
"""

from __future__ import annotations

import tomllib
from datetime import time
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from kiosk.errors import ConfigError

Span = tuple[time, time]
ProcedureCode = Annotated[str, Field(pattern=r"^\d\.\d{6}$")]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Office(_Section):
    """The two sessions of a working day."""

    morning: Span = (time(7, 30), time(11, 30))
    afternoon: Span = (time(13, 30), time(17, 0))

    @model_validator(mode="after")
    def _ordered(self) -> Office:
        if not self.morning[0] < self.morning[1] <= self.afternoon[0] < self.afternoon[1]:
            raise ValueError("hours must run morning start < end <= afternoon start < end")
        return self

    @property
    def opens(self) -> time:
        return self.morning[0]

    @property
    def closes(self) -> time:
        return self.afternoon[1]

    def sessions(self) -> tuple[Span, Span]:
        return self.morning, self.afternoon


class SameDay(_Section):
    """Defaults for procedures returned the same day."""

    cutoff: time = time(15, 0)
    late_ready_at: time = time(17, 0)


class NoWaitingFriday(_Section):
    """ "Thứ Sáu không hẹn": Friday dossiers returned the same day (a center's option).

    It covers only the procedures the center lists (typically same-day commune
    procedures), and only those whose own time is at most one working day
    (:func:`kiosk.workdays.due.friday_eligible`): it never promises a 10-day
    procedure on the day it is received.
    """

    enabled: bool = False
    cutoff: time = time(15, 30)
    late_ready_at: time = time(9, 0)
    procedures: Annotated[tuple[ProcedureCode, ...], Field(max_length=3000)] = ()

    @field_validator("procedures", mode="before")
    @classmethod
    def _no_wildcard(cls, value: object) -> object:
        if isinstance(value, list | tuple) and "*" in value:
            raise ValueError(
                "'*' is not accepted: list the codes of the procedures returned the same "
                'day on Fridays, e.g. procedures = ["2.000815"]'
            )
        return value

    def applies_to(self, code: str | None) -> bool:
        return self.enabled and code in self.procedures

    def listing(self, code: str) -> NoWaitingFriday:
        """This rule, switched on and covering ``code`` too (a technician's what-if)."""
        codes = self.procedures if code in self.procedures else (*self.procedures, code)
        return self.model_copy(update={"enabled": True, "procedures": codes})


class CenterHours(_Section):
    """The whole ``center_hours.toml``."""

    schema_version: Annotated[Literal[1], Field(alias="schema")] = 1
    version: str = "0"
    office: Office = Office()
    same_day: SameDay = SameDay()
    no_waiting_friday: NoWaitingFriday = NoWaitingFriday()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _inside_hours(self) -> CenterHours:
        office = self.office
        for name, moment in (
            ("same_day.cutoff", self.same_day.cutoff),
            ("no_waiting_friday.cutoff", self.no_waiting_friday.cutoff),
        ):
            if not office.opens < moment <= office.closes:
                raise ValueError(f"{name} must fall within office hours")
        return self


def parse_hours(text: str, source: str) -> CenterHours:
    """Validate TOML text; :class:`ConfigError` names the key."""
    try:
        return CenterHours.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            "(syntax)", f"not valid TOML ({exc})", "fix the line named", source
        ) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ConfigError(
            key, first["msg"], "correct the value (HH:MM times, procedure codes)", source
        ) from None


def shipped_hours() -> CenterHours:
    text = resources.files("kiosk.data").joinpath("center_hours.toml").read_text("utf-8")
    return parse_hours(text, "kiosk/data/center_hours.toml")


def load_hours(path: Path) -> CenterHours:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            "(file)", f"cannot be read ({exc})", "check the path", str(path)
        ) from None
    return parse_hours(text, str(path))
