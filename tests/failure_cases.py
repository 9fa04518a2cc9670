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


NOT_A_LAYER = "n/a: the layer lists offer only rasters QGIS could load"

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
]


def case_ids(cases=CASES) -> List[str]:
    return [case.name.replace(" ", "_") for case in cases]
