"""A failed run's error in the dialog's words and language. The core's errors carry a code
and their parameters (core/errors.py) beside the English sentence that the command line and
Processing print; here each code has that sentence through tr(), so that the French dialog
shows French, with the numbers as the QGIS locale writes them (run_words.number). The
weights' codes are worded in run_words.py, a request's problems in problem_words.py; an
error with a code worded nowhere is shown as Processing said it (English): nothing is lost."""
from typing import Any, Dict, Mapping, Sequence, Tuple

from .i18n import tr
from .problem_words import dialog_text, named
from .run_words import number, weights_words, whole

# codes that only say why another one failed (weights_download_failed's cause): run_words._reason words them
CAUSES = ("download_offline", "download_refused")


def _inputs() -> Dict[str, str]:
    """Reading the two dates (core/raster/sources.py, pair.py, memory.py)."""
    return {
        "input_missing": tr("{label} raster '{path}' does not exist; check the path."),
        "input_special": tr("{label} '{path}' is a device, pipe or socket, not a file; choose a raster file "
                            "(GeoTIFF, JP2, VRT...)."),
        "palette_bands": tr("{label} raster '{path}' has a colour table on a band of several; its values are "
                            "palette numbers, not measurements: expand it to colours (gdal_translate -expand "
                            "rgba) and choose that file."),
        "input_vector": tr("{label} file '{path}' holds vector data (points, lines or polygons), not a raster; "
                           "choose a raster file (GeoTIFF, JP2, VRT...)."),
        "input_gdal_name": tr("{label} raster '{path}' cannot be opened by GDAL ({error}); check the name (e.g. "
                              "/vsizip/archive.zip/inner.tif or NETCDF:\"file.nc\":variable)."),
        "input_unreadable": tr("{label} raster '{path}' cannot be read by GDAL ({error}); choose a raster file "
                               "(GeoTIFF, JP2, VRT...)."),
        "input_subdatasets": tr("{label} file '{path}' holds several rasters (subdatasets); choose one of them by "
                                "name: {shown}."),
        "input_not_raster": tr("{label} file '{path}' is not a raster with bands; choose a raster file."),
        "band_complex": tr("{label} band {band} of '{path}' holds complex numbers ({type}); Metric-CD compares "
                           "real values, so write its amplitude to a new raster first (e.g. the Raster "
                           "Calculator's abs()) and choose that."),
        "bands_missing": tr("{label} has {count} band(s); band(s) {bad} do not exist. Choose bands between 1 and "
                            "{count}."),
        "too_many_bands": tr("{count} bands were chosen to compare; Metric-CD compares at most {maximum} (the "
                             "widest imaging spectrometers record about 430); choose the bands of one date with "
                             "the band selection (e.g. 4,3,2), or reduce them first (e.g. a PCA of the bands)."),
        "band_counts_differ": tr("T1 has {t1} band(s) and T2 has {t2}; choose the same number of bands for each "
                                 "date with the band selection (e.g. 4,3,2 for T1 and 3,2,1 for T2)."),
        "same_raster": tr("T1 and T2 are the same raster ('{path}'); choose the rasters of the two dates to "
                          "compare (or, for a file that holds both dates, different bands for each)."),
        "memory_short": tr("Comparing {bands} bands would need about {need_gb} GB of memory and {free_gb} GB are "
                           "available; choose fewer bands (the band selection, e.g. 4,3,2) or run on a machine "
                           "with more memory."),
        "vrt_source_unreadable": tr("{label} raster '{path}' is a virtual raster (VRT) whose source cannot be read "
                                    "({reason}); check that the files it refers to exist and that it does not "
                                    "refer to itself."),
        "input_damaged": tr("{label} raster '{path}' cannot be read ({reason}); the file is damaged or incomplete "
                            "(e.g. an interrupted copy or download): copy it again or choose another file."),
        "overlap_tiny": tr("T1 and T2 overlap on only {width} x {height} pixel, too small to compare; choose "
                           "rasters (or an extent) that share more of the same place."),
        "too_few_valid": tr("Fewer than two pixels are valid on both dates; check the nodata settings and that "
                            "the rasters overlap."),
        "too_few_valid_dates": tr("Fewer than two pixels are valid on both dates: {empty} (NaN or nodata "
                                  "everywhere); check the nodata settings and that the rasters overlap."),
        "too_few_valid_bands": tr("Fewer than two pixels are valid on both dates: {empty} (NaN or nodata "
                                  "everywhere), so leave such bands out with the band selection or check the "
                                  "nodata settings and that the rasters overlap."),
        "data_kind_unknown": tr("Unknown data kind '{kind}'; choose one of {choices}."),
    }


