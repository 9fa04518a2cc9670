"""The failure matrix of issue #8: one definition per bad input, run by the command line,
the Processing algorithm and the dialog (tests/matrix/test_failure_matrix_*.py).

Each case makes its files in a fresh folder: inputs in <case>/in, outputs in <case>/out
unless the case is about the output path. `problem` and `fix` are fragments the message
must hold (what is wrong, what to do); both empty means the run must succeed. `dialog` says
what the dialog does with it: "run" (Run, then the outcome), "blocked" (Run disabled, the
reason shown) or "n/a: why" (the dialog cannot be given this input)."""
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
from osgeo import gdal

from synthetic import GT, write_raster

SIZE = 16           # pixels a side: a real fit, in seconds
ITERATIONS = 2      # fitting steps per run (fast preset); the matrix tests behaviour, not quality
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


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Inputs]
    problem: str = ""
    fix: str = ""
    dialog: str = "run"
    toolbox: Optional[Tuple[str, str]] = None  # (problem, fix) when Processing words it otherwise
    in_dialog: Optional[Tuple[str, str]] = None  # (problem, fix) as the dialog words it
    says: str = ""                             # a success: what the run reports (stdout, the log)
    check: Optional[Callable] = None           # a success: check(probability array) on the output

    @property
    def fails(self) -> bool:
        return bool(self.problem)

    def expected(self, path: str) -> Tuple[str, str]:
        other = {"toolbox": self.toolbox, "dialog": self.in_dialog}.get(path)
        return other or (self.problem, self.fix)


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


NOT_A_LAYER = "n/a: the layer lists offer only rasters QGIS could load"
WEIGHTS_IN_DIALOG = "n/a: the dialog's weights-file choice runs the toolbox's algorithm (that column)"

CASES = [
    Case("missing file", _with_t1(_missing), "does not exist", "check the path", NOT_A_LAYER),
    Case("truncated GeoTIFF", _with_t1(_truncated), "damaged or incomplete", "copy it again"),
    Case("corrupt file (random bytes)", _with_t1(_garbage), "cannot be read by GDAL", "choose a raster file",
         NOT_A_LAYER),
    Case("non-raster file (text)", _with_t1(_text), "cannot be read by GDAL", "choose a raster file",
         NOT_A_LAYER),
    Case("zero-byte file", _with_t1(_empty), "cannot be read by GDAL", "choose a raster file", NOT_A_LAYER),
    Case("1 x 1 pixel rasters", _arrays_case(_one_pixel), "1 x 1 pixels", "Choose a larger area"),
    Case("image smaller than a fitting patch and a tile", _arrays_case(_smaller_than_tiles)),
    Case("single band", _arrays_case(_single_band)),
    Case("band-count mismatch", _arrays_case(_band_mismatch), "T1 has 3 band(s) and T2 has 2",
         "choose the same number of bands", "blocked",
         in_dialog=("T1 uses 3 band(s) and T2 uses 2", "tick the same number of bands")),
    Case("16-bit extremes (0 and 65535)", _arrays_case(_uint16_extremes)),
    Case("float extremes (+-3e38)", _arrays_case(_float_extremes)),
    Case("NaN/Inf everywhere", _arrays_case(_nan_everywhere), "Fewer than two pixels are valid",
         "check the nodata settings"),
    Case("NaN/Inf in stripes", _arrays_case(_nan_stripes), check=_stripes_are_nodata),
    Case("overlap entirely nodata", _arrays_case(_all_nodata_overlap), "Fewer than two pixels are valid",
         "check the nodata settings"),
    Case("identical images", _arrays_case(_identical), check=_no_change_anywhere),
    Case("constant image (singular covariance)", _arrays_case(_constant)),
    Case("CRS mismatch (T2 in WGS 84)", _crs_mismatch, says="was warped onto T1's grid"),
    Case("no overlap", _arrays_case(_no_overlap), "do not overlap", "show the same place", "blocked",
         in_dialog=("do not overlap", "choose two rasters of the same place")),
    Case("no georeference, different sizes", _arrays_case(_no_georef_sizes), "Neither raster is georeferenced",
         "georeference both"),
    Case("vector file as T1", _with_t1(_vector), "holds vector data", "choose a raster file", NOT_A_LAYER),
    Case("output is an input", _output_is_input, "is also an input", "choose another output file", "blocked",
         in_dialog=("is one of the inputs", "choose another file")),
    Case("output folder missing", _output_missing_dir, "does not exist", "create it or choose another",
         "blocked", in_dialog=("folder of the change probability file does not exist", "create it")),
    Case("output folder read-only", _output_read_only, "is not writable", "choose another folder", "blocked",
         in_dialog=("is not writable", "choose another folder")),
    Case("disk full (file size limit)", _disk_full, "failed", "free some space or choose another folder"),
    Case("path with spaces and non-ASCII characters", _spaces_and_accents),
    Case("output is the mask", _output_is_mask, "is also the output", "choose a different file for each output",
         "blocked", in_dialog=("already used for another output", "")),
    Case("output is a folder", _output_is_a_folder, "is a folder", "give a file name inside it"),
    Case("output is a pipe (FIFO)", _output_is_a_pipe, "is a device, pipe or socket", "give the name of a file"),
    Case("output is a symlink to an input", _output_symlink_to_input, "is also an input",
         "choose another output file"),
    Case("T1 is a pipe (FIFO)", _with_t1(_t1_is_a_pipe), "is a device, pipe or socket", "choose a raster file",
         NOT_A_LAYER),
    Case("paletted rasters numbered differently", _arrays_case(_palettes), says="palette was read as its colours",
         check=_no_change_anywhere),
    Case("float64 extremes (1e300 and 1e-314)", _arrays_case(_float64_extremes),
         says="64-bit values were scaled by a power of 2"),
    Case("complex bands", _arrays_case(_complex), "holds complex numbers", "write its amplitude"),
    Case("zero pixel size in the geotransform", _zero_pixel_size, "has a zero pixel size or a NaN",
         "fix its georeference", "blocked",  # QGIS gives the layer an empty extent
         in_dialog=("do not overlap", "choose two rasters of the same place")),
    Case("seed out of range", _seed_out_of_range, "is not a whole number from 0 to 2147483647",
         "give one in that range", "n/a: the seed box holds 0 to 2147483647"),
    Case("VGG16 weights file holding code", _weights_file(_code_weights), "is not a plain state dict of VGG16",
         "choose torchvision's vgg16 weights file", WEIGHTS_IN_DIALOG),
    Case("VGG16 weights file full of NaN", _weights_file(_nan_weights), "vgg16.pth' holds NaN or infinite values",
         "download it again", WEIGHTS_IN_DIALOG),
]


def case_ids(cases=CASES) -> List[str]:
    return [case.name.replace(" ", "_") for case in cases]
