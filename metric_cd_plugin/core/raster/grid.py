"""Pixel-grid arithmetic shared by the alignment: CRS of a dataset, window geotransforms,
the T1 pixel window two footprints share, an extent as a pixel window, and the words
that describe a grid in the alignment note."""
import contextlib
import math
from dataclasses import dataclass
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

EDGE_POINTS = 32    # points per footprint edge: enough to follow a reprojected (curved) edge
LATTICE = 17        # T1 points per axis tested inside T2: catches a T2 that contains all of T1
EPS = 1e-6          # pixel tolerance against rounding in geotransforms


@dataclass(frozen=True)
class PixelWindow:
    """A rectangle of T1 pixels: columns x0..x0+width, rows y0..y0+height."""
    x0: int
    y0: int
    width: int
    height: int

    def intersect(self, other: "PixelWindow") -> Optional["PixelWindow"]:
        x0, y0 = max(self.x0, other.x0), max(self.y0, other.y0)
        x1 = min(self.x0 + self.width, other.x0 + other.width)
        y1 = min(self.y0 + self.height, other.y0 + other.height)
        return PixelWindow(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def spatial_ref(ds: gdal.Dataset) -> Optional[osr.SpatialReference]:
    """The dataset's CRS (or its GCPs' CRS), in x/y (east, north) axis order; None if unset."""
    wkt = ds.GetProjectionRef() or (ds.GetGCPProjection() if ds.GetGCPCount() else "")
    if not wkt:
        return None
    srs = osr.SpatialReference(wkt=wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def same_crs(a: Optional[osr.SpatialReference], b: Optional[osr.SpatialReference]) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return bool(a.IsSame(b))


def window_geotransform(gt: Sequence[float], x0: int, y0: int) -> Tuple[float, ...]:
    """The geotransform of the grid that starts at pixel (x0, y0) of gt's grid."""
    return (gt[0] + x0 * gt[1] + y0 * gt[2], gt[1], gt[2],
            gt[3] + x0 * gt[4] + y0 * gt[5], gt[4], gt[5])


def _envelope_window(xs: Sequence[float], ys: Sequence[float]) -> Optional[PixelWindow]:
    """T1 pixels whose centres lie in the envelope of the given pixel coordinates."""
    if not xs:
        return None
    x0 = math.ceil(min(xs) - 0.5 - EPS)
    x1 = math.floor(max(xs) - 0.5 + EPS) + 1
    y0 = math.ceil(min(ys) - 0.5 - EPS)
    y1 = math.floor(max(ys) - 0.5 + EPS) + 1
    return PixelWindow(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def _edge_ring(width: int, height: int) -> List[Tuple[float, float]]:
    """Points along the border of a width x height pixel rectangle, closed."""
    n = EDGE_POINTS
    ring = [(width * i / n, 0.0) for i in range(n)] + [(width, height * i / n) for i in range(n)]
    ring += [(width - width * i / n, height) for i in range(n)] + [(0.0, height - height * i / n) for i in range(n)]
    return ring + ring[:1]


def overlap_window(ds1: gdal.Dataset, ds2: gdal.Dataset) -> Tuple[Optional[PixelWindow], bool]:
    """(the T1 pixels (centre rule) covered by T2's footprint or None, whether the two
    footprints touch at all).

    T2's border is mapped into T1 pixels and clipped to T1; T1 points that map inside T2
    are added, so a T2 much larger than T1 (whose far border may not project) still counts."""
    w1, h1 = ds1.RasterXSize, ds1.RasterYSize
    w2, h2 = ds2.RasterXSize, ds2.RasterYSize
    to_t1 = gdal.Transformer(ds2, ds1, [])
    xs: List[float] = []
    ys: List[float] = []
    mapped, ok = to_t1.TransformPoints(0, _edge_ring(w2, h2))
    ring = [(p[0], p[1]) for p, good in zip(mapped, ok) if good and math.isfinite(p[0]) and math.isfinite(p[1])]
    if len(ring) >= 4:
        t2_poly = _polygon(ring + ring[:1])
        t1_rect = _polygon([(0, 0), (w1, 0), (w1, h1), (0, h1), (0, 0)])
        with quiet_gdal():  # a far border that does not project makes a self-crossing ring
            usable = t2_poly.IsValid()
        if usable:
            inside = t2_poly.Intersection(t1_rect)
            if inside is not None and not inside.IsEmpty() and inside.GetArea() > 0:
                minx, maxx, miny, maxy = inside.GetEnvelope()
                xs += [minx, maxx]
                ys += [miny, maxy]
    lattice = [(w1 * i / (LATTICE - 1), h1 * j / (LATTICE - 1)) for i in range(LATTICE) for j in range(LATTICE)]
    in_t2, ok = to_t1.TransformPoints(1, lattice)
    for (x, y), p, good in zip(lattice, in_t2, ok):
        if good and -EPS <= p[0] <= w2 + EPS and -EPS <= p[1] <= h2 + EPS:
            xs.append(x)
            ys.append(y)
    window = _envelope_window(xs, ys)
    return (window.intersect(PixelWindow(0, 0, w1, h1)) if window else None), bool(xs)


@contextlib.contextmanager
def quiet_gdal() -> Iterator[None]:
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        yield
    finally:
        gdal.PopErrorHandler()


def _polygon(points: Iterable[Tuple[float, float]]) -> ogr.Geometry:
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in points:
        ring.AddPoint_2D(float(x), float(y))
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def extent_window(gt: Sequence[float], extent: Sequence[float]) -> Optional[PixelWindow]:
    """T1 pixels touched by extent (xmin, ymin, xmax, ymax in T1's CRS): snapped outwards,
    so the whole extent is covered."""
    xmin, ymin, xmax, ymax = extent
    inv = gdal.InvGeoTransform(gt)
    corners = [gdal.ApplyGeoTransform(inv, x, y) for x in (xmin, xmax) for y in (ymin, ymax)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    x0, x1 = math.floor(min(xs) + EPS), math.ceil(max(xs) - EPS)
    y0, y1 = math.floor(min(ys) + EPS), math.ceil(max(ys) - EPS)
    return PixelWindow(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def crs_label(srs: Optional[osr.SpatialReference]) -> str:
    if srs is None:
        return "no CRS"
    srs = srs.Clone()
    if srs.GetAuthorityCode(None) is None:
        try:
            srs.AutoIdentifyEPSG()
        except RuntimeError:
            pass
    code, name = srs.GetAuthorityCode(None), srs.GetAuthorityName(None)
    return f"{name}:{code}" if code and name else (srs.GetName() or "unnamed CRS")


def pixel_label(gt: Sequence[float], srs: Optional[osr.SpatialReference]) -> str:
    sx, sy = math.hypot(gt[1], gt[4]), math.hypot(gt[2], gt[5])
    if srs is not None and srs.IsGeographic():
        unit = "°"
    elif srs is not None:
        unit = {"metre": " m", "meter": " m", "foot": " ft", "US survey foot": " US ft"}.get(
            srs.GetLinearUnitsName(), " " + srs.GetLinearUnitsName())
    else:
        unit = " units"
    size = f"{sx:.3g}" if math.isclose(sx, sy, rel_tol=1e-6) else f"{sx:.3g} x {sy:.3g}"
    return size + unit


def area_label(window: PixelWindow, gt: Sequence[float], srs: Optional[osr.SpatialReference]) -> str:
    """'12.3 km² (400 x 380 px)' in a projected CRS, else the pixel size of the area."""
    pixels = f"{window.width} x {window.height} px"
    if srs is None or not srs.IsProjected():
        return pixels
    m2 = window.width * window.height * abs(gt[1] * gt[5] - gt[2] * gt[4]) * srs.GetLinearUnits() ** 2
    km2 = m2 / 1e6
    return f"{km2:,.0f} km² ({pixels})" if km2 >= 100 else f"{km2:.3g} km² ({pixels})"
