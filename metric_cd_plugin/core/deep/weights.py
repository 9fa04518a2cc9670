"""D-FE weights: resolve the user's choice to what networks.load_vgg16 takes.

- "imagenet": torchvision's VGG16 ImageNet weights, of which the D-FE uses features.0-14
  (7 MB of the 528 MB file). Taken from a verified copy on this computer (the cache folder
  or torch's hub cache) when there is one; else only those tensors are fetched over HTTPS by
  range requests (ranged.py; each part checked against the file's size, and for a zip
  checkpoint against its CRC-32); a server that refuses ranges gets the whole file, verified
  by its SHA-256, of which only those tensors are kept. The cache holds just them
  (vgg16_features-397923af.pth) and a manifest with their SHA-256, checked on each use
  (feature_cache.py).
- "auto" (the default): "imagenet" when it can be had (cached, or downloaded now), else
  "random" with a note saying why and how to get the ImageNet weights, so that a first run
  without network still works.
- "random": seeded random weights, offline; results are of lower quality (a note says so).
- a path: a .pth state dict, checked for keys and shapes by load_vgg16.
Notes and errors are coded (weights_notes.py): each front end names the choices in its
own words. METRIC_CD_WEIGHTS_URL replaces the download address (a mirror inside an
offline site; the SHA-256 is still checked).
No Qt here; torch is imported only where a state dict is read or written."""
import dataclasses
import os
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from ..coded import Coded, stage
from ..errors import Cancelled, WeightsError
from ..progress import CancelFn, Monitor, ProgressFn
from .download import download_verified, sha256_of
from .weights_notes import coded, reason_with_copies

PREPARE_SHARE = 20.0  # percent of the progress bar for fetching the weights, when needed
URL_VARIABLE = "METRIC_CD_WEIGHTS_URL"


def random_note() -> Coded:
    """Coded weights_random: said whenever random weights were chosen."""
    return coded("weights_random")


RANDOM_NOTE = random_note()


@dataclass(frozen=True)
class WeightsSource:
    url: str
    filename: str   # the name torchvision gives it (also in torch's hub cache)
    sha256: str
    size: Optional[int] = None
    features_sha256: Optional[str] = None  # checkpoint.tensors_sha256 of the D-FE tensors, once known


# SHA-256 of vgg16-397923af.pth: torchvision publishes its first 8 hex digits in the file
# name and checks only that prefix; the full digest and size are those recorded by several
# independent public projects that verify this file, and they begin with that prefix.
# (detect-secrets takes the digest for a key: it is a public checksum, not a secret)
# No digest of the D-FE tensors alone is pinned yet (it needs the real file, which the test
# machines cannot reach): a ranged download records theirs in the cache on first use.
IMAGENET_VGG16 = WeightsSource("https://download.pytorch.org/models/vgg16-397923af.pth", "vgg16-397923af.pth",
                               # pragma: allowlist nextline secret
                               "397923af8e79cdbb6a7127f12361acd7a2f83e06b05044ddf496e83de57a5bf0", 553_433_881)


@dataclass(frozen=True)
class ResolvedWeights:
    path: str        # "random" or a state-dict file for load_vgg16
    note: str = ""   # shown to the user and stored in the output metadata when set
    used: str = ""   # "imagenet", "random" or "file": what the run actually uses
    fallback: bool = False  # "auto" could not have the ImageNet weights: the note is a warning


def default_cache_dir() -> str:
    """~/.cache/metric_cd (or $XDG_CACHE_HOME/metric_cd): the CLI's cache."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "metric_cd")


def features_path(cache_dir: str, source: WeightsSource = IMAGENET_VGG16) -> str:
    return os.path.join(cache_dir, f"vgg16_features-{source.sha256[:8]}.pth")


def hub_checkpoint(source: WeightsSource = IMAGENET_VGG16, hub_dir: Optional[str] = None) -> Optional[str]:
    """Where torch.hub / torchvision keep this file, if torch is importable."""
    if hub_dir is None:
        try:
            import torch
        except ImportError:
            return None
        hub_dir = torch.hub.get_dir()
    return os.path.join(hub_dir, "checkpoints", source.filename)


def imagenet_source() -> WeightsSource:
    """torchvision's file, from METRIC_CD_WEIGHTS_URL when set (same name and checksum)."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    return IMAGENET_VGG16 if not url else dataclasses.replace(IMAGENET_VGG16, url=url)


