"""A failed run's error in the dialog's words (gui/error_words.py, issue 26): every code the
core gives an error has a dialog wording with placeholders the core fills; in English the
dialog says exactly what the core says, on the failure matrix's real bad files; in French a
real dialog run on a bad input ends with a French message and no English sentence."""
import ast
import html
import os
import re
import string

import pytest
from qgis.core import Qgis
from qgis.gui import QgsMessageBar

from conftest import REPO
from dialog_fixtures import add_raster, make_dialog, wait_until  # noqa: F401
from failure_cases import CASES, ITERATIONS
from failure_checks import file_size_limit
from failure_inputs import _arrays_case, _no_georef_sizes
from failure_inputs_older import _nan_band
from test_dialog_french import english_in, english_sentences, french  # noqa: F401
from test_translations import french_qm  # noqa: F401

CORE = os.path.join(REPO, "metric_cd_plugin", "core")


def _error_classes():
    from metric_cd_plugin.core.errors import MetricCDError
    from metric_cd_plugin.core.request.problems import RequestError  # noqa: F401 (a subclass, once imported)
    found, todo = set(), [MetricCDError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


def _strings(node):
    """The string constants an expression can be: a literal, either branch of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def _assigned(tree, name):
    """The string constants assigned to `name` anywhere in the module (also by tuple unpacking)."""
    found = set()
    for node in ast.walk(tree):
        for target in getattr(node, "targets", []):
            if isinstance(target, ast.Name) and target.id == name:
                found |= _strings(node.value)
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                found |= {code for t, v in zip(target.elts, node.value.elts)
                          if isinstance(t, ast.Name) and t.id == name for code in _strings(v)}
    return found


def _codes(tree, node):
    return _assigned(tree, node.id) if isinstance(node, ast.Name) else _strings(node)


def _site(tree, node, classes):
    """(codes, parameter names or None when given as **params) of one call that makes a coded error."""
    called = getattr(node.func, "id", getattr(node.func, "attr", ""))
    keywords = {k.arg: k.value for k in node.keywords}
    if called in classes or called == "__init__":  # an error, or a subclass passing its own code up
        given = keywords.get("code", node.args[1] if len(node.args) > 1 else None)
        return (_codes(tree, given) if given is not None else set(),
                None if None in keywords else set(keywords) - {"code"})
    if called == "Coded" and len(node.args) == 3 and isinstance(node.args[2], ast.Dict):  # a check's refusal
        return _strings(node.args[1]), {k.value for k in node.args[2].keys}
    return set(), None


def coded_sites():
    """(file:line, code, parameter names or None) of every error the core makes with a code it
    spells out: MetricCDError and its subclasses, and the checks that return their refusal as
    a Coded (raised through errors.coded_error)."""
    classes, sites = _error_classes(), []
    for folder, _, names in os.walk(CORE):
        for name in (n for n in names if n.endswith(".py")):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as source:
                tree = ast.parse(source.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    codes, params = _site(tree, node, classes)
                    sites += [(f"{os.path.relpath(path, REPO)}:{node.lineno}", code, params) for code in codes]
    return sites


def placeholders(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_coded_core_error_has_a_dialog_wording_with_the_core_s_placeholders():
    from metric_cd_plugin.core.deep.weights_notes import TEXTS as WEIGHTS
    from metric_cd_plugin.gui.error_words import CAUSES, templates
    worded, sites = templates(), coded_sites()
    assert len(sites) >= 60, sites  # the walk finds the core's errors
    for where, code, params in sites:
        if code in WEIGHTS or code in CAUSES or code == "request":
            continue  # run_words (the weights, their causes) and problem_words (a request's problems) word them
        assert code in worded, f"{where}: code {code!r} has no wording in gui/error_words.py"
        if params is not None:
            assert placeholders(worded[code]) <= params, f"{where}: {code} gives {sorted(params)}"
    stale = set(worded) - {code for _, code, _ in sites}
    assert not stale, f"worded but never raised: {stale}"


def _core_error(case, folder):
    """The run's error on a failure-matrix case (the deep method, random weights: no download)."""
    from metric_cd_plugin.core.change import run_change
    from metric_cd_plugin.core.errors import MetricCDError
    inputs = case.make(folder)
    values = {"t1": inputs.t1, "t2": inputs.t2, "output": inputs.output, "mask": inputs.mask,
              "weights": "random", "iterations": ITERATIONS, "device": "cpu", "threads": 1}
    try:
        with file_size_limit(inputs.file_size_limit):
            run_change(values)
    except MetricCDError as exc:
        return exc
    return None


CORE_FAILURES = [case for case in CASES if case.fails and "weights" not in case.name and "seed" not in case.name]


@pytest.mark.parametrize("case", CORE_FAILURES, ids=[c.name.replace(" ", "_") for c in CORE_FAILURES])
def test_in_english_the_dialog_says_what_the_core_says(case, case_folder, one_torch_thread):
    """No translator: each template is the core's sentence, its numbers as the core writes them."""
    from metric_cd_plugin.gui.error_words import error_text
    error = _core_error(case, case_folder)
    assert error is not None and error.code, (case.name, error)  # refused, with a code
    assert error_text(error, "(not worded)") == str(error), error.code


@pytest.mark.parametrize("make, french_words", [
    (_arrays_case(_nan_band), ["Moins de deux pixels sont valides aux deux dates",
                               "la bande 2 de T2 n'a aucune valeur valide", "sélection de bandes"]),
    (_arrays_case(_no_georef_sizes), ["Aucun des deux rasters n'est géoréférencé", "géoréférencez-les"]),
], ids=["a band NaN everywhere", "no georeference, different sizes"])
def test_a_french_dialog_run_on_a_bad_input_fails_in_french(french, make_dialog, case_folder,  # noqa: F811
                                                            one_torch_thread, make, french_words):
    inputs = make(case_folder)
    add_raster(inputs.t1, "avant")
    add_raster(inputs.t2, "après")
    bar = QgsMessageBar()
    dialog, manager = make_dialog(message_bar=bar)
    dialog.settings_panel.iterations.setValue(ITERATIONS)
    dialog.settings_panel.device.setCurrentIndex(dialog.settings_panel.device.findData("cpu"))
    dialog.settings_panel.weights_random.setChecked(True)
    dialog.outputs.probability.setFilePath(inputs.output)
    assert dialog.start_run(), dialog.run_button.toolTip()
    assert wait_until(lambda: not manager.busy)
    failed = [f"{item.title()} {item.text()}" for item in bar.items() if item.level() == Qgis.MessageLevel.Critical]
    assert len(failed) == 1, [item.text() for item in bar.items()]
    status = html.unescape(re.sub(r"<[^>]*>", " ", dialog.status.text()))
    fragments = english_sentences()
    for shown in (failed[0], status):
        assert all(words in shown for words in french_words), shown
        assert not english_in(shown, fragments), (shown, english_in(shown, fragments))
    assert not os.path.exists(inputs.output)
