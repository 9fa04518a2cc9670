"""The failure matrix's inputs (tests/failure_cases.py lists the cases): each function makes
one bad input in a fresh folder, inputs in <case>/in and outputs in <case>/out unless the
case is about the output path."""
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
from osgeo import gdal

from synthetic import GT, write_raster

SIZE = 16           # pixels a side: a real fit, in seconds
DISK_LIMIT = 1024   # bytes a file may grow to in the "disk full" case (RLIMIT_FSIZE)


@dataclass
class Inputs:
    t1: str
    t2: str
    output: str
    mask: str
    cli: List[str] = field(default_factory=list)        # extra command-line arguments
    params: Dict[str, object] = field(default_factory=dict)  # extra Processing parameters
    file_size_limit: Optional[int] = None               # RLIMIT_FSIZE while running


def _pair_arrays(size=SIZE, bands=3, seed=0):
    """T1 and T2 float32 (bands, size, size): T2 radiometrically shifted, a square changed."""
    rng = np.random.default_rng(seed)
    t1 = np.kron(rng.uniform(40, 120, (bands, size // 8, size // 8)), np.ones((8, 8)))
    t1 = t1 + rng.normal(0, 4, t1.shape)
    t2 = 0.8 * t1 + 20 + rng.normal(0, 3, t1.shape)
    t2[:, 4:10, 4:10] = 210.0
    return t1.astype(np.float32), t2.astype(np.float32)


def _io(folder: Path, t1, t2, **kw) -> Inputs:
    out = folder / "out"
    out.mkdir(exist_ok=True)
    return Inputs(str(t1), str(t2), str(out / "change.tif"), str(out / "mask.tif"), **kw)


def _arrays_case(transform):
    """A case whose two rasters are transform(t1, t2) -> (array1, array2, write kwargs)."""
    def make(folder: Path) -> Inputs:
        a1, a2, kw1, kw2 = transform(*_pair_arrays())
        return _io(folder, write_raster(folder / "in" / "t1.tif", a1, **kw1),
                   write_raster(folder / "in" / "t2.tif", a2, **kw2))
    return make


def good_pair(folder: Path) -> Inputs:
    return _arrays_case(lambda a1, a2: (a1, a2, {}, {}))(folder)


def _with_t1(replace_t1):
    """good_pair, then T1 replaced by replace_t1(path) (a missing, damaged or foreign file)."""
    def make(folder: Path) -> Inputs:
        pair = good_pair(folder)
        pair.t1 = str(replace_t1(Path(pair.t1)))
        return pair
    return make


def _missing(path: Path) -> Path:
    path.unlink()
    return path.with_name("t1_missing.tif")


def _truncated(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # the header survives, the pixels do not
    return path


def _garbage(path: Path) -> Path:
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 4000, dtype=np.uint8).tobytes())
    return path


def _text(path: Path) -> Path:
    path.unlink()
    notes = path.with_name("notes.txt")
    notes.write_text("field notes, not a raster\n", encoding="utf-8")
    return notes


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _vector(path: Path) -> Path:
    path.unlink()
    geojson = path.with_name("points.geojson")
    geojson.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
                       '"geometry": {"type": "Point", "coordinates": [500100, 3499900]}}]}', encoding="utf-8")
    gpkg = path.with_name("points.gpkg")
    gdal.VectorTranslate(str(gpkg), str(geojson))
    geojson.unlink()
    return gpkg


def _one_pixel(a1, a2):
    return a1[:, :1, :1], a2[:, :1, :1], {}, {}


def _smaller_than_tiles(a1, a2):  # the fast preset fits 64 px patches and predicts 512 px tiles
    return a1[:, :12, :10], a2[:, :12, :10], {}, {}


def _single_band(a1, a2):
    return a1[:1], a2[:1], {}, {}


def _band_mismatch(a1, a2):
    return a1, a2[:2], {}, {}


def _uint16_extremes(a1, a2):
    return (np.where(a1 > 80, 65535, 0).astype(np.uint16),
            np.where(a2 > 90, 65535, 1).astype(np.uint16), {}, {})


def _float_extremes(a1, a2):
    return (np.where(a1 > 80, 3.0e38, -3.0e38).astype(np.float32), (a2 * 1e36).astype(np.float32), {}, {})


def _nan_everywhere(a1, a2):
    return np.full_like(a1, np.nan), np.full_like(a2, np.inf), {}, {}


def _nan_stripes(a1, a2):
    a1, a2 = a1.copy(), a2.copy()
    a1[:, ::4] = np.nan       # every 4th row on T1
    a2[:, :, 1::4] = -np.inf  # every 4th column on T2
    return a1, a2, {}, {}


def _stripes_are_nodata(prob):
    invalid = np.zeros(prob.shape, bool)
    invalid[::4], invalid[:, 1::4] = True, True
    assert (prob[invalid] == -1).all() and (prob[~invalid] >= 0).all()


def _all_nodata_overlap(a1, a2):
    """T1 is nodata (0) on its right half, and T2 lies exactly over that half."""
    a1 = a1.copy()
    a1[:, :, SIZE // 2:] = 0
    shifted = (GT[0] + SIZE // 2 * GT[1],) + GT[1:]
    return a1, a2[:, :, SIZE // 2:], {"nodata": 0}, {"gt": shifted}


def _identical(a1, a2):
    return a1, a1.copy(), {}, {}


def _no_change_anywhere(prob):
    """Identical dates: the map is zero (classical methods and the deep one alike)."""
    assert (prob >= 0).all() and float(prob.max()) < 0.05


def _constant(a1, a2):
    return np.full_like(a1, 7.0), a2, {}, {}


def _crs_mismatch(folder: Path) -> Inputs:
    pair = good_pair(folder)
    wgs84 = str(folder / "in" / "t2_wgs84.tif")
    gdal.Warp(wgs84, pair.t2, dstSRS="EPSG:4326")
    os.unlink(pair.t2)
    pair.t2 = wgs84
    return pair


def _no_overlap(a1, a2):
    return a1, a2, {}, {"gt": (GT[0] + 1e6,) + GT[1:]}


def _no_georef_sizes(a1, a2):
    return a1, a2[:, :12, :8], {"gt": None}, {"gt": None}


def _output_is_input(folder: Path) -> Inputs:
    pair = good_pair(folder)
    pair.output = pair.t1
    return pair


def _output_missing_dir(folder: Path) -> Inputs:
    pair = good_pair(folder)
    pair.output, pair.mask = str(folder / "nowhere" / "change.tif"), str(folder / "nowhere" / "mask.tif")
    return pair


def read_only_folder(path: Path) -> Path:
    """A folder nobody can write into. chmod is enough for a normal user; root ignores it, so
    there the folder is also made immutable (chattr +i). undo_read_only() reverses both."""
    path.mkdir()
    path.chmod(0o555)
    if os.access(path, os.W_OK) and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    return path


def undo_read_only(root: Path) -> None:
    for path in root.rglob("read-only"):
        if shutil.which("chattr"):
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        path.chmod(0o755)


def _output_read_only(folder: Path) -> Inputs:
    pair = good_pair(folder)
    locked = read_only_folder(folder / "read-only")
    pair.output, pair.mask = str(locked / "change.tif"), str(locked / "mask.tif")
    return pair


def _disk_full(folder: Path) -> Inputs:
    pair = good_pair(folder)
    pair.file_size_limit = DISK_LIMIT
    return pair


def _spaces_and_accents(folder: Path) -> Inputs:
    a1, a2 = _pair_arrays()
    dates = folder / "in" / "dates été 2000"
    dates.mkdir(parents=True)
    results = folder / "out" / "résultats ü"
    results.mkdir(parents=True)
    return Inputs(write_raster(dates / "T1 avant ü.tif", a1), write_raster(dates / "T2 après ß.tif", a2),
                  str(results / "changement é.tif"), str(results / "masque ø.tif"))


def _output_is_mask(folder: Path) -> Inputs:
    pair = good_pair(folder)
    pair.mask = pair.output
    return pair


def _output_is_a_folder(folder: Path) -> Inputs:
    pair = good_pair(folder)
    pair.output = str(folder / "out" / "results.tif")
    os.mkdir(pair.output)  # a folder that happens to end in .tif
    return pair


def _output_is_a_pipe(folder: Path) -> Inputs:
    pair = good_pair(folder)
    os.mkfifo(pair.output)  # a reader would wait forever for a GeoTIFF, or a writer replace the pipe
    return pair


def _output_symlink_to_input(folder: Path) -> Inputs:
    pair = good_pair(folder)
    os.symlink(os.path.relpath(pair.t2, folder / "out"), pair.output)
    return pair


def _t1_is_a_pipe(path: Path) -> Path:
    fifo = path.with_name("t1_pipe.tif")
    os.mkfifo(fifo)  # opening it for reading would block until someone writes
    return fifo


def _palettes(a1, a2):
    """One map twice with the same colours, numbered differently in each palette."""
    classes = (np.kron(np.arange(4).reshape(2, 2), np.ones((SIZE // 2, SIZE // 2))) % 4).astype(np.uint8)
    colours = [(200, 30, 30, 255), (30, 200, 30, 255), (30, 30, 200, 255), (220, 220, 40, 255)]
    order = [2, 0, 3, 1]  # T2's index of each of T1's colours
    t2_classes = np.array(order, np.uint8)[classes]
    return classes, t2_classes, {"palette": colours}, {"palette": [colours[order.index(i)] for i in range(4)]}


def _complex(a1, a2):
    return a1.astype(np.complex64) * (1 + 1j), a2.astype(np.complex64), {"dtype": gdal.GDT_CFloat32}, {}


def _float64_extremes(a1, a2):
    """Measurements in units that float32 cannot hold: near 1e300 on T1, near 1e-314 on T2."""
    return a1.astype(np.float64) * 1e298, a2.astype(np.float64) * 1e-316, {}, {}


def _zero_pixel_size(folder: Path) -> Inputs:
    """A VRT over T1 whose geotransform says 0 m pixels (GeoTIFF refuses to store one)."""
    pair = good_pair(folder)
    vrt = folder / "in" / "t1_zero.vrt"
    gdal.Translate(str(vrt), pair.t1, format="VRT")
    text = vrt.read_text(encoding="utf-8")
    start = text.index("<GeoTransform>")
    end = text.index("</GeoTransform>")
    vrt.write_text(text[:start] + "<GeoTransform>500000, 0, 0, 3500000, 0, -30</GeoTransform>"
                   + text[end + len("</GeoTransform>"):], encoding="utf-8")
    pair.t1 = str(vrt)
    return pair


def _seed_out_of_range(folder: Path) -> Inputs:
    pair = good_pair(folder)
    pair.cli = ["--seed", str(2**64)]
    pair.params = {"SEED": 2147483648}  # one past QGIS's 32-bit integers: once read as a small seed
    return pair


class _Code:
    """Pickled as a call to a function: what a state dict never holds."""

    def __reduce__(self):
        return (print, ("this ran while loading the weights",))


def _weights_file(content):
    """good_pair with a VGG16 weights file chosen, holding content() (torch imported here:
    the matrix loads without it)."""
    def make(folder: Path) -> Inputs:
        import torch
        pair = good_pair(folder)
        path = str(folder / "in" / "vgg16.pth")
        torch.save(content(torch), path)
        pair.cli, pair.params = ["--weights", path], {"WEIGHTS": "file", "WEIGHTS_FILE": path}
        return pair
    return make


def _code_weights(torch):
    return {"features.0.weight": _Code()}


def _nan_weights(torch):
    from metric_cd_plugin.core.deep.networks import VGG16Features
    return {k: torch.full_like(v, float("nan")) for k, v in VGG16Features().state_dict().items()}
