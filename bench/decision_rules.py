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
import os

import numpy as np

from bench.evidence import WORK, all_pairs, cached_run, classical_evidence, deep_run, run_options
from bench.run_bench import TUNING_PAIRS
from bench.seed_scores import best_classical, labels_of, metrics, summarise
from metric_cd_plugin.core.thresholds import kittler_illingworth, otsu_from_histogram

BINS = np.linspace(0.0, 1.0, 1001)
GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)  # thresholds on Pc a calibrated rule may pick


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
    # the agreement for SAR only, the default's decision for optical pairs (deep/agreement.py)
    for source in ("pcakmeans", "both"):
        name = f"SAR only: agree {source} f1"
        out[name] = {core: (out[f"agree {source} f1"][core] if rec["data_kind"] == "sar" else float(rec["threshold"]))
                     for core in (0.25, 0.5, 0.75)}
    # optical too, but only where the margin flags K times less than PCA-KMeans (large change
    # inflates the calibration's median, so the margin lands above nearly everything)
    ok = np.isfinite(pc) & np.isfinite(classical["pcakmeans"])
    flagged = float((pc[ok] > rec["threshold"]).mean()) if ok.any() else 0.0
    classical_flagged = float((classical["pcakmeans"][ok] > classical["pcakmeans_threshold"]).mean()) if ok.any() \
        else 0.0
    sar_rule = out["SAR only: agree pcakmeans f1"][0.25]

    def guarded(k):
        if rec["data_kind"] == "sar":
            return sar_rule
        return out["agree pcakmeans f1"][0.25] if flagged * k < classical_flagged else float(rec["threshold"])
    out["SAR agree; optical agree where K x fewer flagged"] = {k: guarded(k) for k in (5, 10, 20, 50)}
    return out


def collect(config, seeds, pairs, work=WORK, iterations=None, cached=False):
    """-> {rule: {param: {(pair, seed): metrics}}}, plus the oracle best-threshold F1."""
    table, oracle = {}, {}
    for name, (folder, kind) in pairs.items():
        labels = labels_of(folder)
        classical = classical_evidence(name, folder, work, kind)
        for seed in seeds:
            rec = (cached_run(config, name, seed, work, iterations) if cached else
                   deep_run(config, name, folder, seed, work, data_kind=kind, iterations=iterations))
            if rec is None:
                continue
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


def lopo(params, default, pairs, seeds):
    """Each pair scored with the parameter chosen on the other pairs."""
    out = {}
    for left in pairs:
        keys = [k for k in default if k[0] != left]
        p = choose(params, default, keys)
        out.update({(left, s): params[p][(left, s)] for s in seeds if (left, s) in params[p]})
    return out


def row(rule, how, s):
    return (f"| {rule} | {how} | {s['min']:.3f} | {s['median']:.3f} | {s['mean']:.3f} | "
            f"{'/'.join(map(str, s['wins']))} | {'/'.join(f'{m:.3f}' for m in s['means'])} | "
            f"{s.get('worst_pair', '-')} ({s.get('worst_delta', float('nan')):+.3f}) | "
            f"{s.get('worst_single', float('nan')):+.3f} |")


def config_runs(config, keys, pairs, work, iterations=None):
    """Another configuration's runs (its own decision) on the cached keys it has."""
    from bench.evidence import run_paths
    out = {}
    for name, seed in keys:
        if os.path.exists(run_paths(config, name, seed, work, iterations)[0]):
            folder, kind = pairs[name]
            rec = deep_run(config, name, folder, seed, work, data_kind=kind, iterations=iterations)
            out[(name, seed)] = metrics(rec["pc"], labels_of(folder), rec["threshold"])
    return out


def dev_table(args, table, tuning_choice, rules):
    """The rules (parameters chosen on the tuning pairs) on the dev pairs, seed 0: flagged
    against true fraction where the unseen scenes failed."""
    pairs = all_pairs(args.data, dev=True)
    dev, _ = collect(args.config, [0], pairs, args.work, args.iterations, args.cached)
    lines = ["", "## Dev pairs (seed 0; bench/dev_pairs.py): F1, flagged / true", "",
             "| pair | true | " + " | ".join(rules) + " |", "|---|---|" + "---|" * len(rules)]
    for name in [n for n in pairs if (n, 0) in dev["default"][None]]:
        cells = []
        for rule in rules:
            r = dev[rule][tuning_choice.get(rule)][(name, 0)]
            cells.append(f"{r['f1']:.3f}, {r['flagged']:.3f}")
        lines.append(f"| {name} | {dev['default'][None][(name, 0)]['true']:.3f} | " + " | ".join(cells) + " |")
    return lines


def main(argv=None):
    ap = run_options(argparse.ArgumentParser())
    ap.add_argument("--compare", default="", help="other configurations (bench/configs.py) to judge on the "
                    "pairs and seeds they have cached, each with its own decision")
    ap.add_argument("--dev", action="store_true", help="also the dev pairs (bench/dev_pairs.py), seed 0")
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    pairs = all_pairs(args.data)
    table, oracle = collect(args.config, seeds, pairs, args.work, args.iterations, args.cached)
    best = best_classical(args.out)
    default = table["default"][None]
    lines = [f"# Decision rules on cached `{args.config}` runs (seeds {args.seeds}, {len(pairs)} shared pairs)", "",
             "Offline: each rule thresholds the cached Pc of the same runs (bench/evidence.py); labels only score. "
             "A rule with a parameter: chosen on the tuning pairs by its worst pair (mean F1 change over the seeds "
             "against the default), then its mean; and leave-one-pair-out, each pair scored with the parameter "
             "chosen the same way on the other pairs. "
             f"Best-threshold F1 (diagnosis, reads labels): mean {np.mean(list(oracle.values())):.3f}.", "",
             "| rule | chosen | min F1 | median | mean | won per seed | mean per seed | worst pair (mean delta) "
             "| worst single delta |", "|---|---|---|---|---|---|---|---|---|"]
    # where no tuning pair is present (a smoke run), every pair tunes
    tuning = [(p, s) for p in TUNING_PAIRS for s in seeds if (p, s) in default] or list(default)
    choice = {}
    for rule, params in table.items():
        if None in params:
            lines.append(row(rule, "", summarise(params[None], best, seeds, default)))
            continue
        choice[rule] = choose(params, default, tuning)
        lines.append(row(rule, f"tuning: {choice[rule]}", summarise(params[choice[rule]], best, seeds, default)))
        held_out = lopo(params, default, list(pairs), seeds)
        lines.append(row(rule, "leave-one-pair-out", summarise(held_out, best, seeds, default)))
    for config in [c for c in args.compare.split(",") if c]:
        runs = config_runs(config, list(default), pairs, args.work, args.iterations)
        if runs:
            have = sorted({s for _, s in runs})
            ref = {k: default[k] for k in runs}
            lines.append(row(f"config {config} ({len(runs)} runs)", "its own decision",
                             summarise(runs, best, have, ref)))
    if args.dev:
        lines += dev_table(args, table, choice, ["default", "Otsu on Pc", *choice])
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "decision_rules.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
