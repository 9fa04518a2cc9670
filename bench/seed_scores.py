"""The `fast` default over 3 seeds on every shared pair, judged by its worst pair (issue 25):
per pair and seed F1, precision, recall, flagged and true fraction; pairs won per seed
against the best classical method of latest.json; min / median / mean F1 over pairs and
seeds; tuning against held-out pairs; each class of data on its own. Runs come from
bench/evidence.py's cache (made there when missing, so this runs from scratch too).
Writes bench/results/seeds.md and seeds.json; `make bench` runs it.

    python -m bench.seed_scores [--config fast] [--seeds 0,1,2]
"""
import argparse
import json
import os
import time

import numpy as np

from bench.classes import ORDER, data_class
from bench.dev_pairs import truly_sar
from bench.evidence import WORK, all_pairs, cached_run, classical_evidence, deep_run, read_score, run_options
from bench.run_bench import TUNING_PAIRS

CLASSICAL = ("cva", "pcakmeans", "irmad")


def metrics(pc, labels, threshold):
    """Scores of the mask Pc > threshold on labelled pixels (1 no change, 2 change)."""
    use = np.isfinite(pc) & ((labels == 1) | (labels == 2))
    pred, y = pc[use] > threshold, labels[use] == 2
    tp, fp, fn = (int(np.count_nonzero(a)) for a in (pred & y, pred & ~y, ~pred & y))
    n = max(int(use.sum()), 1)
    return {"f1": 2 * tp / max(2 * tp + fp + fn, 1), "precision": tp / max(tp + fp, 1),
            "recall": tp / max(tp + fn, 1), "flagged": (tp + fp) / n, "true": (tp + fn) / n}


def labels_of(folder):
    return read_score(os.path.join(folder, "labels.tif"))


def best_classical(results_dir):
    """pair -> (method, F1) of the best classical method in latest.json (whole pairs)."""
    with open(os.path.join(results_dir, "latest.json")) as f:
        rows = json.load(f)["pairs"]
    best = {}
    for r in rows:
        if r["method"] in CLASSICAL and r["area"] == "whole" and r["f1"] > best.get(r["pair"], ("", -1.0))[1]:
            best[r["pair"]] = (r["method"], r["f1"])
    return best


def summarise(runs, best, seeds, reference=None):
    """runs: (pair, seed) -> metrics. reference: the default's runs, for the worst loss."""
    f1 = [r["f1"] for r in runs.values()]
    pairs = sorted({p for p, _ in runs})
    out = {"min": min(f1), "median": float(np.median(f1)), "mean": float(np.mean(f1)),
           "wins": [sum(runs[(p, s)]["f1"] > best[p][1] for p in pairs if p in best and (p, s) in runs)
                    for s in seeds],
           "counts": [sum((p, s) in runs for p in pairs) for s in seeds],
           "means": [float(np.mean([runs[(p, s)]["f1"] for p in pairs if (p, s) in runs] or [np.nan]))
                     for s in seeds]}
    if reference is not None:
        delta = {p: float(np.mean([runs[(p, s)]["f1"] - reference[(p, s)]["f1"] for s in seeds if (p, s) in runs]))
                 for p in pairs}
        worst = min(delta, key=delta.get)
        out.update(worst_pair=worst, worst_delta=delta[worst],
                   worst_single=min(runs[k]["f1"] - reference[k]["f1"] for k in runs))
    return out


def default_runs(config, seeds, pairs, work=WORK, iterations=None, cached=False):
    """(pair, seed) -> metrics at the threshold the run itself chose, and the data kinds.
    cached: only the runs already cached (the others are left out)."""
    runs, kinds = {}, {}
    for name, (folder, kind) in pairs.items():
        labels = labels_of(folder)
        for seed in seeds:
            rec = (cached_run(config, name, seed, work, iterations) if cached else
                   deep_run(config, name, folder, seed, work, data_kind=kind, iterations=iterations))
            if rec is None:
                continue
            runs[(name, seed)] = {**metrics(rec["pc"], labels, rec["threshold"]), "threshold": rec["threshold"]}
            kinds[name] = rec["data_kind"]
    return runs, kinds


