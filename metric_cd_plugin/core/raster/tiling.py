"""Tile grid for prediction. Each tile is read with a halo at least as wide as the
network's receptive field and only its core is written, so the cores partition the raster
(every pixel written exactly once) and tiled output equals whole-image output."""
from dataclasses import dataclass
from typing import Iterator, Tuple


@dataclass(frozen=True)
class Tile:
    x: int       # read window (core plus halo, clipped to the raster)
    y: int
    w: int
    h: int
    cx: int      # core window, in raster coordinates
    cy: int
    cw: int
    ch: int

    @property
    def core_slice(self) -> Tuple[slice, slice]:
        """Slices selecting the core inside the read window."""
        ox, oy = self.cx - self.x, self.cy - self.y
        return slice(oy, oy + self.ch), slice(ox, ox + self.cw)


def tiles(width: int, height: int, core: int, halo: int) -> Iterator[Tile]:
    for cy in range(0, height, core):
        for cx in range(0, width, core):
            cw, ch = min(core, width - cx), min(core, height - cy)
            x0, y0 = max(cx - halo, 0), max(cy - halo, 0)
            x1, y1 = min(cx + cw + halo, width), min(cy + ch + halo, height)
            yield Tile(x0, y0, x1 - x0, y1 - y0, cx, cy, cw, ch)


def count(width: int, height: int, core: int) -> int:
    return -(-width // core) * -(-height // core)
