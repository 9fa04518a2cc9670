"""User-facing text through Qt's translation system, context "MetricCD".

pylupdate5 files bare tr() calls under the "@default" context; `make transup` renames it to
"MetricCD", the context used here, so the plugin's strings never mix with QGIS's own."""
import os
from typing import Optional, Sequence

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

CONTEXT = "MetricCD"
PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# packaged: <plugin>/i18n; source checkout: <repo>/i18n beside the package
I18N_DIRS = (os.path.join(PLUGIN_DIR, "i18n"), os.path.join(os.path.dirname(PLUGIN_DIR), "i18n"))


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def user_locale() -> str:
    """The language QGIS shows ("fr" for "fr_FR"); QGIS stores it in locale/userLocale."""
    from qgis.core import QgsSettings
    value = QgsSettings().value("locale/userLocale", "") or ""
    return str(value)[:2].lower()


def translation_file(locale: str, folders: Optional[Sequence[str]] = None) -> Optional[str]:
    for folder in (I18N_DIRS if folders is None else folders):
        path = os.path.join(folder, f"metric_cd_{locale}.qm")
        if locale and os.path.isfile(path):
            return path
    return None


def install_translator(locale: Optional[str] = None,
                       folders: Optional[Sequence[str]] = None) -> Optional[QTranslator]:
    """Install the compiled translation for the QGIS locale; None when there is none
    (English, or the .qm files were not compiled)."""
    path = translation_file(user_locale() if locale is None else locale, folders)
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(path):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: Optional[QTranslator]) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 (the name pylupdate5 looks for)
    """Marks a string of a table built at import for translation; tr() translates it where
    it is shown, once the translator is installed."""
    return text
