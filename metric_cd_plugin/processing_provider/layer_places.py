"""Names and groups for the layers Processing loads after a toolbox run, as the dialog
gives them: "Change probability (Metric-CD fast, random D-FE weights)"... in a group
"Changes: T1 → T2". The algorithm sets them on its worker thread once the outputs exist;
the post-processor moves each loaded layer into its group on the main thread. Each change
run gets a group of its own, numbered when the name is taken ("Changes: T1 → T2 (2)", as
the dialog does), so that reruns never mix; a threshold run joins its probability's group."""
import os
import threading
import uuid
from typing import Any, Dict, Optional, Tuple

from qgis.core import QgsLayerTreeGroup, QgsMapLayer, QgsProcessingContext, QgsProject

from .. import naming

KINDS = {"OUTPUT_MASK": "Change mask", "OUTPUT_POLYGONS": "Change polygons"}
STACK = {"OUTPUT": 0, "OUTPUT_MASK": 1, "OUTPUT_POLYGONS": 2}  # bottom to top, whatever the loading order
# output path -> (group name, stack level, run, own group), until its layer is loaded
_GROUPS: Dict[str, Tuple[str, int, str, bool]] = {}
_LOCK = threading.Lock()
LEVEL = "metric_cd/stack_level"  # layer tree properties
RUN = "metric_cd/run"


def _key(source: str) -> str:
    return os.path.normcase(os.path.abspath(source.split("|")[0]))


def name_outputs(context: QgsProcessingContext, results: Dict[str, Any], output_kind: str, group: str,
                 own_group: bool = True) -> None:
    """Name each output Processing will load after what it is and how it was made (read
    from its run metadata), and remember its group: one of this run's own, or (own_group
    False) the group of that name already in the project."""
    run = uuid.uuid4().hex
    for key, path in results.items():
        kind = output_kind if key == "OUTPUT" else KINDS.get(key)
        if not kind or not isinstance(path, str) or not context.willLoadLayerOnCompletion(path):
            continue
        details = context.layerToLoadOnCompletionDetails(path)
        source = path if key != "OUTPUT_POLYGONS" else results.get("OUTPUT_MASK") or results.get("OUTPUT", "")
        details.name = naming.layer_name(kind, naming.read_metadata(source), threshold=key != "OUTPUT")
        details.forceName = True  # whatever "use the file name as layer name" says
        if group:
            with _LOCK:
                _GROUPS[_key(path)] = (group, STACK[key], run, own_group)


def _group(root: QgsLayerTreeGroup, name: str, run: str, own: bool) -> QgsLayerTreeGroup:
    """The run's group: the one made for its first loaded layer, else a new one at the top
    (numbered when the name is taken); or, not `own`, the group of that name."""
    for group in root.findGroups(True):
        if (own and group.customProperty(RUN) == run) or (not own and group.name() == name):
            return group
    group = root.insertGroup(0, naming.numbered(name, {g.name() for g in root.findGroups(True)}) if own else name)
    group.setCustomProperty(RUN, run)
    return group


def place_in_group(layer: QgsMapLayer, project: Optional[QgsProject]) -> None:
    """Move a just-loaded layer into its run's group (see _group): polygons over mask over
    probability, later layers over earlier ones."""
    with _LOCK:
        group_name, level, run, own = _GROUPS.pop(_key(layer.source()), ("", 0, "", False))
    root = project.layerTreeRoot() if project is not None else None
    node = root.findLayer(layer.id()) if root is not None and group_name else None
    if node is None:
        return
    group = _group(root, group_name, run, own)
    index = 0
    for child in group.children():  # below the layers of a higher level
        if child is node or int(child.customProperty(LEVEL, -1)) <= level:
            break
        index += 1
    parent = node.parent()
    clone = node.clone()
    clone.setCustomProperty(LEVEL, level)
    group.insertChildNode(index, clone)
    parent.removeChildNode(node)
