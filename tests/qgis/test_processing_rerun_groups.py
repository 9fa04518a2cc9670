"""Processing runs again on the same pair, outputs loaded (the toolbox's "Open output file
after running"): each run gets its own group, numbered as the dialog numbers its own
("Changes: A → B (2)"), and a threshold run joins the group of the probability it read, so
no group holds two runs' layers under one name; in every group polygons lie over masks and
masks over the score."""
import pytest
from qgis.core import QgsLayerTreeGroup, QgsProject, QgsRasterLayer

GROUP = "Changes: Taizhou 2000 → Taizhou 2003"
LEVEL = {"Change polygons": 2, "Change mask": 1, "Change score": 0}


@pytest.fixture()
def empty_project():
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().layerTreeRoot().removeAllChildren()
    yield QgsProject.instance()
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().layerTreeRoot().removeAllChildren()


def layer_at(path):
    (layer,) = [lay for lay in QgsProject.instance().mapLayers().values() if lay.source().split("|")[0] == path]
    return layer


def test_two_runs_and_two_thresholds_each_in_their_own_group(processing_api, square_pair, tmp_path,
                                                             empty_project):
    project = empty_project
    inputs = []
    for path, name in zip(square_pair[:2], ("Taizhou 2000", "Taizhou 2003")):
        inputs.append(QgsRasterLayer(path, name))
        project.addMapLayer(inputs[-1])
    files = {}
    for run in range(2):
        files[run] = {"OUTPUT": str(tmp_path / f"score_{run}.tif"), "OUTPUT_MASK": str(tmp_path / f"mask_{run}.tif"),
                      "OUTPUT_POLYGONS": str(tmp_path / f"changes_{run}.gpkg")}
        processing_api.runAndLoadResults("metriccd:cva", {"T1": inputs[0].id(), "T2": inputs[1].id(), **files[run]})
        after = {"OUTPUT_MASK": str(tmp_path / f"mask_{run}_t0_6.tif"),
                 "OUTPUT_POLYGONS": str(tmp_path / f"changes_{run}_t0_6.gpkg")}
        processing_api.runAndLoadResults("metriccd:threshold", {"INPUT": layer_at(files[run]["OUTPUT"]).id(),
                                                                "THRESHOLD": "0.6", **after})
        files[run].update({f"{k}_AFTER": v for k, v in after.items()})
    groups = [node for node in project.layerTreeRoot().children() if isinstance(node, QgsLayerTreeGroup)]
    assert [group.name() for group in groups] == [f"{GROUP} (2)", GROUP]  # the later run on top
    for group, run in zip(groups, (1, 0)):
        layers = [node.layer() for node in group.findLayers()]
        assert sorted(layer.source().split("|")[0] for layer in layers) == sorted(files[run].values())
        names = [layer.name() for layer in layers]
        assert len(set(names)) == len(names), names
        levels = [LEVEL[name.split(" (")[0]] for name in names]
        assert levels == sorted(levels, reverse=True), names  # polygons over masks over the score
