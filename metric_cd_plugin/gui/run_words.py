"""The core's coded run texts (core/coded.py: stage texts, notes, automatic threshold
origins and rules; the weights' notes and errors, core/deep/weights_notes.py) in the
dialog's words and language, through tr(): the weights choices named as the settings panel
shows them (gui/weights_choices.py), numbers as the QGIS locale writes them. A text without
a code, or with a code not worded here, is shown as the core (or Processing) words it
(English): nothing is lost, only left untranslated."""
import re
from typing import Mapping, Optional, Tuple

from qgis.PyQt.QtCore import QLocale

from ..core.change import KIND_UNSURE
from ..core.deep.agreement import RULE as AGREEMENT_RULE, SHARE_RULE
from ..core.deep.weights_notes import places
from .i18n import tr
from .weights_choices import named


def number(value: float, decimals: int = 2, form: str = "f") -> str:
    """value with `decimals` decimals ("g": significant digits) in the locale's way ("13,43"
    in French)."""
    return QLocale().toString(float(value), form, decimals)


def whole(value: int) -> str:
    """A count with the locale's digit grouping ("9 976" in French, "9,976" in English)."""
    return QLocale().toString(int(value))


def size_text(size: str) -> str:
    """The core's "7 MB" in the locale's words ("7 Mo")."""
    found = re.fullmatch(r"(\d+) MB", str(size))
    return tr("{size} MB").format(size=whole(int(found.group(1)))) if found else str(size)


def _stages() -> dict:
    return {
        "weights_check": tr("Checking VGG16 weights already on this computer"),
        "weights_features": tr("Downloading the ImageNet VGG16 feature layers ({size}, once)"),
        "weights_features_percent": tr("Downloading the ImageNet VGG16 feature layers ({size}, once): {percent} %"),
        "weights_whole": tr("Downloading the ImageNet VGG16 weights ({size}, once: the server sends no parts)"),
        "weights_whole_percent": tr("Downloading the ImageNet VGG16 weights ({size}, once: the server sends no "
                                    "parts): {percent} %"),
        "normalise": tr("Normalising T1 onto T2"),
        "features": tr("Computing deep features of the fitting area"),
        "fit": tr("Fitting the change network"),
        "predict": tr("Predicting change probability"),
        "sar_agreement": tr("Comparing with the log-ratio's sure pixels"),
        "sar_share": tr("Measuring the log-ratio's share of change"),
        "mask": tr("Writing the change mask"),
        "area": tr("Measuring the changed area"),
        "classical_normalise": tr("Fitting the radiometric normalisation"),
        "classical_fit": tr("Fitting {method} on {where}"),
        "classical_score": tr("Computing the {method} score window by window"),
        "polygons_select": tr("Selecting changed pixels"),
        "polygons_trace": tr("Polygonizing the change mask"),
        "polygons_burn": tr("Burning polygon ids"),
        "polygons_measure": tr("Measuring the change probability per polygon"),
        "polygons_write": tr("Writing the polygons"),
        "probability_read": tr("Reading the change probability"),
    }


def _places() -> dict:  # the classical fit's {where}
    return {"the area": tr("the area"), "a sample of windows": tr("a sample of windows")}


def stage_text(text: str) -> str:
    """A progress text as the dialog shows it."""
    template = _stages().get(getattr(text, "code", None))
    if template is None:
        return str(text)
    params = dict(getattr(text, "params", {}))
    if "where" in params:
        params["where"] = _places().get(str(params["where"]), params["where"])
    if "size" in params:
        params["size"] = size_text(params["size"])
    if "percent" in params:
        params["percent"] = whole(int(params["percent"]))
    return template.format(**params)


def rule_text(rule: object) -> str:
    """How a threshold was chosen (a run's threshold_rule; older files say "Pc > Pnc")."""
    words = {
        "decision: probability of change above 0.5": tr("probability of change above 0.5"),
        "decision (Pc > Pnc)": tr("probability of change above 0.5"),
        "Otsu on the change probability, above 0.5": tr("Otsu on the change probability, above 0.5"),
        "Otsu on Pc, above the decision": tr("Otsu on the change probability, above 0.5"),
        "otsu": tr("Otsu on the change probability"),
        "user value": tr("user value"),
        "0.5 (no valid pixel)": tr("0.5 (no valid pixel)"),
        AGREEMENT_RULE: tr("agreement with the confident pixels of log-ratio PCA-KMeans (SAR)"),
    }
    before, after = SHARE_RULE.split("{share}")
    share = str(rule)[len(before):-len(after)] if str(rule).startswith(before) and str(rule).endswith(after) else ""
    if re.fullmatch(r"\d+\.\d", share):  # the SAR share rule, its percentage as the locale writes it
        return tr("the share of change log-ratio PCA-KMeans finds ({share} %), on the pixels of highest Pc "
                  "(SAR)").format(share=number(float(share), 1))
    return words.get(str(rule), str(rule))


