"""The Metric-CD dialog: two dates side by side, outputs, settings and a help panel; Run
starts a background task through the RunManager, whose progress the dialog shows.
Closing the dialog only hides it: a running task goes on and still delivers its layers."""
from typing import TYPE_CHECKING, Optional

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtGui import QCloseEvent, QIcon, QShowEvent
from qgis.PyQt.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QProgressBar,
                                 QPushButton, QScrollArea, QSplitter, QTextBrowser, QVBoxLayout,
                                 QWidget)

from ..resource_paths import icon_path
from . import settings_store
from .area_offer import AreaEstimateOffer
from .date_panel import DatePanel
from . import weights_session
from .dialog_state import RETRY_LINK, build_request, checks_html, evaluate, line_html
from .dialog_help import help_html
from .i18n import tr
from .input_checks import CheckResult
from .outputs_panel import OutputsPanel
from .run_request import ALGORITHM_ID, RunRequest
from .run_task import CANCELLED, SUCCESS, RunRefused
from .settings_panel import SettingsPanel
from .threshold_panel import ThresholdPanel
from .torch_probe import TorchStatus, torch_status

if TYPE_CHECKING:
    from qgis.core import QgsProcessingAlgorithm
    from qgis.gui import QgsMapCanvas

    from .layer_order import LayerAddOrder
    from .run_manager import RunManager

GEOMETRY_KEY = "metric_cd/dialog_geometry"
HELP_WIDTH = 360
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1100, 720
NESTING_MARGINS = 70  # the extent box sits in the advanced box, in the settings box, in the form
SCROLLBAR_ROOM = 20


