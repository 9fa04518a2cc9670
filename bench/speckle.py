"""Simulated SAR speckle laid on an optical image, for the data-kind bench and tests, and to
make a labelled SAR dev pair out of a labelled optical pair (issue 25). Plain numpy.

The physics: a distributed target's complex return is a circular complex Gaussian. Range /
azimuth oversampling, multilook resampling and projection to a map grid correlate it from
pixel to pixel; here that is a Gaussian filter of standard deviation `corr_px` pixels applied
to the complex field (kernel normalised so that E|z|^2 stays 1). Each look's intensity
|z|^2 is then exponential with mean 1 whatever the correlation; the mean of `looks`
independent looks is gamma(L, 1/L): coefficient of variation 1/sqrt(L) in intensity,
about 0.52/sqrt(L) in amplitude. The speckle multiplies the scene's reflectivity:

    reflectivity = optical value / its median * REFERENCE_SIGMA0   (median -13 dB, as land)
    intensity    = reflectivity * speckle;   amplitude = sqrt(intensity)

Then an optional speckle filter on the linear form (`"lee"`: Lee's 5 x 5 filter with the
noise coefficient of variation of L looks; `"box"`: a 3 x 3 mean), then the output scale:
    "linear"  float32 intensity or amplitude (sigma0 units);
    "db"      float32 10 log10(intensity), the same for both forms (20 log10 amplitude);
    "8bit"    uint8 like real 8-bit products: the linear form times a gain that puts its 99th
              percentile at 255, rounded, bright targets clipped at 255;
    "db8"     uint8: dB stretched between its 1st and 99th percentiles to 1-255.

API (stable, used by tests/core/test_data_kind*.py and bench/kind_bench.py):
    speckled(image, looks, form, scale, corr_px=0.0, filtered=None, rng=None) -> array
    speckle_field(shape, looks, corr_px, rng) -> intensity speckle, mean 1
    speckled_pair(t1, t2, looks, form, scale, corr_px, filtered, rng) -> (s1, s2)
    write_speckled_pair(folder, out_dir, ...) -> (t1 path, t2 path, labels path)
"""
import os
import shutil

import numpy as np
from osgeo import gdal

FORMS = ("amplitude", "intensity")
SCALES = ("linear", "db", "8bit", "db8")
FILTERS = (None, "lee", "box")
REFERENCE_SIGMA0 = 0.05   # median backscatter of the simulated scene (-13 dB, typical land)
LEE_SIDE = 5
BOX_SIDE = 3


def _gaussian_kernel(sigma: float) -> np.ndarray:
    r = max(1, int(np.ceil(3 * sigma)))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    return k / np.sqrt((k ** 2).sum())   # unit energy: a white field keeps its variance


