"""Fuzzing the core with hypothesis: small real GeoTIFF pairs of random sizes (1x1 up to
40x40), data types, band counts (1-4) and nodata patterns (a nodata value, NaN/Inf
stripes, everything invalid, constant or identical dates). Whatever the input, the core
either raises one of its own errors (MetricCDError: a message for the user) or writes a
probability that is finite in [0, 1] exactly where both dates are valid and nodata (-1)
elsewhere, with the mask agreeing (0/1, 255 where the probability is nodata).

derandomize=True: the same examples on every run, so CI is deterministic; a failure is
printed by hypothesis as the smallest example it found."""
import os
import tempfile
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st
from osgeo import gdal

from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.deep.request import DetectionRequest
from metric_cd_plugin.core.errors import MetricCDError
from metric_cd_plugin.core.deep.run import detect_change
from synthetic import TINY, write_raster

DTYPES = {"uint8": gdal.GDT_Byte, "uint16": gdal.GDT_UInt16, "int16": gdal.GDT_Int16,
          "float32": gdal.GDT_Float32, "float64": gdal.GDT_Float64}
TINY_SIZES = [(1, 1), (2, 3), (3, 2), (1, 7), (7, 1)]
SIZES = st.one_of(st.sampled_from(TINY_SIZES + [(40, 40)]), st.tuples(st.integers(1, 40), st.integers(1, 40)))
# the deep method refuses sides under 4 (VGG16 pools twice): mostly larger, so that most examples fit
FITTING_SIZES = st.tuples(st.integers(4, 40), st.integers(4, 40))
DEEP_SIZES = st.integers(0, 4).flatmap(lambda k: st.sampled_from(TINY_SIZES) if k == 4 else FITTING_SIZES)
# repeated entries are drawn more often: patterns leaving no valid pixel only test the refusal
PATTERNS = ["none", "none", "nodata_value", "nodata_value", "nan_nodata_value", "nan_stripes", "inf_stripes",
            "all_nodata", "all_nodata_but_two"]
CONTENTS = ["random", "extremes", "constant", "identical", "changed_square"]
# a real fit of a few steps on a few 16 px patches, predicted in 16 px tiles (several tiles
# with halos on a 40 x 40 raster): about half a second an example
FAST_DEEP = {**TINY, "patch": 16, "batch": 2, "pool_pixels": 1024, "iterations": 2, "tile": 16}


@dataclass
class Case:
    height: int
    width: int
    bands: int
    dtype1: str
    dtype2: str
    content: str
    pattern: str
    seed: int


@st.composite
def cases(draw, sizes=SIZES):
    (height, width), bands = draw(sizes), draw(st.integers(1, 4))
    dtype1 = draw(st.sampled_from(sorted(DTYPES)))
    dtype2 = draw(st.one_of(st.just(dtype1), st.sampled_from(sorted(DTYPES))))
    return Case(height, width, bands, dtype1, dtype2, draw(st.sampled_from(CONTENTS)),
                draw(st.sampled_from(PATTERNS)), draw(st.integers(0, 2 ** 16)))


def _values(rng, dtype, shape, content):
    """Values of one date in the type's range ("extremes": its limits and huge floats)."""
    if np.issubdtype(np.dtype(dtype), np.integer):
        info = np.iinfo(dtype)
        lo, hi = (info.min, info.max) if content == "extremes" else (max(info.min, 0), min(info.max, 255))
        return rng.integers(lo, hi, shape, endpoint=True).astype(dtype)
    if content == "extremes":
        pool = np.array([0.0, -0.0, 1e-30, -1e30, 1e30, 3e38, -3e38, 1e300, 5e-324, 1.0], dtype=np.float64)
        with np.errstate(over="ignore"):  # 1e300 is inf in float32
            return rng.choice(pool, shape).astype(dtype)
    return rng.uniform(-50.0, 300.0, shape).astype(dtype)


