"""Shared fixtures: small real GeoTIFF pairs and the Metric-CD provider registered in the
real QGIS Processing registry (pytest-qgis starts QgsApplication offscreen)."""
import gc
import os
import shutil

import numpy as np
import pytest
from osgeo import gdal, osr

pytest.register_assert_rewrite("failure_checks")  # its asserts explain themselves too
# shared fixtures for every test folder: the dialog's (clean_project, make_dialog, logged) and
# the failure matrix's (case_folder, one_torch_thread, file_size_limit)
pytest_plugins = ["dialog_fixtures", "failure_checks"]

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(REPO, "resources", "sample_data", "landsat_taizhou")
SIZE = 48
SQUARE = (slice(16, 32), slice(12, 28))   # rows, columns of the changed square
GEOTRANSFORM = (500000.0, 30.0, 0.0, 3600000.0, 0.0, -30.0)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    """Runs after the session fixtures' teardown, where pytest-qgis's qgis_app calls exitQgis().
    On QGIS 3.40 (Python 3.13) a later garbage collection that visits the Python wrappers of QGIS
    objects left in reference cycles crashes the interpreter (a segfault in pytest's summary or at
    exit, the counts lost): every object alive now is frozen out of the collector's reach."""
    gc.freeze()


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Tests never download (the imagenet default would, silently, in a forgotten run):
    any URL that is not on 127.0.0.1 fails the test at once, in every thread."""
    import urllib.parse
    import urllib.request
    real = urllib.request.OpenerDirector.open  # what urlopen and every built opener call

    def local_only(self, url, *args, **kwargs):
        target = url.full_url if hasattr(url, "full_url") else str(url)
        if urllib.parse.urlsplit(target).hostname not in ("127.0.0.1", "localhost"):
            raise RuntimeError(f"a test tried to reach {target}; pass weights='random' (tests are offline)")
        return real(self, url, *args, **kwargs)

    urllib.request.OpenerDirector.open = local_only
    yield
    urllib.request.OpenerDirector.open = real


def messages(stderr: str) -> list:
    """A command's stderr lines less its plain progress lines, which a run slower than a
    minute prints off a terminal (cli_progress.py): its notes, warnings and errors."""
    return [line for line in stderr.strip().splitlines() if not line.startswith("progress: ")]


def write_raster(path, array, dtype=gdal.GDT_Byte, nodata=None, geotransform=GEOTRANSFORM, epsg=32651):
    array = array if array.ndim == 3 else array[None]
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[2], array.shape[1], array.shape[0], dtype)
    ds.SetGeoTransform(geotransform)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    for i, band in enumerate(array, start=1):
        if nodata is not None:
            ds.GetRasterBand(i).SetNoDataValue(nodata)
        ds.GetRasterBand(i).WriteArray(band)
    ds = None
    return str(path)


@pytest.fixture(scope="session")
def square_pair(tmp_path_factory):
    """(t1, t2, labels) 48x48 3-band uint8 GeoTIFFs: T2 is a radiometric change of T1 plus
    noise, except a 16x16 square given a bright-dark-bright spectrum found nowhere in T1;
    labels 1 = no change, 2 = change."""
    folder = tmp_path_factory.mktemp("square_pair")
    rng = np.random.default_rng(0)
    smooth = rng.random((3, SIZE // 8, SIZE // 8)).repeat(8, axis=1).repeat(8, axis=2)
    t1 = (0.6 * smooth + 0.4 * rng.random((3, SIZE, SIZE))) * 150 + 30
    t2 = 0.9 * t1 + 10 + rng.normal(0, 2, t1.shape)
    t2[:, SQUARE[0], SQUARE[1]] = np.array([240.0, 10.0, 240.0])[:, None, None]
    labels = np.ones((SIZE, SIZE), np.uint8)
    labels[SQUARE] = 2
    return (write_raster(folder / "t1.tif", np.clip(t1, 0, 255).astype(np.uint8)),
            write_raster(folder / "t2.tif", np.clip(t2, 0, 255).astype(np.uint8)),
            write_raster(folder / "labels.tif", labels))


def nameless_nir_pair(folder):
    """(t1, t2): the near-infrared band of the bundled Landsat pair alone, without its band name
    or sensor metadata: its flat areas vary by 3-12 %, with texture-like neighbours, so `auto` is
    unsure of it (core/raster/kind.py rule 8) and compares it as optical."""
    return tuple(write_raster(folder / f"nir{d}.tif", gdal.Open(os.path.join(SAMPLE, f"t{d}.tif")).ReadAsArray()[3])
                 for d in (1, 2))


@pytest.fixture(scope="session")
def sample_crop(tmp_path_factory):
    """(t1, t2, labels): a 48x48 crop of the bundled Taizhou Landsat pair (6 bands)."""
    folder = tmp_path_factory.mktemp("taizhou_crop")
    window = [216, 352, SIZE, SIZE]  # x, y: a window with both change and no-change labels
    paths = []
    for name in ("t1.tif", "t2.tif", "labels.tif"):
        gdal.Translate(str(folder / name), os.path.join(SAMPLE, name), srcWin=window).FlushCache()
        paths.append(str(folder / name))
    return tuple(paths)


@pytest.fixture(scope="module")
def metriccd_provider(qgis_processing):
    """The plugin as qgis_process starts it: classFactory(None) then initProcessing().
    Module scope, so that test_plugin_lifecycle can register and remove its own."""
    from qgis.core import QgsApplication
    from metric_cd_plugin import classFactory
    plugin = classFactory(None)
    plugin.initProcessing()
    yield QgsApplication.processingRegistry().providerById("metriccd")
    plugin.unload()


@pytest.fixture(scope="module")
def processing_api(metriccd_provider):
    """QGIS's `processing` Python module (importable once pytest-qgis initialised it). Loading
    results reads iface.layerTreeView() on QGIS >= 3.34, which pytest-qgis's stand-in iface lacks:
    it gets a real QgsLayerTreeView over the project's layer tree, as QGIS's main window has."""
    import processing
    from qgis import utils
    from qgis.core import QgsLayerTreeModel, QgsProject
    from qgis.gui import QgsLayerTreeView
    if utils.iface is None or hasattr(utils.iface, "layerTreeView"):
        yield processing
        return
    view = QgsLayerTreeView()
    view.setModel(QgsLayerTreeModel(QgsProject.instance().layerTreeRoot(), view))
    utils.iface.layerTreeView = lambda: view
    yield processing
    del utils.iface.layerTreeView
    view.deleteLater()


@pytest.fixture(scope="session")
def packaged_plugins_dir(tmp_path_factory):
    """A folder laid out like `make package` output: <dir>/metric_cd_plugin/ holding the
    code, metadata.txt, LICENSE and resources/ (copied, so nothing resolves to the repo)."""
    parent = tmp_path_factory.mktemp("plugins")
    target = parent / "metric_cd_plugin"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.aux.xml")
    shutil.copytree(os.path.join(REPO, "metric_cd_plugin"), target, ignore=ignore)
    shutil.copytree(os.path.join(REPO, "resources"), target / "resources", ignore=ignore)
    for name in ("metadata.txt", "LICENSE"):
        shutil.copy(os.path.join(REPO, name), target / name)
    return str(parent)


@pytest.fixture(scope="session")
def vgg16_state_file(tmp_path_factory):
    """A real-shaped torchvision-style VGG16 state dict (seeded random feature tensors plus
    a classifier tensor that the D-FE must drop), like vgg16-397923af.pth but ~7 MB."""
    import torch
    from metric_cd_plugin.core.deep.networks import load_vgg16
    state = dict(load_vgg16("random", 5).state_dict())
    state["classifier.6.bias"] = torch.zeros(1000)
    path = tmp_path_factory.mktemp("vgg16_state") / "vgg16-state.pth"
    torch.save(state, path)
    return str(path)


@pytest.fixture
def qgis_iface(qgis_iface, monkeypatch):
    """pytest-qgis's QgisInterface stand-in plus QGIS's plugin-menu calls, which it lacks:
    iface.plugin_menus maps a submenu name to the actions added under Plugins."""
    menus = {}
    monkeypatch.setattr(qgis_iface, "plugin_menus", menus, raising=False)
    monkeypatch.setattr(qgis_iface, "addPluginToMenu",
                        lambda name, action: menus.setdefault(name, []).append(action), raising=False)
    monkeypatch.setattr(qgis_iface, "removePluginMenu",
                        lambda name, action: menus[name].remove(action), raising=False)
    return qgis_iface


@pytest.fixture()
def plugin_iface(qgis_iface, monkeypatch):
    """pytest-qgis's iface plus what the plugin's initGui needs and it lacks: a Raster menu
    (addPluginToRasterMenu/removePluginRasterMenu) and a plugins toolbar, as real Qt widgets."""
    from qgis.PyQt.QtWidgets import QMenu, QToolBar
    window = qgis_iface.mainWindow()
    raster_menu = QMenu("&Raster", window)
    window.menuBar().addMenu(raster_menu)
    toolbar = QToolBar("Plugins", window)

    def add_to_raster_menu(name, action):
        submenu = next((a.menu() for a in raster_menu.actions() if a.text() == name), None)
        (submenu or raster_menu.addMenu(name)).addAction(action)

    def remove_from_raster_menu(name, action):
        for entry in raster_menu.actions():
            if entry.text() == name:
                entry.menu().removeAction(action)
                if not entry.menu().actions():  # QGIS drops an emptied submenu
                    raster_menu.removeAction(entry)
    monkeypatch.setattr(qgis_iface, "addPluginToRasterMenu", add_to_raster_menu, raising=False)
    monkeypatch.setattr(qgis_iface, "removePluginRasterMenu", remove_from_raster_menu, raising=False)
    monkeypatch.setattr(qgis_iface, "addDockWidget", window.addDockWidget)  # QGIS docks panels in its window
    monkeypatch.setattr(qgis_iface, "removeDockWidget", window.removeDockWidget, raising=False)
    monkeypatch.setattr(qgis_iface, "addToolBarIcon", toolbar.addAction)
    monkeypatch.setattr(qgis_iface, "removeToolBarIcon", toolbar.removeAction)
    monkeypatch.setattr(qgis_iface, "raster_menu", raster_menu, raising=False)  # for the assertions
    monkeypatch.setattr(qgis_iface, "plugin_toolbar", toolbar, raising=False)
    yield qgis_iface
    window.menuBar().removeAction(raster_menu.menuAction())
