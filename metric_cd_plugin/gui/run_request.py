"""What the dialog asks for, read from its widgets on the main thread, and the
metriccd:changedetection parameters it becomes (the same algorithm the toolbox runs)."""
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

from qgis.core import QgsProcessing, QgsReferencedRectangle

ALGORITHM_ID = "metriccd:changedetection"


@dataclass
class RunRequest:
    t1_id: str
    t2_id: str
    t1_name: str
    t2_name: str
    bands1: List[int]
    bands2: List[int]
    all_bands1: bool = True            # every band of T1 ticked, in order
    all_bands2: bool = True
    output: str = ""                   # "" = temporary file
    mask: Optional[str] = ""           # None = no mask, "" = temporary file
    polygons: Optional[str] = None     # None = no polygons, "" = temporary file
    min_area: float = 0.0
    preset: int = 0                    # index into the algorithm's PRESET options
    device: int = 0                    # index into DEVICE options
    data_kind: str = "auto"            # the algorithm's DATA_KIND option: auto, optical or sar
    iterations: int = 0                # 0 = the preset's default
    seed: int = 0
    threshold: Optional[float] = None  # None = automatic
    weights: str = "auto"              # the algorithm's WEIGHTS option: auto, imagenet, random or file
    weights_file: str = ""             # used when weights == "file"
    shift_tolerance: str = "auto"      # the algorithm's SHIFT_TOLERANCE option: auto or 0-8 pixels
    finetune_fe: bool = False          # also optimise the VGG16 feature extractor
    more: Dict[str, Any] = field(default_factory=dict)  # Processing parameters of the schema's other fields
    extent: Optional[QgsReferencedRectangle] = None  # None = the whole overlap
    add_to_map: bool = True

    def to_parameters(self) -> dict:
        def destination(path: Optional[str]) -> Optional[str]:
            return None if path is None else (path or QgsProcessing.TEMPORARY_OUTPUT)

        def bands(chosen: Sequence[int], every: bool) -> str:
            return "" if every else ",".join(str(b) for b in chosen)
        parameters = {
            "T1": self.t1_id, "T2": self.t2_id,  # resolved by the algorithm's prepare, on this thread
            "BANDS_T1": bands(self.bands1, self.all_bands1),
            "BANDS_T2": bands(self.bands2, self.all_bands2),
            "DATA_KIND": self.data_kind,
            "PRESET": self.preset, "DEVICE": self.device, "ITERATIONS": self.iterations,
            "SEED": self.seed,
            "THRESHOLD": "auto" if self.threshold is None else repr(float(self.threshold)),
            "WEIGHTS": self.weights, "WEIGHTS_FILE": self.weights_file,
            "SHIFT_TOLERANCE": self.shift_tolerance, "FINETUNE_FE": self.finetune_fe,
            "MIN_AREA": self.min_area,
            "OUTPUT": destination(self.output), "OUTPUT_MASK": destination(self.mask),
            "OUTPUT_POLYGONS": destination(self.polygons),
        }
        parameters.update(self.more)
        if self.extent is not None:
            parameters["EXTENT"] = self.extent
        return parameters

    @property
    def group_name(self) -> str:
        from .i18n import tr
        if self.data_kind == "sar":  # beside an optical run of the same pair ("Run again as SAR"), it says which
            return tr("Changes: {t1} → {t2} (SAR)").format(t1=self.t1_name, t2=self.t2_name)
        return tr("Changes: {t1} → {t2}").format(t1=self.t1_name, t2=self.t2_name)
