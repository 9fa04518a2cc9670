"""`make bench`, data-kind part (issue 25): the `auto` decision of core/raster/kind.py on every
case class, read from real GeoTIFFs through RasterPair as a run reads them:

- real SAR: the four Yellow River pairs, whole and cropped (four quadrants, a central 128 px),
  and each as a product line would deliver it (Lee or box filtered, or resampled to a finer
  grid: bench/dev_pairs.py processed());
- optical: every shared optical pair as it is, each of its bands alone, its panchromatic
  version (band mean), rescaled and re-quantised copies, copies resampled to half the pixel size
  (cubic and bilinear, as when 20 m bands are put on a 10 m grid: smoother and more correlated
  from pixel to pixel than the scene), and a field of negative temperatures (deg C, 0.1 K noise)
  drawn from it, which must not be taken for SAR in dB;
- simulated SAR (bench/speckle.py) on each optical pair's central 512 px panchromatic scene:
  1/3/10/30 looks x amplitude/intensity x linear/dB/8-bit x independent or correlated over
  0.5/1/2 px x unfiltered/Lee/box, independent speckle per date.

Files are named t1.tif / t2.tif in neutral folders: names say nothing, the pixels decide.
Margins: how many times past its bound the deciding statistic is, on the right side (1 = on
the bound). The pairs were split before the rule was chosen: those whose statistics were looked
at while choosing (DESIGN_PAIRS) and the held-out rest, reported apart.

    python -m bench.kind_bench [--data ../shared/data] [--out bench/results] [--quick]

Writes bench/results/kind_decisions.{md,json}."""
import argparse
import json
import os
import tempfile
import time

import numpy as np
from osgeo import gdal

from bench import dev_pairs, speckle
from metric_cd_plugin.core.raster import kind
from metric_cd_plugin.core.raster.kind_evidence import flat_cv_of_pair
from metric_cd_plugin.core.raster.pair import RasterPair

gdal.UseExceptions()
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DESIGN_PAIRS = ("landsat_taizhou", "landsat_nanjing", "sztaki_szada1", "sztaki_szada_train3", "sztaki_szada_train5",
                "sar_yellowriver_a", "sar_yellowriver_b", "sar_yellowriver_c", "sar_yellowriver_d")
LOOKS, CORRS = (1, 3, 10, 30), (0.0, 0.5, 1.0, 2.0)
SCALES = ("linear", "db", "8bit")
SIDE = 256   # the simulated scenes: the central 256 px of each optical pair (the bench's time)
RESAMPLED_SIDE = 256  # the resampled copies: the central 256 px, made 512 x 512
STATISTICS = (("cv", "flat CV (the flattest tenth's variation)", "{:.1%}"),
              ("correlation", "neighbour correlation", "{:.2f}"),
              ("correlation_far", "correlation 2-3 px apart", "{:.2f}"))


def write(path, array, like=None):
    array = np.asarray(array)
    array = array[None] if array.ndim == 2 else array
    gtype = {np.dtype("uint8"): gdal.GDT_Byte, np.dtype("uint16"): gdal.GDT_UInt16}.get(array.dtype, gdal.GDT_Float32)
    ds = gdal.GetDriverByName("GTiff").Create(path, array.shape[2], array.shape[1], array.shape[0], gtype)
    if like is not None:
        ds.SetGeoTransform(like.GetGeoTransform())
        ds.SetProjection(like.GetProjection())
    for i, band in enumerate(array, 1):
        ds.GetRasterBand(i).WriteArray(band)
    ds = None
    return path