def _separable(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Convolve the last two axes of a with k in both directions (reflecting edges)."""
    r = len(k) // 2
    for axis in (-1, -2):
        pad = [(0, 0)] * a.ndim
        pad[axis] = (r, r)
        p = np.pad(a, pad, mode="reflect")
        n = a.shape[axis]
        a = sum(w * np.take(p, np.arange(i, i + n), axis=axis) for i, w in enumerate(k))
    return a


def box_mean(a: np.ndarray, side: int) -> np.ndarray:
    return _separable(a, np.full(side, 1.0 / side))


def speckle_field(shape, looks: int, corr_px: float = 0.0, rng=None) -> np.ndarray:
    """Intensity speckle of `looks` looks (mean 1, gamma(L, 1/L) marginal), each look a complex
    Gaussian field smoothed by a Gaussian of `corr_px` pixels (0: independent pixels)."""
    rng = rng if rng is not None else np.random.default_rng()
    total = np.zeros(shape)
    for _ in range(int(looks)):
        z = rng.standard_normal((2,) + tuple(shape)) / np.sqrt(2)
        if corr_px > 0:
            z = _separable(z, _gaussian_kernel(corr_px))
        total += z[0] ** 2 + z[1] ** 2
    return total / looks


def lee_filter(x: np.ndarray, noise_cv: float, side: int = LEE_SIDE) -> np.ndarray:
    """Lee's filter: m + w (x - m), w = max(0, 1 - Cu^2 / Ci^2) in a side x side window."""
    m = box_mean(x, side)
    var = np.maximum(box_mean(x * x, side) - m * m, 0.0)
    ci2 = var / np.maximum(m * m, 1e-30)
    w = np.clip(1.0 - noise_cv ** 2 / np.maximum(ci2, 1e-30), 0.0, 1.0)
    return m + w * (x - m)


def reflectivity(image: np.ndarray) -> np.ndarray:
    """Optical values (2-D, or (B, H, W) averaged over bands) -> sigma0 with median REFERENCE_SIGMA0."""
    a = np.asarray(image, np.float64)
    if a.ndim == 3:
        a = a.mean(axis=0)
    med = float(np.median(a[a > 0])) if (a > 0).any() else 1.0
    return (np.maximum(a, 0.0) + 0.01 * med) / (1.01 * med) * REFERENCE_SIGMA0


def to_scale(linear: np.ndarray, form: str, scale: str) -> np.ndarray:
    if scale == "linear":
        return linear.astype(np.float32)
    db = (20.0 if form == "amplitude" else 10.0) * np.log10(np.maximum(linear, 1e-12))
    if scale == "db":
        return db.astype(np.float32)
    if scale == "8bit":
        gain = 255.0 / max(float(np.percentile(linear, 99)), 1e-30)
        return np.clip(np.round(linear * gain), 0, 255).astype(np.uint8)
    if scale == "db8":
        lo, hi = np.percentile(db, [1, 99])
        return np.clip(np.round(1 + 254 * (db - lo) / max(hi - lo, 1e-9)), 1, 255).astype(np.uint8)
    raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")


def speckled(image, looks: int, form: str = "amplitude", scale: str = "linear", corr_px: float = 0.0,
             filtered=None, rng=None, scene_is_reflectivity: bool = False) -> np.ndarray:
    """One single-band SAR image (H, W) from an optical image (H, W) or (B, H, W): the module
    docstring's chain. `scene_is_reflectivity` skips the optical -> sigma0 mapping."""
    if form not in FORMS or filtered not in FILTERS:
        raise ValueError(f"form in {FORMS}, filtered in {FILTERS}")
    refl = np.asarray(image, np.float64) if scene_is_reflectivity else reflectivity(image)
    intensity = refl * speckle_field(refl.shape, looks, corr_px, rng)
    linear = np.sqrt(intensity) if form == "amplitude" else intensity
    if filtered == "lee":
        cv = (np.sqrt(4 / np.pi - 1) if form == "amplitude" else 1.0) / np.sqrt(looks)
        linear = lee_filter(linear, cv)
    elif filtered == "box":
        linear = box_mean(linear, BOX_SIDE)
    return to_scale(linear, form, scale)


def speckled_pair(t1, t2, looks, form="amplitude", scale="linear", corr_px=0.0, filtered=None, rng=None):
    """A simulated SAR pair from an optical pair: each date's own scene, independent speckle per
    date. For 8-bit scales both dates share T1's gain (one product line, one calibration)."""
    rng = rng if rng is not None else np.random.default_rng()
    if scale not in ("8bit", "db8"):
        return tuple(speckled(t, looks, form, scale, corr_px, filtered, rng) for t in (t1, t2))
    lin = [speckled(t, looks, form, "linear", corr_px, filtered, rng).astype(np.float64) for t in (t1, t2)]
    if scale == "8bit":
        gain = 255.0 / max(float(np.percentile(lin[0], 99)), 1e-30)
        return tuple(np.clip(np.round(a * gain), 0, 255).astype(np.uint8) for a in lin)
    db = [(20.0 if form == "amplitude" else 10.0) * np.log10(np.maximum(a, 1e-12)) for a in lin]
    lo, hi = np.percentile(db[0], [1, 99])
    return tuple(np.clip(np.round(1 + 254 * (d - lo) / max(hi - lo, 1e-9)), 1, 255).astype(np.uint8) for d in db)


def write_speckled_pair(folder, out_dir, looks, form="amplitude", scale="linear", corr_px=0.0, filtered=None,
                        seed=0, name=None):
    """A labelled optical pair folder (t1.tif, t2.tif, labels.tif) -> a simulated single-band SAR
    pair folder with the same labels and georeferencing; returns its three paths."""
    name = name or f"L{looks}_{form}_{scale}_c{corr_px:g}_{filtered or 'raw'}"
    dst = os.path.join(out_dir, name)
    os.makedirs(dst, exist_ok=True)
    src = [gdal.Open(os.path.join(folder, f"t{d}.tif")) for d in (1, 2)]
    s1, s2 = speckled_pair(*(ds.ReadAsArray() for ds in src), looks, form, scale, corr_px, filtered,
                           np.random.default_rng(seed))
    paths = []
    for ds, arr, tag in ((src[0], s1, "t1"), (src[1], s2, "t2")):
        path = os.path.join(dst, f"{tag}.tif")
        gtype = gdal.GDT_Byte if arr.dtype == np.uint8 else gdal.GDT_Float32
        out = gdal.GetDriverByName("GTiff").Create(path, arr.shape[1], arr.shape[0], 1, gtype)
        out.SetGeoTransform(ds.GetGeoTransform())
        out.SetProjection(ds.GetProjection())
        out.GetRasterBand(1).WriteArray(arr)
        out = None
        paths.append(path)
    labels = os.path.join(dst, "labels.tif")
    shutil.copyfile(os.path.join(folder, "labels.tif"), labels)
    return paths[0], paths[1], labels
