"""The personal-data notice a citizen agrees to, and the record of that consent.

Consent must be informed and explicit (PDP Law 91/2025/QH15; Decree
356/2025/NĐ-CP): the box is never pre-ticked, and the dossier records which
text was shown (version and SHA-256 of the exact words, in the language shown).
The words name the agency the dossier goes to, what is sent, how long it is
kept and, for a criminal record certificate, that the data is sensitive; the
hash is of those filled-in words.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources

from kiosk.config import Language
from kiosk.dossier import Consent
from kiosk.errors import ConfigError

GENERIC_AGENCY: dict[Language, str] = {
    "vi": "cơ quan có thẩm quyền",
    "en": "the competent authority",
}
DEFAULT_KIOSK_DAYS = 30


@dataclass(frozen=True)
class ConsentNotice:
    """One version of the notice, in both languages, as the citizen reads it.

    ``full_url``: the full notice, shown as a QR beside the text. A notice from
    :func:`shipped_notice` also keeps its template, so :meth:`for_procedure`
    can name the receiving agency and add the paragraph a procedure calls for.
    """

    version: str
    vi: str
    en: str
    full_url: str = ""
    template: NoticeTemplate | None = field(default=None, compare=False, repr=False)

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

    def for_procedure(
        self, code: str, agency: Mapping[Language, str], kiosk_days: int
    ) -> ConsentNotice:
        """The notice for one dossier: its agency named, its special paragraph added."""
        if self.template is None:
            return self
        return self.template.fill(code, agency, kiosk_days)


@dataclass(frozen=True)
class NoticeTemplate:
    """The shipped wording with its blanks ({agency}, {kiosk_days}) and special paragraphs."""

    version: str
    vi: str
    en: str
    full_url: str
    special: Mapping[Language, str]
    special_procedures: frozenset[str]

    def fill(self, code: str, agency: Mapping[Language, str], kiosk_days: int) -> ConsentNotice:
        texts: dict[Language, str] = {}
        bodies: tuple[tuple[Language, str], ...] = (("vi", self.vi), ("en", self.en))
        for language, body in bodies:
            text = body.replace("{agency}", agency[language]).replace(
                "{kiosk_days}", str(kiosk_days)
            )
            if code in self.special_procedures:
                text = f"{text}\n\n{self.special[language]}"
            texts[language] = text
        return ConsentNotice(self.version, texts["vi"], texts["en"], self.full_url, self)


def shipped_notice() -> ConsentNotice:
    """The notice that ships in ``kiosk/data/consent_notice.toml``, for no procedure yet.

    It names no agency (a generic phrase stands in); the intake fills it for the
    chosen procedure with :meth:`ConsentNotice.for_procedure`.
    """
    source = "kiosk/data/consent_notice.toml"
    raw = tomllib.loads(
        resources.files("kiosk.data").joinpath("consent_notice.toml").read_text("utf-8")
    )
    try:
        special = raw.get("special", {})
        template = NoticeTemplate(
            version=str(raw["version"]),
            vi=str(raw["vi"]).strip(),
            en=str(raw["en"]).strip(),
            full_url=str(raw["full_notice_url"]),
            special={
                "vi": str(special.get("vi", "")).strip(),
                "en": str(special.get("en", "")).strip(),
            },
            special_procedures=frozenset(str(code) for code in special.get("procedures", [])),
        )
    except KeyError as exc:
        raise ConfigError(
            str(exc), "missing", "add version, full_notice_url, vi and en", source
        ) from None
    return template.fill("", GENERIC_AGENCY, DEFAULT_KIOSK_DAYS)
