"""How much changed (core.raster.summary) as Processing outputs, and as a CSV or HTML file."""
import csv
import html
import io
from typing import Any, Dict

from qgis.core import QgsProcessingAlgorithm, QgsProcessingOutputNumber, QgsProcessingParameterFileDestination

from ..core.raster.destinations import write_text_atomically
from ..core.raster.summary import ChangeSummary
from ..gui.i18n import QT_TR_NOOP, tr

# Processing output -> (ChangeSummary.as_dict() key, description)
NUMBER_OUTPUTS = {
    "CHANGED_AREA": ("changed_area", QT_TR_NOOP("Changed area (square map units)")),
    "CHANGED_AREA_HA": ("changed_ha", QT_TR_NOOP("Changed area (hectares; empty when the CRS has no ground unit)")),
    "CHANGED_PERCENT": ("percent_of_valid", QT_TR_NOOP("Changed share of the valid area (%)")),
    "CHANGED_PIXELS": ("changed_pixels", QT_TR_NOOP("Changed pixels")),
    "CHANGE_PATCHES": ("patches", QT_TR_NOOP("Change patches (4-connected groups of changed pixels)")),
}
ROWS = [("changed_area", "Changed area (square map units)"), ("map_unit", "Map unit"),
        ("changed_m2", "Changed area (m²)"), ("changed_ha", "Changed area (ha)"),
        ("changed_km2", "Changed area (km²)"), ("percent_of_valid", "Changed share of the valid area (%)"),
        ("changed_pixels", "Changed pixels"), ("valid_pixels", "Valid pixels"),
        ("patches", "Change patches"), ("threshold", "Threshold")]


def add_summary_definitions(algorithm: QgsProcessingAlgorithm) -> None:
    algorithm.addParameter(QgsProcessingParameterFileDestination(
        "OUTPUT_SUMMARY", tr("Change summary (HTML or CSV)"), "HTML files (*.html);;CSV files (*.csv)",
        optional=True, createByDefault=False))
    for name, (_, description) in NUMBER_OUTPUTS.items():
        algorithm.addOutput(QgsProcessingOutputNumber(name, tr(description)))


def summary_outputs(summary: ChangeSummary) -> Dict[str, Any]:
    figures = summary.as_dict()
    return {name: figures[key] for name, (key, _) in NUMBER_OUTPUTS.items()}


def _text(value: object) -> str:
    if value is None:
        return ""
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def write_summary(summary: ChangeSummary, path: str, change_map: str) -> None:
    """CSV when the path ends in .csv, HTML otherwise (Processing's results viewer shows it)."""
    figures = summary.as_dict()
    if path.lower().endswith(".csv"):
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["figure", "value"])
        for key, _ in ROWS:
            writer.writerow([key, _text(figures[key])])
        write_text_atomically(path, buf.getvalue(), "change summary")
        return
    rows = "".join(f"<tr><td>{html.escape(label)}</td><td>{html.escape(_text(figures[key]))}</td></tr>"
                   for key, label in ROWS)
    write_text_atomically(path, "<html><head><meta charset='utf-8'><title>Change summary</title></head><body>"
                          f"<h2>Change summary</h2><p>{html.escape(summary.text())}</p><p>Change map: "
                          f"{html.escape(change_map)}</p><table border='1' cellpadding='4'><tr><th>Figure</th>"
                          f"<th>Value</th></tr>{rows}</table></body></html>", "change summary")
