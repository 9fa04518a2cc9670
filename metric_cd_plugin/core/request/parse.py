"""Text (a command-line word, a manifest cell, a Processing value) or a value -> the run's
values, every field checked and every problem reported at once (RequestError); and the
engines' requests built from those values by keyword."""
import math
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

from ..classical.request import ClassicalRequest
from ..deep.request import LEAVE_ONE_CORE, SHIFT_AUTO, SHIFT_AUTO_RULE, DetectionRequest
from .fields import BY_NAME, DEEP, FIELDS, Field
from .problems import FieldProblem, Problem, RequestError


def _problem(f: Field, code: str, value: object, **params: object) -> FieldProblem:
    return FieldProblem(Problem(code, f.name, {"label": f.label, "value": value, **params}))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_bands(f: Field, value: object) -> Optional[List[int]]:
    """'4,3,2' (or '4 3 2', or a list) -> [4, 3, 2]; empty -> None (all bands). Ranges are
    checked against the raster (raster/pair.py)."""
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value)
    text = str(value).strip()
    parts = text.replace(",", " ").split()
    if not all(p.isascii() and p.isdigit() for p in parts):  # "²" is a digit to isdigit(), not to int()
        raise _problem(f, "bands", text)
    return [int(p) for p in parts] or None


def parse_extent(f: Field, value: object) -> Tuple[float, ...]:
    """'xmin,ymin,xmax,ymax' (or four numbers) -> four finite floats in T1's CRS, xmin < xmax
    and ymin < ymax: the one reading of an extent (raster/alignment.py uses it too)."""
    try:
        text = value.replace(",", " ") if isinstance(value, str) else None
        parts = text.split() if text is not None else list(value)  # type: ignore[call-overload]
        numbers = tuple(float(v) for v in parts)
    except (TypeError, ValueError):
        parts, numbers = [value], ()
    if len(numbers) != 4 or not all(math.isfinite(v) for v in numbers):
        raise _problem(f, "extent", value if isinstance(value, str) else ",".join(map(str, parts)))
    if not (numbers[0] < numbers[2] and numbers[1] < numbers[3]):
        raise _problem(f, "extent_empty", list(numbers))
    return numbers


def _choice(f: Field, value: object) -> str:
    text = str(value).strip().lower()
    if text not in f.choices:
        raise _problem(f, "choice", value, choices=", ".join(f.choices))
    return text


def _whole(f: Field, value: object) -> int:
    try:
        number = float(value)  # type: ignore[arg-type]
        whole = number == int(number)
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole or isinstance(value, bool):
        raise _problem(f, "whole", value, minimum=int(f.minimum or 0))
    if f.minimum is not None and number < f.minimum:
        raise _problem(f, "minimum", int(number), minimum=f.minimum)
    return int(number)


