"""The back office in a real browser: one headless Chromium per run, a context per test.

Officers work on a desktop (1280×900), citizens open the receipt's QR on a
phone (390×844); both in Vietnamese, on Vietnam's clock. Chromium runs without
its sandbox when the tests run as root (CI does), which it refuses otherwise.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import (
    CITIZEN_VIEWPORT,
    LOCALE,
    OFFICER_VIEWPORT,
    chromium_executable,
)
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

# The center's samples (enrolled kiosks, sealed dossiers) live beside the center's tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "center"))

TIMEZONE = "Asia/Ho_Chi_Minh"
# A page that has not answered in this long is broken, not slow: fail fast.
ACTION_TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """Playwright's driver, started once for the run."""
    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless, for the whole run."""
    args = ["--disable-dev-shm-usage"]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    chromium = playwright_driver.chromium.launch(
        executable_path=str(chromium_executable()), headless=True, args=args
    )
    try:
        yield chromium
    finally:
        chromium.close()


def _context(browser: Browser, *, phone: bool) -> BrowserContext:
    context = browser.new_context(
        viewport=CITIZEN_VIEWPORT if phone else OFFICER_VIEWPORT,
        locale=LOCALE,
        timezone_id=TIMEZONE,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context


@pytest.fixture
def officer_page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop browser (own cookies) for an officer."""
    context = _context(browser, phone=False)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def citizen_page(browser: Browser) -> Iterator[Page]:
    """A fresh phone browser (own cookies) for a citizen following the receipt's QR."""
    context = _context(browser, phone=True)
    try:
        yield context.new_page()
    finally:
        context.close()
