"""Quicklook PNG of a run: T1, T2 (natural colour when the bands allow) and the change
probability. Usage: python tools/quicklook.py T1 T2 PROBABILITY OUT.png"""
import sys

import numpy as np
from osgeo import gdal


def colour(path):
    ds = gdal.Open(path)
    bands = [3, 2, 1] if ds.RasterCount >= 6 else [1, 2, 3] if ds.RasterCount >= 3 else [1, 1, 1]
    arr = np.stack([ds.GetRasterBand(b).ReadAsArray().astype(np.float32) for b in bands], -1)
    lo, hi = np.percentile(arr, [2, 98], axis=(0, 1))  # per band: natural-looking colour
    return np.clip((arr - lo) / np.maximum(hi - lo, 1e-6), 0, 1)


def main(t1, t2, prob, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    p = gdal.Open(prob).ReadAsArray()
    fig, axes = plt.subplots(1, 3, figsize=(10.5, 3.8))
    axes[0].imshow(colour(t1))
    axes[1].imshow(colour(t2))
    im = axes[2].imshow(np.ma.masked_less(p, 0), cmap="magma", vmin=0, vmax=1)
    fig.colorbar(im, ax=axes[2], fraction=0.046, label="change probability")
    for ax, title in zip(axes, ["T1", "T2", "Metric-CD change probability"]):
        ax.set_title(title)
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(out, dpi=90)


if __name__ == "__main__":
    main(*sys.argv[1:5])
