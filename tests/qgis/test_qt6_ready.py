"""QGIS 4 (Qt 6) readiness, read from the plugin's source with ast: PyQt6 accepts only scoped
enums (Qt.CheckState.Checked, not Qt.Checked), has no exec_(), and every Qt name the plugin
uses must exist there. The names are resolved against the running PyQt5 and QGIS (scoped form;
on QGIS >= 3.36 also: no alias that QGIS 4 drops) and against PyQt6 itself in a child process
(Debian's python3-pyqt6, installed by make setup)."""
import ast
import configparser
import json
import os
import subprocess  # nosec B404 # a child Python that imports PyQt6, which must not share a process with PyQt5
import sys
from importlib import import_module

import pytest

from conftest import REPO

PLUGIN = os.path.join(REPO, "metric_cd_plugin")
TESTS = os.path.join(REPO, "tests")
# QGIS's own qgis.PyQt.QtWidgets on Qt 6 re-exports these from QtGui, where Qt 6 moved them.
MOVED_TO_QTGUI = {"QAction", "QActionGroup", "QShortcut"}


def python_files(root):
    for folder, _, files in os.walk(root):
        yield from (os.path.join(folder, name) for name in sorted(files) if name.endswith(".py"))


def qt_uses(prefixes=("qgis.PyQt.",), root=PLUGIN):
    """[(where, module, dotted name)] for every name imported from a module under `prefixes` and
    every attribute chain read from one (Qt.ItemDataRole.UserRole -> ('QtCore', 'Qt.ItemDataRole.UserRole'))."""
    found = []
    for path in python_files(root):
        with open(path, encoding="utf-8") as stream:
            tree = ast.parse(stream.read(), path)
        where = os.path.relpath(path, REPO)
        imported = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(prefixes):
                for alias in node.names:
                    imported[alias.asname or alias.name] = (node.module.split(".")[-1], alias.name)
                    found.append((f"{where}:{node.lineno}", node.module.split(".")[-1], alias.name))
        inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or id(node) in inner:
                continue
            chain, base = [], node
            while isinstance(base, ast.Attribute):
                chain.insert(0, base.attr)
                base = base.value
            if isinstance(base, ast.Name) and base.id in imported:
                module, real = imported[base.id]
                found.append((f"{where}:{node.lineno}", module, ".".join([real] + chain)))
    return found


def resolve(modules, module, dotted):
    obj = modules[module]
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def test_the_scan_sees_the_gui():
    uses = {name for _, _, name in qt_uses()}
    assert {"Qt.ItemDataRole.UserRole", "QDialogButtonBox.ButtonRole.ActionRole", "QTimer.singleShot"} <= uses


def unscoped_uses(root):
    """[where and what] for every enum member of Qt or QGIS read through its class, not its enum
    type, every exec_() and every direct PyQt5 import in the .py files under `root`."""
    modules = {m: import_module(f"qgis.PyQt.{m}") for m in ("QtCore", "QtGui", "QtWidgets")}
    modules.update(core=import_module("qgis.core"), gui=import_module("qgis.gui"))
    unscoped = []
    for where, module, dotted in qt_uses(("qgis.PyQt.", "qgis.core", "qgis.gui"), root):
        value = resolve(modules, module, dotted)
        enum_type = type(value).__name__
        if getattr(value, "is_monkey_patched", False) and dotted.rsplit(".", 1)[0] != type(value).__qualname__:
            unscoped.append(f"{where} {dotted} (an alias QGIS 4 drops: use {type(value).__qualname__})")
        elif isinstance(value, int) and type(value) not in (int, bool) and dotted.split(".")[-2:-1] != [enum_type]:
            unscoped.append(f"{where} {dotted} (use {dotted.rsplit('.', 1)[0]}.{enum_type}.{dotted.split('.')[-1]})")
    for path in python_files(root):
        with open(path, encoding="utf-8") as stream:
            tree = ast.parse(stream.read())
        where = os.path.relpath(path, REPO)
        unscoped += [f"{where}:{n.lineno} exec_" for n in ast.walk(tree)
                     if isinstance(n, ast.Attribute) and n.attr == "exec_"]
        unscoped += [f"{where}:{n.lineno} imports PyQt5 directly (use qgis.PyQt)" for n in ast.walk(tree)
                     if isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "PyQt5"
                     or isinstance(n, ast.Import) and any(a.name.split(".")[0] == "PyQt5" for a in n.names)]
    return unscoped


def test_no_unscoped_enum_and_no_exec_():
    """An enum member is read through its enum type (Qt.CheckState.Checked): the only form PyQt6
    has; and, on a QGIS that marks them, never through an alias that QGIS 4 no longer has
    (QgsProcessingParameterNumber.Integer: metric_cd_plugin/qgis_enums.py has the moved ones)."""
    assert unscoped_uses(PLUGIN) == []


def test_the_tests_use_scoped_enums_too():
    """The suite drives the dialog with the same names, so it can run on QGIS 4 as it is."""
    assert any(module == "QtCore" for _, module, _ in qt_uses(root=TESTS))  # the scan sees the tests' Qt
    assert unscoped_uses(TESTS) == []


PYQT6_CHECK = """
import json, sys
from importlib import import_module
uses, moved = json.loads(sys.stdin.read())
modules = {m: import_module("PyQt6." + m) for m in ("QtCore", "QtGui", "QtWidgets")}
missing = []
for where, module, dotted in uses:
    head = dotted.split(".")[0]
    obj = modules["QtGui" if module == "QtWidgets" and head in moved else module]
    try:
        for part in dotted.split("."):
            obj = getattr(obj, part)
    except AttributeError:
        missing.append(where + " " + module + "." + dotted)
print(json.dumps(missing))
"""


def test_every_qt_name_the_plugin_and_its_tests_use_exists_in_pyqt6():
    probe = subprocess.run([sys.executable, "-c", "import PyQt6.QtWidgets"], capture_output=True)  # nosec B603
    if probe.returncode != 0:
        pytest.skip("PyQt6 is not installed (Debian: apt-get install python3-pyqt6; make setup does)")
    uses = qt_uses()
    tests_uses = qt_uses(root=TESTS)  # the suite's own Qt names, so it can drive the dialog on Qt 6
    done = subprocess.run([sys.executable, "-c", PYQT6_CHECK], capture_output=True, text=True, timeout=120,
                          input=json.dumps([uses + tests_uses, sorted(MOVED_TO_QTGUI)]))  # nosec B603
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert len(uses) > 50  # the scan saw the GUI's imports and enums


def test_metadata_declares_qt6_on_the_same_minimum():
    """What the checks above make true, declared for QGIS 4's plugin manager; 3.22 stays the minimum."""
    metadata = configparser.ConfigParser(interpolation=None)
    metadata.read(os.path.join(REPO, "metadata.txt"), encoding="utf-8")
    assert metadata["general"]["supportsQt6"] == "True"
    assert metadata["general"]["qgisMinimumVersion"] == "3.22"
