"""The change algorithms' Processing parameters, derived from the run schema
(core/request/fields.py): each field with a `processing` name becomes one parameter of that
static, stable name (saved models and qgis_process calls keep working), and is read back
into the schema's values, which core.change.run_change checks. PRESET and DEVICE stay
enums by index (the index of the schema's choice order, as saved models hold it: QGIS 3.22's
enum takes either indexes or names, never both), and the algorithm also takes the choice's
name (qgis_process ... PRESET=fast DEVICE=cpu, processing.run); a model's static value stays
an index, since QGIS validates it against the enum itself. Every other choice travels by name."""
from typing import Any, List, Optional

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingParameterBoolean,
                       QgsProcessingParameterDefinition,
                       QgsProcessingParameterEnum, QgsProcessingParameterExtent, QgsProcessingParameterFile,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsProcessingParameterVectorDestination)

from ..core.request.fields import BY_NAME, Field
from ..core.request.problems import Problem
from ..gui.i18n import tr
from ..gui.problem_words import dialog_text
from ..qgis_enums import FILE_BEHAVIOUR_FILE, FLAG_ADVANCED, NUMBER_DOUBLE, NUMBER_INTEGER, SOURCE_VECTOR_POLYGON
from .field_words import description

BY_INDEX = ("preset", "device")  # enums saved by index before the schema: kept so
WEIGHTS_FILE = "WEIGHTS_FILE"
WEIGHTS = ("auto", "imagenet", "random", "file")


def advanced(parameter: QgsProcessingParameterDefinition) -> QgsProcessingParameterDefinition:
    parameter.setFlags(parameter.flags() | FLAG_ADVANCED)
    return parameter


def shift_choices(f: Field) -> List[str]:
    return [str(f.default)] + [str(px) for px in range(int(f.maximum or 0) + 1)]


def default_value(f: Field) -> Any:
    """The field's default as its Processing parameter holds it."""
    if f.name in BY_INDEX:
        return list(f.choices).index(str(f.default))
    if f.kind == "whole" and f.default is None:
        return 0  # "0 = the method's own" (schema_value)
    if f.kind in ("bands",):
        return ""
    return f.default


def parameters_of(f: Field, output_description: str) -> List[QgsProcessingParameterDefinition]:
    """The Processing parameter(s) of one schema field."""
    name, text = f.processing, description(f.name)
    if f.output:
        if f.name == "polygons":
            return [QgsProcessingParameterVectorDestination(name, text, SOURCE_VECTOR_POLYGON, optional=True,
                                                            createByDefault=False)]
        if f.name == "output":
            return [QgsProcessingParameterRasterDestination(name, output_description)]
        return [QgsProcessingParameterRasterDestination(name, text, optional=True, createByDefault=True)]
    if f.kind == "path":
        made: QgsProcessingParameterDefinition = QgsProcessingParameterRasterLayer(name, text)
    elif f.kind == "bands":
        made = QgsProcessingParameterString(name, text, optional=True, defaultValue="")
    elif f.kind == "extent":
        made = QgsProcessingParameterExtent(name, text, optional=True)
    elif f.kind == "choice":
        static = f.name not in BY_INDEX  # static strings: qgis_process and models say DATA_KIND=sar
        made = QgsProcessingParameterEnum(name, text, list(f.choices), defaultValue=default_value(f),
                                          usesStaticStrings=static)
    elif f.kind == "shift":  # static strings: SHIFT_TOLERANCE=2, not an index
        made = QgsProcessingParameterEnum(name, text, shift_choices(f), defaultValue=f.default,
                                          usesStaticStrings=True)
    elif f.kind in ("seed", "whole"):
        made = QgsProcessingParameterNumber(name, text, NUMBER_INTEGER, defaultValue=default_value(f),
                                            optional=f.default is None, minValue=0)
    elif f.kind == "number":
        made = QgsProcessingParameterNumber(name, text, NUMBER_DOUBLE, defaultValue=f.default,
                                            minValue=f.minimum)
    elif f.kind == "bool":
        made = QgsProcessingParameterBoolean(name, text, defaultValue=f.default)
    elif f.name == "weights":  # a choice, and the file when it is 'file'
        return [advanced(QgsProcessingParameterEnum(name, text, list(WEIGHTS), defaultValue=f.default,
                                                    usesStaticStrings=True)),
                advanced(QgsProcessingParameterFile(
                    WEIGHTS_FILE, tr("VGG16 weights file (.pth), used when VGG16 weights is 'file'"),
                    FILE_BEHAVIOUR_FILE, fileFilter=tr("PyTorch weights (*.pth *.pt)"), optional=True))]
    else:
        made = QgsProcessingParameterString(name, text, defaultValue=f.default)
    return [advanced(made) if f.advanced else made]


