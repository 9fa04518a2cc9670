"""Under the dialog's change summary, after a run with a change mask: "Estimate the real
change area…". A mapped area carries the map's omission and commission errors; the button
opens Processing's sampling design on the run's mask and probability, the first step of the
good-practice estimate (sample, label in the labelling panel, estimate)."""
from typing import TYPE_CHECKING, Any, Dict, Optional

from qgis.PyQt.QtWidgets import QDialog, QPushButton, QWidget

from .i18n import tr
from .run_task import SUCCESS

if TYPE_CHECKING:
    from .run_manager import RunManager

SAMPLING_ID = "metriccd:samplingdesign"


def sampling_parameters(results: Dict[str, Any]) -> Dict[str, Any]:
    """The sampling design's inputs from a run's outputs; {} when it wrote no mask."""
    if not results.get("OUTPUT_MASK"):
        return {}
    params = {"INPUT": results["OUTPUT_MASK"]}
    if results.get("OUTPUT"):
        params["PROBABILITY"] = results["OUTPUT"]
    return params


class AreaEstimateOffer(QPushButton):
    def __init__(self, manager: "RunManager", parent: Optional[QWidget] = None) -> None:
        super().__init__(tr("Estimate the real change area…"), parent)
        self.setToolTip(tr("The mapped area carries the map's errors. Draw sample points from this change mask, "
                           "label them (Raster > Metric-CD > Label sample points), then estimate the change area "
                           "with a 95 % confidence interval (Olofsson et al. 2014)."))
        self.manager = manager
        self.params: Dict[str, Any] = {}
        self.hide()
        manager.runFinished.connect(self._on_finished)
        self.clicked.connect(self.open_sampling)

    def _on_finished(self, outcome: str, _text: str) -> None:
        self.params = sampling_parameters(getattr(self.manager, "last_results", {})) if outcome == SUCCESS else {}
        self.setVisible(bool(self.params))

    def open_sampling(self) -> QDialog:
        """Processing's own dialog for the sampling design, filled in; the analyst runs it."""
        import processing
        dialog = processing.createAlgorithmDialog(SAMPLING_ID, self.params)
        dialog.show()
        return dialog
