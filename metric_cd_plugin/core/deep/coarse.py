"""The networks for the pixel size (issues 25 and 29): how many VGG16 levels the loss
compares and how many residual blocks the D-CPG has.

relu3_3, the third VGG level, sums a 40 x 40 pixel neighbourhood on a grid of 4 x 4 pixels.
In a photograph of 0.5-2 m that is a roof, a yard, a field edge: the scale of the objects
that change. With pixels of 10-30 m it is 0.4-1.2 km of mixed ground, where a new building
or a cleared field of a few pixels is a small part of the whole: the level then mostly says
how the neighbourhood differs, and blurs the change's outline. So optical rasters whose
pixels are FINE_PIXEL_M or coarser (the bound the shift tolerance uses) compare the first
`coarse_fe_levels` levels (relu1_2, relu2_2), with a D-CPG of `coarse_blocks` residual
block(s): as good there as two blocks, in two thirds of the fitting time. With two levels the
deepest compared feature (relu2_2) sums 14 px, so the fit there takes patches of
`coarse_patch` px (32: a quarter of the pixels of 64, as good over 3 seeds; the pool keeps
its 64 patches, so its features cost a quarter too). Finer or unknown
pixels (an ungeoreferenced picture is usually a photograph), and SAR, keep the preset's
networks. Never more levels or blocks than the preset (an expert's override) asks for.
Measured on Landsat at 30 m (6 bands, true colour, panchromatic) and on aerial photographs
averaged to 6 m (and to 3 m, where two levels lose): docs/design_measurements.md."""
from dataclasses import replace
from typing import Optional, Sequence, Tuple

from .request import FINE_PIXEL_M, Preset
from .tolerance import pixel_metres

LEVEL_NAMES = ("relu1_2", "relu2_2", "relu3_3")
VIEW_PX = (5, 14, 40)  # each level's receptive field, in pixels


def _networks(levels: int, blocks: int, patch: Optional[int] = None) -> str:
    fitted = f", fitted on {patch} x {patch} px patches" if patch else ""
    return (f"{levels} VGG level{'s' if levels > 1 else ''} ({', '.join(LEVEL_NAMES[:levels])}), "
            f"{blocks} residual block{'s' if blocks > 1 else ''}{fitted}")


def for_pixel_size(preset: Preset, kind: str, geotransform: Optional[Sequence[float]], projection: str,
                   width: int, height: int) -> Tuple[Preset, str]:
    """-> (the preset with its VGG levels, D-CPG blocks and fitting patch chosen and its coarse_*
    settings cleared, one sentence saying which and why)."""
    levels, blocks, patch = preset.fe_levels, preset.blocks, preset.patch
    coarse_levels = min(preset.coarse_fe_levels or levels, levels)
    coarse_blocks = min(preset.coarse_blocks or blocks, blocks)
    # whole-image fitting (patch None, the paper's) has no patch to shrink
    coarse_patch = min(preset.coarse_patch or patch, patch) if patch else None
    chosen = replace(preset, coarse_fe_levels=None, coarse_blocks=None, coarse_patch=None)
    own = _networks(levels, blocks)
    if (coarse_levels, coarse_blocks, coarse_patch) == (levels, blocks, patch):
        return chosen, f"{own}: the preset's"
    if kind != "optical":
        return chosen, f"{own}: SAR keeps the preset's networks"
    size = pixel_metres(geotransform, projection, width, height)
    if size is None:
        # measured: 30 m true colour without a CRS loses up to 0.07 F1 this way (docs/design_measurements.md)
        return chosen, (f"{own}: pixels of unknown size (no CRS), taken for a photograph's; if they are "
                        f"{FINE_PIXEL_M:g} m or coarser (Sentinel-2, Landsat), give the rasters their CRS")
    if size < FINE_PIXEL_M:
        return chosen, f"{own}: {size:.3g} m pixels, finer than {FINE_PIXEL_M:g} m"
    view = VIEW_PX[levels - 1] * size
    ground = f"{view:.0f} m" if view < 1000 else f"{view / 1000:.2g} km"
    if patch and coarse_patch and coarse_patch != patch:  # the pool keeps its patches: its pixels shrink with them
        chosen = replace(chosen, patch=coarse_patch, pool_pixels=preset.pool_pixels * coarse_patch ** 2 // patch ** 2)
    return (replace(chosen, fe_levels=coarse_levels, blocks=coarse_blocks),
            f"{_networks(coarse_levels, coarse_blocks, coarse_patch if coarse_patch != patch else None)}: "
            f"{size:.3g} m pixels, where {LEVEL_NAMES[levels - 1]} sums {ground} of ground, more than the "
            "objects that change")
