"""The "metriccd" Processing provider."""
from typing import List

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core import __version__
from ..resource_paths import icon_path
from .accuracy_algorithm import AccuracyAlgorithm
from .area_algorithms import AREA_ALGORITHMS
from .change_algorithms import CHANGE_ALGORITHMS
from .threshold_algorithm import ThresholdAlgorithm
from .toolbox_names import provider_name


class MetricCDProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "metriccd"

    def name(self) -> str:
        return provider_name()

    def longName(self) -> str:  # noqa: N802
        return f"{provider_name()} {__version__}"

    def icon(self) -> QIcon:
        return QIcon(icon_path())

    def svgIconPath(self) -> str:  # noqa: N802
        return icon_path()

    def loadAlgorithms(self) -> None:  # noqa: N802
        for algorithm in CHANGE_ALGORITHMS + [ThresholdAlgorithm, AccuracyAlgorithm] + AREA_ALGORITHMS:
            self.addAlgorithm(algorithm())

    # the core writes GeoTIFF rasters and GeoPackage polygons only
    def supportedOutputRasterLayerExtensions(self) -> List[str]:  # noqa: N802
        return ["tif"]

    def supportedOutputVectorLayerExtensions(self) -> List[str]:  # noqa: N802
        return ["gpkg"]

    def supportsNonFileBasedOutput(self) -> bool:  # noqa: N802 (temporary outputs become files, not memory layers)
        return False

    def defaultRasterFileExtension(self) -> str:  # noqa: N802
        return "tif"

    def defaultVectorFileExtension(self, hasGeometry: bool = True) -> str:  # noqa: N802
        return "gpkg"
