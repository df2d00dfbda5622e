"""The officers' console: sign in and out, the inbox, a dossier, its papers, its status.

Routes (the contract other tools and tests rely on): ``GET/POST /login``,
``POST /logout``, ``GET /dossiers``, ``GET /dossiers/{code}``,
``GET /dossiers/{code}/papers/{n}.pdf``, ``POST /dossiers/{code}/status``,
``GET /audit`` (supervisors). Each handler only reads the request, calls the
back office (:mod:`center.backoffice`) in the thread pool and renders; every
refusal becomes a page in words.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from center.backoffice import parse_day
from center.casework import CaseState, StateChange, parse_state
from center.errors import Refusal, StorageFault
from center.inbox import InboxFilter
from center.lookup import SESSION_SECRET, center_secret
from center.officers import LoginRefused, Officer
from center.replies import blocking
from center.service import CenterService
from center.web.render import SECURITY_HEADERS, render
from center.web.session import (
    CSRF_COOKIE,
    LIFETIME,
    SESSION_COOKIE,
    SessionClaims,
    Signer,
    clear_cookie,
    set_cookie,
)

logger = logging.getLogger(__name__)

MAX_FORM_BYTES = 64 * 1024
LOGIN_TRIES_PER_CLIENT = 30  # per 10 minutes, whatever the account names
C = TypeVar("C", bound="Console")


def signed_in(
    page: Callable[[C, Request, Officer], Awaitable[Response]],
) -> Callable[[C, Request], Awaitable[Response]]:
    """Run ``page`` for the session's officer; else back to the login page."""

    @functools.wraps(page)
    async def wrapper(self: C, request: Request) -> Response:
        try:
            found = await self.session(request)
            if found is None:
                return self.to_login(request, "session_ended")
            officer, claims = found
            request.state.help_calls = await blocking(self.office.help_calls, officer)
            response = await page(self, request, officer)
        except Refusal as refused:
            return self.problem(request, refused.status, refused.message)
        except StorageFault as fault:
            logger.error("console: storage fault: %s", fault.message)
            return self.problem(request, 503, fault.message)
        self.keep_session(request, response, claims)
        return response

    return wrapper


