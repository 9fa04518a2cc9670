"""Older classes of bad input still open in issue 28: signed bytes, two RPC-only scenes of
different places, thousands of bands. Each through the core (RasterPair, the one place
where inputs are opened as a pair) and where a user meets it, the command line."""
import subprocess
import sys
import time

import numpy as np
import pytest
from osgeo import gdal

from conftest import REPO
from metric_cd_plugin.core.errors import InputError
from metric_cd_plugin.core.raster.pair import RasterPair
from failure_inputs_older import rpc_scene as rpc_scene_of, signed_bytes
from synthetic import GT, write_raster

SIGNED = np.array([[-128, -100, -5, -1], [0, 1, 5, 127]], np.int8)
NATIVE_INT8 = int(gdal.VersionInfo()) >= 3070000


def test_signed_bytes_are_read_as_negative_values_also_through_a_warp(tmp_path):
    values = np.tile(SIGNED, (4, 4))  # 8 x 16
    t1 = signed_bytes(tmp_path / "t1.tif", values)
    same = write_raster(tmp_path / "same.tif", values.astype(np.int16))
    half = (GT[0] + 15.0,) + GT[1:]  # half a pixel east: T2 is warped onto T1's grid, through a VRT
    shifted = write_raster(tmp_path / "shifted.tif", values.astype(np.int16), gt=half)
    for t2 in (shifted, same):
        p = RasterPair(t2, t1)  # T1 is the grid: the signed raster is the one warped or windowed
        _, a2, valid = p.read(0, 0, p.width, p.height)
        assert a2.min() < 0, t2
        if t2 == same:
            assert np.array_equal(a2[0], values.astype(np.float32))
        if not NATIVE_INT8:  # GDAL 3.7 and later read such files as Int8 themselves: nothing to say
            assert "signed bytes were read as -128 to 127" in p.alignment_note
        assert valid.any()
    p = RasterPair(t1, same)
    a1, a2, _ = p.read(0, 0, p.width, p.height)
    assert np.array_equal(a1, a2)  # the same values: no change


def rpc_scene(path, lat, long):
    return rpc_scene_of(path, np.random.default_rng(0).uniform(0, 100, (2, 16, 16)).astype(np.float32), lat, long)


def test_rpc_only_scenes_of_different_continents_are_refused_and_of_one_place_compared(tmp_path):
    taizhou = rpc_scene(tmp_path / "taizhou.tif", 28.65, 121.42)
    paris = rpc_scene(tmp_path / "paris.tif", 48.85, 2.35)
    with pytest.raises(InputError) as refused:
        RasterPair(taizhou, paris)
    message = str(refused.value)
    assert "the ground they cover does not overlap" in message and "T2 around 48.85, 2.35" in message
    assert "choose two scenes of the same place" in message and "\n" not in message
    nearby = rpc_scene(tmp_path / "nearby.tif", 28.70, 121.45)  # overlapping RPC boxes: compared, said so
    assert "compared pixel to pixel" in RasterPair(taizhou, nearby).alignment_note
    across = rpc_scene(tmp_path / "across.tif", 28.65, -179.98)  # near the antimeridian, not near 121 E
    with pytest.raises(InputError):
        RasterPair(taizhou, across)
    east = rpc_scene(tmp_path / "east.tif", 28.65, 179.98)
    assert "compared pixel to pixel" in RasterPair(east, across).alignment_note  # neighbours across 180


def many_bands(path, bands, size=8):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), size, size, bands, gdal.GDT_Byte, ["INTERLEAVE=PIXEL"])
    ds.SetGeoTransform(GT)
    ds = None
    return str(path)


def test_ten_thousand_bands_are_refused_up_front_with_the_bound(tmp_path):
    t1, t2 = many_bands(tmp_path / "t1.tif", 10_000), many_bands(tmp_path / "t2.tif", 10_000)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "metric_cd_plugin", "classical", "cva", t1, t2,
                           "-o", str(tmp_path / "score.tif")], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == ("error: 10,000 bands were chosen to compare; Metric-CD compares at most "
                                   "1,000 (the widest imaging spectrometers record about 430); choose the bands "
                                   "of one date with the band selection (e.g. 4,3,2), or reduce them first "
                                   "(e.g. a PCA of the bands).")
    assert time.monotonic() - started < 60  # up front: not minutes of covariances
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t1.tif", "t2.tif"]
    # a selection of the bands runs
    RasterPair(t1, t2, list(range(1, 5)), list(range(1, 5))).close()