def previous(ref, name, seeds):
    """A pair's F1 per seed ("-" where a seed was not run)."""
    return " / ".join(format(ref[(name, sd)]["f1"], ".3f") if (name, sd) in (ref or {}) else "-" for sd in seeds)


def report(config, runs, kinds, pairs, best, seeds, before=None):
    """before: (its config name, its runs): the previous default, for each pair's F1 change."""
    ref = before[1] if before else None
    s = summarise(runs, best, seeds, {k: ref[k] for k in runs} if ref and all(k in ref for k in runs) else None)
    names = list(pairs)
    lines = [f"# `{config}` over seeds {', '.join(map(str, seeds))} on the shared pairs", "",
             "Whole pairs, seeded random D-FE, 1 PyTorch thread, the run's own label-free threshold; metrics on "
             "labelled pixels (bench/seed_scores.py, runs cached by bench/evidence.py). Best classical: the best of "
             "CVA, PCA-KMeans and IR-MAD per pair in latest.json (seed 0).", "",
             f"- F1 over {len(names)} pairs and {len(seeds)} seeds ({len(runs)} runs): min {s['min']:.3f}, "
             f"median {s['median']:.3f}, mean {s['mean']:.3f}",
             f"- pairs won per seed: {' / '.join(f'{w} of {c}' for w, c in zip(s['wins'], s['counts']))}; "
             f"mean F1 per seed {' / '.join(f'{m:.3f}' for m in s['means'])}"]
    if "worst_pair" in s:
        lines.append(f"- against `{before[0]}`: worst pair {s['worst_pair']} "
                     f"{s['worst_delta']:+.3f} (mean over its seeds), worst single run {s['worst_single']:+.3f}")
    for split, group in (("tuning", [n for n in names if n in TUNING_PAIRS]),
                         ("held out", [n for n in names if n not in TUNING_PAIRS])):
        vals = [runs[(n, sd)]["f1"] for n in group for sd in seeds if (n, sd) in runs]
        if vals:
            lines.append(f"- {split} ({len(group)} pairs): min {min(vals):.3f}, median {np.median(vals):.3f}, "
                         f"mean {np.mean(vals):.3f}")
    lines += ["", "| pair | class | split | F1 per seed | mean F1 | precision | recall | flagged | true "
              "| best classical (F1) | won | before: F1 per seed |", "|---" * 12 + "|"]
    classes = {n: data_class(os.path.join(pairs[n][0], "t1.tif"), kinds.get(n, "")) for n in names}
    for n in names:
        rs = [runs[(n, sd)] for sd in seeds if (n, sd) in runs]
        if not rs:
            continue
        m = {k: np.mean([r[k] for r in rs]) for k in ("f1", "precision", "recall", "flagged", "true")}
        b = best.get(n, ("-", float("nan")))
        won = sum(r["f1"] > b[1] for r in rs)
        lines.append(f"| {n} | {classes[n]} | {'tuning' if n in TUNING_PAIRS else 'held out'} | "
                     f"{previous(runs, n, seeds)} | {m['f1']:.3f} | "
                     f"{m['precision']:.3f} | {m['recall']:.3f} | {m['flagged']:.3f} | {m['true']:.3f} | "
                     f"{b[0]} ({b[1]:.3f}) | {won} of {len(rs)} | "
                     f"{previous(ref, n, seeds)} |")
    lines += ["", "## Each class of data (means over its pairs and the seeds)", "",
              "| class | pairs | F1 | precision | recall | flagged | true | best classical per pair, mean F1 |",
              "|---|---|---|---|---|---|---|---|"]
    for c in ORDER:
        group = [n for n in names if classes[n] == c]
        if not group:
            lines.append(f"| {c} | 0 | - | - | - | - | - | - |")
            continue
        rs = [runs[(n, sd)] for n in group for sd in seeds if (n, sd) in runs]
        m = {k: np.mean([r[k] for r in rs]) for k in ("f1", "precision", "recall", "flagged", "true")}
        bm = np.mean([best[n][1] for n in group if n in best]) if any(n in best for n in group) else float("nan")
        lines.append(f"| {c} | {len(group)} | {m['f1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | "
                     f"{m['flagged']:.3f} | {m['true']:.3f} | {bm:.3f} |")
    return "\n".join(lines) + "\n", s


