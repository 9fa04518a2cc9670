"""Where results go: probability, optional mask and polygons, and whether to add them to the map."""
from typing import Optional

from qgis.gui import QgsDoubleSpinBox, QgsFileWidget
from qgis.PyQt.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QWidget

from .i18n import tr

GEOTIFF_FILTER = "GeoTIFF (*.tif *.tiff)"
GEOPACKAGE_FILTER = "GeoPackage (*.gpkg)"


def _save_widget(file_filter: str, title: str, tip: str) -> QgsFileWidget:
    widget = QgsFileWidget()
    widget.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
    widget.setFilter(file_filter)
    widget.setDialogTitle(title)
    widget.setConfirmOverwrite(True)
    widget.lineEdit().setPlaceholderText(tr("[Save to temporary file]"))
    widget.setToolTip(tip)
    widget.lineEdit().setToolTip(tip)
    return widget


class OutputsPanel(QGroupBox):
    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(tr("Outputs"), parent)
        self.probability = _save_widget(GEOTIFF_FILTER, tr("Save the change probability as"), tr(
            "GeoTIFF of the change probability, 0 (no change) to 1 (change), on T1's grid. "
            "Empty: a temporary file, deleted when QGIS closes."))
        probability_label = QLabel(tr("Change probability"))
        probability_label.setToolTip(self.probability.toolTip())
        self.mask_check = QCheckBox(tr("Change mask"))
        self.mask_check.setToolTip(tr("Also write the mask: 1 = change, 0 = no change."))
        self.mask = _save_widget(GEOTIFF_FILTER, tr("Save the change mask as"), tr(
            "GeoTIFF of the change mask. Empty: a temporary file."))
        self.polygons_check = QCheckBox(tr("Change polygons"))
        self.polygons_check.setToolTip(tr("Also write the changed areas as polygons (GeoPackage) with "
                                          "their area and mean probability."))
        self.polygons = _save_widget(GEOPACKAGE_FILTER, tr("Save the change polygons as"), tr(
            "GeoPackage of the change polygons. Empty: a temporary file."))
        self.min_area = QgsDoubleSpinBox()
        self.min_area.setRange(0.0, 1e12)
        self.min_area.setDecimals(1)
        self.min_area.setClearValue(0.0)
        self.min_area.setSuffix(tr(" map units²"))
        self.min_area.setToolTip(tr("Polygons smaller than this area (in square units of T1's CRS) "
                                    "are left out; 0 keeps them all."))
        self.min_area_label = QLabel(tr("Minimum polygon area"))
        self.min_area_label.setToolTip(self.min_area.toolTip())
        self.add_to_map = QCheckBox(tr("Add the results to the map"))
        self.add_to_map.setChecked(True)
        self.add_to_map.setToolTip(tr("Add the outputs, styled, to the project in a group named after "
                                      "the two layers."))
        grid = QGridLayout(self)
        grid.addWidget(probability_label, 0, 0)
        grid.addWidget(self.probability, 0, 1)
        grid.addWidget(self.mask_check, 1, 0)
        grid.addWidget(self.mask, 1, 1)
        grid.addWidget(self.polygons_check, 2, 0)
        grid.addWidget(self.polygons, 2, 1)
        grid.addWidget(self.min_area_label, 3, 0)
        grid.addWidget(self.min_area, 3, 1)
        grid.addWidget(self.add_to_map, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.mask_check.toggled.connect(self._update_enabled)
        self.polygons_check.toggled.connect(self._update_enabled)
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.mask.setEnabled(self.mask_check.isChecked())
        for widget in (self.polygons, self.min_area, self.min_area_label):
            widget.setEnabled(self.polygons_check.isChecked())

    @staticmethod
    def _path(widget: QgsFileWidget) -> str:
        return widget.filePath().strip()

    def probability_path(self) -> str:
        return self._path(self.probability)

    def mask_path(self) -> Optional[str]:
        """None = no mask; "" = temporary file."""
        return self._path(self.mask) if self.mask_check.isChecked() else None

    def polygons_path(self) -> Optional[str]:
        return self._path(self.polygons) if self.polygons_check.isChecked() else None

    def state(self) -> dict:
        return {"mask": self.mask_check.isChecked(), "polygons": self.polygons_check.isChecked(),
                "min_area": self.min_area.value(), "add_to_map": self.add_to_map.isChecked()}

    def set_state(self, values: dict) -> None:
        self.mask_check.setChecked(values["mask"])
        self.polygons_check.setChecked(values["polygons"])
        self.min_area.setValue(values["min_area"])
        self.add_to_map.setChecked(values["add_to_map"])
