"""Every link and command in README.md and docs/*.md points at something real: relative links
and images name files of the repository (and their #anchors a heading of that page, as GitHub
makes anchors), `make TARGET` names a target of the Makefile, each metric-cd command shown in
a code block parses with the real argument parser and the run schema (a synopsis such as
`[--preset fast|paper]` names only real options), each `metriccd:ID` is in the real Processing
registry with the parameters `qgis_process` is given, and each file path and dotted code name
(`bench/x.py`, `core.raster.metadata.read_run_metadata`) exists.
The checks are shown to fail on a page that breaks each rule."""
import os
import re
import shlex

import pytest

import doc_pages
from conftest import REPO

PAGES = doc_pages.pages(REPO)
IDS = [page.name for page in PAGES]
OPTION = re.compile(r"(?<![\w-])(-o|--[a-z][\w-]*)")


def _parser():
    from metric_cd_plugin.cli import _parser as cli_parser
    return cli_parser()


def _subparsers(parser):
    return next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices


def command_problem(words: str, shown_in_block: bool) -> str:
    """Why a metric-cd command line shown in the docs would not run as written ('' when it would).
    A code block's concrete command is parsed whole and its run values checked by the schema
    (no file is opened: nothing runs); a synopsis or a code span names a command and options."""
    from metric_cd_plugin.cli_options import PER_ROW, run_values
    from metric_cd_plugin.core.batch.manifest import DEFAULTS
    from metric_cd_plugin.core.errors import MetricCDError
    from metric_cd_plugin.core.request.fields import DEEP, fields_of
    parser = _parser()
    tokens = shlex.split(words)
    command = next((t for t in tokens if not t.startswith("-")), None)
    if command is None:
        return "" if set(tokens) <= {"--help", "-h", "--debug"} else f"options without a command: {words}"
    commands = _subparsers(parser)
    if command not in commands:
        return f"no command '{command}' (there are {', '.join(commands)})"
    if not shown_in_block or doc_pages.is_synopsis(words):
        known = set(commands[command]._option_string_actions) | set(parser._option_string_actions)
        unknown = [o for o in OPTION.findall(words) if o not in known]
        return f"'{command}' has no option {', '.join(unknown)}" if unknown else ""
    try:
        args = parser.parse_args(tokens)
    except SystemExit:
        return f"the parser refuses: {words}"
    names = {"detect": [f.name for f in fields_of("deep")], "classical": [f.name for f in fields_of("classical")],
             "batch": [k for k in DEFAULTS if k not in PER_ROW]}.get(command)
    try:
        if names:
            run_values(args, names, DEEP if command == "detect" else getattr(args, "method", None))
    except MetricCDError as exc:
        return f"the run schema refuses '{words}': {exc}"
    return ""


def page_problems(page, repo=REPO, makefile=os.path.join(REPO, "Makefile")):
    """Everything on a page that points at nothing, one line each (the Processing check aside)."""
    problems = [f"link {p}" for p in doc_pages.broken_links(page, repo)]
    targets = doc_pages.make_targets(makefile)
    problems += [f"make {t}: no such target in the Makefile" for t in doc_pages.named_make_targets(page) - targets]
    for words in doc_pages.metric_cd_commands(page, blocks=True):
        problems += [f"command {p}" for p in [command_problem(words, True)] if p]
    for words in doc_pages.metric_cd_commands(page, blocks=False):
        problems += [f"command {p}" for p in [command_problem(words, False)] if p]
    problems += [f"file {n}: not in the repository" for n in sorted(doc_pages.named_files(page))
                 if not doc_pages.file_exists(repo, page, n)]
    problems += [f"code {n}: no such module or name" for n in sorted(doc_pages.named_objects(page))
                 if not doc_pages.object_exists(repo, n)]
    return problems


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_link_command_and_file_of_the_page_exists(page):
    assert page_problems(page) == []


def test_the_pages_are_read():
    """The checks see the links, commands and targets they are meant to check (an empty parse checks nothing)."""
    readme = PAGES[0]
    assert readme.name == "README.md" and len(PAGES) >= 8
    assert "docs/user_guide.md" in doc_pages.LINK.findall(readme.prose)
    assert any(w.startswith("detect ") for w in doc_pages.metric_cd_commands(readme, blocks=True))
    assert {"demo", "test"} <= doc_pages.named_make_targets(readme)
    assert "changedetection" in doc_pages.algorithm_ids(readme) and doc_pages.qgis_process_runs(readme)
    guide = next(p for p in PAGES if p.name == "user_guide.md")
    assert len(doc_pages.qgis_process_runs(guide)) >= 4 and len(doc_pages.metric_cd_commands(guide, True)) >= 10


