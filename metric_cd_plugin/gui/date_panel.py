"""One date's input: a raster layer combo, its bands as a checkable list, a summary line."""
from typing import List, Optional

from qgis.core import QgsRasterLayer
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QResizeEvent
from qgis.PyQt.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QLabel, QListWidget,
                                 QListWidgetItem, QStyle, QVBoxLayout, QWidget)

from ..qgis_enums import LAYER_FILTER_RASTER
from .i18n import tr
from .layer_summary import band_labels, summary

# web map layers serve rendered colours, not measurements: the algorithm refuses them
EXCLUDED_PROVIDERS = ["wms", "arcgismapserver"]
BAND_ROWS = 4  # rows visible in the band list before it scrolls


class BandList(QListWidget):
    """Checkable band names shortened with "…" to the visible width (the full name is the
    item's tooltip); QListView itself cuts long items instead of eliding them."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.elide()

    def elide(self) -> None:
        room = self.viewport().width() - self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) - 14
        self.blockSignals(True)  # setText would emit itemChanged, read as a band (un)ticked
        for row in range(self.count()):
            item = self.item(row)
            item.setText(self.fontMetrics().elidedText(item.toolTip(), Qt.TextElideMode.ElideRight, max(room, 40)))
        self.blockSignals(False)


class DatePanel(QGroupBox):
    changed = pyqtSignal()  # layer or band choice changed

    def __init__(self, label: str, title: str, layer_tip: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(title, parent)
        self.label = label
        self.combo = QgsMapLayerComboBox()
        self.combo.setFilters(LAYER_FILTER_RASTER)
        self.combo.setExcludedProviders(EXCLUDED_PROVIDERS)
        self.combo.setToolTip(layer_tip)
        # long layer names must not widen the dialog
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(16)
        self.bands = BandList()
        self.bands.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.bands.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long names are shortened
        self.bands.setToolTip(tr("Bands of {label} to compare: tick them in the order that matches the "
                                 "other date's ticked bands.").format(label=label))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setToolTip(tr("Size, bands, data type, CRS and pixel size of the chosen layer."))
        band_title = QLabel(tr("Bands"))
        band_title.setToolTip(self.bands.toolTip())
        layout = QVBoxLayout(self)
        layout.addWidget(self.combo)
        layout.addWidget(band_title)
        layout.addWidget(self.bands)
        layout.addWidget(self.summary)
        self.combo.layerChanged.connect(self._on_layer_changed)
        self.bands.itemChanged.connect(self._on_band_toggled)
        self._on_layer_changed(self.combo.currentLayer())

    def layer(self) -> Optional[QgsRasterLayer]:
        return self.combo.currentLayer()

    def set_layer(self, layer: Optional[QgsRasterLayer]) -> None:
        if layer is not None:
            self.combo.setLayer(layer)

    def _on_layer_changed(self, layer: Optional[QgsRasterLayer]) -> None:
        self.bands.blockSignals(True)
        self.bands.clear()
        if layer is not None and layer.isValid():
            for number, name in band_labels(layer):
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, number)
                item.setToolTip(name)
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked)
                self.bands.addItem(item)
        self.bands.blockSignals(False)
        self.bands.elide()
        self._fit_band_rows()
        self.summary.setText(summary(layer))
        self.changed.emit()

    def _on_band_toggled(self, _item: QListWidgetItem) -> None:
        self.changed.emit()

    def _fit_band_rows(self) -> None:
        """BAND_ROWS whole rows, whatever the band count, so the panel does not jump."""
        row = self.bands.sizeHintForRow(0) if self.bands.count() else self.bands.fontMetrics().height() + 4
        self.bands.setFixedHeight(row * BAND_ROWS + 2 * self.bands.frameWidth())

    def _items(self) -> List[QListWidgetItem]:
        return [self.bands.item(i) for i in range(self.bands.count())]

    def checked_bands(self) -> List[int]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def all_bands_checked(self) -> bool:
        return all(item.checkState() == Qt.CheckState.Checked for item in self._items())

    def set_checked_bands(self, bands: List[int]) -> None:
        for item in self._items():
            ticked = item.data(Qt.ItemDataRole.UserRole) in bands
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
