"""What reseeding alone moves: `fast` over seeds 3-5 against seeds 0-2 on the shared pairs, the
difference of 3-seed mean F1 per pair and the spread of all six runs. It is the noise floor of a
per-pair rule judged over 3 seeds (issue 29: "no pair more than 0.02 lower"): a candidate's
difference on a pair is a loss only where it stands out of this. Runs come from bench/evidence.py's
cache (made when missing); labels only score. Writes bench/results/reseed.md and .json.

    python -m bench.reseed [--first 0,1,2] [--second 3,4,5]
"""
import argparse
import json
import os

import numpy as np

from bench.evidence import all_pairs, deep_run, place_options
from bench.seed_scores import labels_of, metrics

RULE = 0.02  # issue 29's per-pair bound


def measure(data, work, first, second, iterations=None):
    rows = []
    for pair, (folder, kind) in all_pairs(data, False).items():
        labels = labels_of(folder)
        f1 = {s: metrics(r["pc"], labels, r["threshold"])["f1"]
              for s in (*first, *second) for r in [deep_run("fast", pair, folder, s, work, iterations=iterations)]}
        a, b = np.mean([f1[s] for s in first]), np.mean([f1[s] for s in second])
        runs = list(f1.values())
        rows.append({"pair": pair, "first": float(a), "second": float(b), "difference": float(b - a),
                     "sd": float(np.std(runs, ddof=1)) if len(runs) > 1 else 0.0,
                     "low": float(min(runs)), "high": float(max(runs))})
        print(f"reseed: {pair} {a:.3f} {b:.3f}", flush=True)
    return rows


def report(rows, first, second):
    f, s = ",".join(map(str, first)), ",".join(map(str, second))
    lines = ["# What reseeding alone moves (`python -m bench.reseed`)", "",
             f"`fast`, random D-FE, 1 thread, the shared pairs: mean F1 over seeds {f} against seeds {s}. "
             f"A per-pair rule over 3 seeds (issue 29: no pair more than {RULE} lower) reads differences of this "
             "size as losses; judge a candidate against this floor, over more seeds where it matters.", "",
             f"| pair | seeds {f} | seeds {s} | difference | sd of all runs | range |", "|---|---|---|---|---|---|"]
    lines += [f"| {r['pair']} | {r['first']:.3f} | {r['second']:.3f} | {r['difference']:+.3f} | {r['sd']:.3f} | "
              f"{r['low']:.3f}-{r['high']:.3f} |" for r in rows]
    if rows:
        worst = max(rows, key=lambda r: abs(r["difference"]))
        lines += ["", f"Largest difference: {worst['pair']} {worst['difference']:+.3f}; pairs beyond {RULE}: "
                  f"{sum(abs(r['difference']) > RULE for r in rows)} of {len(rows)}; mean difference "
                  f"{np.mean([r['difference'] for r in rows]):+.3f}."]
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = place_options(argparse.ArgumentParser())
    ap.add_argument("--first", default="0,1,2")
    ap.add_argument("--second", default="3,4,5")
    args = ap.parse_args(argv)
    first, second = ([int(s) for s in v.split(",")] for v in (args.first, args.second))
    rows = measure(args.data, args.work, first, second, args.iterations)
    text = report(rows, first, second)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "reseed.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "reseed.json"), "w") as f:
        json.dump({"first": first, "second": second, "pairs": rows}, f, indent=1)
    print(text)


if __name__ == "__main__":
    main()
