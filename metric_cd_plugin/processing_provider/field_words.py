"""How Processing describes each run schema field (core/request/fields.py) in the user's
language: its own tr() words, else the core's English label (the core stays Qt-free and
English). The toolbox, the dialog's generic rows and Processing's messages show them."""
from typing import Dict

from ..core.request.fields import BY_NAME
from ..gui.i18n import tr


def descriptions() -> Dict[str, str]:
    """Built on each call, so that the words follow the translator installed at the time."""
    return {
        "t1": tr("T1 raster (earlier date)"), "t2": tr("T2 raster (later date)"),
        "output": tr("Change probability"), "mask": tr("Change mask"), "polygons": tr("Change polygons"),
        "min_area": tr("Minimum polygon area (square map units)"), "min_pixels": tr("Smallest polygon (pixels)"),
        "bands1": tr("Bands of T1 (e.g. 4,3,2; empty = all)"), "bands2": tr("Bands of T2 (e.g. 4,3,2; empty = all)"),
        "extent": tr("Process only this extent (empty = all of the area both rasters cover)"),
        "data_kind": tr("Data kind (auto: SAR from polarisation band names, decibels or speckle)"),
        "seed": tr("Random seed"), "threshold": tr("Threshold ('auto' or a value in [0, 1])"),
        "preset": tr("Preset"), "device": tr("Device"),
        "iterations": tr("Fitting iterations (0 = the preset's default)"),
        "weights": tr("VGG16 weights"), "finetune_fe": tr("Fine-tune the VGG16 feature extractor (much slower on CPU)"),
        "shift_tolerance": tr("Shift tolerance in pixels (auto: chosen from the data, see the help)"),
        "precision": tr("Arithmetic (auto: bfloat16 where the CPU computes it natively, see the help)"),
    }


def description(name: str) -> str:
    """How Processing describes a field: its own words, else the schema's label."""
    label = BY_NAME[name].label if name in BY_NAME else name
    return descriptions().get(name, label[:1].upper() + label[1:])
