"""How stable is the fast preset's label-free mask rule? The decision rule (Pc > 0.5) against
Otsu on the same Pc map, across seeds and across iteration counts, on the shared pairs.

    python -m bench.threshold_stability [--data ../shared/data] [--out bench/results]

Runs the CLI (`detect --preset fast --weights random`, as bench.run_bench does) for seeds
0, 1, 2 at the default iterations, and seed 0 at 50/75/100/150 % of them (the 100 % run is
the seed-0 run). Otsu, on a 1000-bin histogram over [0, 1] of all valid Pc pixels, both ways
the repo implements it: core/threshold_rule.auto_threshold (the engine's, the `paper`
preset's rule) and core/thresholds.otsu_from_histogram (the classical methods'). The labels
are read only afterwards, to score (core/accuracy.assess).
Writes threshold_stability.md and .json to --out.
"""
import argparse
import json
import os

import numpy as np
from osgeo import gdal

from bench.run_bench import ROOT, machine, method_args, run_cli
from metric_cd_plugin.core.raster.metadata import stored_threshold

from metric_cd_plugin.core.accuracy.assess import assess  # noqa: E402
from metric_cd_plugin.core.deep.request import PRESETS  # noqa: E402
from metric_cd_plugin.core.deep.decision import auto_threshold  # noqa: E402
from metric_cd_plugin.core.thresholds import otsu_from_histogram  # noqa: E402

PAIRS = ["landsat_taizhou", "landsat_nanjing", "sztaki_szada1"]
SEEDS = [0, 1, 2]
FRACTIONS = [0.5, 0.75, 1.0, 1.5]
BINS = 1000


def read_pc(path):
    ds = gdal.Open(path)  # keep the dataset alive while its band is read
    band = ds.GetRasterBand(1)
    raw = band.ReadAsArray()
    pc = raw.astype(np.float64)
    nd = band.GetNoDataValue()
    if nd is not None and np.isfinite(nd):
        pc[raw == raw.dtype.type(nd)] = np.nan
    return pc


RULES = ["decision", "otsu", "otsu_hist"]
TITLES = {"decision": "decision", "otsu": "Otsu (threshold_rule)", "otsu_hist": "Otsu (thresholds)"}


def one_run(name, folder, work, seed, iterations):
    t1, t2 = (os.path.join(folder, f) for f in ("t1.tif", "t2.tif"))
    out = os.path.join(work, f"{name}_s{seed}_i{iterations}.tif")
    mask = out.replace(".tif", "_mask.tif")
    args = method_args("fast", t1, t2, out, mask, ["--iterations", str(iterations)])
    args[args.index("--seed") + 1] = str(seed)
    secs, _ = run_cli(args)
    pc = read_pc(out)
    valid = pc[np.isfinite(pc)]
    # label-free: the histogram covers every valid pixel, labelled or not
    hist, edges = np.histogram(valid, bins=BINS, range=(0.0, 1.0))
    row = {"pair": name, "seed": seed, "iterations": iterations, "seconds": secs, "max_pc": float(valid.max())}
    ref = gdal.Open(os.path.join(folder, "labels.tif")).ReadAsArray()  # read only now, to score
    for rule, thr in {"decision": stored_threshold(out), "otsu": auto_threshold(hist, edges, "otsu")[0],
                      "otsu_hist": otsu_from_histogram(hist, edges)}.items():
        acc = assess(pc, ref, thr)
        row.update({f"t_{rule}": thr, f"f1_{rule}": acc.f1, f"changed_{rule}": float(np.mean(valid > thr))})
    row.update({"auc": acc.auc, "best_f1": acc.best_f1, "best_f1_threshold": acc.best_f1_threshold})
    os.remove(out)
    os.remove(mask)
    return row


def spread(rows, key):
    v = np.array([r[key] for r in rows], dtype=np.float64)
    return {"mean": float(v.mean()), "std": float(v.std()), "min": float(v.min()), "max": float(v.max()),
            "range": float(v.max() - v.min())}


def summarise(rows, default_its):
    out = {}
    keys = [f"{p}_{r}" for r in RULES for p in ("f1", "t")] + ["auc", "best_f1"]
    for name in dict.fromkeys(r["pair"] for r in rows):
        seeds = [r for r in rows if r["pair"] == name and r["iterations"] == default_its]
        its = [r for r in rows if r["pair"] == name and r["seed"] == 0]
        out[name] = {group: {k: spread(g, k) for k in keys} for group, g in (("seeds", seeds), ("iterations", its))}
    return out


def _f(v):
    return f"{v:.3f}"


