"""Two co-registered rasters read window by window with GDAL, with a validity mask that
is the union of both dates' invalid pixels (band nodata, GDAL mask/alpha bands, NaN/Inf)."""
import os
from typing import List, Optional, Sequence

import numpy as np
from osgeo import gdal

from .errors import InputError

gdal.UseExceptions()

FULL_READ_PIXELS = 4_000_000  # below this, statistics read every pixel; above, sampled windows
SAMPLE_WINDOW = 256


def _open(path: str, label: str) -> gdal.Dataset:
    if not path or not os.path.exists(path):
        raise InputError(f"{label} raster '{path}' does not exist; check the path.")
    try:
        ds = gdal.Open(path, gdal.GA_ReadOnly)
    except RuntimeError as exc:
        raise InputError(f"{label} raster '{path}' cannot be read by GDAL ({exc}); "
                         "choose a raster file (GeoTIFF, JP2, VRT...).") from None
    if ds is None or ds.RasterCount == 0:
        raise InputError(f"{label} file '{path}' is not a raster with bands; choose a raster file.")
    return ds


def _band_list(ds: gdal.Dataset, bands: Optional[Sequence[int]], label: str) -> List[int]:
    if not bands:
        return list(range(1, ds.RasterCount + 1))
    bad = [b for b in bands if not 1 <= int(b) <= ds.RasterCount]
    if bad:
        raise InputError(f"{label} has {ds.RasterCount} band(s); band(s) {bad} do not exist. "
                         f"Choose bands between 1 and {ds.RasterCount}.")
    return [int(b) for b in bands]


class RasterPair:
    """Read access to T1 and T2 on one pixel grid (T1's)."""

    def __init__(self, path1: str, path2: str, bands1=None, bands2=None):
        self.path1, self.path2 = path1, path2
        self.ds1, self.ds2 = _open(path1, "T1"), _open(path2, "T2")
        self.bands1 = _band_list(self.ds1, bands1, "T1")
        self.bands2 = _band_list(self.ds2, bands2, "T2")
        if len(self.bands1) != len(self.bands2):
            raise InputError(
                f"T1 has {len(self.bands1)} band(s) and T2 has {len(self.bands2)}; choose the same "
                "number of bands for each date with the band selection (e.g. 4,3,2 for T1 and 3,2,1 for T2).")
        self.width, self.height = self.ds1.RasterXSize, self.ds1.RasterYSize
        if (self.ds2.RasterXSize, self.ds2.RasterYSize) != (self.width, self.height):
            raise InputError(
                f"T1 is {self.width}x{self.height} pixels and T2 is {self.ds2.RasterXSize}x"
                f"{self.ds2.RasterYSize}; the rasters must share one pixel grid.")
        self.geotransform = self.ds1.GetGeoTransform(can_return_null=True)
        self.projection = self.ds1.GetProjection()

    @property
    def nbands(self) -> int:
        return len(self.bands1)

    def rgb_bands(self) -> Optional[List[int]]:
        """Indices (0-based, into the selected bands) of red, green, blue when T1 names them."""
        names = {}
        for i, b in enumerate(self.bands1):
            band = self.ds1.GetRasterBand(b)
            ci = band.GetColorInterpretation()
            key = {gdal.GCI_RedBand: "r", gdal.GCI_GreenBand: "g", gdal.GCI_BlueBand: "b"}.get(ci)
            if key is None:
                key = {"red": "r", "green": "g", "blue": "b"}.get((band.GetDescription() or "").lower())
            if key and key not in names:
                names[key] = i
        return [names["r"], names["g"], names["b"]] if len(names) == 3 else None

    def _read_one(self, ds, bands, x, y, w, h):
        data = np.empty((len(bands), h, w), np.float32)
        valid = np.ones((h, w), bool)
        for i, b in enumerate(bands):
            band = ds.GetRasterBand(b)
            arr = band.ReadAsArray(x, y, w, h).astype(np.float32)
            valid &= np.isfinite(arr)
            nodata = band.GetNoDataValue()
            if nodata is not None:
                valid &= ~(arr == np.float32(nodata)) if np.isfinite(nodata) else np.isfinite(arr)
            flags = band.GetMaskFlags()
            if not flags & gdal.GMF_ALL_VALID and not flags & gdal.GMF_NODATA:
                valid &= band.GetMaskBand().ReadAsArray(x, y, w, h) > 0
            data[i] = np.where(np.isfinite(arr), arr, 0.0)
        return data, valid

    def read(self, x: int, y: int, w: int, h: int):
        """Window -> (t1 (B,h,w) float32, t2 (B,h,w) float32, valid (h,w) bool)."""
        a1, v1 = self._read_one(self.ds1, self.bands1, x, y, w, h)
        a2, v2 = self._read_one(self.ds2, self.bands2, x, y, w, h)
        return a1, a2, v1 & v2

    def sample_pixels(self, max_pixels: int, rng: np.random.Generator):
        """Up to max_pixels (N, B) samples of pixels valid on both dates, read from the whole
        raster when small and from random windows when large (bounded memory)."""
        if self.width * self.height <= FULL_READ_PIXELS:
            windows = [(0, 0, self.width, self.height)]
        else:
            ws, hs = min(SAMPLE_WINDOW, self.width), min(SAMPLE_WINDOW, self.height)
            count = max(1, min(256, 4 * max_pixels // (ws * hs)))
            xs = rng.integers(0, self.width - ws + 1, count)
            ys = rng.integers(0, self.height - hs + 1, count)
            windows = [(int(x), int(y), ws, hs) for x, y in zip(xs, ys)]
        p1, p2 = [], []
        for x, y, w, h in windows:
            a1, a2, valid = self.read(x, y, w, h)
            p1.append(a1[:, valid].T)
            p2.append(a2[:, valid].T)
        s1, s2 = np.concatenate(p1), np.concatenate(p2)
        if len(s1) > max_pixels:
            keep = rng.choice(len(s1), max_pixels, replace=False)
            s1, s2 = s1[keep], s2[keep]
        return s1, s2

    def close(self) -> None:
        self.ds1 = self.ds2 = None
