"""The sampling design on real GeoTIFF masks: strata, allocation, reproducible points in a
GeoPackage, nodata never sampled, the strip-wise reading, and the estimate from labelled points."""
import numpy as np
import pytest
from osgeo import ogr

from metric_cd_plugin.core.accuracy import sampling
from metric_cd_plugin.core.accuracy.area import estimate_area
from metric_cd_plugin.core.accuracy.area_report import write_csv, write_html
from metric_cd_plugin.core.accuracy.sample_points import read_points, write_points
from metric_cd_plugin.core.accuracy.sampling import (allocate, count_strata, design_sample_size, select_points,
                                                     shuffled, stratum_codes)
from metric_cd_plugin.core.errors import InputError
from tests.synthetic import write_raster


@pytest.fixture
def mask_files(tmp_path):
    mask = np.zeros((60, 80), np.uint8)
    mask[10:20, 10:30] = 1          # 200 change pixels
    mask[50:, 70:] = 255            # nodata corner, 100 px
    prob = np.where(mask == 1, 0.9, 0.1).astype(np.float32)
    prob[30:35, 40:60] = 0.4        # "possible": high but below the threshold
    prob[mask == 255] = -1
    return (write_raster(tmp_path / "mask.tif", mask, nodata=255),
            write_raster(tmp_path / "prob.tif", prob, nodata=-1), mask)


def test_strata_ring_and_probability(mask_files):
    mask_path, prob_path, mask = mask_files
    codes = stratum_codes(mask_path, prob_path, ring=2, possible_low=0.3)
    assert (codes[mask == 1] == 1).all() and (codes[mask == 255] == 0).all()
    ring = (24 * 14) - 200  # 2-pixel square ring around the 10 x 20 block
    assert (codes == 2).sum() == ring + 100
    grid = count_strata(mask_path, prob_path, ring=2, possible_low=0.3)
    assert grid.counts == {"change": 200, "possible": ring + 100, "stable": 4800 - 100 - 200 - ring - 100}


def test_strip_reading_gives_the_same_strata(mask_files, monkeypatch):
    """A large raster is read in strips with a ring-row halo: tiny strips, same strata."""
    mask_path, prob_path, _ = mask_files
    whole = stratum_codes(mask_path, prob_path, ring=3, possible_low=0.3)
    monkeypatch.setattr(sampling, "STRIP_PIXELS", 80 * 7)
    assert (stratum_codes(mask_path, prob_path, ring=3, possible_low=0.3) == whole).all()


def test_allocation_methods():
    counts = {"change": 200, "possible": 336, "stable": 4164}
    prop = allocate(counts, 100, "proportional", minimum=10)
    assert prop == {"change": 10, "possible": 10, "stable": 80}  # the minimum, the rest where it is left
    assert allocate(counts, 90, "equal") == {"change": 30, "possible": 30, "stable": 30}
    assert allocate(counts, 1000, "equal", minimum=0) == {"change": 200, "possible": 336, "stable": 464}
    assert allocate(counts, 10, "proportional", minimum=5) == {"change": 5, "possible": 5, "stable": 5}
    assert allocate(counts, 0, "custom", per_stratum={"change": 50, "possible": 3, "stable": 5000}) == \
        {"change": 50, "possible": 3, "stable": 4164}
    assert allocate({"change": 0, "possible": 1, "stable": 9}, 10, minimum=2) == {"possible": 1, "stable": 9}


def test_sample_size_from_target_se(mask_files):
    grid = count_strata(mask_files[0])
    n = design_sample_size(grid, {"change": 0.7, "stable": 0.95}, 0.01)
    w = np.array([200, 4500]) / 4700
    s = np.sqrt([0.7 * 0.3, 0.95 * 0.05])
    assert n == int(np.ceil((w @ s) ** 2 / (0.01 ** 2 + (w @ s ** 2) / 4700)))
    with pytest.raises(InputError, match="target standard error"):
        design_sample_size(grid, {"change": 0.7, "stable": 0.95}, 0.0)


def test_points_match_the_allocation_are_reproducible_and_avoid_nodata(mask_files, tmp_path):
    mask_path, prob_path, mask = mask_files
    grid = count_strata(mask_path, prob_path, ring=1)
    alloc = allocate(grid.counts, 60, "equal")
    pts = select_points(mask_path, alloc, seed=7, probability_path=prob_path, ring=1, grid=grid)
    again = select_points(mask_path, alloc, seed=7, probability_path=prob_path, ring=1, grid=grid)
    other = select_points(mask_path, alloc, seed=8, probability_path=prob_path, ring=1, grid=grid)
    assert [(p.row, p.col) for p in pts] == [(p.row, p.col) for p in again]
    assert [(p.row, p.col) for p in pts] != [(p.row, p.col) for p in other]
    assert {h: sum(p.stratum == h for p in pts) for h in alloc} == alloc
    assert len({(p.row, p.col) for p in pts}) == 60
    codes = stratum_codes(mask_path, prob_path, ring=1)
    for p in pts:
        assert mask[p.row, p.col] != 255 and codes[p.row, p.col] == sampling.STRATA.index(p.stratum) + 1
    out = write_points(str(tmp_path / "points.gpkg"), shuffled(pts, 7), grid, [mask_path])
    ds = ogr.Open(out)
    layer = ds.GetLayer(0)
    assert layer.GetFeatureCount() == 60
    f = layer.GetNextFeature()
    assert f.GetField("id") == 1 and f.IsFieldNull("reference") and f.GetField("pixel_area") == 900.0
    assert not [n for n in tmp_path.iterdir() if n.name.startswith(".")]  # no temporary left


