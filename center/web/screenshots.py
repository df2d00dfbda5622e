"""A tour of the center's pages in headless Chromium, kept as pictures (the demo's artefacts).

An officer signs in, finds the dossier, opens it, asks for an addition with a
reason; the citizen opens the receipt's QR on a phone and sees it, in
Vietnamese and in English. Debian's Chromium is driven by Playwright (a test
dependency that ``./dev`` installs); without either, the tour says so in one
line and the demo goes on.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser")


class TourUnavailable(Exception):
    """Chromium or Playwright is missing: no pictures, nothing else lost."""


@dataclass(frozen=True)
class TourStop:
    """What the tour visits: the center, an officer's account, one received dossier."""

    center_url: str
    username: str
    password: str
    official_code: str
    lookup_token: str


def chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise TourUnavailable("Chromium is not installed (Debian package 'chromium')")


def console_tour(stop: TourStop, folder: Path) -> list[Path]:
    """Walk the console and the lookup page; return the screenshots written into ``folder``."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise TourUnavailable("Playwright is not installed (pip install playwright)") from exc
    executable = chromium()
    folder.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    args = ["--disable-dev-shm-usage", "--lang=vi-VN"]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses its sandbox as root
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, headless=True, args=args)
        try:
            desk = browser.new_context(
                viewport={"width": 1280, "height": 900},
                locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
            )
            page = desk.new_page()

            def shot(name: str) -> None:
                path = folder / f"{name}.png"
                page.screenshot(path=str(path), full_page=True)
                shots.append(path)

            page.goto(f"{stop.center_url}/login")
            shot("console-1-login")
            page.fill("#username", stop.username)
            page.fill("#password", stop.password)
            page.click("form[action='/login'] [type=submit]")
            page.wait_for_url("**/dossiers")
            shot("console-2-inbox")
            page.click(f"a[href='/dossiers/{stop.official_code}']")
            page.wait_for_url(f"**/dossiers/{stop.official_code}")
            shot("console-3-dossier")
            page.select_option("#new-status", "additions_requested")
            page.fill("#reason", "Ảnh giấy tờ chưa rõ số định danh (Nghị định 118/2025/NĐ-CP)")
            page.fill("#missing", "Bản sao có chứng thực của giấy tờ đã nộp")
            page.click(f"form[action='/dossiers/{stop.official_code}/status'] [type=submit]")
            page.wait_for_url("**saved=1")
            shot("console-4-additions-requested")
            desk.close()
            phone = browser.new_context(
                viewport={"width": 390, "height": 844},
                locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
                is_mobile=True,
            )
            page = phone.new_page()
            page.goto(f"{stop.center_url}/tra-cuu/{stop.lookup_token}")
            shot("lookup-1-phone-vi")
            page.goto(f"{stop.center_url}/tra-cuu/{stop.lookup_token}?lang=en")
            shot("lookup-2-phone-en")
            phone.close()
        finally:
            browser.close()
    return shots
