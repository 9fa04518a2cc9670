import numpy as np
import torch

from metric_cd_plugin.core.deep.fit import calibrate
from metric_cd_plugin.core.deep.features import distance_maps, pair_distances
from metric_cd_plugin.core.deep.loss import change_prior, metric_loss, pair_term
from metric_cd_plugin.core.deep.device import choose_precision, native_bfloat16
from metric_cd_plugin.core.errors import DeviceError
from metric_cd_plugin.core.deep.networks import DCPG, load_vgg16, recalibrate_batchnorm


def test_identical_images_give_no_dissimilarity_term():
    fe = load_vgg16("random", 0)
    rgb = torch.rand(2, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    valid = torch.ones(2, 1, 32, 32)
    maps = pair_distances(fe, rgb, rgb.clone(), valid, 3, 2)
    assert len(maps) == 3
    for dist, _ in maps:
        assert float(dist.abs().max()) < 1e-5
    pc = torch.full((2, 1, 32, 32), 0.9)
    for dist, v in maps:
        assert abs(float(pair_term(pc, dist, v))) < 1e-5


def test_loss_signs_pull_up_where_distance_exceeds_margin():
    # free per-pixel probabilities: evidence above the margin ends > 0.5, below it ends < 0.5
    evidence = torch.tensor([0.5, 1.0, 1.5, 2.5, 3.0, 4.0]).view(1, 1, 1, 6)
    logits = torch.full_like(evidence, 2.0, requires_grad=True)
    opt = torch.optim.Adam([logits], lr=0.05)
    for _ in range(1500):
        loss = metric_loss(torch.sigmoid(logits), [(evidence, torch.ones_like(evidence))], 2.0)
        opt.zero_grad()
        loss.backward()
        opt.step()
    pc = torch.sigmoid(logits).flatten()
    assert (pc[:3] < 0.05).all() and (pc[3:] > 0.5).all()
    assert pc[3] < pc[4] <= pc[5]  # monotone in the evidence
    np.testing.assert_allclose(float(pc[3].detach()), 2.5 / 4, atol=0.02)  # equilibrium a / (2 margin)


def settle(evidence, start_pc, prior, margin=2.0, steps=1500):
    """Free per-pixel probabilities optimised on one evidence map from Pc = start_pc."""
    logits = torch.full_like(evidence, float(np.log(start_pc / (1 - start_pc))), requires_grad=True)
    opt = torch.optim.Adam([logits], lr=0.05)
    for _ in range(steps):
        loss = metric_loss(torch.sigmoid(logits), [(evidence, torch.ones_like(evidence))], margin, prior)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return torch.sigmoid(logits).detach().flatten()


def test_the_paper_prior_keeps_a_pixel_that_fell_under_half_there():
    # evidence 3 is above the margin 2: from above the pixel is change, from below it stays
    # at no change until twice the margin (why the fast preset uses the convex prior: loss.py)
    evidence = torch.tensor([1.0, 3.0, 5.0]).view(1, 1, 1, 3)
    from_above, from_below = settle(evidence, 0.9, "paper"), settle(evidence, 0.1, "paper")
    assert from_above[1] > 0.5 and from_below[1] < 0.05
    assert from_above[0] < 0.05 and from_below[2] > 0.5


def test_the_convex_prior_settles_at_evidence_over_twice_the_margin_from_any_start():
    evidence = torch.tensor([1.0, 3.0, 5.0]).view(1, 1, 1, 3)
    for start in (0.1, 0.5, 0.9):
        np.testing.assert_allclose(settle(evidence, start, "convex").numpy(), [0.25, 0.75, 1.0], atol=0.02)


def test_prior_favours_no_change_and_ignores_invalid_pixels():
    valid = torch.tensor([[[[1.0, 0.0]]]])
    low = change_prior(torch.tensor([[[[0.1, 0.9]]]]), valid)
    high = change_prior(torch.tensor([[[[0.9, 0.9]]]]), valid)
    assert float(low) < float(high)
    same = change_prior(torch.tensor([[[[0.1, 0.2]]]]), valid)
    assert float(same) == float(low)  # the invalid pixel does not count


def test_calibration_makes_terms_relative_to_their_median():
    d = torch.tensor([1.0, 2.0, 3.0, 100.0]).view(1, 1, 1, 4)
    v = torch.ones_like(d)
    [(out1, _), (out2, _)], scales = calibrate([(d, v), (d * 50, v)])
    assert scales[1] == 50 * scales[0]
    assert torch.allclose(out1, out2)
    assert float(out1.flatten()[1]) == 0.5  # median / (median * two terms)


def test_zscored_distances_ignore_scale():
    a = [torch.rand(1, 4, 8, 8)]
    stats = [(torch.zeros(1, 4, 1, 1), torch.ones(1, 4, 1, 1))]
    scaled = [(torch.zeros(1, 4, 1, 1), 3 * torch.ones(1, 4, 1, 1))]
    d = distance_maps(a, [a[0] * 3], stats, scaled)[0]
    assert float(d.max()) < 1e-6


def test_batchnorm_recalibration_matches_whole_image_batch_statistics():
    torch.manual_seed(0)
    net = DCPG(3, channels=8, blocks=2, norm="batch", init_pc=0.5)
    net.tail[1].weight.data.normal_(0, 0.1)
    x = torch.rand(1, 3, 40, 40)
    net.train()
    with torch.no_grad():
        train_out = net(x)
    recalibrate_batchnorm(net, [x])
    with torch.no_grad():
        eval_out = net(x)
    torch.testing.assert_close(eval_out, train_out, atol=1e-4, rtol=1e-4)


def test_vgg_state_dict_loading_checks_keys(tmp_path):
    import pytest
    from metric_cd_plugin.core.errors import InputError
    good = load_vgg16("random", 1)
    path = tmp_path / "vgg.pth"
    torch.save({"features." + k.split("features.", 1)[1]: v for k, v in good.state_dict().items()}, path)
    loaded = load_vgg16(str(path), 0)
    for (k, v), (_, w) in zip(good.state_dict().items(), loaded.state_dict().items()):
        assert torch.equal(v, w), k
    bad = tmp_path / "bad.pth"
    torch.save({"features.0.weight": torch.zeros(1)}, bad)
    with pytest.raises(InputError, match="not a VGG16 state dict"):
        load_vgg16(str(bad), 0)
    with pytest.raises(InputError, match="does not exist"):
        load_vgg16(str(tmp_path / "missing.pth"), 0)


def _fitted_like(precision):
    """A D-CPG whose readout is not zero (a fitted one's is not), in eval mode."""
    torch.manual_seed(0)
    net = DCPG(3, channels=8, blocks=2, norm="batch", init_pc=0.5, precision=precision)
    net.tail[1].weight.data.normal_(0, 0.3)
    return net.eval()


def test_bfloat16_convolutions_keep_pc_float32_and_within_a_few_thousandths():
    net, low = _fitted_like("float32"), _fitted_like("bfloat16")
    low.load_state_dict(net.state_dict())
    x = torch.rand(2, 3, 40, 40)
    with torch.no_grad():
        exact, approx = net(x), low(x)
    assert approx.dtype == torch.float32
    gap = (exact - approx).abs().max().item()
    assert 0 < gap < 0.01  # bfloat16 really computed (3 digits), and no more wrong than that
    # the D-FE likewise: float32 features from bfloat16 convolutions
    fe = load_vgg16("random", 0).eval()
    rgb = torch.rand(1, 3, 32, 32)
    with torch.no_grad():
        exact_f = fe(rgb)
        fe.precision = "bfloat16"
        approx_f = fe(rgb)
    for a, b in zip(exact_f, approx_f):
        assert b.dtype == torch.float32 and 0 < (a - b).abs().max() <= 0.02 * a.abs().max()


def test_auto_precision_is_bfloat16_only_on_a_cpu_that_computes_it_natively():
    assert choose_precision("auto", "cuda") == "float32"  # not measured on a GPU: float32 there
    assert choose_precision("float32", "cpu") == "float32" and choose_precision("bfloat16", "cpu") == "bfloat16"
    assert choose_precision("auto", "cpu") == ("bfloat16" if native_bfloat16() else "float32")
    if not torch.cuda.is_available() or not torch.cuda.is_bf16_supported():  # a GPU without bfloat16
        try:
            choose_precision("bfloat16", "cuda")
        except DeviceError as exc:
            assert exc.code == "gpu_bfloat16_missing" and "'float32'" in str(exc)
        else:
            raise AssertionError("bfloat16 was accepted on a GPU that does not compute it")
    try:
        DCPG(3, precision="half")
    except ValueError as exc:
        assert "half" in str(exc)
    else:
        raise AssertionError("an unknown precision was accepted")


def test_the_fit_s_adam_moves_weights_exactly_as_torch_optim_adam():
    from metric_cd_plugin.core.deep.adam import Adam
    nets = []
    for _ in range(2):
        torch.manual_seed(3)
        nets.append(DCPG(3, channels=8, blocks=2, norm="batch", init_pc=0.5))
    ours = Adam([{"params": list(nets[0].parameters())[:4], "lr": 3e-4},
                 {"params": list(nets[0].parameters())[4:], "lr": 1e-3}])
    theirs = torch.optim.Adam([{"params": list(nets[1].parameters())[:4], "lr": 3e-4},
                               {"params": list(nets[1].parameters())[4:], "lr": 1e-3}])
    x = torch.rand(4, 3, 24, 24)
    for step in range(6):
        for net, opt in ((nets[0], ours), (nets[1], theirs)):
            opt.zero_grad()
            (net(x) * (x[:, :1] - 0.4)).mean().backward()
            if step == 2:  # a parameter without a gradient is left alone by both
                net.head[1].weight.grad = None
            opt.step()
    for a, b in zip(nets[0].state_dict().values(), nets[1].state_dict().values()):
        assert torch.equal(a, b)
    assert not torch.equal(nets[0].tail[1].weight, torch.zeros_like(nets[0].tail[1].weight))  # it did move
