"""The dialog on real raster layers in the real project: combos, pre-selection, band lists,
summaries, live grid checks and the Run button's state."""
import os

import numpy as np
import pytest
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt

from conftest import write_raster
from dialog_fixtures import add_raster, random_raster, shifted


@pytest.fixture()
def three_rasters(clean_project, tmp_path):
    """a (3 bands), b (3 bands), c (2 bands, added last), all on one grid; plus a vector layer."""
    layers = [add_raster(random_raster(tmp_path / f"{name}.tif", seed, bands), name)
              for seed, (name, bands) in enumerate([("a", 3), ("b", 3), ("c", 2)])]
    points = QgsVectorLayer("Point?crs=EPSG:32651", "points", "memory")
    QgsProject.instance().addMapLayer(points)
    return layers


def test_combos_list_rasters_only_and_preselect_the_two_latest(make_dialog, three_rasters):
    dialog, _ = make_dialog()
    a, b, c = three_rasters
    assert dialog.t1.layer().id() == b.id() and dialog.t2.layer().id() == c.id()  # older one is T1
    for combo in (dialog.t1.combo, dialog.t2.combo):
        assert sorted(combo.itemText(i) for i in range(combo.count())) == ["a", "b", "c"]


def test_band_lists_and_summary_describe_the_layer(make_dialog, three_rasters):
    dialog, _ = make_dialog()
    assert dialog.t1.checked_bands() == [1, 2, 3] and dialog.t2.checked_bands() == [1, 2]
    texts = [dialog.t1.bands.item(i).text() for i in range(dialog.t1.bands.count())]
    assert texts[0].startswith("Band 1")
    summary = dialog.t1.summary.text()
    for part in ("48 × 48 px", "3 band(s)", "Byte", "EPSG:32651", "30 × 30 m"):
        assert part in summary


def test_band_count_mismatch_blocks_run_until_fixed(make_dialog, three_rasters):
    dialog, _ = make_dialog()  # T1 b has 3 bands, T2 c has 2
    assert not dialog.run_button.isEnabled()
    assert "T1 uses 3 band(s) and T2 uses 2" in dialog.check_label.text()
    assert "T1 uses 3 band(s)" in dialog.run_button.toolTip()
    dialog.t1.bands.item(2).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.run_button.isEnabled() and "Ready" in dialog.check_label.text()


def test_same_grid_is_ready(make_dialog, clean_project, tmp_path):
    add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2), "t2")
    dialog, _ = make_dialog()
    assert dialog.run_button.isEnabled()
    assert "share one pixel grid" in dialog.check_label.text()


@pytest.mark.parametrize("kwargs, reason", [
    ({"geotransform": shifted(pixel=60.0), "size": 24}, "pixel size 30 × 30 m vs 60 × 60 m"),
    ({"geotransform": shifted(dx=15.0)}, "shifted by a fraction of a pixel"),
    ({"geotransform": shifted(dx=300.0)}, "T2 covers 79 % of T1"),
    ({"geotransform": (122.99, 0.0003, 0.0, 32.54, 0.0, -0.0003), "epsg": 4326}, "CRS EPSG:32651 vs EPSG:4326"),
])
def test_different_grids_warn_that_t2_will_be_aligned_and_run_stays_enabled(
        make_dialog, clean_project, tmp_path, kwargs, reason):
    add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2, **kwargs), "t2")
    dialog, _ = make_dialog()
    text = dialog.check_label.text()
    assert reason in text
    assert "will be aligned onto T1" in text or "covers" in text
    assert dialog.run_button.isEnabled() and dialog.checks.errors == []


def test_non_overlapping_rasters_disable_run_with_the_reason(make_dialog, clean_project, tmp_path):
    add_raster(random_raster(tmp_path / "here.tif", 1), "here")
    add_raster(random_raster(tmp_path / "far.tif", 2, geotransform=shifted(dx=1e5)), "far")
    dialog, _ = make_dialog()
    assert not dialog.run_button.isEnabled()
    assert "do not overlap" in dialog.check_label.text() and "do not overlap" in dialog.run_button.toolTip()
    assert not dialog.start_run()


def test_the_same_layer_twice_disables_run(make_dialog, clean_project, tmp_path):
    only = add_raster(random_raster(tmp_path / "only.tif"), "only")
    dialog, _ = make_dialog()
    dialog.t1.set_layer(only)
    dialog.t2.set_layer(only)
    assert not dialog.run_button.isEnabled() and "same layer" in dialog.check_label.text()


def test_output_paths_are_checked_live(make_dialog, clean_project, tmp_path):
    t1 = add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2), "t2")
    dialog, _ = make_dialog()
    # the core's check and words (core/raster/destinations.py), as the run itself would say
    for path, message in [(str(tmp_path / "out.img"), "does not end in .tif"),
                          (str(tmp_path / "missing" / "out.tif"), "does not exist; create it or choose another"),
                          (t1.source(), "is also an input; choose another output file")]:
        dialog.outputs.probability.setFilePath(path)
        assert message in dialog.check_label.text() and not dialog.run_button.isEnabled()
    dialog.outputs.probability.setFilePath(str(tmp_path / "out.tif"))
    assert dialog.run_button.isEnabled()


