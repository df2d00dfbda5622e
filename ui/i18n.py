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
        # None until the first apply: a translator another instance removed may still be
        # a child of the application (deleted later), so only our own install counts.
        self.language: Language | None = None

    def apply(self, language: Language) -> bool:
        """Switch to ``language``; False when its compiled catalog is missing.

        English, the source language, has a catalog too: the plural forms of the
        sentences with a count ("1 second", "2 seconds"); without it the source
        strings stand.
        """
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before applying a language")
        installed = app.findChildren(QTranslator, TRANSLATOR_NAME)
        if language == self.language and installed:
            return True  # already shown: re-installing would re-translate every widget
        # The translators live on the application, which outlives any window:
        # find ours there rather than remembering them here.
        for old in installed:
            app.removeTranslator(old)
            old.deleteLater()
        self.language = language
        translator = QTranslator(app)
        translator.setObjectName(TRANSLATOR_NAME)
        if not translator.load(str(catalog_path(language))):
            translator.deleteLater()
            if language == SOURCE_LANGUAGE:
                return True
            log.error(
                "translation catalog missing: run scripts/bootstrap.sh",
                extra=fields(language=language, path=str(catalog_path(language))),
            )
            return False
        app.installTranslator(translator)
        return True
