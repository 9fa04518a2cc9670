"""The SAR mask's rule (issue 25): the share of change log-ratio PCA-KMeans finds, on the
pixels of highest Pc (`fast`, deep/agreement.py), against the agreement with that
clustering's sure pixels it replaced (bench config `agreement`). Both are real runs of the
product; the fit is the same, only the cut differs. Every SAR run the bench has, 3 seeds:

- the shared SAR pairs (Yellow River A and C tuning, B and D held out);
- the dev SAR pairs `fast` runs as SAR (simulated speckle, a rescaled copy, a resampled crop);
- real SAR filtered or resampled as products are, set to SAR by the user (`auto` calls most
  of them unsure, bench/results/kind_decisions.md);
- single optical bands set to SAR by mistake (what the rule does on the wrong kind).

The rule has no parameter, so choosing on the tuning pairs and leaving one pair out give the
same rule; it is judged by its worst pair and worst single run. Labels only score. Writes
bench/results/sar_share.md and .json.

    python -m bench.sar_share [--seeds 0,1,2]
"""
import argparse
import json
import os

import numpy as np

from bench.dev_pairs import truly_sar
from bench.evidence import all_pairs, classical_evidence, deep_run, place_options
from bench.kind_cost_deep import forced_work
from bench.run_bench import TUNING_PAIRS
from bench.seed_scores import labels_of, metrics

RULES = ("agreement", "fast")  # bench configs: the agreement before, the share now
GROUPS = ("shared SAR", "dev SAR", "processed real SAR, set to SAR", "optical single bands, set to SAR")


def group_runs(data, work):
    """-> [(group, pair, folder, data kind, work folder)] of every SAR run."""
    out = []
    for dev in (False, True):
        for name, (folder, kind) in all_pairs(data, dev).items():
            if not dev and name.startswith("sar_"):
                out.append((GROUPS[0], name, folder, kind, work))
            elif dev and truly_sar(name) and not name.startswith("proc_"):
                out.append((GROUPS[1], name, folder, kind, work))
            elif dev and name.startswith("proc_"):
                out.append((GROUPS[2], name, folder, "sar", forced_work(work, "sar")))
            elif dev and name.startswith(("pan_", "band")):
                out.append((GROUPS[3], name, folder, "sar", forced_work(work, "sar")))
    return out


def measure(data, work, seeds, iterations=None):
    rows = []
    for group, name, folder, kind, where in group_runs(data, work):
        labels = labels_of(folder)
        classical = classical_evidence(name, folder, where, kind)
        pca = metrics(classical["pcakmeans"], labels, float(classical["pcakmeans_threshold"]))
        cva = metrics(classical["cva"], labels, float(classical["cva_threshold"]))
        for seed in seeds:
            row = {"group": group, "pair": name, "seed": seed, "split": split_of(name),
                   "pcakmeans": pca, "cva": cva}
            for rule in RULES:
                rec = deep_run(rule, name, folder, seed, where, data_kind=kind, iterations=iterations)
                if rec["data_kind"] != "sar":  # `auto` took it for optical: the SAR rule does not apply
                    break
                row[rule] = {**metrics(rec["pc"], labels, rec["threshold"]), "rule": rec["threshold_rule"]}
            else:
                rows.append(row)
                print(f"sar share: {name} s{seed}: agreement {row['agreement']['f1']:.3f} "
                      f"share {row['fast']['f1']:.3f}", flush=True)
    return rows


def split_of(name):
    if name.startswith("sar_"):
        return "tuning" if name in TUNING_PAIRS else "held out"
    return "dev"


def _mean(runs, rule, key):
    return float(np.mean([r[rule][key] for r in runs]))


def report(rows, seeds):
    lines = ["# The SAR mask: the classical share of change against the agreement", "",
             f"`fast` (share) and bench config `agreement` (the rule before), seeds {', '.join(map(str, seeds))}, "
             "random D-FE weights, the same fit: only the cut on Pc differs (`python -m bench.sar_share`). "
             "F1, precision, recall and flagged fraction on labelled pixels, means over the seeds; classical: "
             "PCA-KMeans and CVA on the same filtered log-ratio, their own thresholds.", ""]
    for group in GROUPS:
        runs = [r for r in rows if r["group"] == group]
        if not runs:
            continue
        lines += [f"## {group}", "", "| pair | split | agreement F1 (P / R) | flagged | share F1 (P / R) | flagged | "
                  "true | difference (worst seed) | PCA-KMeans | CVA |", "|---|---|---|---|---|---|---|---|---|---|"]
        pairs = list(dict.fromkeys(r["pair"] for r in runs))
        deltas, singles, won = {}, [], 0
        for p in pairs:
            pr = [r for r in runs if r["pair"] == p]
            a, s = ({k: _mean(pr, rule, k) for k in ("f1", "precision", "recall", "flagged", "true")}
                    for rule in RULES)
            d = [r["fast"]["f1"] - r["agreement"]["f1"] for r in pr]
            deltas[p], singles = float(np.mean(d)), singles + d
            best = max(pr[0]["pcakmeans"]["f1"], pr[0]["cva"]["f1"])
            won += s["f1"] > best
            lines.append(f"| {p} | {pr[0]['split']} | {a['f1']:.3f} ({a['precision']:.2f} / {a['recall']:.2f}) | "
                         f"{a['flagged']:.3f} | {s['f1']:.3f} ({s['precision']:.2f} / {s['recall']:.2f}) | "
                         f"{s['flagged']:.3f} | {s['true']:.3f} | {deltas[p]:+.3f} ({min(d):+.3f}) | "
                         f"{pr[0]['pcakmeans']['f1']:.3f} | {pr[0]['cva']['f1']:.3f} |")
        worst = min(deltas, key=deltas.get)
        lines += ["", f"- mean F1 {_mean(runs, 'agreement', 'f1'):.3f} -> {_mean(runs, 'fast', 'f1'):.3f}; flagged "
                      f"{_mean(runs, 'agreement', 'flagged'):.3f} -> {_mean(runs, 'fast', 'flagged'):.3f} where "
                      f"{_mean(runs, 'fast', 'true'):.3f} changed",
                  f"- worst pair {worst} {deltas[worst]:+.3f}; worst single run {min(singles):+.3f}; pairs above "
                  f"0.05 lower: {sum(v < -0.05 for v in deltas.values())}",
                  f"- the share beats the better classical method on {won} of {len(pairs)} pairs", ""]
    return "\n".join(lines)


def main(argv=None):
    ap = place_options(argparse.ArgumentParser())
    ap.add_argument("--seeds", default="0,1,2")
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    rows = measure(args.data, args.work, seeds, args.iterations)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "sar_share.json"), "w") as f:
        json.dump(rows, f, indent=1)
    with open(os.path.join(args.out, "sar_share.md"), "w") as f:
        f.write(report(rows, seeds))


if __name__ == "__main__":
    main()
