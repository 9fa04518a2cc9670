"""One counting rule (issue 28, item 2): the mask a run writes, its summary, `threshold`
on its probability and a batch's changed pixels all count the same pixels, also for scores
at the edge of float32, where a Python float compared with a float32 array is rounded to
float32 (0.99999998 becomes 1.0, above every score)."""
import numpy as np
import pytest
from osgeo import gdal

from synthetic import write_raster
from metric_cd_plugin.core.batch.manifest import read_manifest
from metric_cd_plugin.core.batch.pair import run_pair
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.raster.rethreshold import rethreshold
from metric_cd_plugin.core.raster.summary import summarise_file


@pytest.fixture(scope="module")
def saturated_pair(tmp_path_factory):
    """A near-exact linear relation outside a changed square: IR-MAD's Z is huge there, its
    score Z / (Z + B) is 1.0 in float32 and its automatic threshold just below 1."""
    folder = tmp_path_factory.mktemp("saturated")
    rng = np.random.default_rng(3)
    t1 = rng.uniform(20, 220, (3, 48, 48))
    t2 = 0.9 * t1 + 10 + rng.normal(0, 1e-4, t1.shape)
    t2[:, 10:30, 10:30] = 250.0
    return folder, write_raster(folder / "t1.tif", t1), write_raster(folder / "t2.tif", t2)


def test_is_change_compares_the_stored_value_in_float64():
    from metric_cd_plugin.core.thresholds import is_change
    scores = np.array([1.0, 0.5, np.nan, -1.0], np.float32)
    assert is_change(scores, 0.99999998).tolist() == [True, False, False, False]
    assert is_change(scores, 1.0).tolist() == [False] * 4
    # a score computed in float64 counts as the float32 the file holds, not as itself
    # (the expectation in float64 explicitly: numpy 2 compares a float32 with a Python float in float32)
    assert is_change(np.array([0.999999985]), 0.99999998).tolist() == [float(np.float32(0.999999985)) > 0.99999998]


@pytest.mark.parametrize("threshold", [None, 0.99999998])
def test_summary_threshold_and_batch_count_the_pixels_of_the_mask(saturated_pair, tmp_path, threshold):
    folder, t1, t2 = saturated_pair
    out, mask = str(tmp_path / "score.tif"), str(tmp_path / "mask.tif")
    result = write_classical(ClassicalRequest("irmad", t1, t2, out, mask, threshold=threshold))
    assert np.float32(result.threshold) == 1.0  # the edge: rounded to float32, above every score
    flags = gdal.Open(mask).ReadAsArray()
    changed = int((flags == 1).sum())
    assert changed >= 400
    assert result.summary.changed_pixels == changed
    assert summarise_file(out, result.threshold).changed_pixels == changed

    # 'auto' is the run's own threshold; a run given the user's value is rebuilt with that value
    rebuilt = rethreshold(out, str(tmp_path / "again.tif"), "auto" if threshold is None else threshold)
    assert rebuilt.changed_pixels == changed
    assert np.array_equal(gdal.Open(str(tmp_path / "again.tif")).ReadAsArray(), flags)

    manifest = tmp_path / "pairs.csv"
    manifest.write_text(f"t1,t2,output,method,threshold\n{t1},{t2},{tmp_path / 'batch.tif'},irmad,"
                        f"{'' if threshold is None else threshold}\n")
    row = run_pair(read_manifest(str(manifest))[0])
    assert row.status == "done", row.reason
    assert row.changed_pixels == changed
