"""Run by test_processing_threshold in a fresh process: one toolbox run with "open output
file after running" (processing.runAndLoadResults) of metriccd:ALGORITHM on the given
parameters (JSON), after putting the layers PRELOAD (JSON: group -> [path]) in the project;
prints the resulting layer tree as JSON. One loaded run per process: Processing's results
loading is what is tested, not its behaviour across runs."""
import json
import sys

from qgis.core import QgsApplication, QgsProject, QgsRasterLayer

app = QgsApplication([], False)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
from processing.core.Processing import Processing  # noqa: E402
import processing  # noqa: E402
from metric_cd_plugin import classFactory  # noqa: E402

Processing.initialize()
plugin = classFactory(None)
plugin.initProcessing()
algorithm, parameters, preload = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
project = QgsProject.instance()
for group_name, paths in preload.items():
    group = project.layerTreeRoot().addGroup(group_name)
    for path in paths:
        layer = QgsRasterLayer(path, path)
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        parameters = {k: (layer.id() if v == path else v) for k, v in parameters.items()}
results = processing.runAndLoadResults(f"metriccd:{algorithm}", parameters)


def describe(node):
    if hasattr(node, "layer"):
        layer = node.layer()
        renderer = layer.renderer()
        shader = getattr(renderer, "shader", lambda: None)()
        ramp = shader.rasterShaderFunction() if shader is not None else None
        return {"name": layer.name(), "renderer": type(renderer).__name__,
                "clip_from": ramp.minimumValue() if ramp is not None and ramp.clip() else None}
    return {"group": node.name(), "children": [describe(child) for child in node.children()]}


print(json.dumps({"results": {k: v for k, v in results.items() if isinstance(v, (str, int, float))},
                  "tree": describe(project.layerTreeRoot())["children"]}))
plugin.unload()
