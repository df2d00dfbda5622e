"""The browser tests' own parts work: Debian's Chromium opens a page the real center serves."""

from __future__ import annotations

import json

import pytest
from browser_support import (
    artifacts_dir,
    assert_accessible,
    axe_script,
    keyboard_reach,
    save_screenshot,
)
from playwright.sync_api import Page

from center.server import EmbeddedCenter


@pytest.mark.realparts
def test_chromium_shows_the_centers_health_and_saves_a_screenshot(officer_page: Page) -> None:
    with EmbeddedCenter() as center:
        reply = officer_page.goto(f"{center.url}/api/v1/health")
        assert reply is not None and reply.status == 200
        health = json.loads(officer_page.locator("body").inner_text())
        assert health["status"] == "ok"
        shot = save_screenshot(officer_page, "smoke-health")
    assert shot.parent == artifacts_dir()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert officer_page.viewport_size == {"width": 1280, "height": 900}
    assert officer_page.evaluate("() => navigator.language") == "vi-VN"
    assert axe_script().stat().st_size > 100_000


@pytest.mark.realparts
def test_the_axe_check_names_the_rule_and_element_a_page_breaks(officer_page: Page) -> None:
    officer_page.set_content(
        '<html lang="vi"><head><title>t</title></head><body><main>'
        '<form><input name="username" id="who"></form></main></body></html>'
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(officer_page)
    assert "label" in str(failure.value) and "#who" in str(failure.value)
    officer_page.set_content(
        '<html lang="vi"><head><title>t</title></head><body><main>'
        '<form><label for="who">Tên</label><input name="username" id="who"></form>'
        "</main></body></html>"
    )
    assert_accessible(officer_page)


@pytest.mark.realparts
def test_keyboard_reach_counts_tabs_and_fails_on_what_tab_cannot_reach(
    officer_page: Page,
) -> None:
    officer_page.set_content(
        '<a href="#a">one</a><a href="#b">two</a><span id="mouse-only" onclick="1">three</span>'
        '<button id="go">Go</button>'
    )
    assert keyboard_reach(officer_page, "#go") == 3
    with pytest.raises(AssertionError, match="not focused after 5 Tab presses"):
        keyboard_reach(officer_page, "#mouse-only", max_tabs=5)