def _grids() -> Dict[str, str]:
    """Putting T2 on T1's grid (core/raster/alignment.py)."""
    return {
        "rpc_elsewhere": tr("T1 and T2 have only RPCs (a sensor model) and the ground they cover does not overlap "
                            "(T1 around {t1_lat}, {t1_lon}; T2 around {t2_lat}, {t2_lon} degrees of latitude, "
                            "longitude), so they show different places; choose two scenes of the same place, "
                            "orthorectified (gdalwarp -rpc) to compare them by place."),
        "sizes_differ_ungeoreferenced": tr("Neither raster is georeferenced and T1 is {t1_width}x{t1_height} pixels "
                                           "while T2 is {t2_width}x{t2_height}; without a georeference they can "
                                           "only be compared pixel to pixel, so georeference both (e.g. with the "
                                           "Georeferencer) or give rasters of one size."),
        "extent_needs_georeference": tr("An extent needs georeferenced rasters, and T1 and T2 have no "
                                        "georeference; leave the extent empty or georeference them."),
        "georeference_missing": tr("{georeferenced} is georeferenced but {missing} is not, so they cannot be put "
                                   "on one grid; georeference {missing} (e.g. with the Georeferencer, or "
                                   "gdal_translate -a_srs -a_ullr), or give two rasters of one size without "
                                   "georeference."),
        "geotransform_invalid": tr("{label}'s geotransform {geotransform} has a zero pixel size or a NaN, so its "
                                   "pixels have no place; fix its georeference (gdal_edit -a_ullr, or the "
                                   "Georeferencer)."),
        "crs_missing": tr("{label} has no CRS while the other raster has one, so they cannot be aligned; set "
                          "{label}'s CRS (Layer Properties > Source, or gdal_edit -a_srs)."),
        "crs_unconvertible": tr("T2's CRS ({crs2}) cannot be converted to T1's ({crs1}): {reason}. A local "
                                "(engineering) CRS has no link to a map projection; give both rasters in one CRS."),
        "no_overlap": tr("T1 and T2 do not overlap; check that they show the same place and that their CRS are "
                         "set."),
        "overlap_under_pixel": tr("T1 and T2 overlap by less than one pixel of T1; check that they show the same "
                                  "place and that their CRS are set."),
        "extent_outside": tr("The extent {extent} does not cover any part of the area T1 and T2 share; give an "
                             "extent inside that area, in T1's CRS."),
        "outside_t2_pixels": tr("The area T1 and T2 share falls outside T2's pixels on T1's grid (their "
                                "georeferences disagree, e.g. longitudes numbered past 180°); check both "
                                "georeferences, or warp T2 onto T1's grid first (gdalwarp)."),
    }


def _writing() -> Dict[str, str]:
    """Writing the outputs (core/raster/geotiff.py, destinations.py, polygons.py, rethreshold.py)."""
    return {
        "write_refused": tr("Writing '{path}' failed{detail}; the system refused it: the file or its folder is "
                            "read-only or locked (e.g. chattr +i): choose another file or folder, or make it "
                            "writable. Nothing was written."),
        "write_read_only": tr("Writing '{path}' failed{detail}; the folder is on a read-only file system: choose "
                              "a folder on a writable disk. Nothing was written."),
        "write_full": tr("Writing '{path}' failed{detail}; the disk may be full or the file too large for it: "
                         "free some space or choose another folder. Nothing was written."),
        "create_failed": tr("Cannot create '{path}' ({error}); check the folder and free disk space."),
        "text_write_failed": tr("The {what} could not be written to '{path}' ({error}); check the folder and the "
                                "free space, then run again."),
        "min_area_invalid": tr("The minimum area {min_area} is not an area; give 0 or more square map units."),
        "min_pixels_negative": tr("The minimum polygon size {min_pixels} is negative; give 0 or more pixels."),
        "mask_probability_sizes": tr("The change mask is {mask_width}x{mask_height} pixels and the probability "
                                     "{width}x{height}; give rasters of one grid."),
        "probability_bands": tr("'{path}' has {count} bands, so it is not a change probability (one band in [0, "
                                "1]); choose the change probability a Metric-CD run wrote."),
        "probability_type": tr("'{path}' holds {type} values (a change mask?), not a change probability (Float32 "
                               "in [0, 1]); choose the change probability a Metric-CD run wrote."),
        "probability_range": tr("'{path}' holds values outside [0, 1] (e.g. {value}), so it is not a change "
                                "probability; choose the change probability a Metric-CD run wrote."),
        "probability_no_valid": tr("'{path}' holds no valid value (NaN or nodata everywhere), so there is nothing "
                                   "to threshold; choose the change probability of a run that compared some "
                                   "pixels."),
    }


