"""The French translation: complete, in step with the code's tr() strings, placeholders kept,
and loaded by the plugin from the QGIS locale (compiled with lrelease into a temporary folder)."""
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from qgis.core import QgsSettings

from conftest import REPO

FRENCH_TS = os.path.join(REPO, "i18n", "metric_cd_fr.ts")
# the files `make transup` reads, as the Makefile lists them (one list: the two cannot drift)
SOURCES = [os.path.join(REPO, name) for name in subprocess.run(
    ["make", "-s", "--no-print-directory", "i18n-sources"], cwd=REPO, check=True, capture_output=True,
    text=True).stdout.split()]


def messages(ts_path):
    root = ET.parse(ts_path).getroot()
    return {(context.findtext("name"), m.findtext("source")): m.find("translation")
            for context in root.iter("context") for m in context.iter("message")}


def test_french_is_complete_with_the_same_placeholders():
    found = messages(FRENCH_TS)
    assert len(found) > 100 and {context for context, _ in found} == {"MetricCD"}
    for (_, source), translation in found.items():
        assert translation.text and translation.get("type") is None, source  # not unfinished/obsolete
        assert set(re.findall(r"\{\w+\}", source)) == set(re.findall(r"\{\w+\}", translation.text)), source


@pytest.mark.skipif(shutil.which("pylupdate5") is None, reason="pylupdate5 is not installed (pyqt5-dev-tools)")
def test_the_translation_file_lists_exactly_the_strings_of_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run(["pylupdate5", *SOURCES, "-ts", str(fresh)], check=True, capture_output=True)
    in_code = {source for _, source in messages(fresh)}
    in_file = {source for _, source in messages(FRENCH_TS)}
    assert in_code - in_file == set(), "run `make transup` and translate the new strings"
    assert in_file - in_code == set(), "run `make transup` to drop strings the code no longer has"


@pytest.fixture()
def french_qm(tmp_path):
    if shutil.which("lrelease") is None:
        pytest.skip("lrelease is not installed (qttools5-dev-tools)")
    subprocess.run(["lrelease", "-silent", FRENCH_TS, "-qm", str(tmp_path / "metric_cd_fr.qm")], check=True)
    return str(tmp_path)


def test_the_compiled_translation_translates_and_is_removed_again(french_qm):
    from metric_cd_plugin.gui.i18n import install_translator, remove_translator, tr
    translator = install_translator("fr", [french_qm])
    assert translator is not None
    try:
        assert tr("Run") == "Lancer" and tr("Changes: {t1} → {t2}").format(t1="a", t2="b") == "Changements : a → b"
    finally:
        remove_translator(translator)
    assert tr("Run") == "Run"
    assert install_translator("de", [french_qm]) is None  # no German file: English stays


def test_the_plugin_follows_the_qgis_locale(french_qm, plugin_iface, monkeypatch):
    from metric_cd_plugin import classFactory
    from metric_cd_plugin.gui import i18n
    monkeypatch.setattr(i18n, "I18N_DIRS", (french_qm,))
    settings = QgsSettings()
    previous = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "fr_FR")
    try:
        plugin = classFactory(plugin_iface)
        plugin.initGui()
        assert plugin.dialog_action.text() == "Détection de changements Metric-CD…"
        plugin.show_dialog()
        assert plugin.dialog.windowTitle() == "Détection de changements Metric-CD"
        assert plugin.dialog.run_button.text() == "Lancer"
        plugin.unload()
        assert i18n.tr("Run") == "Run"  # the translator went with the plugin
    finally:
        settings.setValue("locale/userLocale", previous)
