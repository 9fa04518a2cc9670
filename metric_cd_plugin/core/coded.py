"""Sentences the core says during and after a run, as data: a code, its parameters and the
core's English wording. A Coded is a str (the English sentence), so the command line and
the log print it as it is, while a front end in another language reads .code and .params
and words it itself (the dialog: gui/run_words.py). STAGES are what a run is doing (the
progress texts); weights/thresholds code their notes and rules with the same type."""
from typing import Dict, Mapping, Optional, Tuple

STAGES: Dict[str, str] = {
    "weights_check": "Checking VGG16 weights already on this computer",
    "weights_features": "Downloading the ImageNet VGG16 feature layers ({size}, once)",
    "weights_features_percent": "Downloading the ImageNet VGG16 feature layers ({size}, once): {percent} %",
    "weights_whole": "Downloading the ImageNet VGG16 weights ({size}, once: the server sends no parts)",
    "weights_whole_percent": "Downloading the ImageNet VGG16 weights ({size}, once: the server sends no parts): "
                             "{percent} %",
    "normalise": "Normalising T1 onto T2",
    "features": "Computing deep features of the fitting area",
    "fit": "Fitting the change network",
    "predict": "Predicting change probability",
    "sar_agreement": "Comparing with the log-ratio's sure pixels",
    "sar_share": "Measuring the log-ratio's share of change",
    "mask": "Writing the change mask",
    "area": "Measuring the changed area",
    "classical_normalise": "Fitting the radiometric normalisation",
    "classical_fit": "Fitting {method} on {where}",
    "classical_score": "Computing the {method} score window by window",
    "polygons_select": "Selecting changed pixels",
    "polygons_trace": "Polygonizing the change mask",
    "polygons_burn": "Burning polygon ids",
    "polygons_measure": "Measuring the change probability per polygon",
    "polygons_write": "Writing the polygons",
    "probability_read": "Reading the change probability",
}


class Coded(str):
    """The core's English sentence, carrying its code and parameters."""
    code: str
    params: Mapping[str, object]

    def __new__(cls, text: str, code: str, params: Optional[Mapping[str, object]] = None) -> "Coded":
        made = super().__new__(cls, text)
        made.code, made.params = code, dict(params or {})
        return made

    # pickled (a Dask worker's result) with its code and parameters
    def __reduce__(self) -> Tuple[type, Tuple[str, str, Dict[str, object]]]:
        return type(self), (str(self), self.code, dict(self.params))


def stage(code: str, **params: object) -> Coded:
    """A progress text: STAGES[code] filled with params."""
    return Coded(STAGES[code].format(**params), code, params)
