"""The sample points as a GeoPackage layer: written atomically by the sampling design, read
back (with the interpreter's `reference` labels) by the estimation.

One point per sampled pixel, at its centre, in the labelling order (strata mixed):
  id            1..n, the labelling order
  stratum       change / possible / stable
  map_class     the map's class at the pixel: change / no change
  weight        the stratum's share of the valid pixels (W_h)
  stratum_px    the stratum's pixel count (N_h): the estimation needs nothing else
  stratum_area  N_h times the pixel area, in square CRS units
  pixel_area, px_width, px_height, row, col   the pixel, for the labelling panel's outline
  reference     empty until labelled: change, no change or unsure"""
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Union

from osgeo import ogr, osr

from ..errors import InputError, OutputError
from ..raster.destinations import POLYGONS, check_outputs, temporary_beside, write_target
from .sampling import MAP_CLASS, SamplePoint, StratumGrid

LAYER = "sample_points"
CHANGE, NO_CHANGE, UNSURE = "change", "no change", "unsure"
REFERENCE_VALUES = (CHANGE, NO_CHANGE, UNSURE)
_FIELDS = [("id", ogr.OFTInteger), ("stratum", ogr.OFTString), ("map_class", ogr.OFTString),
           ("weight", ogr.OFTReal), ("stratum_px", ogr.OFTInteger64), ("stratum_area", ogr.OFTReal),
           ("pixel_area", ogr.OFTReal), ("px_width", ogr.OFTReal), ("px_height", ogr.OFTReal),
           ("row", ogr.OFTInteger), ("col", ogr.OFTInteger), ("reference", ogr.OFTString)]

ogr.UseExceptions()


def write_points(path: str, points: Sequence[SamplePoint], grid: StratumGrid, inputs: Sequence[str] = ()) -> str:
    """Writes the layer to a hidden file beside `path`, then renames it over `path`."""
    check_outputs([("sample points", path, POLYGONS)], list(inputs))
    target = write_target(path)
    tmp = temporary_beside(target, ".gpkg")
    os.unlink(tmp)  # the GPKG driver refuses to create over an existing empty file
    gt = grid.geotransform
    try:
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(tmp)
        srs = osr.SpatialReference(wkt=grid.wkt) if grid.wkt else None
        if srs is not None:
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        layer = ds.CreateLayer(LAYER, srs, ogr.wkbPoint, options=["FID=fid"])
        for name, kind in _FIELDS:
            layer.CreateField(ogr.FieldDefn(name, kind))
        layer.StartTransaction()
        for i, p in enumerate(points, start=1):
            f = ogr.Feature(layer.GetLayerDefn())
            n_h = grid.counts[p.stratum]
            values = {"id": i, "stratum": p.stratum, "map_class": MAP_CLASS[p.stratum], "weight": n_h / grid.total,
                      "stratum_px": n_h, "stratum_area": n_h * grid.pixel_area, "pixel_area": grid.pixel_area,
                      "px_width": abs(gt[1]), "px_height": abs(gt[5]), "row": p.row, "col": p.col}
            for name, value in values.items():
                f.SetField(name, value)
            f.SetFieldNull("reference")
            f.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({p.x!r} {p.y!r})"))
            layer.CreateFeature(f)
        layer.CommitTransaction()
        ds = None
        os.replace(tmp, target)
    except (RuntimeError, OSError) as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise OutputError(f"The sample points could not be written to '{path}' ({exc}); check the folder and "
                          "the free space, then run again.") from None
    return path


@dataclass
class PointTable:
    """What the estimation needs of the labelled points."""
    ids: List[int]
    strata: List[str]
    map_classes: List[Optional[str]]  # None: the file has no map class for the point
    references: List[Optional[str]]   # None: not labelled yet
    xy: List[Optional[tuple]]  # None: a point without geometry
    stratum_sizes: Dict[str, int]
    pixel_area: float
    srs: Optional[osr.SpatialReference]
    notes: List[str] = field(default_factory=list)


def normalise_reference(value: object) -> Optional[str]:
    """The label as stored, or None when empty; other words are returned as they are, for
    the caller to refuse."""
    if value is None:
        return None
    text = " ".join(str(value).strip().lower().replace("_", " ").split())
    return text or None


def _field(feature: ogr.Feature, name: str, point_id: int, path: str) -> Union[str, int, float]:
    value = feature.GetField(name) if feature.IsFieldSetAndNotNull(name) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(f"Point {point_id} of '{path}' has no {name}; use the points written by the sampling "
                         "design (its stratum and stratum size are needed to weight it).")
    return value


def read_points(path: str) -> PointTable:
    try:
        ds = ogr.Open(path)
    except RuntimeError:
        ds = None
    if ds is None or ds.GetLayerCount() == 0:
        raise InputError(f"'{path}' is not a readable point layer; give the GeoPackage of the sampling design.")
    layer = ds.GetLayerByName(LAYER) or ds.GetLayer(0)
    names = {layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())}
    missing = [n for n in ("stratum", "stratum_px", "reference") if n not in names]
    if missing:
        raise InputError(f"'{path}' has no {', '.join(missing)} field; give the points written by the sampling "
                         "design, labelled in their 'reference' field.")
    table = PointTable([], [], [], [], [], {}, 1.0, layer.GetSpatialRef())
    for f in layer:
        pid = f.GetField("id") if "id" in names and f.IsFieldSetAndNotNull("id") else f.GetFID()
        stratum = str(_field(f, "stratum", pid, path)).strip()
        size = int(_field(f, "stratum_px", pid, path))
        if table.stratum_sizes.setdefault(stratum, size) != size:
            raise InputError(f"Point {pid} of '{path}' gives stratum '{stratum}' {size} pixels, another point "
                             f"{table.stratum_sizes[stratum]}; the points must come from one sampling design.")
        ref = normalise_reference(f.GetField("reference") if f.IsFieldSetAndNotNull("reference") else None)
        if ref is not None and ref not in REFERENCE_VALUES:
            raise InputError(f"Point {pid} of '{path}' is labelled '{f.GetField('reference')}'; the reference "
                             "field takes only 'change', 'no change' or 'unsure' (or stays empty).")
        geom = f.GetGeometryRef()
        table.ids.append(pid)
        table.strata.append(stratum)
        table.map_classes.append(normalise_reference(f.GetField("map_class")) if "map_class" in names else None)
        table.references.append(ref)
        table.xy.append((geom.GetX(), geom.GetY()) if geom is not None else None)
        if "pixel_area" in names and f.IsFieldSetAndNotNull("pixel_area"):
            table.pixel_area = float(f.GetField("pixel_area"))
    if not table.ids:
        raise InputError(f"'{path}' holds no point; run the sampling design first.")
    return table
