"""The plugin's runs: one at a time, started from the dialog, finished into the project.

One run at a time on purpose: the deep method already uses every CPU core (or the GPU's
memory), so a second run would slow both down or run out of GPU memory; a second Run is
refused with the reason instead. Toolbox runs are independent of this."""
import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from qgis.core import QgsProject
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, pyqtSignal, pyqtSlot

from . import notify, weights_session
from ..core.change import KIND_UNSURE
from ..processing_provider.step_words import duration_text
from .i18n import tr
from .result_layers import add_results, zoom_to_layer
from .run_request import RunRequest
from .run_words import note_texts
from .save_results import remembered_folder, save_outputs, temporary_outputs
from .summary_text import summary_text
from .run_task import CANCELLED, FAILED, SUCCESS, ChangeDetectionRun, RunRefused

if TYPE_CHECKING:
    from qgis.gui import QgsMapCanvas, QgsMessageBar


def _summary(results: dict) -> str:
    text = summary_text(results)
    return " " + text if text else ""


class RunManager(QObject):
    runStarted = pyqtSignal()
    progressChanged = pyqtSignal(float)
    stageChanged = pyqtSignal(str)
    runFinished = pyqtSignal(str, str)  # outcome (SUCCESS/CANCELLED/FAILED), text for the dialog
    dataKindChosen = pyqtSignal(str)  # a run started from a message with another data kind: the dialog shows it

    def __init__(self, project: QgsProject, message_bar: "QgsMessageBar", canvas: Optional["QgsMapCanvas"] = None,
                 parent: Optional[QObject] = None):
        super().__init__(parent)
        self.project = project
        self.message_bar = message_bar
        self.canvas = canvas
        self.active: Optional[ChangeDetectionRun] = None
        self.last_layers: List[Any] = []  # layers added by the last successful run
        self._error_item: Optional[object] = None  # the last failure's message, withdrawn when a new run starts
        self.temporary: Dict[str, str] = {}  # the last run's outputs in temporary files: {output name: path}
        self.last_results: Dict[str, Any] = {}  # the last successful run's Processing outputs
        self._offers: List[Any] = []  # warnings with a button that calls back here ("Run again as SAR")

    @property
    def busy(self) -> bool:
        return self.active is not None

    def start(self, request: RunRequest) -> ChangeDetectionRun:
        if self.active is not None:
            raise RunRefused(tr("A Metric-CD run is already in progress ({t1} → {t2}); wait for it "
                                "to finish or cancel it.").format(t1=self.active.request.t1_name,
                                                                  t2=self.active.request.t2_name))
        run = ChangeDetectionRun(request, self.project)  # no Qt parent: lives while its task does
        run.start()  # raises RunRefused before anything is queued
        run.progressChanged.connect(self.progressChanged)
        run.stageChanged.connect(self.stageChanged)
        run.finished.connect(self._on_finished)
        self.active = run
        notify.withdraw(self.message_bar, self._error_item)  # out of date once the user tries again
        self._error_item = None
        notify.log(tr("Started: {t1} → {t2}").format(t1=request.t1_name, t2=request.t2_name))
        self.runStarted.emit()
        return run

    def cancel(self) -> None:
        if self.active is not None:
            self.active.cancel()

    def shutdown(self) -> None:
        """Plugin unload: cancel the running task and drop its outcome (nothing is added); take
        back the warnings whose buttons would start a run."""
        if self.active is not None:
            notify.log(tr("Plugin unloaded: the running change detection was cancelled."))
            self.active.detach()
            self.active = None
        for item in self._offers:  # their buttons would call a plugin that is gone
            notify.withdraw(self.message_bar, item)
        self._offers = []

    def _actions(self, run: ChangeDetectionRun, warning: str) -> List[notify.Action]:
        """An unsure data kind chosen by `auto`: a button that runs the same request with the
        other kind, into temporary files (the result on the map stays; nothing is overwritten)."""
        taken = getattr(warning, "params", {}).get("data_kind")  # the kind taken, not its words
        if getattr(warning, "code", None) != KIND_UNSURE or run.request.data_kind != "auto" or not taken:
            return []
        other = "sar" if taken == "optical" else "optical"
        label = tr("Run again as SAR") if other == "sar" else tr("Run again as optical")
        tip = tr("Run the same change detection with Data kind {kind}, into temporary files; this result stays "
                 "on the map.").format(kind=tr("SAR") if other == "sar" else tr("Optical"))
        return [(label, tip, lambda: self.run_again(run.request, other))]

    def run_again(self, request: RunRequest, data_kind: str) -> None:
        again = replace(request, data_kind=data_kind, output="", mask=None if request.mask is None else "",
                        polygons=None if request.polygons is None else "")
        try:
            self.start(again)
        except RunRefused as exc:
            notify.push_error(self.message_bar, str(exc))
            return
        self.dataKindChosen.emit(data_kind)

    @pyqtSlot(str)
    def _on_finished(self, outcome: str) -> None:
        run, self.active = self.active, None
        if run is None:
            return
        for info in run.feedback.infos:  # threshold used, how much changed, device, timings
            notify.log(info)
        self.last_results = dict(run.results) if outcome == SUCCESS else {}
        if outcome == SUCCESS:
            self._remember_notes(run)
            # warnings first: the result, pushed last, is the message the bar shows
            for warning in run.feedback.warnings:  # e.g. no network: random weights were used; unsure data kind
                if getattr(warning, "code", None) != "weights_random":  # chosen random weights: log only
                    actions = self._actions(run, warning)
                    item = notify.push_warning(self.message_bar, *note_texts(warning), actions=actions)
                    if actions and item is not None:
                        self._offers.append(item)
            outcome, text = self._add_to_project(run)
        elif outcome == CANCELLED:
            text = tr("Change detection cancelled; nothing was written.")
            notify.push_info(self.message_bar, text)
        else:
            text, self._error_item = notify.push_error(self.message_bar, run.error_text)
        self.runFinished.emit(outcome, text)

    @staticmethod
    def _remember_notes(run: ChangeDetectionRun) -> None:
        """A failed weights download is remembered for the session (gui/weights_session.py)."""
        for warning in run.feedback.warnings:
            if getattr(warning, "code", None) == "weights_fallback":
                weights_session.remember_failure(getattr(warning, "params", {}).get("reason", ""))

    def _add_to_project(self, run: ChangeDetectionRun) -> Tuple[str, str]:
        """(outcome, text): SUCCESS, or FAILED when an output cannot be opened as a layer."""
        request, took = run.request, duration_text(run.elapsed)
        self.last_layers = []
        if not request.add_to_map:
            text = tr("Change detection finished in {time}; the change probability is in {path}.").format(
                time=took, path=run.results.get("OUTPUT", "")) + _summary(run.results)
            notify.push_success(self.message_bar, text, None)
            return SUCCESS, text
        try:
            self.last_layers = add_results(self.project, run.results, request.group_name)
        except OSError as exc:
            text, self._error_item = notify.push_error(self.message_bar, str(exc))
            return FAILED, text
        layer_id = self.last_layers[0].id()
        text = tr("Change detection finished in {time}: {count} layer(s) added to '{group}'.").format(
            time=took, count=len(self.last_layers), group=request.group_name) + _summary(run.results)
        self.temporary, notice = temporary_outputs(run.results), ""
        if self.temporary:  # pushed first: the success message stays the bar's current one
            notice = tr("Files left empty in Outputs are temporary: QGIS deletes them when it closes; "
                        "Save… keeps them.")
            notify.push_temporary(self.message_bar, notice, self.ask_where_to_save)
        notify.push_success(self.message_bar, text, lambda: zoom_to_layer(self.canvas, self.project, layer_id))
        return SUCCESS, f"{text} {notice}".strip()

    def replace_outputs(self, results: dict, layers: list) -> None:
        """The threshold panel's Apply put a new mask (and polygons) on the map in place of the
        run's: Save… keeps those, the layers on the map."""
        self.last_layers = [layer for layer in self.last_layers
                            if not sip.isdeleted(layer) and self.project.mapLayer(layer.id()) is not None]
        self.last_layers += layers
        for name in ("OUTPUT_MASK", "OUTPUT_POLYGONS"):
            self.temporary.pop(name, None)
        self.temporary.update(temporary_outputs(results))

    def ask_where_to_save(self) -> None:
        from qgis.PyQt.QtWidgets import QFileDialog
        folder = QFileDialog.getExistingDirectory(None, tr("Save the change detection files in"),
                                                  remembered_folder())
        if folder:
            self.save_temporary(folder)

    def save_temporary(self, folder: str) -> dict:
        """Copy the last run's temporary outputs into folder; the layers then read the copies."""
        try:
            layers = [layer for layer in self.last_layers if not sip.isdeleted(layer)]  # the user may remove some
            saved = save_outputs(self.temporary, folder, layers)
        except OSError as exc:
            notify.push_error(self.message_bar, tr("Saving the files in {folder} failed ({error}).").format(
                folder=folder, error=exc))
            return {}
        self.temporary = {}
        notify.push_info(self.message_bar, tr("Saved in {folder}: {files}.").format(
            folder=folder, files=", ".join(os.path.basename(p) for p in saved.values())))
        return saved
