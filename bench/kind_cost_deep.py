"""What a wrong data kind costs the deep method (issue 25): every shared and dev pair run
by `fast` (seed 0) with its data kind forced the other way, against the cached run with
the kind it has (bench/evidence.py: `auto` for the optical pairs, SAR for the simulated
speckle). Labels only score. Writes bench/results/kind_cost_deep.md and .json.

    python -m bench.kind_cost_deep [--seed 0]
"""
import argparse
import json
import os

from bench.evidence import DATA, ROOT, WORK, all_pairs, deep_run
from bench.seed_scores import labels_of, metrics

OTHER = {"optical": "sar", "sar": "optical"}


def forced_work(work, kind):
    """Runs forced to `kind` are cached apart from the default's."""
    return os.path.join(work, f"forced_{kind}")


def measure(data=DATA, work=WORK, seed=0):
    rows = []
    for dev in (False, True):
        for name, (folder, kind) in all_pairs(data, dev).items():
            own = deep_run("fast", name, folder, seed, work, data_kind=kind)
            other = OTHER[own["data_kind"]]
            forced = deep_run("fast", name, folder, seed, forced_work(work, other), data_kind=other)
            labels = labels_of(folder)
            rows.append({"pair": name, "dev": dev, "kind": own["data_kind"],
                         "own": metrics(own["pc"], labels, own["threshold"]),
                         "forced": metrics(forced["pc"], labels, forced["threshold"])})
            print(f"kind cost: {name} as {own['data_kind']} {rows[-1]['own']['f1']:.3f}, "
                  f"as {other} {rows[-1]['forced']['f1']:.3f}", flush=True)
    return rows


def report(rows, seed):
    lines = ["# What a wrong data kind costs the deep method", "",
             f"`fast`, seed {seed}, random D-FE weights; each pair with the kind it runs as and forced the other "
             "way (`python -m bench.kind_cost_deep`). F1 on labelled pixels, flagged and true fractions.", "",
             "| pair | runs as | F1 | flagged | forced to | F1 | flagged | true |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        o, f = r["own"], r["forced"]
        lines.append(f"| {r['pair']} | {r['kind']} | {o['f1']:.3f} | {o['flagged']:.3f} | {OTHER[r['kind']]} | "
                     f"{f['f1']:.3f} | {f['flagged']:.3f} | {o['true']:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--work", default=WORK)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args(argv)
    rows = measure(args.data, args.work, args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "kind_cost_deep.json"), "w") as f:
        json.dump({"seed": args.seed, "rows": rows}, f, indent=1)
    with open(os.path.join(args.out, "kind_cost_deep.md"), "w") as f:
        f.write(report(rows, args.seed))


if __name__ == "__main__":
    main()
