"""One pair's tiles predicted across a real Dask LocalCluster (two worker processes), the
network fitted once here: the same pixels, threshold and mask as the single-machine run."""
import os

import numpy as np
import pytest
from osgeo import gdal

from synthetic import TINY, change_pair

pytest.importorskip("distributed")


@pytest.mark.parametrize("kind, shift", [("auto", {}), ("sar", {}), ("auto", {"shift_tolerance": 2})])
def test_tiles_across_workers_equal_the_single_machine_run(tmp_path, kind, shift):
    """sar: the workers read through the same log-ratio and speckle filter as the head.
    shift_tolerance: the workers match the dates' input within the same radius."""
    from metric_cd_plugin.core.batch.cluster import connect
    from metric_cd_plugin.core.batch.tiles import ClusterPredictor
    from metric_cd_plugin.core.deep.request import DetectionRequest
    from metric_cd_plugin.core.deep.run import detect_change
    t1, t2, _ = change_pair(tmp_path, size=112, seed=5)
    (tmp_path / "one").mkdir()
    (tmp_path / "cluster").mkdir()

    def request(folder):  # 48 px tiles: 3 rows of 3 tiles, each read with its halo
        return DetectionRequest(t1, t2, str(tmp_path / folder / "p.tif"), str(tmp_path / folder / "m.tif"),
                                iterations=20, weights="random", threads=1,
                                overrides=dict(TINY, iterations=20, **shift),
                                data_kind=kind)
    alone = detect_change(request("one"))
    spread = request("cluster")
    with connect("", 2) as client:
        result = detect_change(spread, predict=ClusterPredictor(client, spread))
        assert len(client.scheduler_info()["workers"]) == 2
    assert result.threshold == alone.threshold
    assert result.metadata["preset"]["shift_tolerance"] == shift.get("shift_tolerance", 0)
    assert result.metadata["data_kind"] == alone.metadata["data_kind"] == ("sar" if kind == "sar" else "optical")
    for name in ("p.tif", "m.tif"):
        a, b = gdal.Open(str(tmp_path / "one" / name)), gdal.Open(str(tmp_path / "cluster" / name))
        assert np.array_equal(a.ReadAsArray(), b.ReadAsArray()), name
        assert a.GetMetadata("IMAGE_STRUCTURE") == b.GetMetadata("IMAGE_STRUCTURE")  # tiled, DEFLATE
        assert a.GetGeoTransform() == b.GetGeoTransform()
    assert sorted(os.listdir(tmp_path / "cluster")) == ["m.tif", "p.tif"]  # no strip or temporary file left
