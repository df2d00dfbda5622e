"""Statistics for supervisors: what the national service index ranks a province on.

Per day, week or month, per procedure and per kiosk: dossiers received, results
on time or late, additions requested, the kiosks' average satisfaction, and the
share of dossiers digitised on receipt (papers captured at the kiosk). The
rows of a period (at most a year) are read once and counted here: grouping by
the local day is the same in Python for SQLite and PostgreSQL.

A result is *on time* when it was ready (``result_at``) no later than the
appointment's day; *late* when it was ready after it, or is still not ready
after it. Ratings come from the kiosks' heartbeats as anonymous counts per
day, procedure and score (:func:`store_rating_days`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Literal

from pydantic import JsonValue

from center.db import Tx, one_of

Grouping = Literal["day", "week", "month", "procedure", "kiosk"]
GROUPINGS: tuple[Grouping, ...] = ("day", "week", "month", "procedure", "kiosk")
MAX_DAYS = 366
_PROCEDURE = re.compile(r"^\d\.\d{6}(\.\d+)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOSSIER_FACTS = (
    "SELECT received_at, due_at, result_at, procedure_code, kiosk_id, paper_count, "
    "additions_count FROM dossiers WHERE "
)
_TALLIES = "SELECT kiosk_id, day, procedure_code, score, tally FROM rating_tallies WHERE "


@dataclass
class Line:
    """One row of the statistics table."""

    key: str
    received: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    additions: int = 0
    digitised: int = 0
    rating_sum: int = 0
    ratings: int = 0

    @property
    def on_time_share(self) -> float | None:
        decided = self.on_time + self.late
        return self.on_time / decided if decided else None

    @property
    def digitised_share(self) -> float | None:
        return self.digitised / self.received if self.received else None

    @property
    def satisfaction(self) -> float | None:
        return self.rating_sum / self.ratings if self.ratings else None


@dataclass
class Report:
    """The table for one grouping over one period, and its total."""

    grouping: Grouping
    first: date
    last: date
    lines: list[Line] = field(default_factory=list)
    total: Line = field(default_factory=lambda: Line("total"))


def period_key(day: date, grouping: Grouping) -> str:
    if grouping == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if grouping == "month":
        return f"{day:%Y-%m}"
    return day.isoformat()


def report(
    tx: Tx,
    agencies: tuple[str, ...],
    first: date,
    last: date,
    grouping: Grouping,
    *,
    now: datetime,
    local_tz: timezone,
) -> Report:
    """The statistics of the agencies' dossiers received from ``first`` to ``last`` (local days)."""
    last = min(last, first + timedelta(days=MAX_DAYS - 1))
    result = Report(grouping, first, last)
    if not agencies:
        return result
    start = datetime.combine(first, time(0), local_tz).astimezone(UTC).isoformat()
    end = datetime.combine(last + timedelta(days=1), time(0), local_tz).astimezone(UTC).isoformat()
    where = " AND ".join(
        ["received_at >= ?", "received_at < ?", one_of("agency_code", len(agencies))]
    )
    rows = tx.execute(_DOSSIER_FACTS + where, (start, end, *agencies))
    lines: dict[str, Line] = {}
    kiosks: set[str] = set()
    for received, due, ready, procedure, kiosk, papers, additions in rows:
        day = datetime.fromisoformat(str(received)).astimezone(local_tz).date()
        key = _key(grouping, day, str(procedure), str(kiosk))
        kiosks.add(str(kiosk))
        for line in (lines.setdefault(key, Line(key)), result.total):
            _count(
                line,
                due,
                ready=ready,
                papers=int(papers),
                additions=int(additions),
                now=now,
                local_tz=local_tz,
            )
    _add_ratings(tx, lines, result.total, kiosks=kiosks, first=first, last=last, grouping=grouping)
    result.lines = sorted(lines.values(), key=lambda line: line.key)
    return result


def _key(grouping: Grouping, day: date, procedure: str, kiosk: str) -> str:
    if grouping == "procedure":
        return procedure
    if grouping == "kiosk":
        return kiosk
    return period_key(day, grouping)


