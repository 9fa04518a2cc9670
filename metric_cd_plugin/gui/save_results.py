"""Outputs left empty in the dialog are temporary files, which QGIS deletes when it closes:
the result says so, and this copies them into a lasting folder (remembered) and points the
layers at the copies. Each copy arrives under a hidden name and is renamed when complete,
never over an existing file."""
import os
import shutil
from typing import Dict, List

from qgis.core import QgsProcessingUtils, QgsSettings

FOLDER_KEY = "metric_cd/save_folder"
NAMES = {"OUTPUT": "change_probability.tif", "OUTPUT_MASK": "change_mask.tif", "OUTPUT_POLYGONS": "changes.gpkg"}


def temporary_outputs(results: dict) -> Dict[str, str]:
    """{output name: path} of the outputs written to Processing's temporary folder."""
    temp = os.path.realpath(QgsProcessingUtils.tempFolder())
    return {name: results[name] for name in NAMES if results.get(name)
            and os.path.realpath(results[name]).startswith(temp + os.sep)}


def remembered_folder(default: str = "") -> str:
    return QgsSettings().value(FOLDER_KEY, default or os.path.expanduser("~"), type=str)


def _free_name(folder: str, name: str) -> str:
    stem, ext = os.path.splitext(name)
    path, number = os.path.join(folder, name), 2
    while os.path.exists(path):
        path, number = os.path.join(folder, f"{stem}_{number}{ext}"), number + 1
    return path


def save_outputs(temporary: Dict[str, str], folder: str, layers: List) -> Dict[str, str]:
    """Copy the temporary outputs into folder and point the layers reading them at the
    copies; returns {output name: new path}. Remembers the folder for next time."""
    saved = {}
    for name, path in temporary.items():
        target = _free_name(folder, NAMES[name])
        partial = os.path.join(folder, "." + os.path.basename(target) + ".part")
        try:
            shutil.copyfile(path, partial)
            os.replace(partial, target)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        saved[name] = target
    for layer in layers:
        source = layer.source()
        for name, path in temporary.items():
            if source == path or source.startswith(path + "|"):
                layer.setDataSource(saved[name] + source[len(path):], layer.name(), layer.providerType())
    QgsSettings().setValue(FOLDER_KEY, folder)
    return saved
