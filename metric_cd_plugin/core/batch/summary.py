"""The batch summary: one line per pair (status, seconds, changed area, the reason of a
failure, a finished pair's warnings), as a text table for the terminal and as CSV (written
atomically)."""
import csv
import io
from typing import List

from ..raster.destinations import write_text_atomically
from .pair import PairResult

FIELDS = ("row", "pair", "status", "seconds", "changed_pixels", "changed_area", "threshold", "reason", "warnings")


def _cells(r: PairResult) -> dict:
    return {"row": r.row, "pair": r.name, "status": r.status,
            "seconds": f"{r.seconds:.1f}" if r.status == "done" else "",
            "changed_pixels": "" if r.changed_pixels is None else r.changed_pixels,
            "changed_area": "" if r.changed_area is None else f"{r.changed_area:.6g}",
            "threshold": "" if r.threshold is None else f"{r.threshold:.4f}", "reason": r.reason,
            "warnings": r.warnings}


def table(results: List[PairResult]) -> str:
    shown = ("pair", "status", "seconds", "changed_area", "reason")
    # a finished pair has no reason; its warning (an unsure data kind) takes the column
    rows = [{k: str(_cells(r)[k]) for k in shown} | ({"reason": f"warning: {r.warnings}"} if r.warnings else {})
            for r in results]
    widths = {k: max([len(k)] + [len(row[k]) for row in rows]) for k in shown[:-1]}
    lines = ["  ".join(k.ljust(widths[k]) for k in shown[:-1]) + "  reason"]
    lines += ["  ".join(row[k].ljust(widths[k]) for k in shown[:-1]) + "  " + row["reason"] for row in rows]
    counts = {s: sum(r.status == s for r in results) for s in ("done", "skipped", "failed", "cancelled")}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items() if n))
    return "\n".join(line.rstrip() for line in lines)


def write_csv(results: List[PairResult], path: str) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, FIELDS)
    writer.writeheader()
    writer.writerows(_cells(r) for r in results)
    write_text_atomically(path, buf.getvalue(), "batch summary")
