"""Shift tolerance: compare each date with the best match within a few pixels of the other.

In photographs of a few metres per pixel or finer, textured ground (roofs, tree crowns,
field edges) seen with a slight misregistration or from another angle differs pixel by
pixel without having changed, and the `fast` preset flagged it as change. A new building
on a field differs from every neighbour, so matching within a small radius keeps it. Both
ways, keeping the larger distance, so that an object present in either date alone still
counts.

At 30 m a pixel is a mixed field parcel and a one-pixel match reaches the next parcel; on
speckle the minimum over the neighbours removes the noise the SAR margin models. So the
tolerance applies to true-colour pictures with pixels finer than FINE_PIXEL_M, or of
unknown size (an ungeoreferenced picture is usually an aerial or satellite photograph),
never to SAR or multispectral false colour. Measurements: docs/design_measurements.md."""
import math
from typing import Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from .request import FINE_PIXEL_M, FINE_SHIFT

EARTH_RADIUS_M = 6_371_008.8


def pixel_metres(geotransform: Optional[Sequence[float]], projection: str, width: int,
                 height: int) -> Optional[float]:
    """The larger side of the raster's central pixel on the ground, in metres, or None
    when the raster has no usable CRS. Measured on the ellipsoid, so that Web Mercator's
    stretch away from the equator does not make fine pixels look coarse."""
    from osgeo import osr
    if not projection or geotransform is None:
        return None
    try:
        srs = osr.SpatialReference(wkt=projection)
        if srs.IsLocal():
            return max(math.hypot(geotransform[1], geotransform[4]),
                       math.hypot(geotransform[2], geotransform[5])) * srs.GetLinearUnits()
        geog = srs.CloneGeogCS()
        for ref in (srs, geog):
            ref.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        to_geog = osr.CoordinateTransformation(srs, geog)

        def lon_lat(col: float, row: float) -> Tuple[float, float]:
            x = geotransform[0] + col * geotransform[1] + row * geotransform[2]
            y = geotransform[3] + col * geotransform[4] + row * geotransform[5]
            return to_geog.TransformPoint(x, y)[:2]
        c, r = width / 2.0, height / 2.0
        centre = lon_lat(c, r)
        return max(_ground_metres(centre, lon_lat(c + 1, r)), _ground_metres(centre, lon_lat(c, r + 1)))
    except (RuntimeError, ValueError, TypeError):  # an unreadable or unusable CRS: size unknown
        return None


def _ground_metres(a: Tuple[float, float], b: Tuple[float, float]) -> float:
    """Great-circle distance between two (lon, lat) points in degrees (mean Earth radius:
    only to tell fine pixels from coarse ones)."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def choose_shift(setting: Optional[int], kind: str, true_colour: bool, geotransform: Optional[Sequence[float]],
                 projection: str, width: int, height: int) -> Tuple[int, str]:
    """-> (radius in pixels, why). setting: a preset's or user's fixed radius, None = automatic."""
    if setting is not None:
        return int(setting), f"{int(setting)} px: fixed by the preset or the user"
    if kind != "optical":
        return 0, "none: SAR is compared pixel by pixel through its log-ratio"
    if not true_colour:
        return 0, "none: multispectral bands (a one-pixel match reaches the next field at 30 m)"
    size = pixel_metres(geotransform, projection, width, height)
    if size is not None and size >= FINE_PIXEL_M:
        return 0, f"none: true colour with {size:.3g} m pixels (coarser than {FINE_PIXEL_M:g} m)"
    where = "pixels of unknown size" if size is None else f"{size:.3g} m pixels"
    return FINE_SHIFT, (f"{FINE_SHIFT} px: true colour with {where}, where misregistration and "
                        "viewing angle shift textured ground")


CHUNK_VALUES = 1 << 20  # values per slice of the batch: about 4 MB, so each shift's pass stays in cache


def _nearest_match(a: torch.Tensor, b: torch.Tensor, valid: torch.Tensor, radius: int) -> torch.Tensor:
    """(N,1,h,w): mean_c |a(x) - b(x + s)|, minimised over shifts of at most `radius` on each
    axis onto valid pixels of b inside the array; the unshifted comparison always counts.
    Slice by slice into preallocated buffers: a full (N,C,h,w) difference allocated per
    shift made it an order of magnitude slower (docs/design_measurements.md)."""
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


def tolerant_distance(a: torch.Tensor, b: torch.Tensor, valid: Optional[torch.Tensor], radius: int) -> torch.Tensor:
    """(N,1,h,w): mean over channels of |a - b| for (N,C,h,w) a and b, each date matched to
    the nearest of the other within `radius` pixels, the larger of the two ways. valid:
    (N,1,h,w). radius 0 is the plain distance."""
    if radius <= 0 or valid is None:
        return (a - b).abs().mean(1, keepdim=True)
    return torch.maximum(_nearest_match(a, b, valid, radius), _nearest_match(b, a, valid, radius))


def tolerant_difference(n1: np.ndarray, n2: np.ndarray, valid: np.ndarray, radius: int) -> np.ndarray:
    """The D-CPG's input: |n1 - n2| per band of (B,H,W) arrays, each band matched on its own
    as in tolerant_distance (the loss's image term matches all bands at once; matching the
    input band by band is what was measured)."""
    if radius <= 0:
        return np.abs(n1 - n2)
    a = torch.from_numpy(np.ascontiguousarray(n1, dtype=np.float32))[:, None]
    b = torch.from_numpy(np.ascontiguousarray(n2, dtype=np.float32))[:, None]
    v = torch.from_numpy(np.ascontiguousarray(valid, dtype=np.float32))[None, None].expand(a.shape[0], 1, -1, -1)
    return tolerant_distance(a, b, v, radius)[:, 0].numpy()


LOG_OFFSET = 0.01  # added to normalised values in [0, 1] before the log: dark pixels do not explode


def network_input(n1: np.ndarray, n2: np.ndarray, valid: np.ndarray, radius: int, log_ratio: bool) -> np.ndarray:
    """The D-CPG's input: the matched difference, and with log_ratio the matched
    |log(n1 + c) - log(n2 + c)| of each band after it (a ratio comparison, as SAR needs)."""
    diff = tolerant_difference(n1, n2, valid, radius)
    if not log_ratio:
        return diff
    log1, log2 = (np.log(np.asarray(n, np.float32) + np.float32(LOG_OFFSET)) for n in (n1, n2))
    return np.concatenate([diff, tolerant_difference(log1, log2, valid, radius)])


def level_radius(radius: int, image_width: int, level_width: int) -> int:
    """A tolerance in image pixels, in the pixels of a coarser feature level (rounded to
    the nearest, half down: 2 px is 1 at relu2_2, 0 at relu3_3)."""
    return int(math.ceil(radius * level_width / image_width - 0.5))
