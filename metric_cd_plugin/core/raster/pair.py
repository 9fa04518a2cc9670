"""Two rasters read window by window on one pixel grid (T1's, over the area both cover;
see alignment.py), with a validity mask that is the union of both dates' invalid pixels:
band nodata, GDAL per-dataset and per-band mask bands, alpha bands, NaN/Inf."""
import contextlib
import math
import os
from typing import TYPE_CHECKING, Iterator, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal

from .alignment import Source, align
from .memory import check_band_count, check_memory
from .sources import PALETTE_COLOURS, check_real_bands, open_source
from ..coded import Coded
from ..errors import InputError, coded_error

if TYPE_CHECKING:  # kind.py imports this module
    from .kind import PairSource

gdal.UseExceptions()

FULL_READ_PIXELS = 4_000_000  # below this, statistics read every pixel; above, sampled windows
SAMPLE_WINDOW = 256


def same_file(path1: str, path2: str) -> bool:
    """True when two paths name one file, through relative paths, symbolic and hard links."""
    try:
        return os.path.samefile(path1, path2)
    except (OSError, TypeError, ValueError):  # not both on disk (e.g. /vsi paths): compare the names
        return os.path.normpath(os.path.abspath(str(path1))) == os.path.normpath(os.path.abspath(str(path2)))


def same_source_problem(path1: str, path2: str, bands1: Optional[Sequence[int]],
                        bands2: Optional[Sequence[int]]) -> Optional[Coded]:
    """Why T1 and T2 cannot be compared when they are one raster read with the same bands
    (which gives an all-zero map): None when they differ. Different bands of one file are
    allowed, for files that stack both dates."""
    if bands1 != bands2 or not same_file(path1, path2):
        return None
    return Coded(f"T1 and T2 are the same raster ('{path2}'); choose the rasters of the two dates to compare "
                 "(or, for a file that holds both dates, different bands for each).", "same_raster", {"path": path2})


def _colours(ds: gdal.Dataset) -> bool:
    """A paletted raster read as its colours (sources.open_source)."""
    return ds.GetMetadataItem(PALETTE_COLOURS) == "YES"


def _has_valid_value(band: gdal.Band) -> bool:
    """False for a band that is NaN or nodata everywhere (GDAL finds no minimum)."""
    try:
        low, high = band.ComputeRasterMinMax(False)
    except RuntimeError:
        return False
    return not (math.isnan(low) and math.isnan(high))


def _alpha_bands(ds: gdal.Dataset) -> List[int]:
    return [b for b in range(1, ds.RasterCount + 1)
            if ds.GetRasterBand(b).GetColorInterpretation() == gdal.GCI_AlphaBand]


def _band_list(ds: gdal.Dataset, bands: Optional[Sequence[int]], label: str) -> List[int]:
    """The chosen bands, or by default every band but alpha (alpha says where data is)."""
    if not bands:
        alpha = _alpha_bands(ds)
        return [b for b in range(1, ds.RasterCount + 1) if b not in alpha] or [1]
    bad = [b for b in bands if not 1 <= int(b) <= ds.RasterCount]
    if bad:
        raise InputError(f"{label} has {ds.RasterCount} band(s); band(s) {bad} do not exist. "
                         f"Choose bands between 1 and {ds.RasterCount}.", code="bands_missing", label=label,
                         count=ds.RasterCount, bad=bad)
    return [int(b) for b in bands]


def nodata_invalid(raw: np.ndarray, nodata: Optional[float]) -> Optional[np.ndarray]:
    """Pixels equal to the band's nodata, compared in the band's own type (a nodata value
    the type cannot hold matches nothing; NaN nodata is caught by the finite test)."""
    if nodata is None or not np.isfinite(nodata):
        return None
    if np.issubdtype(raw.dtype, np.integer):
        info = np.iinfo(raw.dtype)
        if nodata != int(nodata) or not info.min <= nodata <= info.max:
            return None
    return raw == raw.dtype.type(nodata)


FLOAT32_SAFE = (1e-30, 1e30)  # |values| outside: float64 bands are scaled (by a power of 2) first


