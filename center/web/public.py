"""The citizen's lookup page: what the receipt's QR opens, and a form for the code.

``GET /tra-cuu/{token}`` answers the receipt's QR (an unguessable token, never
the sequential code); ``GET /tra-cuu`` shows a form and ``POST /tra-cuu``
takes the dossier code and the last four digits of the ID number. Both show
status and dates only — never a name, an ID number or an address — and both
are rate limited per client address, in the database (every center process
counts together).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from center.replies import blocking
from center.service import CenterService
from center.web.render import render
from center.web.session import Signer

TOKEN_LOOKUPS_PER_MINUTE = 60
CODE_LOOKUPS_PER_10_MINUTES = 10  # guessing 4 digits needs 10,000 tries: ~7 days a code


class LookupPages:
    def __init__(self, service: CenterService, signer: Signer) -> None:
        self.office = service.office
        self.local_tz = service.settings.local_tz
        self.signer = signer

    def page(
        self, request: Request, template: str, status_code: int = 200, **context: Any
    ) -> Response:
        context.setdefault("officer", None)
        return render(
            request, self.signer, template, context, status_code=status_code, local_tz=self.local_tz
        )

    async def allowed(self, request: Request, kind: str, limit: int, window_s: int) -> bool:
        client = request.client.host if request.client else "?"
        return await blocking(self.office.allow, f"{kind}:{client}", limit, window_s)

    async def by_token(self, request: Request) -> Response:
        if not await self.allowed(request, "lookup-token", TOKEN_LOOKUPS_PER_MINUTE, 60):
            return self.page(request, "lookup_form.html", 429, error="lookup_busy", code="")
        status = await blocking(self.office.lookup_token, request.path_params["token"])
        if status is None:
            return self.page(request, "lookup_form.html", 404, error="lookup_none", code="")
        return self.page(request, "lookup.html", status=status)

    async def form(self, request: Request) -> Response:
        return self.page(request, "lookup_form.html", error="", code="")

    async def by_code(self, request: Request) -> Response:
        declared = request.headers.get("content-length", "")
        if not declared.isdigit() or int(declared) > 4096:
            return self.page(request, "lookup_form.html", 413, error="lookup_none", code="")
        form = await request.form(max_files=0, max_fields=5)
        code = str(form.get("code", "")).strip().upper()[:100]
        last4 = str(form.get("id_last4", "")).strip()
        if not await self.allowed(request, "lookup-code", CODE_LOOKUPS_PER_10_MINUTES, 600):
            return self.page(request, "lookup_form.html", 429, error="lookup_busy", code=code)
        status = await blocking(self.office.lookup_code, code, last4)
        if status is None:
            return self.page(request, "lookup_form.html", 404, error="lookup_none", code=code)
        return self.page(request, "lookup.html", status=status)

    def routes(self) -> list[Route]:
        return [
            Route("/tra-cuu", self.form, methods=["GET"]),
            Route("/tra-cuu", self.by_code, methods=["POST"]),
            Route("/tra-cuu/{token}", self.by_token, methods=["GET"]),
        ]
