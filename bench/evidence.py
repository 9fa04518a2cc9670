"""Cached runs for judging label-free decision rules offline (issue 25).

One run = one pair, one seed, one configuration of the deep preset (the `fast` default, or
the default with Preset overrides). Each run keeps, under bench/work/evidence/<config>/:
    <pair>_s<seed>.npz   pc (float32, NaN where invalid) and the fitting pool's evidence
                         histogram (counts, edges) that the margin rule reads
    <pair>_s<seed>.json  what the run decided (margin, its rule, threshold, rule, data kind,
                         shift tolerance) and its timings
and, seed-independent, <pair>_classical.npz under bench/work/evidence/: the CVA and
PCA-KMeans scores (the data kind decided as for the deep run: log-ratio for SAR) with their
own thresholds, the classical evidence a decision rule may calibrate on. A cached file is
reused; delete it (or the folder) to measure again. Labels are never read here: scoring
is bench/decision_rules.py's.

    python -m bench.evidence [--seeds 0,1,2] [--pairs a,b] [--config fast] [--dev] [--jobs 2]
"""
import argparse
import concurrent.futures
import json
import multiprocessing
import os
import tempfile
import time

import numpy as np
from osgeo import gdal

from bench.configs import CONFIGS
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.deep import fit as deep_fit
from metric_cd_plugin.core.deep.decision import EVIDENCE_BINS, EVIDENCE_TOP, evidence_values
from metric_cd_plugin.core.deep.run import DetectionRequest, detect_change

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data")
WORK = os.path.join(ROOT, "bench", "work", "evidence")
CLASSICAL = ("cva", "pcakmeans")

gdal.UseExceptions()


def shared_pairs(data=DATA):
    """name -> folder of every labelled pair in the shared data."""
    return {n: os.path.join(data, n) for n in sorted(os.listdir(data))
            if os.path.isfile(os.path.join(data, n, "labels.tif"))}


def all_pairs(data=DATA, dev=False):
    """name -> (folder, data kind to run it with): the shared pairs (auto), or the dev pairs."""
    if dev:
        from bench.dev_pairs import dev_pairs
        return dev_pairs(shared_pairs(data))
    return {n: (f, "auto") for n, f in shared_pairs(data).items()}


class PoolRecorder:
    """Records the fitting pool's evidence histogram as the margin rule sees it (the same
    percentile range and bins as decision.margin_from_evidence)."""

    def __init__(self):
        self.counts, self.edges = None, None
        self._orig = deep_fit.minimum_error_margin

    def __enter__(self):
        def recording(maps, kind):
            values = evidence_values(maps)
            values = values[np.isfinite(values)]
            top = float(np.percentile(values, EVIDENCE_TOP)) if values.size else 1.0
            self.counts, self.edges = np.histogram(values, bins=EVIDENCE_BINS, range=(0.0, max(top, 1e-6)))
            return self._orig(maps, kind)
        deep_fit.minimum_error_margin = recording
        return self

    def __exit__(self, *exc):
        deep_fit.minimum_error_margin = self._orig


def read_score(path):
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray().astype(np.float32)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        a[a == nodata] = np.nan
    return a


def run_paths(config, pair, seed, work=WORK, iterations=None):
    stem = os.path.join(work, config + (f"_it{iterations}" if iterations else ""), f"{pair}_s{seed}")
    return stem + ".npz", stem + ".json"


def cached_run(config, pair, seed, work=WORK, iterations=None):
    """The cached record of a run, or None."""
    npz, meta_path = run_paths(config, pair, seed, work, iterations)
    if not (os.path.exists(npz) and os.path.exists(meta_path)):
        return None
    with open(meta_path) as f:
        return {**json.load(f), **dict(np.load(npz))}


