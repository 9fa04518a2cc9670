"""The `auto` data kind on physical evidence (core/raster/kind.py, kind_evidence.py), read from
real GeoTIFFs: simulated speckle of each case class (bench/speckle.py: looks, amplitude or
intensity, linear / dB / 8-bit, independent or correlated, filtered) on a small scene of
fields; the bundled Landsat pair's bands alone, panchromatic, rescaled and re-quantised;
negative temperatures; names and metadata; the evidence recorded in the outputs. The full
table of cases is bench/kind_bench.py's (bench/results/kind_decisions.md)."""
import os

import numpy as np
import pytest
from osgeo import gdal

from bench import speckle
from conftest import SAMPLE
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.raster import kind
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from metric_cd_plugin.core.raster.pair import RasterPair
from synthetic import write_raster
from test_data_kind import scene


@pytest.fixture(scope="module")
def fields():
    """T1: a landscape of fields; T2 the same with a dark (flooded) square."""
    s1 = scene(np.random.default_rng(0), 128)
    s2 = s1.copy()
    s2[40:80, 40:80] = 30.0
    return s1, s2


def decided(folder, a1, a2, name="t{}.tif", describe=None, metadata=None):
    os.makedirs(folder, exist_ok=True)
    paths = [write_raster(os.path.join(folder, name.format(d)), a) for d, a in ((1, a1), (2, a2))]
    for p in paths:
        ds = gdal.Open(p, gdal.GA_Update)
        if describe:
            ds.GetRasterBand(1).SetDescription(describe)
        for domain, items in (metadata or {}).items():
            ds.SetMetadata(items, domain)
        ds = None
    pair = RasterPair(*paths)
    try:
        return kind.detect_kind(pair)
    finally:
        pair.close()


def simulated(fields, looks, form, scale, corr, filtered, seed=1):
    return speckle.speckled_pair(*fields, looks, form, scale, corr, filtered, np.random.default_rng(seed))


RECOGNISED = (
    # few looks, every form and scale, independent or correlated over 1-2 px: speckle
    [(looks, form, scale, corr, None, "speckle") for looks in (1, 3) for form in speckle.FORMS
     for scale in ("linear", "8bit") for corr in (0.0, 1.0, 2.0)]
    # decibels, up to 30 looks, correlated or not: left-skewed log-speckle
    + [(looks, "intensity", "db", corr, None, "decibels") for looks in (1, 3, 10, 30) for corr in (0.0, 1.0, 2.0)]
    # speckle filtered (Lee 5 x 5, box 3 x 3) but from one look, correlated or not
    + [(1, "intensity", scale, corr, filtered, "speckle") for scale in ("linear", "8bit") for corr in (0.5, 2.0)
       for filtered in ("lee", "box")]
    + [(1, "amplitude", "8bit", 0.0, "lee", "white noise"), (10, "intensity", "linear", 0.0, None, "speckle")])


@pytest.mark.parametrize("looks,form,scale,corr,filtered,evidence", RECOGNISED)
def test_simulated_speckle_is_sar_by_its_physics(tmp_path, fields, looks, form, scale, corr, filtered, evidence):
    choice = decided(str(tmp_path), *simulated(fields, looks, form, scale, corr, filtered))
    assert (choice.kind, choice.evidence) == ("sar", evidence), choice.reason
    assert choice.confidence in ("high", "medium")


@pytest.mark.parametrize("case", [(30, "amplitude", 2.0, None), (10, "amplitude", 1.0, "lee")])
def test_faint_correlated_speckle_is_unsure_and_takes_the_cheaper_comparison(tmp_path, fields, case):
    """The known limit (bench/results/kind_decisions.md): 30-look or filtered speckle correlated
    over 1-2 px varies by 3-12 % like optical texture; the rule says it is unsure and takes
    optical, which costs least when wrong (bench/results/kind_cost.md)."""
    looks, form, corr, filtered = case
    choice = decided(str(tmp_path), *simulated(fields, looks, form, "8bit", corr, filtered))
    assert (choice.kind, choice.evidence, choice.confidence) == ("optical", "unsure", "low")
    assert "costs least when wrong" in choice.reason and "choose the data kind" in choice.reason
    assert "filtered, multilooked or resampled SAR products often look like this" in choice.reason


