"""`make bench`, decision part: how the fast preset's margin rule was chosen. The fit makes
Pc cross 0.5 where the calibrated evidence crosses the margin (core/deep/decision.py), so
each candidate rule is scored as the mask `evidence > margin` on every labelled pair, with
the evidence computed as the fit computes it (same normalisation, data kind, seeded random
D-FE, calibration) but over the whole image. Rules were compared on the tuning pairs
(run_bench.TUNING_PAIRS); the other pairs are reported as held out. The labels only score.

    python -m bench.margin_rules [--data ../shared/data] [--out bench/results]

Writes bench/results/margin_rules.{md,json}.
"""
import argparse
import json
import os

import numpy as np
from osgeo import gdal

from bench.run_bench import ROOT, TUNING_PAIRS
from metric_cd_plugin.core.deep.decision import GAMMA, GAUSSIAN, margin_from_evidence
from metric_cd_plugin.core.thresholds import kittler_illingworth

gdal.UseExceptions()
FIXED = 1.75  # the fast preset's margin before issue 14


def evidence_map(folder):
    """-> (evidence (H, W), valid (H, W), data kind) of a pair, as the fit computes it."""
    import torch
    import torch.nn.functional as F
    from metric_cd_plugin.core.deep.augment import colour_jitter
    from metric_cd_plugin.core.deep.features import pair_distances
    from metric_cd_plugin.core.deep.fit import calibrate, read_matched
    from metric_cd_plugin.core.deep.networks import load_vgg16
    from metric_cd_plugin.core.deep.tolerance import choose_shift
    from metric_cd_plugin.core.normalise import Normaliser
    from metric_cd_plugin.core.raster import kind as data_kind
    from metric_cd_plugin.core.raster.pair import RasterPair
    pair = RasterPair(os.path.join(folder, "t1.tif"), os.path.join(folder, "t2.tif"))
    source, kind = data_kind.prepare(pair, "auto", 0)
    normaliser = Normaliser.fit(*source.sample_pixels(200_000, np.random.default_rng(0)), pair.rgb_bands())
    shift = choose_shift(None, kind.kind, normaliser.is_true_colour, pair.geotransform, pair.projection,
                         pair.width, pair.height)[0]
    n1, n2, valid, _, pixel_term = read_matched(source, normaliser, 0, 0, pair.width, pair.height, shift)
    rgb1, rgb2 = (torch.from_numpy(normaliser.to_rgb(n))[None] for n in (n1, n2))
    v = torch.from_numpy(valid[None, None].astype(np.float32))
    fe = load_vgg16("random", 0)
    maps = [(torch.from_numpy(pixel_term)[None], v)]
    maps += pair_distances(fe, rgb1, rgb2, v, 3, 1, shift=shift)
    if normaliser.is_true_colour:  # the jittered terms the fast preset adds for true colour
        gen = torch.Generator().manual_seed(0)
        maps += pair_distances(fe, colour_jitter(rgb1, gen), colour_jitter(rgb2, gen), v, 3, 1, shift=shift)
    maps, _ = calibrate(maps)
    size = (pair.height, pair.width)
    evidence = sum(F.interpolate(d, size=size, mode="nearest")[0, 0] for d, _ in maps).numpy()
    pair.close()
    return evidence, valid, kind.kind


def _ki(values, top=99.9):
    counts, edges = np.histogram(values, bins=512, range=(values.min(), np.percentile(values, top)))
    return kittler_illingworth(counts, edges)


