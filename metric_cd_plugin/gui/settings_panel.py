"""Method settings: data kind, preset and device up front; in a collapsible "Advanced
settings" box every other user-facing field of the run schema (core/request/fields.py):
iterations, seed, threshold, shift tolerance, fine-tuning, VGG16 weights and extent. The
choices are the algorithm's own options (Processing's parameters, from the same schema)."""
from typing import Mapping, Optional

from qgis.core import QgsProcessingAlgorithm, QgsRasterLayer, QgsReferencedRectangle
from qgis.gui import (QgsCollapsibleGroupBox, QgsDoubleSpinBox, QgsExtentGroupBox, QgsFileWidget,
                      QgsMapCanvas)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFormLayout, QGroupBox,
                                 QHBoxLayout, QLabel, QRadioButton, QSpinBox, QVBoxLayout, QWidget)

from ..core.deep.request import FINE_PIXEL_M, FINE_SHIFT
from ..core.raster.kind import (FAR_LAGS, MAX_SAR_BANDS, OPTICAL_CV, SAR_CV, SPECKLE_CORRELATION,
                                SPECKLE_CORRELATION_FAR, SPECKLE_WINDOW)
from .i18n import tr
from .schema_widgets import SchemaWidgets
from .torch_probe import TorchStatus
from .weights_choices import advanced_title, labels, weights_title


def data_kind_tip() -> str:
    """The auto rule of core/raster/kind.py in the user's words, with the core's own figures."""
    return tr("Automatic calls the pair SAR when the file names, band names or metadata name a polarisation "
              "(VV, VH, HH, HV) or a radar (Sentinel-1, RADARSAT, ERS, ENVISAT, ALOS, TerraSAR-X, sigma0...), "
              "and optical when they name optical data (wavelengths, Landsat, Sentinel-2, red, NIR...) or there "
              "are more than {bands} bands. Otherwise it measures speckle, which multiplies the signal: SAR when "
              "the flattest tenth of the image varies by at least {sar} of its brightness, or by at least {optical} "
              "with independent neighbours (neighbour "
              "correlation of log values below {correlation}, or below {far} between pixels {lags} apart: speckle "
              "correlated over a pixel or two); optical below {optical}. Values mostly below zero "
              "are SAR in decibels when their fine texture is left-skewed, as the log of speckle is, or independent "
              "noise. In between it is unsure "
              "and takes optical, which costs least when wrong. The log and the output files say which evidence "
              "decided and how sure it is. Optical rasters are compared by difference, SAR in log space "
              "(log-ratio) after a {side} x {side} speckle filter. Choose SAR for heavily filtered or "
              "multilooked SAR that Automatic calls optical.").format(
        bands=MAX_SAR_BANDS, sar=f"{SAR_CV:.0%}", optical=f"{OPTICAL_CV:.0%}",
        correlation=SPECKLE_CORRELATION, far=SPECKLE_CORRELATION_FAR, lags="-".join(map(str, FAR_LAGS)),
        side=SPECKLE_WINDOW)


# the schema's advanced fields (core/request/fields.py) and the widget of each in the advanced box
ADVANCED_WIDGETS = {"seed": "seed", "threshold": "threshold", "iterations": "iterations",
                    "shift_tolerance": "shift_tolerance", "finetune_fe": "finetune_fe", "weights": "weights_auto"}


def _labelled(form: QFormLayout, text: str, widget: QWidget) -> None:
    label = QLabel(text)
    label.setToolTip(widget.toolTip())
    form.addRow(label, widget)