def schema_value(f: Field, value: Any) -> Any:
    """What a parameter holds -> the schema's value: an index of PRESET or DEVICE -> its
    name, 0 -> None (the method's own) where the schema's default is None."""
    if f.name in BY_INDEX:
        index = int(value)
        return f.choices[index] if 0 <= index < len(f.choices) else str(value)
    if f.kind == "whole" and f.default is None and value == 0:
        return None
    return value


def choice_named(f: Field, value: Any) -> Optional[str]:
    """The choice `value` names ('fast', ' CPU '), None when it names none (an index)."""
    name = value.strip().lower() if isinstance(value, str) else None
    return name if name in f.choices else None


def indexes_for_names(parameters: dict) -> dict:
    """parameters with a PRESET or DEVICE given by name as the index QGIS's enum accepts."""
    given = dict(parameters)
    for f in (BY_NAME[name] for name in BY_INDEX):
        named = choice_named(f, given.get(f.processing))
        if named is not None:
            given[f.processing] = list(f.choices).index(named)
    return given


def unknown_choice(parameters: dict) -> Optional[str]:
    """Why a PRESET or DEVICE given as text or a number names no choice; None when it does
    (or is left to QGIS: unset, an expression, a model's input)."""
    for f in (BY_NAME[name] for name in BY_INDEX):
        value = parameters.get(f.processing)
        if not isinstance(value, (str, int)) or isinstance(value, bool) or value == "":
            continue
        text = str(value).strip()
        if choice_named(f, text) is None and not (text.isdigit() and int(text) < len(f.choices)):
            return (f"{description(f.name)}: '{value}' is not one of {', '.join(f.choices)} (or their index "
                    f"0 to {len(f.choices) - 1}); give one of these.")
    return None


def read_value(alg: QgsProcessingAlgorithm, f: Field, parameters: dict,
               context: QgsProcessingContext) -> Optional[Any]:
    """A parameter's value as the schema's text or value (the schema checks it)."""
    name = f.processing
    if f.name in BY_INDEX:
        return schema_value(f, alg.parameterAsEnum(indexes_for_names(parameters), name, context))
    if f.kind in ("choice", "shift"):
        return alg.parameterAsEnumString(parameters, name, context) or f.default
    if f.kind == "seed":  # as a double first: parameterAsInt wraps 2147483648 round to a valid-looking seed
        return alg.parameterAsDouble(parameters, name, context)
    if f.kind == "whole":
        return schema_value(f, alg.parameterAsInt(parameters, name, context))
    if f.kind == "number":
        return alg.parameterAsDouble(parameters, name, context)
    if f.kind == "bool":
        return alg.parameterAsBool(parameters, name, context)
    return alg.parameterAsString(parameters, name, context)


def processing_text(problem: Problem) -> str:
    """A problem in Processing's words and the user's language: the parameter's description,
    then the sentence (the dialog's, gui/problem_words.py, where it has one; else the core's)."""
    if problem.field not in BY_NAME:  # the sentence names what it is about (an output)
        return dialog_text(problem)
    return tr("{parameter}: {problem}").format(parameter=description(problem.field), problem=dialog_text(problem))
