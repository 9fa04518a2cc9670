"""Bench report: latest.md (tables), latest.json (everything), PNG figures."""
import json
import os

import numpy as np
from osgeo import gdal

METHOD_ORDER = ["fast", "paper", "cva", "pcakmeans", "irmad"]


def method_of(row):
    """Scaling rows name their method ("preset" in results written before the classical ones)."""
    return row.get("method") or row["preset"]


def _fmt(v, digits=3):
    if v is None:
        return "-"
    if isinstance(v, float):
        return "nan" if np.isnan(v) else f"{v:.{digits}f}"
    return str(v)


def markdown(result, classes=None):
    """classes: pair -> class of data (bench/classes.py) for rows that do not carry theirs."""
    m = result["machine"]
    lines = ["# Metric-CD benchmark", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, torch {m['torch']} ({m['torch_threads']} threads), "
             f"CUDA {'yes' if m['cuda'] else 'no'}, GDAL {m['gdal']}; last run {m['date']} (each row keeps the "
             "date it was measured, in latest.json). "
             "D-FE weights: seeded random (no ImageNet weights are downloaded in the bench).", "",
             "Thresholds are label-free (deep: for `fast` the model's own decision Pc > 0.5, where the fit "
             "puts the minimum-error split of the evidence (Gaussian classes; for SAR a gamma no-change "
             "class), raised to Otsu's split of Pc where that lies above 0.5; for SAR, since issue 25, the cut "
             "of Pc that flags the share of change log-ratio PCA-KMeans finds; Otsu on Pc for `paper`; CVA "
             "Otsu; PCA-KMeans cluster boundary; IR-MAD Kittler-Illingworth). Data kind `auto` for every "
             "method: SAR pairs are compared as a speckle-filtered log-ratio; `fast` matches the dates of "
             "true-colour photographs (pixels under 5 m or of unknown size: the Szada pairs) within 2 px. "
             "Metrics on labelled pixels only; flagged = fraction of labelled pixels in the mask, "
             "true = fraction labelled change.", "",
             "| pair | split | method | kind | area | F1 | kappa | AUC | precision | recall | flagged | true "
             "| time (s) | CPU time (s) | peak RSS (MiB) | MP/min |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in result["pairs"]:
        lines.append("| " + " | ".join([r["pair"], r.get("split", "-"), r["method"], r.get("data_kind") or "-",
                                        r["area"]] + [
            _fmt(r.get(k)) for k in ("f1", "kappa", "auc", "precision", "recall", "flagged", "true")] + [
            _fmt(r["seconds"], 1), _fmt(r.get("cpu_s"), 1), _fmt(r["rss_mib"], 0),
            _fmt(r["mpx_per_min"], 2)]) + " |")
    lines += summary(result["pairs"])
    lines += by_class(result["pairs"], classes or {})
    if result["scaling"]:
        lines += ["", "## Speed and memory against raster size (end to end, CLI process)", "",
                  "Fast preset and classical methods on mirrored copies of a real pair, masks included; "
                  "GDAL's block cache at 256 MB. CPU time (user + system) where recorded: unlike the wall time, "
                  "little affected by other programs sharing the CPU (load = 1-minute load average after the run). "
                  "x PCA-KMeans: the time over PCA-KMeans's at the same size in the same bench run (issue 29's "
                  "targets: at most 3x at 1 MP, 1.5x at 100 MP).",
                  "", "| megapixels | method | time (s) | x PCA-KMeans | s per MP | CPU time (s) | peak RSS (MiB) "
                  "| note |",
                  "|---|---|---|---|---|---|---|---|"]
        pcakmeans = {r["megapixels"]: r["seconds"] for r in result["scaling"] if method_of(r) == "pcakmeans"}
        for r in sorted(result["scaling"], key=lambda r: (METHOD_ORDER.index(method_of(r)), r["megapixels"])):
            note = (f"estimated: {r['per_iteration_s']:.1f} s per iteration x 50, measured on a crop"
                    if r.get("estimated") else "measured" + (f" {r['date']}" if r.get("date") else "")
                    + (f", load {r['load_avg']:.1f}" if r.get("load_avg") is not None else ""))
            ratio = (r["seconds"] / pcakmeans[r["megapixels"]] if r["megapixels"] in pcakmeans
                     and not r.get("estimated") else None)
            lines.append(f"| {r['megapixels']} | {method_of(r)} | {_fmt(r['seconds'], 1)} | {_fmt(ratio, 2)} | "
                         f"{_fmt(r['seconds'] / r['megapixels'], 2)} | {_fmt(r.get('cpu_s'), 1)} | "
                         f"{_fmt(r['rss_mib'], 0)} | {note} |")
        fast1 = next((r for r in result["scaling"] if method_of(r) == "fast" and r["megapixels"] == 1), None)
        paper1 = next((r for r in result["scaling"] if method_of(r) == "paper"), None)
        if fast1 and paper1:
            lines += ["", f"Speed ratio at 1 MP, fast vs paper: {paper1['seconds'] / fast1['seconds']:.0f}x "
                          "(paper time estimated as above)."]
    return "\n".join(lines) + "\n"


def summary(rows):
    """The fast preset against the best classical method of each pair (whole areas), and
    whether its flagged fraction is within a factor 3 of the true one (pairs with >= 1 % change)."""
    whole = [r for r in rows if r["area"] == "whole"]
    names = list(dict.fromkeys(r["pair"] for r in whole if r["method"] == "fast"))
    table, wins = [], {}
    for n in names:
        fast = next(r for r in whole if r["pair"] == n and r["method"] == "fast")
        classical = [r for r in whole if r["pair"] == n and r["method"] in ("cva", "pcakmeans", "irmad")]
        if not classical:
            continue
        best = max(classical, key=lambda r: r["f1"])
        ratio = fast.get("flagged", 0) / fast["true"] if fast.get("true") else float("nan")
        within = "-" if fast.get("true", 0) < 0.01 else "yes" if 1 / 3 <= ratio <= 3 else "no"
        wins.setdefault(fast.get("split", "-"), []).append((fast["f1"] > best["f1"], fast["f1"], best["f1"]))
        table.append(f"| {n} | {fast.get('split', '-')} | {fast['f1']:.3f} | {best['method']} "
                     f"({best.get('data_kind') or '-'}) | {best['f1']:.3f} | {fast['f1'] - best['f1']:+.3f} | "
                     f"{_fmt(ratio, 2)} | {within} |")
    if not table:
        return []
    out = ["", "## Fast preset against the best classical method per pair", "",
           "| pair | split | fast F1 | best classical | its F1 | difference | flagged / true | within x3 |",
           "|---|---|---|---|---|---|---|---|", *table, ""]
    everything = [w for ws in wins.values() for w in ws]
    for label, ws in [*sorted(wins.items()), ("all", everything)]:
        fast_mean, best_mean = np.mean([f for _, f, _ in ws]), np.mean([b for _, _, b in ws])
        out.append(f"- {label}: fast wins {sum(w for w, _, _ in ws)} of {len(ws)}; mean F1 "
                   f"{fast_mean:.3f} against the best classical's {best_mean:.3f}")
    return out


def by_class(rows, classes):
    """Each class of data on its own: the fast preset's mean F1, precision, recall, flagged
    and true fraction over the class's pairs, against the classical method best on that
    class (highest mean F1 over its pairs) and against the best classical per pair."""
    from bench.classes import ORDER
    whole = [r for r in rows if r["area"] == "whole"]
    cls = {r["pair"]: r.get("data_class") or classes.get(r["pair"]) for r in whole}
    out = ["", "## Each class of data on its own (whole pairs, seed 0)", "",
           "| class | pairs | fast F1 | precision | recall | flagged | true | best classical on the class | its F1 "
           "| fast wins (against the best classical per pair) |", "|---|---|---|---|---|---|---|---|---|---|"]
    for c in ORDER:
        names = sorted({p for p, k in cls.items() if k == c})
        fast = [r for r in whole if r["pair"] in names and r["method"] == "fast"]
        if not fast:
            out.append(f"| {c} | 0 | - | - | - | - | - | - | - | no shared pair of this class |")
            continue
        means = {k: np.mean([r[k] for r in fast]) for k in ("f1", "precision", "recall", "flagged", "true")}
        per_method = {}
        for r in whole:
            if r["pair"] in names and r["method"] in ("cva", "pcakmeans", "irmad"):
                per_method.setdefault(r["method"], []).append(r["f1"])
        best_m = max(per_method, key=lambda k: np.mean(per_method[k])) if per_method else None
        wins = sum(r["f1"] > max((q["f1"] for q in whole if q["pair"] == r["pair"] and
                                  q["method"] in ("cva", "pcakmeans", "irmad")), default=1.0) for r in fast)
        out.append(f"| {c} | {len(names)} | {means['f1']:.3f} | {means['precision']:.3f} | {means['recall']:.3f} | "
                   f"{means['flagged']:.3f} | {means['true']:.3f} | {best_m or '-'} | "
                   f"{_fmt(float(np.mean(per_method[best_m])) if best_m else None)} | {wins} of {len(fast)} |")
    return out


def _quicklook(path, bands):
    ds = gdal.Open(path)
    idx = bands if ds.RasterCount >= 3 else [1, 1, 1]
    arr = np.stack([ds.GetRasterBand(b).ReadAsArray().astype(np.float32) for b in idx], -1)
    lo, hi = np.percentile(arr, [2, 98], axis=(0, 1))  # per band: natural-looking colour
    return np.clip((arr - lo) / np.maximum(hi - lo, 1e-6), 0, 1)


def figures(result, pairs, out, work, panels=True):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    written = []
    for name, folder in (pairs.items() if panels else ()):
        methods = [m for m in METHOD_ORDER if os.path.exists(os.path.join(work, f"{name}_{m}.tif"))]
        fig, axes = plt.subplots(1, 3 + len(methods), figsize=(2.6 * (3 + len(methods)), 2.9))
        rgb = [3, 2, 1] if gdal.Open(os.path.join(folder, "t1.tif")).RasterCount >= 6 else [1, 2, 3]
        axes[0].imshow(_quicklook(os.path.join(folder, "t1.tif"), rgb))
        axes[1].imshow(_quicklook(os.path.join(folder, "t2.tif"), rgb))
        lab = gdal.Open(os.path.join(folder, "labels.tif")).ReadAsArray()
        axes[2].imshow(np.ma.masked_equal(lab, 0), cmap="coolwarm", vmin=1, vmax=2, interpolation="nearest")
        titles = ["T1", "T2", "reference"]
        for ax, m in zip(axes[3:], methods):
            arr = gdal.Open(os.path.join(work, f"{name}_{m}.tif")).ReadAsArray()
            ax.imshow(np.ma.masked_less(arr, 0), cmap="magma", vmin=0, vmax=1)
            titles.append(m + (" (crop)" if m == "paper" and arr.shape != lab.shape else ""))
        for ax, t in zip(axes, titles):
            ax.set_title(t, fontsize=9)
            ax.axis("off")
        fig.tight_layout()
        path = os.path.join(out, f"panel_{name}.png")
        fig.savefig(path, dpi=80)
        plt.close(fig)
        written.append(path)
    rows = [r for r in result["pairs"] if r["area"] == "whole" or r["method"] == "paper"]
    names = list(dict.fromkeys(r["pair"] for r in rows))
    fig, ax = plt.subplots(figsize=(8, 3.2))
    for i, m in enumerate(METHOD_ORDER):
        vals = [next((r["f1"] for r in rows if r["pair"] == n and r["method"] == m), 0) for n in names]
        ax.bar(np.arange(len(names)) + i * 0.16, vals, 0.16, label=m)
    ax.set_xticks(np.arange(len(names)) + 0.32, names, fontsize=8)
    ax.set_ylabel("F1 (label-free threshold)")
    ax.legend(fontsize=7, ncol=5)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "f1_per_method.png"), dpi=80)
    plt.close(fig)
    measured = [r for r in result["scaling"] if not r.get("estimated")]
    if measured:
        fig, ax = plt.subplots(figsize=(5.5, 3.2))
        for m in [m for m in METHOD_ORDER if any(method_of(r) == m for r in measured)]:
            rs = sorted((r for r in measured if method_of(r) == m), key=lambda r: r["megapixels"])
            line, = ax.plot([r["megapixels"] for r in rs], [r["seconds"] for r in rs], "o-", label=f"{m} time (s)")
            ax.plot([r["megapixels"] for r in rs], [r["rss_mib"] for r in rs], "s--", color=line.get_color(),
                    label=f"{m} peak RSS (MiB)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("megapixels")
        ax.legend(fontsize=6, ncol=2)
        fig.tight_layout()
        fig.savefig(os.path.join(out, "time_vs_megapixels.png"), dpi=80)
        plt.close(fig)
    return written


def write_all(result, pairs, out, work, panels=True):
    """panels=False leaves the per-pair panels alone (a partial run lacks some maps)."""
    from bench.classes import data_class
    kinds = {r["pair"]: r.get("data_kind", "") for r in result["pairs"] if r["method"] == "fast"}
    classes = {n: data_class(os.path.join(f, "t1.tif"), kinds.get(n, "")) for n, f in pairs.items()}
    with open(os.path.join(out, "latest.json"), "w") as f:
        json.dump(result, f, indent=1, default=float)
    with open(os.path.join(out, "latest.md"), "w") as f:
        f.write(markdown(result, classes))
    figures(result, pairs, out, work, panels)
