"""The D-FE's ImageNet tensors as the cache keeps them: features.0-14 of torchvision's VGG16
(networks.FE_LEVELS), in a .pth written atomically beside a manifest (.json) that records
their SHA-256 (checkpoint.tensors_sha256: names, shapes and values, whatever file held them)
and how they were had. Every later use checks the tensors against the manifest, or against
the source's pinned digest when it has one; a cache that fails is removed and fetched again."""
import json
import os
import tempfile
from typing import Callable, Dict, Optional, Tuple

import torch

from ..errors import WeightsError
from .checkpoint import tensors_sha256

# float32 bytes of the tensors kept (test_weights checks it against the network): what a
# first run downloads from a server that sends parts of files
FEATURE_BYTES = 6_941_952


def feature_shapes() -> Dict[str, Tuple[int, ...]]:
    from .networks import VGG16Features
    return {name: tuple(t.shape) for name, t in VGG16Features().state_dict().items()}


def manifest_path(features: str) -> str:
    return os.path.splitext(features)[0] + ".json"


def _atomic(path: str, write: Callable[[str], None]) -> None:
    handle, partial = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".part",
                                       dir=os.path.dirname(path))
    os.close(handle)
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def _write_manifest(features: str, digest: str, how: str) -> None:
    def write(path: str) -> None:
        with open(path, "w", encoding="utf-8") as stream:
            json.dump({"tensors_sha256": digest, "how": how}, stream, indent=1)
    _atomic(manifest_path(features), write)


def recorded_sha256(features: str) -> Optional[str]:
    try:
        with open(manifest_path(features), encoding="utf-8") as stream:
            return json.load(stream).get("tensors_sha256")
    except (OSError, ValueError, AttributeError):
        return None


def save_features(state: Dict[str, torch.Tensor], features: str, pinned: Optional[str], how: str,
                  origin: str, advice: str = "") -> str:
    """Write the D-FE tensors of `state` and their manifest; refuses tensors that differ from
    the pinned digest (when there is one)."""
    shapes = feature_shapes()
    kept = {name: state[name] for name in shapes if name in state and tuple(state[name].shape) == shapes[name]}
    if len(kept) != len(shapes):
        raise WeightsError(f"'{origin}' does not hold VGG16 feature layers; it was not used.")
    digest = tensors_sha256(kept)
    if pinned and digest != pinned:
        raise WeightsError(f"The VGG16 feature layers from {origin} do not have the published SHA-256 "
                           f"({digest[:16]}..., expected {pinned[:16]}...); they were discarded. {advice}".strip())
    _atomic(features, lambda path: torch.save(kept, path))
    _write_manifest(features, digest, how)
    return features


def intact(features: str, pinned: Optional[str] = None) -> bool:
    """True when the cached tensors have the pinned digest, else the one recorded when they
    were fetched; a cache written before manifests existed gets its digest recorded now."""
    try:
        state = torch.load(features, map_location="cpu", weights_only=True)
        kept = {name: state[name] for name in feature_shapes()}
    except Exception:  # torch raises many types for a damaged file; KeyError for a partial one
        return False
    digest = tensors_sha256(kept)
    expected = pinned or recorded_sha256(features)
    if expected is None:
        _write_manifest(features, digest, "recorded at first use of an older cache")
        return True
    return digest == expected


def remove(features: str) -> None:
    for path in (features, manifest_path(features)):
        if os.path.exists(path):
            os.unlink(path)
