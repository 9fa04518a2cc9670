"""Odd but legal command lines get one line saying what is wrong and what to do (exit 1),
never "unexpected failure", and write nothing: accuracy's threshold, references or maps with
nothing to score, a several-band map; the weights cache under a file, a weights file that
is not there; a seed out of range;
--debug after the command; the classical methods' outputs checked like the deep one's."""
import os
import resource
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO
from failure_checks import child_env, fingerprint
from synthetic import change_pair, write_raster


def cli(*args):
    return subprocess.run([sys.executable, "-m", "metric_cd_plugin", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, env=child_env())


def refused(done, *fragments):
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert "unexpected" not in lines[0] and "Traceback" not in done.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture()
def pair(tmp_path):
    t1, t2, changed = change_pair(tmp_path, size=32)
    labels = write_raster(tmp_path / "labels.tif", np.where(changed, 2, 1).astype(np.uint8))
    return t1, t2, labels


@pytest.mark.parametrize("value", ["nan", "7", "-5"])
def test_accuracy_refuses_a_threshold_outside_0_to_1(pair, value):
    t1, _, labels = pair
    refused(cli("accuracy", t1, labels, f"--threshold={value}"), "is not a number from 0 to 1",
            "give one in that range")


def test_accuracy_refuses_a_reference_without_labels_and_a_map_of_several_bands(tmp_path, pair):
    t1, _, labels = pair
    single = write_raster(tmp_path / "score.tif", np.full((32, 32), 0.3, np.float32))
    unlabelled = write_raster(tmp_path / "unlabelled.tif", np.zeros((32, 32), np.uint8))
    refused(cli("accuracy", single, unlabelled), "nothing to score", "check the reference's labels")
    refused(cli("accuracy", t1, labels), "has 3 bands", "gdal_translate -b 1")


def test_a_cache_folder_under_a_file_and_a_seed_out_of_range_are_one_line(tmp_path, pair):
    t1, t2, _ = pair
    (tmp_path / "a_file").write_text("not a folder")
    before = fingerprint(tmp_path)
    common = ["detect", t1, t2, "-o", str(tmp_path / "p.tif"), "--iterations", "1", "--device", "cpu"]
    # an explicit 'imagenet' is refused ('auto', the default, goes on with random weights and says why)
    refused(cli(*common, "--weights", "imagenet", "--cache-dir", str(tmp_path / "a_file" / "cache")),
            "cannot be created", "choose another folder", "(--cache-dir chooses the folder)")
    absent = str(tmp_path / "absent.pth")  # a weights file that is not there: the choices named by their flags
    refused(cli(*common, "--weights", absent), f"VGG16 weights file '{absent}' does not exist",
            "choose --weights imagenet, --weights random or a .pth state dict")
    for seed in ("-1", str(2**64)):
        refused(cli(*common, "--weights", "random", "--seed", seed), "is not a whole number from 0 to",
                "give one in that range")
    assert fingerprint(tmp_path) == before


def test_debug_is_accepted_after_the_command(pair):
    t1, _, labels = pair
    done = cli("accuracy", t1, labels, "--threshold", "7", "--debug")
    assert done.returncode == 1 and "is not a number from 0 to 1" in done.stderr


def test_classical_outputs_are_checked_like_the_deep_ones(tmp_path, pair):
    t1, t2, _ = pair
    before = fingerprint(tmp_path)
    same = str(tmp_path / "x.tif")
    refused(cli("classical", "irmad", t1, t2, "-o", same, "--mask", same), "is also the output")
    refused(cli("classical", "cva", t1, t2, "-o", str(tmp_path / "score.png")), "does not end in .tif")
    refused(cli("classical", "cva", t1, t2, "-o", str(tmp_path / "out") + os.sep), "names a folder")
    assert fingerprint(tmp_path) == before


def _address_space(limit):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    return apply


def test_a_thousand_bands_that_would_not_fit_are_refused_before_the_run(tmp_path):
    """1,000 bands (the most compared: raster/memory.MAX_BANDS) of 600 x 600 pixels: the
    samples and windows of every band need ~15 GB; with 3 GB of address space (ulimit -v)
    the run is refused at once, nothing written. (More bands are refused by their count,
    tests/core/test_older_inputs.py.)"""
    from osgeo import gdal
    paths = []
    for name in ("t1.tif", "t2.tif"):  # sparse: no block is written, the files stay small
        ds = gdal.GetDriverByName("GTiff").Create(str(tmp_path / name), 600, 600, 1000, gdal.GDT_Byte,
                                                  ["SPARSE_OK=TRUE", "TILED=YES"])
        ds.SetGeoTransform((500000.0, 30.0, 0.0, 3500000.0, 0.0, -30.0))
        ds = None
        paths.append(str(tmp_path / name))
    before = fingerprint(tmp_path)
    done = subprocess.run([sys.executable, "-m", "metric_cd_plugin", "classical", "cva", *paths, "-o",
                           str(tmp_path / "score.tif")], cwd=REPO, capture_output=True, text=True, timeout=600,
                          env=child_env(), preexec_fn=_address_space(3 << 30))
    refused(done, "Comparing 1000 bands would need about", "choose fewer bands")
    assert fingerprint(tmp_path) == before


def test_threads_beyond_the_machine_are_clamped_to_its_cores():
    from metric_cd_plugin.core.deep.device import resolve_threads
    assert resolve_threads(10**6) == os.cpu_count() and resolve_threads(1) == 1


@pytest.mark.parametrize("value", ["9", "-1", "two"])
def test_a_shift_tolerance_that_is_not_a_radius_is_one_line(tmp_path, pair, value):
    t1, t2, _ = pair
    out = tmp_path / "p.tif"
    refused(cli("detect", t1, t2, "-o", str(out), "--weights", "random", f"--shift-tolerance={value}"),
            f"The shift tolerance '{value}'", "'auto'")
    assert not out.exists()
