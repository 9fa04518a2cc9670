"""Metric-CD QGIS plugin: unsupervised change detection between two co-registered rasters.

QGIS calls classFactory(iface) to create the plugin; qgis_process calls it with
iface=None and then only initProcessing(). Nothing here imports torch: the core imports
it inside detect_change, so QGIS starts fast and the classical methods work without it.
First of all, the plugin-private package folder (where Plugins > Metric-CD > Install
PyTorch... puts torch) goes on sys.path, so that the later lazy `import torch` finds it."""
from typing import TYPE_CHECKING

from .dependencies.site_dir import add_private_site

if TYPE_CHECKING:  # nothing more is imported when QGIS lists the plugin
    from qgis.gui import QgisInterface

    from .plugin import MetricCDPlugin

add_private_site()


def classFactory(iface: "QgisInterface") -> "MetricCDPlugin":  # noqa: N802 (name fixed by QGIS)
    from .plugin import MetricCDPlugin
    return MetricCDPlugin(iface)
