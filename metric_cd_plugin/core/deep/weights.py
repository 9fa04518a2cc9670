"""D-FE weights: resolve the user's choice to what networks.load_vgg16 takes.

- "imagenet": torchvision's VGG16 ImageNet weights. Fetched once over HTTPS (or reused from
  the cache folder or torch's hub cache), verified by SHA-256, then only the feature layers
  the D-FE uses are kept in the cache (vgg16_features-397923af.pth, ~30 MB); the 528 MB
  original is deleted when it was our own download.
- "random": seeded random weights, offline; results are of lower quality (a note says so).
- a path: a .pth state dict, checked for keys and shapes by load_vgg16.
No Qt here; torch is imported only where a state dict is read or written."""
import os
import tempfile
from dataclasses import dataclass
from typing import Optional

from ..errors import WeightsError
from ..progress import Monitor
from .download import download_verified, sha256_of

PREPARE_SHARE = 20.0  # percent of the progress bar for fetching the weights, when needed
RANDOM_NOTE = ("D-FE uses seeded random VGG16 weights, not ImageNet ones: the change map is of "
               "lower quality. Choose 'imagenet' weights for real work.")


@dataclass(frozen=True)
class WeightsSource:
    url: str
    filename: str   # the name torchvision gives it (also in torch's hub cache)
    sha256: str
    size: Optional[int] = None


# SHA-256 of vgg16-397923af.pth: torchvision publishes its first 8 hex digits in the file
# name and checks only that prefix; the full digest and size are those recorded by several
# independent public projects that verify this file, and they begin with that prefix.
# (detect-secrets takes the digest for a key: it is a public checksum, not a secret)
IMAGENET_VGG16 = WeightsSource("https://download.pytorch.org/models/vgg16-397923af.pth", "vgg16-397923af.pth",
                               # pragma: allowlist nextline secret
                               "397923af8e79cdbb6a7127f12361acd7a2f83e06b05044ddf496e83de57a5bf0", 553_433_881)


@dataclass(frozen=True)
class ResolvedWeights:
    path: str        # "random" or a state-dict file for load_vgg16
    note: str = ""   # shown to the user and stored in the output metadata when set


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


def manual_advice(source: WeightsSource, cache_dir: str) -> str:
    return (f"Or download {source.url} with your browser and choose it under Weights (file), or copy "
            f"it into {cache_dir}; or choose 'random' weights (works offline, lower quality).")


def is_cached(cache_dir: Optional[str], source: WeightsSource = IMAGENET_VGG16) -> bool:
    return os.path.isfile(features_path(cache_dir or default_cache_dir(), source))


def needs_preparation(choice: str, cache_dir: Optional[str], source: WeightsSource = IMAGENET_VGG16) -> bool:
    """True when resolving `choice` has work to do (a download or a hash check)."""
    return str(choice).strip().lower() == "imagenet" and not is_cached(cache_dir, source)


def resolve_weights(choice: str, cache_dir: Optional[str] = None, progress=None, cancel=None,
                    source: WeightsSource = IMAGENET_VGG16, hub_dir: Optional[str] = None,
                    allow_insecure_localhost: bool = False) -> ResolvedWeights:
    """'imagenet' | 'random' | a path -> ResolvedWeights. progress/cancel as in core.progress."""
    key = str(choice).strip()
    if key.lower() == "random":
        return ResolvedWeights("random", RANDOM_NOTE)
    if key.lower() == "imagenet":
        cache_dir = cache_dir or default_cache_dir()
        return ResolvedWeights(_imagenet(cache_dir, Monitor(progress, cancel), source, hub_dir,
                                         allow_insecure_localhost))
    if not os.path.isfile(key):
        raise WeightsError(f"VGG16 weights file '{key}' does not exist; choose 'imagenet', 'random' or a "
                           ".pth state dict of torchvision's vgg16.")
    return ResolvedWeights(key)


def _imagenet(cache_dir, monitor, source, hub_dir, allow_insecure_localhost) -> str:
    features = features_path(cache_dir, source)
    if os.path.isfile(features):
        return features
    try:
        os.makedirs(cache_dir, exist_ok=True)
    except OSError as exc:  # e.g. a file where a folder of the path should be
        raise WeightsError(f"The weights cache folder '{cache_dir}' cannot be created ({exc.strerror}); choose "
                           "another folder (--cache-dir), or 'random' weights.") from None
    if not os.access(cache_dir, os.W_OK | os.X_OK):
        raise WeightsError(f"The weights cache folder '{cache_dir}' is not writable; choose another folder "
                           "(--cache-dir), or 'random' weights.")
    own_copy = os.path.join(cache_dir, source.filename)
    monitor.stage(0, 100, "Checking VGG16 weights already on this computer")
    rejected = []  # copies with another checksum: said if the download fails too
    for candidate in (own_copy, hub_checkpoint(source, hub_dir)):
        if candidate and os.path.isfile(candidate):
            if sha256_of(candidate, monitor.check) == source.sha256:
                return save_feature_layers(candidate, features, source)
            rejected.append(candidate)
            if candidate == own_copy:  # a bad file is never kept in our cache
                os.unlink(candidate)
    note = "".join(f"The copy '{path}' does not have the published SHA-256 (truncated, or another file) "
                   "and was not used. " for path in rejected)
    monitor.stage(0, 100, "Downloading VGG16 weights")
    download_verified(source.url, own_copy, source.sha256, source.size, monitor.update, monitor.check,
                      note + manual_advice(source, cache_dir), allow_insecure_localhost)
    try:
        return save_feature_layers(own_copy, features, source)
    finally:
        os.unlink(own_copy)  # our own download: the feature layers are all we keep


def save_feature_layers(original: str, features: str, source: WeightsSource = IMAGENET_VGG16) -> str:
    """Keep the D-FE's tensors of a verified VGG16 state dict, written atomically."""
    import torch
    from .networks import VGG16Features, read_state_dict
    state = read_state_dict(original, WeightsError, manual_advice(source, os.path.dirname(features)))
    own = VGG16Features().state_dict()
    kept = {k: state[k] for k in own if isinstance(state, dict) and k in state and state[k].shape == own[k].shape}
    if len(kept) != len(own):
        raise WeightsError(f"'{original}' does not hold VGG16 feature layers; it was not used. "
                           f"{manual_advice(source, os.path.dirname(features))}")
    handle, partial = tempfile.mkstemp(prefix=".vgg16_features.", suffix=".part", dir=os.path.dirname(features))
    os.close(handle)
    try:
        torch.save(kept, partial)
        os.replace(partial, features)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return features


def cache_report(cache_dir: Optional[str], source: WeightsSource = IMAGENET_VGG16,
                 hub_dir: Optional[str] = None) -> dict:
    """What the diagnostics show about the ImageNet weights (no hashing, no torch needed)."""
    cache_dir = cache_dir or default_cache_dir()
    hub = hub_checkpoint(source, hub_dir)
    return {"cache folder": cache_dir,
            "imagenet feature layers": features_path(cache_dir, source) if is_cached(cache_dir, source)
            else f"not yet downloaded (fetched on first use from {source.url})",
            "torch hub copy": hub if hub and os.path.isfile(hub) else "none"}
