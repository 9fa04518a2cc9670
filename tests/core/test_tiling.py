import numpy as np
import torch

from metric_cd_plugin.core.raster import tiling
from metric_cd_plugin.core.deep.networks import DCPG


def test_cores_partition_the_raster_exactly_once():
    for w, h, core, halo in [(100, 37, 16, 5), (7, 7, 16, 3), (64, 64, 32, 0), (129, 65, 64, 11)]:
        hits = np.zeros((h, w), int)
        for t in tiling.tiles(w, h, core, halo):
            assert 0 <= t.x <= t.cx and t.cx + t.cw <= t.x + t.w <= w
            hits[t.cy:t.cy + t.ch, t.cx:t.cx + t.cw] += 1
            rows, cols = t.core_slice
            assert np.zeros((t.h, t.w))[rows, cols].shape == (t.ch, t.cw)
        assert (hits == 1).all()
        assert tiling.count(w, h, core) == len(list(tiling.tiles(w, h, core, halo)))


def test_tiled_prediction_equals_whole_image_prediction():
    torch.manual_seed(0)
    net = DCPG(2, channels=8, blocks=2, norm="none").eval()
    x = torch.rand(1, 2, 70, 90)
    with torch.no_grad():
        whole = net(x)[0, 0].numpy()
        out = np.full_like(whole, np.nan)
        for t in tiling.tiles(90, 70, 24, net.receptive_radius):
            pc = net(x[:, :, t.y:t.y + t.h, t.x:t.x + t.w])[0, 0].numpy()
            out[t.cy:t.cy + t.ch, t.cx:t.cx + t.cw] = pc[t.core_slice]
    np.testing.assert_allclose(out, whole, atol=1e-5)
