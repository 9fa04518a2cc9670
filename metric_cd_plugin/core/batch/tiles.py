"""One huge pair across a Dask cluster: the network is fitted once, here (detect_change as
usual), then its weights (kilobytes) go to the workers, which predict rows of tiles with
their halos straight from the inputs (paths every worker reads) into strip GeoTIFFs in a
hidden folder beside the output. Here the strips are copied into the output by the same
atomic writer as a single-machine run, and the threshold comes from the merged histograms.
The tiles are deep/predict.py's plan, each computed by the same predict_tile(), so the
result equals the single-machine one pixel for pixel (with the same PyTorch thread count)."""
import os
import shutil
import tempfile
import time
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal

from ..deep.predict import HIST_BINS, PairSource, histogram, plan, predict_tile, writer_nodata
from ..deep.request import DetectionRequest
from ..errors import Cancelled, OutputError
from ..normalise import Normaliser
from ..progress import Monitor
from ..raster.geotiff import AtomicGeoTiff
from ..raster.libtiff_messages import quiet_default_error_handler
from ..raster.tiling import Tile

if TYPE_CHECKING:  # types only: Dask is imported on the workers and by the front end that starts them
    import torch
    from distributed import Client, Future
    from torch import nn

POLL_S = 0.2
# the fitted network as the workers receive it: (DCPG's constructor arguments, its tensors)
Portable = Tuple[Dict[str, Any], Dict[str, "torch.Tensor"]]
SarRecipe = Tuple[float, bool]  # the SAR transform's (offset, logged), raster/kind.py


def _portable(net: "nn.Module") -> Optional[Portable]:
    """The fitted network as plain tensors and constructor arguments (None: no change)."""
    from ..deep.networks import DCPG
    if not isinstance(net, DCPG):
        return None
    return dict(net.config), {k: v.detach().cpu() for k, v in net.state_dict().items()}


def _rebuild(portable: Optional[Portable]) -> "nn.Module":
    from ..deep.networks import DCPG, NoChange
    if portable is None:
        return NoChange()
    config, state = portable
    net = DCPG(**config)
    net.load_state_dict(state)
    return net.eval()


def _rows(tiles: Sequence[Tile]) -> List[List[Tile]]:
    """Tiles grouped by tile row (one task each), in raster order."""
    rows: Dict[int, List[Tile]] = {}
    for t in tiles:
        rows.setdefault(t.cy, []).append(t)
    return list(rows.values())


def _sar_recipe(source: PairSource) -> Optional[SarRecipe]:
    """How the head reads the pair: None (as it is) or the SAR transform's (offset, logged),
    which a worker must apply too, or it would predict on raw amplitudes."""
    from ..raster.kind import SarPair
    return (source.offset, source.logged) if isinstance(source, SarPair) else None


def _predict_row(request: DetectionRequest, portable: Optional[Portable], normaliser: Normaliser,
                 tiles: List[Tile], folder: str, device: str, sigma: float,
                 sar: Optional[SarRecipe] = None) -> Tuple[str, int, np.ndarray]:
    """On a worker: one row of tiles -> (strip GeoTIFF path, its first row, histogram)."""
    from ..deep import device as devices
    from ..raster.kind import SarPair
    from ..raster.pair import RasterPair
    net = _rebuild(portable)
    raw = RasterPair(request.t1, request.t2, request.bands1, request.bands2, request.extent)
    pair: PairSource = SarPair(raw, *sar) if sar else raw
    y0, height = tiles[0].cy, tiles[0].ch
    path = os.path.join(folder, f"row_{y0:09d}.tif")
    quiet_default_error_handler()  # a worker's failed write is the batch's error, not libtiff's stderr too
    ds = gdal.GetDriverByName("GTiff").Create(path, pair.width, height, 1, gdal.GDT_Float32,
                                              ["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3", "BIGTIFF=IF_SAFER"])
    band, hist = ds.GetRasterBand(1), np.zeros(HIST_BINS, np.int64)
    try:
        with devices.torch_threads(devices.resolve_threads(request.threads)):
            for t in tiles:
                pc, valid = predict_tile(net, pair, normaliser, t, device, sigma)
                hist += histogram(pc, valid)
                band.WriteArray(np.where(valid, pc, np.float32(np.nan)).astype(np.float32), t.cx, 0)
        ds.FlushCache()
    finally:
        ds = band = None
        raw.close()
    return path, y0, hist


class ClusterPredictor:
    """A `predict` for detect_change() that spreads the tiles over the cluster of `client`."""

    def __init__(self, client: "Client", request: DetectionRequest) -> None:
        self.client, self.request = client, request

    def __call__(self, net: "nn.Module", pair: PairSource, normaliser: Normaliser, writer: AtomicGeoTiff, tile: int,
                 device: "torch.device", monitor: Monitor, context_sigma: float = 0.0) -> np.ndarray:
        tiles = plan(net, pair, tile, context_sigma)
        folder = os.path.dirname(os.path.abspath(self.request.output))
        work = tempfile.mkdtemp(prefix="." + os.path.basename(self.request.output) + ".", suffix=".part.tiles",
                                dir=folder)
        try:
            portable = self.client.scatter(_portable(net), broadcast=True)
            futures = [self.client.submit(_predict_row, self.request, portable, normaliser, row, work, str(device),
                                          context_sigma, _sar_recipe(pair), pure=False) for row in _rows(tiles)]
            hist = self._assemble(futures, writer, pair.width, monitor)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return hist

    def _assemble(self, futures: List["Future"], writer: AtomicGeoTiff, width: int, monitor: Monitor) -> np.ndarray:
        """Copy each finished strip into the output (nodata where invalid) and merge the
        histograms; cancel drops the tasks left."""
        hist, waiting, total = np.zeros(HIST_BINS, np.int64), list(futures), len(futures)
        nodata = writer_nodata(writer)
        try:
            while waiting:
                for future in [f for f in waiting if f.done()]:
                    waiting.remove(future)
                    path, y0, row_hist = future.result()
                    hist += row_hist
                    strip = gdal.Open(path)
                    for x in range(0, width, 4096):  # bounded memory for any width
                        w = min(4096, width - x)
                        block = strip.GetRasterBand(1).ReadAsArray(x, 0, w, strip.RasterYSize)
                        writer.write(x, y0, np.where(np.isnan(block), nodata, block).astype(np.float32))
                    strip = None
                    os.unlink(path)
                monitor.update((total - len(waiting)) / total)
                if waiting:
                    time.sleep(POLL_S)
        except (Cancelled, KeyboardInterrupt):
            self.client.cancel(waiting)
            raise
        except RuntimeError as exc:  # GDAL reading a strip
            self.client.cancel(waiting)
            raise OutputError(f"Assembling the tiles of '{self.request.output}' failed ({exc}); check that the "
                              "workers can write beside the output (a shared folder).") from None
        return hist
