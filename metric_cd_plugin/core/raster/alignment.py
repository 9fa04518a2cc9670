"""Put T2 on T1's pixel grid over the area both rasters cover, optionally cut to a region
of interest, and say in one sentence what was done.

The processed grid is always T1's grid, windowed to the overlap: T1 is read at a pixel
offset (never resampled). T2 is read at a pixel offset too when it lies on the same grid
(same CRS, pixel size and rotation, whole-pixel shift); otherwise it is warped with GDAL
into an in-memory VRT on that window (lazy: only the windows read are computed), bilinear
for continuous data and nearest neighbour for categorical data (colour table or attribute
table). Rasters without any georeference are compared pixel to pixel."""
import math
import re
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple, Union

from osgeo import gdal, osr

from ..errors import InputError
from .sources import PALETTE_COLOURS
from .grid import (EPS, PixelWindow, area_label, crs_label, extent_window, overlap_window,
                   pixel_label, same_crs, spatial_ref, window_geotransform)

gdal.UseExceptions()

NO_OVERLAP = ("T1 and T2 do not overlap; check that they show the same place and that their "
              "CRS are set.")


@dataclass
class Source:
    """A dataset read at a pixel offset: pixel (x, y) of the grid is (x + xoff, y + yoff) here."""
    ds: gdal.Dataset
    xoff: int = 0
    yoff: int = 0


@dataclass
class Alignment:
    t1: Source
    t2: Source
    width: int
    height: int
    geotransform: Optional[Tuple[float, ...]]  # None without georeference
    projection: str
    note: str


def _georeferenced(ds: gdal.Dataset) -> bool:
    return ds.GetGeoTransform(can_return_null=True) is not None or ds.GetGCPCount() > 0


def _is_categorical(ds: gdal.Dataset, bands: Sequence[int]) -> bool:
    if ds.GetMetadataItem(PALETTE_COLOURS):  # a palette read as its colours: categories all the same
        return True
    for b in bands:
        band = ds.GetRasterBand(b)
        if (band.GetColorTable() is not None or band.GetDefaultRAT() is not None
                or band.GetColorInterpretation() == gdal.GCI_PaletteIndex):
            return True
    return False


def shift_on_grid(gt1: Sequence[float], gt2: Sequence[float]) -> Optional[Tuple[int, int]]:
    """(dx, dy) when T2's pixel (0, 0) is T1's pixel (dx, dy) and both grids have the same
    pixel size and rotation; None otherwise."""
    if any(abs(a - b) > EPS * max(abs(a), abs(b), 1e-12) for a, b in zip(
            (gt1[1], gt1[2], gt1[4], gt1[5]), (gt2[1], gt2[2], gt2[4], gt2[5]))):
        return None
    dx, dy = gdal.ApplyGeoTransform(gdal.InvGeoTransform(gt1), gt2[0], gt2[3])
    if abs(dx - round(dx)) > 1e-3 or abs(dy - round(dy)) > 1e-3:
        return None
    return int(round(dx)), int(round(dy))


def warp_onto_grid(ds2: gdal.Dataset, gt: Sequence[float], wkt: str, window: PixelWindow, resampling: str,
                   **options: object) -> gdal.Dataset:
    """T2 warped onto the grid (gt, window size) as a lazy in-memory VRT with an alpha band
    marking where T2 has data. A rotated target grid is written into the VRT's XML, since
    gdal.Warp only takes north-up bounds. ``options`` go to gdal.Warp as they are."""
    north_up = gt[2] == 0 and gt[4] == 0 and gt[1] > 0 and gt[5] < 0
    bounds_gt = gt if north_up else (0.0, 1.0, 0.0, float(window.height), 0.0, -1.0)
    bounds = (bounds_gt[0], bounds_gt[3] + window.height * bounds_gt[5],
              bounds_gt[0] + window.width * bounds_gt[1], bounds_gt[3])
    vrt = gdal.Warp("", ds2, format="VRT", outputBounds=bounds, width=window.width,
                    height=window.height, dstSRS=wkt or None, resampleAlg=resampling, dstAlpha=True, **options)
    if north_up:
        return vrt
    xml = vrt.GetMetadata("xml:VRT")[0]
    inv = gdal.InvGeoTransform(gt)

    def put(tag: str, values: Sequence[float], text: str) -> str:
        joined = ",".join(repr(float(v)) for v in values)
        return re.sub(rf"<{tag}>[^<]*</{tag}>", f"<{tag}>{joined}</{tag}>", text)
    xml = put("GeoTransform", gt, xml)
    xml = put("DstGeoTransform", gt, xml)
    xml = put("DstInvGeoTransform", inv, xml)
    return gdal.Open(xml)


