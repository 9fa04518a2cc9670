"""libtiff's stray stderr line on a failed write is cleared only where libtiff's own default
prints it; libtiff's errors still reach GDAL (core/raster/libtiff_messages.py). Each case runs
in a fresh Python: the handler is process-wide and set once."""
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(code: str, tmp_path):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "TMPDIR": str(tmp_path)})


def test_a_write_past_the_file_size_limit_is_one_error_and_nothing_on_stderr(tmp_path):
    r = _run(f"""
        import resource, signal
        import numpy as np
        from metric_cd_plugin.core.errors import OutputError
        from metric_cd_plugin.core.raster.geotiff import AtomicGeoTiff
        from osgeo import gdal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
        w = AtomicGeoTiff({str(tmp_path / 'out.tif')!r}, 1500, 1500, None, "", gdal.GDT_Float32, -1.0, "p")
        try:
            w.write(0, 0, np.random.default_rng(0).random((1500, 1500), dtype=np.float32))
            w.commit()
        except OutputError as exc:
            w.abort()
            print(exc)
        """, tmp_path)
    assert r.returncode == 0, r.stderr
    assert "the disk may be full or the file too large" in r.stdout
    assert r.stderr == ""  # no "_tiffWriteProc: File too large." (GDAL 3.10) nor anything else
    assert not (tmp_path / "out.tif").exists() and list(tmp_path.iterdir()) == []


def test_libtiff_errors_still_reach_gdal_after_the_default_is_cleared(tmp_path):
    r = _run(f"""
        import numpy as np
        from osgeo import gdal
        from metric_cd_plugin.core.raster.libtiff_messages import quiet_default_error_handler
        gdal.UseExceptions()
        quiet_default_error_handler()
        path = {str(tmp_path / 'cut.tif')!r}
        ds = gdal.GetDriverByName("GTiff").Create(path, 256, 256, 1, gdal.GDT_Float32)
        ds.GetRasterBand(1).WriteArray(np.ones((256, 256), np.float32))
        ds = None
        data = open(path, "rb").read()
        open(path, "wb").write(data[:len(data) // 2])  # the second half of the strips is gone
        said = []
        gdal.PushErrorHandler(lambda cls, no, msg: said.append(msg))
        gdal.DontUseExceptions()
        gdal.Open(path).ReadAsArray()
        print("\\n".join(said))
        """, tmp_path)
    assert r.returncode == 0, r.stderr
    said = r.stdout.splitlines()
    assert any(line.startswith("TIFFReadEncodedStrip:Read error") for line in said), said  # libtiff's own words
    assert r.stderr == ""
