"""Turning a template and its facts into an HTML reply with the console's safe defaults.

Every page: autoescaped Jinja2, the visitor's language, a CSRF token for its
forms, and headers that keep it private — no caching (personal data), no
referrer (the lookup URL holds a token), no framing, scripts and styles from
this server only (the pages need no script at all).
"""

from __future__ import annotations

import functools
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from center.casework import LABELS, CaseState
from center.web.i18n import Lang, action, pick_lang, text
from center.web.session import CSRF_COOKIE, Signer, csrf_cookie, set_cookie

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parent / "templates"
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


@functools.cache
def environment() -> Environment:
    """The templates, loaded on the first page (a kiosk's embedded center may never show one)."""
    import jinja2  # 40 ms of imports, kept off the kiosk's start

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language(request: Request) -> Lang:
    return pick_lang(request.query_params.get("lang"), request.cookies.get("lang"))


def render(
    request: Request,
    signer: Signer,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    local_tz: timezone,
) -> Response:
    """The page ``template`` for this visitor, with its CSRF cookie set when new."""
    lang = language(request)
    csrf_value, new = csrf_cookie(request)

    def t(key: str, **values: object) -> str:
        return text(key, lang, **values)

    def when(moment: datetime | None, with_time: bool = True) -> str:
        if moment is None:
            return "—"
        local = moment.astimezone(local_tz)
        return local.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")

    def state_label(state: CaseState | str) -> str:
        try:
            return LABELS[CaseState(state)][lang]
        except ValueError:
            return str(state)

    html = environment().get_template(template).render(
        lang=lang,
        t=t,
        when=when,
        state_label=state_label,
        action_label=lambda name: action(name, lang),
        csrf=signer.csrf_token(csrf_value),
        path=request.url.path,
        **context,
    )
    response = HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)
    if new:
        set_cookie(response, request, CSRF_COOKIE, csrf_value, 12 * 60 * 60)
    chosen = request.query_params.get("lang")
    if chosen in ("vi", "en"):
        set_cookie(response, request, "lang", chosen, 365 * 24 * 60 * 60)
    return response