class Judge:
    """Writes each case as a GeoTIFF pair, asks kind.detect_kind, keeps a row."""

    def __init__(self, work):
        self.work, self.rows, self.n = work, [], 0

    def __call__(self, cls, pair_name, case, a1, a2, expected, like=None, paths=None, scene_cv=None):
        if paths is None:
            self.n += 1
            folder = os.path.join(self.work, f"case{self.n}")
            os.makedirs(folder, exist_ok=True)
            paths = [write(os.path.join(folder, f"t{d}.tif"), a, like) for d, a in ((1, a1), (2, a2))]
        pair = RasterPair(*paths)
        try:
            start = time.perf_counter()
            choice = kind.detect_kind(pair)
            seconds = time.perf_counter() - start
            m = choice.measured
        finally:
            pair.close()
        self.rows.append({"class": cls, "pair": pair_name, "case": case, "expected": expected, "kind": choice.kind,
                          "evidence": choice.evidence, "confidence": choice.confidence, "reason": choice.reason,
                          "seconds": seconds, "stats": None if m is None else m.__dict__,
                          "margin": margin(m, expected), "held_out": pair_name not in DESIGN_PAIRS,
                          "scene_cv": scene_cv})
        if paths and paths[0].startswith(self.work):
            for p in paths:
                os.remove(p)


def margin(m, expected):
    """How far past the bounds of kind.decide the case's statistics are, as one factor on the
    expected side (> 1: right side; None: decided by names or bands, or not measurable). The
    rule calls a case SAR when its SAR factor is at least 1: linear values, the flat CV over
    SAR_CV, or, above OPTICAL_CV, white (SPECKLE_CORRELATION over the neighbour correlation) or
    decorrelated noise (SPECKLE_CORRELATION_FAR over the correlation FAR_LAGS apart); decibels,
    the flat CV in power over DB_OPTICAL_CV, and then exp(-skewness) (left-skewed: above 1),
    white or decorrelated noise. The optical factor is its inverse."""
    if m is None or not np.isfinite(m.cv):
        return None

    def over(bound, value):  # a correlation at or below zero: as white as can be measured
        return bound / max(value, 1e-3)
    noise = max(over(kind.SPECKLE_CORRELATION, m.correlation), over(kind.SPECKLE_CORRELATION_FAR, m.correlation_far))
    if m.decibels:
        sar = min(m.cv / kind.DB_OPTICAL_CV, max(float(np.exp(-m.skewness)), noise))
    else:
        sar = max(m.cv / kind.SAR_CV, min(m.cv / kind.OPTICAL_CV, noise))
    sar = max(sar, 1e-9)
    return float(sar if expected == "sar" else 1.0 / sar)


