"""The batch manifest (no Dask needed): paths relative to it, defaults from the command
line, one clear message for a manifest that cannot be used, and a bad row reported as that
pair's failure while the others run."""
import os

import pytest

from metric_cd_plugin.core.batch.manifest import read_manifest
from metric_cd_plugin.core.batch.pair import run_pair
from metric_cd_plugin.core.errors import InputError


def manifest(tmp_path, text):
    path = tmp_path / "pairs.csv"
    path.write_text(text)
    return str(path)


def test_rows_take_the_defaults_and_paths_are_relative_to_the_manifest(tmp_path):
    jobs = read_manifest(manifest(tmp_path, "t1,t2,output,seed,bands1,method,extent\n"
                                            "a/1.tif,a/2.tif,out/a.tif,,,,\n"
                                            "b/1.tif,/abs/2.tif,out/b.tif,7,\"3,2,1\",CVA,\"0,0,10,10\"\n"),
                         {"seed": 3, "weights": "random"})
    a, b = jobs
    assert a.t1 == os.path.join(str(tmp_path), "a", "1.tif") and b.t2 == "/abs/2.tif"
    assert (a.options["seed"], a.options["weights"], a.options["method"]) == (3, "random", "metric-cd")
    assert (b.options["seed"], b.options["bands1"], b.options["method"]) == (7, [3, 2, 1], "cva")
    assert b.options["extent"] == (0.0, 0.0, 10.0, 10.0) and a.name == "a" and a.row == 2


@pytest.mark.parametrize("text, words", [
    ("t1,t2\nx,y\n", "no column output"),
    ("t1,t2,output,colour\nx,y,z,red\n", "unknown column(s) colour"),
    ("t1,t2,output\n", "lists no pair"),
])
def test_a_manifest_that_cannot_be_used_is_one_message(tmp_path, text, words):
    with pytest.raises(InputError) as err:
        read_manifest(manifest(tmp_path, text))
    assert words in str(err.value) and "\n" not in str(err.value)


def test_missing_manifest(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_manifest(str(tmp_path / "none.csv"))


def test_every_bad_cell_of_a_row_is_named_at_once(tmp_path):
    jobs = read_manifest(manifest(tmp_path, "t1,t2,output,seed,threshold,bands1\nx,y,a.tif,-1,2,4;3\n"))
    assert [part.split("'")[1] for part in jobs[0].error.split("column ")[1:]] == ["seed", "threshold", "bands1"]


def test_a_bad_value_fails_only_its_row(tmp_path):
    jobs = read_manifest(manifest(tmp_path, "t1,t2,output,seed,method\nx,y,a.tif,abc,\nx,y,b.tif,1,sift\n"))
    assert jobs[0].error.startswith("column 'seed': The seed abc is not a whole number from 0 to")
    assert jobs[1].error.startswith("column 'method': Unknown method 'sift'; choose one of metric-cd")
    result = run_pair(jobs[0])
    assert (result.status, result.reason) == ("failed", jobs[0].error)
    assert not (tmp_path / "a.tif").exists()


def test_batch_without_dask_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    import sys
    from metric_cd_plugin.cli import main
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed: import fails
    path = manifest(tmp_path, "t1,t2,output\nx.tif,y.tif,out.tif\n")
    assert main(["batch", path, "--weights", "random"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: Batch runs need Dask distributed") and "pip install" in err
    assert len(err.strip().splitlines()) == 1


def test_a_row_sets_its_shift_tolerance_and_the_others_keep_the_default(tmp_path):
    from metric_cd_plugin.core.batch.pair import job_values
    from metric_cd_plugin.core.request.parse import deep_request
    jobs = read_manifest(manifest(tmp_path, "t1,t2,output,shift_tolerance\nx,y,a.tif,0\nx,y,b.tif,\n"),
                         {"shift_tolerance": "auto"})
    forced, default = (deep_request(job_values(job)).resolved_preset() for job in jobs)
    assert forced.shift_tolerance == 0 and default.shift_tolerance is None  # None: chosen from the data
