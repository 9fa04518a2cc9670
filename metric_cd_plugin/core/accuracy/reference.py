"""The reference on the change map's pixel grid, both read by strips keeping only the pixels
that can count: memory follows the labels (usually sparse), not the raster.

A reference on the change map's grid (same size, geotransform and CRS), or two rasters of one
size when either has no georeference, is read as it is. Otherwise GDAL warps the reference onto
the change map's grid (reprojecting when the CRS differ) into a lazy in-memory VRT, nearest
neighbour since labels are categories, with an alpha band marking its footprint: change-map
pixels outside it are unlabelled. The reference's nodata value is not applied, on either path:
its own value 0 says "not labelled"."""
from typing import List, Optional, Tuple

import numpy as np
from osgeo import gdal

from ..raster.alignment import shift_on_grid, warp_onto_grid
from ..errors import InputError
from ..raster.grid import PixelWindow, overlap_window, same_crs, spatial_ref
from ..raster.pair import _alpha_bands, nodata_invalid, read_errors_named
from ..raster.sources import open_raster

gdal.UseExceptions()

STRIP_ROWS = 512  # rows read at once (rounded to whole blocks of the change map)

GEOREFERENCE_HOW = "e.g. with the Georeferencer, or gdal_translate -a_srs -a_ullr"


def _not_georeferenced(size_s: Tuple[int, int], size_r: Tuple[int, int], score_geo: bool,
                       reference_geo: bool) -> InputError:
    which, fix = (("neither raster is", "both") if not (score_geo or reference_geo) else
                  ("the change map is not", "the change map") if not score_geo else
                  ("the reference is not", "the reference"))
    return InputError(
        f"The change map is {size_s[0]}x{size_s[1]} pixels and the reference {size_r[0]}x{size_r[1]}, "
        f"and {which} georeferenced, so they can only be compared pixel to pixel; georeference "
        f"{fix} ({GEOREFERENCE_HOW}) or give a reference of the change map's size.")


def reference_on_grid(ds_s: gdal.Dataset, ds_r: gdal.Dataset) -> Tuple[gdal.Dataset, Optional[int]]:
    """(the reference on the change map's grid, the band marking its footprint or None)."""
    size_s, size_r = (ds_s.RasterXSize, ds_s.RasterYSize), (ds_r.RasterXSize, ds_r.RasterYSize)
    gt_s, gt_r = ds_s.GetGeoTransform(can_return_null=True), ds_r.GetGeoTransform(can_return_null=True)
    reference_geo = gt_r is not None or ds_r.GetGCPCount() > 0  # control points can be warped too
    if gt_s is None or not reference_geo:
        if size_s == size_r:
            return ds_r, None
        raise _not_georeferenced(size_s, size_r, gt_s is not None, reference_geo)
    srs_s, srs_r = spatial_ref(ds_s), spatial_ref(ds_r)
    same_grid = size_s == size_r and gt_r is not None and shift_on_grid(gt_s, gt_r) == (0, 0)
    if same_grid and (same_crs(srs_s, srs_r) or srs_s is None or srs_r is None):
        return ds_r, None  # one grid; a missing CRS is taken to be the other's
    if (srs_s is None) != (srs_r is None):
        without, other = ("change map", "reference") if srs_s is None else ("reference", "change map")
        raise InputError(f"The {without} has no CRS while the {other} has one, so the reference cannot "
                         f"be put on the change map's grid; set the {without}'s CRS (Layer Properties > "
                         "Source, or gdal_edit -a_srs).")
    window, touching = overlap_window(ds_s, ds_r)
    if window is None:
        raise InputError(("The reference covers less than one pixel of the change map" if touching else
                          "The change map and the reference do not overlap")
                         + "; check that they show the same place and that their CRS are set.")
    warped = warp_onto_grid(ds_r, gt_s, ds_s.GetProjectionRef(), PixelWindow(0, 0, *size_s), "near", srcNodata="None")
    return warped, warped.RasterCount


def read_labelled(score_path: str, reference_path: str, nodata: Optional[float],
                  unlabelled: Optional[float]) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """-> (scores, reference values) of the pixels that count, in row order, as 1-D arrays in
    the bands' own types, and every distinct reference value inside its footprint (to check
    the reference kind on all of them, as a whole-raster read would).

    A pixel counts when its score is valid (finite, not ``nodata`` or the band's nodata), it
    lies inside the reference and its reference value is not ``unlabelled`` (None: all are)."""
    ds_s, ds_r = open_raster(score_path, "Change map"), open_raster(reference_path, "Reference")
    data_bands = ds_s.RasterCount - len(_alpha_bands(ds_s))
    if data_bands > 1:  # band 1 alone would be scored without a word
        raise InputError(f"The change map '{score_path}' has {data_bands} bands; accuracy scores a one-band "
                         "change map (probability, score or mask): save the band to score alone "
                         "(e.g. gdal_translate -b 1) and choose that.")
    ref_ds, footprint = reference_on_grid(ds_s, ds_r)
    band_s, band_r = ds_s.GetRasterBand(1), ref_ds.GetRasterBand(1)
    nd = band_s.GetNoDataValue() if nodata is None else nodata
    width, height = ds_s.RasterXSize, ds_s.RasterYSize
    block = max(1, band_s.GetBlockSize()[1])
    rows = max(block, STRIP_ROWS // block * block)
    scores: List[np.ndarray] = []
    labels: List[np.ndarray] = []
    values: List[np.ndarray] = []
    for y in range(0, height, rows):
        h = min(rows, height - y)
        with read_errors_named("Change map", score_path):
            raw = band_s.ReadAsArray(0, y, width, h)
        with read_errors_named("Reference", reference_path):
            ref = band_r.ReadAsArray(0, y, width, h)
            inside = (ref_ds.GetRasterBand(footprint).ReadAsArray(0, y, width, h) > 0
                      if footprint else np.ones(ref.shape, bool))
        values.append(np.unique(ref[inside]))
        keep = inside & np.isfinite(raw)
        invalid = nodata_invalid(raw, nd)
        if invalid is not None:
            keep &= ~invalid
        if unlabelled is not None:
            keep &= ref != unlabelled
        scores.append(raw[keep])
        labels.append(ref[keep])
    return np.concatenate(scores), np.concatenate(labels), np.unique(np.concatenate(values))
