"""Large rasters are processed window by window: an 8000 x 8000 pair runs the deep method,
a 3500 x 3500 pair the classical ones, with a memory peak far below what loading the pair
whole would take; block-aligned tiles."""
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal

from metric_cd_plugin.core.raster.pair import RasterPair
from synthetic import GT, utm_wkt, write_raster

from conftest import REPO as ROOT  # noqa: E402
PIECE = 1000  # side of the real GeoTIFF the large VRT repeats

RUN = """
import sys
from metric_cd_plugin.core.deep.request import DetectionRequest
from metric_cd_plugin.core.deep.run import detect_change
tiny = {"blocks": 0, "channels": 2, "patch": 32, "batch": 2, "pool_pixels": 4096, "iterations": 2,
        "tile": 1024, "fe_levels": 1}
t1, t2, out = sys.argv[1:4]
detect_change(DetectionRequest(t1, t2, out, overrides=tiny, device="cpu", weights="random"))
"""
# The child prints its own peak (VmHWM, kB): the ru_maxrss that wait4 gives for a child
# also counts the parent's peak (Linux carries it across fork and exec), here pytest's.
OWN_PEAK = "\nprint(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
# every classical method in one process (the peak is the largest of the three), masks
# included; IR-MAD's iterations on 2^18 sampled pixels instead of 2^20 to save 10 s
RUN_CLASSICAL = """
import sys
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
t1, t2, out = sys.argv[1:4]
for method in ("cva", "pcakmeans", "irmad"):
    write_classical(ClassicalRequest(method, t1, t2, out, out.replace(".tif", "_mask.tif"), fit_area=2 ** 18))
"""


def write_piece(path, data):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), PIECE, PIECE, 3, gdal.GDT_Byte,
                                              ["TILED=YES", "COMPRESS=DEFLATE"])
    ds.WriteRaster(0, 0, PIECE, PIECE, data.tobytes())
    ds = None
    return str(path)


def write_mosaic(path, piece, side):
    """A side x side VRT tiling the piece over T1's grid: a large raster made in no time
    and read through GDAL like any other (the piece's blocks are decoded on each read)."""
    sources = {b: [] for b in (1, 2, 3)}
    for y in range(0, side, PIECE):
        for x in range(0, side, PIECE):
            w, h = min(PIECE, side - x), min(PIECE, side - y)
            for b in sources:
                sources[b].append(
                    f'<SimpleSource><SourceFilename relativeToVRT="0">{piece}</SourceFilename>'
                    f'<SourceBand>{b}</SourceBand><SrcRect xOff="0" yOff="0" xSize="{w}" ySize="{h}"/>'
                    f'<DstRect xOff="{x}" yOff="{y}" xSize="{w}" ySize="{h}"/></SimpleSource>')
    bands = "".join(f'<VRTRasterBand dataType="Byte" band="{b}">{"".join(s)}</VRTRasterBand>'
                    for b, s in sources.items())
    with open(path, "w") as f:
        f.write(f'<VRTDataset rasterXSize="{side}" rasterYSize="{side}"><SRS>{utm_wkt()}</SRS>'
                f'<GeoTransform>{", ".join(map(str, GT))}</GeoTransform>{bands}</VRTDataset>')
    return str(path)