def _rpc_box(ds: gdal.Dataset) -> Optional[Tuple[float, ...]]:
    """(lat, long, lat half-height, long half-width) in degrees of the ground an RPC model
    covers (its offsets and scales: normalised coordinates -1..1 span the image), or None."""
    rpc = ds.GetMetadata("RPC") or {}
    try:
        return tuple(float(str(rpc[key]).split()[0]) for key in ("LAT_OFF", "LONG_OFF", "LAT_SCALE", "LONG_SCALE"))
    except (KeyError, ValueError, IndexError):
        return None


def _rpc_places_differ(ds1: gdal.Dataset, ds2: gdal.Dataset) -> Optional[InputError]:
    """Why two RPC-only scenes show different places (their RPC boxes do not meet), or None."""
    box1, box2 = _rpc_box(ds1), _rpc_box(ds2)
    if box1 is None or box2 is None:
        return None
    dlat = abs(box1[0] - box2[0])
    dlong = abs((box1[1] - box2[1] + 180.0) % 360.0 - 180.0)  # across the antimeridian too
    if dlat <= abs(box1[2]) + abs(box2[2]) and dlong <= abs(box1[3]) + abs(box2[3]):
        return None
    where = [f"{label} around {lat:.2f}, {lon:.2f}" for label, (lat, lon, _, _) in (("T1", box1), ("T2", box2))]
    return InputError(f"T1 and T2 have only RPCs (a sensor model) and the ground they cover does not overlap "
                      f"({where[0]}; {where[1]} degrees of latitude, longitude), so they show different places; "
                      "choose two scenes of the same place, orthorectified (gdalwarp -rpc) to compare them by "
                      "place.", code="rpc_elsewhere", t1_lat=box1[0], t1_lon=box1[1], t2_lat=box2[0], t2_lon=box2[1])


def _pixel_to_pixel(ds1: gdal.Dataset, ds2: gdal.Dataset, extent: Optional[Sequence[float]]) -> Alignment:
    size1, size2 = (ds1.RasterXSize, ds1.RasterYSize), (ds2.RasterXSize, ds2.RasterYSize)
    if size1 != size2:
        raise InputError(
            f"Neither raster is georeferenced and T1 is {size1[0]}x{size1[1]} pixels while T2 is "
            f"{size2[0]}x{size2[1]}; without a georeference they can only be compared pixel to "
            "pixel, so georeference both (e.g. with the Georeferencer) or give rasters of one size.",
            code="sizes_differ_ungeoreferenced", t1_width=size1[0], t1_height=size1[1], t2_width=size2[0],
            t2_height=size2[1])
    if extent is not None:
        raise InputError("An extent needs georeferenced rasters, and T1 and T2 have no "
                         "georeference; leave the extent empty or georeference them.",
                         code="extent_needs_georeference")
    elsewhere = _rpc_places_differ(ds1, ds2)
    if elsewhere:
        raise elsewhere
    note = (f"Neither raster is georeferenced; T1 and T2 were compared pixel to pixel "
            f"({size1[0]} x {size1[1]} px).")
    rpc = [label for label, ds in (("T1", ds1), ("T2", ds2)) if ds.GetMetadata("RPC")]
    if rpc:  # a sensor model is not a grid: say that it was not used
        note += (f" {' and '.join(rpc)} {'has' if len(rpc) == 1 else 'have'} only RPCs (a sensor model), not "
                 "used here: orthorectify (gdalwarp -rpc) to compare them by place.")
    return Alignment(Source(ds1), Source(ds2), size1[0], size1[1], None, "", note)


def _missing_georef(label_with: str, label_without: str) -> InputError:
    return InputError(
        f"{label_with} is georeferenced but {label_without} is not, so they cannot be put on one "
        f"grid; georeference {label_without} (e.g. with the Georeferencer, or gdal_translate -a_srs "
        "-a_ullr), or give two rasters of one size without georeference.", code="georeference_missing",
        georeferenced=label_with, missing=label_without)


def _t1_on_north_up_grid(ds1: gdal.Dataset) -> gdal.Dataset:
    """T1 georeferenced by ground control points only: warped (lazily) onto a regular grid."""
    return gdal.Warp("", ds1, format="VRT", dstAlpha=True, resampleAlg="bilinear")


