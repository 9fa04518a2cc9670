"""Accuracy figures as an HTML table (shown in Processing's results viewer) and as CSV."""
import csv
import html
import io
import math

from ..core.raster.destinations import write_text_atomically

ROWS = [("f1", "F1"), ("precision", "Precision"), ("recall", "Recall"), ("kappa", "Cohen's kappa"),
        ("overall_accuracy", "Overall accuracy"), ("iou", "IoU of change"), ("auc", "ROC AUC"),
        ("best_f1", "Best F1 over thresholds (looks at the reference)"),
        ("best_f1_threshold", "Threshold of the best F1"), ("threshold", "Threshold applied"),
        ("tp", "True positives (pixels)"), ("fp", "False positives"), ("fn", "False negatives"),
        ("tn", "True negatives"), ("n_labelled", "Pixels assessed")]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def write_csv(figures: dict, path: str) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["metric", "value"])
    for key, _ in ROWS:
        writer.writerow([key, _text(figures.get(key))])
    write_text_atomically(path, text.getvalue(), "accuracy table")  # as every other output: nothing half-written


def write_html(figures: dict, path: str, change_map: str, reference: str) -> None:
    rows = "".join(f"<tr><td>{html.escape(label)}</td><td>{_text(figures.get(key))}</td></tr>"
                   for key, label in ROWS)
    matrix = ("<table border='1' cellpadding='4'><tr><th></th><th>reference change</th>"
              "<th>reference no change</th></tr>"
              f"<tr><th>mapped change</th><td>{figures['tp']}</td><td>{figures['fp']}</td></tr>"
              f"<tr><th>mapped no change</th><td>{figures['fn']}</td><td>{figures['tn']}</td></tr></table>")
    page = ("<html><head><meta charset='utf-8'><title>Change detection accuracy</title></head><body>"
            f"<h2>Change detection accuracy</h2><p>Change map: {html.escape(change_map)}<br>"
            f"Reference: {html.escape(reference)}</p>"
            f"<table border='1' cellpadding='4'><tr><th>Metric</th><th>Value</th></tr>{rows}</table>"
            f"<h3>Confusion matrix</h3>{matrix}</body></html>")
    write_text_atomically(path, page, "accuracy report")
