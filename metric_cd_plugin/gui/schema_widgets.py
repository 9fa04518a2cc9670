"""Widgets for the run schema's user-facing advanced fields that the dialog has no hand-made
widget for (core/request/fields.py): each is built from the field's kind and the algorithm's
own parameter (its description, options and default), so that a new field of the schema
shows in the dialog's advanced section and reaches the run without dialog code."""
from typing import Any, Dict, Iterable

from qgis.core import QgsProcessingAlgorithm, QgsProcessingParameterDefinition
from qgis.gui import QgsDoubleSpinBox
from qgis.PyQt.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from ..core.request.fields import Field, fields_of
from .i18n import tr

WHOLE_MAX = 2**31 - 1  # QGIS's integer parameters are 32-bit


def _widget(f: Field, definition: QgsProcessingParameterDefinition) -> QWidget:
    default = definition.defaultValue()
    if f.kind == "bool":
        box = QCheckBox()
        box.setChecked(bool(default))
        return box
    if f.kind in ("choice", "shift"):
        combo = QComboBox()
        for option in definition.options():
            combo.addItem(option, option)
        combo.setCurrentIndex(max(0, combo.findData(default)))
        return combo
    if f.kind == "number":
        spin = QgsDoubleSpinBox()
        spin.setRange(f.minimum or 0.0, 1e12)
        spin.setValue(float(default or 0.0))
        return spin
    spin = QSpinBox()
    spin.setRange(int(f.minimum or 0), WHOLE_MAX)
    spin.setValue(int(default or 0))
    return spin


def _value(widget: QWidget) -> Any:
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    return widget.value()


class SchemaWidgets:
    """The generic widgets, added to `form`; `handled`: fields with a hand-made widget."""

    def __init__(self, algorithm: QgsProcessingAlgorithm, form: QFormLayout, handled: Iterable[str]) -> None:
        self.widgets: Dict[str, QWidget] = {}
        self.names: Dict[str, str] = {}  # field -> its Processing parameter
        for f in fields_of("deep"):
            definition = algorithm.parameterDefinition(f.processing) if f.processing else None
            if not (f.user_facing and f.advanced) or f.name in handled or definition is None:
                continue
            widget = _widget(f, definition)
            widget.setToolTip(tr(f.help))
            label = QLabel(tr(definition.description()))
            label.setToolTip(widget.toolTip())
            form.addRow(label, widget)
            self.widgets[f.name], self.names[f.name] = widget, definition.name()

    def parameters(self) -> Dict[str, Any]:
        """The Processing parameters of these fields, as the widgets say."""
        return {self.names[name]: _value(widget) for name, widget in self.widgets.items()}
