"""After a dialog run: the histogram of the change probability with the automatic threshold
marked, a slider and spin box that preview the mask at another threshold on the map at once
(a renderer change on the probability layer, nothing written), and Apply, which writes the
new mask (and polygons) with metriccd:threshold in the task manager, as the toolbox would."""
import os
import re
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
import numpy.typing as npt
from qgis.core import (Qgis, QgsApplication, QgsMapLayer, QgsProcessingAlgRunnerTask, QgsProcessingContext,
                       QgsProject, QgsRasterLayer, QgsVectorLayer)
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QPointF, QRectF, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from qgis.PyQt.QtWidgets import (QCheckBox, QDoubleSpinBox, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                                 QSlider, QVBoxLayout, QWidget)

from .. import styling
from ..core.errors import MetricCDError
from ..core.raster.metadata import read_run_metadata
from ..core.raster.rethreshold import automatic_threshold, quick_histogram
from . import notify
from .i18n import tr
from .run_feedback import RunFeedback
from .run_words import number, origin_text

ALGORITHM_ID = "metriccd:threshold"
STEPS = 1000  # slider resolution: 0.001
# what _target() appends to a file's stem: "_t0_600", "_t0_600_2"; removed before a new one is appended
THRESHOLD_SUFFIX = re.compile(r"_t[01]_\d{3}(_\d+)?$")
Kept = Tuple[QgsProcessingAlgRunnerTask, QgsProcessingContext, RunFeedback]
_LIVE_TASKS: List[Kept] = []  # a task's context and feedback must outlive it (see run_task.py)


class HistogramView(QWidget):
    """Bars of the probability histogram (square-root heights, so the rare change side
    shows beside the mass of unchanged pixels), the automatic threshold dashed and the
    chosen one solid; a click picks a threshold."""
    picked = pyqtSignal(float)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.counts: np.ndarray = np.zeros(0)
        self.auto: Optional[float] = None
        self.value: Optional[float] = None
        self.setMinimumHeight(90)
        self.setToolTip(tr("Histogram of the change probability (bar height: square root of the pixel "
                           "count). Dashed: the automatic threshold; solid: the one previewed. Click to "
                           "choose a threshold."))

    def set_data(self, counts: npt.ArrayLike, auto: Optional[float]) -> None:
        self.counts, self.auto = np.asarray(counts, float), auto
        self.update()

    def set_value(self, value: Optional[float]) -> None:
        self.value = value
        self.update()

    def _x(self, value: float) -> float:
        return 4 + value * (self.width() - 8)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.picked.emit(min(max((event.pos().x() - 4) / max(self.width() - 8, 1), 0.0), 1.0))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        height = self.height() - 16
        if self.counts.size and self.counts.max() > 0:
            heights = np.sqrt(self.counts) / np.sqrt(self.counts.max()) * (height - 4)
            width = (self.width() - 8) / len(self.counts)
            for i, h in enumerate(heights):
                if h > 0:
                    above = self.value is not None and (i + 0.5) / len(heights) > self.value
                    colour = styling.CHANGE_COLOUR if above else QColor(120, 120, 120)
                    painter.fillRect(QRectF(4 + i * width, height - h, max(width, 1.0), h), colour)
        for value, style, text in ((self.auto, Qt.PenStyle.DashLine, tr("auto")),
                                   (self.value, Qt.PenStyle.SolidLine, None)):
            if value is None:
                continue
            painter.setPen(QPen(QColor(0, 0, 0), 1.5, style))
            painter.drawLine(QPointF(self._x(value), 0), QPointF(self._x(value), height))
            if text:
                painter.drawText(QPointF(self._x(value) + 3, 12), f"{text} {number(value, 3)}")
        painter.setPen(self.palette().text().color())
        painter.drawText(QPointF(4, self.height() - 2), "0")
        painter.drawText(QPointF(self.width() - 12, self.height() - 2), "1")
        painter.end()


