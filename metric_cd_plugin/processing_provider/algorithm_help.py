"""Help shown beside each algorithm's parameters (Processing renders simple HTML), in the
user's language: built on each call from literal tr() calls (pylupdate5 finds them), so that it
follows the translator installed at the time. The citations stay as published."""
from typing import Callable, Dict

from ..core.deep.request import SHIFT_AUTO_RULE
from ..gui.i18n import tr

CITATIONS = {
    "metric": "W. G. C. Bandara and V. M. Patel, <i>Deep Metric Learning for Unsupervised Remote "
              "Sensing Change Detection</i>, arXiv 2303.09536, 2023.",
    "cva": "W. A. Malila, <i>Change Vector Analysis: an approach for detecting forest changes with "
           "Landsat</i>, LARS Symposia, Purdue University, 1980.",
    "pcakmeans": "T. Celik, <i>Unsupervised change detection in satellite images using principal "
                 "component analysis and k-means clustering</i>, IEEE GRSL 6(4), 2009.",
    "irmad": "A. A. Nielsen, <i>The regularized iteratively reweighted MAD method for change "
             "detection in multi- and hyperspectral data</i>, IEEE TIP 16(2), 2007.",
}


def _inputs() -> str:
    return "<h3>" + tr("Inputs") + "</h3><ul>" + tr(
        "<li><b>T1, T2</b>: the same place at two dates, co-registered (two rasters: one file or layer "
        "for both dates is refused, unless different bands are chosen for each). When their grids differ (CRS, "
        "pixel size, extent), T2 is resampled onto T1's grid (bilinear; nearest for categorical "
        "data) and only the area both cover is processed; the log says what was done. Rasters "
        "without georeference must have the same size. Layers that are not plain raster files are "
        "exported to a temporary GeoTIFF; web maps (WMS/XYZ) are refused.</li>"
        "<li><b>Extent</b> (optional): process only this part (in any CRS; it is reprojected to T1's "
        "and snapped to T1's pixels).</li>"
        "<li><b>Bands of T1 / T2</b>: band numbers such as <code>4,3,2</code>, the same count for both "
        "dates; empty = all bands.</li>"
        "<li><b>Threshold</b>: <code>auto</code> (the method's label-free rule) or a value in [0, 1]; "
        "change = value above it.</li>"
        "<li><b>Seed</b>: makes sampling (and network initialisation) repeatable.</li>"
        "<li><b>Minimum polygon area</b>: in square map units (m&sup2; for a metric CRS); smaller "
        "change polygons are left out of the polygon output.</li></ul>")


def _outputs(what: str) -> str:
    return "<h3>" + tr("Outputs") + "</h3><ul>" + tr(
        "<li><b>{what}</b>: Float32 GeoTIFF in [0, 1], nodata -1 where either date is invalid.</li>"
        "<li><b>Change mask</b> (optional): Byte GeoTIFF, 1 = change, 0 = no change, nodata 255.</li>"
        "<li><b>Change polygons</b> (optional): GeoPackage of the changed areas with <code>area</code> "
        "(square map units), <code>area_ha</code> (hectares, when the CRS has metres or feet), "
        "<code>pixels</code>, <code>peak_prob</code> and <code>mean_prob</code> (maximum and mean "
        "{what_lower} inside) and <code>rank</code> (1 = highest peak); polygons under 4 pixels are "
        "left out.</li>"
        "<li><b>Threshold used</b>: the value the mask was cut at.</li>"
        "<li><b>How much changed</b>: changed area in square map units and in hectares (when the CRS "
        "has a ground unit), its share of the valid area, changed pixels and change patches (groups "
        "of touching change pixels); also in the log and in the output's metadata, and as an HTML "
        "or CSV file with <b>Change summary</b>.</li></ul>").format(what=what, what_lower=what.lower())


def _change_help(method: str, what: str, citation_key: str, extra: str = "") -> str:
    return (f"<p>{method}</p>{_inputs()}{extra}{_outputs(what)}<h3>" + tr("Reference") +
            f"</h3><p>{CITATIONS[citation_key]}</p>")


