"""The dialog under the French locale through a real small run (issue 26's French acceptance,
issue 27 item 6): the translator installed the way the plugin installs it (the QGIS locale
setting, the compiled .qm), QLocale set as QGIS sets it, and every text the user sees -
message bar items and their buttons, stage texts, layer and group names, the status line,
the checks and the threshold panel - holds no English sentence known to the plugin, and the
numbers of the summary have the French decimal comma."""
import html
import re

import pytest
from qgis.core import Qgis, QgsProject, QgsRasterLayer, QgsSettings
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QLocale
from qgis.PyQt.QtWidgets import QMessageBox, QPushButton

from dialog_fixtures import add_raster, clean_project, make_dialog, wait_until  # noqa: F401
from test_dialog_results import offline_profile  # noqa: F401
from test_dialog_run import tiny_settings
from test_offline_weights import offline  # noqa: F401
from test_translations import FRENCH_TS, french_qm, messages  # noqa: F401

# English that is no sentence of the .ts but may reach the dialog from the core or QGIS
CORE_ENGLISH = ["Pc > Pnc", "the run's own", "set after the run", "D-FE weights", "square map units",
                "of the valid area", "layer(s) added", "weights were used", "could not be downloaded"]
ENGLISH_WORDS = ["threshold", "automatic", "weights", "Changed", "finished", "change", "probability", "mask"]
MIN_WORDS = 3  # fragments of at least this many words count as an English sentence


def english_sentences():
    """Every English fragment (between placeholders and tags) of the plugin's translated
    strings and of the core's run texts (stages, threshold origins and rules)."""
    from metric_cd_plugin.core import coded, thresholds
    from metric_cd_plugin.core.raster import rethreshold
    sources = [source for _, source in messages(FRENCH_TS)]
    sources += list(coded.STAGES.values()) + list(rethreshold.AUTOMATIC.values())
    sources += [thresholds.DECISION_RULE, thresholds.DECISION_OTSU_RULE]
    fragments = set(CORE_ENGLISH)
    for source in sources:
        for part in re.split(r"\{[^}]*\}|<[^>]*>|\n", source):
            part = part.strip(" .,:;()'…")
            if len(part.split()) >= MIN_WORDS:
                fragments.add(part)
    return fragments


def english_in(text, fragments):
    found = [f for f in fragments if f in text]
    found += [w for w in ENGLISH_WORDS if re.search(rf"\b{w}\b", text)]
    return found


@pytest.fixture()
def french(french_qm, monkeypatch):  # noqa: F811
    """The QGIS locale fr_FR and the plugin's translator as plugin.initGui installs it."""
    from metric_cd_plugin.gui import i18n
    monkeypatch.setattr(i18n, "I18N_DIRS", (french_qm,))
    settings = QgsSettings()
    previous, previous_locale = settings.value("locale/userLocale", ""), QLocale()
    settings.setValue("locale/userLocale", "fr_FR")
    QLocale.setDefault(QLocale("fr_FR"))  # as QGIS does at start from that setting
    translator = i18n.install_translator()
    assert translator is not None and i18n.tr("Run") == "Lancer"
    yield
    i18n.remove_translator(translator)
    QLocale.setDefault(previous_locale)
    settings.setValue("locale/userLocale", previous)


def visible_texts(dialog, bar, project, stages):
    """What the user reads, by where it is."""
    def plain(text):
        return html.unescape(re.sub(r"<[^>]*>", " ", text))
    texts = {"stage": stages}
    texts["bar"] = [f"{item.title()} {item.text()}" for item in bar.items()]
    texts["bar"] += [b.text() for item in bar.items() for b in item.findChildren(QPushButton)]
    texts["layer"] = [layer.name() for layer in project.mapLayers().values()]
    texts["group"] = [group.name() for group in project.layerTreeRoot().findGroups()]
    texts["status"] = [plain(dialog.status.text())]
    texts["checks"] = [plain(dialog.check_label.text())]
    texts["threshold panel"] = [dialog.threshold_panel.info.text()]
    texts["legend"] = [label for layer in project.mapLayers().values() if isinstance(layer, QgsRasterLayer)
                       for label, _ in layer.renderer().legendSymbologyItems()]
    return texts


