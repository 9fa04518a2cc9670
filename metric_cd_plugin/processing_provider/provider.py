"""The "metriccd" Processing provider."""
from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core import __version__
from ..resource_paths import icon_path
from .accuracy_algorithm import AccuracyAlgorithm
from .area_algorithms import AREA_ALGORITHMS
from .change_algorithms import CHANGE_ALGORITHMS
from .threshold_algorithm import ThresholdAlgorithm


class MetricCDProvider(QgsProcessingProvider):
    def id(self):
        return "metriccd"

    def name(self):
        return "Metric-CD change detection"

    def longName(self):  # noqa: N802
        return f"Metric-CD change detection {__version__}"

    def icon(self):
        return QIcon(icon_path())

    def svgIconPath(self):  # noqa: N802
        return icon_path()

    def loadAlgorithms(self):  # noqa: N802
        for algorithm in CHANGE_ALGORITHMS + [ThresholdAlgorithm, AccuracyAlgorithm] + AREA_ALGORITHMS:
            self.addAlgorithm(algorithm())

    # the core writes GeoTIFF rasters and GeoPackage polygons only
    def supportedOutputRasterLayerExtensions(self):  # noqa: N802
        return ["tif"]

    def supportedOutputVectorLayerExtensions(self):  # noqa: N802
        return ["gpkg"]

    def supportsNonFileBasedOutput(self):  # noqa: N802 (temporary outputs become files, not memory layers)
        return False

    def defaultRasterFileExtension(self):  # noqa: N802
        return "tif"

    def defaultVectorFileExtension(self, hasGeometry=True):  # noqa: N802
        return "gpkg"
