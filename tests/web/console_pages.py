"""The back office as an officer and a citizen use it: accounts, a received dossier, logging in.

Everything goes through the real center on loopback: accounts through the
service (as ``kiosk center user add`` does), the dossier through the kiosk's
sealed upload (``center_samples.received_dossier``), and every page through
Chromium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from center_samples import SYNTHETIC_ID
from playwright.sync_api import Page, Response

from center.server import EmbeddedCenter

HOME_AGENCY = "000.00.31.H29"
OTHER_AGENCY = "000.00.32.H30"
# The synthetic citizen of tests/center/center_samples.py: never on a public page.
CITIZEN_NAME = "Trần Thị Thử Nghiệm"
CITIZEN_ID = SYNTHETIC_ID


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: str
    agencies: tuple[str, ...]

    def create(self, center: EmbeddedCenter) -> Account:
        center.service.add_user(self.username, self.password, self.role, list(self.agencies))
        return self


OFFICER = Account("canbo.motcua", "mat-khau-thu-nghiem-1", "officer", (HOME_AGENCY,))
SUPERVISOR = Account("truong.bophan", "mat-khau-thu-nghiem-3", "supervisor", (HOME_AGENCY,))
STRANGER = Account("canbo.khac", "mat-khau-thu-nghiem-2", "officer", (OTHER_AGENCY,))


def login_form(page: Page, center: EmbeddedCenter) -> None:
    """Open ``/login`` and check it is the contract's form."""
    reply = page.goto(f"{center.url}/login")
    assert reply is not None and reply.status == 200
    form = page.locator('form[action="/login"]')
    assert form.get_attribute("method") == "post"
    assert form.locator('input[type="hidden"][name="csrf"]').count() == 1


def submit_login(page: Page, username: str, password: str) -> Response | None:
    """Fill and send the login form; the reply to the last navigation it caused."""
    form = page.locator('form[action="/login"]')
    form.locator('input[name="username"]').fill(username)
    form.locator('input[name="password"]').fill(password)
    with page.expect_navigation() as navigation:
        form.locator('[type="submit"]').click()
    return navigation.value


def log_in(page: Page, center: EmbeddedCenter, account: Account) -> None:
    """Log in through the form; the officer lands on the inbox."""
    login_form(page, center)
    reply = submit_login(page, account.username, account.password)
    assert path_of(page) == "/dossiers", f"login did not reach the inbox: {page.url}"
    posted = reply.request.redirected_from if reply is not None else None
    assert posted is not None and posted.method == "POST", "the inbox came without a redirect"
    answer = posted.response()
    assert answer is not None and answer.status == 303


def dossier_link(code: str) -> str:
    """The selector of the inbox's link to dossier ``code``."""
    return f'a[href="/dossiers/{code}"]'


def status_form(code: str) -> str:
    return f'form[action="/dossiers/{code}/status"]'


def visible_text(page: Page) -> str:
    """What a person reads on the page, whitespace folded."""
    return re.sub(r"\s+", " ", page.locator("body").inner_text())


def path_of(page: Page) -> str:
    """The path of the page's address, without the query (a notice, where to go next)."""
    return urlsplit(page.url).path
