"""The dialog's last-used settings, in the QGIS profile under "metric_cd/".
Output paths are not remembered: a new run should not silently overwrite the last one."""
from qgis.core import QgsSettings

from ..core.request.fields import BY_NAME

PREFIX = "metric_cd/"
DEFAULTS = {
    "data_kind": "auto",       # option names, not indices: robust to a reordered enum
    "preset": "fast",
    "device": "auto",
    "iterations": 0,
    "seed": 0,
    "threshold_auto": True,
    "threshold": 0.5,
    "weights_choice": "auto",  # auto, imagenet, random or file
    "weights_path": "",
    "shift_tolerance": BY_NAME["shift_tolerance"].default,
    "finetune_fe": BY_NAME["finetune_fe"].default,
    "mask": True,
    "polygons": False,
    "min_area": 0.0,
    "add_to_map": True,
    "help_visible": True,
}


def load() -> dict:
    settings = QgsSettings()
    values = {}
    for key, default in DEFAULTS.items():
        try:
            values[key] = settings.value(PREFIX + key, default, type=type(default))
        except TypeError:  # a value of another type written by hand or an older version
            values[key] = default
    return values


def save(values: dict) -> None:
    settings = QgsSettings()
    for key, value in values.items():
        if key in DEFAULTS:
            settings.setValue(PREFIX + key, value)
