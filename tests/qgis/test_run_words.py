"""The dialog's wording of the core's coded run texts and numbers (gui/run_words.py): the
change summary follows the locale (issue 27: "Changé : 9,976 unités de carte carrées,
13.43 %"), a rule of an older file ("Pc > Pnc") is worded for analysts, a text without a
code is shown as the core words it, and a Coded text survives pickling (a Dask worker)."""
import pickle
import re

import pytest
from qgis.PyQt.QtCore import QLocale

from metric_cd_plugin.core.coded import Coded, stage
from metric_cd_plugin.core.deep.agreement import share_rule
from metric_cd_plugin.core.raster.rethreshold import automatic_threshold
from metric_cd_plugin.gui.run_words import number, origin_text, stage_text, whole
from metric_cd_plugin.gui.summary_text import summary_text

NO_GROUND_UNIT = {"CHANGED_PIXELS": 9976, "CHANGED_AREA": 9976.0, "CHANGED_AREA_HA": None,
                  "CHANGED_PERCENT": 13.4321, "CHANGE_PATCHES": 12345}


@pytest.fixture()
def locale():
    """locale(name): QLocale's default for the test, as QGIS sets it from its settings."""
    previous = QLocale()
    yield lambda name: QLocale.setDefault(QLocale(name))
    QLocale.setDefault(previous)


def test_the_summary_numbers_follow_the_locale(locale):
    locale("fr_FR")
    text = summary_text(NO_GROUND_UNIT)
    assert re.search(r"9\s976 ", text) and "13,43 %" in text and re.search(r"12\s345 ", text), text
    assert number(0.5, 3) == "0,500" and re.fullmatch(r"1\s234", whole(1234))
    locale("en_US")
    text = summary_text(NO_GROUND_UNIT)
    assert "9,976 square map units" in text and "13.43 %" in text and "12,345 patch" in text, text
    assert summary_text({**NO_GROUND_UNIT, "CHANGED_AREA_HA": 23.456}).startswith("Changed: 23.46 ha,")


def test_thresholds_are_worded_for_analysts_in_new_and_older_files():
    for rule in ("decision (Pc > Pnc)", "decision: probability of change above 0.5"):  # older, newer
        value, origin = automatic_threshold({"threshold": 0.5, "threshold_rule": rule}, None)
        assert str(origin) == f"automatic: the run's own ({rule})"  # the core's sentence (CLI, log)
        assert origin_text(origin) == "automatic: the run's own (probability of change above 0.5)"
    value, origin = automatic_threshold({"preset": {"threshold_rule": "decision"}}, None)
    assert (value, origin_text(origin)) == (0.5, "automatic: probability of change above 0.5")
    assert origin_text("automatic: something new") == "automatic: something new"


def test_the_sar_rules_are_worded_with_the_share_in_the_locale_s_numbers(locale):
    """A SAR run's rule as the core records it (deep/agreement.py), read back from a file."""
    rule = share_rule(0.0432)
    assert rule == "the share of change log-ratio PCA-KMeans finds (4.3 %), on the pixels of highest Pc (SAR)"
    locale("fr_FR")
    value, origin = automatic_threshold({"threshold": 0.698, "threshold_rule": rule}, None)
    assert value == 0.698 and origin_text(origin) == f"automatic: the run's own ({rule.replace('4.3', '4,3')})"
    locale("en_US")
    assert origin_text(origin) == f"automatic: the run's own ({rule})"


def test_stages_keep_their_code_through_pickling_and_plain_text_passes():
    text = stage("weights_features_percent", size="7 MB", percent=40)
    assert text == "Downloading the ImageNet VGG16 feature layers (7 MB, once): 40 %"  # the CLI prints this
    again = pickle.loads(pickle.dumps(text))
    assert isinstance(again, Coded) and (again.code, dict(again.params)) == (text.code, dict(text.params))
    assert stage_text(again) == str(text)  # no translator: the dialog's English is the core's
    assert stage_text("Fitting: iteration 3 of 10") == "Fitting: iteration 3 of 10"  # no code: as it is
