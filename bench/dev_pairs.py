"""Dev pairs derived from the shared labelled pairs (issue 25), labels kept: simulated SAR
(bench/speckle.py, the data-kind helper's simulator), true-colour Landsat at 30 m (the
RGB 10-30 m class the shared pairs lack), crops with little and with much change (the
over- and under-flagging of unseen scenes), re-scaled, re-quantised and band-reordered
copies (a decision should not move with them), real SAR filtered or resampled as products are,
and single optical bands (the two sides of the data kind's "unsure"). Crops are placed with the labels: that
chooses what to evaluate on, the methods never see them.

Each pair is a folder bench/work/devpairs/<name> with t1.tif, t2.tif, labels.tif and, where
the run must be told, kind.txt (the data kind to force: the simulated SAR is SAR whatever
the automatic decision of today says; the data-kind helper makes `auto` recognise it)."""
import os
import shutil

import numpy as np
from osgeo import gdal

from bench import speckle

DEV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "devpairs")

PROCESSING = ("lee5", "box3", "up2")  # as SAR products are delivered: filtered, or resampled to a finer grid
SAR_CASES = {  # name -> (shared pair, looks, form, scale, corr_px, filter)
    "sim_sar_taizhou_L3_amp_8bit_c1": ("landsat_taizhou", 3, "amplitude", "8bit", 1.0, None),
    "sim_sar_szada3_L1_int_db_c0.7": ("sztaki_szada_train3", 1, "intensity", "db", 0.7, None),
    "sim_sar_szada1_L4_amp_8bit_c1_lee": ("sztaki_szada1", 4, "amplitude", "8bit", 1.0, "lee"),
    "sim_sar_nanjing_L10_amp_lin_c2": ("landsat_nanjing", 10, "amplitude", "linear", 2.0, None),
    # three that `auto` takes for optical (bench/results/kind_decisions.md: "unsure" or "no speckle"), so that
    # kind_cost_deep.py says what those misses cost the deep method
    "sim_sar_taizhou_L3_amp_lin_c1_lee": ("landsat_taizhou", 3, "amplitude", "linear", 1.0, "lee"),
    "sim_sar_taizhou_L10_int_lin_c1_box": ("landsat_taizhou", 10, "intensity", "linear", 1.0, "box"),
    "sim_sar_szada6_L30_int_lin_c2": ("sztaki_szada_train6", 30, "intensity", "linear", 2.0, None),
}
SZADA = ("sztaki_szada1", "sztaki_szada_train1", "sztaki_szada_train2", "sztaki_szada_train3", "sztaki_szada_train4",
         "sztaki_szada_train5", "sztaki_szada_train6")
CROPS = {  # name -> (shared pair, side, "little" or "much" change, bands or None)
    "crop_szada_train3_much": ("sztaki_szada_train3", 256, "much", None),
    "crop_szada_train1_much": ("sztaki_szada_train1", 256, "much", None),
    "crop_szada_train2_little": ("sztaki_szada_train2", 512, "little", None),
    # the least change there is (none where a window has none): a mask rule must not split noise in two
    "crop_szada_train2_none": ("sztaki_szada_train2", 256, "none", None),
    "crop_szada_train5_none": ("sztaki_szada_train5", 256, "none", None),
    "rgb30_nanjing": ("landsat_nanjing", None, None, [3, 2, 1]),
    "rgb30_taizhou": ("landsat_taizhou", None, None, [3, 2, 1]),
    "rgb30_nanjing_little": ("landsat_nanjing", 320, "little", [3, 2, 1]),
}
COPIES = {  # name -> (shared pair, transform)
    "copy_taizhou_uint16_x40": ("landsat_taizhou", "rescale"),
    "copy_szada1_bgr": ("sztaki_szada1", "reorder"),
    "copy_szada1_4bit": ("sztaki_szada1", "quantise"),
    "copy_yellowriver_a_uint16_x40": ("sar_yellowriver_a", "rescale"),
    # single-band optical (the bands' mean, 8 bit): what `auto` mostly calls "unsure", like speckle too faint
    # to tell; kind_cost_deep.py says what either choice costs there
    "pan_nanjing": ("landsat_nanjing", "panchromatic"),
    "pan_taizhou": ("landsat_taizhou", "panchromatic"),
    "pan_szada1": ("sztaki_szada1", "panchromatic"),
    "pan_szada_train3": ("sztaki_szada_train3", "panchromatic"),
    # real SAR after the processing products carry (a 5 x 5 Lee filter, a 3 x 3 box filter, a bilinear resampling
    # to half the pixel size), 8 bit: what `auto` mostly calls "unsure" (issue 25: unseen older-sensor SAR
    # was taken for optical); and single optical bands, the other side of "unsure"
    **{f"proc_{n.replace('sar_', '')}_{t}": (n, t)
       for n in ("sar_yellowriver_a", "sar_yellowriver_b", "sar_yellowriver_c", "sar_yellowriver_d")
       for t in PROCESSING},
    "band4_nanjing": ("landsat_nanjing", "band4"),
    "band5_taizhou": ("landsat_taizhou", "band5"),
    "band2_szada1": ("sztaki_szada1", "band2"),
    "band1_szada_train3": ("sztaki_szada_train3", "band1"),
    # aerial photographs at 6 m (4 x 4 means, georeferenced): another site and sensor where the pixels are
    # coarse (the Sentinel-2-like class the shared pairs lack beside Landsat); labels by majority
    **{f"coarse6m_{n.replace('sztaki_', '')}": (n, "coarse") for n in SZADA},
    # and at 3 m (2 x 2 means), under the 5 m bound of deep/coarse.py: is the bound where it should be?
    **{f"coarse3m_{n.replace('sztaki_', '')}": (n, "coarse2") for n in SZADA},
}
LEE_NOISE_CV = 0.52  # the Lee filter's noise level: one-look amplitude (bench/speckle.py)
COARSE = 4           # pixels averaged on each side ("coarse"; "coarse2": 2): 1.5 m -> 6 m
COARSE_EPSG = 32634  # UTM 34N (Hungary): a CRS, so that the pixel size is known


