"""The plugin as QGIS drives it: classFactory(iface), initGui() adds the Raster menu entry and
the toolbar button, the action opens the dialog, unload() removes everything and cancels a
running task. `plugin_iface` (conftest) is pytest-qgis's iface with a Raster menu and a
toolbar made of real Qt widgets; the desktop screenshot test covers QGIS's own."""
import os

import pytest
from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import Qt

from dialog_fixtures import add_raster, wait_for_idle_task_manager, wait_until


@pytest.fixture()
def iface(plugin_iface, clean_project):
    return plugin_iface


@pytest.fixture()
def plugin(iface):
    from metric_cd_plugin import classFactory
    assert QgsApplication.processingRegistry().providerById("metriccd") is None
    plugin = classFactory(iface)
    plugin.initGui()
    yield plugin
    if plugin.dialog_action is not None:  # a test that did not unload
        plugin.unload()


def test_init_gui_adds_menu_entry_and_toolbar_button_and_unload_removes_them(iface, plugin):
    submenus = [a for a in iface.raster_menu.actions() if a.text() == "&Metric-CD"]
    assert len(submenus) == 1
    entries = submenus[0].menu().actions()
    assert [a.text() for a in entries] == ["Metric-CD change detection...", "Label sample points (change area)..."]
    assert not entries[0].icon().isNull()
    assert iface.plugin_toolbar.actions() == entries[:1]
    assert QgsApplication.processingRegistry().providerById("metriccd") is not None

    entries[0].trigger()
    dialog = plugin.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Metric-CD change detection"
    entries[1].trigger()
    dock = plugin.labelling.dock  # docked in the (hidden) main window, shown there
    assert not dock.isHidden() and dock.windowTitle() == "Metric-CD: label sample points"
    assert iface.mainWindow().dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    plugin.unload()
    assert iface.raster_menu.actions() == [] and iface.plugin_toolbar.actions() == []
    assert plugin.dialog is None and plugin.dialog_action is None and plugin.run_manager is None
    assert plugin.labelling is None
    assert QgsApplication.processingRegistry().providerById("metriccd") is None


def test_reopening_the_dialog_preselects_newly_added_rasters(iface, plugin, tmp_path):
    from dialog_fixtures import random_raster
    add_raster(random_raster(tmp_path / "a.tif", 1), "a")
    add_raster(random_raster(tmp_path / "b.tif", 2), "b")
    plugin.dialog_action.trigger()
    assert (plugin.dialog.t1.layer().name(), plugin.dialog.t2.layer().name()) == ("a", "b")
    plugin.dialog.close()
    add_raster(random_raster(tmp_path / "c.tif", 3), "c")
    plugin.dialog_action.trigger()
    assert (plugin.dialog.t1.layer().name(), plugin.dialog.t2.layer().name()) == ("b", "c")


def test_unloading_while_a_run_is_going_cancels_it_cleanly(iface, plugin, square_pair, tmp_path):
    t1, t2, _ = square_pair
    add_raster(t1, "t1")
    add_raster(t2, "t2")
    out = tmp_path / "out"
    out.mkdir()
    plugin.dialog_action.trigger()
    dialog, manager = plugin.dialog, plugin.run_manager
    dialog.settings_panel.iterations.setValue(3)
    dialog.settings_panel.weights_random.setChecked(True)  # tests never download weights
    dialog.outputs.probability.setFilePath(str(out / "prob.tif"))
    dialog.outputs.mask.setFilePath(str(out / "mask.tif"))
    started = []
    manager.stageChanged.connect(started.append)
    layers_before = set(QgsProject.instance().mapLayers())
    messages_before = {level: len(iface.messageBar().get_messages(level))
                       for level in (Qgis.MessageLevel.Info, Qgis.MessageLevel.Success, Qgis.MessageLevel.Critical)}
    assert dialog.start_run()
    assert wait_until(lambda: started)  # the worker is inside the algorithm
    plugin.unload()
    wait_for_idle_task_manager()
    assert set(QgsProject.instance().mapLayers()) == layers_before
    assert os.listdir(out) == []
    assert {level: len(iface.messageBar().get_messages(level)) for level in messages_before} == messages_before
    from metric_cd_plugin.gui import run_task
    assert not run_task._LIVE_RUNS  # the context and feedback were released once the task ended
