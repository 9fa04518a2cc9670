"""What can be wrong with a run's values, as data: a code and its parameters. The core's
English wording is here (TEXTS), in the words of the run (no command-line flag, no QGIS
menu); a front end may word a code in its own vocabulary instead."""
from dataclasses import dataclass, field as default
from typing import Dict, List, Mapping, Tuple

from ..errors import InputError

TEXTS: Dict[str, str] = {
    "required": "No {label} was given; give one.",
    "bands": "The bands for {label} '{value}' are not band numbers; give them separated by commas, "
             "e.g. 4,3,2 (empty = all bands).",
    "extent": "The extent '{value}' is not xmin,ymin,xmax,ymax; give four numbers in T1's CRS.",
    "extent_empty": "The extent {value} is empty; give xmin,ymin,xmax,ymax with xmin < xmax and ymin < ymax, in "
                    "T1's CRS.",
    "choice": "Unknown {label} '{value}'; choose one of {choices}.",
    "whole": "The {label} '{value}' is not a whole number; give one of {minimum} or more.",
    "number": "The {label} '{value}' is not a number; give one of {minimum:g} or more.",
    "minimum": "The {label} {value} is below {minimum:g}; give {minimum:g} or more.",
    "seed": "The seed {value} is not a whole number from 0 to {maximum}; give one in that range "
            "(the same seed repeats a run).",
    "threshold": "Threshold '{value}' is neither 'auto' nor a number; give 'auto' or a value between 0 and 1.",
    "threshold_range": "Threshold {value:g} is outside [0, 1]; give 'auto' or a value between 0 and 1.",
    "shift": "The shift tolerance '{value}' is neither 'auto' nor a whole number of pixels from 0 to {maximum}; "
             "give 'auto' ({rule}) or such a number.",
    "threads": "Threads '{value}' is not a whole number of 1 or more; give how many CPU threads to use, "
               "or leave it out for one per core.",
    "boolean": "The {label} '{value}' is neither true nor false.",
    # outputs (core/raster/destinations.py)
    "output_missing": "No {label} file was given; choose where to write it.",
    "output_folder_name": "The {label} '{path}' names a folder, not a file; give a file name ending in {first}.",
    "output_not_plain": "The {label} '{path}' is not a plain file name; Metric-CD writes whole {what} files, so "
                        "give a file name ending in {first}.",
    "output_extension": "The {label} '{path}' does not end in {first}; Metric-CD writes {what} files, so give a "
                        "name ending in {first}.",
    "output_is_folder": "The {label} '{path}' is a folder; give a file name inside it, e.g. '{example}'.",
    "output_special": "The {label} '{path}' is a device, pipe or socket, not a regular file; give the name of a "
                      "file to write.",
    "output_no_folder": "The output folder '{folder}' does not exist; create it or choose another.",
    "output_not_writable": "The output folder '{folder}' is not writable; choose another folder.",
    "output_link_no_folder": "The {label} '{path}' is a link to '{real}', whose folder does not exist; create it or "
                             "choose another.",
    "output_link_not_writable": "The {label} '{path}' is a link to '{real}', whose folder is not writable; choose "
                                "another folder.",
    "output_read_only": "The {label} '{path}'{via} is read-only or locked, so it is not replaced; choose another "
                        "file, or make it writable.",
    "output_other_layers": "The {label} '{path}' is a GeoPackage that also holds {layers}, which writing the "
                           "change polygons would replace; choose a new file.",
    "output_is_input": "The {label} '{path}' is also an input; choose another output file.",
    "output_twice": "The {label} '{path}' is also the {other}; choose a different file for each output.",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field: code (a key of TEXTS), the field's name, parameters."""
    code: str
    field: str
    params: Mapping[str, object] = default(default_factory=dict)

    def text(self) -> str:
        """The core's English sentence."""
        return TEXTS[self.code].format(**self.params)


class RequestError(InputError):
    """Every problem of a request at once; str() is their sentences on one line."""

    def __init__(self, problems: List[Problem]):
        super().__init__(" ".join(p.text() for p in problems), "request")
        self.problems = list(problems)

    # pickled across processes (a Dask worker) with its problems
    def __reduce__(self) -> Tuple[type, Tuple[List[Problem]]]:
        return type(self), (self.problems,)


class FieldProblem(ValueError):
    """Raised by one field's parser; carries the Problem (its str is the core's sentence)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.text())
        self.problem = problem
