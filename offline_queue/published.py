"""Fetching a document the center publishes, cheaply and within bounds.

The kiosk asks with ``If-None-Match`` set to the version it already holds (the
center's ``ETag`` is the version), so an unchanged document costs one empty
304. The body is read up to a limit: a center that sends more is refused
before the kiosk parses anything.
"""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from center.protocol import PublishedDocument
from kiosk.errors import CenterError
from offline_queue.center_link import CenterLink
from offline_queue.http_errors import check, unreachable


def etag_of(version: str) -> str:
    """The ``ETag`` the center gives ``version`` (a quoted string)."""
    return f'"{version}"'


def fetch_published(
    link: CenterLink, kind: str, held_version: str | None, max_bytes: int
) -> PublishedDocument | None:
    """The center's latest ``kind`` if it is not ``held_version``; ``None`` when nothing new.

    ``None`` covers both "unchanged" (304) and "nothing published yet" (404).
    Raises :class:`~kiosk.errors.CenterError` when the center cannot be reached,
    answers an error, or sends more than ``max_bytes`` or something not a
    published document.
    """
    headers = {"If-None-Match": etag_of(held_version)} if held_version else {}
    try:
        with (
            link.client() as client,
            client.stream("GET", f"/published/{kind}", headers=headers) as reply,
        ):
            if reply.status_code in (304, 404):
                return None
            if not reply.is_success:
                reply.read()
                check(reply, link.base_url)
            body = bytearray()
            for chunk in reply.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise CenterError(
                        f"The center's published {kind} is larger than {max_bytes} bytes",
                        "ask the center's operators to publish a smaller document",
                    )
    except httpx.HTTPError as exc:
        raise unreachable(exc, link.base_url) from exc
    try:
        return PublishedDocument.model_validate_json(bytes(body))
    except ValidationError as exc:
        raise CenterError(
            f"The server at {link.base_url} sent no published document for {kind}",
            "check kiosk.toml [center] url",
        ) from exc
