"""Accuracy and wall time of the classical detectors on the reference pairs.

Usage: python tools/measure_classical.py [DATA_DIR] [--methods cva,pcakmeans,irmad]
DATA_DIR holds one folder per pair with t1.tif, t2.tif and labels.tif (0 = not labelled,
1 = no change, 2 = change); default /work/shared/data. Each method runs at its own
label-free threshold; the time covers reading, normalisation and the method."""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from metric_cd_plugin.core.accuracy.assess import assess  # noqa: E402
from metric_cd_plugin.core.classical.run import METHODS, detect_classical  # noqa: E402
from osgeo import gdal  # noqa: E402

PAIRS = ("landsat_taizhou", "landsat_nanjing", "sztaki_szada1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default="/work/shared/data")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--pairs", default=",".join(PAIRS))
    args = parser.parse_args()
    print(f"{'pair':17s} {'method':10s} {'F1':>6s} {'kappa':>6s} {'AUC':>6s} {'prec':>6s} "
          f"{'recall':>6s} {'bestF1':>6s} {'thr':>7s} {'time s':>7s}")
    for pair in args.pairs.split(","):
        folder = os.path.join(args.data, pair)
        labels = gdal.Open(os.path.join(folder, "labels.tif")).ReadAsArray()
        for method in args.methods.split(","):
            start = time.perf_counter()
            score, thr, _ = detect_classical(method, os.path.join(folder, "t1.tif"),
                                             os.path.join(folder, "t2.tif"))
            elapsed = time.perf_counter() - start
            a = assess(score, labels, threshold=thr)
            print(f"{pair:17s} {method:10s} {a.f1:6.3f} {a.kappa:6.3f} {a.auc:6.3f} "
                  f"{a.precision:6.3f} {a.recall:6.3f} {a.best_f1:6.3f} {thr:7.4f} {elapsed:7.2f}",
                  flush=True)


if __name__ == "__main__":
    main()
