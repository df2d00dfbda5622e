"""Satisfaction ratings (đánh giá mức độ hài lòng): one tap, 1 to 5, an optional comment.

A rating is anonymous: it names the procedure and the day, never the dossier
or the citizen, so it cannot be joined back to a person. The book is a JSON
lines file in the state folder; the heartbeat reports the counts per score.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from kiosk.config import Language
from kiosk.logs import fields

log = logging.getLogger(__name__)

SCORES = (1, 2, 3, 4, 5)
MAX_COMMENT = 300


class Rating(BaseModel):
    """One citizen's rating of their visit."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    score: Annotated[int, Field(ge=1, le=5)]
    procedure_code: str
    day: date
    language: Language
    comment: Annotated[str, Field(max_length=MAX_COMMENT)] = ""


class RatingBook:
    """Appends ratings to ``<state_dir>/ratings.jsonl``. Thread-safe."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / "ratings.jsonl"
        self._lock = threading.Lock()

    def record(self, rating: Rating) -> None:
        """Keep ``rating`` (flushed to disk; a lost rating is regrettable, not harmful)."""
        line = rating.model_dump_json() + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as book:
                book.write(line)
                book.flush()
                os.fsync(book.fileno())
        log.info(
            "rating recorded", extra=fields(count=rating.score, procedure=rating.procedure_code)
        )

    def by_day(self, since: date) -> dict[str, dict[str, dict[str, int]]]:
        """Counts per day (from ``since``), procedure and score, for the center's statistics.

        The heartbeat sends them whole each time and the center replaces what it
        had for those days, so a lost or repeated heartbeat counts nothing twice.
        """
        tally: Counter[tuple[str, str, int]] = Counter()
        for rating in self._ratings():
            if rating.day >= since:
                tally[(rating.day.isoformat(), rating.procedure_code, rating.score)] += 1
        days: dict[str, dict[str, dict[str, int]]] = {}
        for (day, procedure, score), count in sorted(tally.items()):
            days.setdefault(day, {}).setdefault(procedure, {})[str(score)] = count
        return days

    def _ratings(self) -> list[Rating]:
        with self._lock:
            try:
                lines = self.path.read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                return []
        kept = []
        for line in lines:
            try:
                kept.append(Rating.model_validate_json(line))
            except ValueError:
                continue
        return kept

    def counts(self) -> dict[int, int]:
        """How many ratings of each score (unreadable lines are skipped)."""
        tally: Counter[int] = Counter()
        with self._lock:
            try:
                lines = self.path.read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                lines = []
        for line in lines:
            try:
                tally[int(json.loads(line)["score"])] += 1
            except (ValueError, KeyError, TypeError):
                continue
        return {score: tally[score] for score in SCORES}