def change_detection() -> str:
    return _change_help(tr(
        "Metric-CD: unsupervised deep change detection. A small change-probability network is "
        "fitted to this image pair alone (no labels, no training set) with a similarity-"
        "dissimilarity loss on pixel and VGG16 feature distances, then predicts the change "
        "probability tile by tile."),
        tr("Change probability"), "metric", tr(
        "<ul><li><b>Preset</b>: <code>fast</code> (default: a light network fitted on sampled "
        "patches) or <code>paper</code> (the published configuration, slower).</li>"
        "<li><b>Device</b>: auto (CUDA when available), cpu or cuda.</li>"
        "<li><b>Iterations</b>: fitting steps; 0 = the preset's default.</li>"
        "<li><b>VGG16 weights</b>: <code>auto</code> (default: <code>imagenet</code> when it can be had, "
        "otherwise <code>random</code>, with a warning in the log and the output metadata), "
        "<code>imagenet</code> (torchvision's VGG16, downloaded "
        "once from download.pytorch.org: only the feature layers the method uses, about 7 MB of the 528 MB "
        "file, by range requests (the whole file, verified by SHA-256, where ranges are refused), cached "
        "with their SHA-256 in the QGIS profile; "
        "fails without network), "
        "<code>random</code> (seeded, offline, lower quality) or <code>file</code>: the "
        "<b>VGG16 weights file</b> (a .pth state dict, e.g. vgg16-397923af.pth fetched by hand "
        "where QGIS has no internet).</li>"
        "<li><b>Shift tolerance</b>: each date is matched within this many pixels of the other, so "
        "that misregistered or differently viewed texture of photographs (roofs, tree crowns) is not "
        "taken for change; <code>auto</code> (default) is {rule}. The log says which and why.</li>"
        "<li><b>Fine-tune the VGG16 feature extractor</b> (FINETUNE_FE): also optimise the deep "
        "features on this pair (much slower on CPU).</li>"
        "<li><b>Arithmetic</b> (PRECISION): <code>auto</code> (default) computes the networks in bfloat16 "
        "on a CPU that does so natively (AVX512-BF16 or AMX), in about 0.8 times the time, as accurate on "
        "the reference pairs (a pixel's probability moves by about a thousandth, the mask on under 1 % of "
        "the pixels); float32 elsewhere, on CUDA and with the paper preset. "
        "<code>float32</code> gives the same digits on every CPU. The log says which was used.</li>"
        "</ul><p>From qgis_process, PRESET and DEVICE are numbers "
        "(PRESET=0 fast, 1 paper; DEVICE=0 auto, 1 cpu, 2 cuda); WEIGHTS, SHIFT_TOLERANCE and PRECISION are "
        "words (WEIGHTS=auto, imagenet, random or file, with WEIGHTS_FILE=path; SHIFT_TOLERANCE=auto or 0-8; "
        "PRECISION=auto, float32 or bfloat16).</p>"
        ).format(rule=SHIFT_AUTO_RULE))


def cva() -> str:
    return _change_help(tr(
        "Change Vector Analysis: the length of the per-pixel spectral change vector between the "
        "radiometrically normalised dates, divided by the square root of the band count so it "
        "lies in [0, 1]; automatic threshold by Otsu's method."),
        tr("Change score"), "cva")


def pcakmeans() -> str:
    return _change_help(tr(
        "PCA-KMeans: the neighbourhood of every pixel in the difference image of the normalised "
        "dates is projected onto the leading principal components of 4x4 difference blocks, "
        "then k-means splits the pixels into change and no change; the score is the relative "
        "distance to the two cluster centres (automatic threshold 0.5 = the k-means boundary)."),
        tr("Change score"), "pcakmeans")


def irmad() -> str:
    return _change_help(tr(
        "IR-MAD: iteratively reweighted multivariate alteration detection. Canonical correlation "
        "between the dates gives MAD variates that are invariant to linear radiometric change; "
        "their chi-square statistic Z gives the score Z / (Z + bands), with a Kittler-Illingworth "
        "threshold on Z. Works on the raw band values."),
        tr("Change score"), "irmad")


