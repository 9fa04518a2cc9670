"""The batch rows of the failure matrix (docs/failure_matrix.md, "Batch and clusters") that run
in a moment, through `python -m metric_cd_plugin batch` as a user types it: each is one line
`error: ...` holding every fragment of the table's cell (between its '…'), nothing is written
and no input changes. The cluster rows are run by tests/cli/test_batch_refusals.py."""
import os
import subprocess
import sys

import pytest
from osgeo import gdal, ogr

from conftest import REPO
from failure_checks import child_env
from synthetic import change_pair

MANIFESTS = {
    "outputs colliding across rows": "t1,t2,output,mask,method\np0/t1.tif,p0/t2.tif,out/a.tif,,cva\n"
                                     "p1/t1.tif,p1/t2.tif,out/a.tif,p0/t2.tif,cva\n",
    "summary over the manifest": "t1,t2,output,method\np0/t1.tif,p0/t2.tif,out/a.tif,cva\n",
    "summary in a missing folder": "t1,t2,output,method\np0/t1.tif,p0/t2.tif,out/a.tif,cva\n",
    "manifest without a header": "p0/t1.tif,p0/t2.tif,out/a.tif\n",
    "more cells than the header": "t1,t2,output,bands1\np1/t1.tif,p1/t2.tif,out/b.tif,1\n"
                                  "p0/t1.tif,p0/t2.tif,out/a.tif,3,2,1\n",
    "polygons into a GeoPackage with other layers": "t1,t2,output,polygons,method\n"
                                                    "p0/t1.tif,p0/t2.tif,out/a.tif,roads.gpkg,cva\n",
}
OPTIONS = {"summary over the manifest": ["--summary", "pairs.csv"],
           "summary in a missing folder": ["--summary", "missing/summary.csv"],
           "`--workers` 0, -1 or -2": ["--workers", "-1"]}
EXIT = {"`--workers` 0, -1 or -2": 2}


def batch_rows():
    with open(os.path.join(REPO, "docs", "failure_matrix.md"), encoding="utf-8") as page:
        table = page.read().split("## Batch and clusters", 1)[1]
    rows = {}
    for line in table.splitlines():
        if line.startswith("| ") and not line.startswith("| case |"):
            case, cell = [c.strip() for c in line.strip().strip("|").split(" | ", 1)]
            rows[case] = cell
    return rows


ROWS = batch_rows()
RUN_HERE = sorted(set(MANIFESTS) | set(OPTIONS))


def test_every_case_run_here_is_a_row_of_the_table():
    assert [case for case in RUN_HERE if case not in ROWS] == []


@pytest.mark.parametrize("case", RUN_HERE)
def test_the_command_line_says_what_the_table_says(tmp_path, case):
    for i in range(2):
        (tmp_path / f"p{i}").mkdir()
        change_pair(tmp_path / f"p{i}", size=16, seed=i)
    (tmp_path / "out").mkdir()
    roads = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "roads.gpkg"))
    roads.CreateLayer("roads", None, ogr.wkbLineString)
    roads = None
    (tmp_path / "pairs.csv").write_text(MANIFESTS.get(case, MANIFESTS["summary over the manifest"]))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    done = subprocess.run([sys.executable, "-m", "metric_cd_plugin", "batch", "pairs.csv", *OPTIONS.get(case, [])],
                          cwd=tmp_path, env={**child_env(), "PYTHONPATH": REPO}, capture_output=True, text=True,
                          timeout=300)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == EXIT.get(case, 1) and len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    message = ROWS[case].split(" (")[0] if case != "`--workers` 0, -1 or -2" else ROWS[case].split(" (exit")[0]
    for fragment in (f.strip(" .;") for f in message.split("…")):
        assert fragment in lines[0], (fragment, lines[0])
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    assert gdal.OpenEx(str(tmp_path / "roads.gpkg")).GetLayer(0).GetName() == "roads"
