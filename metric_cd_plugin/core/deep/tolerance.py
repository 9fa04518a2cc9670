"""Shift tolerance: compare each date with the best match within a few pixels of the other.

In photographs of a few metres per pixel or finer, textured ground (roofs, tree crowns,
field edges) seen with a slight misregistration or a different viewing angle differs pixel
by pixel without having changed: the `fast` preset flagged village texture as change
(Szada train 2: 15 % flagged for 2 % labelled). A new building on a field differs from
every neighbour, so matching within a small radius keeps it. Both ways, keeping the larger
distance, so that an object present in either date alone still counts.

At 30 m a pixel is a mixed field parcel, and a one-pixel match reaches the next parcel: on
the Landsat pairs it cost F1 (Taizhou 0.958 -> 0.935 at 1 px). So the tolerance applies to
true-colour pictures with pixels finer than FINE_PIXEL_M, or of unknown size (an
ungeoreferenced picture is usually an aerial or satellite photograph); never to SAR, whose
speckle is compared through its log-ratio. Measured in docs/design_measurements.md."""
import math
from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F

FINE_SHIFT = 2        # px matched on each side: chosen on the tuning pairs (1 px: smaller gains)
FINE_PIXEL_M = 5.0    # pixels at least this large get no tolerance (30 m lost, 1.5 m gained)
EARTH_M_PER_DEGREE = 111_320.0  # at the equator: only to tell fine from coarse pixels


def pixel_metres(geotransform, projection: str) -> Optional[float]:
    """The pixel's larger side in metres, or None when the raster has no usable CRS."""
    from osgeo import osr
    if not projection or geotransform is None:
        return None
    srs = osr.SpatialReference(wkt=projection)
    side = max(math.hypot(geotransform[1], geotransform[4]), math.hypot(geotransform[2], geotransform[5]))
    if srs.IsProjected():
        return side * srs.GetLinearUnits()
    if srs.IsGeographic():
        return side * srs.GetAngularUnits() * 180.0 / math.pi * EARTH_M_PER_DEGREE
    return None


def choose_shift(setting: Optional[int], kind: str, true_colour: bool, geotransform,
                 projection: str) -> Tuple[int, str]:
    """-> (radius in pixels, why). setting: a preset's or user's fixed radius, None = automatic."""
    if setting is not None:
        return int(setting), f"{int(setting)} px: fixed by the preset or the user"
    if kind != "optical":
        return 0, "none: SAR is compared pixel by pixel through its log-ratio"
    if not true_colour:
        return 0, "none: multispectral bands (a one-pixel match reaches the next field at 30 m)"
    size = pixel_metres(geotransform, projection)
    if size is not None and size >= FINE_PIXEL_M:
        return 0, f"none: true colour with {size:.3g} m pixels (coarser than {FINE_PIXEL_M:g} m)"
    where = "pixels of unknown size" if size is None else f"{size:.3g} m pixels"
    return FINE_SHIFT, (f"{FINE_SHIFT} px: true colour with {where}, where misregistration and "
                        "viewing angle shift textured ground")


CHUNK_VALUES = 1 << 20  # values per slice of the batch: about 4 MB, so each shift's pass stays in cache


def _nearest_match(a: torch.Tensor, b: torch.Tensor, valid: torch.Tensor, radius: int) -> torch.Tensor:
    """(N,1,h,w): mean_c |a(x) - b(x + s)|, minimised over shifts of at most `radius` on each
    axis onto valid pixels of b inside the array; the unshifted comparison always counts.
    Slice by slice with preallocated buffers: allocating a full (N,C,h,w) difference per
    shift made the pool's first feature level 14x slower (4.9 s against 0.36 s)."""
    n, c, h, w = a.shape
    pb = F.pad(b, (radius,) * 4)
    nothing = F.pad(valid, (radius,) * 4) <= 0  # beyond the array or invalid: nothing to match there
    if torch.is_grad_enabled() and (a.requires_grad or b.requires_grad):  # fine-tuning D-FE: no out=
        best = (a - b).abs().mean(1, keepdim=True)
        for dy in range(2 * radius + 1):
            for dx in range(2 * radius + 1):
                d = (a - pb[..., dy:dy + h, dx:dx + w]).abs().mean(1, keepdim=True)
                best = torch.minimum(best, d.masked_fill(nothing[..., dy:dy + h, dx:dx + w], math.inf))
        return best
    out = torch.empty(n, 1, h, w, dtype=a.dtype, device=a.device)
    step = max(1, CHUNK_VALUES // (c * h * w))
    for i in range(0, n, step):
        ai, best = a[i:i + step], out[i:i + step]
        buf, d = torch.empty_like(ai), torch.empty_like(best)
        torch.mean(torch.sub(ai, b[i:i + step], out=buf).abs_(), 1, keepdim=True, out=best)
        for dy in range(2 * radius + 1):
            for dx in range(2 * radius + 1):
                torch.sub(ai, pb[i:i + step, :, dy:dy + h, dx:dx + w], out=buf)
                torch.mean(buf.abs_(), 1, keepdim=True, out=d)
                d.masked_fill_(nothing[i:i + step, :, dy:dy + h, dx:dx + w], math.inf)
                torch.minimum(best, d, out=best)
    return out


def tolerant_distance(a: torch.Tensor, b: torch.Tensor, valid: torch.Tensor, radius: int) -> torch.Tensor:
    """(N,1,h,w): mean over channels of |a - b| for (N,C,h,w) a and b, each date matched to
    the nearest of the other within `radius` pixels, the larger of the two ways. valid:
    (N,1,h,w). radius 0 is the plain distance."""
    if radius <= 0:
        return (a - b).abs().mean(1, keepdim=True)
    return torch.maximum(_nearest_match(a, b, valid, radius), _nearest_match(b, a, valid, radius))


def tolerant_difference(n1: np.ndarray, n2: np.ndarray, valid: np.ndarray, radius: int) -> np.ndarray:
    """The D-CPG's input: |n1 - n2| per band of (B,H,W) arrays, each band matched as in
    tolerant_distance (the network then sees what its loss measures)."""
    if radius <= 0:
        return np.abs(n1 - n2)
    a = torch.from_numpy(np.ascontiguousarray(n1, dtype=np.float32))[:, None]
    b = torch.from_numpy(np.ascontiguousarray(n2, dtype=np.float32))[:, None]
    v = torch.from_numpy(np.ascontiguousarray(valid, dtype=np.float32))[None, None].expand(a.shape[0], 1, -1, -1)
    return tolerant_distance(a, b, v, radius)[:, 0].numpy()


def level_radius(radius: int, image_width: int, level_width: int) -> int:
    """A tolerance in image pixels, in the pixels of a coarser feature level (rounded down)."""
    return radius * level_width // image_width
