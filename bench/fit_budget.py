"""How many fitting iterations `fast` needs (issue 29): one fit per shared pair with snapshots
of the D-CPG at several iteration counts; each snapshot goes through the engine's post-fit
steps (BatchNorm recalibration, tiled prediction with context grading, the automatic
threshold, the SAR agreement) and is scored on the labels (scoring only, after the fit).
Optional: a cosine learning-rate schedule, weight averages over windows of iterations. Also
logs how a fixed probe's decisions change every 10 iterations (for stop rules). Not part of
`make bench` (about 15 min per seed on 2 quiet cores); its seed-0 result is
bench/results/fit_budget_s0.json, read in docs/design_measurements.md.

    python -m bench.fit_budget OUT.json SEED [overrides as JSON] [pair,pair]
    e.g. python -m bench.fit_budget /tmp/cos.json 0 '{"lr": 0.001, "schedule": "cosine", "snaps": [100]}'
"""
import copy
import json
import math
import os
import sys
import time
from dataclasses import replace

import numpy as np
import torch

from metric_cd_plugin.core.deep import request as rq
from metric_cd_plugin.core.deep.engine import build_networks
from metric_cd_plugin.core.deep.fit import build_pool
from metric_cd_plugin.core.deep.augment import dihedral
from metric_cd_plugin.core.deep.loss import metric_loss
from metric_cd_plugin.core.deep.networks import recalibrate_batchnorm
from metric_cd_plugin.core.deep.predict import predict_tiles, HIST_BINS
from metric_cd_plugin.core.deep.decision import auto_threshold
from metric_cd_plugin.core.deep.agreement import agreement_threshold, classical_share, joint_histogram, share_threshold
from metric_cd_plugin.core.raster.pair import RasterPair
from metric_cd_plugin.core.raster import kind as data_kind
from metric_cd_plugin.core.normalise import Normaliser
from metric_cd_plugin.core.deep.coarse import for_pixel_size
from metric_cd_plugin.core.deep.tolerance import choose_shift
from metric_cd_plugin.core.progress import Monitor
from metric_cd_plugin.core.raster.geotiff import PROB_NODATA
from bench.seed_scores import metrics, labels_of
from bench.evidence import shared_pairs
from metric_cd_plugin.core.deep.run import SAMPLE_PIXELS

SNAPS = (20, 30, 40, 50, 60, 80, 100, 125, 150, 200, 250, 300)
NODATA = -1.0


class Writer:
    def __init__(self, w, h):
        self.a = np.full((h, w), NODATA, np.float32)
        self.band = self  # the writer's band: predict asks it for its nodata

    def GetNoDataValue(self):  # noqa: N802 (GDAL's name)
        return NODATA

    def write(self, x, y, arr):
        self.a[y:y + arr.shape[0], x:x + arr.shape[1]] = arr

    def read(self, x, y, w, h):
        return self.a[y:y + h, x:x + w]


def evaluate(net, pool_diff, batch, source, normaliser, preset, kind, seed, labels):
    net = copy.deepcopy(net)
    recalibrate_batchnorm(net, [pool_diff[i:i + batch] for i in range(0, len(pool_diff), batch)])
    w = Writer(source.width, source.height)
    mon = Monitor(None, None)
    hist = predict_tiles(net, source, normaliser, w, preset.tile, "cpu", mon, preset.context_sigma)
    thr, rule = auto_threshold(hist, np.linspace(0.0, 1.0, HIST_BINS + 1), preset.threshold_rule)
    if kind == "sar" and preset.sar_threshold == "agreement":
        def read_pc(x, y, ww, hh):
            pc = w.read(x, y, ww, hh)
            return np.where(pc == NODATA, PROB_NODATA, pc)
        joint, cl = joint_histogram(source, read_pc, Monitor(None, None), seed)
        agreed, why = agreement_threshold(joint, cl)
        if agreed is not None:
            thr = agreed
    elif kind == "sar" and preset.sar_threshold == "share":
        share, _ = classical_share(source, Monitor(None, None), seed)
        cut, _ = share_threshold(hist, np.linspace(0.0, 1.0, HIST_BINS + 1), share)
        thr = cut if cut is not None else thr
    pc = np.where(w.a == NODATA, np.nan, w.a)
    return {**metrics(pc, labels, thr), "threshold": thr}


