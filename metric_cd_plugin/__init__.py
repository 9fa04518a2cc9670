"""Metric-CD QGIS plugin: unsupervised change detection between two co-registered rasters.

QGIS calls classFactory(iface) to create the plugin; qgis_process calls it with
iface=None and then only initProcessing(). Nothing here imports torch: the core imports
it inside detect_change, so QGIS starts fast and the classical methods work without it."""


def classFactory(iface):  # noqa: N802 (name fixed by QGIS)
    from .plugin import MetricCDPlugin
    return MetricCDPlugin(iface)