def peak_rss_mib(folder, side, script=RUN, cache_mib=256):
    """Peak resident memory (MiB) of `script` on a side x side pair, in a fresh process."""
    rng = np.random.default_rng(0)
    base = np.kron(rng.uniform(40, 200, (3, PIECE // 10, PIECE // 10)), np.ones((10, 10)))
    t1 = np.clip(base + rng.normal(0, 4, base.shape), 0, 255).astype(np.uint8)
    t2 = np.clip(0.8 * base + 20 + rng.normal(0, 4, base.shape), 0, 255)
    t2[:, 300:500, 300:500] = 230
    folder.mkdir()
    p1 = write_mosaic(folder / "t1.vrt", write_piece(folder / "piece1.tif", t1), side)
    p2 = write_mosaic(folder / "t2.vrt", write_piece(folder / "piece2.tif", t2.astype(np.uint8)), side)
    out = str(folder / "change.tif")
    # GDAL's block cache defaults to 5 % of the machine's RAM; fixing it makes the peak
    # the same on any machine (the cache is bounded either way)
    env = dict(os.environ, OMP_NUM_THREADS="1", GDAL_CACHEMAX=str(cache_mib))
    r = subprocess.run([sys.executable, "-c", script + OWN_PEAK, p1, p2, out], cwd=ROOT, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    ds = gdal.Open(out)
    assert (ds.RasterXSize, ds.RasterYSize) == (side, side)
    return int(r.stdout.split()[-1]) / 1024.0  # kB


def test_8000_pixel_pair_runs_in_bounded_memory(tmp_path):
    # the same run on a one-tile raster measures what does not depend on the raster size:
    # Python, torch, GDAL, the networks and one 1024-pixel tile's arrays (~570 MiB here)
    baseline = peak_rss_mib(tmp_path / "small", PIECE)
    large = peak_rss_mib(tmp_path / "large", 8000)
    print(f"peak RSS: {baseline:.0f} MiB on 1000 x 1000, {large:.0f} MiB on 8000 x 8000")
    # Holding the 8000 x 8000 pair whole would add at least its two float32 copies,
    # 8000 * 8000 * 3 bands * 4 bytes * 2 dates = 1465 MiB. Window-by-window, what grows
    # with the raster is GDAL's block cache (fixed at 256 MiB above; the output's dirty
    # blocks) and allocator slack: measured +340 MiB. 700 MiB leaves margin both ways.
    assert large - baseline < 700


def test_tiles_follow_the_source_blocks(tmp_path):
    img = np.zeros((1, 1200, 1100), np.uint8)
    tiled = str(tmp_path / "tiled.tif")
    gdal.Translate(tiled, write_raster(tmp_path / "strips.tif", img), creationOptions=["TILED=YES"])
    tiled2 = gdal.Translate(str(tmp_path / "tiled2.tif"), tiled).GetDescription()  # one file for both is refused
    pair = RasterPair(tiled, tiled2)  # 256 x 256 blocks
    assert [pair.block_aligned(t) for t in (48, 256, 500, 1024)] == [48, 256, 512, 1024]
    strips2 = gdal.Translate(str(tmp_path / "strips2.tif"), str(tmp_path / "strips.tif")).GetDescription()
    strips = RasterPair(str(tmp_path / "strips.tif"), strips2)
    assert strips.block_aligned(500) == 500  # strips: every window decodes whole rows anyway
    off_grid = RasterPair(tiled, tiled2, extent=(GT[0] + 30 * 10, GT[3] - 30 * 600, GT[0] + 30 * 600, GT[3]))
    assert off_grid.block_aligned(500) == 500  # reads start 10 px into a block: no alignment


def test_classical_methods_run_on_a_large_pair_in_bounded_memory(tmp_path):
    baseline = peak_rss_mib(tmp_path / "small", PIECE, RUN_CLASSICAL, cache_mib=64)
    large = peak_rss_mib(tmp_path / "large", 3500, RUN_CLASSICAL, cache_mib=64)
    print(f"classical peak RSS: {baseline:.0f} MiB on 1000 x 1000, {large:.0f} MiB on 3500 x 3500")
    # Holding the 3500 x 3500 pair whole, as the classical methods did before windows, takes
    # at least its raw and normalised float32 copies, 3500 * 3500 * 3 bands * 4 bytes * 4 =
    # 561 MiB (measured: 2.1 GiB with one window as large as the raster). By windows, what
    # grows with the raster is bounded: GDAL's block cache (64 MiB here), the sample of
    # values for the threshold (at most 4 M); the fit is on 2^18 pixels for both sizes.
    # Measured 185 and 271 MiB (+86); 200 MiB leaves margin both ways.
    assert large - baseline < 200