def deep_run(config, pair, folder, seed, work=WORK, threads=1, data_kind="auto", iterations=None):
    """Run (or reuse) one deep run -> its record (dict, with "pc" and the pool histogram).
    iterations: the preset's unless given (smoke runs; cached apart)."""
    cached = cached_run(config, pair, seed, work, iterations)
    if cached is not None:
        return cached
    npz, meta_path = run_paths(config, pair, seed, work, iterations)
    os.makedirs(os.path.dirname(npz), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, PoolRecorder() as pool:
        out = os.path.join(tmp, "pc.tif")
        req = DetectionRequest(os.path.join(folder, "t1.tif"), os.path.join(folder, "t2.tif"), out,
                               preset="fast", seed=seed, weights="random", threads=threads, iterations=iterations,
                               overrides=dict(CONFIGS[config]), data_kind=data_kind)
        start = time.perf_counter()
        res = detect_change(req)
        seconds = time.perf_counter() - start
        pc = read_score(out)
    meta = {"pair": pair, "seed": seed, "config": config, "threshold": res.threshold,
            "threshold_rule": res.threshold_rule, "margin": res.metadata["margin"],
            "margin_rule": res.metadata["margin_rule"], "data_kind": res.metadata["data_kind"],
            "shift": res.metadata["preset"]["shift_tolerance"], "seconds": seconds,
            "timings": res.metadata["timings_s"], "date": time.strftime("%Y-%m-%d %H:%M")}
    counts = pool.counts if pool.counts is not None else np.zeros(0)
    edges = pool.edges if pool.edges is not None else np.zeros(0)
    np.savez_compressed(npz, pc=pc, pool_counts=counts, pool_edges=edges)
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
    return {**meta, "pc": pc, "pool_counts": counts, "pool_edges": edges}


def classical_evidence(pair, folder, work=WORK, data_kind="auto"):
    """CVA and PCA-KMeans scores with their own thresholds (cached) -> dict."""
    path = os.path.join(work, f"{pair}_classical.npz")
    if os.path.exists(path):
        return dict(np.load(path))
    os.makedirs(work, exist_ok=True)
    out = {}
    for method in CLASSICAL:
        with tempfile.TemporaryDirectory() as tmp:  # the package's own writer, its score read back
            path_score = os.path.join(tmp, "score.tif")
            res = write_classical(ClassicalRequest(method, os.path.join(folder, "t1.tif"),
                                                   os.path.join(folder, "t2.tif"), path_score, seed=0,
                                                   data_kind=data_kind))
            out[method], out[method + "_threshold"] = read_score(path_score), np.float64(res.auto_threshold)
    np.savez_compressed(path, **out)
    return out


def place_options(ap):
    """Where a report over the cached runs reads and writes (every such report in bench/)."""
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--work", default=WORK)
    ap.add_argument("--iterations", type=int, help="override the preset's (smoke runs)")
    return ap


def run_options(ap):
    """The options the reports over cached runs share (seed_scores.py, decision_rules.py)."""
    ap.add_argument("--config", default="fast")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--cached", action="store_true", help="only the runs already cached; make none")
    return place_options(ap)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--pairs", default="", help="comma-separated names (default: every shared pair)")
    ap.add_argument("--config", default="fast", choices=sorted(CONFIGS))
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--work", default=WORK)
    ap.add_argument("--dev", action="store_true", help="the dev pairs (bench/dev_pairs.py) instead of the shared")
    ap.add_argument("--jobs", type=int, default=1, help="runs at once, each its own process of 1 PyTorch thread "
                    "(the cores of the machine: each run is the same as alone, only sooner)")
    ap.add_argument("--iterations", type=int, help="override the preset's (smoke runs; cached apart)")
    args = ap.parse_args(argv)
    pairs = all_pairs(args.data, args.dev)
    names = [p for p in args.pairs.split(",") if p] or list(pairs)
    runs = [(name, seed) for seed in [int(s) for s in args.seeds.split(",")] for name in names]
    # each pair's classical evidence first, once: two runs of one pair must not write its file at once
    pair_jobs = [(name, *pairs[name], args.work) for name in names]
    run_jobs = [(args.config, name, *pairs[name], seed, args.work, args.iterations) for name, seed in runs]
    if args.jobs <= 1:
        for job in pair_jobs:
            _classical(job)
        for job in run_jobs:
            print(_run(job), flush=True)
        return
    ctx = multiprocessing.get_context("spawn")  # no torch state forked from this process
    with concurrent.futures.ProcessPoolExecutor(args.jobs, mp_context=ctx) as pool:
        list(pool.map(_classical, pair_jobs))
        for line in pool.map(_run, run_jobs):
            print(line, flush=True)


def _classical(job):
    name, folder, kind, work = job
    classical_evidence(name, folder, work, kind)


def _run(job):
    config, name, folder, kind, seed, work, iterations = job
    rec = deep_run(config, name, folder, seed, work, data_kind=kind, iterations=iterations)
    return (f"evidence: {config} {name} s{seed}: threshold {rec['threshold']:.3f} margin {rec['margin']:.3f} "
            f"{rec['seconds']:.0f} s")


if __name__ == "__main__":
    main()