class SettingsPanel(QGroupBox):
    def __init__(self, algorithm: QgsProcessingAlgorithm, torch: TorchStatus,
                 canvas: Optional[QgsMapCanvas] = None, parent: Optional[QWidget] = None) -> None:
        super().__init__(tr("Settings"), parent)
        preset_names = {"fast": tr("Fast (recommended)"), "paper": tr("Paper (published set-up, slow)")}
        device_names = {"auto": tr("Automatic (GPU if available)"), "cpu": tr("CPU"), "cuda": tr("CUDA GPU")}
        kind_names = {"auto": tr("Automatic (from band names, decibels or speckle)"),
                      "optical": tr("Optical (compared by difference)"),
                      "sar": tr("SAR amplitude or intensity (log-ratio)")}
        self.data_kind = self._enum_combo(algorithm, "DATA_KIND", kind_names, data_kind_tip())
        self.preset = self._enum_combo(algorithm, "PRESET", preset_names, tr(
            "Fast fits on small patches (seconds to minutes); Paper is the published configuration "
            "(much slower), for comparison."))
        self.device = self._enum_combo(algorithm, "DEVICE", device_names, tr(
            "Where the network runs; Automatic uses a CUDA GPU when PyTorch sees one."))
        self._disable_cuda(torch)
        form = QFormLayout(self)
        _labelled(form, tr("Data kind"), self.data_kind)  # about the rasters: before the method's settings
        _labelled(form, tr("Preset"), self.preset)
        _labelled(form, tr("Device"), self.device)
        self.advanced = QgsCollapsibleGroupBox(advanced_title())
        self.advanced.setObjectName("metric_cd_advanced")  # its collapsed state is remembered by name
        self.advanced.setCollapsed(True)
        form.addRow(self.advanced)
        self._build_advanced(algorithm, canvas)

    @staticmethod
    def _enum_combo(algorithm: QgsProcessingAlgorithm, name: str, labels: Mapping[str, str],
                    tip: str) -> QComboBox:
        combo = QComboBox()
        for option in algorithm.parameterDefinition(name).options():  # the algorithm's own order
            combo.addItem(labels.get(option, option), option)
        combo.setToolTip(tip)
        return combo

    def _disable_cuda(self, torch: TorchStatus) -> None:
        index = self.device.findData("cuda")
        if index < 0 or torch.cuda:
            return
        reason = (tr("Unavailable: PyTorch sees no CUDA GPU ({detail}).") if torch.available
                  else tr("Unavailable: PyTorch cannot be imported ({detail}).")).format(detail=torch.detail)
        self.device.model().item(index).setEnabled(False)
        self.device.setItemData(index, reason, Qt.ItemDataRole.ToolTipRole)

    def _build_advanced(self, algorithm: QgsProcessingAlgorithm, canvas: Optional[QgsMapCanvas]) -> None:
        extent_supported = algorithm.parameterDefinition("EXTENT") is not None
        form = QFormLayout(self.advanced)
        self.iterations = QSpinBox()
        self.iterations.setRange(0, 100000)
        self.iterations.setSpecialValueText(tr("Preset default"))
        self.iterations.setToolTip(tr("Fitting steps; 0 keeps the preset's number."))
        _labelled(form, tr("Iterations"), self.iterations)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip(tr("The same seed on the same data gives the same result."))
        _labelled(form, tr("Random seed"), self.seed)
        self.threshold_auto = QCheckBox(tr("Automatic"))
        self.threshold_auto.setToolTip(tr("Let the method choose the threshold from the data."))
        self.threshold = QgsDoubleSpinBox()
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(3)
        self.threshold.setToolTip(tr("Probability above which a pixel counts as change in the mask "
                                     "and polygons."))
        self.threshold_auto.toggled.connect(self._on_threshold_auto)
        row = QHBoxLayout()
        row.addWidget(self.threshold_auto)
        row.addWidget(self.threshold, 1)
        threshold_label = QLabel(tr("Threshold"))
        threshold_label.setToolTip(self.threshold.toolTip())
        form.addRow(threshold_label, row)
        self.shift_tolerance = self._enum_combo(algorithm, "SHIFT_TOLERANCE", {"auto": tr("Automatic")}, tr(
            "Each date is matched within this many pixels of the other, so that misregistered or differently "
            "viewed texture is not change. Automatic: {rule}.").format(rule=tr(
                "{shift} pixels for true-colour rasters with pixels under {size:g} m or of unknown size, none "
                "for SAR and multispectral ones").format(shift=FINE_SHIFT, size=FINE_PIXEL_M)))
        _labelled(form, tr("Shift tolerance (pixels)"), self.shift_tolerance)
        self.finetune_fe = QCheckBox(tr("Fine-tune the VGG16 feature extractor"))
        self.finetune_fe.setToolTip(tr("Also optimise the deep features on this pair (much slower on CPU)."))
        form.addRow(self.finetune_fe)
        form.addRow(self._weights_widget())
        self.more = SchemaWidgets(algorithm, form, ADVANCED_WIDGETS)  # the schema's fields without their own
        self.extent = QgsExtentGroupBox()
        self.extent.setTitleBase(tr("Limit to an extent"))
        self.extent.setCheckable(True)
        self.extent.setChecked(False)
        if canvas is not None:
            self.extent.setMapCanvas(canvas)
        self.extent_supported = extent_supported
        self.extent.setEnabled(extent_supported)
        self.extent.setToolTip(tr("Process only this area (from a layer, the map view or drawn on the "
                                  "map); unticked, the whole overlap of T1 and T2.") if extent_supported
                               else tr("This version of the Metric-CD algorithm has no extent "
                                       "parameter; the whole overlap is processed."))
        self.extent.toggled.connect(self._on_extent_toggled)
        form.addRow(self.extent)

    def _on_extent_toggled(self, on: bool) -> None:
        # ticked with nothing set yet: start from T1's extent (setting it also ticks the box,
        # which is why this is not done before the user asks)
        if on and self.extent.outputExtent().isEmpty():
            self.extent.setOutputExtentFromOriginal()

    def _on_threshold_auto(self, automatic: bool) -> None:
        self.threshold.setEnabled(not automatic)

    def _weights_widget(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        title, label = QLabel(weights_title()), labels()
        self.weights_auto = QRadioButton(label["auto"])
        self.weights_auto.setToolTip(tr("The ImageNet weights when they are on this computer or can be "
                                        "downloaded; without network the run goes on with seeded random "
                                        "weights and says so."))
        self.weights_imagenet = QRadioButton(label["imagenet"])
        self.weights_imagenet.setToolTip(tr("torchvision's pretrained VGG16, fetched on first use, checked by "
                                            "SHA-256 and kept in the QGIS profile. Best quality."))
        self.weights_random = QRadioButton(label["random"])
        self.weights_random.setToolTip(tr("No file needed; slightly less accurate than pretrained weights."))
        self.weights_file = QRadioButton(label["file"])
        self.weights_file.setToolTip(tr("torchvision's vgg16-397923af.pth (or any VGG16 state dict)."))
        self.weights_path = QgsFileWidget()
        self.weights_path.setFilter(tr("PyTorch weights (*.pth *.pt)"))
        self.weights_path.setDialogTitle(tr("Choose the VGG16 weights file"))
        self.weights_path.setToolTip(self.weights_file.toolTip())
        title.setToolTip(tr("Weights of the VGG16 network that gives the deep features."))
        group = QButtonGroup(box)
        for button in (self.weights_auto, self.weights_imagenet, self.weights_random, self.weights_file):
            group.addButton(button)
        self.weights_auto.setChecked(True)
        self.weights_file.toggled.connect(self.weights_path.setEnabled)
        self.weights_path.setEnabled(False)
        file_row = QHBoxLayout()
        file_row.addWidget(self.weights_file)
        file_row.addWidget(self.weights_path, 1)
        layout.addWidget(title)
        layout.addWidget(self.weights_auto)
        layout.addWidget(self.weights_imagenet)
        layout.addWidget(self.weights_random)
        layout.addLayout(file_row)
        return box

    def set_extent_layer(self, layer: Optional[QgsRasterLayer],
                         canvas: Optional[QgsMapCanvas] = None) -> None:
        """T1 gives the extent box its original extent and the output CRS."""
        if layer is None:
            return
        self.extent.setOriginalExtent(layer.extent(), layer.crs())
        self.extent.setOutputCrs(layer.crs())
        if canvas is not None:
            self.extent.setCurrentExtent(canvas.extent(), canvas.mapSettings().destinationCrs())

    def chosen_extent(self) -> Optional[QgsReferencedRectangle]:
        if not (self.extent_supported and self.extent.isChecked()):
            return None
        return QgsReferencedRectangle(self.extent.outputExtent(), self.extent.outputCrs())

    def threshold_value(self) -> Optional[float]:
        return None if self.threshold_auto.isChecked() else self.threshold.value()

    def weights_value(self) -> str:
        return self.weights_path.filePath().strip() if self.weights_file.isChecked() else ""

    def weights_choice(self) -> str:
        """The algorithm's WEIGHTS option: auto, imagenet, random or file."""
        for option, button in (("file", self.weights_file), ("random", self.weights_random),
                               ("imagenet", self.weights_imagenet)):
            if button.isChecked():
                return option
        return "auto"

    def state(self) -> dict:
        return {"data_kind": self.data_kind.currentData(),
                "preset": self.preset.currentData(), "device": self.device.currentData(),
                "iterations": self.iterations.value(), "seed": self.seed.value(),
                "threshold_auto": self.threshold_auto.isChecked(), "threshold": self.threshold.value(),
                "shift_tolerance": self.shift_tolerance.currentData(), "finetune_fe": self.finetune_fe.isChecked(),
                "weights_choice": self.weights_choice(),
                "weights_path": self.weights_path.filePath()}

    def set_state(self, values: dict) -> None:
        for combo, key in ((self.data_kind, "data_kind"), (self.preset, "preset"), (self.device, "device"),
                           (self.shift_tolerance, "shift_tolerance")):
            index = combo.findData(values.get(key))
            if index >= 0 and combo.model().item(index).isEnabled():  # no remembered CUDA without one
                combo.setCurrentIndex(index)
        self.finetune_fe.setChecked(bool(values.get("finetune_fe", False)))
        self.iterations.setValue(values["iterations"])
        self.seed.setValue(values["seed"])
        self.threshold.setValue(values["threshold"])
        self.threshold_auto.setChecked(values["threshold_auto"])
        self.threshold.setEnabled(not values["threshold_auto"])
        {"file": self.weights_file, "random": self.weights_random, "imagenet": self.weights_imagenet}.get(
            values["weights_choice"], self.weights_auto).setChecked(True)
        self.weights_path.setFilePath(values["weights_path"])