class Console:
    """The console's pages over one center service."""

    def __init__(self, service: CenterService) -> None:
        self.service = service
        self.office = service.office
        self.local_tz = service.settings.local_tz
        self.signer = Signer(center_secret(service.db, SESSION_SECRET))

    # --- plumbing ---------------------------------------------------------------------

    def page(
        self, request: Request, template: str, status_code: int = 200, **context: Any
    ) -> Response:
        context.setdefault("help_calls", getattr(request.state, "help_calls", []))
        return render(
            request,
            self.signer,
            template,
            context,
            status_code=status_code,
            local_tz=self.local_tz,
        )

    def problem(self, request: Request, status_code: int, message: str) -> Response:
        return self.page(request, "problem.html", status_code, message=message, officer=None)

    def to_login(self, request: Request, notice: str = "") -> Response:
        target = "/login" + (f"?notice={notice}" if notice else "")
        response = RedirectResponse(target, status_code=303, headers=SECURITY_HEADERS)
        clear_cookie(response, request, SESSION_COOKIE)
        return response

    async def session(self, request: Request) -> tuple[Officer, SessionClaims] | None:
        cookie = request.cookies.get(SESSION_COOKIE)
        claims = self.signer.open(cookie, int(time.time())) if cookie else None
        if claims is None:
            return None
        officer = await blocking(self.office.session_officer, claims.user, claims.epoch)
        return (officer, claims) if officer is not None else None

    def keep_session(self, request: Request, response: Response, claims: SessionClaims) -> None:
        """Re-issue the cookie with a fresh ``seen`` (the idle clock restarts)."""
        if response.status_code >= 300 and request.url.path == "/logout":
            return
        renewed = SessionClaims(claims.user, claims.epoch, claims.issued, int(time.time()))
        set_cookie(response, request, SESSION_COOKIE, self.signer.seal(renewed), LIFETIME)

    async def form(self, request: Request) -> FormData:
        """The posted form, refused (403) when its CSRF token does not match the cookie."""
        declared = request.headers.get("content-length", "")
        if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
            raise Refusal(413, "too_large", "The form is too large")
        form = await request.form(max_files=0, max_fields=20)
        token = form.get("csrf")
        if not isinstance(token, str) or not self.signer.csrf_ok(
            request.cookies.get(CSRF_COOKIE, ""), token
        ):
            raise Refusal(403, "csrf", "forbidden")
        return form

    # --- signing in and out -------------------------------------------------------------

    async def login_page(self, request: Request) -> Response:
        if await self.session(request) is not None:
            return RedirectResponse("/dossiers", status_code=303, headers=SECURITY_HEADERS)
        notice = request.query_params.get("notice", "")
        known = notice if notice in ("logged_out", "session_ended") else ""
        return self.page(request, "login.html", notice=known, error="", username="", officer=None)

    async def login(self, request: Request) -> Response:
        try:
            form = await self.form(request)
        except Refusal as refused:
            return self.problem(request, refused.status, refused.message)
        username = str(form.get("username", ""))[:64].strip()
        password = str(form.get("password", ""))[:256]
        client = request.client.host if request.client else "?"
        if not await blocking(self.office.allow, f"login:{client}", LOGIN_TRIES_PER_CLIENT, 600):
            return self.login_again(request, username, "login_busy", 429)
        try:
            officer = await blocking(self.office.login, username, password)
        except LoginRefused as refused:
            if refused.locked_until is not None:
                until = refused.locked_until.astimezone(self.local_tz).strftime("%H:%M")
                return self.login_again(request, username, "login_locked", 403, until=until)
            return self.login_again(request, username, "login_wrong", 401)
        now = int(time.time())
        claims = SessionClaims(officer.username, officer.session_epoch, now, now)
        home = "/fleet" if officer.administers else "/dossiers"
        response = RedirectResponse(home, status_code=303, headers=SECURITY_HEADERS)
        set_cookie(response, request, SESSION_COOKIE, self.signer.seal(claims), LIFETIME)
        return response

    def login_again(
        self, request: Request, username: str, error: str, status_code: int, **values: str
    ) -> Response:
        return self.page(
            request,
            "login.html",
            status_code,
            notice="",
            error=error,
            error_values=values,
            username=username,
            officer=None,
        )

    @signed_in
    async def logout(self, request: Request, officer: Officer) -> Response:
        await self.form(request)
        await blocking(self.office.logout, officer)
        return self.to_login(request, "logged_out")

    # --- the inbox and a dossier -----------------------------------------------------------

    @signed_in
    async def inbox(self, request: Request, officer: Officer) -> Response:
        query = request.query_params
        state_text = query.get("status", "")
        page_text = query.get("page", "1")
        wanted = InboxFilter(
            state=parse_state(state_text) if state_text else None,
            procedure=query.get("procedure", "")[:32].strip(),
            kiosk=query.get("kiosk", "")[:64].strip(),
            received_from=parse_day(query.get("date_from", "")),
            received_to=parse_day(query.get("date_to", "")),
            code=query.get("q", "")[:100].strip(),
            page=int(page_text) if page_text.isdigit() and 0 < int(page_text) < 100_000 else 1,
        )
        rows, more = await blocking(self.office.inbox, officer, wanted)
        lines = [(row, self.office.days_left(row)) for row in rows]
        return self.page(
            request,
            "inbox.html",
            officer=officer,
            lines=lines,
            more=more,
            wanted=wanted,
            states=list(CaseState),
            query=dict(query),
        )

    @signed_in
    async def dossier(self, request: Request, officer: Officer) -> Response:
        code = request.path_params["code"]
        case = await blocking(self.office.case, officer, code)
        assignable = await blocking(self.office.assignable, officer, case.row.agency_code)
        return self.page(
            request,
            "dossier.html",
            officer=officer,
            case=case,
            content=case.content,
            saved=request.query_params.get("saved") == "1",
            error="",
            assignable=assignable,
        )

    @signed_in
    async def paper(self, request: Request, officer: Officer) -> Response:
        code = request.path_params["code"]
        number = int(request.path_params["number"])
        data = await blocking(self.office.paper, officer, code, number)
        headers = {
            **SECURITY_HEADERS,
            "Content-Disposition": f'inline; filename="{_safe(code)}-{number}.pdf"',
        }
        return Response(data, media_type="application/pdf", headers=headers)

    @signed_in
    async def change_status(self, request: Request, officer: Officer) -> Response:
        code = request.path_params["code"]
        form = await self.form(request)
        change = StateChange(
            parse_state(str(form.get("status", ""))),
            reason=str(form.get("reason", "")),
            missing=str(form.get("missing", "")),
        )
        try:
            await blocking(self.office.change_state, officer, code, change)
        except Refusal as refused:
            if refused.status == 404:
                raise
            case = await blocking(self.office.case, officer, code)
            return self.page(
                request,
                "dossier.html",
                422,
                officer=officer,
                case=case,
                content=case.content,
                saved=False,
                error=refused.message,
                typed=change,
                assignable=[],
            )
        return RedirectResponse(
            f"/dossiers/{case_path(code)}?saved=1", status_code=303, headers=SECURITY_HEADERS
        )

    @signed_in
    async def assign(self, request: Request, officer: Officer) -> Response:
        code = request.path_params["code"]
        form = await self.form(request)
        await blocking(self.office.assign, officer, code, str(form.get("officer", ""))[:64])
        return RedirectResponse(
            f"/dossiers/{case_path(code)}?saved=1", status_code=303, headers=SECURITY_HEADERS
        )

    @signed_in
    async def audit(self, request: Request, officer: Officer) -> Response:
        entries = await blocking(self.office.audit, officer)
        return self.page(request, "audit.html", officer=officer, entries=entries)

    def bound(self, handler: Callable[[Any, Request], Awaitable[Response]]) -> Any:
        """``handler`` as a route endpoint of this console."""
        return functools.partial(handler, self)

    def routes(self) -> list[Route]:
        bound = self.bound
        return [
            Route("/login", self.login_page, methods=["GET"]),
            Route("/login", self.login, methods=["POST"]),
            Route("/logout", bound(Console.logout), methods=["POST"]),
            Route("/dossiers", bound(Console.inbox), methods=["GET"]),
            Route("/dossiers/{code}", bound(Console.dossier), methods=["GET"]),
            Route(
                "/dossiers/{code}/papers/{number:int}.pdf", bound(Console.paper), methods=["GET"]
            ),
            Route("/dossiers/{code}/status", bound(Console.change_status), methods=["POST"]),
            Route("/dossiers/{code}/assign", bound(Console.assign), methods=["POST"]),
            Route("/audit", bound(Console.audit), methods=["GET"]),
        ]


def _safe(code: str) -> str:
    return "".join(c for c in code if c.isalnum() or c in ".-")[:80]


def case_path(code: str) -> str:
    return quote(code, safe="")
