"""Command-line adapter for area estimation: `sample` (the sampling design: stratified random
points from a change mask, to be labelled) and `estimate` (the change area and accuracy from
the labelled points, with a CSV and an HTML report). cli.py adds these two sub-commands."""
import argparse
import sys
from typing import Callable, Dict, List, Optional, TypeVar

from metric_cd_plugin.core.accuracy.sampling import (ALLOCATIONS, DEFAULT_MIN, DEFAULT_RING, DEFAULT_TARGET_SE,
                                                     DEFAULT_USERS, MIN_PER_STRATUM, STRATA)
from metric_cd_plugin.cli_progress import TerminalProgress

Parser = TypeVar("Parser", bound=argparse.ArgumentParser)
Command = Callable[[argparse.Namespace, TerminalProgress], Optional[int]]  # -> exit status, None for 0


def _per_stratum(text: str, kind: Callable[[str], float] = float) -> Dict[str, float]:
    """'change=0.7,stable=0.95' -> {'change': 0.7, 'stable': 0.95}"""
    out: Dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        name = name.strip().lower()
        if not sep or name not in STRATA:
            raise argparse.ArgumentTypeError(f"'{item}' is not STRATUM=VALUE with STRATUM one of {', '.join(STRATA)}")
        try:
            out[name] = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{value}' is not a number in '{item}'") from None
    return out


def add_area_commands(sub: "argparse._SubParsersAction[Parser]") -> List[Parser]:
    """The `sample` and `estimate` parsers, added to cli.py's sub-commands."""
    s = sub.add_parser("sample", help="stratified random sample points from a change mask, for an unbiased "
                       "estimate of the change area (then label them and run 'estimate')")
    s.add_argument("mask", help="change mask GeoTIFF (1 change, 0 no change, 255 nodata)")
    s.add_argument("-o", "--output", required=True, help="sample points GeoPackage (.gpkg)")
    s.add_argument("--probability", help="the run's change probability, for a 'possible change' stratum")
    s.add_argument("--possible-low", type=float, help="a 'possible change' pixel has a probability at least this "
                   "(and is mapped no change); needs --probability")
    s.add_argument("--ring", type=int, default=DEFAULT_RING, help="'possible change' also within this many "
                   f"pixels of mapped change, where omission concentrates (default {DEFAULT_RING}; 0: none)")
    s.add_argument("-n", "--size", type=int, help="total number of points (default: from --target-se)")
    s.add_argument("--target-se", type=float, default=DEFAULT_TARGET_SE,
                   help=f"target standard error of the change-area proportion (default {DEFAULT_TARGET_SE}), with "
                        "--anticipated, "
                        "gives the sample size (Olofsson et al. 2014, eq. 13)")
    s.add_argument("--anticipated", type=_per_stratum, default={},
                   help="anticipated user's accuracy per stratum, e.g. change=0.7,possible=0.6,stable=0.95 "
                        "(default " + ",".join(f"{k}={v}" for k, v in DEFAULT_USERS.items()) + ")")
    s.add_argument("--allocation", choices=ALLOCATIONS, default="proportional")
    s.add_argument("--per-stratum", type=lambda t: _per_stratum(t, int), default={},
                   help="points per stratum for --allocation custom, e.g. change=100,possible=100,stable=200")
    s.add_argument("--min-per-stratum", type=int, default=DEFAULT_MIN,
                   help=f"at least this many points in every stratum (default {DEFAULT_MIN}; at least "
                        f"{MIN_PER_STRATUM} are needed for a standard error)")
    s.add_argument("--seed", type=int, default=0)
    e = sub.add_parser("estimate", help="change area and accuracy, with 95 %% intervals, from labelled sample "
                       "points (reference: change, no change or unsure)")
    e.add_argument("points", help="the sample points GeoPackage, labelled in its 'reference' field")
    e.add_argument("--mask", help="read the map class at each point from this change mask (e.g. another map "
                   "than the one sampled); default: the class stored with the point")
    e.add_argument("--html", help="HTML report")
    e.add_argument("--csv", help="CSV table")
    for command in (s, e):
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return [s, e]


def _sample(args: argparse.Namespace, progress: TerminalProgress) -> None:
    from metric_cd_plugin.core.accuracy import sampling
    from metric_cd_plugin.core.accuracy.sample_points import write_points
    from metric_cd_plugin.core.progress import span
    from metric_cd_plugin.core.raster.destinations import POLYGONS, check_outputs
    inputs = [args.mask] + ([args.probability] if args.probability else [])
    check_outputs([("sample points", args.output, POLYGONS)], inputs)
    grid = sampling.count_strata(args.mask, args.probability, args.ring, args.possible_low, span(progress, 0, 50))
    if args.allocation == "custom":
        size = sum(args.per_stratum.values())
    else:
        size = args.size or sampling.design_sample_size(grid, {**DEFAULT_USERS, **args.anticipated}, args.target_se)
    alloc = sampling.allocate(grid.counts, size, args.allocation, args.min_per_stratum, args.per_stratum)
    points = sampling.select_points(args.mask, alloc, args.seed, args.probability, args.ring, args.possible_low,
                                    grid, span(progress, 50, 100))
    write_points(args.output, sampling.shuffled(points, args.seed), grid, inputs)
    progress.close()
    print("strata (pixels): " + ", ".join(f"{h} {n}" for h, n in grid.counts.items()))
    print("points: " + ", ".join(f"{h} {n}" for h, n in alloc.items()) + f" ({len(points)} in all, seed {args.seed})")
    print(f"wrote {args.output}; label each point's 'reference' as change, no change or unsure (the QGIS "
          "labelling panel does it), then run 'estimate'")


def _estimate(args: argparse.Namespace, _progress: TerminalProgress) -> None:
    from metric_cd_plugin.core.accuracy.area import CLASSES, estimate_area
    from metric_cd_plugin.core.accuracy.area_report import METHOD, summary_line, write_csv, write_html
    from metric_cd_plugin.core.raster.destinations import CSV, HTML, check_outputs
    check_outputs([("HTML report", args.html, HTML), ("CSV table", args.csv, CSV)],
                  [args.points] + ([args.mask] if args.mask else []))
    report = estimate_area(args.points, args.mask)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    e = report.estimates
    print(summary_line(report))
    for name, figures in (("user's accuracy", e.users), ("producer's accuracy", e.producers)):
        print(f"{name}: " + "; ".join(f"{c} {figures[c].value:.3f} +- {figures[c].half_width:.3f}" for c in CLASSES))
    print(f"estimators: {METHOD[e.method]}; points labelled per stratum: "
          + ", ".join(f"{h} {report.labelled[h]} of {report.sampled[h]}" for h in report.sampled)
          + f"; left out: {report.unsure} unsure, {report.unlabelled} not labelled")
    if args.csv:
        print(f"wrote {write_csv(report, args.csv)}")
    if args.html:
        print(f"wrote {write_html(report, args.html, args.points)}")


AREA_COMMANDS: Dict[str, Command] = {"sample": _sample, "estimate": _estimate}
