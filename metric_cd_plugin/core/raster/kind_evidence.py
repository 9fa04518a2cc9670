"""The evidence the `auto` data kind is decided from (raster/kind.py weighs it):

- names: what the files say about themselves. Band descriptions naming a polarisation
  (VV, VH, HH, HV) or SAR words (sigma0, backscatter, Sentinel-1, RADARSAT, ERS, ENVISAT /
  ASAR, ALOS / PALSAR, TerraSAR-X, COSMO-SkyMed, ICEYE, "SAR") in band descriptions, file
  names or GDAL metadata (every string domain), against optical words (wavelengths,
  reflectance, radiance, Landsat, Sentinel-2, SPOT, WorldView..., red / green / blue / NIR
  band names or colour interpretations). Directory names are not read: a folder called
  "sar_tests" says nothing about the pixels.
- speckle: SAR speckle is multiplicative, so homogeneous areas vary in proportion to their
  brightness with a coefficient of variation (CV) fixed by the number of looks L: 1/sqrt(L) in
  intensity, 0.52/sqrt(L) in amplitude, whatever the brightness and whatever the pixel-to-pixel
  correlation (correlation changes the texture, not the marginal law). The statistic is the 10th
  percentile of the CV of 5 x 5 blocks ("the flattest tenth of the image"), on linear
  values (decibels are turned back into power first), leaving out windows darker than 20
  quantisation steps, where rounding alone would add CV. Optical sensors add noise that does
  not grow with brightness, a few percent at most of the signal in flat areas.
- white noise: the fine-scale neighbour correlation of log values (each pixel minus its 7 x 7
  mean, correlated with its right and lower neighbours): independent speckle is white (near 0),
  scene texture is not. Real products correlate speckle over a pixel or two, so this only ever
  adds evidence for SAR, never against it. The same correlation between pixels 2 or 3 apart
  (lag: every 2nd or 3rd pixel) finds such speckle, and speckle after a 3 x 3 box or Lee
  filter, white again, where scene texture still correlates.
- decibels: the share of values below zero on both dates, and the skewness of their fine-scale
  residual: the log of speckle is left-skewed (log-gamma), a temperature field's texture is not
  (+0.3..+0.5 on fields drawn from the shared optical scenes)."""
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Sequence, Tuple

import numpy as np

if TYPE_CHECKING:  # types only: GDAL is imported where the names are read
    from osgeo import gdal

    from .pair import RasterPair

WINDOW = 5            # local CV window
FLAT_QUANTILE = 10    # percentile of the local CV: the flattest tenth of the windows
DARK_STEPS = 20       # windows darker than this many quantisation steps are left out
TEXTURE_WINDOW = 7    # local mean removed before the neighbour correlation
MIN_WINDOWS = 200
CORRELATION_SIDE = 256  # the neighbour correlation reads the central 256 x 256 of the probe

_POLARISATION = re.compile(r"(^|[^a-z])(vv|vh|hh|hv)([^a-z]|$)", re.IGNORECASE)
_SAR_WORDS = re.compile(r"(^|[^a-z0-9])(sar|polari[sz]ation|sigma0|sigma_0|sigma nought|gamma0|beta0|backscatter\w*|"
                        r"sentinel-?1[ab]?|s1[abcd]|radarsat-?\d?|rs-?2|ers-?[12]|envisat|asar|alos\d?|palsar-?\d?|"
                        r"terrasar(-x)?|tsx|tandem-?x|cosmo-?skymed|csk|iceye|capella|saocom|risat-?\d?|"
                        r"gaofen-?3|grdh|grdm|slc)([^a-z0-9]|$)", re.IGNORECASE)
_OPTICAL_WORDS = re.compile(r"(^|[^a-z0-9])(reflectance|radiance|wavelength\w*|micrometers?|nanometers?|"
                            r"landsat\w*|sentinel-?2[ab]?|s2[ab]|msi|etm\+?|oli|spot\d?|worldview\w*|pleiades|"
                            r"quickbird|ikonos|geoeye|planetscope|rapideye|modis|aster|naip|red|green|blue|nir|"
                            r"swir\d?|near.infrared|panchromatic|rgb)([^a-z0-9]|$)", re.IGNORECASE)