def accuracy() -> str:
    return tr(
        "<p>Accuracy of a change map against a reference raster on the same pixel grid: "
        "precision, recall, F1, overall accuracy, Cohen's kappa, IoU of change and, for a "
        "continuous score, ROC AUC.</p><h3>Inputs</h3><ul>"
        "<li><b>Change raster</b>: a Metric-CD probability, a classical score or a 0/1 mask "
        "(band 1; its nodata is ignored).</li>"
        "<li><b>Reference</b>: band 1; kind <code>labels</code> = 0 not labelled, 1 no change, "
        "2 change; kind <code>binary</code> = 0 no change, 1 or 255 change.</li>"
        "<li><b>Threshold</b>: for a continuous change raster, change = value above it; empty = the "
        "threshold stored in the file by Metric-CD, else 0.5.</li></ul>"
        "<h3>Outputs</h3><p>F1, precision, recall, kappa, overall accuracy (OA), IoU and AUC as "
        "numbers (AUC and kappa are empty when undefined, e.g. AUC of a 0/1 mask); optional HTML "
        "and CSV tables with the confusion matrix.</p>")


def threshold() -> str:
    return tr(
        "<p>A change mask, and if asked the change polygons, from the change probability (or change "
        "score) of an earlier run at another threshold, without fitting again: the probability is "
        "read by windows, so any size of raster takes seconds to minutes in flat memory. The mask "
        "keeps the run's metadata, with the new threshold and where it came from.</p><h3>Inputs</h3><ul>"
        "<li><b>Change probability</b>: the Float32 raster in [0, 1] a Metric-CD, CVA, PCA-KMeans or "
        "IR-MAD run wrote (nodata -1).</li>"
        "<li><b>Threshold</b>: <code>auto</code> = the run's own automatic threshold (recorded in the "
        "file; Otsu on the histogram when the file records none), or a value in [0, 1]; change = "
        "value above it.</li>"
        "<li><b>Smallest polygon</b> (pixels, default 4) and <b>minimum polygon area</b> (square map "
        "units): smaller polygons are left out.</li>"
        "<li><b>Smooth polygon outlines</b>: rounds the pixel staircase with QGIS's own smoothing "
        "(the Smooth tool's algorithm, 3 iterations, offset 0.25).</li></ul>"
        "<h3>Outputs</h3><ul><li><b>Change mask</b>: Byte GeoTIFF, 1 = change, 0 = no change, nodata "
        "255.</li><li><b>Change polygons</b> (optional): as for the change algorithms.</li>"
        "<li><b>Threshold used</b>, where it came from, and the number of changed pixels.</li></ul>")


def sampling_design() -> str:
    return tr(
        "<p>Stratified random sample points from a change mask, to be labelled (change, no change or unsure) and "
        "then given to <i>Change area estimate</i> for the change area with a 95 % confidence interval "
        "(good practice of Olofsson et al. 2014, Remote Sensing of Environment 148).</p>"
        "<p><b>Strata</b>: mapped change; <i>possible change</i>, mapped no change within <b>Ring</b> pixels of "
        "mapped change and/or with a change probability at least <b>Possible change from</b> (where omitted change "
        "hides); stable, the rest. Nodata is never sampled.</p>"
        "<p><b>Sample size</b>: given, or from the <b>target standard error</b> of the change-area proportion and "
        "the anticipated user's accuracy of each stratum (eq. 13). <b>Allocation</b>: proportional to the strata, "
        "equal, or custom; every stratum gets at least the minimum and the others share the rest. The same "
        "<b>seed</b> draws the same points.</p>"
        "<p>Output: a GeoPackage of points with their stratum, stratum weight and size, a unique id (the labelling "
        "order) and an empty <code>reference</code> field.</p>")


def area_estimate() -> str:
    return tr(
        "<p>The change area and the map's accuracy, each with standard error and 95 % confidence interval, from "
        "the sample points of <i>Sampling design</i> once their <code>reference</code> field is labelled "
        "(change, no change or unsure; unsure and empty points are counted and left out). Save the layer's edits "
        "first.</p><p>Estimators: Olofsson et al. (2014) when the strata are the map classes, Stehman (2014) when "
        "they differ (a possible-change stratum, or another <b>change mask</b> read at the points).</p>")


def help_text(algorithm_id: str) -> str:
    """The help of the algorithm with this id, in the user's language."""
    helps: Dict[str, Callable[[], str]] = {
        "changedetection": change_detection, "cva": cva, "pcakmeans": pcakmeans, "irmad": irmad,
        "threshold": threshold, "accuracy": accuracy, "samplingdesign": sampling_design,
        "areaestimate": area_estimate}
    return helps[algorithm_id]()