def summary_text(summary, runs):
    """One sentence per pair from the figures, the largest range of each rule, and how often
    a rule left the mask empty (threshold at or above every Pc)."""
    out, worst = [], dict.fromkeys(RULES, 0.0)
    for name, g in summary.items():
        parts = []
        for rule in RULES:
            s, i = g["seeds"][f"f1_{rule}"], g["iterations"][f"f1_{rule}"]
            worst[rule] = max(worst[rule], s["range"], i["range"])
            parts.append(f"{TITLES[rule]} {_f(s['mean'])} (range {_f(s['range'])}) across seeds, "
                         f"{_f(i['mean'])} ({_f(i['range'])}) across iterations")
        out.append(f"{name}: F1 " + "; ".join(parts) + ".")
    out.append("Largest F1 range over any pair and either axis: "
               + ", ".join(f"{TITLES[r]} {_f(worst[r])}" for r in RULES) + ".")
    empty = {r: sum(run[f"changed_{r}"] == 0 for run in runs) for r in RULES}
    out.append(f"Empty masks out of {len(runs)} runs: " + ", ".join(f"{TITLES[r]} {empty[r]}" for r in RULES) + ".")
    if any(run["t_otsu"] >= 1.0 > run["t_otsu_hist"] for run in runs):
        out.append("Where Otsu (threshold_rule) gives 1.000 and Otsu (thresholds) a split inside the histogram, "
                   "the engine's Otsu took the split after the last bin, which has no pixel above it: when "
                   "rounding leaves its numerator nonzero, the zero class weight gives inf, which np.nan_to_num "
                   "makes the largest float (hit or miss: Pc reaches 1 in every run here). A fault of that "
                   "implementation, not of Otsu's criterion.")
    return " ".join(out)


def markdown(result):
    d = result["default_iterations"]
    lines = ["# Threshold stability: decision rule vs Otsu on Pc (fast preset)", "",
             "Command: `.venv/bin/python -m bench.threshold_stability` "
             "(`--data DIR` for the pairs, `--out DIR` for this file and its .json).", "",
             f"Fast preset, D-FE weights seeded random, default {d} iterations. Each pair: seeds 0, 1, 2 at "
             f"{d} iterations, and seed 0 at 50/75/100/150 % of them. Decision = the preset's own rule "
             "(Pc > 0.5). Both Otsu columns threshold the same Pc map from one 1000-bin histogram over [0, 1] "
             "of all valid pixels: core/threshold_rule.auto_threshold('otsu') (the engine's, used by the "
             "`paper` preset) and core/thresholds.otsu_from_histogram (the classical methods'). Labels are "
             "used only to score, after the run. Best F1 looks at the labels (information only).", "",
             f"Machine: {result['machine']['cpu']}, {result['machine']['cores']} cores, "
             f"torch {result['machine']['torch']}; {result['machine']['date']}.", "",
             "| pair | seed | iterations | F1 decision | " + " | ".join(
                 f"F1 {TITLES[r]} (threshold)" for r in RULES[1:]) + " | AUC | best F1 (threshold) |",
             "|---|---|---|---|---|---|---|---|"]
    for r in result["runs"]:
        lines.append(f"| {r['pair']} | {r['seed']} | {r['iterations']} | {_f(r['f1_decision'])} | " + " | ".join(
            f"{_f(r['f1_' + k])} ({_f(r['t_' + k])})" for k in RULES[1:])
            + f" | {_f(r['auc'])} | {_f(r['best_f1'])} ({_f(r['best_f1_threshold'])}) |")
    lines += ["", "## Spread of F1 (mean, min-max range)", "",
              "| pair | over | " + " | ".join(f"F1 {TITLES[r]}" for r in RULES) + " |", "|---|---|---|---|---|"]
    for name, groups in result["summary"].items():
        for group, s in groups.items():
            lines.append(f"| {name} | {group} | " + " | ".join(
                f"{_f(s['f1_' + r]['mean'])} ({_f(s['f1_' + r]['range'])})" for r in RULES) + " |")
    lines += ["", "## Summary", "", summary_text(result["summary"], result["runs"])]
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work", "threshold_stability"))
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.work, exist_ok=True)
    default_its = PRESETS["fast"].iterations
    plan = [(s, default_its) for s in SEEDS] + [(0, round(default_its * f)) for f in FRACTIONS if f != 1.0]
    rows = []
    for name in PAIRS:
        folder = os.path.join(args.data, name)
        if not all(os.path.isfile(os.path.join(folder, f)) for f in ("t1.tif", "t2.tif", "labels.tif")):
            print(f"threshold_stability: {folder} lacks t1/t2/labels.tif; skipped", flush=True)
            continue
        for seed, its in plan:
            r = one_run(name, folder, args.work, seed, its)
            rows.append(r)
            scores = ", ".join(f"{k} {r['f1_' + k]:.3f} (t={r['t_' + k]:.3f})" for k in RULES)
            print(f"{name} seed {seed} its {its}: F1 {scores}, {r['seconds']:.0f} s", flush=True)
    rows.sort(key=lambda r: (PAIRS.index(r["pair"]), r["iterations"] != default_its, r["iterations"], r["seed"]))
    result = {"machine": machine(), "default_iterations": default_its, "bins": BINS, "runs": rows,
              "summary": summarise(rows, default_its)}
    with open(os.path.join(args.out, "threshold_stability.json"), "w") as f:
        json.dump(result, f, indent=1)
    with open(os.path.join(args.out, "threshold_stability.md"), "w") as f:
        f.write(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