class MetricCDDialog(QDialog):
    def __init__(self, manager: "RunManager", layer_order: "LayerAddOrder", canvas: Optional["QgsMapCanvas"] = None,
                 torch: Optional[TorchStatus] = None, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.manager, self.layer_order, self.canvas = manager, layer_order, canvas
        self.torch = torch if torch is not None else torch_status()
        self.checks = CheckResult()
        self.setWindowTitle(tr("Metric-CD change detection"))
        self.setWindowIcon(QIcon(icon_path()))
        algorithm = QgsApplication.processingRegistry().algorithmById(ALGORITHM_ID)
        self._build(algorithm)
        remembered = settings_store.load()
        self.settings_panel.set_state(remembered)
        self.outputs.set_state(remembered)
        self.help_button.setChecked(remembered["help_visible"])
        self.help.setVisible(remembered["help_visible"])
        self._preselected_for: frozenset = frozenset()
        self.preselect_latest()
        self._connect()
        self._sync_run_state()
        self.refresh_checks()
        self.resize(DEFAULT_WIDTH, DEFAULT_HEIGHT)
        geometry = QgsSettings().value(GEOMETRY_KEY)
        self._size_on_show = not geometry  # the user's own size wins
        if geometry:
            self.restoreGeometry(geometry)

    # ---- construction -------------------------------------------------------------------
    def _build(self, algorithm: "QgsProcessingAlgorithm") -> None:
        self.t1 = DatePanel("T1", tr("T1: earlier date"), tr("The raster of the earlier date; the "
                                                             "result is on its pixel grid."))
        self.t2 = DatePanel("T2", tr("T2: later date"), tr("The raster of the later date."))
        dates = QHBoxLayout()
        dates.addWidget(self.t1)
        dates.addWidget(self.t2)
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.check_label.setToolTip(tr("What Run will do with these layers, or why it cannot run."))
        self.outputs = OutputsPanel()
        self.settings_panel = SettingsPanel(algorithm, self.torch, self.canvas)
        self.threshold_panel = ThresholdPanel(self.manager.project, self.manager.message_bar)
        self.threshold_panel.applied.connect(self.manager.replace_outputs)
        form = QWidget()
        column = QVBoxLayout(form)
        column.addLayout(dates)
        column.addWidget(self.check_label)
        column.addWidget(self.outputs)
        column.addWidget(self.settings_panel)
        column.addWidget(self.threshold_panel)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the form narrows instead
        scroll.setWidget(form)
        self.scroll = scroll
        scroll.setMinimumWidth(form.minimumSizeHint().width() + SCROLLBAR_ROOM)
        self.form = form
        self.help = QTextBrowser()
        self.help.document().setDefaultStyleSheet("h2 { font-size: large; } h3 { font-size: medium; }")
        self.help.setHtml(help_html())
        self.help.setOpenExternalLinks(True)
        self.help.setToolTip(tr("How the method works and what each setting does."))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.help)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setToolTip(tr("Progress of the running change detection."))
        self.status = QLabel(tr("Ready."))
        self.status.setWordWrap(True)
        self.status.setToolTip(tr("The current stage, or how the last run ended."))
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def _default_size(self) -> None:
        """Wide enough for the extent box's row of buttons (the widest part, hidden in the
        collapsed advanced box when the form's size hint is taken, and complete only once a
        layer and the canvas are set, so measured once shown); tall enough for the form with
        that box collapsed."""
        form_width = max(self.form.sizeHint().width(),
                         self.settings_panel.extent.sizeHint().width() + NESTING_MARGINS) + SCROLLBAR_ROOM
        screen = self.screen().availableGeometry() if self.screen() else None
        width = form_width + HELP_WIDTH + 40
        height = DEFAULT_HEIGHT
        if screen is not None:
            width, height = min(width, int(screen.width() * 0.95)), min(height, int(screen.height() * 0.9))
        self.resize(width, height)
        self.splitter.setSizes([form_width, HELP_WIDTH])  # after resize(), which rescales them

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox()
        self.help_button = self.buttons.addButton(tr("Help"), QDialogButtonBox.ButtonRole.HelpRole)
        self.help_button.setCheckable(True)
        self.help_button.setToolTip(tr("Show or hide the help panel."))
        self.run_button = QPushButton(tr("Run"))
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Stop the running change detection; nothing is written."))
        self.close_button = QPushButton(tr("Close"))
        self.close_button.setToolTip(tr("Close this window; a running change detection goes on."))
        for button in (self.run_button, self.cancel_button, self.close_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.help_button.toggled.connect(self.help.setVisible)

    def _connect(self) -> None:
        for panel in (self.t1, self.t2):
            panel.changed.connect(self.refresh_checks)
        # bound methods, not lambdas: PyQt drops them with the dialog, a lambda would outlive it
        self.t1.changed.connect(self._on_t1_changed)
        extent = self.settings_panel.extent
        extent.extentChanged.connect(self._on_input_changed)
        extent.toggled.connect(self._on_input_changed)
        for widget in (self.outputs.probability, self.outputs.mask, self.outputs.polygons,
                       self.settings_panel.weights_path):
            widget.fileChanged.connect(self._on_input_changed)
        panel = self.settings_panel  # every weights choice: the download notice follows it
        for check in (self.outputs.mask_check, self.outputs.polygons_check, panel.weights_file,
                      panel.weights_auto, panel.weights_imagenet, panel.weights_random):
            check.toggled.connect(self._on_input_changed)
        self.check_label.linkActivated.connect(self._on_check_link)
        self.run_button.clicked.connect(self.start_run)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.close_button.clicked.connect(self.close)
        self.manager.runStarted.connect(self._on_started)
        self.manager.progressChanged.connect(self._on_progress)
        self.manager.stageChanged.connect(self.status.setText)
        self.manager.runFinished.connect(self._on_finished)
        self.manager.dataKindChosen.connect(self._show_data_kind)  # "Run again as SAR" from the message bar
        self.area_offer = AreaEstimateOffer(self.manager, self)  # under the change summary, after a run
        self.layout().insertWidget(self.layout().indexOf(self.status) + 1, self.area_offer)

    def _on_t1_changed(self) -> None:
        self.settings_panel.set_extent_layer(self.t1.layer(), self.canvas)

    def _on_input_changed(self, *_args: object) -> None:
        self.refresh_checks()

    def _on_check_link(self, link: str) -> None:
        if link == RETRY_LINK:  # the next run tries the weights download again
            weights_session.forget()
            self.refresh_checks()

    # ---- choices ------------------------------------------------------------------------
    def preselect_latest(self) -> None:
        """T1, T2 = the two rasters added last (the older one as T1)."""
        older, newer = self.layer_order.latest_pair()
        self._preselected_for = self._raster_ids()
        self.t1.set_layer(older)
        self.t2.set_layer(newer)
        self.settings_panel.set_extent_layer(self.t1.layer(), self.canvas)

    def _raster_ids(self) -> frozenset:
        return frozenset(layer.id() for layer in self.layer_order.raster_layers())

    def reopen(self) -> None:
        """Shown again from the menu: pre-select anew if rasters were added or removed since."""
        if not self.manager.busy and self._raster_ids() != self._preselected_for:
            self.preselect_latest()
        self.refresh_checks()

    def refresh_checks(self) -> None:
        self.checks = evaluate(self.t1, self.t2, self.outputs, self.settings_panel, self.torch,
                               self.manager.project.transformContext())
        self.check_label.setText(checks_html(self.checks))
        self._sync_run_state()

    def collect_request(self) -> RunRequest:
        return build_request(self.t1, self.t2, self.outputs, self.settings_panel)

    def remember_settings(self) -> None:
        settings_store.save({**self.settings_panel.state(), **self.outputs.state(),
                             "help_visible": self.help_button.isChecked()})

    # ---- running ------------------------------------------------------------------------
    def start_run(self) -> bool:
        if not self.checks.can_run or self.manager.busy:
            return False
        self.remember_settings()
        try:
            self.manager.start(self.collect_request())
        except RunRefused as exc:
            self._show_status("error", str(exc))
            return False
        return True

    def cancel_run(self) -> None:
        self.manager.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(tr("Cancelling…"))

    def _on_progress(self, value: float) -> None:
        self.progress.setValue(int(value))

    def _show_data_kind(self, kind: str) -> None:
        """The data kind a run started from the message bar used: the next Run uses it too."""
        combo = self.settings_panel.data_kind
        combo.setCurrentIndex(max(combo.findData(kind), 0))

    def _on_started(self) -> None:
        self.progress.setValue(0)
        self.status.setText(tr("Starting…"))
        self._sync_run_state()

    def _on_finished(self, outcome: str, text: str) -> None:
        self.progress.setValue(100 if outcome == SUCCESS else 0)
        if outcome == SUCCESS:
            self.threshold_panel.show_run(self.manager.last_layers)
        self._show_status({SUCCESS: "ok", CANCELLED: "warning"}.get(outcome, "error"), text)
        self.refresh_checks()  # what the run taught (a failed download) changes what the next one will do

    def _show_status(self, kind: str, text: str) -> None:
        self.status.setText(line_html(kind, text))

    def _sync_run_state(self) -> None:
        busy = self.manager.busy
        self.progress.setTextVisible(busy or self.progress.value() > 0)  # no "0%" when idle
        self.run_button.setEnabled(self.checks.can_run and not busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.run_button.setToolTip(tr("A run is in progress; wait for it to finish or cancel it."))
        elif self.checks.errors:
            self.run_button.setToolTip(self.checks.errors[0])
        else:
            self.run_button.setToolTip(tr("Start the change detection in the background."))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._size_on_show:
            self._size_on_show = False
            QTimer.singleShot(0, self._default_size)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.remember_settings()
        QgsSettings().setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)
