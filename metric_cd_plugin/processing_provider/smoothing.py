"""Smoothing of change polygons with QGIS's own algorithm, handed to the Qt-free core as a
plain function over OGR geometries."""
from osgeo import ogr
from qgis.core import QgsGeometry

ITERATIONS, OFFSET = 3, 0.25  # as QGIS's Smooth tool (native:smoothgeometry) with 3 iterations


def qgis_smooth(geometry: ogr.Geometry) -> ogr.Geometry:
    """An OGR polygon smoothed by QgsGeometry.smooth (Chaikin corner cutting, the algorithm
    behind QGIS's Smooth tool): the pixel staircase becomes a rounded outline."""
    shape = QgsGeometry()
    shape.fromWkb(bytes(geometry.ExportToWkb()))
    return ogr.CreateGeometryFromWkb(bytes(shape.smooth(ITERATIONS, OFFSET).asWkb()))