def size_text(source: WeightsSource = IMAGENET_VGG16) -> str:
    """The size of the whole file (a download by hand, or from a server that refuses ranges)."""
    return f"{source.size / 2 ** 20:.0f} MB" if source.size else "a large file"


def download_size_text() -> str:
    """What a first run downloads: the D-FE's tensors and the file's index."""
    from .feature_cache import FEATURE_BYTES
    return f"{FEATURE_BYTES / 2 ** 20:.0f} MB"


def _where(source: WeightsSource, cache_dir: str) -> dict:
    """The folders a copy of the file is looked for in (weights_notes.places words them)."""
    hub = hub_checkpoint(source)
    return {"cache_dir": cache_dir, "hub_dir": os.path.dirname(hub) if hub else ""}


def _params(cause: WeightsError, source: WeightsSource, cache_dir: str, rejected: Sequence[str]) -> Dict[str, object]:
    """What a front end needs to word why the ImageNet weights could not be had, and how to get them."""
    return {"reason": reason_with_copies(str(cause), rejected), "cause": cause.code,
            "cause_params": dict(cause.params), "rejected": list(rejected), "url": source.url,
            "size": size_text(source), **_where(source, cache_dir)}


def unavailable(cause: WeightsError, source: WeightsSource, cache_dir: str,
                rejected: Sequence[str] = ()) -> WeightsError:
    """Coded weights_download_failed: the ImageNet weights could not be had (cause: why, with
    its own code), and how to get them by hand."""
    params = _params(cause, source, cache_dir, rejected)
    return WeightsError(coded("weights_download_failed", **params), "weights_download_failed", **params)


def fallback_note(cause: WeightsError, source: WeightsSource, cache_dir: str) -> Coded:
    """Coded weights_fallback: "auto" used random weights because of `cause` (a
    weights_download_failed error, or one met before any download: the cache folder)."""
    if cause.code == "weights_download_failed":
        return coded("weights_fallback", **cause.params)
    return coded("weights_fallback", **_params(cause, source, cache_dir, ()))


def is_cached(cache_dir: Optional[str], source: WeightsSource = IMAGENET_VGG16) -> bool:
    return os.path.isfile(features_path(cache_dir or default_cache_dir(), source))


def _wants_imagenet(choice: str) -> bool:
    return str(choice).strip().lower() in ("imagenet", "auto")


def needs_preparation(choice: str, cache_dir: Optional[str], source: WeightsSource = IMAGENET_VGG16) -> bool:
    """True when resolving `choice` has work to do (a download or a hash check)."""
    return _wants_imagenet(choice) and not is_cached(cache_dir, source)


def will_download(choice: str, cache_dir: Optional[str], source: WeightsSource = IMAGENET_VGG16,
                  hub_dir: Optional[str] = None) -> bool:
    """True when resolving `choice` will download the ImageNet weights (no copy on this computer)."""
    if not needs_preparation(choice, cache_dir, source):
        return False
    copies = (os.path.join(cache_dir or default_cache_dir(), source.filename), hub_checkpoint(source, hub_dir))
    return not any(path and os.path.isfile(path) for path in copies)


def resolve_weights(choice: str, cache_dir: Optional[str] = None, progress: Optional[ProgressFn] = None,
                    cancel: Optional[CancelFn] = None,
                    source: Optional[WeightsSource] = None, hub_dir: Optional[str] = None,
                    allow_insecure_localhost: bool = False) -> ResolvedWeights:
    """'auto' | 'imagenet' | 'random' | a path -> ResolvedWeights. progress/cancel as in core.progress."""
    key = str(choice).strip()
    source = source or imagenet_source()
    if key.lower() == "random":
        return ResolvedWeights("random", random_note(), "random")
    if _wants_imagenet(key):
        cache_dir = cache_dir or default_cache_dir()
        monitor = Monitor(progress, cancel)
        if key.lower() == "imagenet":
            return ResolvedWeights(_imagenet(cache_dir, monitor, source, hub_dir, allow_insecure_localhost),
                                   used="imagenet")
        try:
            return ResolvedWeights(_imagenet(cache_dir, monitor, source, hub_dir, allow_insecure_localhost),
                                   used="imagenet")
        except Cancelled:
            raise
        except WeightsError as exc:  # offline, or no good copy: the run goes on with random weights
            return ResolvedWeights("random", fallback_note(exc, source, cache_dir), "random", True)
    if not os.path.isfile(key):
        raise WeightsError(coded("weights_file_missing", path=key), "weights_file_missing", path=key)
    return ResolvedWeights(key, used="file")


