"""What the receipt needs to know about the center and the kiosk, validated once.

:meth:`ReceiptSettings.from_config` takes the ``[receipt]`` section of
``kiosk.toml`` with the center name, kiosk id and dots per line; the renderer
can also be tested alone with any values.
"""

from __future__ import annotations

import re
from enum import StrEnum
from string import Formatter
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kiosk.config import DEMO_LOOKUP_URL, ONE_STOP_COUNTER, PAY_AT, Config
from kiosk.errors import ConfigError

_ALLOWED_PLACEHOLDERS = frozenset({"code", "token"})

DOTS_FOR_MM = {58: 384, 80: 576}
"""Dots in one printed line at 203 dpi for each paper width."""


class NameMask(StrEnum):
    """How much of the citizen's name the receipt shows.

    ``initials``: "Nguyễn V*** A" (family name, then initials);
    ``middle``: "Nguyễn V*** An" (family and given name, middle names masked);
    ``none``: the full name.
    """

    INITIALS = "initials"
    MIDDLE = "middle"
    NONE = "none"


class ReceiptSettings(BaseModel):
    """Center and kiosk settings the receipt is drawn with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    center_name: Annotated[str, Field(min_length=1, max_length=300)]
    agency: Annotated[str, Field(max_length=300)] = Field(
        default="", description="the body above the center in the header (cơ quan chủ quản)"
    )
    kiosk_id: Annotated[str, Field(min_length=1, max_length=64)]
    lookup_url: str = Field(
        default=DEMO_LOOKUP_URL,
        description="the center's lookup page; {token} is the dossier's lookup token",
    )
    name_mask: NameMask = NameMask.INITIALS
    collect_at: str = Field(
        default=ONE_STOP_COUNTER,
        description="where results are collected when the appointment does not say",
    )
    copy_counter: str = Field(
        default=ONE_STOP_COUNTER, description="where a citizen gets a printed copy"
    )
    pay_at: str = Field(
        default=PAY_AT,
        description="where and when the phí or lệ phí is paid (the kiosk takes none)",
    )
    width_dots: Annotated[int, Field(ge=256, le=832)] = 576

    @field_validator("lookup_url")
    @classmethod
    def _lookup_url(cls, value: str) -> str:
        check_lookup_url(value)
        return value

    @classmethod
    def from_config(cls, config: Config, **overrides: Any) -> ReceiptSettings:
        """Settings from ``kiosk.toml``; ``overrides`` replace single keys (tests, previews)."""
        values: dict[str, Any] = {
            "center_name": config.kiosk.center_name,
            "kiosk_id": config.kiosk.id,
            "width_dots": config.devices.printer.dots_per_line,
            **config.receipt.model_dump(),
        }
        values.update(overrides)
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            first = exc.errors()[0]
            key = "receipt." + ".".join(str(part) for part in first["loc"])
            fix = "see docs/receipt.md for the expected form"
            raise ConfigError(key, first["msg"], fix) from None

    def lookup_link(self, code: str, token: str | None = None) -> str:
        """The address the QR carries: the dossier's lookup page, and nothing personal.

        A ``{token}`` pattern without a token (a receipt from before tokens) gives
        the lookup form, where the citizen types the code printed beside the QR.
        """
        if "{token}" in self.lookup_url and token is None:
            return self.lookup_url.replace("/{token}", "").replace("{token}", "")
        return self.lookup_url.format(code=quote(code, safe=""), token=quote(token or "", safe=""))


def check_lookup_url(pattern: str) -> None:
    """Refuse a lookup pattern that is not http(s) or could carry more than the dossier's keys.

    Exactly one of ``{token}`` (the dossier's random lookup token, the default) or
    ``{code}`` (for a center whose lookup page takes the code) may be filled in:
    the QR must never embed personal data.
    """
    if urlsplit(pattern).scheme not in ("https", "http") or not urlsplit(pattern).netloc:
        raise ValueError("must be an http(s):// address")
    try:
        fields = {name for _, name, _, _ in Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ValueError(f"has unbalanced braces ({exc})") from None
    extra = sorted(fields - _ALLOWED_PLACEHOLDERS)
    if extra:
        raise ValueError(f"may hold only {{token}} or {{code}}, not {extra}")
    if len(fields) != 1:
        raise ValueError("must contain one of {token} or {code}")
    if re.search(r"\{(code|token)[^}]", pattern):
        raise ValueError("must use {token} or {code} plainly, without a format or conversion")
