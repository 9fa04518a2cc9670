"""The sampling design reads the mask in strips: a 10,000 x 10,000 mask (a VRT repeating a real
1000 x 1000 GeoTIFF) is sampled with a ring stratum in a memory peak close to a one-piece mask's,
far below what holding it whole takes, and the points match the allocation."""
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal

from conftest import REPO as ROOT  # noqa: E402
from tests.cli.test_large_raster import OWN_PEAK, PIECE
from synthetic import GT, utm_wkt

SAMPLE = """
import sys
from metric_cd_plugin.core.accuracy import sampling
mask = sys.argv[1]
grid = sampling.count_strata(mask, ring=2)
alloc = sampling.allocate(grid.counts, 300, "proportional", 50)
points = sampling.select_points(mask, alloc, 0, ring=2, grid=grid)
print(grid.counts["change"], grid.counts["possible"], grid.counts["stable"])
print(*[sum(p.stratum == h for p in points) == alloc[h] for h in alloc])
"""


def mask_mosaic(folder, side):
    piece = np.zeros((PIECE, PIECE), np.uint8)
    piece[300:400, 300:500] = 1
    piece[900:, 900:] = 255
    path = str(folder / "piece.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, PIECE, PIECE, 1, gdal.GDT_Byte, ["TILED=YES", "COMPRESS=DEFLATE"])
    ds.GetRasterBand(1).SetNoDataValue(255)
    ds.GetRasterBand(1).WriteArray(piece)
    ds = None
    sources = "".join(
        f'<SimpleSource><SourceFilename relativeToVRT="0">{path}</SourceFilename><SourceBand>1</SourceBand>'
        f'<SrcRect xOff="0" yOff="0" xSize="{PIECE}" ySize="{PIECE}"/>'
        f'<DstRect xOff="{x}" yOff="{y}" xSize="{PIECE}" ySize="{PIECE}"/></SimpleSource>'
        for y in range(0, side, PIECE) for x in range(0, side, PIECE))
    vrt = str(folder / f"mask_{side}.vrt")
    with open(vrt, "w") as f:
        f.write(f'<VRTDataset rasterXSize="{side}" rasterYSize="{side}"><SRS>{utm_wkt()}</SRS>'
                f'<GeoTransform>{", ".join(map(str, GT))}</GeoTransform><VRTRasterBand dataType="Byte" band="1">'
                f'<NoDataValue>255</NoDataValue>{sources}</VRTRasterBand></VRTDataset>')
    return vrt


def run(mask):
    env = dict(os.environ, GDAL_CACHEMAX="64")
    r = subprocess.run([sys.executable, "-c", SAMPLE + OWN_PEAK, mask], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    counts, matched, peak = r.stdout.splitlines()
    return [int(c) for c in counts.split()], matched.split(), int(peak) / 1024.0


def test_a_100_megapixel_mask_is_sampled_in_strips(tmp_path):
    small = run(mask_mosaic(tmp_path, PIECE))
    counts, matched, peak = run(mask_mosaic(tmp_path, 10 * PIECE))
    ring = 104 * 204 - 100 * 200
    assert counts == [100 * 20000, 100 * ring, 100 * (PIECE ** 2 - 100 ** 2 - 20000 - ring)]
    assert matched == ["True", "True", "True"]
    print(f"peak RSS: {small[2]:.0f} MiB on 1 MP, {peak:.0f} MiB on 100 MP")
    # Held whole, the 100 MP mask would take 95 MiB as bytes, as much again for the strata codes
    # and 760 MiB for the stable stratum's pixel indices; strip by strip (4 MP) it is about 50 MiB
    # over the 1 MP run's peak. 200 MiB leaves margin both ways.
    assert peak - small[2] < 200
