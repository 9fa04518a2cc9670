"""`make bench`, second part: metriccd's threshold (a new mask from an existing change
probability, no new fit) on 1, 10 and 100 megapixel probabilities, to show it reads and
writes by windows in flat memory. The probability is a real one (the fast preset on the
bundled Landsat sample, random D-FE weights) mirrored to each size with its run metadata;
each threshold run is its own CLI process (wall time and peak RSS its own).

    python -m bench.threshold_bench [--scales 1,10,100] [--out bench/results] [--work DIR] [--probability P]
"""
import argparse
import json
import os
import platform
import tempfile

import numpy as np
from osgeo import gdal

from bench.run_bench import ROOT, run_cli

gdal.UseExceptions()
SAMPLE = os.path.join(ROOT, "resources", "sample_data", "landsat_taizhou")
SMALL_CACHE_MB = 64


def sample_probability(work):
    path = os.path.join(work, "sample_prob.tif")
    if not os.path.exists(path):
        run_cli(["detect", f"{SAMPLE}/t1.tif", f"{SAMPLE}/t2.tif", "-o", path, "--weights", "random", "--seed", "0"])
    return path


def mirrored_probability(source, work, megapixels):
    """source mirrored in both axes up to a square of `megapixels`, written by windows, as
    the engine writes it (tiled, DEFLATE, nodata -1, the run's metadata)."""
    side = int(round((megapixels * 1e6) ** 0.5))
    dst = os.path.join(work, f"prob_{megapixels:g}mp.tif")
    if os.path.exists(dst):
        return dst, side
    src = gdal.Open(source)
    data = src.GetRasterBand(1).ReadAsArray()
    tile = np.concatenate([data, data[:, ::-1]], axis=1)
    tile = np.concatenate([tile, tile[::-1]], axis=0)
    out = gdal.GetDriverByName("GTiff").Create(dst, side, side, 1, gdal.GDT_Float32,
                                               ["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3", "BIGTIFF=IF_SAFER"])
    out.SetGeoTransform(src.GetGeoTransform())
    out.SetProjection(src.GetProjection())
    band = out.GetRasterBand(1)
    band.SetNoDataValue(-1.0)
    step = 1024
    for y in range(0, side, step):
        rows = np.arange(y, min(y + step, side)) % tile.shape[0]
        for x in range(0, side, step):
            cols = np.arange(x, min(x + step, side)) % tile.shape[1]
            band.WriteArray(tile[rows][:, cols], x, y)
    out.SetMetadata(src.GetMetadata("METRIC_CD"), "METRIC_CD")
    out = None
    return dst, side


def bench(scales, work, source=None):
    prob = source or sample_probability(work)
    rows = []
    for mp in scales:
        path, side = mirrored_probability(prob, work, mp)
        # the largest size once more with a smaller GDAL block cache: what is left is the cache
        runs = [("auto", None), ("0.3", None)] + ([("0.3", SMALL_CACHE_MB)] if mp == max(scales) else [])
        for threshold, cache in runs:
            mask = os.path.join(work, f"mask_{mp:g}mp_{threshold}.tif")
            cpu = []
            env = dict(os.environ)
            if cache:
                os.environ["GDAL_CACHEMAX"] = str(cache)
            try:
                seconds, rss = run_cli(["threshold", path, "--threshold", threshold, "-o", mask], cpu)
            finally:
                os.environ.clear()
                os.environ.update(env)
            rows.append({"megapixels": side * side / 1e6, "threshold": threshold, "seconds": round(seconds, 1),
                         "cpu_seconds": round(cpu[0], 1), "rss_mib": round(rss), "gdal_cache_mb": cache or 256})
            os.unlink(mask)
            print(json.dumps(rows[-1]), flush=True)
    return rows


def write_results(rows, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "threshold_scaling.json"), "w", encoding="utf-8") as f:
        json.dump({"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
                   "rows": rows}, f, indent=1)
    lines = ["# Threshold after the run: scaling", "",
             "`python -m metric_cd_plugin threshold PROB.tif --threshold auto|0.3 -o MASK.tif` on the fast "
             "preset's probability of the bundled Landsat sample mirrored to each size (one CLI process per "
             "run; wall time, CPU time and peak RSS of that process). The probability is read and the mask "
             "written by strips, each block dropped once done; what grows up to a limit is GDAL's block cache "
             "while the mask's statistics and overviews are computed (256 MB in the CLI; the last row with "
             f"{SMALL_CACHE_MB} MB). 'auto' takes the threshold recorded in the file: one pass, as for a value.", "",
             "| megapixels | threshold | GDAL cache MB | wall s | CPU s | peak RSS MiB |", "|---|---|---|---|---|---|"]
    lines += [f"| {r['megapixels']:g} | {r['threshold']} | {r['gdal_cache_mb']} | {r['seconds']} | {r['cpu_seconds']} "
              f"| {r['rss_mib']} |" for r in rows]
    with open(os.path.join(out, "threshold_scaling.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1,10,100", help="megapixels, e.g. 1,10,100 (fractions allowed)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--work", help="folder for the rasters (default: a temporary one, removed afterwards)")
    ap.add_argument("--probability", help="probability to mirror (default: a fast run on the bundled sample)")
    args = ap.parse_args(argv)
    scales = [float(s) for s in args.scales.split(",") if s]
    if args.work:
        os.makedirs(args.work, exist_ok=True)
        write_results(bench(scales, args.work, args.probability), args.out)
    else:
        with tempfile.TemporaryDirectory(dir=ROOT) as work:
            write_results(bench(scales, work, args.probability), args.out)


if __name__ == "__main__":
    main()