def align(ds1: gdal.Dataset, ds2: gdal.Dataset, bands2: Sequence[int],
          extent: Optional[Sequence[float]] = None) -> Alignment:
    """The common grid of T1 and T2 (T1's, over the overlap, cut to extent when given:
    xmin, ymin, xmax, ymax in T1's CRS)."""
    extent = parse_extent(extent)
    geo1, geo2 = _georeferenced(ds1), _georeferenced(ds2)
    if not geo1 and not geo2:
        return _pixel_to_pixel(ds1, ds2, extent)
    if geo1 != geo2:
        raise _missing_georef("T1", "T2") if geo1 else _missing_georef("T2", "T1")
    prefix = ""
    if ds1.GetGeoTransform(can_return_null=True) is None:
        ds1 = _t1_on_north_up_grid(ds1)
        prefix = "T1 (georeferenced by control points) was warped onto a north-up grid; "
    gt1, gt2 = ds1.GetGeoTransform(), ds2.GetGeoTransform(can_return_null=True)
    for label, gt in (("T1", gt1), ("T2", gt2)):
        if gt is not None and not (all(math.isfinite(v) for v in gt) and gt[1] * gt[5] - gt[2] * gt[4] != 0):
            raise InputError(f"{label}'s geotransform {tuple(gt)} has a zero pixel size or a NaN, so its pixels "
                             "have no place; fix its georeference (gdal_edit -a_ullr, or the Georeferencer).",
                             code="geotransform_invalid", label=label, geotransform=str(tuple(gt)))
    srs1, srs2 = spatial_ref(ds1), spatial_ref(ds2)
    ds2, turned = _same_longitudes(ds1, ds2, srs1, srs2)
    if turned:
        gt2 = ds2.GetGeoTransform()
        prefix += f"T2's longitudes were taken {turned:+g}° across the antimeridian; "
    same_size = (ds1.RasterXSize, ds1.RasterYSize) == (ds2.RasterXSize, ds2.RasterYSize)
    shift = shift_on_grid(gt1, gt2) if gt2 is not None else None
    if (srs1 is None) != (srs2 is None):
        if shift == (0, 0) and same_size:  # one lost its CRS; the grids are identical
            return _crs_from_the_other(ds1, ds2, extent, gt1, srs1, srs2)
        without = "T1" if srs1 is None else "T2"
        raise InputError(f"{without} has no CRS while the other raster has one, so they cannot be "
                         f"aligned; set {without}'s CRS (Layer Properties > Source, or gdal_edit -a_srs).",
                         code="crs_missing", label=without)
    try:
        window, touching = overlap_window(ds1, ds2)
    except RuntimeError as exc:  # GDAL finds no operation between the two CRS
        # PROJ names both CRS after its reason (WKT on GDAL 3.6, multi-line PROJJSON on 3.10):
        # the reason alone, on one line; the message names the CRS itself
        reason = " ".join(str(exc).split(" from `")[0].split()).rstrip(".")
        raise InputError(f"T2's CRS ({crs_label(srs2)}) cannot be converted to T1's ({crs_label(srs1)}): {reason}. "
                         "A local (engineering) CRS has no link to a map projection; give both rasters "
                         "in one CRS.", code="crs_unconvertible", crs2=crs_label(srs2), crs1=crs_label(srs1),
                         reason=reason) from None
    if window is None:
        raise (InputError(NO_OVERLAP, code="no_overlap") if not touching else
               InputError("T1 and T2 overlap by less than one pixel of T1; check that they show "
                          "the same place and that their CRS are set.", code="overlap_under_pixel"))
    if same_crs(srs1, srs2) and shift is not None:
        if shift == (0, 0) and same_size:
            note = (f"T1 and T2 share one pixel grid ({crs_label(srs1)}, {pixel_label(gt1, srs1)}); "
                    "no resampling.")
        else:
            note = (f"T2 lies on T1's pixel grid ({crs_label(srs1)}, {pixel_label(gt1, srs1)}), shifted "
                    f"by ({shift[0]}, {shift[1]}) px; compared without resampling over the "
                    f"{area_label(window, gt1, srs1)} overlap.")
        return _windowed(ds1, ds2, shift, window, extent, gt1, ds1.GetProjectionRef(), prefix + note, srs1)
    return _warped(ds1, ds2, bands2, _cut(window, extent, gt1), extent, prefix)


def _same_longitudes(ds1: gdal.Dataset, ds2: gdal.Dataset, srs1: Optional[osr.SpatialReference],
                     srs2: Optional[osr.SpatialReference]) -> Tuple[gdal.Dataset, float]:
    """In one geographic CRS, T2 numbered on the other side of the antimeridian (-179.5
    for 180.5) is moved by 360° (a lazy VRT with that origin), so that grid arithmetic sees
    the place twice the same way. -> (T2 to use, degrees moved, 0 when none)."""
    gt1, gt2 = ds1.GetGeoTransform(), ds2.GetGeoTransform(can_return_null=True)
    if gt2 is None or srs1 is None or not srs1.IsGeographic() or not same_crs(srs1, srs2):
        return ds2, 0
    centre1 = gdal.ApplyGeoTransform(gt1, ds1.RasterXSize / 2, ds1.RasterYSize / 2)[0]
    centre2 = gdal.ApplyGeoTransform(gt2, ds2.RasterXSize / 2, ds2.RasterYSize / 2)[0]
    turns = round((centre1 - centre2) / 360.0)
    if turns == 0:
        return ds2, 0
    moved = gdal.Translate("", ds2, format="VRT")
    moved.SetGeoTransform((gt2[0] + 360.0 * turns,) + tuple(gt2[1:]))
    return moved, 360.0 * turns


