"""Metric-CD core: numpy + torch + GDAL only (no Qt, no qgis).

Rooms: raster/ (raster I/O, tiles, outputs, polygons), deep/ (the Metric-CD method),
classical/ (CVA, PCA-KMeans, IR-MAD), accuracy/ (assessment against reference labels);
shared basics here: errors, progress (callables for progress and cancel), normalise
(radiometric normalisation) and thresholds (Otsu, Kittler-Illingworth).

Adapters (CLI, Processing, QgsTask) call :func:`metric_cd_plugin.core.deep.run.detect_change`
for the deep method and :func:`metric_cd_plugin.core.classical.output.write_classical` for the
classical ones. torch is imported lazily by the modules that need it, so that the classical
methods and the plugin shell load without it.
"""

__version__ = "0.1.0"  # keep equal to metadata.txt (tests/cli/test_version.py checks)
