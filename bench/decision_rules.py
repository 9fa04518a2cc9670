"""Candidate label-free decisions judged offline on the cached runs of bench/evidence.py
(issue 25, hypothesis i): each rule turns one run's Pc (and the classical evidence of its
pair) into a threshold on Pc without reading labels; only the scoring here reads them.

A rule is judged by its worst pair, not its mean: per pair and seed F1 against the
default's, pairs won against the best classical method of latest.json, min / median / mean
over pairs and seeds, and for a rule with a parameter a leave-one-pair-out choice (the
parameter chosen on the other pairs by their worst loss against the default, then their
mean) as well as the choice on the tuning pairs. Writes bench/results/decision_rules.md.

    python -m bench.decision_rules [--config fast] [--seeds 0,1,2]
"""
import argparse
import json
import os

import numpy as np

from bench.evidence import ROOT, classical_evidence, deep_run, shared_pairs
from bench.run_bench import TUNING_PAIRS
from metric_cd_plugin.core.thresholds import kittler_illingworth, otsu_from_histogram

BINS = np.linspace(0.0, 1.0, 1001)
GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)  # thresholds on Pc a calibrated rule may pick


def labels_of(folder):
    from bench.evidence import read_score
    return read_score(os.path.join(folder, "labels.tif"))


def metrics(pc, labels, threshold):
    use = np.isfinite(pc) & ((labels == 1) | (labels == 2))
    pred, y = pc[use] > threshold, labels[use] == 2
    tp, fp, fn = (int(np.count_nonzero(a)) for a in (pred & y, pred & ~y, ~pred & y))
    n = max(int(use.sum()), 1)
    return {"f1": 2 * tp / max(2 * tp + fp + fn, 1), "precision": tp / max(tp + fp, 1),
            "recall": tp / max(tp + fn, 1), "flagged": (tp + fp) / n, "true": (tp + fn) / n}


def confident_cores(score, threshold, core):
    """Pseudo-labels from one classical map: the pixels of each side of its own threshold
    whose score is beyond that side's `core` quantile away from the boundary."""
    ok = np.isfinite(score)
    hi, lo = ok & (score > threshold), ok & (score <= threshold)
    change = np.zeros_like(ok)
    nochange = np.zeros_like(ok)
    if hi.any():
        change = hi & (score >= np.quantile(score[hi], 1.0 - core))
    if lo.any():
        nochange = lo & (score <= np.quantile(score[lo], core))
    return change, nochange


def agreement_threshold(pc, change, nochange, objective):
    """The threshold on Pc that best agrees with pseudo-labels (F1 of the change core, or
    balanced accuracy of both cores)."""
    ok = np.isfinite(pc)
    pcc, pcn = pc[change & ok], pc[nochange & ok]
    if pcc.size == 0 or pcn.size == 0:
        return 0.5
    tp = np.array([(pcc > t).sum() for t in GRID], float)
    fp = np.array([(pcn > t).sum() for t in GRID], float)
    if objective == "f1":
        score = 2 * tp / np.maximum(2 * tp + fp + (pcc.size - tp), 1)
    else:
        score = tp / pcc.size + 1 - fp / pcn.size
    return float(GRID[int(np.argmax(score))])


def pseudo_labels(classical, source, core):
    if source == "both":  # confident where both methods are
        c1, n1 = confident_cores(classical["cva"], float(classical["cva_threshold"]), core)
        c2, n2 = confident_cores(classical["pcakmeans"], float(classical["pcakmeans_threshold"]), core)
        return c1 & c2, n1 & n2
    return confident_cores(classical[source], float(classical[source + "_threshold"]), core)


def rule_thresholds(rec, classical):
    """rule name -> {parameter: threshold on Pc} for one run. Parameter-free rules have
    the single parameter None."""
    pc = rec["pc"]
    counts = np.histogram(pc[np.isfinite(pc)], BINS)[0]
    out = {"default": {None: float(rec["threshold"])}, "Pc > 0.5": {None: 0.5},
           "Otsu on Pc": {None: float(otsu_from_histogram(counts, BINS))},
           "minimum error on Pc": {None: float(kittler_illingworth(counts, BINS, 0.005))}}
    for source in ("pcakmeans", "cva", "both"):
        for objective in ("f1", "balanced"):
            name = f"agree {source} {objective}"
            out[name] = {}
            for core in (0.25, 0.5, 0.75):
                ch, nc = pseudo_labels(classical, source, core)
                out[name][core] = agreement_threshold(pc, ch, nc, objective)
            # the default's threshold moved toward the agreement: never past it by more than the blend
            out[f"{name}, halfway from the default"] = {
                k: 0.5 * (v + float(rec["threshold"])) for k, v in out[name].items()}
    return out


