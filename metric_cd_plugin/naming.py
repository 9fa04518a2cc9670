"""What a result layer is called: what it is and how it was made, from the run metadata
its file carries, e.g. "Change probability (Metric-CD fast, random D-FE weights)". Shared
by the dialog and the Processing algorithms, so both name the same run the same way."""
import os
from typing import Optional

CLASSICAL = {"cva": "CVA", "pcakmeans": "PCA-KMeans", "irmad": "IR-MAD"}
GROUP = "Changes: {t1} → {t2}"


def read_metadata(path: str) -> dict:
    """The run metadata of an output file ({} when it has none or cannot be read)."""
    from .core.raster.metadata import read_run_metadata
    try:
        return read_run_metadata(path.split("|")[0])
    except (RuntimeError, ValueError, AttributeError):
        return {}


def method(meta: dict) -> str:
    """'Metric-CD fast, random D-FE weights', 'CVA'..., '' when the file does not say."""
    preset = meta.get("preset")
    if isinstance(preset, dict):
        if meta.get("weights_file") and meta.get("weights") == "imagenet":
            weights = "ImageNet D-FE weights"
        elif meta.get("weights_file"):
            weights = f"D-FE weights {os.path.basename(str(meta['weights_file']))}"
        else:
            weights = "random D-FE weights"
        return f"Metric-CD {preset.get('name', '')}, {weights}"
    name = str(meta.get("method", ""))
    if name.endswith(")") and "(" in name:  # "Change Vector Analysis (CVA)" -> "CVA"
        name = name[name.rindex("(") + 1:-1]
    return CLASSICAL.get(name, name)


def threshold_text(meta: dict) -> str:
    value = meta.get("threshold")
    if value is None:
        return ""
    if meta.get("threshold_origin") == "user value":
        how = "set after the run"
    elif meta.get("threshold_origin"):
        how = "automatic, set after the run"
    elif meta.get("threshold_rule") == "user value":
        how = "user value"
    else:
        how = "automatic"
    return f"threshold {float(value):.3g}, {how}"


def layer_name(kind: str, meta: dict, min_pixels: Optional[int] = None) -> str:
    """kind: the translated 'Change probability', 'Change mask' or 'Change polygons' text;
    the details in brackets come from the metadata."""
    details = [method(meta)] if kind.lower().endswith("probability") or kind.lower().endswith("score") \
        else [method(meta), threshold_text(meta)]
    if min_pixels:
        details.append(f"≥ {min_pixels} px")
    details = [d for d in details if d]
    return f"{kind} ({', '.join(details)})" if details else kind


def group_name(t1: str, t2: str) -> str:
    return GROUP.format(t1=t1, t2=t2)


def numbered(name: str, taken) -> str:
    """`name`, or "name (2)", "name (3)"... the first not in `taken` (a group per run)."""
    if name not in taken:
        return name
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    return f"{name} ({number})"
