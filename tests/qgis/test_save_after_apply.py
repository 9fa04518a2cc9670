"""Save… after Apply in the dialog: a run with temporary outputs, the threshold set twice
after it, then Save… keeps exactly the layers on the map (not the run's first mask and
polygons), and each Apply's files are named after the run's outputs and its own threshold
(no suffix stacked on the previous Apply's)."""
import filecmp
import os

import numpy as np
from osgeo import gdal
from qgis.core import Qgis, QgsProject

from dialog_fixtures import clean_project, make_dialog, wait_until  # noqa: F401
from test_dialog_results import bar_texts, pair_layers, temporary_run  # noqa: F401


def apply_at(panel, value):
    panel.set_value(value)
    assert panel.apply() and wait_until(lambda: panel.task is None)


def change_sources():
    return sorted(layer.source().split("|")[0] for layer in QgsProject.instance().mapLayers().values()
                  if layer.name().startswith("Change"))


def test_save_after_two_applies_keeps_what_is_on_the_map(temporary_run, tmp_path):  # noqa: F811
    dialog, manager, bar = temporary_run
    panel = dialog.threshold_panel
    prob = gdal.Open(panel.probability.source()).ReadAsArray()
    valid = prob != -1

    apply_at(panel, 0.6)
    apply_at(panel, 0.7)
    names = [os.path.basename(layer.source().split("|")[0]) for layer in (panel.mask, panel.polygons)]
    assert names == ["OUTPUT_MASK_t0_700.tif", "OUTPUT_POLYGONS_t0_700.gpkg"]  # not ..._t0_600_t0_700
    on_map = change_sources()
    assert len(on_map) == 3

    folder = tmp_path / "kept"
    folder.mkdir()
    saved = manager.save_temporary(str(folder))
    assert sorted(os.listdir(folder)) == ["change_mask.tif", "change_probability.tif", "changes.gpkg"]
    assert change_sources() == sorted(saved.values())  # the layers on the map read the lasting copies
    for before in on_map:  # ... of the files they showed: the 0.7 mask and polygons
        name = os.path.basename(before).split("_t0_")[0].split(".")[0]  # OUTPUT, OUTPUT_MASK, OUTPUT_POLYGONS
        assert filecmp.cmp(before, saved[name], shallow=False), (before, saved[name])
    mask = gdal.Open(saved["OUTPUT_MASK"]).ReadAsArray()
    np.testing.assert_array_equal(mask[valid], (prob[valid] > 0.7).astype(np.uint8))
    assert gdal.Open(saved["OUTPUT_MASK"]).GetMetadataItem("threshold", "METRIC_CD") == "0.7"
    assert all(layer.isValid() for layer in QgsProject.instance().mapLayers().values())
    assert any("Saved in" in text and "change_mask.tif" in text for text in bar_texts(bar, Qgis.MessageLevel.Info))
