"""Qt's own translation mechanism: English source strings, a .ts file per language.

A translator edits ``ui/i18n/kiosk_<lang>.ts`` (Qt Linguist) without touching
code; the bootstrap compiles it to ``.qm``. Switching language installs the
translator, and Qt sends every widget a LanguageChange event.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.config import Language
from kiosk.logs import fields

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).with_name("i18n")
SOURCE_LANGUAGE: Language = "en"
TRANSLATOR_NAME = "kiosk-translator"


def catalog_path(language: Language) -> Path:
    return I18N_DIR / f"kiosk_{language}.qm"


class Translations:
    """Installs the translator of the chosen language on the application."""

    def __init__(self) -> None:
        self.language: Language = SOURCE_LANGUAGE

    def apply(self, language: Language) -> bool:
        """Switch to ``language``; False when its compiled catalog is missing."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before applying a language")
        installed = app.findChildren(QTranslator, TRANSLATOR_NAME)
        if language == self.language and bool(installed) == (language != SOURCE_LANGUAGE):
            return True  # already shown: re-installing would re-translate every widget
        # The translators live on the application, which outlives any window:
        # find ours there rather than remembering them here.
        for old in installed:
            app.removeTranslator(old)
            old.deleteLater()
        self.language = language
        if language == SOURCE_LANGUAGE:
            return True
        translator = QTranslator(app)
        translator.setObjectName(TRANSLATOR_NAME)
        if not translator.load(str(catalog_path(language))):
            log.error(
                "translation catalog missing: run scripts/bootstrap.sh",
                extra=fields(language=language, path=str(catalog_path(language))),
            )
            return False
        app.installTranslator(translator)
        return True