def best_classical(results_dir):
    with open(os.path.join(results_dir, "latest.json")) as f:
        rows = json.load(f)["pairs"]
    best = {}
    for r in rows:
        if r["method"] in ("cva", "pcakmeans", "irmad") and r["area"] == "whole":
            if r["f1"] > best.get(r["pair"], ("", -1.0))[1]:
                best[r["pair"]] = (r["method"], r["f1"])
    return best


def collect(config, seeds, pairs):
    """-> {rule: {param: {(pair, seed): metrics}}}, plus the oracle best-threshold F1."""
    table, oracle = {}, {}
    for name, folder in pairs.items():
        labels = labels_of(folder)
        classical = classical_evidence(name, folder)
        for seed in seeds:
            rec = deep_run(config, name, folder, seed)
            for rule, params in rule_thresholds(rec, classical).items():
                for p, t in params.items():
                    table.setdefault(rule, {}).setdefault(p, {})[(name, seed)] = {
                        **metrics(rec["pc"], labels, t), "threshold": t}
            oracle[(name, seed)] = max(metrics(rec["pc"], labels, t)["f1"] for t in GRID)
    return table, oracle


def worst_then_mean(runs, default, keys):
    deltas = {}
    for (pair, seed) in keys:
        deltas.setdefault(pair, []).append(runs[(pair, seed)]["f1"] - default[(pair, seed)]["f1"])
    worst = min(np.mean(v) for v in deltas.values())
    return worst, np.mean([runs[k]["f1"] for k in keys])


def choose(params, default, keys):
    return max(params, key=lambda p: worst_then_mean(params[p], default, keys))


def summarise(runs, default, best, seeds):
    f1 = [r["f1"] for r in runs.values()]
    per_pair = {}
    for (pair, seed), r in runs.items():
        per_pair.setdefault(pair, []).append(r["f1"] - default[(pair, seed)]["f1"])
    wins = [sum(runs[(p, s)]["f1"] > best[p][1] for p in best if (p, s) in runs) for s in seeds]
    means = [np.mean([runs[(p, s)]["f1"] for p in best if (p, s) in runs]) for s in seeds]
    worst_pair = min(per_pair, key=lambda p: np.mean(per_pair[p]))
    return {"min": min(f1), "median": float(np.median(f1)), "mean": float(np.mean(f1)),
            "wins": wins, "means": means, "worst_pair": worst_pair,
            "worst_delta": float(np.mean(per_pair[worst_pair])),
            "worst_single": min(min(v) for v in per_pair.values())}


def lopo(params, default, pairs, seeds):
    """Each pair scored with the parameter chosen on the other pairs."""
    out = {}
    for left in pairs:
        keys = [(p, s) for p in pairs if p != left for s in seeds]
        p = choose(params, default, keys)
        out.update({(left, s): params[p][(left, s)] for s in seeds})
    return out


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="fast")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    pairs = shared_pairs()
    table, oracle = collect(args.config, seeds, pairs)
    best = best_classical(args.out)
    default = table["default"][None]
    lines = [f"# Decision rules on cached `{args.config}` runs (seeds {args.seeds}, {len(pairs)} shared pairs)", "",
             "Offline: each rule thresholds the cached Pc of the same runs (bench/evidence.py); labels only score. "
             f"Best-threshold F1 (diagnosis, reads labels): mean {np.mean(list(oracle.values())):.3f}.", "",
             "| rule | chosen | min F1 | median | mean | won per seed | mean per seed | worst pair (mean delta) "
             "| worst single delta |", "|---|---|---|---|---|---|---|---|---|"]
    tuning = [(p, s) for p in TUNING_PAIRS for s in seeds]
    for rule, params in table.items():
        variants = [("", params[None])] if None in params else [
            (f"tuning: {choose(params, default, tuning)}", params[choose(params, default, tuning)]),
            ("leave-one-pair-out", lopo(params, default, list(pairs), seeds))]
        for how, runs in variants:
            s = summarise(runs, default, best, seeds)
            lines.append(f"| {rule} | {how} | {s['min']:.3f} | {s['median']:.3f} | {s['mean']:.3f} | "
                         f"{'/'.join(map(str, s['wins']))} | {'/'.join(f'{m:.3f}' for m in s['means'])} | "
                         f"{s['worst_pair']} ({s['worst_delta']:+.3f}) | {s['worst_single']:+.3f} |")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "decision_rules.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
