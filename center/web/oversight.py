"""The supervisors' statistics and the administrators' fleet, beside the console's pages.

``GET /statistics`` (supervisor): received, on time / late, additions
requested, digitised and satisfaction per day, week, month, procedure or
kiosk, as a table and a server-drawn SVG chart; ``GET /statistics.csv`` the
same as CSV. ``GET /fleet`` (admin): every kiosk, its last heartbeat, queue
depth, device faults and version; ``POST /fleet/tokens`` issues a one-time
enrollment token (shown once); ``POST /fleet/{kiosk_id}/revoke``.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from center import stats
from center.backoffice import parse_day
from center.errors import Refusal
from center.officers import Officer
from center.replies import blocking
from center.web.console import Console, signed_in
from center.web.render import SECURITY_HEADERS

DEFAULT_DAYS = 30


class Oversight(Console):
    """The console's pages plus statistics and fleet."""

    def _report_of(self, request: Request) -> tuple[date, date, stats.Grouping]:
        today = self.office.today()
        query = request.query_params
        last = parse_day(query.get("to", "")) or today
        first = parse_day(query.get("from", "")) or last - timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            first, last = last, first
        wanted = query.get("by", "day")
        grouping: stats.Grouping = next((g for g in stats.GROUPINGS if g == wanted), "day")
        return first, last, grouping

    @signed_in
    async def statistics(self, request: Request, officer: Officer) -> Response:
        first, last, grouping = self._report_of(request)
        report = await blocking(self.office.statistics, officer, first, last, grouping)
        return self.page(
            request,
            "statistics.html",
            officer=officer,
            report=report,
            bars=stats.bars(report),
            groupings=stats.GROUPINGS,
            query=dict(request.query_params),
        )

    @signed_in
    async def statistics_csv(self, request: Request, officer: Officer) -> Response:
        first, last, grouping = self._report_of(request)
        report = await blocking(self.office.statistics, officer, first, last, grouping)
        text = io.StringIO()
        csv.writer(text).writerows(stats.csv_rows(report))
        name = f"thong-ke-{first:%Y%m%d}-{last:%Y%m%d}-{grouping}.csv"
        headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
        # A byte-order mark: spreadsheet programs then read the Vietnamese letters as UTF-8.
        return Response(
            "\ufeff" + text.getvalue(), media_type="text/csv; charset=utf-8", headers=headers
        )

    @signed_in
    async def fleet(self, request: Request, officer: Officer) -> Response:
        return await self._fleet_page(request, officer)

    async def _fleet_page(
        self, request: Request, officer: Officer, status_code: int = 200, **extra: Any
    ) -> Response:
        rows = await blocking(self.office.fleet, officer)
        context: dict[str, Any] = {"token": "", "error": "", "notice": "", **extra}
        return self.page(request, "fleet.html", status_code, officer=officer, rows=rows, **context)

    @signed_in
    async def issue_token(self, request: Request, officer: Officer) -> Response:
        form = await self.form(request)
        kiosk_id = str(form.get("kiosk_id", "")).strip()
        agency = str(form.get("agency", "")).strip()
        try:
            token = await blocking(self.office.issue_token, officer, kiosk_id, agency)
        except Refusal as refused:
            if refused.status == 403:
                raise
            return await self._fleet_page(request, officer, 422, error=refused.message)
        return await self._fleet_page(request, officer, token=token, token_for=kiosk_id)

    @signed_in
    async def revoke(self, request: Request, officer: Officer) -> Response:
        await self.form(request)
        kiosk_id = request.path_params["kiosk_id"]
        await blocking(self.office.revoke, officer, kiosk_id)
        return RedirectResponse("/fleet", status_code=303, headers=SECURITY_HEADERS)

    def routes(self) -> list[Route]:
        own = [
            ("/statistics", Oversight.statistics, "GET"),
            ("/statistics.csv", Oversight.statistics_csv, "GET"),
            ("/fleet", Oversight.fleet, "GET"),
            ("/fleet/tokens", Oversight.issue_token, "POST"),
            ("/fleet/{kiosk_id}/revoke", Oversight.revoke, "POST"),
        ]
        return [
            *super().routes(),
            *(Route(path, self.bound(handler), methods=[method]) for path, handler, method in own),
        ]
