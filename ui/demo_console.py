"""The demo's visit of the center's console, after the scripted citizens have left.

An officer account of the kiosk's agency is made with a fresh password, the
first dossier is worked in headless Chromium (:mod:`center.web.screenshots`),
and the pictures go beside the kiosk's screens.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from center.server import EmbeddedCenter
from center.web.screenshots import TourStop, TourUnavailable, console_tour
from kiosk.config import Config
from kiosk.receipt import ReceiptFacts

DEMO_OFFICER = "demo.officer"


@dataclass(frozen=True)
class BackOfficeTour:
    """The demo's visit of the center's console: the account it used and what it left."""

    password: str
    lookup_token: str
    summary: str


def tour_back_office(
    center: EmbeddedCenter, config: Config, receipts: Sequence[ReceiptFacts], artifacts: Path
) -> BackOfficeTour:
    """An officer of the kiosk's agency works the first dossier in Chromium; pictures kept."""
    password = secrets.token_urlsafe(12)
    center.service.add_user(DEMO_OFFICER, password, "officer", [config.kiosk.agency_code])
    first = receipts[0]
    status = center.service.dossier_status(first.code)
    assert status is not None and first.lookup_token is not None
    stop = TourStop(center.url, DEMO_OFFICER, password, status.official_code, first.lookup_token)
    folder = artifacts / "console"
    try:
        shots = console_tour(stop, folder)
        summary = f"The center's console and the citizen's lookup page: {len(shots)} in {folder}"
    except TourUnavailable as missing:
        summary = f"No console screenshots: {missing}"
    return BackOfficeTour(password, first.lookup_token, summary)
