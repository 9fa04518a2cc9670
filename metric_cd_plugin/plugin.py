"""The plugin object QGIS loads: registers the Processing provider (and, later, the dialog)."""
from qgis.core import QgsApplication

DEPENDENCY_MENU = "Metric-CD"  # Plugins > Metric-CD


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
        self._add_dependency_actions()
        self.initProcessing()
        # DIALOG HOOK: the Metric-CD dialog's menu/toolbar action is added here (separate issue).

    def unload(self):
        # DIALOG HOOK: remove the dialog's action here.
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        self._remove_dependency_actions()

    # Plugins > Metric-CD: the PyTorch installer and the diagnostics (dialogs load on demand)
    def _add_dependency_actions(self):
        from qgis.PyQt.QtWidgets import QAction
        self._dependency_actions = []
        self._dependency_dialogs = {}
        for text, slot in (("Install PyTorch...", self._open_installer),
                           ("About / diagnostics...", self._open_diagnostics)):
            action = QAction(text, self.iface.mainWindow())
            action.triggered.connect(slot)
            self.iface.addPluginToMenu(DEPENDENCY_MENU, action)
            self._dependency_actions.append(action)

    def _remove_dependency_actions(self):  # also called by unload() without initGui (qgis_process)
        for action in getattr(self, "_dependency_actions", []):
            self.iface.removePluginMenu(DEPENDENCY_MENU, action)
            action.deleteLater()
        self._dependency_actions = []
        for dialog in getattr(self, "_dependency_dialogs", {}).values():
            dialog.close()  # an installer still running is cancelled
            dialog.deleteLater()
        self._dependency_dialogs = {}

    def _show_dialog(self, name, make):
        dialog = self._dependency_dialogs.get(name)
        if dialog is None:  # one of each, kept while QGIS runs: an install goes on when hidden
            dialog = self._dependency_dialogs[name] = make()
        dialog.show()
        dialog.raise_()
        return dialog

    def _open_installer(self):
        from .dependencies.site_dir import private_site_dir
        from .gui.install_dialog import InstallTorchDialog
        return self._show_dialog("installer", lambda: InstallTorchDialog(private_site_dir(), self.iface.mainWindow()))

    def _open_diagnostics(self):
        from qgis.core import Qgis
        from .dependencies.site_dir import private_site_dir, weights_cache_dir
        from .gui.diagnostics_dialog import DiagnosticsDialog
        old = self._dependency_dialogs.pop("diagnostics", None)  # fresh facts every time
        if old is not None:
            old.deleteLater()
        return self._show_dialog("diagnostics", lambda: DiagnosticsDialog(
            Qgis.QGIS_VERSION, weights_cache_dir(), private_site_dir(), self.iface.mainWindow()))
