"""The receipt layout as data: one template for every language and paper width.

``template.toml`` beside this module lists styles and blocks in print order;
a center can ship its own file (same schema) without a release. Blocks:

- ``text``: a paragraph in one style (``{placeholders}`` allowed);
- ``field``: a label and a value, stacked (label above) or ``inline``;
- ``papers``: the papers received, one numbered item each, with an optional
  ``detail`` line under it (``detail_without_form`` when the form is not known);
  (both leave ``after`` blank dots below, 6 unless told)
- ``rule``: a horizontal line; ``space``: blank dots; ``qr``: the lookup QR.

Any block may have ``when``: it is printed only if that flag is true. Texts
are one string for every language or a table ``{vi = …, en = …}``. Loading
checks every style, placeholder and flag, so a bad template fails at start,
naming the block, not on a citizen's receipt.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.config import Language
from kiosk.errors import ConfigError

DEFAULT_TEMPLATE = Path(__file__).with_name("template.toml")
LANGUAGES: tuple[Language, ...] = ("vi", "en")

PLACEHOLDERS = frozenset(
    {
        "agency",
        "center_name",
        "code",
        "dossier_code",
        "address",
        "phone",
        "processing",
        "dossier_sets",
        "counter",
        "pay_at",
        "lookup_link",
        "procedure_code",
        "procedure_name",
        "citizen",
        "received",
        "ready",
        "fee",
        "fee_label",
        "collect_at",
        "kiosk_id",
        "printed",
        "paper_count",
    }
)
"""What ``{…}`` may name in a text or a value (see :mod:`kiosk.receipt.values`)."""

ITEM_PLACEHOLDERS = frozenset({"n", "title", "pages", "page_word", "form"})
FLAGS = frozenset(
    {
        "provisional",
        "official",
        "reprint",
        "agency",
        "citizen",
        "address",
        "phone",
        "processing",
        "papers",
        "paper_count_only",
        "fee",
        "pay",
        "counter",
    }
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Localized = str | dict[Language, str]


class Style(_Model):
    """How a run of text looks: size in dots (203 dpi: 24 dots ≈ 3 mm), weight, alignment.

    ``fit = "shrink"`` keeps the text on one line, making it smaller if need
    be (down to ``min_size``): a dossier code must never be broken in two.
    """

    size: Annotated[int, Field(ge=12, le=96)]
    bold: bool = False
    align: Literal["left", "center", "right"] = "left"
    fit: Literal["wrap", "shrink"] = "wrap"
    min_size: Annotated[int, Field(ge=10, le=96)] = 16
    gap: Annotated[int, Field(ge=0, le=60)] = 4


class _Block(_Model):
    when: str | None = None


class TextBlock(_Block):
    kind: Literal["text"]
    style: str
    text: Localized


class FieldBlock(_Block):
    kind: Literal["field"]
    label: Localized
    value: Localized
    label_style: str = "label"
    value_style: str = "value"
    inline: bool = False
    after: Annotated[int, Field(ge=0, le=60)] = 6


class PapersBlock(_Block):
    kind: Literal["papers"]
    label: Localized
    item: Localized
    detail: Localized | None = None
    detail_without_form: Localized | None = None
    label_style: str = "label"
    style: str = "body"
    detail_style: str = "body"
    after: Annotated[int, Field(ge=0, le=60)] = 6


class RuleBlock(_Block):
    kind: Literal["rule"]
    dashed: bool = False
    thickness: Annotated[int, Field(ge=1, le=8)] = 2
    margin: Annotated[int, Field(ge=0, le=60)] = 10


class SpaceBlock(_Block):
    kind: Literal["space"]
    dots: Annotated[int, Field(ge=1, le=400)]


class QrBlock(_Block):
    kind: Literal["qr"]
    module_dots: Annotated[int, Field(ge=3, le=12)] = 6
    caption: Localized | None = None
    caption_style: str = "small"


Block = Annotated[
    TextBlock | FieldBlock | PapersBlock | RuleBlock | SpaceBlock | QrBlock,
    Field(discriminator="kind"),
]


class Template(_Model):
    """The whole layout: side margin, named styles and the blocks in print order."""

    margin: Annotated[int, Field(ge=0, le=80)] = 8
    styles: dict[str, Style]
    block: Annotated[list[Block], Field(min_length=1)]

    @model_validator(mode="after")
    def _references(self) -> Template:
        for index, block in enumerate(self.block):
            for problem in _problems(block, self.styles):
                raise ValueError(f"block {index + 1} ({block.kind}): {problem}")
        return self


def localized(text: Localized, language: Language) -> str:
    """``text`` in ``language`` (a plain string serves every language)."""
    return text if isinstance(text, str) else text[language]


def load_template(path: Path = DEFAULT_TEMPLATE) -> Template:
    """Read and check a template; raises :class:`ConfigError` naming the bad block."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problem = f"cannot be read ({exc})"
        raise ConfigError("(template)", problem, "fix the file", str(path)) from None
    try:
        return Template.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        # Blocks are counted from 1 in messages, as a person counts them in the file.
        parts = [str(p + 1) if isinstance(p, int) else p for p in first["loc"]]
        where = ".".join(parts) or "(template)"
        raise ConfigError(
            where, first["msg"], "compare with kiosk/receipt/template.toml", str(path)
        ) from None


@cache
def default_template() -> Template:
    """The template shipped with the kiosk, read once."""
    return load_template(DEFAULT_TEMPLATE)


def _problems(block: Block, styles: dict[str, Style]) -> list[str]:
    problems = []
    if block.when is not None and block.when not in FLAGS:
        problems.append(f"unknown flag when = {block.when!r} (one of {sorted(FLAGS)})")
    for style in _styles_of(block):
        if style not in styles:
            problems.append(f"unknown style {style!r}")
    for text, allowed in _texts_of(block):
        for variant in (text,) if isinstance(text, str) else tuple(text.values()):
            problems += _placeholder_problems(variant, allowed)
        if isinstance(text, dict) and set(text) != set(LANGUAGES):
            problems.append(f"{text!r} must have exactly the languages {list(LANGUAGES)}")
    return problems


def _styles_of(block: Block) -> list[str]:
    if isinstance(block, TextBlock):
        return [block.style]
    if isinstance(block, FieldBlock):
        return [block.label_style, block.value_style]
    if isinstance(block, PapersBlock):
        return [block.label_style, block.style, block.detail_style]
    if isinstance(block, QrBlock) and block.caption is not None:
        return [block.caption_style]
    return []


def _texts_of(block: Block) -> list[tuple[Localized, frozenset[str]]]:
    if isinstance(block, TextBlock):
        return [(block.text, PLACEHOLDERS)]
    if isinstance(block, FieldBlock):
        return [(block.label, PLACEHOLDERS), (block.value, PLACEHOLDERS)]
    if isinstance(block, PapersBlock):
        details = [d for d in (block.detail, block.detail_without_form) if d is not None]
        return [
            (block.label, PLACEHOLDERS),
            (block.item, ITEM_PLACEHOLDERS),
            *((detail, ITEM_PLACEHOLDERS) for detail in details),
        ]
    if isinstance(block, QrBlock) and block.caption is not None:
        return [(block.caption, PLACEHOLDERS)]
    return []


def _placeholder_problems(text: str, allowed: frozenset[str]) -> list[str]:
    try:
        names = [name for _, name, _, _ in Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return [f"{text!r}: {exc}"]
    return [f"{text!r}: unknown placeholder {{{name}}}" for name in names if name not in allowed]
