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
