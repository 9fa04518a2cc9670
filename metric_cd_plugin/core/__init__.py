"""Metric-CD core: numpy + torch + GDAL only (no Qt, no qgis).

Adapters (CLI, Processing, QgsTask) call :func:`metric_cd_plugin.core.pipeline.detect_change`.
torch is imported lazily by the modules that need it, so that the classical methods and
the plugin shell load without it.
"""

__version__ = "0.1.0"  # keep equal to metadata.txt (a test checks)