def _crs_from_the_other(ds1: gdal.Dataset, ds2: gdal.Dataset, extent: Optional[Sequence[float]], gt1: Sequence[float],
                        srs1: Optional[osr.SpatialReference], srs2: Optional[osr.SpatialReference]) -> Alignment:
    """Identical grids, one without CRS: read pixel to pixel, the output gets the CRS there is."""
    note = (f"T1 and T2 share one pixel grid ({ds1.RasterXSize} x {ds1.RasterYSize} px); "
            f"{'T1' if srs1 is None else 'T2'} has no CRS and was taken to be the other's.")
    return _windowed(ds1, ds2, (0, 0), PixelWindow(0, 0, ds1.RasterXSize, ds1.RasterYSize), extent, gt1,
                     ds1.GetProjectionRef() or ds2.GetProjectionRef(), note, srs1 or srs2)


def _warped(ds1: gdal.Dataset, ds2: gdal.Dataset, bands2: Sequence[int], window: PixelWindow,
            extent: Optional[Sequence[float]], prefix: str) -> Alignment:
    """T1 read at the window's offset, T2 warped onto that window of T1's grid."""
    gt1, gt2 = ds1.GetGeoTransform(), ds2.GetGeoTransform(can_return_null=True)
    srs1, srs2 = spatial_ref(ds1), spatial_ref(ds2)
    resampling = "near" if _is_categorical(ds2, bands2) else "bilinear"
    wgt = window_geotransform(gt1, window.x0, window.y0)
    warped = warp_onto_grid(ds2, wgt, ds1.GetProjectionRef(), window, resampling)
    t2_desc = f"{crs_label(srs2)}, {pixel_label(gt2, srs2) if gt2 is not None else 'control points'}"
    note = (f"{prefix}T2 ({t2_desc}) was warped onto T1's grid ({crs_label(srs1)}, "
            f"{pixel_label(gt1, srs1)}) over the {area_label(window, gt1, srs1)} "
            f"{'overlap' if extent is None else 'part of the extent both cover'}, "
            f"{'nearest neighbour' if resampling == 'near' else 'bilinear'}.")
    return Alignment(Source(ds1, window.x0, window.y0), Source(warped), window.width, window.height,
                     wgt, ds1.GetProjectionRef(), note)


def parse_extent(extent: Union[None, str, Sequence[float]]) -> Optional[Tuple[float, float, float, float]]:
    """None, 'xmin,ymin,xmax,ymax' or four numbers -> a checked tuple of floats (or None)."""
    if extent is None or (isinstance(extent, str) and not extent.strip()):
        return None
    from ..request.parse import checked  # the run schema's one reading of an extent
    x0, y0, x1, y1 = checked("extent", extent)
    return x0, y0, x1, y1


def _cut(window: PixelWindow, extent: Optional[Sequence[float]], gt: Sequence[float]) -> PixelWindow:
    if extent is None:
        return window
    cut = extent_window(gt, extent)
    cut = cut.intersect(window) if cut is not None else None
    if cut is None:
        raise InputError(f"The extent {list(extent)} does not cover any part of the area T1 and T2 "
                         "share; give an extent inside that area, in T1's CRS.", code="extent_outside",
                         extent=str(list(extent)))
    return cut


def _windowed(ds1: gdal.Dataset, ds2: gdal.Dataset, shift: Tuple[int, int], window: PixelWindow,
              extent: Optional[Sequence[float]], gt1: Sequence[float], projection: str, note: str,
              srs: Optional[osr.SpatialReference]) -> Alignment:
    """Both rasters read at pixel offsets (no resampling) over window, cut to extent."""
    cut = _cut(window, extent, gt1)
    if extent is not None:
        note += f" Cut to the extent: {area_label(cut, gt1, srs)}."
    x2, y2 = cut.x0 - shift[0], cut.y0 - shift[1]
    if x2 < 0 or y2 < 0 or x2 + cut.width > ds2.RasterXSize or y2 + cut.height > ds2.RasterYSize:
        raise InputError("The area T1 and T2 share falls outside T2's pixels on T1's grid (their "
                         "georeferences disagree, e.g. longitudes numbered past 180°); check both "
                         "georeferences, or warp T2 onto T1's grid first (gdalwarp).", code="outside_t2_pixels")
    return Alignment(Source(ds1, cut.x0, cut.y0), Source(ds2, cut.x0 - shift[0], cut.y0 - shift[1]),
                     cut.width, cut.height, window_geotransform(gt1, cut.x0, cut.y0), projection, note)