def origin_text(origin: str) -> str:
    """Where an automatic threshold came from (core/raster/rethreshold.automatic_threshold)."""
    code, params = getattr(origin, "code", None), getattr(origin, "params", {})
    if code == "run_own":
        return tr("automatic: the run's own ({rule})").format(rule=rule_text(params["rule"]))
    if code == "run_own_recorded":
        return tr("automatic: the run's own (recorded in the file)")
    if code == "rule":
        return tr("automatic: {rule}").format(rule=rule_text(params["rule"]))
    if code == "no_valid":
        return tr("automatic: 0.5 (no valid pixel)")
    if code == "otsu_histogram":
        return tr("automatic: Otsu on the histogram")
    return str(origin)


def _folders(params: Mapping) -> str:
    """The folders a copy of the weights is looked for in (core/deep/weights_notes.places)."""
    return places(params, tr("{cache} or {hub}"))


def _reason(params: Mapping) -> str:
    """Why the ImageNet weights could not be had, in the dialog's words when the core coded
    it (no network, the server's refusal), with the copies found here that were not used."""
    cause, found = params.get("cause"), params.get("cause_params") or {}
    if cause == "download_offline":
        why = tr("Could not download {url} ({error}); is this computer offline?").format(**found)
    elif cause == "download_refused":
        why = tr("Downloading {url} failed: the server answered {answer}.").format(**found)
    else:
        return str(params.get("reason", ""))
    copies = [tr("The copy '{path}' does not have the published SHA-256 (truncated, or another file) and was "
                 "not used.").format(path=path) for path in params.get("rejected") or ()]
    return " ".join([why, *copies])


def _weights_texts() -> dict:
    return {
        "weights_random": tr("D-FE uses seeded random VGG16 weights, not ImageNet ones: the change map is of lower "
                             "quality. Choose {imagenet} for real work."),
        "weights_fallback": tr("{reason}\n\nSeeded random VGG16 weights were used instead: the change map is of "
                               "lower quality. For the ImageNet weights, run again online, or download {url} ({size}) "
                               "with your browser and choose it with {file}, or copy it into {places}."),
        "weights_download_failed": tr("{reason} Or download {url} with your browser and choose it with {file}, or "
                                      "copy it into {places}; or choose {random} (works offline, lower quality)."),
        "weights_file_missing": tr("VGG16 weights file '{path}' does not exist; choose {imagenet}, {random} or a "
                                   ".pth state dict of torchvision's vgg16."),
    }


def weights_words(said: object, choices: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """A coded weights note or error (core/deep/weights_notes.py) in the user's language, its
    choices named as `choices` does (default: as the dialog's settings panel shows them;
    Processing names its parameters); None for any other code."""
    template = _weights_texts().get(getattr(said, "code", None))
    if template is None:
        return None
    params = dict(getattr(said, "params", {}))
    params.update(size=size_text(params.get("size", "")), reason=_reason(params), places=_folders(params))
    return template.format(**{**params, **(named() if choices is None else choices)})


def note_texts(note: str) -> Tuple[str, str]:
    """(short text for the message bar, the whole text for Details) of a run's note."""
    whole = weights_words(note) or str(note)
    if getattr(note, "code", None) == KIND_UNSURE:  # core/change.py kind_notes
        # beside its "Run again as SAR" button (gui/run_manager.py): the question is enough
        taken = getattr(note, "params", {}).get("data_kind")
        return tr("The data kind was unsure: compared as {kind}. Are the rasters SAR?").format(
            kind=tr("SAR") if taken == "sar" else tr("optical")), whole
    if getattr(note, "code", None) != "weights_fallback":
        return whole, whole
    return tr("The ImageNet VGG16 weights could not be downloaded: seeded random weights were used, so the "
              "change map is of lower quality."), whole
