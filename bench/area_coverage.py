"""`make bench`, area estimation: how often the 95 % interval of the change area covers the
true change area, over repeated samples (issue 30).

For every labelled pair in ../shared/data: a cheap classical change mask (CVA, the method's
own threshold), the population = the labelled pixels (the others are nodata, so partial
labels work), the true change area = the pixels labelled change. Each repetition draws a
new stratified sample with the product's sampler (strata change / possible change = a ring
of pixels / stable, sample size from a target SE with the default anticipated accuracies,
proportional allocation, a minimum of points per stratum: the adapters' defaults), lets the labels play
the interpreter and estimates the change area with the product's estimators.

    python -m bench.area_coverage [--data ../shared/data] [--reps 200] [--out bench/results]
"""
import argparse
import json
import os
import tempfile
import time

import numpy as np
from osgeo import gdal

from bench.run_bench import ROOT
from metric_cd_plugin.core.accuracy import sampling
from metric_cd_plugin.core.accuracy.area import estimate_from_units
from metric_cd_plugin.core.accuracy.sampling import (DEFAULT_MIN, DEFAULT_RING as RING, DEFAULT_TARGET_SE as TARGET_SE,
                                                     DEFAULT_USERS, MAP_CLASS)
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest

gdal.UseExceptions()


def labelled_mask(folder, work):
    """A CVA mask with the unlabelled pixels set to nodata; and the labels."""
    score, mask = os.path.join(work, "cva.tif"), os.path.join(work, "mask.tif")
    write_classical(ClassicalRequest("cva", f"{folder}/t1.tif", f"{folder}/t2.tif", score, mask))
    labels = gdal.Open(f"{folder}/labels.tif").ReadAsArray()
    ds = gdal.Open(mask, gdal.GA_Update)
    band = ds.GetRasterBand(1)
    m = band.ReadAsArray()
    if m.shape != labels.shape:
        raise RuntimeError(f"{folder}: labels {labels.shape} and mask {m.shape} differ")
    m[labels == 0] = 255
    band.WriteArray(m)
    ds = None
    return mask, labels


def one_pair(name, folder, reps, work):
    mask, labels = labelled_mask(folder, work)
    grid = sampling.count_strata(mask, ring=RING)
    n = sampling.design_sample_size(grid, DEFAULT_USERS, TARGET_SE)
    alloc = sampling.allocate(grid.counts, n, "proportional", DEFAULT_MIN)
    truth = float((labels == 2).sum()) / grid.total
    mapped = grid.counts["change"] / grid.total
    rows = []
    for seed in range(reps):
        pts = sampling.select_points(mask, alloc, seed, ring=RING, grid=grid)
        refs = ["change" if labels[p.row, p.col] == 2 else "no change" for p in pts]
        est = estimate_from_units([p.stratum for p in pts], [MAP_CLASS[p.stratum] for p in pts], refs,
                                  {h: c for h, c in grid.counts.items() if c > 0})
        p = est.proportions["change"]
        rows.append((p.value, p.se, p.low <= truth <= p.high))
    values = np.array([r[0] for r in rows])
    return {"pair": name, "pixels": grid.total, "strata": grid.counts, "allocation": alloc, "n": sum(alloc.values()),
            "true_change": truth, "mapped_change": mapped, "mean_estimate": float(values.mean()),
            "sd_estimate": float(values.std(ddof=1)), "mean_se": float(np.mean([r[1] for r in rows])),
            "coverage": float(np.mean([r[2] for r in rows])), "reps": reps}


def markdown(results, reps, seconds):
    lines = ["# Area estimation: coverage of the 95 % intervals", "",
             f"{reps} repetitions per pair (seeds 0-{reps - 1}); map: CVA at its own threshold; population: the "
             f"labelled pixels; strata: mapped change, possible change (a ring of {RING} pixels around it), stable; "
             f"sample size from a target SE of {TARGET_SE} of the change proportion with anticipated user's "
             f"accuracies {DEFAULT_USERS}, proportional allocation with at least {DEFAULT_MIN} points per stratum; "
             "Stehman's (2014) estimators; the labels play the interpreter. `python -m bench.area_coverage`, "
             f"{seconds:.0f} s (2 shared cores, contended).", "",
             "| pair | labelled px | points (change / possible / stable) | true change % | mapped % | "
             "mean estimate % | SD of estimates % | mean SE % | coverage of the 95 % CI |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        a = r["allocation"]
        lines.append(f"| {r['pair']} | {r['pixels']:,} | {a.get('change', 0)} / {a.get('possible', 0)} / "
                     f"{a.get('stable', 0)} | {100 * r['true_change']:.2f} | {100 * r['mapped_change']:.2f} | "
                     f"{100 * r['mean_estimate']:.2f} | {100 * r['sd_estimate']:.2f} | {100 * r['mean_se']:.2f} | "
                     f"{100 * r['coverage']:.1f} % |")
    hits = sum(r["coverage"] * r["reps"] for r in results)
    total = sum(r["reps"] for r in results)
    lines += ["", f"All pairs together: {100 * hits / total:.1f} % of {total} intervals cover the true change area "
              "(nominal 95 %). A binomial 95 % band for one pair's 200 repetitions is about 92-98 %."]
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--pairs", default="", help="comma-separated folder names (default: every labelled pair)")
    args = ap.parse_args(argv)
    names = [n for n in sorted(os.listdir(args.data)) if os.path.exists(os.path.join(args.data, n, "labels.tif"))]
    if args.pairs:
        names = [n for n in names if n in args.pairs.split(",")]
    start, results = time.perf_counter(), []
    for name in names:
        with tempfile.TemporaryDirectory() as work:
            results.append(one_pair(name, os.path.join(args.data, name), args.reps, work))
        print(f"{name}: coverage {100 * results[-1]['coverage']:.1f} %", flush=True)
    seconds = time.perf_counter() - start
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "area_coverage.json"), "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(args.out, "area_coverage.md"), "w") as f:
        f.write(markdown(results, args.reps, seconds))


if __name__ == "__main__":
    main()
