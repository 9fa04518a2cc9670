"""Raster > Metric-CD > Label sample points...: opens the labelling panel docked in QGIS's
main window (one panel, kept while the plugin is loaded)."""
from typing import TYPE_CHECKING, Optional

from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QAction

from .i18n import tr

if TYPE_CHECKING:  # the panel is built when first shown
    from .labelling_dock import LabellingDock


class LabellingEntry:
    def __init__(self, iface: QgisInterface, menu: str) -> None:
        self.iface, self.menu = iface, menu
        self.dock: Optional["LabellingDock"] = None
        self.action = QAction(tr("Label sample points (change area)..."), iface.mainWindow())
        self.action.setObjectName("metricCDLabellingAction")
        self.action.triggered.connect(self.show)
        iface.addPluginToRasterMenu(menu, self.action)

    def show(self) -> "LabellingDock":
        if self.dock is None:
            from .labelling_dock import LabellingDock
            self.dock = LabellingDock(parent=self.iface.mainWindow())
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        else:
            self.dock.load_points()  # resume on the first point not labelled yet
        self.dock.show()
        self.dock.raise_()
        return self.dock

    def remove(self) -> None:
        self.iface.removePluginRasterMenu(self.menu, self.action)
        self.action.deleteLater()
        if self.dock is not None:
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