def _largest_finite(band: gdal.Band) -> float:
    top, rows = 0.0, max(1, band.GetBlockSize()[1])
    for y in range(0, band.YSize, rows):
        raw = band.ReadAsArray(0, y, band.XSize, min(rows, band.YSize - y))
        invalid = nodata_invalid(raw, band.GetNoDataValue())
        values = np.abs(raw[np.isfinite(raw) & (True if invalid is None else ~invalid)])
        top = max(top, float(values.max())) if values.size else top
    return top


def float64_exponents(ds: gdal.Dataset, bands: Sequence[int]) -> Optional[np.ndarray]:
    """Per band, the power of 2 that brings a Float64 band's largest |value| near 1 when it
    lies outside FLOAT32_SAFE (1e300 would become inf, 1e-318 zero in float32); None when no
    band needs it. The methods are invariant to a per-band scale of either date."""
    exponents = []
    for b in bands:
        band = ds.GetRasterBand(b)
        exponent = 0
        if band.DataType == gdal.GDT_Float64:
            try:
                low, high = band.ComputeRasterMinMax(False)
            except RuntimeError:  # no valid value: nothing to scale
                low = high = 0.0
            top = max(abs(low), abs(high))
            if not math.isfinite(top):  # GDAL's min/max counts Inf: the finite values, by strips
                top = _largest_finite(band)
            if top and not FLOAT32_SAFE[0] <= top <= FLOAT32_SAFE[1]:
                exponent = -math.frexp(top)[1]
        exponents.append(exponent)
    return np.array(exponents)[:, None, None] if any(exponents) else None


def read_valid(src: Source, bands: Sequence[int], x: int, y: int, w: int, h: int,
               exponents: Optional[np.ndarray] = None) -> Tuple[np.ndarray, np.ndarray]:
    """Window of one date -> ((B, h, w) float32 with 0 where invalid, (h, w) valid).
    exponents: see float64_exponents, applied in float64 before the cast."""
    ds, x, y = src.ds, x + src.xoff, y + src.yoff
    raw = ds.ReadAsArray(x, y, w, h, band_list=list(bands)).reshape(len(bands), h, w)
    valid = np.ones((h, w), bool)
    shared_mask_read = alpha_read = False
    for i, b in enumerate(bands):
        band = ds.GetRasterBand(b)
        invalid = nodata_invalid(raw[i], band.GetNoDataValue())
        if invalid is not None:
            valid &= ~invalid
        flags = band.GetMaskFlags()
        if flags & gdal.GMF_PER_DATASET:  # mask or alpha shared by all bands: read it once
            if not shared_mask_read:
                valid &= band.GetMaskBand().ReadAsArray(x, y, w, h) > 0
                shared_mask_read, alpha_read = True, bool(flags & gdal.GMF_ALPHA)
        elif not flags & (gdal.GMF_ALL_VALID | gdal.GMF_NODATA):  # a mask of this band only
            valid &= band.GetMaskBand().ReadAsArray(x, y, w, h) > 0
    if not alpha_read:  # band nodata hides an alpha band from GetMaskFlags: apply both
        for b in _alpha_bands(ds):
            valid &= ds.GetRasterBand(b).ReadAsArray(x, y, w, h) > 0
    with np.errstate(over="ignore"):  # float64 values beyond float32's range become inf: invalid
        data = (raw if exponents is None else np.ldexp(raw, exponents)).astype(np.float32)  # ldexp: exact
    finite = np.isfinite(data)
    valid &= finite.all(axis=0)
    data[~finite] = 0.0
    return data, valid


@contextlib.contextmanager
def read_errors_named(label: str, path: str) -> Iterator[None]:
    """GDAL's read error (a truncated or damaged file opens, then fails on the first block
    it cannot decode) becomes a message naming the file and what to do."""
    try:
        yield
    except RuntimeError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "no reason given"
        if str(path).lower().endswith(".vrt"):  # the VRT itself is text; its sources fail
            raise InputError(f"{label} raster '{path}' is a virtual raster (VRT) whose source cannot be read "
                             f"({reason}); check that the files it refers to exist and that it does not "
                             "refer to itself.", code="vrt_source_unreadable", label=label, path=path,
                             reason=reason) from None
        raise InputError(f"{label} raster '{path}' cannot be read ({reason}); the file is damaged or "
                         "incomplete (e.g. an interrupted copy or download): copy it again or choose "
                         "another file.", code="input_damaged", label=label, path=path, reason=reason) from None


