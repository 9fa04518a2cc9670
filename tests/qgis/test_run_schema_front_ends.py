"""The run schema (core/request/fields.py) walked field by field: the command line, the batch
manifest, Processing (through the real registry) and the dialog (built for real) expose each
field under its name, with the schema's default, and refuse a bad value with the schema's
words. A new field without a bad example below fails here, so it is checked too."""
import csv
import os
import re

import pytest
from qgis.core import QgsApplication, QgsProcessingException

from metric_cd_plugin.cli import _parser
from metric_cd_plugin.cli_options import PER_ROW, CommandLineError, flag, run_values
from metric_cd_plugin.core.batch.manifest import COLUMNS, read_manifest
from metric_cd_plugin.core.request.fields import BY_NAME, DEEP, FIELDS, fields_of
from metric_cd_plugin.core.request.parse import parse_field, parse_values
from metric_cd_plugin.processing_provider.run_parameters import BY_INDEX, schema_value
from metric_cd_plugin.qgis_enums import FLAG_ADVANCED

# a value each checked field refuses; paths are checked by core.raster.destinations and sources
BAD = {"min_area": "-1", "min_pixels": "0",
       "bands1": "4;3", "bands2": "x", "extent": "1,2", "data_kind": "radar", "seed": "-3",
       "threshold": "high", "method": "sift", "preset": "slow", "device": "tpu", "iterations": "0",
       "finetune_fe": "maybe", "threads": "0", "shift_tolerance": "9", "precision": "half", "weights": None}
FREE = ("path",)  # kinds any text is valid for at this stage
ALGORITHMS = {"deep": "metriccd:changedetection", "classical": "metriccd:cva"}


def schema_text(name):
    _, problems = parse_values({name: BAD[name]}, [name])
    assert len(problems) == 1, name
    return problems[0].text()


def subcommands():
    parser = _parser()
    return parser._subparsers._group_actions[0].choices  # argparse keeps its sub-parsers there


def test_every_checked_field_has_a_bad_example():
    checked = {f.name for f in FIELDS if f.kind not in FREE}
    assert checked <= set(BAD), checked - set(BAD)


@pytest.mark.parametrize("command, names", [
    ("detect", [f.name for f in fields_of("deep")]), ("classical", [f.name for f in fields_of("classical")]),
    ("batch", [f.name for f in FIELDS if f.name not in PER_ROW])])
def test_the_command_line_offers_every_field_with_its_default_and_refusal(command, names):
    parser = subcommands()[command]
    offered = {s for action in parser._actions for s in action.option_strings} | \
        {action.dest for action in parser._actions if not action.option_strings}
    for name in names:
        assert flag(name) in offered, (command, name)
    required = {"detect": ["a.tif", "b.tif", "-o", "o.tif"], "classical": ["cva", "a.tif", "b.tif", "-o", "o.tif"],
                "batch": ["m.csv"]}[command]
    args = parser.parse_args(required)
    values = run_values(args, names)
    for name in names:
        if not BY_NAME[name].required:
            assert values[name] == parse_field(name, None), name
    for name in (n for n in names if BAD.get(n) is not None and BY_NAME[n].kind != "bool"):
        with pytest.raises(CommandLineError) as refused:
            run_values(parser.parse_args(required + [f"{flag(name)}={BAD[name]}"]), names)
        assert str(refused.value) == f"{flag(name)}: {schema_text(name)}"


def test_the_manifest_has_a_column_per_field_with_its_default_and_refusal(tmp_path):
    assert {f.name for f in FIELDS} <= set(COLUMNS)
    checked = [n for n, bad in BAD.items() if bad is not None]
    path = tmp_path / "m.csv"
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["t1", "t2", "output"] + checked)
        writer.writerow(["x.tif", "y.tif", "o.tif"] + ["" for _ in checked])
        for i, name in enumerate(checked):
            writer.writerow(["x.tif", "y.tif", f"o{i}.tif"] + [BAD[n] if n == name else "" for n in checked])
    default, *bad = read_manifest(str(path))
    assert default.error is None
    for name, value in default.options.items():
        assert value == parse_field(name, None) or BY_NAME[name].kind == "path", name
    for name, job in zip(checked, bad):
        assert job.error == f"column '{name}': {schema_text(name)}"


@pytest.mark.parametrize("family", ["deep", "classical"])
def test_processing_has_a_parameter_per_field_with_its_default(metriccd_provider, family):
    algorithm = QgsApplication.processingRegistry().algorithmById(ALGORITHMS[family])
    for f in fields_of(family):
        if not f.user_facing:
            continue
        definition = algorithm.parameterDefinition(f.processing)
        assert definition is not None, f.name
        if not f.output and f.kind != "path":
            assert bool(definition.flags() & FLAG_ADVANCED) == f.advanced, f.name
            default = schema_value(f, definition.defaultValue())  # as the algorithm reads it
            assert parse_field(f.name, default) == parse_field(f.name, None), f.name
            if f.name in BY_INDEX:  # saved models hold the index: the schema's order is kept
                assert definition.options() == list(f.choices), f.name


def test_processing_refuses_every_bad_text_at_once_in_the_schemas_words(processing_api, square_pair, tmp_path):
    t1, t2 = square_pair[:2]
    out = str(tmp_path / "score.tif")
    with pytest.raises(QgsProcessingException) as refused:
        processing_api.run("metriccd:cva", {"T1": t1, "T2": t2, "OUTPUT": out, "THRESHOLD": BAD["threshold"],
                                            "BANDS_T1": BAD["bands1"]})
    for name in ("threshold", "bands1"):
        assert schema_text(name) in str(refused.value), str(refused.value)
    assert not os.path.exists(out)


def test_the_dialog_shows_every_user_facing_field_and_sends_it(make_dialog, clean_project, tmp_path):
    from dialog_fixtures import add_raster, random_raster
    from metric_cd_plugin.gui import settings_store
    from metric_cd_plugin.gui.settings_panel import ADVANCED_WIDGETS
    add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2), "t2")
    dialog = make_dialog()[0]
    panel = dialog.settings_panel
    for f in fields_of("deep"):
        if f.user_facing and f.advanced:  # its own widget, or one built from the schema
            widget = getattr(panel, ADVANCED_WIDGETS[f.name]) if f.name in ADVANCED_WIDGETS else \
                panel.more.widgets[f.name]
            assert panel.advanced.isAncestorOf(widget), f.name
    dialog.outputs.polygons_check.setChecked(True)
    parameters = dialog.collect_request().to_parameters()
    sent = {f.name for f in fields_of("deep") if f.user_facing and f.processing in parameters}
    missing = {f.name for f in fields_of("deep") if f.user_facing} - sent - {"extent"}  # extent: when ticked
    assert not missing
    remembered = settings_store.DEFAULTS
    for name in ("data_kind", "preset", "device", "seed", "shift_tolerance", "finetune_fe", "min_area"):
        assert parse_field(name, remembered[name]) == parse_field(name, None), name
    assert remembered["iterations"] == 0 and parse_field("iterations", None) is None  # 0 = the preset's
    assert remembered["threshold_auto"] and parse_field("threshold", None) is None
    assert re.fullmatch(r"auto", remembered["weights_choice"]) and BY_NAME["weights"].default == "auto"
    assert DEEP == BY_NAME["method"].default
