"""The center's web pages: the officers' console and the citizens' lookup.

Server-rendered (Starlette + Jinja2), no script, Vietnamese first with
English. ``web_routes(service)`` gives the routes ``center.app`` mounts beside
the kiosk API; the pages call :mod:`center.backoffice`, never SQL or envelopes.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from center.service import CenterService
from center.web.oversight import Oversight
from center.web.public import LookupPages

STATIC = Path(__file__).parent / "static"


async def _home(request: Request) -> Response:
    return RedirectResponse("/dossiers", status_code=303)


def web_routes(service: CenterService) -> list[BaseRoute]:
    console = Oversight(service)
    lookup = LookupPages(service, console.signer)
    return [
        Route("/", _home, methods=["GET"]),
        *console.routes(),
        *lookup.routes(),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
