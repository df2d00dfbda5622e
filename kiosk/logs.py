"""Structured logs that cannot carry a citizen's personal data.

Log lines are one JSON object each on stderr, which the systemd journal keeps;
stdout stays for what a command prints (``--json`` output must parse).
Variable data goes into *fields* (``log.info("card read", extra=fields(apdus=37))``)
and every field passes an allow-list: a key that is not known to be safe is
written as ``<redacted>``. As a second line of defence the message text itself
is scrubbed of digit runs that look like ID numbers and of MRZ-like strings,
because a developer may one day format a value into a message by mistake.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

REDACTED = "<redacted>"

# Keys whose values never hold personal data. Adding one is a review decision:
# a citizen's name, ID number, CAN, MRZ, address, photo or answers never belong here.
SAFE_FIELDS = frozenset(
    {
        "apdus",
        "attempt",
        "bytes",
        "code",  # dossier codes are random or agency-issued, not personal
        "count",
        "device",
        "duration_ms",
        "error",
        "event",
        "kiosk_id",
        "language",
        "path",
        "port",
        "procedure",
        "protocol",
        "reason",
        "screen",
        "state",
        "status",
        "step",
        "sw",
        "url",
        "verdict",
        "version",
    }
)

_FIELDS_ATTR = "kiosk_fields"
# Nine or more digits (old 9-digit and new 12-digit ID numbers, CANs inside
# longer runs), and runs of MRZ filler characters.
_DIGIT_RUN = re.compile(r"\d{9,}")
_MRZ_LIKE = re.compile(r"[A-Z0-9<]{20,}<[A-Z0-9<]*")


def redact(values: Mapping[str, object]) -> dict[str, object]:
    """Keep the values of allow-listed keys (text scrubbed); replace every other value."""
    return {
        key: (scrub(value) if isinstance(value, str) else value) if key in SAFE_FIELDS else REDACTED
        for key, value in values.items()
    }


def scrub(text: str) -> str:
    """Mask ID-number-like digit runs and MRZ-like strings in free text."""
    return _DIGIT_RUN.sub(REDACTED, _MRZ_LIKE.sub(REDACTED, text))


def fields(**values: object) -> dict[str, Any]:
    """Build the ``extra=`` argument for a log call with redacted structured fields."""
    return {_FIELDS_ATTR: redact(values)}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and safe fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        extra = getattr(record, _FIELDS_ATTR, None)
        if isinstance(extra, Mapping):
            entry.update(redact(extra))
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: exception text may quote data that passed through.
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send every log record through the JSON formatter to ``stream`` (stderr)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
