"""The labelling panel: walks the sample points one by one, shows the two dates side by side
at the point with the sampled pixel outlined, and writes the analyst's answer (change, no
change, unsure) into the point's `reference` field. Keys: C or 1 change, N or 2 no change,
U or 3 unsure, Left / Right previous / next point. It opens on the first point not labelled
yet, so that a closed panel resumes where the analyst stopped. Any layers the analyst has
added (rasters, web maps...) can be the two backdrops; the map's own answer (the stratum)
is not shown, so that it does not lead the interpreter."""
from typing import Dict, List, Optional

from qgis.core import QgsCoordinateTransform, QgsProject, QgsRectangle
from qgis.gui import QgsMapCanvas, QgsMapLayerComboBox, QgsRubberBand
from qgis.PyQt.QtCore import QEvent, QObject, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (QDockWidget, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                                 QVBoxLayout, QWidget)

from ..core.accuracy.sample_points import CHANGE, NO_CHANGE, UNSURE
from ..qgis_enums import GEOMETRY_POLYGON, LAYER_FILTER_POINT
from . import labelling_points as lp
from .i18n import tr

KEYS = {Qt.Key.Key_C: CHANGE, Qt.Key.Key_1: CHANGE, Qt.Key.Key_N: NO_CHANGE, Qt.Key.Key_2: NO_CHANGE,
        Qt.Key.Key_U: UNSURE, Qt.Key.Key_3: UNSURE}
CONTEXT_PIXELS = 30  # the view spans this many sampled pixels by default


class _Keys(QObject):
    """Label and move keys wherever the focus is inside the panel (canvases included)."""

    def __init__(self, dock: "LabellingDock") -> None:
        super().__init__(dock)
        self.dock = dock

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            return self.dock.handle_key(event.key())
        return False


