"""The core entry point on real GeoTIFFs: outputs, nodata, cancel, determinism, devices."""
import os

import numpy as np
import pytest
import torch
from osgeo import gdal

from metric_cd_plugin.core.deep import run as pipeline
from metric_cd_plugin.core.deep.request import DetectionRequest
from metric_cd_plugin.core.errors import Cancelled, DeviceError, InputError
from synthetic import TINY, change_pair


def run(tmp_path, t1, t2, name="out", **kw):
    kw.setdefault("overrides", dict(TINY))
    kw.setdefault("weights", "random")  # no network in tests
    req = DetectionRequest(t1, t2, str(tmp_path / f"{name}.tif"), str(tmp_path / f"{name}_mask.tif"), **kw)
    return pipeline.detect_change(req)


def read(path):
    ds = gdal.Open(path)
    return ds, ds.GetRasterBand(1).ReadAsArray()


def test_change_region_scores_above_background_and_outputs_are_well_formed(tmp_path):
    t1, t2, changed = change_pair(tmp_path)
    res = run(tmp_path, t1, t2)
    ds, prob = read(res.output)
    src = gdal.Open(t1)
    assert ds.GetGeoTransform() == src.GetGeoTransform()
    assert ds.GetProjection() == src.GetProjection()
    band = ds.GetRasterBand(1)
    assert band.DataType == gdal.GDT_Float32 and band.GetNoDataValue() == -1
    assert band.GetDescription() == "change probability"
    assert prob.min() >= 0 and prob.max() <= 1
    # the change ranks above the background (the convex prior's Pc is graded, not saturated)
    assert np.percentile(prob[changed], 10) > np.percentile(prob[~changed], 90)
    mds, mask = read(res.mask_output)
    assert mds.GetRasterBand(1).DataType == gdal.GDT_Byte and mds.GetRasterBand(1).GetNoDataValue() == 255
    assert set(np.unique(mask)) <= {0, 1}
    f1 = 2 * (mask.astype(bool) & changed).sum() / (mask.sum() + changed.sum())
    assert f1 > 0.8
    meta = ds.GetMetadata("METRIC_CD")
    assert meta["seed"] == "0" and "fast" in meta["preset"] and meta["threshold_rule"]
    assert not [f for f in os.listdir(tmp_path) if ".part" in f]


def test_nodata_pixels_stay_nodata_and_do_not_move_the_result(tmp_path):
    t1, t2, changed = change_pair(tmp_path, nodata=0)
    ds = gdal.Open(t1, gdal.GA_Update)
    arr = ds.GetRasterBand(1).ReadAsArray()
    arr[:, :6] = 0  # a nodata border on T1 only
    ds.GetRasterBand(1).WriteArray(arr)
    ds = None
    ds2 = gdal.Open(t2, gdal.GA_Update)
    arr2 = ds2.GetRasterBand(2).ReadAsArray().astype(np.float32)
    ds2 = None
    res = run(tmp_path, t1, t2)
    _, prob = read(res.output)
    _, mask = read(res.mask_output)
    assert (prob[:, :6] == -1).all() and (mask[:, :6] == 255).all()
    assert (prob[:, 6:] >= 0).all() and np.isfinite(arr2).all()
    assert np.percentile(prob[changed], 10) > np.percentile(prob[~changed & (prob >= 0)], 90)


def test_same_seed_same_result_and_other_seed_differs(tmp_path):
    t1, t2, _ = change_pair(tmp_path)
    a = read(run(tmp_path, t1, t2, "a", seed=3).output)[1]
    b = read(run(tmp_path, t1, t2, "b", seed=3).output)[1]
    c = read(run(tmp_path, t1, t2, "c", seed=4).output)[1]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("stop_at", [3.0, 10.0, 50.0, 85.0, 97.0])