def run_pair(folder, seed, overrides):
    torch.set_num_threads(1)
    overrides = dict(overrides)
    schedule = overrides.pop("schedule", None)
    snaps = tuple(overrides.pop("snaps", SNAPS))
    windows = [tuple(w) for w in overrides.pop("windows", [])]
    snaps = tuple(sorted(set(snaps) | {w[1] for w in windows}))
    preset = replace(rq.PRESETS["fast"], **overrides)
    pair = RasterPair(os.path.join(folder, "t1.tif"), os.path.join(folder, "t2.tif"))
    source, kind = data_kind.prepare(pair, "auto", seed)
    rng = np.random.default_rng(seed)
    s1, s2 = source.sample_pixels(SAMPLE_PIXELS, rng)
    normaliser = Normaliser.fit(s1, s2, pair.rgb_bands())
    shift, _ = choose_shift(preset.shift_tolerance, kind.kind, normaliser.is_true_colour, pair.geotransform,
                            pair.projection, pair.width, pair.height)
    preset, _ = for_pixel_size(preset, kind.kind, pair.geotransform, pair.projection, pair.width, pair.height)
    preset = replace(preset, shift_tolerance=shift, log_ratio_input=preset.log_ratio_input and kind.kind != "sar")
    net, fe = build_networks(pair.nbands, preset, "random", seed, "cpu")
    gen = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed + 1)
    mon = Monitor(None, None)
    t0 = time.perf_counter()
    pool = build_pool(source, normaliser, fe, preset, rng, gen, "cpu", mon, kind.kind)
    t_pool = time.perf_counter() - t0
    labels = labels_of(folder)
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=preset.lr)
    total = max(snaps)
    sched = None
    if schedule == "cosine":
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: 0.5 * (1 + math.cos(math.pi * min(i, total) / total)))
    n = pool.diff.shape[0]
    order, cursor, losses, probe_log, out = torch.randperm(n, generator=gen), 0, [], [], {}
    probe, prev = pool.diff[:min(8, n)], None
    net.train()
    t_fit = 0.0
    sums = {w: None for w in windows}
    for it in range(total):
        t1 = time.perf_counter()
        if cursor + preset.batch > n:
            order, cursor = torch.randperm(n, generator=gen), 0
        idx = order[cursor:cursor + min(preset.batch, n)]
        cursor += preset.batch
        k = int(torch.randint(0, 8, (1,), generator=gen)) if preset.flips else 0
        maps = [(dihedral(d[idx], k), dihedral(v[idx], k)) for d, v in pool.maps]
        pc = net(dihedral(pool.diff[idx], k))
        loss = metric_loss(pc, maps, pool.margin, preset.prior)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
        t_fit += time.perf_counter() - t1
        losses.append(float(loss.detach()))
        if (it + 1) % 10 == 0:
            with torch.no_grad():
                p = net(probe)
            if prev is not None:
                probe_log.append({"it": it + 1, "flip": float(((p > 0.5) != (prev > 0.5)).float().mean()),
                                  "dpc": float((p - prev).abs().mean()), "pos": float((p > 0.5).float().mean())})
            prev = p
        for w in windows:
            if w[0] <= it + 1 <= w[1]:
                cur = [p.detach().clone() for p in net.parameters()]
                sums[w] = cur if sums[w] is None else [a + b for a, b in zip(sums[w], cur)]
        if it + 1 in snaps:
            out[it + 1] = evaluate(net, pool.diff, preset.batch, source, normaliser, preset, kind.kind, seed, labels)
            out[it + 1]["fit_s"] = t_fit
            for w in windows:
                if w[1] == it + 1:
                    avg = copy.deepcopy(net)
                    with torch.no_grad():
                        for p, s_ in zip(avg.parameters(), sums[w]):
                            p.copy_(s_ / (w[1] - w[0] + 1))
                    out[f"swa{w[0]}-{w[1]}"] = evaluate(avg, pool.diff, preset.batch, source, normaliser, preset,
                                                        kind.kind, seed, labels)
    pair.close()
    return {"kind": kind.kind, "pool_s": t_pool, "snaps": out, "losses": losses, "probe": probe_log}


if __name__ == "__main__":
    dest, seed = sys.argv[1], int(sys.argv[2])
    overrides = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    names = sys.argv[4].split(",") if len(sys.argv) > 4 else None
    res = json.load(open(dest)) if os.path.exists(dest) else {}
    for name, folder in shared_pairs().items():
        if (names and name not in names) or name in res:
            continue
        res[name] = run_pair(folder, seed, overrides)
        s = res[name]["snaps"]
        print(name, {k: round(v["f1"], 3) for k, v in s.items()}, flush=True)
        json.dump(res, open(dest, "w"))
