"""Running an algorithm again in the same QGIS session, with its outputs loaded into the
project: three runs in a row of every change algorithm through processing.runAndLoadResults
(the toolbox's "Open output file after running"), through QgsProcessingAlgRunnerTask (the
toolbox dialog's background task) and through the batch interface's loop (a new context per
row, then Processing's own result handler). Every run loads its layers, styled."""
import gc

import pytest
from qgis.core import (QgsApplication, QgsPalettedRasterRenderer, QgsProcessingAlgRunnerTask,
                       QgsProcessingContext, QgsProcessingFeedback, QgsProcessingOutputLayerDefinition,
                       QgsProject, QgsSingleBandPseudoColorRenderer, QgsSingleSymbolRenderer)

from dialog_fixtures import wait_until
from test_processing_runs import CHANGE_IDS, TINY_DEEP

RUNS = 3


def parameters(algorithm_id, t1, t2, folder, run, wrap=lambda path: path):
    outputs = {"OUTPUT": f"score_{run}.tif", "OUTPUT_MASK": f"mask_{run}.tif", "OUTPUT_POLYGONS": f"changes_{run}.gpkg"}
    values = {"T1": t1, "T2": t2, **{name: wrap(str(folder / file)) for name, file in outputs.items()}}
    return {**values, **(TINY_DEEP if algorithm_id.endswith("changedetection") else {})}


def assert_loaded_and_styled(folder, runs):
    """Each run's three outputs are in the project, with the plugin's renderers."""
    layers = {layer.source().split("|")[0]: layer for layer in QgsProject.instance().mapLayers().values()}
    for run in range(runs):
        assert isinstance(layers[str(folder / f"score_{run}.tif")].renderer(), QgsSingleBandPseudoColorRenderer)
        assert isinstance(layers[str(folder / f"mask_{run}.tif")].renderer(), QgsPalettedRasterRenderer)
        assert isinstance(layers[str(folder / f"changes_{run}.gpkg")].renderer(), QgsSingleSymbolRenderer)
    assert len(layers) == 3 * runs


@pytest.fixture()
def empty_project():
    QgsProject.instance().removeAllMapLayers()
    yield QgsProject.instance()
    QgsProject.instance().removeAllMapLayers()


@pytest.mark.parametrize("algorithm_id", CHANGE_IDS)
def test_three_loaded_runs_in_a_row(processing_api, square_pair, tmp_path, empty_project, algorithm_id):
    t1, t2, _ = square_pair
    for run in range(RUNS):
        processing_api.runAndLoadResults(algorithm_id, parameters(algorithm_id, t1, t2, tmp_path, run))
        gc.collect()  # whatever Python no longer references is gone before the next run
        assert_loaded_and_styled(tmp_path, run + 1)


def to_project(path):
    return QgsProcessingOutputLayerDefinition(path, QgsProject.instance())


@pytest.mark.parametrize("algorithm_id", CHANGE_IDS)
def test_three_background_task_runs_in_a_row(processing_api, square_pair, tmp_path, empty_project, algorithm_id):
    from processing.gui.Postprocessing import handleAlgorithmResults
    t1, t2, _ = square_pair
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    for run in range(RUNS):
        context, feedback, done = QgsProcessingContext(), QgsProcessingFeedback(), []
        context.setProject(QgsProject.instance())
        task = QgsProcessingAlgRunnerTask(algorithm, parameters(algorithm_id, t1, t2, tmp_path, run, to_project),
                                          context, feedback)
        task.executed.connect(lambda ok, results: done.append(ok))
        QgsApplication.taskManager().addTask(task)
        assert wait_until(lambda: bool(done)) and done == [True]
        gc.collect()
        assert handleAlgorithmResults(algorithm, context, feedback)  # what the toolbox dialog calls
        assert_loaded_and_styled(tmp_path, run + 1)


@pytest.mark.parametrize("algorithm_id", CHANGE_IDS)
def test_batch_rows_are_each_loaded_and_styled(processing_api, square_pair, tmp_path, empty_project, algorithm_id):
    """BatchAlgorithmDialog.runAlgorithm's loop: one algorithm, a new context per row, run()
    (which runs a fresh copy of the algorithm), then handleAlgorithmResults."""
    from processing.gui.Postprocessing import handleAlgorithmResults
    from processing.tools import dataobjects
    t1, t2, _ = square_pair
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
    for run in range(RUNS):
        feedback = QgsProcessingFeedback()
        context = dataobjects.createContext(feedback)
        row = algorithm.preprocessParameters(parameters(algorithm_id, t1, t2, tmp_path, run, to_project))
        _, ok = algorithm.run(row, context, feedback)
        assert ok
        gc.collect()
        # by name: 3.22's fourth argument is showResults (unused there), 3.40 has none
        assert handleAlgorithmResults(algorithm, context, feedback, parameters=row)
    assert_loaded_and_styled(tmp_path, RUNS)
