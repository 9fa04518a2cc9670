"""The D-CPG's input with the log-ratio beside the difference (issue 25, iii): its values,
a network rebuilt from its config (as a Dask worker does), and the data kinds it applies to."""
import numpy as np
import torch

from metric_cd_plugin.core.deep.networks import DCPG
from metric_cd_plugin.core.deep.request import DetectionRequest
from metric_cd_plugin.core.deep.run import detect_change
from metric_cd_plugin.core.deep.tolerance import LOG_OFFSET, network_input, tolerant_difference
from synthetic import change_pair, write_raster


def test_the_log_ratio_follows_the_difference_band_by_band():
    rng = np.random.default_rng(0)
    n1, n2 = rng.uniform(0, 1, (2, 3, 16, 16)).astype(np.float32)
    valid = np.ones((16, 16), bool)
    plain = network_input(n1, n2, valid, 0, False)
    np.testing.assert_array_equal(plain, tolerant_difference(n1, n2, valid, 0))
    both = network_input(n1, n2, valid, 0, True)
    assert both.shape == (6, 16, 16)
    np.testing.assert_array_equal(both[:3], plain)
    np.testing.assert_allclose(both[3:], np.abs(np.log(n1 + LOG_OFFSET) - np.log(n2 + LOG_OFFSET)), rtol=1e-5)


def test_a_change_in_the_dark_weighs_more_in_the_log_ratio_than_the_same_step_in_the_light():
    n1 = np.array([[[0.02, 0.80]]], np.float32)
    n2 = np.array([[[0.06, 0.84]]], np.float32)
    both = network_input(n1, n2, np.ones((1, 2), bool), 0, True)
    np.testing.assert_allclose(both[0, 0], [0.04, 0.04], atol=1e-6)  # the difference: equal steps
    assert both[1, 0, 0] > 10 * both[1, 0, 1]                         # the ratio: the dark one


def test_a_network_rebuilt_from_its_config_takes_the_same_input_and_gives_the_same_pc():
    net = DCPG(3, channels=8, blocks=1, log_ratio=True).eval()
    twin = DCPG(**net.config).eval()
    twin.load_state_dict(net.state_dict())
    x = torch.rand(1, 6, 20, 20)
    assert twin.log_ratio and twin.config == net.config
    torch.testing.assert_close(twin(x), net(x))


def _run(tmp_path, t1, t2, kind):
    res = detect_change(DetectionRequest(t1, t2, str(tmp_path / f"pc_{kind}.tif"), iterations=5,
                                         weights="random", data_kind=kind, overrides={"log_ratio_input": True}))
    return res.metadata["preset"]["log_ratio_input"]


def test_optical_runs_take_the_log_ratio_and_sar_runs_do_not_add_it_twice(tmp_path):
    """A SAR source is already the log of the filtered amplitudes: its difference is the log-ratio."""
    t1, t2, _ = change_pair(tmp_path, size=48, square=(14, 30))
    assert _run(tmp_path, t1, t2, "optical") is True
    rng = np.random.default_rng(1)
    s1 = write_raster(tmp_path / "s1.tif", rng.gamma(4, 25, (1, 48, 48)).astype(np.float32))
    s2 = write_raster(tmp_path / "s2.tif", rng.gamma(4, 25, (1, 48, 48)).astype(np.float32))
    assert _run(tmp_path, s1, s2, "sar") is False