_SKIPPED_DOMAINS = ("IMAGE_STRUCTURE", "DERIVED_SUBDATASETS")


@dataclass(frozen=True)
class NameEvidence:
    sar: Tuple[str, ...]       # words that name SAR (polarisations first)
    optical: Tuple[str, ...]   # words that name optical data


def _texts(ds: "gdal.Dataset", bands: Sequence[int], path: str) -> List[str]:
    texts = [os.path.basename(str(path))]
    for b in bands:
        texts.append(ds.GetRasterBand(b).GetDescription() or "")
    for domain in [d for d in (ds.GetMetadataDomainList() or []) if d not in _SKIPPED_DOMAINS
                   and not d.startswith("xml:")] + [""]:
        for key, value in (ds.GetMetadata(domain) or {}).items():
            texts.append(f"{key} {value}")
    return texts


def name_evidence(pair: "RasterPair") -> NameEvidence:
    """The words of both dates' file names, band descriptions and metadata that name a kind (a
    band description that names a polarisation is given whole: "Sigma0_VV")."""
    from osgeo import gdal
    sar: List[str] = []
    optical: List[str] = []
    for ds, bands, path in ((pair.ds1, pair.bands1, pair.path1), (pair.ds2, pair.bands2, pair.path2)):
        for b in bands:
            description = ds.GetRasterBand(b).GetDescription() or ""
            if _POLARISATION.search(description):
                sar.append(description)
        for text in _texts(ds, bands, path):
            sar += [m.group(2).lower() for m in _SAR_WORDS.finditer(text)]
            optical += [m.group(2).lower() for m in _OPTICAL_WORDS.finditer(text)]
        for b in bands:
            colour = ds.GetRasterBand(b).GetColorInterpretation()
            if colour in (gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand):
                optical.append("a red, green or blue band")
    return NameEvidence(tuple(dict.fromkeys(sar)), tuple(dict.fromkeys(optical)))


def decibel_share(a1: np.ndarray, a2: np.ndarray, valid: np.ndarray) -> float:
    """The share of valid values below zero, the smaller of the two dates."""
    if not valid.any():
        return 0.0
    return float(min(np.mean(a1[:, valid] < 0), np.mean(a2[:, valid] < 0)))


def _box_sum(a: np.ndarray, r: int) -> np.ndarray:
    c = np.pad(a.astype(np.float64), ((0, 0), (1, 0), (1, 0))).cumsum(1).cumsum(2)
    h, w = a.shape[1:]
    y0, y1 = np.clip(np.arange(h) - r, 0, h), np.clip(np.arange(h) + r + 1, 0, h)
    x0, x1 = np.clip(np.arange(w) - r, 0, w), np.clip(np.arange(w) + r + 1, 0, w)
    return (c[:, y1][:, :, x1] - c[:, y0][:, :, x1] - c[:, y1][:, :, x0] + c[:, y0][:, :, x0])


def box_mean(x: np.ndarray, valid: np.ndarray, side: int) -> np.ndarray:
    """Mean of the valid pixels in a side x side box around each pixel of (B, H, W), the box
    cut at the array's edges (so a window read with side // 2 halo matches the whole raster)."""
    r = side // 2
    w = valid.astype(np.float64)
    num = _box_sum(x * w, r)
    den = _box_sum(w[None], r)
    return np.where(den > 0, num / np.maximum(den, 1.0), 0.0)


