"""What the D-FE weights have to say, as data: a code and its parameters (weights.py makes
them), and the core's English for them. The sentences name how the user makes each
weights choice by a placeholder ({imagenet}, {random}, {file}): each front end fills in
its own words (the command line its flags, Processing its parameters; the dialog words the
codes itself, in its language, gui/run_words.py); IN_FILES are the words of no front end,
for the output files' metadata and the batch's log.

Codes: weights_random (note: random weights were chosen), weights_fallback (note: "auto"
could not have the ImageNet weights and used random ones), weights_download_failed (error:
"imagenet" could not be had), weights_file_missing (error: the chosen file does not exist).
Parameters: url, size (of the whole file), cache_dir, hub_dir (torch's hub folder, or ""),
reason (the failure's own sentence), cause and cause_params (the failure's code and
parameters, e.g. download_offline with url and error), rejected (copies on this computer
with another checksum), path."""
from typing import Iterable, Mapping

from ..coded import Coded

TEXTS = {
    "weights_random": "D-FE uses seeded random VGG16 weights, not ImageNet ones: the change map is of lower "
                      "quality. Choose {imagenet} for real work.",
    "weights_fallback": "{reason} Seeded random VGG16 weights were used instead: the change map is of lower "
                        "quality. For the ImageNet weights, run again online, or download {url} ({size}) and "
                        "choose it with {file}, or copy it into {places}.",
    "weights_download_failed": "{reason} Or download {url} with your browser and choose it with {file}, or copy "
                               "it into {places}; or choose {random} (works offline, lower quality).",
    "weights_file_missing": "VGG16 weights file '{path}' does not exist; choose {imagenet}, {random} or a .pth "
                            "state dict of torchvision's vgg16.",
}
REJECTED = "The copy '{path}' does not have the published SHA-256 (truncated, or another file) and was not used."

# how the choices are named where no front end is (the output's metadata, the batch's log)
IN_FILES = {"imagenet": "the ImageNet weights", "random": "random weights",
            "file": "the VGG16 weights file setting"}


def places(params: Mapping[str, object], either: str = "{cache} or {hub}") -> str:
    """Where a copy of the file is looked for: the cache folder, and torch's hub folder, which
    lasts beyond a throwaway QGIS profile (qgis_process)."""
    cache, hub = str(params.get("cache_dir", "")), str(params.get("hub_dir") or "")
    return either.format(cache=cache, hub=hub) if hub else cache


def reason_with_copies(reason: str, rejected: Iterable[str]) -> str:
    """The failure's sentence, then the copies found on this computer that were not used."""
    return " ".join([reason.strip(), *(REJECTED.format(path=path) for path in rejected)])


def weights_text(code: str, params: Mapping[str, object], choices: Mapping[str, str] = IN_FILES) -> str:
    """The English sentence of a weights code, naming the choices as `choices` does."""
    return TEXTS[code].format(**{**params, "places": places(params)}, **choices)


def coded(code: str, **params: object) -> Coded:
    """A weights note (or an error's text) with the words of no front end."""
    return Coded(weights_text(code, params), code, params)