def _count(
    line: Line,
    due: object,
    *,
    ready: object,
    papers: int,
    additions: int,
    now: datetime,
    local_tz: timezone,
) -> None:
    line.received += 1
    line.digitised += 1 if papers > 0 else 0
    line.additions += 1 if additions > 0 else 0
    if due is None:
        return
    due_day = datetime.fromisoformat(str(due)).astimezone(local_tz).date()
    if ready is not None:
        ready_day = datetime.fromisoformat(str(ready)).astimezone(local_tz).date()
        if ready_day <= due_day:
            line.on_time += 1
        else:
            line.late += 1
    elif now.astimezone(local_tz).date() > due_day:
        line.late += 1
    else:
        line.open += 1


def _add_ratings(
    tx: Tx,
    lines: dict[str, Line],
    total: Line,
    *,
    kiosks: set[str],
    first: date,
    last: date,
    grouping: Grouping,
) -> None:
    """The kiosks' ratings of the period, onto the same keys (kiosks that received dossiers)."""
    if not kiosks:
        return
    where = " AND ".join(["day >= ?", "day <= ?", one_of("kiosk_id", len(kiosks))])
    rows = tx.execute(_TALLIES + where, (first.isoformat(), last.isoformat(), *sorted(kiosks)))
    for kiosk, day, procedure, score, tally in rows:
        key = _key(grouping, date.fromisoformat(str(day)), str(procedure), str(kiosk))
        for line in (lines.setdefault(key, Line(key)), total):
            line.rating_sum += int(score) * int(tally)
            line.ratings += int(tally)


def store_rating_days(tx: Tx, kiosk_id: str, value: JsonValue) -> int:
    """Keep a heartbeat's ``rating_days`` ({day: {procedure: {score: count}}}); rows kept.

    Anything not of that shape is skipped (a heartbeat is outside input); a
    kiosk's counts for a day replace what it sent before for that day.
    """
    if not isinstance(value, dict):
        return 0
    kept = 0
    for day, procedures in list(value.items())[:62]:
        if not (_DAY.match(day) and isinstance(procedures, dict)):
            continue
        for procedure, scores in list(procedures.items())[:200]:
            if not (_PROCEDURE.match(procedure) and isinstance(scores, dict)):
                continue
            for score_text, count in scores.items():
                if score_text not in ("1", "2", "3", "4", "5"):
                    continue
                if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count < 10**6:
                    continue
                tx.execute(
                    "INSERT INTO rating_tallies (kiosk_id, day, procedure_code, score, tally) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kiosk_id, day, procedure_code, score) "
                    "DO UPDATE SET tally = excluded.tally",
                    (kiosk_id, day, procedure, int(score_text), count),
                )
                kept += 1
    return kept


def csv_rows(result: Report) -> list[list[str]]:
    """The report as CSV rows (a header, the lines, the total)."""

    def share(value: float | None) -> str:
        return "" if value is None else f"{100 * value:.1f}"

    header = [
        result.grouping,
        "received",
        "on_time",
        "late",
        "open",
        "on_time_percent",
        "additions_requested",
        "digitised_percent",
        "ratings",
        "satisfaction_avg_1_5",
    ]
    rows = [header]
    for line in [*result.lines, result.total]:
        rows.append(
            [
                line.key,
                str(line.received),
                str(line.on_time),
                str(line.late),
                str(line.open),
                share(line.on_time_share),
                str(line.additions),
                share(line.digitised_share),
                str(line.ratings),
                "" if line.satisfaction is None else f"{line.satisfaction:.2f}",
            ]
        )
    return rows


@dataclass(frozen=True)
class Bar:
    """One part of one bar of the chart, in the SVG's units."""

    x: float
    y: float
    width: float
    height: float
    part: str
    key: str


def bars(result: Report, width: int = 720, height: int = 220) -> list[Bar]:
    """The server-drawn chart: received per line, stacked on time / late / open / other."""
    top = max((line.received for line in result.lines), default=0) or 1
    step = width / max(len(result.lines), 1)
    shapes: list[Bar] = []
    for index, line in enumerate(result.lines):
        other = line.received - line.on_time - line.late - line.open  # no appointment date
        bottom = float(height)
        parts = (("on-time", line.on_time), ("late", line.late), ("open", line.open))
        for part, value in (*parts, ("other", other)):
            if value <= 0:
                continue
            size = height * value / top
            shapes.append(
                Bar(
                    round(index * step + step * 0.1, 1),
                    round(bottom - size, 1),
                    round(step * 0.8, 1),
                    round(size, 1),
                    part,
                    line.key,
                )
            )
            bottom -= size
    return shapes