def quantisation_step(values: np.ndarray) -> float:
    """The smallest gap between distinct values: 1 for integer data, the scale of re-quantised
    data, about 0 for continuous floats."""
    u = np.unique(values[::max(1, values.size // 20000)])  # a sample: the gap of the values, not of all
    return float(np.min(np.diff(u))) if u.size > 1 else 0.0


def _blocks(x: np.ndarray, side: int) -> np.ndarray:
    """(H, W) -> (n, side * side): side x side windows, side apart (non-overlapping), or one
    pixel apart when that leaves fewer than 4 x MIN_WINDOWS (small rasters)."""
    if x.shape[0] < side or x.shape[1] < side:  # smaller than one block: nothing to measure
        return np.empty((0, side * side), dtype=x.dtype)
    step = side if (x.shape[0] // side) * (x.shape[1] // side) >= 4 * MIN_WINDOWS else 1
    windows = np.lib.stride_tricks.sliding_window_view(x, (side, side))[::step, ::step]
    return windows.reshape(-1, side * side)


def flat_cv(band: np.ndarray, ok: np.ndarray, decibels: bool) -> float:
    """The 10th percentile of the CV of the 5 x 5 blocks of one band that qualify: every pixel
    valid, brighter than DARK_STEPS quantisation steps; decibels are read in power. NaN when
    fewer than MIN_WINDOWS blocks qualify."""
    x = np.power(10.0, np.clip(band, -100, 100) / 10.0) if decibels else band
    step = 0.0 if decibels else quantisation_step(band[ok])
    blocks, full = _blocks(np.where(ok, x, 0.0), WINDOW), _blocks(ok, WINDOW).all(axis=1)
    m = blocks.mean(axis=1)
    use = full & (m > DARK_STEPS * step) & (m > 0)
    if use.sum() < MIN_WINDOWS:
        return float("nan")
    return float(np.percentile(blocks[use].std(axis=1) / m[use], FLAT_QUANTILE))


def flat_cv_of_pair(a1: np.ndarray, a2: np.ndarray, valid: np.ndarray, decibels: bool) -> float:
    """flat_cv, mean over the bands of both dates (NaN when none is measurable)."""
    found = [flat_cv(band, valid & np.isfinite(band), decibels) for a in (a1, a2) for band in a.astype(np.float64)]
    found = [v for v in found if np.isfinite(v)]
    return float(np.mean(found)) if found else float("nan")


def log_skewness(a: np.ndarray, valid: np.ndarray, decibels: bool) -> float:
    """Skewness of the fine-scale residual of log values (each pixel minus its 3 x 3 mean, where
    all nine are valid), mean over bands; NaN when too few pixels. The log of speckle is
    left-skewed whatever the looks or the correlation (log-gamma: -1.14 for one look, -0.19 for
    30); decibels are logs already."""
    found = []
    for band in a.astype(np.float64):
        ok = valid & np.isfinite(band)
        if ok.sum() < MIN_WINDOWS:
            continue
        logs = band if decibels else np.log(np.maximum(band, 0.0) + 0.01 * max(float(np.median(band[ok])), 1e-12))
        logs = np.where(ok, logs, 0.0)
        inner = ok & (_box_sum(ok[None].astype(np.float64), 1)[0] >= 8.5)
        r = (logs - box_mean(logs[None], ok, 3)[0])[inner]
        r = r - r.mean()
        if r.size >= MIN_WINDOWS and r.std() > 0:
            found.append(float(np.mean(r ** 3) / np.mean(r ** 2) ** 1.5))
    return float(np.mean(found)) if found else float("nan")


def neighbour_correlation(a: np.ndarray, valid: np.ndarray, lag: int = 1) -> float:
    """Correlation of each pixel's fine-scale log residual with its right and lower
    neighbours', mean over bands, on the central CORRELATION_SIDE square; NaN when too few valid
    pairs. Values below zero (dB) are already logarithmic. lag > 1: on every lag-th pixel, so
    that the neighbours are lag pixels apart."""
    a, valid = a[:, ::lag, ::lag], valid[::lag, ::lag]
    h, w = valid.shape
    y, x = max((h - CORRELATION_SIDE) // 2, 0), max((w - CORRELATION_SIDE) // 2, 0)
    rows, cols = slice(y, y + CORRELATION_SIDE), slice(x, x + CORRELATION_SIDE)
    a, valid = a[:, rows, cols], valid[rows, cols]
    logs = a if (a[:, valid] < 0).any() else np.log(np.maximum(a, 0.0) + 1.0)
    resid = logs - box_mean(logs, valid, TEXTURE_WINDOW)
    values = []
    for b in resid:
        for p, q, ok in ((b[:, :-1], b[:, 1:], valid[:, :-1] & valid[:, 1:]),
                         (b[:-1], b[1:], valid[:-1] & valid[1:])):
            if ok.sum() > 100 and p[ok].std() > 0 and q[ok].std() > 0:
                values.append(np.corrcoef(p[ok], q[ok])[0, 1])
    return float(np.mean(values)) if values else float("nan")
