"""The center's published holiday notices: fetched, checked, kept, and put in use.

The shipped notices stop at the years known at release. Each year the
Ministry's notice (Tết, the swapped Saturdays) is published by the center as
``calendar-notices`` (``kiosk center publish calendar-notices FILE``), a JSON
document ``{"notices": [notice, ...]}`` whose notices have the shape of
``kiosk/data/notices/*.json``. The kiosk fetches it at start and then every
:data:`SYNC_INTERVAL_S` over its link to the center (``If-None-Match``: an
unchanged document costs a 304), checks every notice exactly as a shipped
file (:func:`~kiosk.workdays.notices.parse_notice`), keeps it in the state
folder (written whole or not at all) and hands it to the working-day calendar,
so a year's dates stop being provisional once its notice is in.

A document that fails the checks is refused with one log line; the notices
held before stay in use.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import JsonValue, ValidationError

from center.protocol import PublishedDocument
from kiosk.errors import ConfigError, KioskError
from kiosk.logs import fields
from kiosk.workdays.calendar import WorkCalendar
from kiosk.workdays.notices import HolidayNotice, parse_notice, shipped_notices
from offline_queue.center_link import CenterLink
from offline_queue.durable import AtomicFile, storage_error
from offline_queue.published import fetch_published

log = logging.getLogger(__name__)

KIND = "calendar-notices"
FOLDER = "calendar"
FILE = "published-notices.json"
MAX_NOTICES = 20
MAX_BYTES = 1024 * 1024
SYNC_INTERVAL_S = 15 * 60.0
"""How often the running kiosk asks for a newer document (a 304 when there is none)."""

_FIX = "correct the notice and publish the document again under a new version"


@dataclass(frozen=True)
class PublishedNotices:
    """One published version of the center's notices, checked."""

    version: str
    published_at: datetime
    notices: tuple[HolidayNotice, ...]


def notices_of(document: JsonValue, source: str) -> tuple[HolidayNotice, ...]:
    """The notices of a published document; :class:`ConfigError` on the first problem."""
    if not isinstance(document, dict) or set(document) != {"notices"}:
        raise ConfigError("(top level)", 'must be {"notices": [notice, ...]}', _FIX, source)
    entries = document["notices"]
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_NOTICES:
        raise ConfigError("notices", f"must list 1 to {MAX_NOTICES} notices", _FIX, source)
    # Each notice goes through the very check a shipped notice file does.
    return tuple(
        parse_notice(json.dumps(entry, ensure_ascii=False).encode(), f"{source} notices[{index}]")
        for index, entry in enumerate(entries)
    )


def checked(published: PublishedDocument, source: str) -> PublishedNotices:
    """``published`` with its notices checked; :class:`ConfigError` when one fails."""
    if published.kind != KIND:
        raise ConfigError("kind", f"is {published.kind!r}, not {KIND!r}", _FIX, source)
    notices = notices_of(published.document, f"{source} version {published.version}")
    return PublishedNotices(published.version, published.published_at, notices)


def stored_path(state_dir: Path) -> Path:
    return state_dir / FOLDER / FILE


def load_published(state_dir: Path) -> PublishedNotices | None:
    """The notices kept in ``state_dir`` (``None``: none kept, or the file is unusable)."""
    path = stored_path(state_dir)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning(
            "kept calendar notices unreadable; shipped notices only",
            extra=fields(path=str(path), reason=exc.strerror),
        )
        return None
    try:
        if len(data) > MAX_BYTES:
            raise ConfigError("(file)", f"larger than {MAX_BYTES} bytes", _FIX, str(path))
        return checked(PublishedDocument.model_validate_json(data), str(path))
    except (ConfigError, ValidationError) as exc:
        log.warning(
            "kept calendar notices invalid; shipped notices only",
            extra=fields(path=str(path), reason=str(exc)[:300]),
        )
        return None


def published_calendar(state_dir: Path) -> WorkCalendar:
    """The shipped notices plus those kept from the center (theirs win for their years)."""
    held = load_published(state_dir)
    return WorkCalendar.shipped(held.notices if held else ())


def keep(published: PublishedDocument, state_dir: Path) -> Path:
    """Write ``published`` to the state folder, whole or not at all."""
    folder = state_dir / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with AtomicFile(folder) as file:
            file.write(published.model_dump_json().encode())
            return file.commit(FILE)
    except OSError as exc:
        raise storage_error(exc, "the center's calendar notices") from exc


class NoticeSync:
    """Keeps :attr:`calendar` on the center's latest valid notices, from a background thread.

    The calendar starts from the shipped notices and those kept in ``state_dir``.
    """

    def __init__(
        self, link: CenterLink, state_dir: Path, interval_s: float = SYNC_INTERVAL_S
    ) -> None:
        self.link = link
        self.state_dir = state_dir
        self.interval_s = interval_s
        self.held = load_published(state_dir)
        self.calendar = WorkCalendar.shipped(self.held.notices if self.held else ())
        self.refusal: str | None = None
        """Why the last document was refused (one line), ``None`` after a good one."""
        self._refused: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sync(self) -> str:
        """Ask the center once: ``"updated"``, ``"unchanged"`` or ``"refused"``.

        Raises :class:`~kiosk.errors.CenterError` when the center cannot be reached.
        """
        held_version = self.held.version if self.held else None
        published = fetch_published(self.link, KIND, held_version, MAX_BYTES)
        if published is None or published.version == held_version:
            return "unchanged"
        try:
            notices = checked(published, f"{self.link.base_url} published {KIND}")
        except ConfigError as exc:
            self.refusal = exc.message.splitlines()[0][:300]
            if published.version != self._refused:  # one line per bad version, not per round
                log.warning(
                    "published calendar notices refused; previous ones kept",
                    extra=fields(version=published.version, reason=self.refusal),
                )
            self._refused = published.version
            return "refused"
        keep(published, self.state_dir)
        self.held, self.refusal = notices, None
        self.calendar.adopt([*shipped_notices(), *notices.notices])
        log.info(
            "published calendar notices in use",
            extra=fields(version=notices.version, count=len(notices.notices)),
        )
        return "updated"

    def start(self) -> NoticeSync:
        """Sync now and then every ``interval_s``, on a daemon thread, until :meth:`stop`."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="calendar-notices", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sync()
            except KioskError as exc:  # offline, or the disk: the next round tries again
                log.info("calendar notices not fetched", extra=fields(reason=exc.message[:300]))
            self._stop.wait(self.interval_s)
