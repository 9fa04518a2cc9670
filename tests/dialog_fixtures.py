"""Shared pieces of the dialog tests: real raster layers in the real project, a dialog wired
to a real RunManager and message bar, and waiting on QGIS's task manager."""
import time

import numpy as np
import pytest
from qgis.core import QgsApplication, QgsProject, QgsRasterDataProvider, QgsRasterLayer
from qgis.PyQt.QtCore import QEvent

from conftest import GEOTRANSFORM, SIZE, write_raster

DEADLINE_S = 240  # generous: the 2-core test machine is shared


def add_raster(path, name):
    layer = QgsRasterLayer(str(path), name)
    assert layer.isValid(), path
    QgsProject.instance().addMapLayer(layer)
    return layer


def virtual_raster(path, name="t1_virtual"):
    """A 'virtualraster' provider layer (raster calculator on the fly): band 1 of ``path``."""
    source = QgsRasterLayer(path, "source")
    params = QgsRasterDataProvider.VirtualRasterParameters()
    params.crs, params.extent = source.crs(), source.extent()
    params.width, params.height = source.width(), source.height()
    params.formula = '"src@1"'
    layer_input = QgsRasterDataProvider.VirtualRasterInputLayers()
    layer_input.name, layer_input.uri, layer_input.provider = "src", path, "gdal"
    params.rInputLayers = [layer_input]
    layer = QgsRasterLayer(QgsRasterDataProvider.encodeVirtualRasterProviderUri(params), name, "virtualraster")
    assert layer.isValid() and layer.providerType() == "virtualraster"
    return layer


def shifted(dx=0.0, dy=0.0, pixel=30.0):
    x0, _, _, y0, _, _ = GEOTRANSFORM
    return (x0 + dx, pixel, 0.0, y0 + dy, 0.0, -pixel)


def random_raster(path, seed=0, bands=3, size=SIZE, **kwargs):
    data = np.random.default_rng(seed).integers(0, 255, (bands, size, size)).astype(np.uint8)
    return write_raster(path, data, **kwargs)


def wait_until(predicate, timeout=DEADLINE_S):
    """Spin the event loop (the task's signals are queued to it) until predicate() holds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QgsApplication.processEvents()
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def wait_for_idle_task_manager():
    assert wait_until(lambda: QgsApplication.taskManager().countActiveTasks() == 0), \
        "the task manager still has active tasks"


@pytest.fixture()
def clean_project(qgis_iface):
    """An empty project and no remembered dialog settings, before and after the test."""
    from qgis.core import QgsSettings
    QgsSettings().remove("metric_cd")
    qgis_iface.newProject()
    yield QgsProject.instance()
    wait_for_idle_task_manager()
    qgis_iface.newProject()


@pytest.fixture()
def make_dialog(metriccd_provider, clean_project, qgis_iface):
    """make_dialog(message_bar=None, torch=None) -> (dialog, manager) with a LayerAddOrder
    tracking the project since before the test's layers were added."""
    from metric_cd_plugin.gui.dialog import MetricCDDialog
    from metric_cd_plugin.gui.layer_order import LayerAddOrder
    from metric_cd_plugin.gui import weights_session
    from metric_cd_plugin.gui.run_manager import RunManager
    weights_session.forget()  # a failed download is remembered per session: not from test to test
    order = LayerAddOrder(clean_project)
    made = []

    def make(message_bar=None, torch=None):
        bar = message_bar if message_bar is not None else qgis_iface.messageBar()
        manager = RunManager(clean_project, bar, qgis_iface.mapCanvas())
        dialog = MetricCDDialog(manager, order, qgis_iface.mapCanvas(), torch=torch,
                                parent=qgis_iface.mainWindow())  # owned by Qt, as in QGIS
        dialog.settings_panel.weights_random.setChecked(True)  # tests never download weights
        made.append((dialog, manager))
        return dialog, manager
    yield make
    for dialog, manager in made:
        manager.shutdown()
        dialog.close()
        dialog.deleteLater()
    QgsApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # gone before the next test
    order.disconnect_project()
    weights_session.forget()


@pytest.fixture()
def logged():
    """(text, level) of what the Metric-CD tab of the log panel receives."""
    messages = []

    def record(text, tag, level):
        if tag == "Metric-CD":
            messages.append((text, level))
    QgsApplication.messageLog().messageReceived.connect(record)
    yield messages
    QgsApplication.messageLog().messageReceived.disconnect(record)