class LabellingDock(QDockWidget):
    labelled = pyqtSignal(int, str)  # point id, label

    def __init__(self, project: Optional[QgsProject] = None, parent: Optional[QWidget] = None) -> None:
        super().__init__(tr("Metric-CD: label sample points"), parent)
        self.setObjectName("metricCDLabellingDock")
        self.project = project or QgsProject.instance()
        self.points: List[lp.Point] = []
        self.index = 0
        body = QWidget()
        layout = QVBoxLayout(body)
        grid = QGridLayout()
        self.points_combo, self.t1_combo, self.t2_combo = QgsMapLayerComboBox(), QgsMapLayerComboBox(), \
            QgsMapLayerComboBox()
        self.points_combo.setFilters(LAYER_FILTER_POINT)
        for row, (text, combo) in enumerate(((tr("Sample points"), self.points_combo), (tr("T1 (earlier)"),
                                             self.t1_combo), (tr("T2 (later)"), self.t2_combo))):
            grid.addWidget(QLabel(text), row, 0)
            grid.addWidget(combo, row, 1)
        self.context = QSpinBox()
        self.context.setRange(3, 500)
        self.context.setValue(CONTEXT_PIXELS)
        self.context.setSuffix(tr(" px across"))
        grid.addWidget(QLabel(tr("View")), 3, 0)
        grid.addWidget(self.context, 3, 1)
        layout.addLayout(grid)
        views = QHBoxLayout()
        self.canvases, self.bands, self.titles = [], [], []
        for _ in range(2):
            column = QVBoxLayout()
            title = QLabel()
            canvas = QgsMapCanvas()
            canvas.setMinimumSize(220, 220)
            canvas.setCanvasColor(QColor("white"))
            band = QgsRubberBand(canvas, GEOMETRY_POLYGON)
            band.setStrokeColor(QColor(255, 0, 255))
            band.setFillColor(QColor(0, 0, 0, 0))
            band.setWidth(2)
            column.addWidget(title)
            column.addWidget(canvas, 1)
            views.addLayout(column)
            self.canvases.append(canvas)
            self.bands.append(band)
            self.titles.append(title)
        layout.addLayout(views, 1)
        self.progress = QLabel()
        self.position = QLabel()
        layout.addWidget(self.position)
        layout.addWidget(self.progress)
        buttons = QHBoxLayout()
        self.previous_button = QPushButton(tr("◀ Previous"))
        self.change_button = QPushButton(tr("Change (C)"))
        self.no_change_button = QPushButton(tr("No change (N)"))
        self.unsure_button = QPushButton(tr("Unsure (U)"))
        self.next_button = QPushButton(tr("Next ▶"))
        for button in (self.previous_button, self.change_button, self.no_change_button, self.unsure_button,
                       self.next_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.previous_button.clicked.connect(lambda: self.go(self.index - 1))
        self.next_button.clicked.connect(lambda: self.go(self.index + 1))
        self.change_button.clicked.connect(lambda: self.label(CHANGE))
        self.no_change_button.clicked.connect(lambda: self.label(NO_CHANGE))
        self.unsure_button.clicked.connect(lambda: self.label(UNSURE))
        self.points_combo.layerChanged.connect(self.load_points)
        self.t1_combo.layerChanged.connect(self.show_point)
        self.t2_combo.layerChanged.connect(self.show_point)
        self.context.valueChanged.connect(self.show_point)
        self._keys = _Keys(self)
        for widget in [self, body] + self.canvases + [c.viewport() for c in self.canvases]:
            widget.installEventFilter(self._keys)
        body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.load_points()

    # the points
    def load_points(self, *_: object) -> None:
        layer = self.points_combo.currentLayer()
        problem = lp.usable(layer)
        self.points = [] if problem else lp.read_points(layer)
        self.index = lp.first_unlabelled(self.points) if self.points else 0
        for combo in (self.t1_combo, self.t2_combo):
            combo.setExceptedLayerList([layer] if layer is not None else [])
        self.position.setText(problem or "")
        self.show_point()

    def current(self) -> Optional[lp.Point]:
        return self.points[self.index] if 0 <= self.index < len(self.points) else None

    def labelled_count(self) -> int:
        return sum(p.label is not None for p in self.points)

    def go(self, index: int) -> None:
        if self.points:
            self.index = max(0, min(index, len(self.points) - 1))
        self.show_point()

    def label(self, value: str) -> bool:
        point = self.current()
        if point is None or not lp.write_label(self.points_combo.currentLayer(), point, value):
            return False
        self.labelled.emit(point.point_id, value)
        self.index = lp.first_unlabelled(self.points, self.index + 1)
        self.show_point()
        return True

    def handle_key(self, key: int) -> bool:
        if key in KEYS:
            self.label(KEYS[key])
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Space):
            self.go(self.index + 1)
        elif key == Qt.Key.Key_Left:
            self.go(self.index - 1)
        else:
            return False
        return True

    # the views
    def show_point(self, *_: object) -> None:
        point = self.current()
        done, total = self.labelled_count(), len(self.points)
        self.progress.setText(tr("{0} of {1} labelled").format(done, total) if total else "")
        for button in (self.change_button, self.no_change_button, self.unsure_button):
            button.setEnabled(point is not None)
        if point is None:
            for band in self.bands:
                band.reset(GEOMETRY_POLYGON)
            return
        answers: Dict[Optional[str], str] = {CHANGE: tr("change"), NO_CHANGE: tr("no change"), UNSURE: tr("unsure")}
        answer = answers.get(point.label, "–")
        self.position.setText(tr("Point {0} ({1} of {2}): {3}").format(point.point_id, self.index + 1, total, answer))
        points_layer = self.points_combo.currentLayer()
        for canvas, band, title, combo in zip(self.canvases, self.bands, self.titles, (self.t1_combo, self.t2_combo)):
            backdrop = combo.currentLayer()
            title.setText(backdrop.name() if backdrop is not None else tr("(choose a layer)"))
            canvas.setLayers([backdrop] if backdrop is not None else [])
            crs = backdrop.crs() if backdrop is not None else points_layer.crs()
            canvas.setDestinationCrs(crs)
            to_canvas = QgsCoordinateTransform(points_layer.crs(), crs, self.project)
            half = (max(point.width, point.height) or 1.0) * self.context.value() / 2
            canvas.setExtent(to_canvas.transformBoundingBox(QgsRectangle(point.x - half, point.y - half,
                                                                         point.x + half, point.y + half)))
            band.setToGeometry(point.pixel(), points_layer)
            canvas.refresh()