def central(a, side=SIDE):
    h, w = a.shape[-2:]
    y, x = max((h - side) // 2, 0), max((w - side) // 2, 0)
    return a[..., y:y + side, x:x + side]


def real_sar(judge, data, names):
    for name in names:
        paths = [os.path.join(data, name, f"t{d}.tif") for d in (1, 2)]
        judge("real SAR", name, "whole", None, None, "sar", paths=paths)
        a1, a2 = (gdal.Open(p).ReadAsArray() for p in paths)
        h, w = a1.shape
        crops = {"top-left": (0, 0), "top-right": (0, w // 2), "bottom-left": (h // 2, 0),
                 "bottom-right": (h // 2, w // 2)}
        for label, (y, x) in crops.items():
            sl = (slice(y, y + h // 2), slice(x, x + w // 2))
            judge("real SAR", name, f"crop {label}", a1[sl], a2[sl], "sar")
        judge("real SAR", name, "crop central 128", central(a1, 128), central(a2, 128), "sar")
        for how in dev_pairs.PROCESSING:  # as products are delivered (bench/dev_pairs.py processed())
            judge("real SAR, filtered or resampled", name, how, dev_pairs.processed(a1, how),
                  dev_pairs.processed(a2, how), "sar")


def optical_variants(judge, data, name):
    paths = [os.path.join(data, name, f"t{d}.tif") for d in (1, 2)]
    like = gdal.Open(paths[0])
    judge("optical pair", name, "as it is", None, None, "optical", paths=paths)
    a1, a2 = (gdal.Open(p).ReadAsArray().astype(np.float32) for p in paths)
    for b in range(a1.shape[0]):
        judge("optical band", name, f"band {b + 1}", a1[b].astype(np.uint8), a2[b].astype(np.uint8), "optical", like)
    p1, p2 = a1.mean(0), a2.mean(0)
    variants = {"band mean (float)": (p1, p2), "band mean x 1e-4 (float)": (p1 * 1e-4, p2 * 1e-4),
                "band mean x 257 (uint16)": ((p1 * 257).astype(np.uint16), (p2 * 257).astype(np.uint16)),
                "band mean x 4 + 1000 (uint16)": ((p1 * 4 + 1000).astype(np.uint16), (p2 * 4 + 1000).astype(np.uint16)),
                "band mean rounded (uint8)": (np.round(p1).astype(np.uint8), np.round(p2).astype(np.uint8)),
                "band 1 // 4 (6 bit)": ((a1[0] // 4).astype(np.uint8), (a2[0] // 4).astype(np.uint8))}
    for case, (v1, v2) in variants.items():
        judge("optical panchromatic / rescaled", name, case, v1, v2, "optical", like)
    for method in ("cubic", "bilinear"):
        judge("optical resampled", name, f"band mean to half the pixel size ({method})",
              *(finer(central(p, RESAMPLED_SIDE), method) for p in (p1, p2)), "optical")
        judge("optical resampled", name, f"band 1 to half the pixel size ({method}, uint8)",
              *(np.clip(np.round(finer(central(a[0], RESAMPLED_SIDE), method)), 0, 255).astype(np.uint8)
                for a in (a1, a2)), "optical")
    rng = np.random.default_rng(len(name))
    lo, hi = float(min(p1.min(), p2.min())), float(max(p1.max(), p2.max()))
    temp = [np.round(-30 + 25 * (p - lo) / max(hi - lo, 1) + rng.normal(0, 0.1, p.shape), 2).astype(np.float32)
            for p in (p1, p2)]
    judge("negative temperatures", name, "deg C, 0.1 K noise", *temp, "optical", like)
    return central(p1), central(p2), like


def finer(a, method):
    """a (H, W) resampled by GDAL to twice as many pixels a side (half the pixel size)."""
    src = gdal.GetDriverByName("MEM").Create("", a.shape[1], a.shape[0], 1, gdal.GDT_Float32)
    src.GetRasterBand(1).WriteArray(a.astype(np.float32))
    out = gdal.Translate("", src, format="MEM", width=2 * a.shape[1], height=2 * a.shape[0], resampleAlg=method)
    return out.ReadAsArray()


def simulated(judge, name, p1, p2, like, seed, quick):
    rng = np.random.default_rng(seed)
    # the optical scene's own flattest tenth (its noise and grain), before any speckle multiplies it
    scene_cv = flat_cv_of_pair(p1[None], p2[None], np.ones(p1.shape, bool), False)
    for looks in (LOOKS[::3] if quick else LOOKS):
        for corr in (CORRS[::2] if quick else CORRS):
            fields = [speckle.speckle_field(p1.shape, looks, corr, rng) for _ in range(2)]
            for form in speckle.FORMS:
                for scale in SCALES:
                    for filt in speckle.FILTERS:
                        s1, s2 = speckle.speckled_pair(p1, p2, looks, form, scale, corr, filt, rng, fields)
                        case = f"L{looks} {form} {scale} corr {corr:g} {filt or 'unfiltered'}"
                        judge("simulated SAR", name, case, s1, s2, "sar", like, scene_cv=scene_cv)


def table(rows):
    lines = ["| class | cases | recognised | held-out recognised | min margin (design) | min margin (held out) "
             "| confidence high / medium / low |", "|---|---|---|---|---|---|---|"]
    for cls in dict.fromkeys(r["class"] for r in rows):
        sel = [r for r in rows if r["class"] == cls]
        ok = [r for r in sel if r["kind"] == r["expected"]]
        held = [r for r in sel if r["held_out"]]
        mins = []
        for part in ([r for r in sel if not r["held_out"]], held):
            values = [r["margin"] for r in part if r["margin"] is not None]
            mins.append(f"{min(values):.2f}" if values else "-")
        conf = " / ".join(str(sum(r["confidence"] == c for r in sel)) for c in ("high", "medium", "low"))
        lines.append(f"| {cls} | {len(sel)} | {len(ok)} | {sum(r['kind'] == r['expected'] for r in held)} of "
                     f"{len(held)} | {mins[0]} | {mins[1]} | {conf} |")
    return lines


def overlap(rows):
    """The range of each statistic the linear-valued rules read, over the misses and over the
    optical cases, and how many misses lie within the optical cases' range on every one of them."""
    def linear(r):
        return r["stats"] is not None and r["stats"]["decibel_share"] <= 0.5 and np.isfinite(r["stats"]["cv"])
    misses = [r for r in rows if r["class"] == "simulated SAR" and r["kind"] != "sar" and linear(r)]
    optical = [r for r in rows if r["expected"] == "optical" and linear(r)]
    if not misses or not optical:
        return ["No linear-valued miss." if optical else "No optical case measured."]
    lines = ["Linear values (the decibel misses are read by other statistics): the range of each statistic "
             "`auto` reads, min / median / max.", "",
             f"| statistic | {len(misses)} misses | {len(optical)} optical cases (bands, panchromatic, rescaled, "
             "resampled) |", "|---|---|---|"]
    inside = np.ones(len(misses), bool)
    for key, label, fmt in STATISTICS:
        m = np.array([r["stats"][key] for r in misses])
        o = np.array([r["stats"][key] for r in optical])
        o = o[np.isfinite(o)]
        inside &= (m >= o.min()) & (m <= o.max())
        lines.append(f"| {label} | " + " | ".join(" / ".join(fmt.format(v) for v in (a.min(), np.median(a), a.max()))
                                                  for a in (m, o)) + " |")
    lines += ["", f"{int(inside.sum())} of {len(misses)} misses lie inside the box the optical cases span (on each "
              "statistic between the optical cases' least and greatest): a rule that called them SAR would have "
              "to cut inside the optical cases' own range of all three. Speckle smoothed over 1-2 px or filtered "
              "correlates from pixel to pixel as much as an optical raster resampled to a finer grid (the resampled "
              "cases in the last table)."]
    return lines


def faintness(rows):
    """How much the speckle adds to the scene's own variation: the simulated case's flat CV over
    that of the optical scene it multiplies (1: no trace of speckle left in the flattest tenth),
    for the linear-valued cases `auto` recognises and misses, by filter."""
    sims = [r for r in rows if r["class"] == "simulated SAR" and r.get("scene_cv") and r["stats"] is not None
            and r["stats"]["decibel_share"] <= 0.5 and np.isfinite(r["stats"]["cv"])]
    if not sims:
        return ["No linear-valued simulated case."]
    lines = ["The simulated case's flat CV over that of the optical scene it multiplies (the band mean of the "
             "pair, which has its own noise and film grain): 1 means the flattest tenth shows no more variation "
             "than the scene without speckle. Linear values; min / median / max.", "",
             "| filter | recognised | ratio, recognised | missed | ratio, missed | misses under 1.5 |",
             "|---|---|---|---|---|---|"]
    for filt in dict.fromkeys(r["case"].split()[5] for r in sims):
        parts = [[r["stats"]["cv"] / r["scene_cv"] for r in sims if r["case"].split()[5] == filt
                  and (r["kind"] == "sar") == hit] for hit in (True, False)]
        cells = [" / ".join(f"{v:.2f}" for v in (min(p), np.median(p), max(p))) if p else "-" for p in parts]
        lines.append(f"| {filt} | {len(parts[0])} | {cells[0]} | {len(parts[1])} | {cells[1]} | "
                     f"{sum(v < 1.5 for v in parts[1])} |")
    lines += ["", "The same cases by how much speckle shows (ratio at least 1.5, 2, 3), and where the misses "
              "among them lie on the statistics `auto` reads (min / median / max):", "",
              "| ratio at least | cases | recognised | misses: flat CV | neighbour correlation | 2-3 px apart |",
              "|---|---|---|---|---|---|"]
    for cut in (1.5, 2.0, 3.0):
        sel = [r for r in sims if r["stats"]["cv"] / r["scene_cv"] >= cut]
        missed = [r["stats"] for r in sel if r["kind"] != "sar"]
        spans = [" / ".join(f"{f(v):.2f}" for f in (min, np.median, max)) if (v := [m[k] for m in missed]) else "-"
                 for k in ("cv", "correlation", "correlation_far")]
        lines.append(f"| {cut:g} | {len(sel)} | {sum(r['kind'] == 'sar' for r in sel)} | " + " | ".join(spans) + " |")
    return lines


def report(rows, seconds):
    misses = [r for r in rows if r["kind"] != r["expected"]]
    sims = [r for r in rows if r["class"] == "simulated SAR"]
    lines = ["# Data kind: the `auto` decision on every case (bench/kind_bench.py)", "",
             f"Rule: core/raster/kind.py (SAR_CV {kind.SAR_CV}, OPTICAL_CV {kind.OPTICAL_CV}, "
             f"DB_OPTICAL_CV {kind.DB_OPTICAL_CV}, white noise below "
             f"{kind.SPECKLE_CORRELATION}, decorrelated noise {kind.FAR_LAGS} px apart below "
             f"{kind.SPECKLE_CORRELATION_FAR}, unsure -> {kind.UNSURE_KIND}). "
             f"{len(rows)} cases, {len(rows) - len(misses)} recognised; decision "
             f"{np.median([r['seconds'] for r in rows]):.2f} s median, {max(r['seconds'] for r in rows):.2f} s max "
             f"(contended machine); bench {seconds / 60:.0f} min.",
             "", "Margin: how far past the rule's bounds the case's statistics are, one factor on the expected "
             "side (> 1 right side; bench/kind_bench.py margin() says how). Held out: pairs whose statistics were "
             "not looked at while choosing the rule.", ""]
    lines += table(rows)
    lines += ["", "## Simulated SAR by factor (recognised / cases)", "",
              "| factor | value | recognised | design pairs | held-out pairs |", "|---|---|---|---|---|"]
    for factor, index in (("looks", 0), ("form", 1), ("scale", 2), ("correlation px", 4), ("filter", 5)):
        for value in dict.fromkeys(r["case"].split()[index] for r in sims):
            sel = [r for r in sims if r["case"].split()[index] == value]
            parts = [[r for r in sel if r["held_out"] == held] for held in (False, True)]
            lines.append(f"| {factor} | {value} | " + " | ".join(
                f"{sum(r['kind'] == 'sar' for r in part)} / {len(part)}" for part in [sel] + parts) + " |")
    lines += ["", "## Where the misses lie", ""] + overlap(rows)
    lines += ["", "### How faint the missed speckle is", ""] + faintness(rows)
    lines += ["", "## Every miss", "", "| class | pair | case | decided | evidence | confidence | reason |",
              "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['class']} | {r['pair']} | {r['case']} | {r['kind']} | {r['evidence']} | {r['confidence']} | "
              f"{r['reason']} |" for r in misses] or ["| none | | | | | | |"]
    lines += ["", "## Real SAR and optical cases", "", "| class | pair | case | decided | evidence | confidence | "
              "margin | " + " | ".join(label for _, label, _ in STATISTICS) + " |", "|---" * 10 + "|"]
    lines += [f"| {r['class']} | {r['pair']} | {r['case']} | {r['kind']} | {r['evidence']} | {r['confidence']} | "
              f"{'-' if r['margin'] is None else format(r['margin'], '.2f')} | " + " | ".join(
                  "-" if r["stats"] is None or not np.isfinite(r["stats"][key]) else fmt.format(r["stats"][key])
                  for key, _, fmt in STATISTICS) + " |" for r in rows if r not in sims]
    return lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--quick", action="store_true", help="a sixth of the simulated cases")
    args = ap.parse_args(argv)
    names = sorted(n for n in os.listdir(args.data) if os.path.isfile(os.path.join(args.data, n, "labels.tif")))
    start = time.time()
    with tempfile.TemporaryDirectory() as work:
        judge = Judge(work)
        real_sar(judge, args.data, [n for n in names if n.startswith("sar_")])
        for i, name in enumerate(n for n in names if not n.startswith("sar_")):
            p1, p2, like = optical_variants(judge, args.data, name)
            simulated(judge, name, p1, p2, like, i, args.quick)
            print(f"kind bench: {name}: {sum(r['kind'] == r['expected'] for r in judge.rows)} of "
                  f"{len(judge.rows)} recognised so far", flush=True)
    lines = report(judge.rows, time.time() - start)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "kind_decisions.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(args.out, "kind_decisions.json"), "w") as f:
        json.dump(judge.rows, f, indent=1)
    print("\n".join(table(judge.rows)))


if __name__ == "__main__":
    main()