class RasterPair:
    """Read access to T1 and T2 on one pixel grid: T1's, over the area both cover (cut to
    extent = (xmin, ymin, xmax, ymax) in T1's CRS when given). alignment_note says how."""

    def __init__(self, path1: str, path2: str, bands1: Optional[Sequence[int]] = None,
                 bands2: Optional[Sequence[int]] = None, extent: Optional[Sequence[float]] = None) -> None:
        self.path1, self.path2 = path1, path2
        (self.ds1, note1), (self.ds2, note2) = open_source(path1, "T1", True), open_source(path2, "T2", True)
        # a paletted raster's one band became its colours: its band 1 means all of them
        self.bands1 = _band_list(self.ds1, None if _colours(self.ds1) and list(bands1 or []) == [1] else bands1, "T1")
        self.bands2 = _band_list(self.ds2, None if _colours(self.ds2) and list(bands2 or []) == [1] else bands2, "T2")
        too_many = check_band_count(max(len(self.bands1), len(self.bands2)))
        if too_many:
            raise coded_error(too_many)
        check_real_bands(self.ds1, self.bands1, "T1", path1)
        check_real_bands(self.ds2, self.bands2, "T2", path2)
        if len(self.bands1) != len(self.bands2):
            raise InputError(
                f"T1 has {len(self.bands1)} band(s) and T2 has {len(self.bands2)}; choose the same "
                "number of bands for each date with the band selection (e.g. 4,3,2 for T1 and 3,2,1 for T2).",
                code="band_counts_differ", t1=len(self.bands1), t2=len(self.bands2))
        same = same_source_problem(path1, path2, self.bands1, self.bands2)
        if same:
            raise coded_error(same)
        grid = align(self.ds1, self.ds2, self.bands2, extent)
        too_much = check_memory(len(self.bands1), grid.width, grid.height)
        if too_much:
            raise coded_error(too_much)
        self.src1, self.src2 = grid.t1, grid.t2
        self.width, self.height = grid.width, grid.height
        self.geotransform, self.projection = grid.geotransform, grid.projection
        self.exp1, self.exp2 = float64_exponents(self.ds1, self.bands1), float64_exponents(self.ds2, self.bands2)
        scaled = [label for label, e in (("T1", self.exp1), ("T2", self.exp2)) if e is not None]
        scaled_note = (f"{' and '.join(scaled)}'s 64-bit values were scaled by a power of 2 to fit 32-bit "
                       "computation. ") if scaled else ""
        self.alignment_note = note1 + note2 + scaled_note + grid.note

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

    def block_aligned(self, tile: int) -> int:
        """tile rounded to a multiple of the sources' block sizes when they are tiled and
        read at block-aligned offsets, so that each tile decodes whole blocks."""
        sides = []
        for src in (self.src1, self.src2):
            bw, bh = src.ds.GetRasterBand(1).GetBlockSize()
            if bw < src.ds.RasterXSize and bh > 1 and src.xoff % bw == 0 and src.yoff % bh == 0:
                sides += [bw, bh]
        block = math.lcm(*sides) if sides else 0
        if not block or block > 2 * tile:  # never let huge blocks blow up the tile's memory
            return tile
        return max(block, round(tile / block) * block)

    def read(self, x: int, y: int, w: int, h: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Window -> (t1 (B,h,w) float32, t2 (B,h,w) float32, valid (h,w) bool)."""
        with read_errors_named("T1", self.path1):
            a1, v1 = read_valid(self.src1, self.bands1, x, y, w, h, self.exp1)
        with read_errors_named("T2", self.path2):
            a2, v2 = read_valid(self.src2, self.bands2, x, y, w, h, self.exp2)
        return a1, a2, v1 & v2

    def sample_pixels(self: "PairSource", max_pixels: int, rng: np.random.Generator) -> Tuple[np.ndarray, np.ndarray]:
        """Up to max_pixels (N, B) samples of pixels valid on both dates (invalid pixels
        never enter), read from the whole raster when small and from random windows when
        large (bounded memory). self: this pair, or a kind.SarPair sampling through its own read."""
        if self.width * self.height <= FULL_READ_PIXELS:
            windows = [(0, 0, self.width, self.height)]
        else:
            ws, hs = min(SAMPLE_WINDOW, self.width), min(SAMPLE_WINDOW, self.height)
            count = max(1, min(256, 4 * max_pixels // (ws * hs)))
            xs = rng.integers(0, self.width - ws + 1, count)
            ys = rng.integers(0, self.height - hs + 1, count)
            windows = [(int(x), int(y), ws, hs) for x, y in zip(xs, ys)]
        read = []  # (t1 (B, h*w), t2 (B, h*w), flat indices of the valid pixels) per window
        for x, y, w, h in windows:
            a1, a2, valid = self.read(x, y, w, h)
            read.append((a1.reshape(a1.shape[0], -1), a2.reshape(a2.shape[0], -1), np.flatnonzero(valid)))
        starts = np.cumsum([0] + [len(flat) for _, _, flat in read])
        if starts[-1] < 2:
            raise self.too_few_valid()
        # the valid pixels in window order, then in row order within each: the keep indices count along
        # them, and only the kept pixels are copied (not every valid pixel of a 4 MP read, then a subset)
        keep = rng.choice(int(starts[-1]), max_pixels, replace=False) if starts[-1] > max_pixels else None
        p1, p2 = [], []
        for i, (a1, a2, flat) in enumerate(read):
            if keep is None:
                picked = flat
            else:
                picked = flat[keep[(keep >= starts[i]) & (keep < starts[i + 1])] - starts[i]]
            p1.append(a1[:, picked])
            p2.append(a2[:, picked])
        s1, s2 = np.concatenate(p1, axis=1).T, np.concatenate(p2, axis=1).T
        if keep is not None:  # back to the order rng.choice drew them in (gathered above window by window)
            drawn = np.argsort(np.argsort(np.searchsorted(starts, keep, side="right"), kind="stable"))
            s1, s2 = s1[drawn], s2[drawn]
        return np.ascontiguousarray(s1), np.ascontiguousarray(s2)  # (N, B) rows, as the statistics read them

    def too_few_valid(self) -> InputError:
        """Why fewer than two pixels can be compared, in one line: an overlap too small, a
        band without any valid value (named), or else nodata and NaN covering the overlap."""
        if self.width * self.height < 2:
            return InputError(f"T1 and T2 overlap on only {self.width} x {self.height} pixel, too small to "
                              "compare; choose rasters (or an extent) that share more of the same place.",
                              code="overlap_tiny", width=self.width, height=self.height)
        found, some_bands, empties = [], False, []
        for label, ds, bands in (("T1", self.ds1, self.bands1), ("T2", self.ds2, self.bands2)):
            empty = [b for b in bands if not _has_valid_value(ds.GetRasterBand(b))]
            if empty:
                empties.append((label, empty, len(empty) == len(bands)))
            if empty and len(empty) == len(bands):
                found.append(f"{label} has no valid value in any band")
            elif empty:
                some_bands = True
                found.append(f"{label} band{'s' if len(empty) > 1 else ''} {', '.join(map(str, empty))} "
                             f"{'hold' if len(empty) > 1 else 'holds'} no valid value")
        named = ";"
        if found:
            named = f": {' and '.join(found)} (NaN or nodata everywhere)" + (
                ", so leave such bands out with the band selection or" if some_bands else ";")
        code = "too_few_valid" if not found else "too_few_valid_bands" if some_bands else "too_few_valid_dates"
        return InputError(f"Fewer than two pixels are valid on both dates{named} check the nodata settings and "
                          "that the rasters overlap.", code=code, **({"empty": empties} if found else {}))

    def close(self) -> None:
        self.src1 = self.src2 = self.ds1 = self.ds2 = None  # type: ignore[assignment]  # closed: never read again
