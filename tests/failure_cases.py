"""The failure matrix of issue #8: one definition per bad input, run by the command line,
the Processing algorithm and the dialog (tests/matrix/test_failure_matrix_*.py); the inputs
are made by tests/failure_inputs.py.

`problem` and `fix` are fragments the message must hold (what is wrong, what to do); both
empty means the run must succeed. `dialog` says what the dialog does with it: "run" (Run,
then the outcome), "blocked" (Run disabled, the reason shown) or "n/a: why" (the dialog
cannot be given this input)."""
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from osgeo import gdal

from failure_inputs import (Inputs, _arrays_case, _band_mismatch, _code_weights, _complex, _constant, _crs_mismatch,
                            _disk_full, _empty, _float64_extremes, _float_extremes, _garbage, _identical,
                            _all_nodata_overlap, _missing, _nan_everywhere, _nan_stripes, _nan_weights,
                            _no_change_anywhere, _no_georef_sizes, _no_overlap, _one_pixel, _output_is_a_folder,
                            _output_is_a_pipe, _output_is_input, _output_is_mask, _output_missing_dir,
                            _output_read_only, _output_symlink_to_input, _palettes, _seed_out_of_range,
                            _single_band, _smaller_than_tiles, _spaces_and_accents, _stripes_are_nodata,
                            _t1_is_a_pipe, _text, _truncated, _uint16_extremes, _vector, _weights_file, _with_t1,
                            _zero_pixel_size)

from failure_inputs_older import _many_bands, _nan_band, _rpc_different_places, _signed_bytes

ITERATIONS = 2      # fitting steps per run (fast preset); the matrix tests behaviour, not quality


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


NOT_A_LAYER = "n/a: the layer lists offer only rasters QGIS could load"
# GDAL 3.7 and later read PIXELTYPE=SIGNEDBYTE files as Int8 themselves: the run has nothing to say then
SIGNED_SAYS = "signed bytes were read as -128 to 127" if int(gdal.VersionInfo()) < 3070000 else ""
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
         in_dialog=("is also an input", "choose another output file")),
    Case("output folder missing", _output_missing_dir, "does not exist", "create it or choose another",
         "blocked", in_dialog=("does not exist", "create it or choose another")),
    Case("output folder read-only", _output_read_only, "is not writable", "choose another folder", "blocked",
         in_dialog=("is not writable", "choose another folder")),
    Case("disk full (file size limit)", _disk_full, "failed", "free some space or choose another folder"),
    Case("path with spaces and non-ASCII characters", _spaces_and_accents),
    Case("output is the mask", _output_is_mask, "is also the output", "choose a different file for each output",
         "blocked", in_dialog=("is also the", "choose a different file for each output")),
    Case("output is a folder", _output_is_a_folder, "is a folder", "give a file name inside it", "blocked"),
    Case("output is a pipe (FIFO)", _output_is_a_pipe, "is a device, pipe or socket", "give the name of a file",
         "blocked"),
    Case("output is a symlink to an input", _output_symlink_to_input, "is also an input",
         "choose another output file", "blocked"),
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
    Case("signed bytes (PIXELTYPE=SIGNEDBYTE)", _signed_bytes, says=SIGNED_SAYS),
    Case("RPC-only scenes of different places", _rpc_different_places, "the ground they cover does not overlap",
         "choose two scenes of the same place", "blocked",  # QGIS places the layers by their RPCs
         in_dialog=("do not overlap", "choose two rasters of the same place")),
    Case("a band NaN everywhere", _arrays_case(_nan_band), "T2 band 2 holds no valid value",
         "leave such bands out with the band selection"),
    Case("10,000 bands of 8 x 8 pixels", _many_bands, "bands were chosen to compare",
         "choose the bands of one date"),
]


def case_ids(cases=CASES) -> List[str]:
    return [case.name.replace(" ", "_") for case in cases]