def test_cancel_at_each_stage_leaves_no_file(tmp_path, stop_at):
    t1, t2, _ = change_pair(tmp_path)
    seen = []
    req = DetectionRequest(t1, t2, str(tmp_path / "out.tif"), str(tmp_path / "mask.tif"),
                           overrides=dict(TINY), weights="random")
    with pytest.raises(Cancelled):
        pipeline.detect_change(req, lambda p, text: seen.append(p), lambda: bool(seen) and seen[-1] >= stop_at)
    assert sorted(os.listdir(tmp_path)) == ["t1.tif", "t2.tif"]


def test_progress_is_monotone_and_reaches_100(tmp_path):
    t1, t2, _ = change_pair(tmp_path)
    seen = []
    req = DetectionRequest(t1, t2, str(tmp_path / "o.tif"), str(tmp_path / "m.tif"), overrides=dict(TINY),
                           weights="random")
    pipeline.detect_change(req, lambda p, text: seen.append((p, text)))
    values = [p for p, _ in seen]
    assert values == sorted(values) and values[-1] == 100
    assert {"Fitting the change network", "Writing the change mask"} <= {t for _, t in seen}


def test_user_threshold_is_applied(tmp_path):
    t1, t2, _ = change_pair(tmp_path)
    res = run(tmp_path, t1, t2, threshold=0.99)
    _, prob = read(res.output)
    _, mask = read(res.mask_output)
    assert res.threshold == 0.99 and res.threshold_rule == "user value"
    np.testing.assert_array_equal(mask == 1, prob > 0.99)


def test_bad_requests_are_clear_errors(tmp_path):
    t1, t2, _ = change_pair(tmp_path)
    with pytest.raises(InputError, match="also an input"):
        pipeline.detect_change(DetectionRequest(t1, t2, t1, weights="random"))
    with pytest.raises(InputError, match="Threshold"):
        pipeline.detect_change(DetectionRequest(t1, t2, str(tmp_path / "o.tif"), threshold="high",
                                                weights="random"))
    with pytest.raises(InputError, match="does not exist"):
        pipeline.detect_change(DetectionRequest(t1, str(tmp_path / "nope.tif"), str(tmp_path / "o.tif"),
                                                weights="random"))
    with pytest.raises(InputError, match="preset"):
        pipeline.detect_change(DetectionRequest(t1, t2, str(tmp_path / "o.tif"), preset="slow",
                                                weights="random"))
    # an expert override with a misspelt rule stops before anything runs (it once meant another branch)
    with pytest.raises(ValueError, match="Preset prior 'convx' is not one of paper, convex"):
        pipeline.detect_change(DetectionRequest(t1, t2, str(tmp_path / "o.tif"), overrides={"prior": "convx"},
                                                weights="random"))
    assert not (tmp_path / "o.tif").exists()


def test_threads_hold_for_the_run_and_are_restored(tmp_path):
    t1, t2, _ = change_pair(tmp_path)
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    seen = set()
    try:
        req = DetectionRequest(t1, t2, str(tmp_path / "o.tif"), weights="random", overrides=dict(TINY), threads=1)
        pipeline.detect_change(req, progress=lambda *_: seen.add(torch.get_num_threads()))
        after = torch.get_num_threads()
        with pytest.raises(InputError, match="Threads '0'"):
            pipeline.detect_change(DetectionRequest(t1, t2, str(tmp_path / "p.tif"), weights="random", threads=0))
    finally:
        torch.set_num_threads(before)
    assert seen == {1} and after == 2


