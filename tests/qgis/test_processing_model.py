"""A graphical model built in code: a change algorithm feeding metriccd:accuracy."""
from pathlib import Path

import pytest
from qgis.core import (QgsProcessingModelAlgorithm, QgsProcessingModelChildAlgorithm,
                       QgsProcessingModelChildParameterSource as Source, QgsProcessingModelOutput,
                       QgsProcessingModelParameter, QgsProcessingParameterRasterLayer)


def with_defaults(child):
    """Give every parameter left unset its default, as the model designer's dialog does."""
    for definition in child.algorithm().parameterDefinitions():
        if (definition.name() not in child.parameterSources() and not definition.isDestination()
                and definition.defaultValue() is not None):
            child.addParameterSources(definition.name(), [Source.fromStaticValue(definition.defaultValue())])
    return child


def change_then_accuracy_model(change_id, static_change_params=None):
    model = QgsProcessingModelAlgorithm("change_then_accuracy", "Metric-CD tests")
    for name in ("T1", "T2", "REFERENCE"):
        model.addModelParameter(QgsProcessingParameterRasterLayer(name, name), QgsProcessingModelParameter(name))

    change = QgsProcessingModelChildAlgorithm(change_id)
    change.setChildId("change")
    for name in ("T1", "T2"):
        change.addParameterSources(name, [Source.fromModelParameter(name)])
    for name, value in (static_change_params or {}).items():
        change.addParameterSources(name, [Source.fromStaticValue(value)])
    model.addChildAlgorithm(with_defaults(change))

    accuracy = QgsProcessingModelChildAlgorithm("metriccd:accuracy")
    accuracy.setChildId("accuracy")
    accuracy.addParameterSources("INPUT", [Source.fromChildOutput("change", "OUTPUT")])
    accuracy.addParameterSources("REFERENCE", [Source.fromModelParameter("REFERENCE")])
    accuracy.addParameterSources("REFERENCE_KIND", [Source.fromStaticValue(0)])
    report = QgsProcessingModelOutput("report", "Accuracy report")
    report.setChildId("accuracy")
    report.setChildOutputName("OUTPUT_HTML")
    accuracy.setModelOutputs({"report": report})
    model.addChildAlgorithm(with_defaults(accuracy))
    return model


@pytest.mark.parametrize("change_id, static", [
    ("metriccd:cva", {}),
    ("metriccd:changedetection", {"ITERATIONS": 3, "DEVICE": 1, "WEIGHTS": "random"}),
])
def test_model_chains_change_detection_into_accuracy(processing_api, sample_crop, tmp_path, change_id, static):
    t1, t2, labels = sample_crop
    model = change_then_accuracy_model(change_id, static)
    ok, problems = model.validate()
    assert ok, problems
    report = str(tmp_path / "report.html")
    # the model's name for the child's output: "accuracy:report" on QGIS 3.22, "accuracy_report" on 3.40
    [output] = [o.name() for o in model.outputDefinitions()]
    assert output in ("accuracy:report", "accuracy_report")
    results = processing_api.run(model, {"T1": t1, "T2": t2, "REFERENCE": labels, output: report})
    assert results[output] == report and "F1" in Path(report).read_text(encoding="utf-8")
    figures = results["CHILD_RESULTS"]["accuracy"]
    assert 0.0 <= figures["F1"] <= 1.0 and 0.0 <= figures["OA"] <= 1.0
    if change_id == "metriccd:cva":  # a real Landsat crop: CVA separates change well
        assert figures["AUC"] > 0.8
