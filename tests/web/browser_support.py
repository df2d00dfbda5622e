"""A real headless Chromium for the back office's pages: screenshots, axe-core, the keyboard.

Playwright drives Debian's ``chromium`` (``/usr/bin/chromium``, installed by
``scripts/bootstrap.sh``); it never downloads a browser of its own. axe-core's
``axe.min.js`` comes from npm through the bootstrap into ``.venv/axe-core-*/``.
Screenshots go to ``$KIOSK_TEST_ARTIFACTS`` if set, else to
``artifacts/test-screens/web/`` beside the other tests' screens (git ignores it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("KIOSK_CHROMIUM", "/usr/bin/chromium"))
OFFICER_VIEWPORT = ViewportSize(width=1280, height=900)
CITIZEN_VIEWPORT = ViewportSize(width=390, height=844)
LOCALE = "vi-VN"
TIMEZONE = "Asia/Ho_Chi_Minh"
# A page that has not answered in this long is broken, not slow: fail fast.
ACTION_TIMEOUT_MS = 10_000
# axe's two highest impacts: a page with either is not usable by someone.
BLOCKING_IMPACTS = ("serious", "critical")


class BrowserSetupError(RuntimeError):
    """Chromium or axe-core is missing: run ``scripts/bootstrap.sh``."""


def axe_script() -> Path:
    """The newest ``axe.min.js`` the bootstrap fetched."""
    found = sorted((ROOT / ".venv").glob("axe-core-*/axe.min.js"))
    if not found:
        raise BrowserSetupError(
            "axe-core is missing (.venv/axe-core-*/axe.min.js): run scripts/bootstrap.sh"
        )
    return found[-1]


def chromium_executable() -> Path:
    """Debian's Chromium, or what ``KIOSK_CHROMIUM`` names."""
    if not CHROMIUM.exists():
        raise BrowserSetupError(
            f"no Chromium at {CHROMIUM}: run scripts/bootstrap.sh (Debian package chromium)"
        )
    return CHROMIUM


def new_context(browser: Browser, *, phone: bool, javascript: bool = True) -> BrowserContext:
    """A fresh browser profile (own cookies): an officer's desktop or a citizen's phone."""
    context = browser.new_context(
        viewport=CITIZEN_VIEWPORT if phone else OFFICER_VIEWPORT,
        locale=LOCALE,
        timezone_id=TIMEZONE,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
        java_script_enabled=javascript,
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context


def artifacts_dir() -> Path:
    """Where screenshots are kept after the run."""
    configured = os.environ.get("KIOSK_TEST_ARTIFACTS")
    folder = Path(configured) if configured else ROOT / "artifacts" / "test-screens" / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_screenshot(page: Page, name: str) -> Path:
    """A full-page PNG of what the page shows now, named ``name``; prints where."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    path = artifacts_dir() / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


@dataclass(frozen=True)
class Violation:
    """One axe rule a page breaks, with the elements that break it."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    html: tuple[str, ...]

    def describe(self) -> str:
        where = "; ".join(f"{t} -> {h}" for t, h in zip(self.targets, self.html, strict=True))
        return f"[{self.impact}] {self.rule}: {self.help} at {where}"


def axe_violations(page: Page) -> list[Violation]:
    """Every axe-core violation on the page as it is now (all impacts)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the driver, not added as a <script>: the pages' Content
        # Security Policy refuses inline scripts, and it stays in force for the test.
        page.evaluate(axe_script().read_text(encoding="utf-8") + "\n;undefined")
    result: dict[str, Any] = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return {ran: r.passes.length + r.violations.length, violations: r.violations};
        }"""
    )
    assert result["ran"] > 0, f"axe-core checked no rule on {page.url}"
    raw: list[dict[str, Any]] = result["violations"]
    found = []
    for item in raw:
        nodes = item.get("nodes", [])
        found.append(
            Violation(
                rule=str(item["id"]),
                impact=str(item.get("impact") or "unknown"),
                help=str(item.get("help", "")),
                targets=tuple(" ".join(map(str, n.get("target", []))) for n in nodes),
                html=tuple(str(n.get("html", ""))[:160] for n in nodes),
            )
        )
    return found


def assert_accessible(page: Page) -> None:
    """Fail, listing them, if axe finds any serious or critical violation on the page."""
    found = axe_violations(page)
    for minor in (v for v in found if v.impact not in BLOCKING_IMPACTS):
        print(f"axe (not failing) on {page.url}: {minor.describe()}")
    blocking = [v for v in found if v.impact in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(v.describe() for v in blocking)


def keyboard_reach(page: Page, selector: str, max_tabs: int = 40) -> int:
    """Press Tab until the element ``selector`` has the focus; return how many presses.

    Fails after ``max_tabs``: the element cannot be reached without a mouse.
    """
    target = page.locator(selector)
    assert target.count() == 1, f"{selector!r} matches {target.count()} elements on {page.url}"
    for presses in range(1, max_tabs + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(
        f"{selector!r} not focused after {max_tabs} Tab presses on {page.url};"
        f" focus is on {focused_html(page)}"
    )


def focused_html(page: Page) -> str:
    """The start of the focused element's markup (for failure messages)."""
    html: str = page.evaluate(
        "() => document.activeElement ? document.activeElement.outerHTML : ''"
    )
    return html[:160]


def assert_focus_visible(page: Page) -> None:
    """The focused element shows that it has the focus (an outline or a ring; WCAG 2.4.7)."""
    style: dict[str, str] = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow};
        }"""
    )
    outlined = style["outline"] != "none" and style["width"] not in ("0px", "")
    ringed = style["shadow"] not in ("none", "")
    assert outlined or ringed, f"no visible focus on {focused_html(page)} at {page.url}: {style}"


def fits_width(page: Page) -> bool:
    """Nothing on the page is wider than the screen (no sideways scrolling on a phone)."""
    fits: bool = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    return fits
