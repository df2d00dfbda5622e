"""The one template: the shipped file is valid, a bad one fails at load naming the block."""

from __future__ import annotations

from pathlib import Path

import pytest
from receipt_checks import qr_texts

from kiosk.errors import ConfigError
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.render import render_receipt
from kiosk.receipt.settings import ReceiptSettings
from kiosk.receipt.template import DEFAULT_TEMPLATE, default_template, load_template

MINIMAL = """
[styles]
body = { size = 24 }

[[block]]
kind = "text"
style = "body"
text = { vi = "Mã: {code}", en = "Code: {code}" }

[[block]]
kind = "qr"
module_dots = 4
"""


def test_the_shipped_template_loads() -> None:
    template = load_template(DEFAULT_TEMPLATE)
    kinds = [block.kind for block in template.block]
    assert kinds.count("qr") == 1
    assert {"text", "field", "papers", "rule", "space"} <= set(kinds)
    assert default_template() == template


def test_a_template_of_the_centers_own_is_used_as_it_is(
    tmp_path: Path, settings: ReceiptSettings, facts: ReceiptFacts
) -> None:
    path = tmp_path / "receipt.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    picture = render_receipt(facts, settings, template=load_template(path))
    assert picture.height < 400
    assert qr_texts(picture) == [settings.lookup_link(facts.code)]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('style = "body"', 'style = "huge"'), "unknown style 'huge'"),
        (("{code}", "{id_number}"), "unknown placeholder {id_number}"),
        (('kind = "qr"', 'kind = "qr"\nwhen = "always"'), "unknown flag"),
        (('en = "Code: {code}" ', ""), "exactly the languages"),
        (('kind = "qr"', 'kind = "barcode"'), "block.2"),
    ],
)
def test_a_bad_template_names_its_block(
    tmp_path: Path, change: tuple[str, str], words: str
) -> None:
    path = tmp_path / "receipt.toml"
    text = MINIMAL.replace(*change)
    if change[0].startswith("en ="):
        text = MINIMAL.replace(', en = "Code: {code}"', "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_template(path)
    assert words in str(raised.value)


def test_an_unreadable_template_says_so(tmp_path: Path) -> None:
    path = tmp_path / "receipt.toml"
    path.write_text("[styles\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be read"):
        load_template(path)
