"""The help panel: the method and every setting in plain words (HTML, translated)."""
from .i18n import tr


def _section(title: str, *paragraphs: str) -> str:
    return f"<h3>{title}</h3>" + "".join(f"<p>{p}</p>" for p in paragraphs)


def _item(name: str, text: str) -> str:
    return f"<p><b>{name}</b>: {text}</p>"


def help_html() -> str:
    return "".join([
        "<h2>" + tr("Metric-CD change detection") + "</h2>",
        _section(tr("What it does"),
                 tr("Compares two rasters of the same place taken at two dates and tells, for "
                    "every pixel, how likely it is that the ground has changed. No training "
                    "data and no labels are needed."),
                 tr("A small neural network is fitted to this image pair only: it learns to "
                    "call a pixel 'no change' where the two dates look alike and 'change' where "
                    "they differ, both in the raw band values and in deep image features "
                    "(a VGG16 network), so that seasonal or lighting differences count less "
                    "than real changes.")),
        _section(tr("When a classical method does better"),
                 tr("Tried on labelled public scenes it was not tuned on, this method lost to the "
                    "classical PCA-KMeans (Processing toolbox, Metric-CD group; for SAR choose data kind "
                    "SAR, which compares the log-ratio) on: SAR amplitude images of older sensors scaled "
                    "to 8 bits (ERS-2, RADARSAT-1, ENVISAT); Sentinel-2 and other true-colour images with "
                    "10-30 m pixels where little changed, where it flagged several times too much; "
                    "single-band images; and photographs where a large part of the scene changed (over "
                    "about 15 %), where it flagged too little. On such data, run PCA-KMeans as well and "
                    "prefer it where the two disagree on how much changed."),
                 tr("It did better than every classical method on photographs with pixels under 5 m "
                    "(new buildings, fresh ploughing, planted forest) and on most multispectral Landsat "
                    "pairs."),
                 tr("For SAR, the mask now flags as much of the scene as the log-ratio comparison "
                    "(PCA-KMeans) finds changed, on the pixels this method finds most likely changed. That "
                    "put it ahead on the repository's SAR test pairs and on 10 of 12 filtered or resampled "
                    "copies of them; it has not yet been measured on the scenes above.")),
        _section(tr("Inputs"),
                 _item(tr("T1 and T2"), tr("the earlier and the later raster. The result uses "
                                           "T1's pixel grid; if T2's grid differs, it is aligned "
                                           "onto T1's first.")),
                 _item(tr("Bands"), tr("the bands compared, ticked in each list. Tick the same "
                                       "number for both dates, matching bands in the same order "
                                       "(e.g. red, green, blue, near infrared of each sensor)."))),
        _section(tr("Outputs"),
                 _item(tr("Change probability"), tr("a GeoTIFF from 0 (no change) to 1 (change). "
                                                    "Leave the path empty for a temporary file.")),
                 _item(tr("Change mask"), tr("1 where the probability is above the threshold, "
                                             "0 elsewhere.")),
                 _item(tr("Change polygons"), tr("the changed areas as polygons in a GeoPackage, "
                                                 "with their area (also in hectares), pixel count, "
                                                 "peak and mean probability and a rank (1 = "
                                                 "strongest); polygons under 4 pixels or the "
                                                 "minimum area are left out."))),
        _section(tr("Settings"),
                 _item(tr("Data kind"), tr("what the rasters hold. Optical rasters are compared by "
                                           "difference; SAR amplitude or intensity, whose speckle "
                                           "multiplies the signal, by the log-ratio after a speckle "
                                           "filter. 'Automatic' decides from polarisation band names "
                                           "(VV, VH, HH, HV), decibel values or speckle (its tooltip gives "
                                           "the rule); "
                                           "the log and the output files record the choice and why.")),
                 _item(tr("Preset"), tr("'Fast' fits the network on small patches and suits "
                                        "most images (seconds to minutes). 'Paper' is the "
                                        "published configuration: much slower, for comparison.")),
                 _item(tr("Device"), tr("where the network runs. 'Automatic' uses a CUDA GPU when "
                                        "PyTorch sees one, the CPU otherwise.")),
                 _item(tr("Arithmetic"), tr("(advanced) 'auto' computes the networks in bfloat16 on a CPU "
                                            "that does so natively (AVX512-BF16 or AMX): a run takes about "
                                            "0.8 times as long and is as accurate on the reference pairs. "
                                            "Elsewhere, on a GPU and with the Paper preset it computes in "
                                            "float32. 'float32' gives the same digits on every CPU; the log "
                                            "says which was used.")),
                 _item(tr("Iterations"), tr("how many fitting steps; 0 keeps the preset's number. "
                                            "More steps take longer and rarely change the result "
                                            "much.")),
                 _item(tr("Random seed"), tr("the same seed on the same data gives the same "
                                             "result; change it to see how stable a detection is.")),
                 _item(tr("Threshold"), tr("the probability above which a pixel counts as change "
                                           "in the mask and polygons. Automatic lets the method "
                                           "decide from the data.")),
                 _item(tr("VGG16 weights"), tr("the deep features work best with the pretrained "
                                               "VGG16 file vgg16-397923af.pth (from torchvision). "
                                               "Without it, seeded random weights are used: works "
                                               "offline, slightly less accurate.")),
                 _item(tr("Extent"), tr("limit the work to an area: from a layer, the map view, or "
                                        "drawn on the map. Unticked, the whole area both rasters "
                                        "cover is processed."))),
        _section(tr("While it runs"),
                 tr("The run goes on in the background and appears in QGIS's task manager; you "
                    "can keep working and even close this dialog. Cancel stops it and leaves no "
                    "file behind. When it finishes, the results are added in a group named after "
                    "the pair, and messages go to the Metric-CD tab of the log panel.")),
        _section(tr("Threshold after the run"),
                 tr("Once the results are on the map, the box under the settings shows the "
                    "histogram of the change probability with the automatic threshold. Move the "
                    "slider to preview the mask at another threshold on the map at once; Apply "
                    "writes that mask (and the polygons) beside the run's outputs, without "
                    "fitting again.")),
    ])
