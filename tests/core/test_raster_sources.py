"""Odd but legal inputs (core.raster.sources, pair, alignment): GDAL names that are not plain
files are opened, a container names its subdatasets, a VRT with a missing source or one that
refers to itself says so, a local (engineering) CRS against a projected one, a NaN in the
geotransform, and rasters with only RPCs get one line saying what to do or what was done."""
import os
import zipfile

import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.errors import InputError
from metric_cd_plugin.core.raster.pair import RasterPair
from synthetic import write_raster

LOCAL_CS = ('LOCAL_CS["site grid",LOCAL_DATUM["site",0],UNIT["metre",1],AXIS["Easting",EAST],'
            'AXIS["Northing",NORTH]]')


@pytest.fixture()
def pair(tmp_path):
    rng = np.random.default_rng(0)
    a = rng.uniform(0, 100, (3, 16, 16)).astype(np.float32)
    return write_raster(tmp_path / "t1.tif", a), write_raster(tmp_path / "t2.tif", a + 1)


def refused(t1, t2, *fragments):
    with pytest.raises(InputError) as raised:
        p = RasterPair(t1, t2)
        p.read(0, 0, p.width, p.height)
    for fragment in fragments:
        assert fragment in str(raised.value), str(raised.value)
    assert "\n" not in str(raised.value)


def _vrt_of(tmp_path, source, name, edit=None):
    vrt = tmp_path / name
    gdal.Translate(str(vrt), source, format="VRT")
    if edit:
        vrt.write_text(edit(vrt.read_text(encoding="utf-8")), encoding="utf-8")
    return str(vrt)


def test_a_zipped_raster_is_opened_and_a_container_names_its_rasters(tmp_path, pair):
    t1, t2 = pair
    with zipfile.ZipFile(tmp_path / "t1.zip", "w") as archive:
        archive.write(t1, "inside/t1.tif")
    assert RasterPair(f"/vsizip/{tmp_path / 't1.zip'}/inside/t1.tif", t2).width == 16
    two = str(tmp_path / "two.gpkg")
    gdal.Translate(two, t1, format="GPKG", outputType=gdal.GDT_Byte, creationOptions=["RASTER_TABLE=first"])
    gdal.Translate(two, t1, format="GPKG", outputType=gdal.GDT_Byte,
                   creationOptions=["RASTER_TABLE=second", "APPEND_SUBDATASET=YES"])
    refused(two, t2, "holds several rasters (subdatasets)", "choose one of them by name",
            f"GPKG:{two}:first")
    refused(f"/vsizip/{tmp_path / 'nothing.zip'}/t1.tif", t2, "cannot be opened by GDAL", "check the name")


def test_a_vrt_with_a_missing_source_or_referring_to_itself_says_so(tmp_path, pair):
    t1, t2 = pair
    moved = _vrt_of(tmp_path, t1, "moved.vrt")
    itself = _vrt_of(tmp_path, t1, "itself.vrt", lambda text: text.replace("t1.tif", "itself.vrt"))
    os.rename(t1, tmp_path / "elsewhere.tif")
    for vrt in (moved, itself):
        refused(vrt, t2, "is a virtual raster (VRT) whose source cannot be read",
                "check that the files it refers to exist and that it does not refer to itself")


def test_a_nan_in_the_geotransform_and_a_local_crs_are_one_line(tmp_path, pair):
    t1, t2 = pair
    nan = _vrt_of(tmp_path, t1, "nan.vrt", lambda text: text.replace(
        text[text.index("<GeoTransform>"):text.index("</GeoTransform>")], "<GeoTransform>nan, 30, 0, 3500000, 0, -30"))
    refused(nan, t2, "has a zero pixel size or a NaN", "fix its georeference")
    local = write_raster(tmp_path / "local.tif", np.ones((3, 16, 16), np.float32), wkt=LOCAL_CS,
                         gt=(0.0, 30.0, 0.0, 480.0, 0.0, -30.0))
    refused(t1, local, "cannot be converted to T1's", "give both rasters in one CRS")


def test_rasters_with_only_rpcs_are_compared_pixel_to_pixel_and_the_note_says_so(tmp_path):
    rpc = {"LINE_OFF": "8", "SAMP_OFF": "8", "LAT_OFF": "30", "LONG_OFF": "120", "HEIGHT_OFF": "0",
           "LINE_SCALE": "8", "SAMP_SCALE": "8", "LAT_SCALE": "0.01", "LONG_SCALE": "0.01", "HEIGHT_SCALE": "1",
           "LINE_NUM_COEFF": " ".join(["0", "0", "-1"] + ["0"] * 17),
           "LINE_DEN_COEFF": " ".join(["1"] + ["0"] * 19),
           "SAMP_NUM_COEFF": " ".join(["0", "1"] + ["0"] * 18),
           "SAMP_DEN_COEFF": " ".join(["1"] + ["0"] * 19)}
    paths = []
    for name in ("t1.tif", "t2.tif"):
        path = write_raster(tmp_path / name, np.ones((2, 16, 16), np.float32), gt=None)
        ds = gdal.Open(path, gdal.GA_Update)
        ds.SetMetadata(rpc, "RPC")
        ds = None
        paths.append(path)
    note = RasterPair(*paths).alignment_note
    assert "compared pixel to pixel" in note and "T1 and T2 have only RPCs" in note and "gdalwarp -rpc" in note


def test_rasters_numbered_on_either_side_of_the_antimeridian_are_aligned(tmp_path):
    """T1 from 179° to 181° east, T2 numbered from -180.5° (179.5° east): the same place,
    read without resampling once T2's longitudes are moved by 360°."""
    from osgeo import osr
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    a = np.random.default_rng(1).uniform(0, 100, (2, 20, 20)).astype(np.float32)
    t1 = write_raster(tmp_path / "t1.tif", a, gt=(179.0, 0.1, 0, 10, 0, -0.1), wkt=wgs84.ExportToWkt())
    t2 = write_raster(tmp_path / "t2.tif", a, gt=(-180.5, 0.1, 0, 10, 0, -0.1), wkt=wgs84.ExportToWkt())
    pair = RasterPair(t1, t2)
    a1, a2, valid = pair.read(0, 0, pair.width, pair.height)
    assert (pair.width, pair.height) == (15, 20) and valid.all()
    assert np.array_equal(a2, a[:, :, :15]) and np.array_equal(a1, a[:, :, 5:])
    assert "taken +360° across the antimeridian" in pair.alignment_note
