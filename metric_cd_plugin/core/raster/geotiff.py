"""Window-by-window GeoTIFF writing that is atomic: data go to a hidden temporary file
beside the target, renamed over it only once complete; abort() removes it. A write that
fails (disk full, file size limit) is an OutputError naming the file, never a half file."""
import errno
import os
from typing import List, Optional, Sequence, Union

import numpy as np
from osgeo import gdal, ogr

from ..errors import OutputError
from .destinations import temporary_beside, write_target
from .libtiff_messages import quiet_default_error_handler
from .metadata import DOMAIN, encode_run_metadata

gdal.UseExceptions()

PROB_NODATA = -1.0
MASK_NODATA = 255


REFUSED = (errno.EACCES, errno.EPERM)
REFUSED_TEXT = ("permission denied", "operation not permitted")


def write_failed(path: str, exc: Exception) -> OutputError:
    """One line for a failed write, saying what it was: the system refused it (permissions,
    an immutable file or folder), a read-only file system, or else a full disk or a file too
    large (GDAL's errors carry no errno, so its text is read too)."""
    lines = str(exc).strip().splitlines()  # GDAL 3.10 adds "May be caused by: ..." lines
    reason = f" ({lines[0]})" if lines else ""
    code, text = getattr(exc, "errno", None), str(exc).lower()
    if code in REFUSED or any(t in text for t in REFUSED_TEXT):
        why = "write_refused"
        what = "the system refused it: the file or its folder is read-only or locked (e.g. chattr +i)"
        fix = "choose another file or folder, or make it writable"
    elif code == errno.EROFS or "read-only file system" in text:
        why, what, fix = "write_read_only", "the folder is on a read-only file system", \
            "choose a folder on a writable disk"
    else:
        why = "write_full"
        what, fix = "the disk may be full or the file too large for it", "free some space or choose another folder"
    return OutputError(f"Writing '{path}' failed{reason}; {what}: {fix}. Nothing was written.", code=why,
                       path=path, detail=lines[0] if lines else "")


def close_dataset(ds: Union[gdal.Dataset, ogr.DataSource]) -> None:
    """Close a GDAL dataset now, raising RuntimeError if GDAL cannot complete the file.
    Dropping the last reference would close it too, but then an error (e.g. the disk is
    full) is only printed as an ignored exception and the file looks fine. GDAL 3.6 has no
    Dataset.Close(); its SWIG destructor, called explicitly, disowns the handle first."""
    close = getattr(ds, "Close", None)
    if close is not None:
        close()
    else:  # gdal.Dataset and ogr.DataSource each name their own destructor
        type(ds).__swig_destroy__(ds)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicGeoTiff:
    """One-band GeoTIFF on a given grid; write windows, then commit() or abort()."""

    def __init__(self, path: str, width: int, height: int, geotransform: Optional[Sequence[float]], projection: str,
                 dtype: int, nodata: float, description: str) -> None:
        self.path = path
        self.target = write_target(path)  # a symlink is written through, never replaced
        try:
            self.tmp = temporary_beside(self.target, ".tif")
        except OSError as exc:
            raise write_failed(path, exc) from None
        # DEFLATE at level 1: a 100 MP probability written, with statistics and overviews, in 4 s less than at
        # the default level 6 (11 s against 15 s), for a file 1 % larger (docs/design_measurements.md, issue 29)
        opts = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "ZLEVEL=1",
                "PREDICTOR=3" if dtype == gdal.GDT_Float32 else "PREDICTOR=2", "BIGTIFF=IF_SAFER"]
        quiet_default_error_handler()  # a failed write is this class's one-line error, not libtiff's stderr too
        try:
            self.ds = gdal.GetDriverByName("GTiff").Create(self.tmp, width, height, 1, dtype, opts)
        except RuntimeError as exc:
            os.unlink(self.tmp)
            raise OutputError(f"Cannot create '{path}' ({exc}); check the folder and free disk space.",
                              code="create_failed", path=path, error=str(exc)) from None
        if geotransform is not None:
            self.ds.SetGeoTransform(geotransform)
        if projection:
            self.ds.SetProjection(projection)
        self.band = self.ds.GetRasterBand(1)
        self.band.SetNoDataValue(nodata)
        self.band.SetDescription(description)

    def write(self, x: int, y: int, array: np.ndarray) -> None:
        try:
            self.band.WriteArray(array, x, y)
        except RuntimeError as exc:
            self.abort()
            raise write_failed(self.path, exc) from None

    def read(self, x: int, y: int, w: int, h: int) -> np.ndarray:
        """A window written before. GDAL 3.10 may report a block it could not write (file size
        limit) only here, when it reads that block back from the temporary file."""
        try:
            return self.band.ReadAsArray(x, y, w, h)
        except RuntimeError as exc:
            self.abort()
            raise write_failed(self.path, exc) from None

    def finish(self, metadata: Optional[dict] = None, overviews: bool = True) -> None:
        """Metadata, statistics, overviews, then close: the temporary file is complete."""
        try:
            if metadata:
                self.ds.SetMetadata(encode_run_metadata(metadata), DOMAIN)
            try:
                self.band.ComputeStatistics(False)
            except RuntimeError:  # every pixel is nodata: no statistics, still a valid file
                pass
            if overviews and min(self.ds.RasterXSize, self.ds.RasterYSize) > 512:
                levels: List[int] = []
                size = min(self.ds.RasterXSize, self.ds.RasterYSize)
                while size // (2 ** (len(levels) + 1)) >= 256:
                    levels.append(2 ** (len(levels) + 1))
                resampling = "AVERAGE" if self.band.DataType == gdal.GDT_Float32 else "NEAREST"
                self.ds.BuildOverviews(resampling, levels)
            self.ds.FlushCache()
            ds, self.ds, self.band = self.ds, None, None
            close_dataset(ds)
        except (RuntimeError, OSError) as exc:
            self.abort()
            raise write_failed(self.path, exc) from None
        except BaseException:
            self.abort()
            raise

    def publish(self) -> None:
        """Rename the finished temporary file over the target."""
        try:
            os.chmod(self.tmp, 0o666 & ~_umask())  # mkstemp made it private; outputs are ordinary files
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.abort()
            raise write_failed(self.path, exc) from None

    def commit(self, metadata: Optional[dict] = None, overviews: bool = True) -> None:
        self.finish(metadata, overviews)
        self.publish()

    def abort(self) -> None:
        ds, self.ds, self.band = self.ds, None, None
        if ds is not None:
            try:
                close_dataset(ds)
            except RuntimeError:  # the file is deleted below anyway
                pass
        for p in (self.tmp, self.tmp + ".aux.xml", self.tmp + ".ovr"):
            if os.path.exists(p):
                os.unlink(p)


def commit_all(writers: Sequence[AtomicGeoTiff], metadata: Optional[dict] = None) -> None:
    """Finish every file before renaming any: a failure (e.g. the disk filling up while the
    mask is written) leaves no output at all rather than the probability without its mask."""
    try:
        for writer in writers:
            writer.finish(metadata)
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
    published: List[str] = []
    try:
        for writer in writers:
            writer.publish()
            published.append(writer.target)
    except BaseException:
        for writer in writers:
            writer.abort()
        for path in published:
            os.unlink(path)
        raise
