"""The plugin object QGIS loads: registers the Processing provider and adds the dialog."""
from typing import TYPE_CHECKING, Callable, Dict, List, Optional

from qgis.core import QgsApplication
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import QTranslator
from qgis.PyQt.QtWidgets import QAction, QDialog

from .resource_paths import icon_path

if TYPE_CHECKING:  # loaded on demand, not with QGIS
    from .gui.dialog import MetricCDDialog
    from .gui.layer_order import LayerAddOrder
    from .gui.run_manager import RunManager
    from .processing_provider.provider import MetricCDProvider

MENU = "&Metric-CD"  # submenu of the Raster menu
DEPENDENCY_MENU = "Metric-CD"  # Plugins > Metric-CD


class MetricCDPlugin:
    def __init__(self, iface: Optional[QgisInterface]) -> None:
        self.iface: QgisInterface = iface  # None under qgis_process, which calls initProcessing and unload only
        self.provider: Optional["MetricCDProvider"] = None
        self.translator: Optional[QTranslator] = None
        self.dialog_action: Optional[QAction] = None
        self.dialog: Optional["MetricCDDialog"] = None
        self.run_manager: Optional["RunManager"] = None
        self.layer_order: Optional["LayerAddOrder"] = None

    def initProcessing(self) -> None:  # noqa: N802 (called by QGIS, also by qgis_process)
        if self.provider is None:
            from .processing_provider.provider import MetricCDProvider
            provider = MetricCDProvider()
            # keep it only if registered: removeProvider() works by id, so unloading a
            # provider that failed to register would delete another "metriccd" provider
            if QgsApplication.processingRegistry().addProvider(provider):
                self.provider = provider

    def initGui(self) -> None:  # noqa: N802
        self._add_dependency_actions()
        self.initProcessing()
        # DIALOG HOOK: the dialog's translation, Raster menu entry and toolbar button.
        self._install_translator()
        self._add_dialog_action()
        from .gui.labelling_entry import LabellingEntry
        self.labelling: Optional[LabellingEntry] = LabellingEntry(self.iface, MENU)  # sample points' labelling panel

    def unload(self) -> None:
        # DIALOG HOOK: cancel a running dialog task, remove the action and the translation.
        self._remove_dialog_action()
        labelling = getattr(self, "labelling", None)
        if labelling is not None:
            labelling.remove()
            self.labelling = None
        self._remove_translator()
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        self._remove_dependency_actions()

    # Plugins > Metric-CD: the PyTorch installer and the diagnostics (dialogs load on demand)
    def _add_dependency_actions(self) -> None:
        self._dependency_actions: List[QAction] = []
        self._dependency_dialogs: Dict[str, QDialog] = {}
        for text, slot in (("Install PyTorch...", self._open_installer),
                           ("About / diagnostics...", self._open_diagnostics)):
            action = QAction(text, self.iface.mainWindow())
            action.triggered.connect(slot)
            self.iface.addPluginToMenu(DEPENDENCY_MENU, action)
            self._dependency_actions.append(action)

    def _remove_dependency_actions(self) -> None:  # also called by unload() without initGui (qgis_process)
        for action in getattr(self, "_dependency_actions", []):
            self.iface.removePluginMenu(DEPENDENCY_MENU, action)
            action.deleteLater()
        self._dependency_actions = []
        for dialog in getattr(self, "_dependency_dialogs", {}).values():
            dialog.close()  # an installer still running is cancelled
            dialog.deleteLater()
        self._dependency_dialogs = {}

    def _show_dialog(self, name: str, make: Callable[[], QDialog]) -> QDialog:
        dialog = self._dependency_dialogs.get(name)
        if dialog is None:  # one of each, kept while QGIS runs: an install goes on when hidden
            dialog = self._dependency_dialogs[name] = make()
        dialog.show()
        dialog.raise_()
        return dialog

    def _open_installer(self) -> QDialog:
        from .dependencies.site_dir import private_site_dir
        from .gui.install_dialog import InstallTorchDialog
        return self._show_dialog("installer", lambda: InstallTorchDialog(  # QGIS's settings folder exists here
            private_site_dir(), self.iface.mainWindow()))  # type: ignore[arg-type]

    def _open_diagnostics(self) -> QDialog:
        from qgis.core import Qgis
        from .dependencies.site_dir import private_site_dir, weights_cache_dir
        from .gui.diagnostics_dialog import DiagnosticsDialog
        old = self._dependency_dialogs.pop("diagnostics", None)  # fresh facts every time
        if old is not None:
            old.deleteLater()
        return self._show_dialog("diagnostics", lambda: DiagnosticsDialog(
            Qgis.QGIS_VERSION, weights_cache_dir(), private_site_dir(), self.iface.mainWindow()))

    def _install_translator(self) -> None:
        from .gui.i18n import install_translator
        self.translator = install_translator()  # the QGIS locale's .qm, when compiled

    def _remove_translator(self) -> None:
        from .gui.i18n import remove_translator
        remove_translator(self.translator)
        self.translator = None

    def _add_dialog_action(self) -> None:
        from qgis.core import QgsProject
        from qgis.PyQt.QtGui import QIcon
        from .gui.i18n import tr
        from .gui.layer_order import LayerAddOrder
        from .gui.run_manager import RunManager
        project = QgsProject.instance()
        self.layer_order = LayerAddOrder(project)  # from now on, to pre-select the latest rasters
        self.run_manager = RunManager(project, self.iface.messageBar(), self.iface.mapCanvas())
        action = QAction(QIcon(icon_path()), tr("Metric-CD change detection..."), self.iface.mainWindow())
        action.setObjectName("metricCDDialogAction")
        action.setToolTip(tr("Metric-CD change detection: compare two rasters of the same place and "
                             "map the changes"))
        action.triggered.connect(self.show_dialog)
        self.iface.addPluginToRasterMenu(MENU, action)
        self.iface.addToolBarIcon(action)
        self.dialog_action = action

    def show_dialog(self) -> None:
        if self.run_manager is None or self.layer_order is None:  # only after initGui, which sets both
            return
        if self.dialog is None:
            from .gui.dialog import MetricCDDialog
            self.dialog = MetricCDDialog(self.run_manager, self.layer_order, self.iface.mapCanvas(),
                                         parent=self.iface.mainWindow())
        else:
            self.dialog.reopen()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _remove_dialog_action(self) -> None:
        if self.run_manager is not None:
            self.run_manager.shutdown()  # cancels a running task; its outcome is dropped
            self.run_manager = None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if self.dialog_action is not None:
            self.iface.removePluginRasterMenu(MENU, self.dialog_action)
            self.iface.removeToolBarIcon(self.dialog_action)
            self.dialog_action.deleteLater()
            self.dialog_action = None
        if self.layer_order is not None:
            self.layer_order.disconnect_project()
            self.layer_order = None