def _imagenet(cache_dir: str, monitor: Monitor, source: WeightsSource, hub_dir: Optional[str],
              allow_insecure_localhost: bool) -> str:
    from . import feature_cache  # torch: only when the ImageNet weights are wanted
    features = features_path(cache_dir, source)
    if os.path.isfile(features):
        if feature_cache.intact(features, source.features_sha256):
            return features
        feature_cache.remove(features)  # damaged or altered since: fetched again below
    try:
        os.makedirs(cache_dir, exist_ok=True)
    except OSError as exc:  # e.g. a file where a folder of the path should be
        raise WeightsError(f"The weights cache folder '{cache_dir}' cannot be created ({exc.strerror}); choose "
                           "another folder, or 'random' weights.", "weights_folder", folder=cache_dir,
                           reason=exc.strerror or str(exc)) from None
    if not os.access(cache_dir, os.W_OK | os.X_OK):
        raise WeightsError(f"The weights cache folder '{cache_dir}' is not writable; choose another folder, "
                           "or 'random' weights.", "weights_folder_readonly", folder=cache_dir)
    rejected: List[str] = []  # copies with another checksum: said if the download fails too
    try:
        return _fetch_features(cache_dir, features, monitor, source, hub_dir, allow_insecure_localhost, rejected)
    except WeightsError as exc:  # said with how to get the file by hand
        raise unavailable(exc, source, cache_dir, rejected) from None


def _fetch_features(cache_dir: str, features: str, monitor: Monitor, source: WeightsSource, hub_dir: Optional[str],
                    allow_insecure_localhost: bool, rejected: List[str]) -> str:
    """The D-FE tensors from a verified copy on this computer, else downloaded."""
    from . import feature_cache
    from .ranged import RangesRefused, fetch_tensors
    own_copy = os.path.join(cache_dir, source.filename)
    monitor.stage(0, 100, stage("weights_check"))
    for candidate in (own_copy, hub_checkpoint(source, hub_dir)):
        if candidate and os.path.isfile(candidate):
            if sha256_of(candidate, monitor.cancelled) == source.sha256:
                return save_feature_layers(candidate, features, source)
            rejected.append(candidate)
            if candidate == own_copy:  # a bad file is never kept in our cache
                os.unlink(candidate)
    code, size = "weights_features", download_size_text()

    def progress(fraction: float) -> None:  # the stage text changes every 10 % (one log line each in Processing)
        monitor.update(fraction, stage(code + "_percent", size=size, percent=int(fraction * 10) * 10))
    monitor.stage(0, 100, stage(code, size=size))
    try:
        state, received = fetch_tensors(source.url, feature_cache.feature_shapes(), source.size, progress,
                                        monitor.cancelled, allow_insecure_localhost)
        return feature_cache.save_features(state, features, source.features_sha256,
                                           f"{received} bytes of {source.url} by range requests", source.url)
    except RangesRefused:  # the whole file then, verified by its SHA-256
        pass
    code, size = "weights_whole", size_text(source)
    monitor.stage(0, 100, stage(code, size=size))
    download_verified(source.url, own_copy, source.sha256, source.size, progress, monitor.cancelled,
                      allow_insecure_localhost)
    try:
        return save_feature_layers(own_copy, features, source)
    finally:
        os.unlink(own_copy)  # our own download: the feature layers are all we keep


def save_feature_layers(original: str, features: str, source: WeightsSource = IMAGENET_VGG16) -> str:
    """Keep the D-FE's tensors of a verified VGG16 state dict (feature_cache.save_features)."""
    from .feature_cache import save_features
    from .networks import read_state_dict
    state = read_state_dict(original, WeightsError, "it was not used.")
    return save_features(state if isinstance(state, dict) else {}, features, source.features_sha256,
                         f"the verified file {source.filename}", original)


def cache_report(cache_dir: Optional[str], source: WeightsSource = IMAGENET_VGG16,
                 hub_dir: Optional[str] = None) -> dict:
    """What the diagnostics show about the ImageNet weights (no hashing, no torch needed)."""
    cache_dir = cache_dir or default_cache_dir()
    hub = hub_checkpoint(source, hub_dir)
    return {"cache folder": cache_dir,
            "imagenet feature layers": features_path(cache_dir, source) if is_cached(cache_dir, source)
            else f"not yet downloaded (fetched on first use from {source.url})",
            "torch hub copy": hub if hub and os.path.isfile(hub) else "none"}
