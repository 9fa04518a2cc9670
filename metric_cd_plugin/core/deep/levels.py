"""How many VGG16 levels the loss compares, from the pixel size (issue 25).

relu3_3, the third level, sums a 40 x 40 pixel neighbourhood on a grid of 4 x 4 pixels. In
a photograph of 0.5-2 m that is a roof, a yard, a field edge: the scale of the objects that
change. With pixels of 10-30 m it is 0.4-1.2 km of mixed ground, where a new building or a
cleared field of a few pixels is a small part of the whole: the level then mostly says how
the neighbourhood differs, and blurs the change's outline. So optical rasters whose pixels
are FINE_PIXEL_M or coarser (the bound the shift tolerance uses) compare the first
`coarse_fe_levels` levels (relu1_2, relu2_2); finer or unknown pixels (an ungeoreferenced
picture is usually a photograph), and SAR, keep every level of the preset. Measured on
Landsat at 30 m (6 bands, true colour, panchromatic) and on aerial photographs averaged to
6 m (and to 3 m, where two levels lose): docs/design_measurements.md."""
from typing import Optional, Sequence, Tuple

from .request import FINE_PIXEL_M, Preset
from .tolerance import pixel_metres

LEVEL_NAMES = ("relu1_2", "relu2_2", "relu3_3")
VIEW_PX = (5, 14, 40)  # each level's receptive field, in pixels


def choose_levels(preset: Preset, kind: str, geotransform: Optional[Sequence[float]], projection: str,
                  width: int, height: int) -> Tuple[int, str]:
    """-> (the VGG levels the loss compares, why)."""
    levels, coarse = preset.fe_levels, preset.coarse_fe_levels
    names = ", ".join(LEVEL_NAMES[:levels])
    if coarse is None or coarse >= levels:  # never more levels than the preset (an expert's fe_levels) asks for
        return levels, f"{levels} ({names}): the preset's"
    if kind != "optical":
        return levels, f"{levels} ({names}): SAR keeps every level"
    size = pixel_metres(geotransform, projection, width, height)
    if size is None:
        return levels, f"{levels} ({names}): pixels of unknown size, taken for a photograph's"
    if size < FINE_PIXEL_M:
        return levels, f"{levels} ({names}): {size:.3g} m pixels, finer than {FINE_PIXEL_M:g} m"
    view = VIEW_PX[levels - 1] * size
    ground = f"{view:.0f} m" if view < 1000 else f"{view / 1000:.2g} km"
    return coarse, (f"{coarse} ({', '.join(LEVEL_NAMES[:coarse])}): {size:.3g} m pixels, where "
                    f"{LEVEL_NAMES[levels - 1]} sums {ground} of ground, more than the objects that change")
