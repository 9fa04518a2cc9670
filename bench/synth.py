"""Bench inputs: centred crops of a pair, and larger pairs made by mirroring a real one,
written window by window so that making a 100 MP pair needs little memory."""
import json
import math
import os

import numpy as np
from osgeo import gdal


def best_crop(labels, side):
    """(x0, y0) of the side x side window, on a grid of side/4, holding the most labelled
    pixels of the rarer class (reference values 1 = no change, 2 = change), nearest the
    centre on ties. Evaluation only: the centred Nanjing crop held 11 change pixels, too
    few for F1 or AUC to mean anything. The methods never see the labels."""
    ref = gdal.Open(labels).ReadAsArray()
    h, w = ref.shape
    step = max(side // 4, 1)
    best = None
    for y0 in range(0, h - side + 1, step):
        for x0 in range(0, w - side + 1, step):
            win = ref[y0:y0 + side, x0:x0 + side]
            rarer = min(int((win == 1).sum()), int((win == 2).sum()))
            off_centre = abs(x0 + side / 2 - w / 2) + abs(y0 + side / 2 - h / 2)
            key = (-rarer, off_centre)
            if best is None or key < best[0]:
                best = (key, x0, y0)
    return best[1], best[2]


def crop_pair(t1, t2, labels, side, work, name):
    ds = gdal.Open(t1)
    if labels is not None:
        x0, y0 = best_crop(labels, side)
    else:
        x0, y0 = (ds.RasterXSize - side) // 2, (ds.RasterYSize - side) // 2
    win = [x0, y0, side, side]
    out = []
    for src, tag in ((t1, "t1"), (t2, "t2"), (labels, "labels")):
        if src is None:
            out.append(None)
            continue
        dst = os.path.join(work, f"{name}_crop_{tag}.tif")
        gdal.Translate(dst, src, srcWin=win)
        gdal.Open(dst, gdal.GA_Update).SetMetadataItem("BENCH_CROP", json.dumps(win))
        out.append(dst)
    return out


def mirrored_pair(folder, work, megapixels):
    side = int(math.sqrt(megapixels * 1e6))
    paths = []
    for tag in ("t1", "t2"):
        dst = os.path.join(work, f"mirror_{megapixels}mp_{tag}.tif")
        paths.append(dst)
        if os.path.exists(dst):
            continue
        src = gdal.Open(os.path.join(folder, f"{tag}.tif"))
        data = src.ReadAsArray()
        if data.ndim == 2:
            data = data[None]
        sh, sw = data.shape[1:]
        # mirror in both axes so the texture is continuous across copies
        tile = np.concatenate([data, data[:, :, ::-1]], axis=2)
        tile = np.concatenate([tile, tile[:, ::-1, :]], axis=1)
        out = gdal.GetDriverByName("GTiff").Create(dst, side, side, data.shape[0], gdal.GDT_Byte,
                                                   ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"])
        gt = list(src.GetGeoTransform())
        out.SetGeoTransform(gt)
        out.SetProjection(src.GetProjection())
        step = 1024
        for y in range(0, side, step):
            h = min(step, side - y)
            rows = np.arange(y, y + h) % (2 * sh)
            for x in range(0, side, step):
                w = min(step, side - x)
                cols = np.arange(x, x + w) % (2 * sw)
                block = tile[:, rows][:, :, cols]
                for b in range(data.shape[0]):
                    out.GetRasterBand(b + 1).WriteArray(block[b], x, y)
        out = None
    return paths
