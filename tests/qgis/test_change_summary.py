"""How much changed, after a toolbox run: Processing outputs (numbers), the log line, and the
optional HTML or CSV summary, all equal to what the run wrote into the output's metadata."""
import csv

import pytest

from metric_cd_plugin.core.raster.metadata import read_run_metadata
from test_processing_runs import RecordingFeedback, params_for


@pytest.mark.parametrize("algorithm_id, report", [("metriccd:cva", "summary.html"),
                                                  ("metriccd:changedetection", "summary.csv")])
def test_processing_outputs_the_changed_area_share_and_patches(processing_api, square_pair, tmp_path,
                                                               algorithm_id, report):
    t1, t2, _ = square_pair
    feedback = RecordingFeedback()
    results = processing_api.run(algorithm_id, params_for(algorithm_id, t1, t2, tmp_path,
                                                          OUTPUT_SUMMARY=str(tmp_path / report)), feedback=feedback)
    stored = read_run_metadata(results["OUTPUT"])["summary"]
    assert stored["changed_pixels"] > 0 and stored["patches"] >= 1
    assert results["CHANGED_AREA"] == stored["changed_area"] == stored["changed_pixels"] * 900.0
    assert results["CHANGED_AREA_HA"] == pytest.approx(stored["changed_area"] / 1e4)
    assert results["CHANGED_PERCENT"] == pytest.approx(100 * stored["changed_pixels"] / stored["valid_pixels"])
    assert (results["CHANGED_PIXELS"], results["CHANGE_PATCHES"]) == (stored["changed_pixels"], stored["patches"])
    line = next(i for i in feedback.infos if i.startswith("Changed: "))
    assert f"{stored['changed_ha']:,.2f} ha" in line and "% of the valid area" in line
    text = (tmp_path / report).read_text(encoding="utf-8")
    if report.endswith(".csv"):
        rows = dict(csv.reader(text.splitlines()))
        assert int(rows["patches"]) == stored["patches"] and float(rows["changed_ha"]) == pytest.approx(
            stored["changed_ha"], rel=1e-5)
    else:
        assert line in text and "<table" in text
    assert results["OUTPUT_SUMMARY"] == str(tmp_path / report)
