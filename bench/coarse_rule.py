"""The networks of coarse pixels (core/deep/coarse.py) judged as issue 25 asks (worst pair, leave
one pair out, 3 seeds): on every shared and dev pair the rule touches (optical, pixels of
FINE_PIXEL_M or coarser), two decisions:
- VGG levels and D-CPG blocks (levels, blocks): (3, 2) the default before the rule (bench config
  fe3), (1, 2) fe1, (2, 2) lv2b2, (2, 1) lv2b1;
- with (2, 1), the side of the fitting patches (the pool keeps 64 of them, 8 a step): 64 px
  (lv2b1, the side before), 48 (p48), 32 (p32). With two levels the deepest compared feature,
  relu2_2, sums 14 px, not relu3_3's 40, so a smaller patch still holds many of its windows.
A candidate is allowed when it loses no pair more than MAX_LOSS F1 against the value before (means
over the seeds); among the allowed ones within TIE of the best mean, the cheapest to fit is chosen
(issue 29: the fit is most of a run; fewer blocks cost less than fewer levels save, a patch of
32 px a quarter of one of 64). Chosen on all pairs and with each pair left out. Runs come from
bench/evidence.py's cache (made when missing).
Labels only score. Writes bench/results/coarse_rule.md and .json.

    python -m bench.coarse_rule [--seeds 0,1,2]
"""
import argparse
import json
import os

import numpy as np

from bench.classes import coarse
from bench.evidence import all_pairs, deep_run, place_options
from bench.seed_scores import labels_of, metrics
from metric_cd_plugin.core.deep.request import FINE_PIXEL_M

# a decision: its candidates (value -> bench config, cheapest to fit first), the value before it, how a
# value is named. The networks first: (levels, blocks); then the fitting patch side with the chosen networks.
NETWORKS = {"title": "VGG levels and D-CPG blocks", "before": (3, 2),
            "candidates": {(2, 1): "lv2b1", (1, 2): "fe1", (2, 2): "lv2b2", (3, 2): "fe3"},
            "name": lambda c: f"{c[0]} level{'s' if c[0] > 1 else ''}, {c[1]} block{'s' if c[1] > 1 else ''}"}
PATCHES = {"title": "the fitting patch side with 2 levels and 1 block (64 patches in the pool, 8 a step)",
           "before": 64, "candidates": {32: "p32", 48: "p48", 64: "lv2b1"}, "name": lambda c: f"{c} px"}
DECISIONS = (NETWORKS, PATCHES)
MAX_LOSS = 0.05  # issue 25: a rule may cost no pair more than this
TIE = 0.005      # means this close are one: the cheaper candidate is chosen


def measure(data, work, seeds, iterations=None):
    """pair -> {bench config: mean F1 over the seeds}, for the pairs the rule touches."""
    configs = list(dict.fromkeys(cfg for d in DECISIONS for cfg in d["candidates"].values()))
    scores = {}
    for dev in (False, True):
        for pair, (folder, kind) in all_pairs(data, dev).items():
            if kind != "auto" or not coarse(os.path.join(folder, "t1.tif")):
                continue
            runs = {cfg: [deep_run(cfg, pair, folder, s, work, iterations=iterations) for s in seeds]
                    for cfg in configs}
            if runs[configs[0]][0]["data_kind"] != "optical":
                continue
            labels = labels_of(folder)
            scores[pair] = {cfg: float(np.mean([metrics(r["pc"], labels, r["threshold"])["f1"] for r in rs]))
                            for cfg, rs in runs.items()}
            print(f"coarse: {pair} " + " ".join(f"{cfg}: {f:.3f}" for cfg, f in scores[pair].items()), flush=True)
    return scores


def choose(scores, pairs, decision):
    """The cheapest allowed candidate whose mean change on `pairs` is within TIE of the best."""
    cands, before = decision["candidates"], decision["candidates"][decision["before"]]
    change = {c: [scores[p][cfg] - scores[p][before] for p in pairs] for c, cfg in cands.items()}
    allowed = [c for c in cands if min(change[c]) >= -MAX_LOSS]
    best = max(float(np.mean(change[c])) for c in allowed)
    return next(c for c in allowed if np.mean(change[c]) >= best - TIE)


def table(scores, pairs, decision):
    """-> (markdown lines, record) of one decision on all pairs and with each pair left out."""
    cands, name = decision["candidates"], decision["name"]
    before = cands[decision["before"]]
    chosen = choose(scores, pairs, decision)
    lines = [f"## {decision['title'][0].upper()}{decision['title'][1:]}", "",
             f"{name(decision['before'])} is the value before the rule. On all pairs: **{name(chosen)}**.", "",
             "| pair | " + " | ".join(name(c) for c in cands) + " | left out: chosen | its change |",
             "|---" * (len(cands) + 3) + "|"]
    rows = []
    for p in pairs:
        c = choose(scores, [q for q in pairs if q != p], decision)
        rows.append({"pair": p, **{name(k): scores[p][cfg] for k, cfg in cands.items()}, "loo": name(c),
                     "loo_change": scores[p][cands[c]] - scores[p][before]})
        lines.append(f"| {p} | " + " | ".join(f"{scores[p][cfg]:.3f}" for cfg in cands.values()) +
                     f" | {name(c)} | {rows[-1]['loo_change']:+.3f} |")
    loo = [r["loo_change"] for r in rows]
    means = ", ".join(f"{name(c)} {np.mean([scores[p][cfg] for p in pairs]):.3f}" for c, cfg in cands.items())
    lines += ["", f"Mean F1: {means}. Left out: mean change {np.mean(loo):+.3f}, worst {min(loo):+.3f}.", ""]
    return lines, {"chosen": name(chosen), "pairs": rows}


def report(scores, seeds):
    title = "# The networks of coarse pixels (core/deep/coarse.py)"
    pairs = sorted(scores)
    if not pairs:
        return (f"{title}\n\nNo pair here has optical pixels of {FINE_PIXEL_M:g} m or coarser: nothing to judge.\n",
                {"chosen": None, "pairs": []})
    lines = [title, "",
             f"`fast`, seeds {','.join(map(str, seeds))}, random D-FE, 1 thread; every pair the rule touches (optical, "
             f"pixels of {FINE_PIXEL_M:g} m or coarser). F1 means over the seeds. Allowed: no pair more than "
             f"{MAX_LOSS} lower than the value before the rule; chosen: the cheapest to fit of those within {TIE} "
             "of the best mean. Leave one pair out: chosen the same way on the others, the left-out pair scored "
             "with it.", ""]
    record = {}
    for decision in DECISIONS:
        more, record[decision["title"]] = table(scores, pairs, decision)
        lines += more
    networks = record[NETWORKS["title"]]  # the networks' record keeps its old keys at the top level
    return "\n".join(lines), {**networks, "patch": record[PATCHES["title"]]}


def main(argv=None):
    ap = place_options(argparse.ArgumentParser())
    ap.add_argument("--seeds", default="0,1,2")
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    text, record = report(measure(args.data, args.work, seeds, args.iterations), seeds)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "coarse_rule.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "coarse_rule.json"), "w") as f:
        json.dump(record, f, indent=1)
    print(text)


if __name__ == "__main__":
    main()