def dialog_on_the_pair(make_dialog, square_pair):  # noqa: F811
    """A dialog with its own message bar on the square pair's layers, tiny settings: (dialog, manager, bar)."""
    t1, t2, _ = square_pair
    add_raster(t1, "Taizhou 2000")
    add_raster(t2, "Taizhou 2003")
    bar = QgsMessageBar()
    dialog, manager = make_dialog(message_bar=bar)
    tiny_settings(dialog)
    return dialog, manager, bar


def test_a_french_run_shows_no_english_and_french_numbers(french, make_dialog, square_pair,  # noqa: F811
                                                          offline_profile):  # noqa: F811
    dialog, manager, bar = dialog_on_the_pair(make_dialog, square_pair)
    dialog.settings_panel.weights_auto.setChecked(True)  # offline: the weights warning too
    dialog.outputs.mask_check.setChecked(True)  # temporary outputs: the "Save…" notice too
    dialog.outputs.polygons_check.setChecked(True)
    stages = []
    manager.stageChanged.connect(stages.append)
    assert dialog.start_run() and wait_until(lambda: not manager.busy)
    assert dialog.threshold_panel.isEnabled(), dialog.status.text()
    project = QgsProject.instance()
    texts = visible_texts(dialog, bar, project, stages)
    fragments = english_sentences()
    for english in ("Change detection finished in 12 s: 3 layer(s) added to 'Changes: a → b'.",
                    "Fitting the change network", "Change mask (Metric-CD fast, random D-FE weights, threshold 0.5, "
                    "automatic)", "automatic: the run's own (decision (Pc > Pnc))", "Changed: 2.00 ha"):
        assert english_in(english, fragments), english  # the check finds the English the dialog had
    english = {where: [(text, english_in(text, fragments)) for text in found if english_in(text, fragments)]
               for where, found in texts.items()}
    assert not any(english.values()), english
    assert "Ajustement du réseau de changement" in stages and len(stages) >= 5
    assert any("Mo, une seule fois" in stage for stage in stages)  # the download's size in French units
    assert bar.currentItem().level() == Qgis.MessageLevel.Success
    assert re.search(r"\d,\d\d %", texts["status"][0]), texts["status"]  # the changed share, French comma
    assert re.search(r"\d,\d\d ha", texts["status"][0]), texts["status"]
    names = {layer.name().split(" (")[0]: layer.name() for layer in manager.last_layers}
    assert set(names) == {"Probabilité de changement", "Masque de changement", "Polygones de changement"}
    assert "seuil" not in names["Probabilité de changement"]  # the mask's threshold is the mask's
    assert re.search(r"seuil \d,\d", names["Masque de changement"]), names
    assert re.search(r"Seuil automatique \d,\d{3} ", texts["threshold panel"][0]), texts["threshold panel"]
    # the legends: the mask's two classes and the probability's ramp, in French with the French comma
    assert any(re.fullmatch(r"changement \(> \d,\d+\)", label) for label in texts["legend"]), texts["legend"]
    assert any(re.fullmatch(r"> \d,\d+ \(seuil\)", label) for label in texts["legend"]), texts["legend"]
    details = [b for item in bar.items() for b in item.findChildren(QPushButton) if b.text() == "Détails"]
    details[0].click()
    box = next(box for box in details[0].findChildren(QMessageBox) if box.isVisible())
    assert box.text().startswith("Impossible de télécharger https://127.0.0.1:")  # the system's error aside
    assert "Des poids VGG16 aléatoires" in box.text() and "Mo" in box.text()


def test_a_french_weights_failure_names_the_dialog_s_own_controls_in_french(
        french, make_dialog, square_pair, offline_profile):  # noqa: F811
    dialog, manager, bar = dialog_on_the_pair(make_dialog, square_pair)
    settings = dialog.settings_panel
    settings.weights_imagenet.setChecked(True)  # by name: fails offline
    assert dialog.start_run() and wait_until(lambda: not manager.busy)
    [failure] = [item.text() for item in bar.items() if item.level() == Qgis.MessageLevel.Critical]
    assert failure.startswith("Impossible de télécharger https://127.0.0.1:"), failure
    for button in (settings.weights_file, settings.weights_random):  # named as the user sees them
        assert f"'{settings.advanced.title()} > " in failure and f" > {button.text()}'" in failure
    assert "--weights" not in failure and "WEIGHTS=" not in failure
    assert not english_in(failure, english_sentences()), failure