def _dates(case):
    """(t1, t2, nodata1, nodata2, expected_valid): arrays as written and the pixels the core
    must treat as valid on both dates."""
    rng = np.random.default_rng(case.seed)
    shape = (case.bands, case.height, case.width)
    t1 = _values(rng, case.dtype1, shape, case.content)
    if case.content == "constant":
        t1[:] = t1.flat[0]
    if case.content == "identical":
        t2 = t1.astype(case.dtype2)
    else:
        t2 = _values(rng, case.dtype2, shape, case.content)
        if case.content == "constant":
            t2[:] = t2.flat[0]
        if case.content == "changed_square":
            t2 = t1.astype(case.dtype2)
            t2[:, : max(1, case.height // 2), : max(1, case.width // 2)] = 0
    nodata1 = nodata2 = None
    invalid1 = np.zeros(shape[1:], bool)
    invalid2 = np.zeros(shape[1:], bool)
    if case.pattern in ("nodata_value", "nan_nodata_value", "all_nodata", "all_nodata_but_two"):
        if case.pattern.endswith("nodata_value"):
            fraction = rng.uniform(0.02, 0.3)  # per date; the deep method fits patches >= 50 % valid
            invalid1 = rng.random(shape[1:]) < fraction
            invalid2 = rng.random(shape[1:]) < fraction
        else:
            invalid1[:] = invalid2[:] = True
            if case.pattern == "all_nodata_but_two":  # the fewest valid pixels the core accepts
                invalid1.flat[:2] = invalid2.flat[:2] = False
        nodata = []
        for arr, invalid in ((t1, invalid1), (t2, invalid2)):
            nodata.append(np.nan if case.pattern == "nan_nodata_value" and arr.dtype.kind == "f" else 0)
            arr[arr == nodata[-1]] = 1  # only the chosen pixels carry the nodata value
            arr[:, invalid] = nodata[-1]
        nodata1, nodata2 = nodata
    elif case.pattern in ("nan_stripes", "inf_stripes"):
        bad = np.nan if case.pattern == "nan_stripes" else np.inf
        stripes = (np.s_[0::4, :], np.s_[:, 1::5])  # rows of T1, columns of T2
        for arr, invalid, stripe in ((t1, invalid1, stripes[0]), (t2, invalid2, stripes[1])):
            if arr.dtype.kind == "f":  # integer bands cannot hold NaN or Inf
                arr[int(rng.integers(0, case.bands))][stripe] = bad
                invalid[stripe] = True
    return t1, t2, nodata1, nodata2, ~invalid1 & ~invalid2 & _readable(t1) & _readable(t2)


def _readable(arr):
    """Pixels finite in float32 (the core's type; Float64 is scaled into it) and, for 4 Byte
    bands, which GDAL writes as RGBA, not transparent: the alpha band is a mask, not data."""
    if arr.dtype == np.uint8 and len(arr) == 4:
        return arr[3] > 0
    if arr.dtype == np.float64:  # scaled by a power of 2 first when beyond float32 (raster/pair.py)
        return np.isfinite(arr).all(axis=0)
    with np.errstate(over="ignore"):
        return np.isfinite(arr.astype(np.float32)).all(axis=0)


def _write_pair(folder, case):
    t1, t2, nodata1, nodata2, valid = _dates(case)
    p1 = write_raster(os.path.join(folder, "t1.tif"), t1, nodata1, dtype=DTYPES[case.dtype1])
    p2 = write_raster(os.path.join(folder, "t2.tif"), t2, nodata2, dtype=DTYPES[case.dtype2])
    return p1, p2, valid


def _check_outputs(prob_path, mask_path, valid, threshold, folder):
    prob = gdal.Open(prob_path).ReadAsArray()
    mask = gdal.Open(mask_path).ReadAsArray()
    assert prob.shape == mask.shape == valid.shape
    assert np.isfinite(prob).all()
    assert ((prob >= 0.0) & (prob <= 1.0))[valid].all()
    assert (prob[~valid] == -1.0).all()
    # in float64, as the core compares (a float32 comparison turns 0.99999998 into 1.0)
    assert (mask[valid] == (prob[valid].astype(np.float64) > threshold)).all() and (mask[~valid] == 255).all()
    assert sorted(os.listdir(folder)) == sorted(["t1.tif", "t2.tif", os.path.basename(prob_path),
                                                 os.path.basename(mask_path)])


def _check_nothing_written(folder):
    assert sorted(os.listdir(folder)) == ["t1.tif", "t2.tif"]  # no output, no temporary file


# FUZZ_EXAMPLES=2000 FUZZ_RANDOM=1 runs a longer, non-repeating campaign by hand
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"


def fuzz(examples):
    return settings(max_examples=EXAMPLES or examples, deadline=None, derandomize=not RANDOM, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow])


OUTCOMES = []  # "written" or "refused", one per example of the running test


def _run(case, detect):
    """Write the pair, run detect(t1, t2, score, mask) -> threshold, check the outcome.
    (Kept out of the test functions: derandomize draws examples from their source code.)"""
    with tempfile.TemporaryDirectory() as folder:
        t1, t2, valid = _write_pair(folder, case)
        prob, mask = os.path.join(folder, "score.tif"), os.path.join(folder, "mask.tif")
        try:
            threshold = detect(t1, t2, prob, mask)
        except MetricCDError as exc:
            event(f"refused ({case.pattern}): {str(exc)[:40]}")
            assert str(exc) and "Traceback" not in str(exc)
            _check_nothing_written(folder)
            OUTCOMES.append("refused")
            return
        event(f"written ({case.pattern})")
        OUTCOMES.append("written")
        assert 0.0 <= threshold <= 1.0
        _check_outputs(prob, mask, valid, threshold, folder)


def _mostly_written(fuzz_run, *args):
    """Run the fuzz campaign, then check it exercised the outputs, not only the refusals:
    a core that refused everything with a tidy message would otherwise pass."""
    OUTCOMES.clear()
    fuzz_run(*args)
    written = OUTCOMES.count("written")
    assert written >= len(OUTCOMES) // 4 and "refused" in OUTCOMES, (written, len(OUTCOMES))


@fuzz(100)
@given(case=cases())
def _fuzz_classical(method, case):
    _run(case, lambda t1, t2, score, mask: write_classical(ClassicalRequest(method, t1, t2, score, mask)).threshold)


@pytest.mark.parametrize("method", ["cva", "pcakmeans", "irmad"])
def test_classical_methods_give_a_score_in_0_1_or_nodata_or_our_error(method):
    _mostly_written(_fuzz_classical, method)


def _detect(t1, t2, prob, mask):
    request = DetectionRequest(t1, t2, prob, mask, device="cpu", weights="random", overrides=FAST_DEEP)
    return detect_change(request).threshold


@fuzz(30)
@given(case=cases(DEEP_SIZES))
def _fuzz_deep(case):
    _run(case, _detect)


def test_deep_detection_gives_a_probability_in_0_1_or_nodata_or_our_error():
    _mostly_written(_fuzz_deep)
