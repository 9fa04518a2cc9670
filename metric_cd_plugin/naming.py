"""What a result layer is called: what it is and how it was made, from the run metadata
its file carries, e.g. "Change probability (Metric-CD fast, random D-FE weights)". Shared
by the dialog and the Processing algorithms, so both name the same run the same way; the
dialog passes its tr() (and the locale's numbers), Processing keeps English."""
import os
from typing import Callable, Container, Optional

CLASSICAL = {"cva": "CVA", "pcakmeans": "PCA-KMeans", "irmad": "IR-MAD"}
GROUP = "Changes: {t1} → {t2}"


def read_metadata(path: str) -> dict:
    """The run metadata of an output file ({} when it has none or cannot be read)."""
    from .core.raster.metadata import read_run_metadata
    try:
        return read_run_metadata(path.split("|")[0])
    except (RuntimeError, ValueError, AttributeError):
        return {}


def _same(text: str) -> str:
    return text


def _short(value: float) -> str:
    return f"{float(value):.3g}"


def method(meta: dict, tr: Callable[[str], str] = _same) -> str:
    """'Metric-CD fast, random D-FE weights', 'CVA'..., '' when the file does not say.
    tr: the dialog's translation (English as it stands by default)."""
    preset = meta.get("preset")
    if isinstance(preset, dict):
        if meta.get("weights_file") and meta.get("weights") == "imagenet":
            weights = tr("ImageNet D-FE weights")
        elif meta.get("weights_file"):
            weights = tr("D-FE weights {file}").format(file=os.path.basename(str(meta["weights_file"])))
        else:
            weights = tr("random D-FE weights")
        name = str(preset.get("name", ""))
        name = {"fast": tr("fast"), "paper": tr("paper")}.get(name, name)  # as the dialog's Preset list says
        return tr("Metric-CD {preset}, {weights}").format(preset=name, weights=weights)
    name = str(meta.get("method", ""))
    if name.endswith(")") and "(" in name:  # "Change Vector Analysis (CVA)" -> "CVA"
        name = name[name.rindex("(") + 1:-1]
    return CLASSICAL.get(name, name)


def threshold_text(meta: dict, tr: Callable[[str], str] = _same, number: Callable[[float], str] = _short) -> str:
    """e.g. 'threshold 0.5, automatic'; number: how the value is written (the locale's way in the dialog)."""
    value = meta.get("threshold")
    if value is None:
        return ""
    if meta.get("threshold_origin") == "user value":
        how = tr("set after the run")
    elif meta.get("threshold_origin"):
        how = tr("automatic, set after the run")
    elif meta.get("threshold_rule") == "user value":
        how = tr("user value")
    else:
        how = tr("automatic")
    return tr("threshold {value}, {how}").format(value=number(float(value)), how=how)


def layer_name(kind: str, meta: dict, min_pixels: Optional[int] = None, threshold: bool = True,
               tr: Callable[[str], str] = _same, number: Callable[[float], str] = _short) -> str:
    """kind: the (translated) 'Change probability', 'Change mask' or 'Change polygons' text;
    the details in brackets come from the metadata: the method, and for a mask or its
    polygons (threshold True) the threshold."""
    details = [method(meta, tr)] + ([threshold_text(meta, tr, number)] if threshold else [])
    if min_pixels:
        details.append(f"≥ {min_pixels} px")
    details = [d for d in details if d]
    return f"{kind} ({', '.join(details)})" if details else kind


def group_name(t1: str, t2: str) -> str:
    return GROUP.format(t1=t1, t2=t2)


def numbered(name: str, taken: Container[str]) -> str:
    """`name`, or "name (2)", "name (3)"... the first not in `taken` (a group per run)."""
    if name not in taken:
        return name
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    return f"{name} ({number})"