def rules(values, kind):
    """Candidate margins from the evidence of the valid pixels (no labels); the default's
    class model follows the data kind (core/deep/decision.py)."""
    logs = np.log(np.maximum(values, 1e-6))
    med = np.median(logs)
    spread = 1.4826 * np.median(np.abs(logs - med))
    return {
        "fixed 1.75": FIXED,
        "minimum error, the default (SAR: gamma no-change class)": margin_from_evidence(values, kind)[0],
        GAUSSIAN: margin_from_evidence(values, "optical")[0],
        GAMMA + " (Gaussian where it finds no valley)": margin_from_evidence(values, "sar")[0],
        "minimum error on log evidence": float(np.exp(_ki(logs))),
        "log median + 2 robust sd": float(np.exp(med + 2 * spread)),
        "log median + 3 robust sd": float(np.exp(med + 3 * spread)),
    }


def score(mask, labels):
    labelled = labels > 0
    truth, pred = labels[labelled] == 2, mask[labelled]
    tp, fp, fn = int((pred & truth).sum()), int((pred & ~truth).sum()), int((~pred & truth).sum())
    return {"f1": 2 * tp / max(2 * tp + fp + fn, 1), "precision": tp / max(tp + fp, 1),
            "recall": tp / max(tp + fn, 1), "flagged": float(pred.mean()), "true": float(truth.mean())}


def markdown(rows, names):
    lines = ["# Margin rules on the calibrated evidence (`python -m bench.margin_rules`)", "",
             "Mask = evidence > margin over the whole image (the evidence the fast preset's fit uses; seeded "
             "random D-FE); the fitted runs differ (bench/results/latest.md), this isolates the margin. "
             "Tuning pairs: " + ", ".join(TUNING_PAIRS) + "; the others are held out. Cells: "
             "F1 / flagged fraction (true fraction in the last column).", "",
             "| pair | split | kind | " + " | ".join(names) + " | true |",
             "|---|---|---|" + "---|" * len(names) + "---|"]
    for r in rows:
        cells = [f"{r['rules'][n]['f1']:.3f} / {r['rules'][n]['flagged']:.3f}" for n in names]
        lines.append(f"| {r['pair']} | {r['split']} | {r['kind']} | " + " | ".join(cells) + f" | {r['true']:.3f} |")
    for split in ("tuning", "held-out", "all"):
        chosen = [r for r in rows if split == "all" or r["split"] == split]
        if not chosen:
            continue
        means = [np.mean([r["rules"][n]["f1"] for r in chosen]) for n in names]
        within = [sum(1 for r in chosen if r["true"] >= 0.01 and 1 / 3 <= r["rules"][n]["flagged"] / r["true"] <= 3)
                  for n in names]
        lines.append(f"| mean F1 ({split}, {len(chosen)}) | | | " + " | ".join(f"{m:.3f}" for m in means) + " | |")
        lines.append(f"| flagged within 3x of true ({split}) | | | " + " | ".join(map(str, within)) + " | |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args(argv)
    if not os.path.isdir(args.data):
        print(f"margin_rules: {args.data} not found; nothing measured")
        return
    rows = []
    for name in sorted(os.listdir(args.data)):
        folder = os.path.join(args.data, name)
        if not os.path.isfile(os.path.join(folder, "labels.tif")):
            continue
        evidence, valid, kind = evidence_map(folder)
        labels = gdal.Open(os.path.join(folder, "labels.tif")).ReadAsArray()
        labels = np.where(valid, labels, 0)
        margins = rules(evidence[valid & np.isfinite(evidence)], kind)
        scored = {n: {**score(evidence > m, labels), "margin": m} for n, m in margins.items()}
        rows.append({"pair": name, "kind": kind, "split": "tuning" if name in TUNING_PAIRS else "held-out",
                     "true": next(iter(scored.values()))["true"], "rules": scored})
        print(f"margin_rules: {name}: " + ", ".join(f"{n} {s['f1']:.3f}" for n, s in scored.items()), flush=True)
    names = list(rows[0]["rules"]) if rows else []
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "margin_rules.json"), "w") as f:
        json.dump(rows, f, indent=1)
    with open(os.path.join(args.out, "margin_rules.md"), "w") as f:
        f.write(markdown(rows, names))
    print(markdown(rows, names))


if __name__ == "__main__":
    main()