def test_a_probability_raster_is_not_a_mask(mask_files):
    with pytest.raises(InputError, match="is not a change mask"):
        count_strata(mask_files[1])


def _label(path, truth, unsure_ids=(), leave=()):
    ds = ogr.Open(path, 1)
    layer = ds.GetLayer(0)
    for f in layer:
        pid = f.GetField("id")
        if pid in leave:
            continue
        value = "unsure" if pid in unsure_ids else ("change" if truth[f.GetField("row"), f.GetField("col")]
                                                    else "no change")
        f.SetField("reference", value)
        layer.SetFeature(f)
    ds = None


@pytest.fixture
def labelled(mask_files, tmp_path):
    """Truth = the mapped block shifted by 3 columns: omission in the ring, commission in the block."""
    mask_path, _, mask = mask_files
    truth = np.zeros(mask.shape, bool)
    truth[10:20, 13:33] = True
    grid = count_strata(mask_path, ring=3)
    pts = select_points(mask_path, allocate(grid.counts, 90, "equal"), seed=1, ring=3, grid=grid)
    path = write_points(str(tmp_path / "pts.gpkg"), shuffled(pts, 1), grid)
    return path, truth, mask_path


def test_estimate_with_a_possible_stratum_is_stehmans_and_close_to_the_truth(labelled, tmp_path):
    path, truth, _ = labelled
    _label(path, truth, unsure_ids={3}, leave={5, 6})
    rep = estimate_area(path)
    assert rep.estimates.method == "stehman" and rep.unit == "ha"
    assert rep.unsure == 1 and rep.unlabelled == 2
    true_ha = truth.sum() * 0.09
    assert rep.area("change").low <= true_ha <= rep.area("change").high
    assert rep.mapped_area() == pytest.approx(200 * 0.09)
    csv_path = write_csv(rep, str(tmp_path / "area.csv"))
    html_path = write_html(rep, str(tmp_path / "area.html"), path)
    assert "area,change," in open(csv_path).read() and "Stehman 2014" in open(html_path).read()


def _labelled_by_the_mask(mask_files, tmp_path):
    """40 points of the two-strata design, each labelled with the mask's own class -> (points, mask)."""
    mask_path, _, mask = mask_files
    grid = count_strata(mask_path)
    pts = select_points(mask_path, allocate(grid.counts, 40, "equal"), seed=2, grid=grid)
    path = write_points(str(tmp_path / "p.gpkg"), pts, grid)
    _label(path, mask == 1)
    return path, mask_path


def test_two_strata_use_olofsson(mask_files, tmp_path):
    path, mask_path = _labelled_by_the_mask(mask_files, tmp_path)
    rep = estimate_area(path, mask_path)
    assert rep.estimates.method == "olofsson"
    assert rep.area("change").value == pytest.approx(200 * 0.09) and rep.area("change").se == 0


def test_refusals_are_one_line(labelled, tmp_path):
    path, truth, _ = labelled
    with pytest.raises(InputError, match="stratum 'change' has no labelled point"):
        estimate_area(path)
    ds = ogr.Open(path, 1)
    f = ds.GetLayer(0).GetNextFeature()
    f.SetField("reference", "maybe")
    ds.GetLayer(0).SetFeature(f)
    ds = None
    with pytest.raises(InputError, match="labelled 'maybe'; the reference field takes only"):
        read_points(path)
    _label(path, truth)
    ds = ogr.Open(path, 1)
    f = ds.GetLayer(0).GetNextFeature()
    f.SetFieldNull("stratum")
    ds.GetLayer(0).SetFeature(f)
    ds = None
    with pytest.raises(InputError, match=r"Point 1 of .* has no stratum"):
        estimate_area(path)


def test_few_labelled_points_in_a_stratum_are_said(labelled):
    path, truth, _ = labelled
    ds = ogr.Open(path)
    change_ids = [f.GetField("id") for f in ds.GetLayer(0) if f.GetField("stratum") == "change"]
    ds = None
    _label(path, truth, unsure_ids=set(change_ids[3:]))
    rep = estimate_area(path)
    assert rep.labelled["change"] == 3 and rep.unsure == len(change_ids) - 3
    assert rep.notes == ["Few points labelled change or no change in stratum change (3): the intervals are wide "
                         "and their 95 % only approximate; label more points there if you can."]


def test_a_point_without_geometry_is_refused_when_the_mask_is_read(mask_files, tmp_path):
    # an analyst's edit can leave a sample point without a location: the mask cannot be read there
    path, mask_path = _labelled_by_the_mask(mask_files, tmp_path)
    ds = ogr.Open(path, 1)
    f = ds.GetLayer(0).GetNextFeature()
    f.SetGeometry(None)
    ds.GetLayer(0).SetFeature(f)
    ds = None
    with pytest.raises(InputError, match=r"Point 1 has no geometry"):
        estimate_area(path, mask_path)
