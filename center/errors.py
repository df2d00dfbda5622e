"""The center's own errors (it never imports the kiosk's).

    Refusal        -- a request the center answers with a 4xx/5xx ErrorReply
    StorageFault   -- the database cannot be reached or written: message + fix

``kiosk center ...`` commands translate :class:`StorageFault` into the
kiosk's error types at the CLI boundary.
"""

from __future__ import annotations

from center.protocol import Problem


class Refusal(Exception):
    """An error reply: HTTP status, a code for programs, a sentence for people."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        retry_after_s: int | None = None,
        headers: dict[str, str] | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.status = status
        self.code = code
        self.message = message
        self.retry_after_s = retry_after_s
        self.headers = headers or {}


class StorageFault(Exception):
    """The center's database failed; ``fix`` says what an operator can do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message} — {fix}")
        self.message = message
        self.fix = fix


class Conflict(StorageFault):
    """A uniqueness rule refused a write (two requests raced for the same row)."""