def _write(path, arr, like, window=None):
    arr = np.atleast_3d(arr.transpose(1, 2, 0) if arr.ndim == 3 else arr).transpose(2, 0, 1)
    gtype = {np.uint8: gdal.GDT_Byte, np.uint16: gdal.GDT_UInt16}.get(arr.dtype.type, gdal.GDT_Float32)
    ds = gdal.GetDriverByName("GTiff").Create(path, arr.shape[2], arr.shape[1], arr.shape[0], gtype)
    gt = list(like.GetGeoTransform())
    if window is not None:
        gt[0] += window[0] * gt[1]
        gt[3] += window[1] * gt[5]
    ds.SetGeoTransform(gt)
    ds.SetProjection(like.GetProjection())
    for i, band in enumerate(arr):
        ds.GetRasterBand(i + 1).WriteArray(band)
    ds = None


def extreme_window(labels, side, which):
    """(x0, y0) of the side x side window (grid of side/4) at least half labelled whose
    change fraction is the largest ("much"), the smallest above 0.5 % ("little") or the
    smallest ("none")."""
    h, w = labels.shape
    best = None
    for y0 in range(0, h - side + 1, max(side // 4, 1)):
        for x0 in range(0, w - side + 1, max(side // 4, 1)):
            win = labels[y0:y0 + side, x0:x0 + side]
            n = int(((win == 1) | (win == 2)).sum())
            if n < side * side / 2 and n < 2000:
                continue
            frac = (win == 2).sum() / max(n, 1)
            if which == "little" and frac < 0.005:
                continue
            key = -frac if which == "much" else frac  # "none": the smallest, zero included
            if best is None or key < best[0]:
                best = (key, x0, y0)
    return best[1], best[2]


def _derive(name, src, make):
    dst = os.path.join(DEV, name)
    if os.path.isfile(os.path.join(dst, "labels.tif")):
        return dst
    os.makedirs(dst, exist_ok=True)
    make(src, dst)
    return dst


def _crop_maker(side, which, bands):
    def make(src, dst):
        lab_ds = gdal.Open(os.path.join(src, "labels.tif"))
        labels = lab_ds.ReadAsArray()
        win = (0, 0, labels.shape[1], labels.shape[0]) if side is None else (*extreme_window(labels, side, which),
                                                                             side, side)
        sl = (slice(win[1], win[1] + win[3]), slice(win[0], win[0] + win[2]))
        for tag in ("t1", "t2"):
            ds = gdal.Open(os.path.join(src, f"{tag}.tif"))
            arr = np.stack([ds.GetRasterBand(b).ReadAsArray() for b in (bands or range(1, ds.RasterCount + 1))])
            _write(os.path.join(dst, f"{tag}.tif"), arr[(slice(None), *sl)], ds, win)
        _write(os.path.join(dst, "labels.tif"), labels[sl], lab_ds, win)
    return make


def _coarse(src, dst, factor=COARSE):
    """factor x factor means of both dates, in metres; labels: change where most labelled pixels changed."""
    from osgeo import osr
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(COARSE_EPSG)
    for tag in ("t1", "t2", "labels"):
        a = gdal.Open(os.path.join(src, f"{tag}.tif")).ReadAsArray()
        a = a if a.ndim == 3 else a[None]
        b, h, w = a.shape[0], a.shape[1] // factor, a.shape[2] // factor
        blocks = a[:, :h * factor, :w * factor].reshape(b, h, factor, w, factor)
        if tag == "labels":
            changed, labelled = (blocks == 2).sum((2, 4)), ((blocks == 1) | (blocks == 2)).sum((2, 4))
            out = np.where(labelled == 0, 0, np.where(2 * changed >= labelled, 2, 1)).astype(np.uint8)
        else:
            out = np.round(blocks.astype(np.float32).mean((2, 4))).astype(np.uint8)
        ds = gdal.GetDriverByName("GTiff").Create(os.path.join(dst, f"{tag}.tif"), w, h, b, gdal.GDT_Byte)
        ds.SetGeoTransform([500000.0, 1.5 * factor, 0.0, 5270000.0, 0.0, -1.5 * factor])
        ds.SetProjection(srs.ExportToWkt())
        for i, band in enumerate(out):
            ds.GetRasterBand(i + 1).WriteArray(band)
        ds = None


def processed(a, transform):
    """A real SAR amplitude image (2-D) as a product line would deliver it, rounded to 8 bits:
    "lee5" a 5 x 5 Lee filter (one noise level for every image: one-look amplitude's, the
    strongest smoothing), "box3" a 3 x 3 mean, "up2" a bilinear resampling to half the pixel size."""
    from bench.kind_bench import finer
    a = np.asarray(a, np.float64)
    out = {"lee5": lambda: speckle.lee_filter(a, LEE_NOISE_CV), "box3": lambda: speckle.box_mean(a, 3),
           "up2": lambda: finer(a, "bilinear")}[transform]()
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def _processed(src, dst, transform):
    """processed() of both dates; the labels follow the grid."""
    for tag in ("t1", "t2", "labels"):
        ds = gdal.Open(os.path.join(src, f"{tag}.tif"))
        a = ds.ReadAsArray()
        if tag != "labels":
            a = processed(a, transform)
        elif transform == "up2":
            a = np.repeat(np.repeat(a, 2, 0), 2, 1)
        _write(os.path.join(dst, f"{tag}.tif"), a.astype(np.uint8), ds)


def _copy_maker(transform):
    if transform.startswith("coarse"):
        return lambda src, dst: _coarse(src, dst, 2 if transform == "coarse2" else COARSE)
    if transform in PROCESSING:
        return lambda src, dst: _processed(src, dst, transform)

    def make(src, dst):
        for tag in ("t1", "t2"):
            ds = gdal.Open(os.path.join(src, f"{tag}.tif"))
            arr = ds.ReadAsArray()
            arr = arr if arr.ndim == 3 else arr[None]
            if transform == "rescale":
                arr = (arr.astype(np.uint16) * 40 + 1000).astype(np.uint16)
            elif transform == "reorder":
                arr = arr[::-1]
            elif transform == "panchromatic":
                arr = np.round(arr.astype(np.float32).mean(0))[None].astype(np.uint8)
            elif transform.startswith("band"):  # written without its band name: the pixels decide
                arr = arr[int(transform[4:]) - 1][None]
            else:
                arr = (arr // 16 * 16 + 8).astype(np.uint8)
            _write(os.path.join(dst, f"{tag}.tif"), arr, ds)
        shutil.copyfile(os.path.join(src, "labels.tif"), os.path.join(dst, "labels.tif"))
    return make


def truly_sar(name):
    """Whether a dev pair holds SAR, whatever `auto` decides for it (the per-class reports)."""
    return name in SAR_CASES or name.startswith("proc_") or COPIES.get(name, ("",))[0].startswith("sar_")


def dev_pairs(shared):
    """Make (once) every dev pair whose shared pair is there -> name -> (folder, forced data kind
    or "auto")."""
    out = {}
    for name, (src, looks, form, scale, corr, filt) in SAR_CASES.items():
        if src not in shared:
            continue
        if not os.path.isfile(os.path.join(DEV, name, "labels.tif")):
            speckle.write_speckled_pair(shared[src], DEV, looks, form, scale, corr, filt, seed=0, name=name)
        out[name] = (os.path.join(DEV, name), "sar")
    for name, (src, side, which, bands) in CROPS.items():
        if src in shared:
            out[name] = (_derive(name, shared[src], _crop_maker(side, which, bands)), "auto")
    for name, (src, transform) in COPIES.items():
        if src in shared:
            out[name] = (_derive(name, shared[src], _copy_maker(transform)), "auto")
    return out
