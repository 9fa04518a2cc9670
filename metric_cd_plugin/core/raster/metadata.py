"""The run parameters an output carries in its METRIC_CD metadata domain, and reading them
back. GDAL metadata are strings: plain strings are stored as they are (paths stay readable
in gdalinfo), every other value (numbers, None, lists, dicts) as JSON, and the key
'json_keys' lists the JSON ones, so that read_run_metadata() returns the original values
and a run can be repeated from them, e.g. DetectionRequest(**meta["request"])."""
import json
from typing import Dict, Optional

import numpy as np
from osgeo import gdal

DOMAIN = "METRIC_CD"
JSON_KEYS = "json_keys"


def _plain(value: object) -> object:
    """numpy scalars and arrays -> Python values, for json.dumps."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} cannot be stored in the run metadata")


def encode_run_metadata(metadata: dict) -> Dict[str, str]:
    """dict of run parameters -> the string dict written to the METRIC_CD domain."""
    out, json_keys = {}, []
    for key, value in metadata.items():
        if isinstance(value, str):
            out[key] = value
        else:
            out[key] = json.dumps(value, default=_plain, ensure_ascii=False)
            json_keys.append(key)
    out[JSON_KEYS] = json.dumps(json_keys)
    return out


def decode_run_metadata(strings: Dict[str, str]) -> dict:
    json_keys = set(json.loads(strings.get(JSON_KEYS, "[]")))
    return {k: json.loads(v) if k in json_keys else v for k, v in strings.items() if k != JSON_KEYS}


def read_run_metadata(path: str) -> dict:
    """The run parameters stored in a Metric-CD output ({} when it has none)."""
    ds = gdal.Open(path)
    try:
        return decode_run_metadata(ds.GetMetadata(DOMAIN) or {})
    finally:
        ds = None


def stored_threshold(path: str) -> Optional[float]:
    """The threshold a Metric-CD run recorded in its output; None when it has none or the
    file cannot be read (the caller then falls back to its own default)."""
    try:
        value = read_run_metadata(path).get("threshold")
        return float(value) if value is not None else None
    except (RuntimeError, ValueError, TypeError, AttributeError):
        return None
