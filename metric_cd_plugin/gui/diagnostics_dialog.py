"""Plugins > Metric-CD > About / diagnostics...: the facts of dependencies.diagnostics in a
read-only text view, with a Copy button for support requests."""
from typing import Optional

from qgis.PyQt.QtGui import QFont, QGuiApplication
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ..dependencies.diagnostics import as_text, collect


class DiagnosticsDialog(QDialog):
    def __init__(self, qgis_version: Optional[str] = None, cache_dir: Optional[str] = None,
                 private_dir: Optional[str] = None, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Metric-CD: about / diagnostics")
        self.text = as_text(collect(qgis_version, cache_dir, private_dir))
        layout = QVBoxLayout(self)
        self.view = QPlainTextEdit(self.text, readOnly=True)
        self.view.setFont(QFont("monospace"))
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setMinimumSize(760, 320)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
