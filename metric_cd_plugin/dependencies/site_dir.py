"""The plugin's own folders in the QGIS profile, and putting the private package folder on
sys.path at plugin start.

<profile>/python/metric_cd_deps holds what the installer put there (torch and whatever pip
brought with it); it goes at the END of sys.path, so that QGIS's own packages (numpy...)
always win and only what QGIS lacks comes from there. Nothing is imported from it here."""
import os
import sys
from typing import Optional

DEPS_DIR_NAME = "metric_cd_deps"


def qgis_settings_dir() -> Optional[str]:
    """The active QGIS profile folder, or None outside a running QGIS (CLI, plain Python)."""
    if "qgis.core" not in sys.modules:  # never import QGIS just to find out
        return None
    from qgis.core import QgsApplication
    return QgsApplication.qgisSettingsDirPath() or None


def private_site_dir(settings_dir: Optional[str] = None) -> Optional[str]:
    settings_dir = settings_dir or qgis_settings_dir()
    return os.path.join(settings_dir, "python", DEPS_DIR_NAME) if settings_dir else None


def weights_cache_dir(settings_dir: Optional[str] = None) -> Optional[str]:
    """Where the D-FE weights are cached for QGIS runs (not in the plugin folder, which
    an update replaces)."""
    settings_dir = settings_dir or qgis_settings_dir()
    return os.path.join(settings_dir, "metric_cd", "weights") if settings_dir else None


def add_private_site(settings_dir: Optional[str] = None) -> Optional[str]:
    """Append the private folder to sys.path when it exists (QGIS's words for a missing
    PyTorch name it: torch_words.py). Returns the folder or None."""
    folder = private_site_dir(settings_dir)
    if folder is None:
        return None
    if os.path.isdir(folder) and folder not in sys.path:
        sys.path.append(folder)
    return folder
