"""What a wrong data kind costs: the classical PCA-KMeans and CVA (their own thresholds) on
single-band pairs forced `optical` and forced `sar`, F1 on labelled pixels. The pairs: the
Yellow River SAR pairs as they are; each optical pair's panchromatic version (band mean) -
the single-band optical rasters the kind rule has to judge; and simulated SAR pairs
(bench/speckle.py, seed 0) laid on the optical pairs, from strong speckle to the weakest
(30 looks, Lee-filtered), where the rule is least sure. The labels only score.

    python -m bench.kind_cost [--data ../shared/data] [--out bench/results]

Writes bench/results/kind_cost.{md,json}; raster/kind_rules.py quotes its figures.
"""
import argparse
import json
import os
import tempfile

import numpy as np
from osgeo import gdal

from bench.speckle import write_speckled_pair
from metric_cd_plugin.core.accuracy.assess import assess_files
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.raster.metadata import stored_threshold

gdal.UseExceptions()
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
METHODS = ("pcakmeans", "cva")
SIM_CASES = [  # (looks, form, scale, corr_px, filtered): strong to weak speckle
    (3, "amplitude", "8bit", 1.0, None), (10, "intensity", "linear", 2.0, None),
    (30, "amplitude", "8bit", 1.0, None), (30, "amplitude", "8bit", 0.0, "lee"), (30, "intensity", "db", 2.0, "box")]


def panchromatic(folder, work, name):
    """-> (t1, t2, labels) of the band mean of an optical pair, as Float32 GeoTIFFs."""
    paths = []
    for tag in ("t1", "t2"):
        src = gdal.Open(os.path.join(folder, f"{tag}.tif"))
        mean = src.ReadAsArray().astype(np.float32)
        mean = mean.mean(axis=0) if mean.ndim == 3 else mean
        dst = os.path.join(work, f"{name}_pan_{tag}.tif")
        out = gdal.GetDriverByName("GTiff").Create(dst, mean.shape[1], mean.shape[0], 1, gdal.GDT_Float32)
        out.SetGeoTransform(src.GetGeoTransform())
        out.SetProjection(src.GetProjection())
        out.GetRasterBand(1).WriteArray(mean)
        out = None
        paths.append(dst)
    return paths[0], paths[1], os.path.join(folder, "labels.tif")


def f1_forced(t1, t2, labels, method, kind, work):
    out = os.path.join(work, f"score_{method}_{kind}.tif")
    for path in (out, out[:-4] + "_mask.tif"):
        if os.path.exists(path):
            os.remove(path)
    write_classical(ClassicalRequest(method, t1, t2, out, data_kind=kind))
    return assess_files(out, labels, stored_threshold(out)).f1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args(argv)
    names = sorted(n for n in os.listdir(args.data) if os.path.isfile(os.path.join(args.data, n, "labels.tif")))
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name in names:
            folder = os.path.join(args.data, name)
            if name.startswith("sar_"):
                cases = [("real SAR", (os.path.join(folder, f) for f in ("t1.tif", "t2.tif", "labels.tif")))]
            else:
                cases = [("optical pan", panchromatic(folder, work, name))]
                for case in SIM_CASES:
                    looks, form, scale, corr, filt = case
                    cases.append((f"sim L{looks} {form} {scale} c{corr:g} {filt or 'raw'}",
                                  write_speckled_pair(folder, work, *case, seed=0, name=f"{name}_sim{len(cases)}")))
            for label, paths in cases:
                t1, t2, labels = list(paths)
                for method in METHODS:
                    f1 = {k: f1_forced(t1, t2, labels, method, k, work) for k in ("optical", "sar")}
                    rows.append({"pair": name, "case": label, "method": method, **f1})
                    print(f"kind cost: {name} {label} {method}: optical {f1['optical']:.3f} sar {f1['sar']:.3f}",
                          flush=True)
    classes = sorted({r["case"] for r in rows})
    lines = ["# What a wrong data kind costs (classical methods forced each way)", "",
             "F1 on labelled pixels, each method's own threshold; `python -m bench.kind_cost`.", "",
             "| case | pairs | method | F1 as optical | F1 as sar | sar - optical | worst pair |",
             "|---|---|---|---|---|---|---|"]
    for c in classes:
        for method in METHODS:
            sel = [r for r in rows if r["case"] == c and r["method"] == method]
            d = [r["sar"] - r["optical"] for r in sel]
            worst = min(sel, key=lambda r: -abs(r["sar"] - r["optical"]))
            lines.append(f"| {c} | {len(sel)} | {method} | {np.mean([r['optical'] for r in sel]):.3f} | "
                         f"{np.mean([r['sar'] for r in sel]):.3f} | {np.mean(d):+.3f} | "
                         f"{worst['pair']} {worst['sar'] - worst['optical']:+.3f} |")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "kind_cost.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(args.out, "kind_cost.json"), "w") as f:
        json.dump(rows, f, indent=1)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