def test_an_extent_outside_the_rasters_disables_run(make_dialog, clean_project, tmp_path):
    add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2), "t2")
    dialog, _ = make_dialog()
    box = dialog.settings_panel.extent
    assert box.isEnabled()
    from qgis.core import QgsRectangle
    box.setChecked(True)
    box.setOutputExtentFromUser(QgsRectangle(0, 0, 10, 10), box.outputCrs())
    assert not dialog.run_button.isEnabled() and "extent does not cut" in dialog.check_label.text()


def test_nodata_and_float_layers_are_summarised(make_dialog, clean_project, tmp_path):
    from osgeo import gdal
    data = np.random.default_rng(0).random((1, 48, 48)).astype(np.float32)
    add_raster(write_raster(tmp_path / "f.tif", data, gdal.GDT_Float32, nodata=-9999), "f")
    dialog, _ = make_dialog()
    assert "1 band(s), Float32" in dialog.t1.summary.text()


def test_layers_from_before_the_plugin_rank_older_in_layer_tree_order(clean_project, tmp_path):
    from metric_cd_plugin.gui.layer_order import LayerAddOrder
    a = add_raster(random_raster(tmp_path / "a.tif", 1), "a")
    b = add_raster(random_raster(tmp_path / "b.tif", 2), "b")  # above a in the layer tree
    order = LayerAddOrder(clean_project)
    try:
        assert [layer.id() for layer in order.latest_pair()] == [a.id(), b.id()]
        c = add_raster(random_raster(tmp_path / "c.tif", 3), "c")
        root = clean_project.layerTreeRoot()
        node = root.findLayer(c.id())
        root.addChildNode(node.clone())  # move c to the bottom: it is still the latest added
        root.removeChildNode(node)
        assert root.findLayers()[-1].layerId() == c.id()
        assert [layer.id() for layer in order.latest_pair()] == [b.id(), c.id()]
    finally:
        order.disconnect_project()


def test_extent_check_needs_an_extent_that_cuts_the_overlap(clean_project, tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle, QgsReferencedRectangle
    from metric_cd_plugin.gui.input_checks import check_extent
    t1 = add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    t2 = add_raster(random_raster(tmp_path / "t2.tif", 2, geotransform=shifted(dx=600.0)), "t2")
    context = clean_project.transformContext()
    utm, wgs84 = QgsCoordinateReferenceSystem("EPSG:32651"), QgsCoordinateReferenceSystem("EPSG:4326")
    inside = QgsReferencedRectangle(QgsRectangle(500700, 3599000, 501000, 3599500), utm)
    only_t1 = QgsReferencedRectangle(QgsRectangle(500000, 3599000, 500500, 3599500), utm)  # T2 starts at +600 m
    degrees = QgsReferencedRectangle(QgsRectangle(122.9, 32.4, 123.1, 32.6), wgs84)  # reprojected first
    assert check_extent(inside, t1, t2, context).errors == []
    assert check_extent(degrees, t1, t2, context).errors == []
    assert "does not cut" in check_extent(only_t1, t1, t2, context).errors[0]
    assert "empty" in check_extent(QgsReferencedRectangle(QgsRectangle(), utm), t1, t2, context).errors[0]
    assert check_extent(None, t1, t2, context).errors == []


def test_the_extent_box_follows_the_algorithm(make_dialog, clean_project, tmp_path):
    from qgis.core import QgsApplication
    add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2), "t2")
    dialog, _ = make_dialog()
    algorithm = QgsApplication.processingRegistry().algorithmById("metriccd:changedetection")
    supported = algorithm.parameterDefinition("EXTENT") is not None
    box = dialog.settings_panel.extent
    assert box.isEnabled() == supported and not box.isChecked()
    assert ("no extent parameter" in box.toolTip()) != supported
    assert dialog.settings_panel.chosen_extent() is None  # unticked: the whole overlap


def test_a_symlinked_output_is_checked_where_it_leads(make_dialog, clean_project, tmp_path):
    """As the core writes it: through the link. A link in a read-only folder to a writable
    place is fine; a link to an input is an input."""
    import shutil
    import subprocess
    from failure_inputs import undo_read_only
    t1 = add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2), "t2")
    (tmp_path / "out").mkdir()
    locked = tmp_path / "read-only"
    locked.mkdir()
    os.symlink(tmp_path / "out" / "change.tif", locked / "to_out.tif")
    os.symlink(t1.source(), locked / "to_t1.tif")
    locked.chmod(0o555)  # then immutable, for root (as failure_inputs.read_only_folder)
    if os.access(locked, os.W_OK) and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(locked)], capture_output=True)
    try:
        dialog, _ = make_dialog()
        dialog.outputs.probability.setFilePath(str(locked / "to_out.tif"))
        assert dialog.run_button.isEnabled(), dialog.check_label.text()
        dialog.outputs.probability.setFilePath(str(locked / "to_t1.tif"))
        assert "is also an input" in dialog.check_label.text() and not dialog.run_button.isEnabled()
    finally:
        undo_read_only(tmp_path)
