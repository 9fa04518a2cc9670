"""The area estimate as a CSV table and an HTML report, each written atomically (a hidden
file beside the target, then renamed)."""
import csv
import html
import io
from typing import List, Tuple

from ..raster.destinations import write_text_atomically
from .area import CLASSES, AreaReport
from .estimators import Z95

METHOD = {"olofsson": "strata equal to the map classes (Olofsson et al. 2014)",
          "stehman": "strata that differ from the map classes (Stehman 2014)"}


def rows(report: AreaReport) -> List[Tuple[str, str, float, float, float, float, str]]:
    """(measure, class, estimate, standard error, 95 % low, 95 % high, unit)."""
    e = report.estimates
    out = []
    for cls in CLASSES:
        a = report.area(cls)
        out.append(("area", cls, a.value, a.se, a.low, a.high, report.unit))
        out.append(("mapped area", cls, report.mapped_area(cls), 0.0, float("nan"), float("nan"), report.unit))
        p = e.proportions[cls]
        out.append(("area proportion", cls, p.value, p.se, p.low, p.high, ""))
    for name, figures in (("user's accuracy", e.users), ("producer's accuracy", e.producers)):
        for cls in CLASSES:
            f = figures[cls]
            out.append((name, cls, f.value, f.se, f.low, f.high, ""))
    out.append(("overall accuracy", "", e.overall.value, e.overall.se, e.overall.low, e.overall.high, ""))
    for i, m in enumerate(CLASSES):
        for j, r in enumerate(CLASSES):
            out.append(("error matrix", f"map {m} / reference {r}", float(e.matrix[i, j]), float("nan"),
                        float("nan"), float("nan"), "area proportion"))
    return out


def write_csv(report: AreaReport, path: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["measure", "class", "estimate", "standard_error", "ci95_low", "ci95_high", "unit"])
    for measure, cls, value, se, low, high, unit in rows(report):
        w.writerow([measure, cls] + [f"{v:.6g}" for v in (value, se, low, high)] + [unit])
    for h, n in report.sampled.items():
        w.writerow(["points", h, n, "", "", "", f"{report.labelled[h]} labelled change / no change"])
    w.writerow(["points", "unsure (left out)", report.unsure, "", "", "", ""])
    w.writerow(["points", "not labelled (left out)", report.unlabelled, "", "", "", ""])
    return write_text_atomically(path, buf.getvalue(), "CSV table")


def _fmt(value: float, digits: int) -> str:
    return "n/a" if value != value else f"{value:,.{digits}f}"


def summary_line(report: AreaReport) -> str:
    a = report.area("change")
    digits = 2 if report.unit == "ha" else 0
    return (f"change area {_fmt(a.value, digits)} {report.unit} +- {_fmt(a.half_width, digits)} (95 %: "
            f"{_fmt(a.low, digits)} to {_fmt(a.high, digits)}); mapped {_fmt(report.mapped_area(), digits)} "
            f"{report.unit}; overall accuracy {_fmt(report.estimates.overall.value, 3)} "
            f"+- {_fmt(report.estimates.overall.half_width, 3)}")


def write_html(report: AreaReport, path: str, points_path: str) -> str:
    e = report.estimates
    cells = []
    for measure, cls, value, se, low, high, unit in rows(report):
        digits = 2 if unit in ("ha",) else 0 if unit == "px" else 4
        cells.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in (measure, cls)) +
                     "".join(f"<td>{_fmt(v, digits)}</td>" for v in (value, se, low, high)) +
                     f"<td>{html.escape(unit)}</td></tr>")
    points = "".join(f"<tr><td>{html.escape(h)}</td><td>{report.stratum_sizes[h]:,}</td><td>{n}</td>"
                     f"<td>{report.labelled[h]}</td></tr>" for h, n in report.sampled.items())
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in report.notes)
    text = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Change area estimate</title>
<style>body{{font-family:sans-serif}} td,th{{padding:2px 8px;border-bottom:1px solid #ddd}}
td:nth-child(n+3){{text-align:right}}</style></head><body>
<h1>Change area estimate</h1>
<p><b>{html.escape(summary_line(report))}</b></p>
<p>Sample points: {html.escape(points_path)}. Estimators: {html.escape(METHOD[e.method])}; 95 % intervals are
estimate &plusmn; {Z95} standard errors. Unsure points ({report.unsure}) and points not labelled yet
({report.unlabelled}) are left out.</p>{notes}
<h2>Estimates</h2>
<table><tr><th>measure</th><th>class</th><th>estimate</th><th>standard error</th><th>95 % low</th>
<th>95 % high</th><th>unit</th></tr>{''.join(cells)}</table>
<h2>Strata</h2>
<table><tr><th>stratum</th><th>pixels</th><th>points</th><th>labelled change / no change</th></tr>{points}</table>
</body></html>
"""
    return write_text_atomically(path, text, "HTML report")
