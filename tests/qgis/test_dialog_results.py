"""What the dialog says after a run: how much changed; that the default weights went on with
seeded random ones without network (named as the dialog shows them), and before Run that a
download will happen; an old failure leaves the message bar when the user runs again; and
temporary outputs are said to be temporary and can be saved into a lasting folder."""
import os

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import Qgis, QgsProject
from qgis.gui import QgsMessageBar

from dialog_fixtures import add_raster, clean_project, logged, make_dialog, wait_until  # noqa: F401
from test_dialog_run import tiny_settings
from test_offline_weights import FALLBACK, assert_no_front_end_words, offline  # noqa: F401

WHERE = "'Advanced settings > VGG16 weights (deep features) > "


@pytest.fixture()
def pair_layers(square_pair, clean_project):  # noqa: F811
    t1, t2, _ = square_pair
    return add_raster(t1, "Taizhou 2000"), add_raster(t2, "Taizhou 2003")


@pytest.fixture()
def offline_profile(offline, monkeypatch):  # noqa: F811
    """Offline, and the profile's weights cache an empty folder (not the real profile's)."""
    from metric_cd_plugin.gui import dialog_state
    from metric_cd_plugin.processing_provider import change_algorithms
    _, cache = offline
    for module in (change_algorithms, dialog_state):
        monkeypatch.setattr(module, "weights_cache_dir", lambda: str(cache))
    return cache


def bar_texts(bar, level):
    return [item.text() for item in bar.items() if item.level() == level]


def test_default_weights_offline_warn_before_and_after_the_run(make_dialog, pair_layers, tmp_path,  # noqa: F811
                                                               offline_profile, logged, qgis_iface):  # noqa: F811
    dialog, manager = make_dialog()
    tiny_settings(dialog)
    dialog.settings_panel.weights_auto.setChecked(True)  # the default choice
    dialog.refresh_checks()
    assert "Run will first download the ImageNet VGG16 weights (7 MB, once)" in dialog.check_label.text()
    dialog.outputs.probability.setFilePath(str(tmp_path / "prob.tif"))
    assert dialog.start_run() and wait_until(lambda: not manager.busy)
    assert "finished" in dialog.status.text() and "Changed: " in dialog.status.text()  # how much changed
    warnings = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
    assert warnings and "could not be downloaded: seeded random weights were used" in warnings[-1]  # short
    whole = [text for text, level in logged if FALLBACK in text and level == Qgis.MessageLevel.Warning]
    assert whole and f"choose it with {WHERE}Pretrained file'" in whole[-1]  # the log has it all
    assert any(text.startswith("Changed: ") for text, _ in logged)
    meta = gdal.Open(str(tmp_path / "prob.tif")).GetMetadata("METRIC_CD")
    assert meta["weights_used"] == "random"
    assert_no_front_end_words(meta)  # the dialog's labels stay in the dialog's messages


def test_a_failure_leaves_the_bar_when_the_user_runs_again(make_dialog, pair_layers, tmp_path,  # noqa: F811
                                                           offline_profile):
    bar = QgsMessageBar()
    dialog, manager = make_dialog(message_bar=bar)
    tiny_settings(dialog)
    dialog.settings_panel.weights_imagenet.setChecked(True)  # by name: fails offline
    assert dialog.start_run() and wait_until(lambda: not manager.busy)
    failures = bar_texts(bar, Qgis.MessageLevel.Critical)
    assert len(failures) == 1 and failures[0].startswith("Could not download")
    assert f"{WHERE}Pretrained file'" in failures[0] and f"{WHERE}Seeded random weights (offline)'" in failures[0]
    assert "--weights" not in failures[0] and "WEIGHTS=" not in failures[0]
    dialog.settings_panel.weights_random.setChecked(True)
    assert dialog.start_run()
    assert bar_texts(bar, Qgis.MessageLevel.Critical) == []  # the old failure is withdrawn
    assert wait_until(lambda: not manager.busy) and "finished" in dialog.status.text()


@pytest.fixture()
def temporary_run(make_dialog, pair_layers):  # noqa: F811
    """(dialog, manager, bar) after a run whose three outputs were left empty: temporary files."""
    bar = QgsMessageBar()
    dialog, manager = make_dialog(message_bar=bar)
    tiny_settings(dialog)
    dialog.outputs.mask_check.setChecked(True)
    dialog.outputs.polygons_check.setChecked(True)
    assert dialog.start_run() and wait_until(lambda: not manager.busy)
    return dialog, manager, bar


def test_temporary_outputs_are_said_so_and_can_be_saved(temporary_run, tmp_path):
    dialog, manager, bar = temporary_run
    assert "temporary" in dialog.status.text() and "Save…" in dialog.status.text()
    buttons = [b.text() for item in bar.items() for b in item.findChildren(type(dialog.run_button))]
    assert sorted(buttons) == ["Save…", "Zoom to"] and bar.currentItem().widget().text() == "Zoom to"
    temporary = dict(manager.temporary)
    folder = tmp_path / "kept"
    folder.mkdir()
    (folder / "change_probability.tif").write_bytes(b"an older file")  # never overwritten
    saved = manager.save_temporary(str(folder))
    assert sorted(os.listdir(folder)) == ["change_mask.tif", "change_probability.tif", "change_probability_2.tif",
                                          "changes.gpkg"]
    assert (folder / "change_probability.tif").read_bytes() == b"an older file"
    np.testing.assert_array_equal(gdal.Open(saved["OUTPUT"]).ReadAsArray(),
                                  gdal.Open(temporary["OUTPUT"]).ReadAsArray())
    sources = sorted(layer.source().split("|")[0] for layer in QgsProject.instance().mapLayers().values()
                     if layer.name().startswith("Change"))
    assert sources == sorted(saved.values())  # the layers now read the lasting copies
    assert all(layer.isValid() for layer in manager.last_layers)
    assert any("Saved in" in text for text in bar_texts(bar, Qgis.MessageLevel.Info))