def test_the_check_fails_on_a_broken_page(tmp_path):
    """A page breaking each rule: every break is reported, and nothing else."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other page\n\n## A heading\n", encoding="utf-8")
    (tmp_path / "Makefile").write_text("demo:\n\ttrue\n", encoding="utf-8")
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "real.py").write_text("", encoding="utf-8")
    page_path = tmp_path / "docs" / "page.md"
    page_path.write_text(
        "# Page\n\nGood: [other](other.md#a-heading), [self](#page), `bench/real.py`, `make demo`.\n"
        "Broken: [gone](missing.md), ![picture](gone.png), [anchor](other.md#no-such-heading), `make nothing`,\n"
        "`bench/missing.py`, `python -m metric_cd_plugin detect T1 T2 --no-such-option`, `bench.real.nothing`,\n"
        "`bench.real` (good).\n\n"
        "```sh\npython -m metric_cd_plugin detect t1.tif t2.tif -o out.tif --preset fastest\n"
        "metric-cd classical cva t1.tif\nmetric-cd threshold p.tif -o m.tif [--threshold auto|VALUE]\n```\n",
        encoding="utf-8")
    problems = page_problems(doc_pages.read_page(str(page_path)), str(tmp_path), str(tmp_path / "Makefile"))
    expected = ["link missing.md", "link gone.png", "link other.md#no-such-heading", "make nothing",
                "file bench/missing.py", "'detect' has no option --no-such-option", "--preset",
                "the parser refuses: classical cva t1.tif", "code bench.real.nothing"]
    assert len(problems) == len(expected), problems
    for part in expected:
        assert any(part in p for p in problems), (part, problems)


@pytest.mark.parametrize("heading, anchor", [
    ("Installing the plugin in QGIS", "installing-the-plugin-in-qgis"),
    ("PyTorch and the VGG16 weights inside QGIS", "pytorch-and-the-vgg16-weights-inside-qgis"),
    ("Threshold after the run (`metriccd:threshold`)", "threshold-after-the-run-metriccdthreshold"),
    ("SAR: data kind auto, optical, sar", "sar-data-kind-auto-optical-sar"),
    ("Save… and temporary outputs", "save-and-temporary-outputs"),
    ("Batch_mode", "batch_mode")])
def test_anchors_are_made_as_github_makes_them(heading, anchor):
    assert doc_pages.slug(heading) == anchor


def processing_problems(pages):
    """metriccd:ID that is not registered; NAME=VALUE given to qgis_process that is no parameter of
    the algorithm, or a value the parameter refuses (an enum's index or static string, PRESET's and
    DEVICE's names, a number)."""
    from qgis.core import QgsApplication
    from metric_cd_plugin.processing_provider.run_parameters import indexes_for_names
    registry = QgsApplication.processingRegistry()
    problems = []
    for page in pages:
        problems += [f"{page.name}: metriccd:{i} is not registered" for i in sorted(doc_pages.algorithm_ids(page))
                     if registry.algorithmById(f"metriccd:{i}") is None]
        for algorithm_id, *assignments in doc_pages.qgis_process_runs(page):
            algorithm = registry.algorithmById(algorithm_id)
            for name, _, value in (a.partition("=") for a in assignments):
                definition = algorithm.parameterDefinition(name) if algorithm else None
                if definition is None:
                    problems.append(f"{page.name}: {algorithm_id} has no parameter {name}")
                elif not definition.checkValueIsAcceptable(indexes_for_names({name: value})[name]):
                    problems.append(f"{page.name}: {algorithm_id} refuses {name}={value}")
    return problems


def test_every_processing_algorithm_and_parameter_named_exists(metriccd_provider, tmp_path):
    assert processing_problems(PAGES) == []
    assert len(metriccd_provider.algorithms()) >= 7
    broken = tmp_path / "broken.md"  # the same check fails where it should
    broken.write_text("`metriccd:nosuch`\n\n```sh\nqgis_process run metriccd:changedetection -- T1=a.tif "
                      "PRESET=fastest COLOUR=red DATA_KIND=sar PRESET=1\n```\n", encoding="utf-8")
    assert processing_problems([doc_pages.read_page(str(broken))]) == [
        "broken.md: metriccd:nosuch is not registered", "broken.md: metriccd:changedetection refuses PRESET=fastest",
        "broken.md: metriccd:changedetection has no parameter COLOUR"]