def _methods() -> Dict[str, str]:
    """The methods and their device (core/deep/, core/classical/), PyTorch, a cancel."""
    return {
        "area_too_small": tr("The area to compare is {width} x {height} pixels; Metric-CD needs at least {side} x "
                             "{side}. Choose a larger area, or a classical method (CVA, PCA-KMeans, IR-MAD), "
                             "which works at any size."),
        "gpu_out_of_memory": tr("The GPU ran out of memory even with the smallest tiles; choose device 'cpu' or "
                                "close other GPU programs."),
        "no_fitting_area": tr("No area with enough valid pixels on both dates was found to fit the model; check "
                              "nodata values and the overlap of the two rasters."),
        "network_nan": tr("The change network gave invalid values (NaN) on these rasters, so nothing was written; "
                          "please report it, and use a classical method (CVA, PCA-KMeans, IR-MAD) meanwhile."),
        "preset_unknown": tr("Unknown preset '{preset}'; choose one of {choices}."),
        "iterations_invalid": tr("Iterations must be at least 1."),
        "cuda_missing": tr("CUDA was requested but this PyTorch has no usable CUDA device; choose device 'cpu' or "
                           "'auto', or install a CUDA build of PyTorch."),
        "device_unknown": tr("Unknown device '{device}'; choose {choices}."),
        "gpu_bfloat16_missing": tr("This GPU does not compute bfloat16; choose precision 'float32' or 'auto'."),
        "threads_invalid": tr("Threads '{threads}' is not a whole number of 1 or more; give how many CPU threads "
                              "to use, or leave it out for one per core."),
        "classical_method_unknown": tr("Unknown classical method '{method}'; choose one of {choices}."),
        "torch_missing": tr("PyTorch is not installed for this QGIS. Use Plugins > Metric-CD > Install PyTorch..., "
                            "then restart QGIS. The classical methods (CVA, PCA-KMeans, IR-MAD) work without it."),
        "torch_broken": tr("PyTorch is installed but does not load ({detail}). Reinstall it with Plugins > "
                           "Metric-CD > Install PyTorch..., then restart QGIS."),
        "weights_folder": tr("The weights cache folder '{folder}' cannot be created ({reason}); choose another "
                             "folder, or random weights."),
        "weights_folder_readonly": tr("The weights cache folder '{folder}' is not writable; choose another folder, "
                                      "or random weights."),
        "cancelled": tr("The run was cancelled; no output was written."),
    }


def templates() -> Dict[str, str]:
    """Every code worded here -> its template, in the current language."""
    return {**_inputs(), **_grids(), **_writing(), **_methods()}


def _empty_bands(found: Sequence[Tuple[str, Sequence[int], bool]]) -> str:
    """(date, bands without a valid value, all of its bands) -> what holds no valid value."""
    said = []
    for label, bands, every in found:
        if every:
            said.append(tr("{label} has no valid value in any band").format(label=label))
        else:
            said.append((tr("{label} bands {bands} hold no valid value") if len(bands) > 1 else
                         tr("{label} band {bands} holds no valid value")).format(
                label=label, bands=", ".join(map(str, bands))))
    return tr(" and ").join(said)


def _dialog_params(code: str, params: Mapping[str, Any]) -> Dict[str, Any]:
    """The core's parameters as the dialog shows them: numbers by the locale, names in its words."""
    shown = named(params)
    for key, decimals in (("t1_lat", 2), ("t1_lon", 2), ("t2_lat", 2), ("t2_lon", 2), ("need_gb", 1),
                          ("free_gb", 1)):
        if key in shown:
            shown[key] = number(float(shown[key]), decimals)
    for key in ("min_area", "value"):
        if key in shown:
            shown[key] = number(float(shown[key]), 6, "g")
    if code == "too_many_bands":
        shown.update(count=whole(int(shown["count"])), maximum=whole(int(shown["maximum"])))
    if "empty" in shown:
        shown["empty"] = _empty_bands(shown["empty"])
    if code == "input_subdatasets" and shown.get("more"):
        shown["shown"] = tr("{names} and {count} more").format(names=shown["shown"], count=whole(int(shown["more"])))
    if code.startswith("write_"):
        shown["detail"] = f" ({shown['detail']})" if shown.get("detail") else ""
    return shown


def error_text(error: object, otherwise: str) -> str:
    """A failed run's message: the core's error in the dialog's words when its code is worded
    (here, by run_words for the weights, by problem_words for a request's problems), else
    `otherwise` (Processing's text)."""
    code = getattr(error, "code", "")
    if code == "request":
        return " ".join(dialog_text(problem) for problem in getattr(error, "problems", []))
    template = templates().get(code)
    if template is None:
        return weights_words(error) or otherwise
    return template.format(**_dialog_params(code, getattr(error, "params", {})))
