"""Data kinds (core/raster/kind.py): the auto rule on real GeoTIFFs, the override, the SAR
transform read window by window, and the choice recorded in the outputs and said by the CLI."""
import subprocess
import sys

import numpy as np
import pytest
from osgeo import gdal

from conftest import REPO
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.errors import InputError
from metric_cd_plugin.core.raster import kind
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from metric_cd_plugin.core.raster.pair import RasterPair
from synthetic import write_raster


def scene(rng, size=96):
    """A smooth landscape of fields (8 px blocks, lightly blurred), values 20-200."""
    base = np.kron(rng.uniform(20, 200, (size // 8, size // 8)), np.ones((8, 8)))
    return kind.box_mean(base[None], np.ones(base.shape, bool), 3)[0]


def sar_pair(tmp_path, rng, size=96, bands=1, names=None):
    """Single-look amplitude: the scene times Rayleigh speckle, independent on each date;
    a flooded (dark) square on T2."""
    dates = []
    for date in range(2):
        s = np.stack([scene(rng, size) for _ in range(bands)])
        if date:
            s[:, 30:60, 30:60] = 5.0
        dates.append(s * rng.rayleigh(1 / np.sqrt(np.pi / 2), s.shape))
    paths = [write_raster(tmp_path / f"s{d}.tif", a.astype(np.float32)) for d, a in enumerate(dates)]
    if names:
        for p in paths:
            ds = gdal.Open(p, gdal.GA_Update)
            for i, n in enumerate(names, 1):
                ds.GetRasterBand(i).SetDescription(n)
            ds = None
    return paths


def optical_pair(tmp_path, rng, size=96, bands=1):
    dates = [np.stack([scene(rng, size) + rng.normal(0, 1, (size, size)) for _ in range(bands)])
             for _ in range(2)]
    return [write_raster(tmp_path / f"o{d}.tif", a.astype(np.float32)) for d, a in enumerate(dates)]


def choice(t1, t2, requested="auto"):
    pair = RasterPair(t1, t2)
    try:
        return kind.prepare(pair, requested)[1]
    finally:
        pair.close()


def test_auto_rule_tells_speckled_sar_from_single_band_optical(tmp_path):
    rng = np.random.default_rng(0)
    sar = choice(*sar_pair(tmp_path, rng))
    assert sar.kind == "sar" and "speckle" in sar.reason and "log-ratio" in sar.reason
    optical = choice(*optical_pair(tmp_path, rng))
    assert optical.kind == "optical" and "no speckle" in optical.reason


def test_band_count_and_polarisation_names_decide_before_speckle(tmp_path):
    rng = np.random.default_rng(1)
    three = choice(*sar_pair(tmp_path, rng, bands=3))
    assert three.kind == "optical" and "3 bands" in three.reason
    named = choice(*optical_pair(tmp_path, rng, bands=2))
    assert named.kind == "optical"
    t1, t2 = sar_pair(tmp_path, rng, bands=2, names=["Sigma0_VV", "Sigma0_VH"])
    by_name = choice(t1, t2)
    assert by_name.kind == "sar" and "Sigma0_VH, Sigma0_VV" in by_name.reason


def test_the_user_overrides_the_rule_and_a_wrong_kind_is_one_clear_message(tmp_path):
    rng = np.random.default_rng(2)
    t1, t2 = sar_pair(tmp_path, rng)
    forced = choice(t1, t2, "optical")
    assert forced.kind == "optical" and forced.reason == "optical: chosen by the user"
    o1, o2 = optical_pair(tmp_path, rng)
    assert choice(o1, o2, "SAR").kind == "sar"
    with pytest.raises(InputError, match="Unknown data kind 'radar'; choose one of auto, optical, sar"):
        choice(t1, t2, "radar")


def test_decibel_values_are_filtered_but_not_logged_again(tmp_path):
    rng = np.random.default_rng(3)
    amp = [gdal.Open(p).ReadAsArray() for p in sar_pair(tmp_path, rng)]
    db = [write_raster(tmp_path / f"db{i}.tif", (20 * np.log10(a / 1000 + 1e-6)).astype(np.float32))
          for i, a in enumerate(amp)]
    pair = RasterPair(*db)
    source, picked = kind.prepare(pair)
    assert picked.kind == "sar" and "dB" in picked.reason and not source.logged
    pair.close()


def test_multilooked_sar_in_decibels_is_sar_although_its_speckle_is_smoothed(tmp_path):
    """A 5 x 5 multilook smooths the speckle past the correlation bound; most values of
    backscatter in dB are negative, which optical data never are, and their fine texture is
    left-skewed as the log of speckle is."""
    rng = np.random.default_rng(8)
    looks = [kind.box_mean(gdal.Open(p).ReadAsArray()[None] ** 2, np.ones((96, 96), bool), 5)
             for p in sar_pair(tmp_path, rng)]
    db = [write_raster(tmp_path / f"ml{i}.tif", (10 * np.log10(a / 1e5)).astype(np.float32))
          for i, a in enumerate(looks)]
    pair = RasterPair(*db)
    a1, _, valid = pair.read(0, 0, 96, 96)
    assert kind.neighbour_correlation(a1, valid) > kind.SPECKLE_CORRELATION  # not white noise
    source, picked = kind.prepare(pair)
    assert picked.kind == "sar" and picked.reason.startswith("SAR: decibels") and not source.logged
    pair.close()
    offset = [gdal.Open(p).ReadAsArray() for p in optical_pair(tmp_path, rng)]
    shifted = [write_raster(tmp_path / f"o{i}.tif", (a - np.percentile(a, 10)).astype(np.float32))
               for i, a in enumerate(offset)]  # a tenth of the values below zero: still optical
    assert choice(*shifted).kind == "optical"


def test_sar_windows_read_the_values_of_the_whole_raster(tmp_path):
    rng = np.random.default_rng(4)
    pair = RasterPair(*sar_pair(tmp_path, rng, size=80))
    source, _ = kind.prepare(pair, "sar")
    whole1, whole2, valid = source.read(0, 0, 80, 80)
    for x, y, w, h in [(0, 0, 17, 23), (31, 5, 40, 40), (63, 70, 17, 10)]:
        a1, a2, v = source.read(x, y, w, h)
        assert np.allclose(a1, whole1[:, y:y + h, x:x + w], atol=1e-5)
        assert np.allclose(a2, whole2[:, y:y + h, x:x + w], atol=1e-5)
        assert np.array_equal(v, valid[y:y + h, x:x + w])
    pair.close()


def test_classical_output_records_the_kind_and_sar_log_ratio_finds_the_flood(tmp_path):
    rng = np.random.default_rng(5)
    t1, t2 = sar_pair(tmp_path, rng)
    truth = np.zeros((96, 96), bool)
    truth[30:60, 30:60] = True
    f1 = {}
    for requested in ("auto", "optical"):
        out, mask = str(tmp_path / f"{requested}.tif"), str(tmp_path / f"{requested}_mask.tif")
        res = write_classical(ClassicalRequest("pcakmeans", t1, t2, out, mask, data_kind=requested))
        meta = read_run_metadata(out)
        assert meta["data_kind"] == res.data_kind and meta["data_kind_reason"] == res.data_kind_reason
        m = gdal.Open(mask).ReadAsArray().astype(bool)
        f1[res.data_kind] = 2 * (m & truth).sum() / (m.sum() + truth.sum())
    assert f1["sar"] > f1["optical"]


def test_command_line_says_the_kind_and_refuses_an_unknown_one(tmp_path):
    rng = np.random.default_rng(6)
    t1, t2 = sar_pair(tmp_path, rng)
    cmd = [sys.executable, "-m", "metric_cd_plugin", "classical", "cva", t1, t2, "-o", str(tmp_path / "c.tif")]
    done = subprocess.run(cmd + ["--data-kind", "sar"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "data kind: sar: chosen by the user; compared as log-ratio" in done.stdout
    bad = subprocess.run(cmd[:-2] + ["-o", str(tmp_path / "d.tif"), "--data-kind", "radar"], cwd=REPO,
                         capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stderr.startswith("error: --data-kind: Unknown data kind 'radar'")
    assert not (tmp_path / "d.tif").exists()