def dev_classes(config, seeds, data, work, cached=False):
    """Each class of data on the dev pairs (bench/dev_pairs.py: the RGB 10-30 m class lives there),
    run (or read from the cache) for these seeds; best classical: the better of CVA and PCA-KMeans at
    their own thresholds (bench/evidence.py classical_evidence). cached: only the runs already cached."""
    pairs = all_pairs(data, dev=True)
    runs, kinds = default_runs(config, seeds, pairs, work, cached=cached)
    if not runs:  # say why rather than print an empty table
        why = ("no dev run is cached for these seeds (`--cached`); run without it, or `python -m bench.evidence "
               "--dev`, to make them") if cached and pairs else "no dev pair can be made from these shared pairs"
        return f"\n## Each class of data on the dev pairs\n\nNone: {why}.\n"
    lines = ["", "## Each class of data on the dev pairs (the same seeds; simulated SAR forced to SAR; "
             "classes by what the data is: the processed real SAR is SAR whatever `auto` decided)", "",
             "| class | pairs | runs | F1 | precision | recall | flagged | true | best classical per pair, mean F1 "
             "| pairs won (mean F1 over their seeds) |", "|---" * 10 + "|"]
    names = sorted({n for n, _ in runs})
    classes = {n: data_class(os.path.join(pairs[n][0], "t1.tif"), "sar" if truly_sar(n) else kinds[n]) for n in names}
    best = {}
    for n in names:
        labels, c = labels_of(pairs[n][0]), classical_evidence(n, pairs[n][0], work, pairs[n][1])
        best[n] = max(metrics(c[m], labels, c[m + "_threshold"])["f1"] for m in ("cva", "pcakmeans"))
    for cls in ORDER:
        group = [n for n in names if classes[n] == cls]
        rs = [runs[(n, sd)] for n in group for sd in seeds if (n, sd) in runs]
        if not rs:
            continue
        m = {k: np.mean([r[k] for r in rs]) for k in ("f1", "precision", "recall", "flagged", "true")}
        won = sum(np.mean([runs[(n, sd)]["f1"] for sd in seeds if (n, sd) in runs]) > best[n] for n in group)
        lines.append(f"| {cls} | {len(group)} | {len(rs)} | {m['f1']:.3f} | {m['precision']:.3f} | "
                     f"{m['recall']:.3f} | {m['flagged']:.3f} | {m['true']:.3f} | "
                     f"{np.mean([best[n] for n in group]):.3f} | {won} of {len(group)} |")
    return "\n".join(lines) + "\n"


def recorded_runs(path):
    """(label, (pair, seed) -> metrics) of a seeds.json, or None where there is none."""
    if not os.path.isfile(path):
        return None
    with open(path) as f:
        recorded = json.load(f)
    when = recorded.get("date", "")
    return (f"{recorded['config']} as last recorded in {os.path.basename(path)}{' (' + when + ')' if when else ''}",
            {(r["pair"], r["seed"]): r for r in recorded["runs"]})


def main(argv=None):
    ap = run_options(argparse.ArgumentParser())
    ap.add_argument("--before", default="", help="a configuration to compare with, where its runs are cached "
                    "(replaces the record of --before-json)")
    ap.add_argument("--before-json", default=None, help="runs as a seeds.json recorded them (default: the "
                    "seeds.json this run replaces, so every pair's F1 is set beside the last record's)")
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    pairs = all_pairs(args.data)
    runs, kinds = default_runs(args.config, seeds, pairs, args.work, args.iterations, args.cached)
    if args.before:
        ref, _ = default_runs(args.before, seeds, pairs, args.work, args.iterations, cached=True)
        before = (args.before, ref) if ref else None
    else:
        before = recorded_runs(args.before_json or os.path.join(args.out, "seeds.json"))
    text, s = report(args.config, runs, kinds, pairs, best_classical(args.out), seeds, before)
    text += dev_classes(args.config, seeds, args.data, args.work, args.cached)
    with open(os.path.join(args.out, "seeds.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "seeds.json"), "w") as f:
        json.dump({"config": args.config, "seeds": seeds, "date": time.strftime("%Y-%m-%d"), "summary": s,
                   "runs": [{"pair": p, "seed": sd, **r} for (p, sd), r in runs.items()]}, f, indent=1)
    print(text)


if __name__ == "__main__":
    main()
