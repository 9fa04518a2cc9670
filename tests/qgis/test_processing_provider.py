"""The plugin shell and the "metriccd" provider: registration, algorithm ids, parameters,
help, icon, and that starting the plugin never imports torch."""
import os
import subprocess
import sys

import pytest
from qgis.core import QgsApplication

from conftest import REPO
from metric_cd_plugin.qgis_enums import FLAG_ADVANCED, FLAG_OPTIONAL

ALGORITHM_IDS = ["metriccd:accuracy", "metriccd:areaestimate", "metriccd:changedetection", "metriccd:cva",
                 "metriccd:irmad", "metriccd:pcakmeans", "metriccd:samplingdesign", "metriccd:threshold"]
CHANGE_PARAMETERS = ["T1", "T2", "BANDS_T1", "BANDS_T2", "DATA_KIND", "THRESHOLD", "SEED", "MIN_AREA",
                     "OUTPUT", "OUTPUT_MASK", "OUTPUT_POLYGONS"]


def test_plugin_lifecycle_registers_and_removes_the_provider(qgis_processing, plugin_iface):
    from metric_cd_plugin import classFactory
    registry = QgsApplication.processingRegistry()
    assert registry.providerById("metriccd") is None
    plugin = classFactory(plugin_iface)
    plugin.initGui()
    provider = registry.providerById("metriccd")
    assert provider is not None and provider.name() == "Metric-CD change detection"
    assert sorted(a.id() for a in provider.algorithms()) == ALGORITHM_IDS
    plugin.unload()
    assert registry.providerById("metriccd") is None


def test_provider_lists_the_six_algorithms(metriccd_provider):
    registry = QgsApplication.processingRegistry()
    assert sorted(a.id() for a in metriccd_provider.algorithms()) == ALGORITHM_IDS
    for algorithm_id in ALGORITHM_IDS:
        assert registry.algorithmById(algorithm_id) is not None


def test_change_algorithms_share_parameter_names(metriccd_provider):
    registry = QgsApplication.processingRegistry()
    for method in ("changedetection", "cva", "pcakmeans", "irmad"):
        alg = registry.createAlgorithmById(f"metriccd:{method}")
        names = [p.name() for p in alg.parameterDefinitions()]
        assert set(CHANGE_PARAMETERS) <= set(names), method
        assert not alg.parameterDefinition("OUTPUT").flags() & FLAG_OPTIONAL
        for optional in ("OUTPUT_MASK", "OUTPUT_POLYGONS", "BANDS_T1", "BANDS_T2"):
            assert alg.parameterDefinition(optional).flags() & FLAG_OPTIONAL
        kind = alg.parameterDefinition("DATA_KIND")  # qgis_process and models say DATA_KIND=sar
        assert kind.options() == ["auto", "optical", "sar"] and kind.usesStaticStrings()
        assert kind.defaultValue() == "auto"
    deep = registry.createAlgorithmById("metriccd:changedetection")
    assert deep.parameterDefinition("PRESET").options() == ["fast", "paper"]
    assert deep.parameterDefinition("DEVICE").options() == ["auto", "cpu", "cuda"]
    for name in ("ITERATIONS", "SEED", "THRESHOLD", "WEIGHTS", "WEIGHTS_FILE"):
        assert deep.parameterDefinition(name).flags() & FLAG_ADVANCED, name
    weights = deep.parameterDefinition("WEIGHTS")
    assert weights.options() == ["auto", "imagenet", "random", "file"] and weights.usesStaticStrings()
    assert weights.defaultValue() == "auto"  # works offline: random weights, with a warning
    shift = deep.parameterDefinition("SHIFT_TOLERANCE")  # qgis_process and models say SHIFT_TOLERANCE=2
    assert shift.options()[:3] == ["auto", "0", "1"] and shift.usesStaticStrings()
    assert shift.defaultValue() == "auto" and shift.flags() & FLAG_ADVANCED
    for alg in (deep, registry.createAlgorithmById("metriccd:cva")):  # how much changed
        assert {o.name() for o in alg.outputDefinitions()} >= {
            "CHANGED_AREA", "CHANGED_AREA_HA", "CHANGED_PERCENT", "CHANGED_PIXELS", "CHANGE_PATCHES"}
        assert alg.parameterDefinition("OUTPUT_SUMMARY").flags() & FLAG_OPTIONAL
    assert deep.parameterDefinition("WEIGHTS_FILE").flags() & FLAG_OPTIONAL
    accuracy = registry.createAlgorithmById("metriccd:accuracy")
    assert {p.name() for p in accuracy.parameterDefinitions()} == {
        "INPUT", "REFERENCE", "REFERENCE_KIND", "THRESHOLD", "OUTPUT_HTML", "OUTPUT_CSV"}
    assert {o.name() for o in accuracy.outputDefinitions()} >= {
        "F1", "PRECISION", "RECALL", "KAPPA", "OA", "IOU", "AUC"}


@pytest.mark.parametrize("algorithm_id, cited", [
    ("metriccd:changedetection", "2303.09536"), ("metriccd:cva", "Malila"),
    ("metriccd:pcakmeans", "Celik"), ("metriccd:irmad", "Nielsen"), ("metriccd:accuracy", "kappa")])
def test_help_explains_and_cites(metriccd_provider, algorithm_id, cited):
    alg = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
    assert cited in alg.shortHelpString()
    assert alg.displayName() and alg.group()


def test_icon_found_in_the_repository_layout(metriccd_provider):
    assert metriccd_provider.svgIconPath() == os.path.join(REPO, "resources", "icon.svg")
    assert not metriccd_provider.icon().isNull()


def _python(code, cwd, **env):
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})


def test_icon_found_in_the_packaged_layout(packaged_plugins_dir):
    done = _python("from metric_cd_plugin.resource_paths import icon_path; print(icon_path())",
                   cwd=packaged_plugins_dir)
    assert done.stdout.strip() == os.path.join(packaged_plugins_dir, "metric_cd_plugin", "resources", "icon.svg")


def test_starting_the_plugin_does_not_import_torch():
    code = ("import sys\n"
            "from qgis.core import QgsApplication\n"
            "app = QgsApplication([], False); app.initQgis()\n"
            "from metric_cd_plugin import classFactory\n"
            "plugin = classFactory(None); plugin.initProcessing()\n"
            "ids = [a.id() for a in QgsApplication.processingRegistry().providerById('metriccd').algorithms()]\n"
            "print(len(ids), 'torch' in sys.modules)\n")
    done = _python(code, cwd=REPO)
    assert done.stdout.split() == [str(len(ALGORITHM_IDS)), "False"], done.stderr


def test_core_polygons_needs_no_qgis():
    code = ("import sys; import metric_cd_plugin.core.raster.polygons, metric_cd_plugin.core.raster.rethreshold\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('qgis', 'PyQt5', 'torch')))")
    done = _python(code, cwd=REPO)
    assert done.stdout.strip() == "[]", done.stderr