def _number(f: Field, value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _problem(f, "number", value, minimum=f.minimum or 0.0) from None
    if number != number or number in (float("inf"), float("-inf")):  # NaN and infinity are no area or size
        raise _problem(f, "number", value, minimum=f.minimum or 0.0)
    if f.minimum is not None and number < f.minimum:
        raise _problem(f, "minimum", number, minimum=f.minimum or 0.0)
    return number


def _seed(f: Field, value: object) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
        whole = number == value or (isinstance(value, str) and str(number) == value.strip())
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole or not 0 <= number <= int(f.maximum or 0):
        raise _problem(f, "seed", value, maximum=int(f.maximum or 0))
    return number


def _threshold(f: Field, value: object) -> Optional[float]:
    """None, '' or 'auto' -> None (the method's label-free rule), else a probability."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _problem(f, "threshold", value) from None
    if not 0.0 <= number <= 1.0:  # also refuses NaN
        raise _problem(f, "threshold_range", number)
    return number


def _shift(f: Field, value: object) -> str:
    """'auto' or a whole number of pixels up to the maximum, kept as the user's text."""
    text = str(value).strip().lower()
    if text == SHIFT_AUTO:
        return SHIFT_AUTO
    if not text.isascii() or not text.isdigit() or int(text) > int(f.maximum or 0):
        raise _problem(f, "shift", value, maximum=int(f.maximum or 0), rule=SHIFT_AUTO_RULE)
    return str(int(text))


def _threads(f: Field, value: object) -> object:
    if value == LEAVE_ONE_CORE:
        return value
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = 0
    if number < 1 or isinstance(value, bool):
        raise FieldProblem(Problem("threads", f.name, {"value": value}))
    return number


def _bool(f: Field, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    raise _problem(f, "boolean", value)


def _text(f: Field, value: object) -> str:
    return str(value).strip()


PARSERS: Dict[str, Callable[[Field, object], Any]] = {
    "path": _text, "text": _text, "bands": parse_bands, "extent": parse_extent, "choice": _choice,
    "whole": _whole, "number": _number, "seed": _seed, "threshold": _threshold, "shift": _shift,
    "threads": _threads, "bool": _bool}


def parse_field(name: str, value: object) -> Any:
    """One field's value from text (or a value); blank -> its default. FieldProblem otherwise."""
    f = BY_NAME[name]
    if _blank(value):
        if f.required:
            raise FieldProblem(Problem("required", name, {"label": f.label}))
        value = f.default
        if value is None:
            return None
    return PARSERS[f.kind](f, value)


def parse_values(given: Mapping[str, object], names: Optional[Iterable[str]] = None
                 ) -> Tuple[Dict[str, Any], List[Problem]]:
    """Every field of `names` (default: all) from `given` (missing: the default) -> (values,
    the problems of every field at once)."""
    values: Dict[str, Any] = {}
    problems: List[Problem] = []
    for name in names if names is not None else [f.name for f in FIELDS]:
        try:
            values[name] = parse_field(name, given.get(name))
        except FieldProblem as exc:
            problems.append(exc.problem)
    return values, problems


def checked(name: str, value: object) -> Any:
    """One field's value, or a RequestError (an InputError) with its problem."""
    try:
        return parse_field(name, value)
    except FieldProblem as exc:
        raise RequestError([exc.problem]) from None


def check_values(given: Mapping[str, object], names: Optional[Iterable[str]] = None) -> Dict[str, Any]:
    """parse_values, raising RequestError (every problem, one line) when any."""
    values, problems = parse_values(given, names)
    if problems:
        raise RequestError(problems)
    return values


def deep_request(values: Mapping[str, Any], **extra: Any) -> DetectionRequest:
    """The deep engine's request from checked values, by keyword (extra: e.g. overrides)."""
    return DetectionRequest(
        t1=values["t1"], t2=values["t2"], output=values["output"], mask_output=values.get("mask"),
        bands1=values.get("bands1"), bands2=values.get("bands2"), preset=values["preset"],
        device=values["device"], seed=values["seed"], iterations=values.get("iterations"),
        weights=values["weights"], threshold=values.get("threshold"), finetune_fe=values["finetune_fe"],
        cache_dir=values.get("cache_dir"), extent=values.get("extent"), threads=values.get("threads"),
        data_kind=values["data_kind"], shift_tolerance=values["shift_tolerance"], precision=values["precision"],
        **extra)


def classical_request(values: Mapping[str, Any], **extra: Any) -> ClassicalRequest:
    """The classical engine's request from checked values, by keyword."""
    return ClassicalRequest(
        method=values["method"], t1=values["t1"], t2=values["t2"], output=values["output"],
        mask_output=values.get("mask"), bands1=values.get("bands1"), bands2=values.get("bands2"),
        seed=values["seed"], extent=values.get("extent"), threshold=values.get("threshold"),
        data_kind=values["data_kind"], **extra)


def is_deep(values: Mapping[str, Any]) -> bool:
    return values.get("method", DEEP) == DEEP
