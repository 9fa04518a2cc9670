"""The QGIS enums that moved between the QGIS versions the plugin runs on, under each one's name.

QGIS 3.22 has them on their classes (QgsProcessingParameterNumber.Type.Integer); 3.26-3.36 moved
them into Qgis (Qgis.ProcessingNumberParameterType.Integer) and kept the old names only as Python
aliases, which QGIS 4's Qt 6 build no longer adds. Every other enum the plugin uses is read in its
scoped form (Qgis.MessageLevel.Info), valid on all of them."""
from typing import Any

from qgis import core


def _moved(new: str, old: str) -> Any:
    """Qgis.<new> where this QGIS has that enum, else `old` (Class.Enum.Member, QGIS 3.22's)."""
    enum_name, member = new.split(".")
    if hasattr(core.Qgis, enum_name):
        return getattr(getattr(core.Qgis, enum_name), member)
    value = core
    for part in old.split("."):
        value = getattr(value, part)
    return value


NUMBER_INTEGER = _moved("ProcessingNumberParameterType.Integer", "QgsProcessingParameterNumber.Type.Integer")
NUMBER_DOUBLE = _moved("ProcessingNumberParameterType.Double", "QgsProcessingParameterNumber.Type.Double")
FILE_BEHAVIOUR_FILE = _moved("ProcessingFileParameterBehavior.File", "QgsProcessingParameterFile.Behavior.File")
FLAG_ADVANCED = _moved("ProcessingParameterFlag.Advanced", "QgsProcessingParameterDefinition.Flag.FlagAdvanced")
FLAG_OPTIONAL = _moved("ProcessingParameterFlag.Optional", "QgsProcessingParameterDefinition.Flag.FlagOptional")
SOURCE_VECTOR_POLYGON = _moved("ProcessingSourceType.VectorPolygon", "QgsProcessing.SourceType.TypeVectorPolygon")
SOURCE_VECTOR_POINT = _moved("ProcessingSourceType.VectorPoint", "QgsProcessing.SourceType.TypeVectorPoint")
WRITER_NO_ERROR = _moved("RasterFileWriterResult.Success", "QgsRasterFileWriter.WriterError.NoError")
CAPABILITY_SIZE = _moved("RasterInterfaceCapability.Size", "QgsRasterInterface.Capability.Size")
RAMP_LINEAR = _moved("ShaderInterpolationMethod.Linear", "QgsColorRampShader.Type.Interpolated")
RAMP_DISCRETE = _moved("ShaderInterpolationMethod.Discrete", "QgsColorRampShader.Type.Discrete")
LAYER_TYPE_RASTER = _moved("LayerType.Raster", "QgsMapLayerType.RasterLayer")
LAYER_FILTER_RASTER = _moved("LayerFilter.RasterLayer", "QgsMapLayerProxyModel.Filter.RasterLayer")
LAYER_FILTER_POINT = _moved("LayerFilter.PointLayer", "QgsMapLayerProxyModel.Filter.PointLayer")
GEOMETRY_POLYGON = _moved("GeometryType.Polygon", "QgsWkbTypes.GeometryType.PolygonGeometry")
