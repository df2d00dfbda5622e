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
from browser_support import chromium_executable, new_context
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from center.app import CenterSettings
from center.server import EmbeddedCenter

# The center's samples (enrolled kiosks, sealed dossiers) live beside the center's tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "center"))
from center_samples import QUICK_PASSWORDS


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


@pytest.fixture
def officer_page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop browser (own cookies) for an officer."""
    context = new_context(browser, phone=False)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def citizen_page(browser: Browser) -> Iterator[Page]:
    """A fresh phone browser (own cookies) for a citizen following the receipt's QR."""
    context = new_context(browser, phone=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def web_center() -> Iterator[EmbeddedCenter]:
    """A fresh center on loopback (its own in-memory database): accounts and dossiers per test."""
    settings = CenterSettings(version="web-test", password_cost=QUICK_PASSWORDS)
    with EmbeddedCenter(settings) as center:
        yield center