class ThresholdPanel(QGroupBox):
    """Disabled until a run's layers are on the map; show_run() fills it."""
    applied = pyqtSignal(dict, list)  # Apply's results, the layers it added

    def __init__(self, project: QgsProject, message_bar: QgsMessageBar, parent: Optional[QWidget] = None) -> None:
        super().__init__(tr("Threshold after the run"), parent)
        self.project, self.message_bar = project, message_bar
        self._ids: Dict[str, str] = {}  # kind -> layer id: layers are looked up, since the user may remove them
        self.applied_value: Optional[float] = None
        self.auto_value: Optional[float] = None
        self.task: Optional[QgsProcessingAlgRunnerTask] = None
        self._build()
        self.clear()

    def _build(self) -> None:
        self.histogram = HistogramView()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, STEPS)
        self.slider.setToolTip(tr("Preview the change mask at this threshold on the map (nothing is "
                                  "written until Apply)."))
        self.spin = QDoubleSpinBox()
        self.spin.setRange(0.0, 1.0)
        self.spin.setDecimals(3)
        self.spin.setSingleStep(0.01)
        self.spin.setToolTip(self.slider.toolTip())
        self.auto_button = QPushButton(tr("Automatic"))
        self.auto_button.setToolTip(tr("Back to the run's automatic threshold."))
        self.smooth = QCheckBox(tr("Smooth polygon outlines"))
        self.smooth.setToolTip(tr("Round the pixel staircase of the polygons with QGIS's Smooth "
                                  "(only when the run wrote polygons)."))
        self.apply_button = QPushButton(tr("Apply"))
        self.apply_button.setToolTip(tr("Write the change mask (and polygons) at this threshold, beside "
                                        "the run's outputs, and put them on the map in place of the old ones."))
        self.info = QLabel()
        self.info.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        row.addWidget(self.auto_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.smooth)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.histogram)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.info)
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)
        self.histogram.picked.connect(self.set_value)
        self.auto_button.clicked.connect(self._to_auto)
        self.apply_button.clicked.connect(self.apply)

    # ---- state ----------------------------------------------------------------------------
    def _layer(self, kind: str) -> Optional[QgsMapLayer]:
        layer_id = self._ids.get(kind)
        return self.project.mapLayer(layer_id) if layer_id else None

    probability = property(lambda self: self._layer("probability"))
    mask = property(lambda self: self._layer("mask"))
    polygons = property(lambda self: self._layer("polygons"))

    def _remember(self, layers: Iterable[QgsMapLayer]) -> None:
        for layer in layers:
            if isinstance(layer, QgsVectorLayer):
                self._ids["polygons"] = layer.id()
            elif isinstance(layer, QgsRasterLayer) and layer.dataProvider().dataType(1) == Qgis.DataType.Byte:
                self._ids["mask"] = layer.id()
            elif isinstance(layer, QgsRasterLayer) and "probability" not in self._ids:
                self._ids["probability"] = layer.id()

    def clear(self) -> None:
        self._ids = {}
        self.histogram.set_data([], None)
        self.histogram.set_value(None)
        self.setEnabled(False)
        self.info.setText(tr("After a run whose results are added to the map: look at the histogram, "
                             "preview another threshold, then Apply."))

    def show_run(self, layers: Sequence[QgsMapLayer]) -> None:
        """The layers a run added (probability first); the panel previews on them."""
        self.clear()
        self._remember(layers)
        if self.probability is None:
            return
        path = self.probability.source()
        try:
            counts, edges = quick_histogram(path)
            meta = read_run_metadata(path)
            self.auto_value, origin = automatic_threshold(meta, lambda: (counts, edges))
        except MetricCDError as exc:
            self.info.setText(str(exc))
            return
        self.applied_value = float(meta.get("threshold", self.auto_value))
        self.histogram.set_data(counts, self.auto_value)
        self.setEnabled(True)
        self.set_value(self.applied_value)
        text = tr("Automatic threshold {value} ({origin}).")
        self.info.setText(text.format(value=number(self.auto_value, 3), origin=origin_text(origin)))

    def value(self) -> float:
        return self.spin.value()

    def set_value(self, value: float) -> None:
        self.spin.setValue(round(float(value), 3))  # -> _on_spin -> slider and preview

    def _to_auto(self) -> None:
        if self.auto_value is not None:
            self.set_value(self.auto_value)

    def _on_slider(self, step: int) -> None:
        if abs(self.spin.value() * STEPS - step) >= 0.5:
            self.spin.setValue(step / STEPS)

    def _on_spin(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(value * STEPS)))
        self.slider.blockSignals(False)
        self.histogram.set_value(value)
        self.preview(value)

    # ---- preview -----------------------------------------------------------------------------
    @staticmethod
    def _alive(layer: Optional[QgsMapLayer]) -> bool:
        return layer is not None

    def previewing(self) -> bool:
        return self.applied_value is not None and abs(self.value() - self.applied_value) > 5e-4

    def preview(self, value: float) -> None:
        """Renderer only: the probability drawn as the mask at `value`; the mask and polygons
        written at the old threshold are hidden meanwhile."""
        if not self._alive(self.probability):
            return
        if self.previewing():
            styling.style_mask_preview(self.probability, value)
        else:
            styling.style_probability(self.probability, self.applied_value)
        root = self.project.layerTreeRoot()
        for layer in (self.mask, self.polygons):
            node = root.findLayer(layer.id()) if self._alive(layer) else None
            if node is not None:
                node.setItemVisibilityChecked(not self.previewing())

    # ---- apply -------------------------------------------------------------------------------
    def _target(self, beside: str, stem: str, extension: str) -> str:
        """In the folder of `beside`, named after the threshold (in place of an earlier Apply's),
        never over an existing file."""
        value = f"{self.value():.3f}".replace(".", "_")
        folder = os.path.dirname(beside.split("|")[0])
        stem = THRESHOLD_SUFFIX.sub("", stem)
        path, number = os.path.join(folder, f"{stem}_t{value}{extension}"), 2
        while os.path.exists(path):
            path, number = os.path.join(folder, f"{stem}_t{value}_{number}{extension}"), number + 1
        return path

    def parameters(self) -> Dict[str, Any]:
        def stem(path: str) -> str:
            return os.path.splitext(os.path.basename(path.split("|")[0]))[0]
        prob, mask, polygons = self.probability.source(), self.mask, self.polygons
        mask_path = mask.source() if mask is not None else prob
        parameters = {"INPUT": prob, "THRESHOLD": repr(round(self.value(), 3)),
                      "OUTPUT_MASK": self._target(mask_path, stem(mask_path) if mask else stem(prob) + "_mask", ".tif"),
                      "SMOOTH": self.smooth.isChecked()}
        if polygons is not None:
            parameters["OUTPUT_POLYGONS"] = self._target(polygons.source(), stem(polygons.source()), ".gpkg")
        return parameters

    def apply(self) -> bool:
        """Start metriccd:threshold in the task manager; the layers replace the old ones when done."""
        if self.task is not None or not self._alive(self.probability):
            return False
        algorithm = QgsApplication.processingRegistry().algorithmById(ALGORITHM_ID)
        if algorithm is None:  # the provider was removed (plugin disabled)
            return False
        context, feedback = QgsProcessingContext(), RunFeedback()
        context.setProject(self.project)
        parameters = self.parameters()
        task = QgsProcessingAlgRunnerTask(algorithm, parameters, context, feedback)
        task.setDescription(tr("Metric-CD: change mask at threshold {value}").format(value=number(self.value(), 3)))
        keep = (task, context, feedback)
        _LIVE_TASKS.append(keep)
        task.executed.connect(lambda ok, results: self._on_applied(ok, results, keep))
        self.task = task
        self.apply_button.setEnabled(False)
        self.info.setText(tr("Writing the change mask at {value}…").format(value=number(self.value(), 3)))
        QgsApplication.taskManager().addTask(task)
        return True

    def _on_applied(self, ok: bool, results: Dict[str, Any], keep: Kept) -> None:
        _LIVE_TASKS.remove(keep)
        self.task = None
        self.apply_button.setEnabled(True)
        feedback = keep[2]
        if not ok:
            self.info.setText(notify.push_error(self.message_bar, "\n".join(feedback.errors))[0])
            return
        if not self._alive(self.probability):
            return  # the run's layers were removed meanwhile: the files are written, nothing to replace
        added = self._replace_layers(dict(results))
        self.applied_value = float(results["THRESHOLD_USED"])
        self.preview(self.value())
        text = tr("Change mask written at threshold {value}: {path}").format(
            value=number(self.applied_value, 3), path=results["OUTPUT_MASK"])
        self.info.setText(text)
        notify.push_info(self.message_bar, text)
        self.applied.emit(dict(results), added)

    def _replace_layers(self, results: Dict[str, Any]) -> List[QgsMapLayer]:
        from .result_layers import load_outputs
        node = self.project.layerTreeRoot().findLayer(self.probability.id())
        group = node.parent() if node is not None else self.project.layerTreeRoot()
        old = [layer for layer in (self.mask, self.polygons) if self._alive(layer)]
        outputs = {k: v for k, v in results.items() if k in ("OUTPUT_MASK", "OUTPUT_POLYGONS")}
        layers = load_outputs(self.project, group, outputs)
        for layer in old:
            self.project.removeMapLayer(layer.id())
        self._ids.pop("mask", None)
        self._ids.pop("polygons", None)
        self._remember(layers)
        return layers
