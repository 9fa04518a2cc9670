"""The command line's options of a change run, derived from the run schema
(core/request/fields.py): every field is --name-with-dashes, taken as text and checked by
the schema after argparse, so that every problem is reported at once and in the same words
as in the manifest, Processing and the dialog. A problem is worded with its flag."""
import argparse
from typing import Any, Dict, Iterable, List, Optional

from metric_cd_plugin.core.change import KIND_UNSURE, KIND_WORDS
from metric_cd_plugin.core.deep.weights_notes import TEXTS as WEIGHTS_TEXTS, weights_text
from metric_cd_plugin.core.request.fields import BY_NAME, DEEP, FIELDS, Field, fields_of
from metric_cd_plugin.core.request.parse import check_values
from metric_cd_plugin.core.request.problems import Problem, RequestError

POSITIONAL = ("t1", "t2")  # `detect T1 T2`, `classical METHOD T1 T2`
SHORT = {"output": "-o"}
CLI_HELP = {"extent": "; write --extent=-10,... when xmin is negative"}  # the shell's side of a field
# the batch's defaults for every row: the manifest names the inputs and the outputs
PER_ROW = ("t1", "t2", "output", "mask", "polygons")


def flag(name: str) -> str:
    """How the command line names a field."""
    return name if name in POSITIONAL else "--" + name.replace("_", "-")


def _help(f: Field) -> str:
    text = f.help + CLI_HELP.get(f.name, "")
    if f.kind == "bool" or f.required or f.default is None:
        return text
    return f"{text} (default: {f.default})"


def add_field(parser: argparse.ArgumentParser, f: Field) -> None:
    """One schema field as an argparse option (text; the schema parses it)."""
    if f.name in POSITIONAL:
        parser.add_argument(f.name, help=f.help)
    elif f.kind == "bool":
        parser.add_argument(flag(f.name), action="store_true", default=None, help=_help(f))
    else:
        names = [SHORT[f.name], flag(f.name)] if f.name in SHORT else [flag(f.name)]
        metavar = "{" + ",".join(f.choices) + "}" if f.choices else None
        parser.add_argument(*names, required=f.required, metavar=metavar, help=_help(f))


def add_run_fields(parser: argparse.ArgumentParser, family: str, skip: Iterable[str] = ()) -> List[str]:
    """The fields of a family ("deep", "classical" or "batch": every field) -> their names."""
    chosen = FIELDS if family == "batch" else fields_of(family)
    names = [f.name for f in chosen if f.name not in skip]
    for name in names:
        add_field(parser, BY_NAME[name])
    return names


def cli_text(problem: Problem) -> str:
    """A problem in the command line's words: the flag, then the core's sentence."""
    return f"{flag(problem.field)}: {problem.text()}" if problem.field in BY_NAME else problem.text()


# how the command line makes each weights choice (core/deep/weights_notes.py)
WEIGHTS_CHOICES = {"imagenet": "--weights imagenet", "random": "--weights random", "file": "--weights PATH"}


def cli_words(said: object) -> str:
    """A core error or note (a code and its parameters) in the command line's words: where
    it names a setting, its flag; without a code, as the core says it."""
    code, params = getattr(said, "code", ""), getattr(said, "params", {})
    text = str(getattr(said, "text", said))  # a run's Note, or an error
    if code in WEIGHTS_TEXTS:
        return weights_text(code, params, WEIGHTS_CHOICES)
    if code in ("weights_folder", "weights_folder_readonly"):
        return f"{text} ({flag('cache_dir')} chooses the folder)"
    if code == KIND_UNSURE:
        taken, other = params["data_kind"], params["other"]
        return (f"the data kind was unsure, so the rasters were compared as {KIND_WORDS[taken]}; if they are "
                f"{KIND_WORDS[other]}, run again with {flag('data_kind')} {other}")
    return text


class CommandLineError(RequestError):
    """Every problem of the command line at once, each named by its flag."""

    def __init__(self, problems: List[Problem]):
        super().__init__(problems)
        self.args = (" ".join(cli_text(p) for p in problems),)


def run_values(args: argparse.Namespace, names: Iterable[str], method: Optional[str] = None) -> Dict[str, Any]:
    """The checked values of the named fields from parsed arguments (missing: the default)."""
    given = {name: getattr(args, name, None) for name in names}
    if method is not None:
        given["method"] = method
    try:
        return check_values(given, list(given))
    except RequestError as exc:
        raise CommandLineError(exc.problems) from None


WAIT_FOR_WORKERS_S = 60.0  # a cluster's workers may start after its scheduler (an HPC job, a Kubernetes pod)


def _worker_count(text: str) -> int:
    """--workers: a whole number of processes, 1 or more (0 or -1 is not 'as many as possible')."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of worker processes; give 1 or more, or leave "
                                         "--workers out to size the cluster to this machine")
    return value


def add_cluster_options(parser: argparse.ArgumentParser, local_help: str) -> None:
    parser.add_argument("--workers", type=_worker_count, help=local_help)
    parser.add_argument("--wait-for-workers", type=float, default=WAIT_FOR_WORKERS_S, metavar="SECONDS",
                        help="with --scheduler: how long to wait for the first worker before giving up "
                        f"(default {WAIT_FOR_WORKERS_S:g})")


__all__ = ["DEEP", "add_run_fields", "add_cluster_options", "run_values", "flag", "cli_text", "cli_words"]