@pytest.fixture(scope="module")
def landsat():
    return [gdal.Open(os.path.join(SAMPLE, f"t{d}.tif")).ReadAsArray().astype(np.float32) for d in (1, 2)]


def test_every_band_of_a_real_optical_pair_alone_is_optical(tmp_path, landsat):
    """Written without their band descriptions: the pixels decide, not the wavelength names."""
    for b in range(landsat[0].shape[0]):
        choice = decided(str(tmp_path / f"b{b}"), *(a[b].astype(np.uint8) for a in landsat))
        assert choice.kind == "optical" and choice.evidence in ("no speckle", "unsure"), (b, choice.reason)


@pytest.mark.parametrize("variant", ["mean", "reflectance", "uint16", "offset", "6 bit"])
def test_panchromatic_rescaled_and_requantised_optical_is_optical(tmp_path, landsat, variant):
    def make(a):
        pan = a.mean(0)
        return {"mean": pan, "reflectance": pan * 1e-4, "uint16": (pan * 257).astype(np.uint16),
                "offset": (pan * 4 + 1000).astype(np.uint16), "6 bit": (a[0] // 4).astype(np.uint8)}[variant]
    choice = decided(str(tmp_path), *(make(a) for a in landsat))
    assert choice.kind == "optical", choice.reason


@pytest.mark.parametrize("method", ["cubic", "bilinear"])
def test_optical_resampled_to_a_finer_grid_is_optical(tmp_path, landsat, method):
    """A band put on a grid of half its pixel size (20 m bands on Sentinel-2's 10 m grid): as
    correlated from pixel to pixel as speckle smoothed over 1-2 px, and still optical."""
    paths = []
    for d, a in enumerate(landsat, 1):
        src = write_raster(str(tmp_path / f"src{d}.tif"), a.mean(0))
        paths.append(str(tmp_path / f"t{d}.tif"))
        gdal.Translate(paths[-1], src, width=2 * a.shape[2], height=2 * a.shape[1], resampleAlg=method)
    pair = RasterPair(*paths)
    try:
        choice = kind.detect_kind(pair)
    finally:
        pair.close()
    assert choice.kind == "optical", choice.reason
    assert choice.measured.correlation > 0.7  # the resampling's smoothness, beyond the scene's own texture


def test_negative_temperatures_are_not_sar_in_decibels(tmp_path, landsat):
    """A thermal field in deg C below zero (from the Landsat scene, 0.1 K noise): most values
    below zero and dB-like variation, but not the left-skewed texture of a logarithm."""
    rng = np.random.default_rng(2)
    pans = [a.mean(0) for a in landsat]
    lo, hi = min(p.min() for p in pans), max(p.max() for p in pans)
    temps = [np.round(-30 + 25 * (p - lo) / (hi - lo) + rng.normal(0, 0.1, p.shape), 2) for p in pans]
    choice = decided(str(tmp_path), *temps)
    assert choice.kind == "optical" and choice.evidence == "not decibels", choice.reason
    assert "not left-skewed" in choice.reason


@pytest.mark.parametrize("how", ["file name", "metadata", "domain", "polarisation"])
def test_names_and_metadata_say_sar_before_the_pixels(tmp_path, landsat, how):
    pan = [a.mean(0) for a in landsat]  # optical pixels: only the names can make them SAR
    args = {"file name": {"name": "S1A_IW_GRDH_1SDV_20200101_{}.tif"},
            "metadata": {"metadata": {"": {"MISSION_ID": "S1B", "PRODUCT_TYPE": "GRD"}}},
            "domain": {"metadata": {"RADARSAT": {"PRODUCT": "RADARSAT-2 SGF"}}},
            "polarisation": {"describe": "Amplitude_HH"}}[how]
    choice = decided(str(tmp_path), *pan, **args)
    assert (choice.kind, choice.evidence, choice.confidence) == ("sar", "names", "high"), choice.reason


def test_optical_names_win_over_speckle_and_folder_names_say_nothing(tmp_path, fields):
    speckled = simulated(fields, 1, "amplitude", "linear", 0.0, None)
    named = decided(str(tmp_path / "named"), *speckled, describe="NIR (0.842 Micrometers)")
    assert (named.kind, named.evidence) == ("optical", "names") and "micrometers" in named.reason
    both = decided(str(tmp_path / "both"), *speckled, describe="Sentinel-1 VV, 0.842 Micrometers")
    assert (both.kind, both.evidence) == ("sar", "speckle")  # names disagree: the pixels decide
    folder = decided(str(tmp_path / "sar_scenes"), *(a + 0.0 for a in fields))
    assert folder.kind == "optical" and folder.evidence != "names"


def test_the_evidence_and_confidence_reach_the_output_metadata(tmp_path, fields):
    t1, t2 = (write_raster(tmp_path / f"s{d}.tif", a) for d, a in
              enumerate(simulated(fields, 3, "amplitude", "8bit", 1.0, None)))
    res = write_classical(ClassicalRequest("cva", t1, t2, str(tmp_path / "cva.tif")))
    meta = read_run_metadata(str(tmp_path / "cva.tif"))
    assert (res.data_kind, res.data_kind_evidence, res.data_kind_confidence) == ("sar", "speckle", "high")
    assert (meta["data_kind"], meta["data_kind_evidence"], meta["data_kind_confidence"]) == ("sar", "speckle", "high")
    assert meta["data_kind_reason"].startswith("SAR: speckle") and "confidence high" in meta["data_kind_reason"]
    forced = write_classical(ClassicalRequest("cva", t1, t2, str(tmp_path / "forced.tif"), data_kind="optical"))
    assert (forced.data_kind_evidence, forced.data_kind_confidence) == ("user", "high")


@pytest.mark.parametrize("looks", [1, 3, 10, 30])
def test_the_simulator_keeps_the_speckle_laws_at_any_correlation(looks):
    """bench/speckle.py: intensity CV 1/sqrt(L), amplitude about 0.52/sqrt(L), whatever the
    correlation; neighbours correlate more as corr_px grows."""
    rng = np.random.default_rng(looks)
    neighbour = []
    for corr in (0.0, 1.0, 2.0):
        field = speckle.speckle_field((256, 256), looks, corr, rng)
        assert abs(field.mean() - 1) < 0.1
        assert abs(field.std() / field.mean() * np.sqrt(looks) - 1) < 0.12
        amp = np.sqrt(field)
        assert abs(amp.std() / amp.mean() * np.sqrt(looks) - 0.52) < 0.07
        neighbour.append(np.corrcoef(field[:, :-1].ravel(), field[:, 1:].ravel())[0, 1])
    assert abs(neighbour[0]) < 0.05 and neighbour[0] < neighbour[1] < neighbour[2]


def test_a_simulated_sar_dev_pair_keeps_the_labels_and_the_grid(tmp_path):
    t1, t2, labels = speckle.write_speckled_pair(os.path.dirname(os.path.join(SAMPLE, "t1.tif")), str(tmp_path),
                                                 3, "amplitude", "8bit", 1.0, seed=4)
    src = gdal.Open(os.path.join(SAMPLE, "t1.tif"))
    for path in (t1, t2):
        ds = gdal.Open(path)
        assert (ds.RasterCount, ds.RasterXSize, ds.GetGeoTransform()) == (1, src.RasterXSize, src.GetGeoTransform())
        assert ds.GetRasterBand(1).DataType == gdal.GDT_Byte
    assert np.array_equal(gdal.Open(labels).ReadAsArray(),
                          gdal.Open(os.path.join(SAMPLE, "labels.tif")).ReadAsArray())
    assert not np.array_equal(gdal.Open(t1).ReadAsArray(), gdal.Open(t2).ReadAsArray())
    assert choice_of(t1, t2).kind == "sar"


def choice_of(t1, t2):
    pair = RasterPair(t1, t2)
    try:
        return kind.detect_kind(pair)
    finally:
        pair.close()
