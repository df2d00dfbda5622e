"""The personal-data notice a citizen agrees to, and the record of that consent.

Consent must be informed and explicit (PDP Law 91/2025/QH15; Decree
356/2025/NĐ-CP): the box is never pre-ticked, and the dossier records which
text was shown (version and SHA-256 of the exact words, in the language shown).
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from kiosk.config import Language
from kiosk.dossier import Consent
from kiosk.errors import ConfigError


@dataclass(frozen=True)
class ConsentNotice:
    """One version of the notice, in both languages."""

    version: str
    vi: str
    en: str

    def text(self, language: Language) -> str:
        return self.en if language == "en" else self.vi

    def sha256(self, language: Language) -> str:
        return hashlib.sha256(self.text(language).encode("utf-8")).hexdigest()

    def record(self, language: Language, accepted_at: datetime) -> Consent:
        """The consent as the dossier keeps it."""
        return Consent(
            notice_version=self.version,
            notice_sha256=self.sha256(language),
            language=language,
            accepted_at=accepted_at,
        )


def shipped_notice() -> ConsentNotice:
    """The notice that ships in ``kiosk/data/consent_notice.toml``."""
    source = "kiosk/data/consent_notice.toml"
    raw = tomllib.loads(
        resources.files("kiosk.data").joinpath("consent_notice.toml").read_text("utf-8")
    )
    try:
        return ConsentNotice(str(raw["version"]), str(raw["vi"]).strip(), str(raw["en"]).strip())
    except KeyError as exc:
        raise ConfigError(str(exc), "missing", "add version, vi and en", source) from None