def test_qgis_runs_leave_a_core_only_on_machines_with_four_or_more():
    from metric_cd_plugin.core.deep.device import resolve_threads
    from metric_cd_plugin.core.deep.request import LEAVE_ONE_CORE
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(8)
        assert resolve_threads(LEAVE_ONE_CORE) == 7
        torch.set_num_threads(2)
        assert resolve_threads(LEAVE_ONE_CORE) is None  # both cores: the run needs them more
    finally:
        torch.set_num_threads(before)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_run_finds_the_change_like_the_cpu_run(tmp_path):
    t1, t2, changed = change_pair(tmp_path)
    on_cpu = run(tmp_path, t1, t2, "cpu", device="cpu")
    on_gpu = run(tmp_path, t1, t2, "gpu", device="cuda")
    assert on_gpu.device.startswith("cuda")
    _, p_cpu = read(on_cpu.output)
    _, p_gpu = read(on_gpu.output)
    assert np.percentile(p_gpu[changed], 10) > np.percentile(p_gpu[~changed], 90)
    assert np.mean((p_cpu > 0.5) == (p_gpu > 0.5)) > 0.95  # kernels differ, the decision should not


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_without_cuda_says_what_to_do(tmp_path):
    t1, t2, _ = change_pair(tmp_path)
    with pytest.raises(DeviceError, match="choose device 'cpu'"):
        pipeline.detect_change(DetectionRequest(t1, t2, str(tmp_path / "o.tif"), device="cuda", weights="random"))


def test_out_of_memory_retries_with_smaller_tiles(tmp_path, monkeypatch):
    # no GPU here: the OOM is raised by a hook the first time, as CUDA would
    from metric_cd_plugin.core.deep import engine
    real, presets = engine.fit_and_predict, []

    def flaky(pair, normaliser, preset, *args):
        presets.append(preset)
        if len(presets) == 1:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB")
        return real(pair, normaliser, preset, *args)

    monkeypatch.setattr(engine, "fit_and_predict", flaky)
    t1, t2, _ = change_pair(tmp_path)
    run(tmp_path, t1, t2)
    assert (presets[1].tile, presets[1].batch) < (presets[0].tile, presets[0].batch)
    assert (tmp_path / "out.tif").exists()


def test_finetuning_d_fe_changes_its_weights_and_still_finds_the_change(tmp_path, monkeypatch):
    from metric_cd_plugin.core.deep import engine
    built = []
    real = engine.build_networks

    def keep(*args):
        nets = real(*args)
        built.append((nets[1], {k: v.clone() for k, v in nets[1].state_dict().items()}))
        return nets

    monkeypatch.setattr(engine, "build_networks", keep)
    t1, t2, changed = change_pair(tmp_path)
    res = run(tmp_path, t1, t2, finetune_fe=True)
    fe, before = built[0]
    assert any(not torch.equal(before[k], v) for k, v in fe.state_dict().items())
    _, prob = read(res.output)
    # the change ranks above the background (the convex prior's Pc is graded, not saturated)
    assert np.percentile(prob[changed], 10) > np.percentile(prob[~changed], 90)
    assert res.metadata["preset"]["finetune_fe"] is True


def test_random_weights_are_noted_in_the_output_metadata(tmp_path):
    t1, t2, _ = change_pair(tmp_path)
    res = run(tmp_path, t1, t2)
    meta = gdal.Open(res.output).GetMetadata("METRIC_CD")
    assert meta["weights"] == "random" and "lower quality" in meta["weights_note"]
    assert "weights_file" not in meta and res.metadata["weights_note"] == meta["weights_note"]


def test_imagenet_weights_come_from_the_request_cache_without_network(tmp_path, vgg16_state_file):
    from metric_cd_plugin.core.deep import weights
    t1, t2, _ = change_pair(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    features = weights.save_feature_layers(vgg16_state_file, weights.features_path(str(cache)))
    seen = []
    req = DetectionRequest(t1, t2, str(tmp_path / "o.tif"), str(tmp_path / "m.tif"), overrides=dict(TINY),
                           cache_dir=str(cache))
    res = pipeline.detect_change(req, lambda p, text: seen.append(p))
    meta = gdal.Open(res.output).GetMetadata("METRIC_CD")
    assert meta["weights"] == "auto" and meta["weights_file"] == features and "weights_note" not in meta
    assert meta["weights_used"] == "imagenet"  # "auto" took the cached ImageNet weights
    assert seen == sorted(seen) and seen[-1] == 100
