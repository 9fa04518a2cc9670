"""The plugin object QGIS loads: registers the Processing provider (and, later, the dialog)."""
from qgis.core import QgsApplication


class MetricCDPlugin:
    def __init__(self, iface):
        self.iface = iface  # None under qgis_process
        self.provider = None

    def initProcessing(self):  # noqa: N802 (called by QGIS, also by qgis_process)
        if self.provider is None:
            from .processing_provider.provider import MetricCDProvider
            provider = MetricCDProvider()
            # keep it only if registered: removeProvider() works by id, so unloading a
            # provider that failed to register would delete another "metriccd" provider
            if QgsApplication.processingRegistry().addProvider(provider):
                self.provider = provider

    def initGui(self):  # noqa: N802
        self.initProcessing()
        # DIALOG HOOK: the Metric-CD dialog's menu/toolbar action is added here (separate issue).

    def unload(self):
        # DIALOG HOOK: remove the dialog's action here.
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
