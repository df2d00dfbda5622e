"""Both themes, read as a style sheet: WCAG contrast of every text colour on its background.

The high-contrast theme must reach 7:1 (WCAG 1.4.6, AAA) for text and 3:1 for
borders (1.4.11); the normal theme 4.5:1 (1.4.3, AA). "Larger text" grows
every font and the touch height with it.
"""

from __future__ import annotations

import re

import pytest

from ui.theme import LARGE_TEXT_SCALE, MIN_TOUCH_PX, page_colours, stylesheet

Rules = dict[str, dict[str, str]]

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_HEX = re.compile(r"#([0-9a-fA-F]{6})\b")
_PSEUDO = re.compile(r"(::?[a-z-]+|\[[^\]]*\])+$")


def parse(sheet: str) -> Rules:
    """Selector → its properties (later rules win, as in Qt for equal selectors)."""
    rules: Rules = {}
    for selectors, body in _RULE.findall(sheet):
        properties = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                properties[name.strip()] = value.strip()
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(properties)
    return rules


def effective(rules: Rules, selector: str) -> dict[str, str]:
    """What a widget matched by ``selector`` gets: QWidget, its type, its base, itself."""
    last = selector.rsplit(maxsplit=1)[-1]
    widget_type = re.match(r"[A-Za-z]+", last)
    assert widget_type is not None
    chain = ["QWidget", widget_type.group(0), _PSEUDO.sub("", selector), selector]
    merged: dict[str, str] = {}
    for step in chain:
        # A transparent background shows what is under it: it changes nothing here.
        merged.update({k: v for k, v in rules.get(step, {}).items() if v != "transparent"})
    return merged


def colour(value: str) -> tuple[int, int, int] | None:
    match = _HEX.search(value)
    if match is None:
        return None
    digits = match.group(1)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.x relative luminance."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_pairs(
    sheet: str, high_contrast: bool
) -> list[tuple[str, tuple[int, int, int], tuple[int, int, int]]]:
    """(selector, text colour, background colour) of every rule where text is drawn."""
    rules = parse(sheet)
    # The page colour is the windows' palette, not a rule (ui.theme.apply_theme).
    rules.setdefault("QWidget", {})["background"] = page_colours(high_contrast)[0]
    surfaces = [
        bg
        for selector in (
            "QWidget",
            "QFrame#dialog",
            "QFrame#dialog QLabel",
            "QLabel#step",
            "QWidget#journeyHeader",
            "QWidget#accessibilityBar",
        )
        if (bg := colour(effective(rules, selector).get("background", "")))
    ]
    pairs = []
    for selector in rules:
        if "::" in selector or selector in ("QWidget#veil", "QWidget#accessibilityBar"):
            continue  # no text of their own (the progress chunk, the dim veil, the bar)
        props = effective(rules, selector)
        text = colour(props.get("color", ""))
        background = colour(props.get("background", ""))
        assert text is not None and background is not None, selector
        pairs.append((selector, text, background))
        if selector.startswith("QLabel") and "background" not in rules[selector]:
            # A label has no background of its own: it sits on any surface.
            pairs.extend((f"{selector} on {surface}", text, surface) for surface in surfaces)
    return pairs


def test_the_known_pairs_compute_as_wcag_says() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 0), (0, 0, 0)) == pytest.approx(19.56, abs=0.01)
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scale", [1.0, LARGE_TEXT_SCALE])
def test_high_contrast_text_reaches_7_to_1(scale: float) -> None:
    pairs = text_pairs(stylesheet(scale, high_contrast=True), high_contrast=True)
    assert len(pairs) > 20
    low = [(name, round(contrast(a, b), 2)) for name, a, b in pairs if contrast(a, b) < 7.0]
    assert low == []


@pytest.mark.parametrize("scale", [1.0, LARGE_TEXT_SCALE])
def test_normal_text_reaches_4_5_to_1(scale: float) -> None:
    pairs = text_pairs(stylesheet(scale), high_contrast=False)
    low = [(name, round(contrast(a, b), 2)) for name, a, b in pairs if contrast(a, b) < 4.5]
    assert low == []


def test_high_contrast_is_black_with_white_and_yellow_text() -> None:
    rules = parse(stylesheet(high_contrast=True))
    assert colour(page_colours(high_contrast=True)[0]) == (0, 0, 0)
    assert "background" not in rules["QWidget"]  # the page is the palette's: one fill
    texts = {colour(props["color"]) for props in rules.values() if "color" in props}
    assert texts <= {(255, 255, 255), (255, 255, 0), (0, 0, 0)}


def test_high_contrast_borders_are_thick_and_visible() -> None:
    rules = parse(stylesheet(high_contrast=True))
    black = (0, 0, 0)
    borders = {
        selector: value
        for selector, props in rules.items()
        for name, value in props.items()
        if name.startswith("border") and name != "border-radius" and "#" in value
    }
    assert len(borders) >= 8
    for selector, value in borders.items():
        found = colour(value)
        assert found is not None and contrast(found, black) >= 3.0, selector
        width = re.search(r"(\d+)px", value)
        if width is not None:
            assert int(width.group(1)) >= 3, selector
    focus = rules['QPushButton[focusVisible="true"]']["border"]
    assert int(re.findall(r"(\d+)px", focus)[0]) >= 6
    assert colour(focus) not in {colour(rules["QPushButton"]["border"]), black}


def test_larger_text_grows_fonts_and_touch_height() -> None:
    normal, larger = parse(stylesheet()), parse(stylesheet(LARGE_TEXT_SCALE))

    def px(rules: Rules, selector: str, name: str) -> int:
        return int(rules[selector][name].removesuffix("px"))

    for selector in ("QLabel#title", "QLabel#body", "QPushButton"):
        assert px(larger, selector, "font-size") > px(normal, selector, "font-size")
    # The bar keeps its size: it must stay on one row, and it turns larger text off again.
    bar = "QPushButton#accessibility"
    assert px(larger, bar, "font-size") == px(normal, bar, "font-size")
    assert px(normal, "QPushButton", "min-height") == MIN_TOUCH_PX
    assert px(larger, "QPushButton", "min-height") == round(MIN_TOUCH_PX * LARGE_TEXT_SCALE)


def test_the_original_signature_still_works() -> None:
    assert stylesheet() == stylesheet(1.0, False)
    assert "font-size: 64px" in stylesheet()
    assert "font-size: 80px" in stylesheet(1.25)
    with pytest.raises(ValueError, match="scale"):
        stylesheet(0)
