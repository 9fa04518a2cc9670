"""What the documentation's pages (README.md and docs/*.md) point at, read from the Markdown:
relative links and images with their #anchors, the headings' anchors as GitHub makes them,
`make` targets, command lines of `python -m metric_cd_plugin` / `metric-cd` and of
`qgis_process`, Processing algorithm ids, paths of the repository's files and dotted names of
its code (`core.raster.metadata.read_run_metadata`).
tests/cli/test_docs_links.py checks each against the repository, the Makefile, the real
argument parser and the real Processing registry."""
import glob
import os
import re
import shlex
from dataclasses import dataclass
from typing import Dict, List, Set

FENCE = re.compile(r"^```.*?\n(.*?)^```", re.M | re.S)
INLINE = re.compile(r"(`+)(.+?)\1", re.S)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.M)
MAKE = re.compile(r"(?<![\w-])make\s+([a-z][\w-]*)")
ALGORITHM = re.compile(r"\bmetriccd:([a-z_]+)")
PROGRAM = re.compile(r"(?:-m\s+metric_cd_plugin|(?<![\w/-])metric-cd)(?=\s|$)")
# files named in code spans: under a top folder of the repository, or a module path of the package
TOP = ("bench/", "tools/", "tests/", "metric_cd_plugin/", "docs/", "resources/", "i18n/")
PACKAGE_ROOMS = ("core/", "gui/", "processing_provider/", "dependencies/")
PATHLIKE = re.compile(r"[\w./*<>-]+")
DOTTED = re.compile(r"\b(?:metric_cd_plugin|core|bench|tools)\.[\w.]*\w")


@dataclass
class Page:
    path: str   # absolute
    text: str   # the Markdown as written
    prose: str  # without fenced code blocks and code spans (where links and headings live)
    blocks: List[str]  # fenced code blocks
    spans: List[str]   # inline code spans

    @property
    def name(self) -> str:
        return os.path.basename(self.path)


def read_page(path: str) -> Page:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    blocks = FENCE.findall(text)
    without_blocks = FENCE.sub("\n", text)
    spans = [m.group(2) for m in INLINE.finditer(without_blocks)]
    return Page(path, text, INLINE.sub("code", without_blocks), blocks, spans)


def pages(repo: str) -> List[Page]:
    """README.md, then every page of docs/."""
    paths = [os.path.join(repo, "README.md")] + sorted(glob.glob(os.path.join(repo, "docs", "*.md")))
    return [read_page(p) for p in paths]


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: its text as shown, lower case, punctuation dropped, spaces as '-'."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    text = re.sub(r"[`*]|<[^>]+>", "", text)
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(page: Page) -> Set[str]:
    """Every heading's anchor, the second of one name with '-1' as GitHub numbers them."""
    seen: Dict[str, int] = {}
    out = set()
    for heading in HEADING.findall(FENCE.sub("\n", page.text)):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


def broken_links(page: Page, repo: str) -> List[str]:
    """'target: why' for each relative link or image that names no file, or no heading of its page."""
    problems = []
    for target in LINK.findall(page.prose):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:: not checked offline
            continue
        file_part, _, anchor = target.partition("#")
        where = os.path.normpath(os.path.join(os.path.dirname(page.path), file_part)) if file_part else page.path
        if not os.path.exists(where):
            problems.append(f"{target}: no file {os.path.relpath(where, repo)}")
        elif anchor and where.endswith(".md") and anchor not in anchors(read_page(where)):
            problems.append(f"{target}: no heading '#{anchor}' in {os.path.relpath(where, repo)}")
    return problems


def make_targets(makefile: str) -> Set[str]:
    with open(makefile, encoding="utf-8") as f:
        return set(re.findall(r"^([\w.-]+)\s*:(?!=)", f.read(), re.M))


def code(page: Page) -> List[str]:
    return page.blocks + page.spans


def named_make_targets(page: Page) -> Set[str]:
    return {t for text in code(page) for t in MAKE.findall(text)}


def algorithm_ids(page: Page) -> Set[str]:
    return set(ALGORITHM.findall(page.text))


def command_lines(block: str) -> List[str]:
    """The lines of a code block, a trailing backslash joining the next, '# comments' dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    return [re.sub(r"(^|\s)#.*$", "", line).strip() for line in joined.splitlines()]


def metric_cd_commands(page: Page, blocks: bool) -> List[str]:
    """What follows the program in each metric-cd command shown in code blocks (blocks=True) or in
    code spans (a mention such as `metric-cd detect` is no whole command); none of what is only the
    program's name."""
    found = []
    for text in page.blocks if blocks else [re.sub(r"\s+", " ", s) for s in page.spans]:
        for line in command_lines(text):
            match = PROGRAM.search(line)
            if match and line[match.end():].strip():
                found.append(line[match.end():].strip())
    return found


def is_synopsis(words: str) -> bool:
    """`detect T1 T2 [--mask M] [--preset fast|paper] ...`: options and choices, not one command."""
    return any(mark in words for mark in ("[", "|", "..."))


def qgis_process_runs(page: Page) -> List[List[str]]:
    """[algorithm id, NAME=value...] of each `qgis_process run ID -- ...` in a code block."""
    runs = []
    for block in page.blocks:
        for line in command_lines(block):
            match = re.search(r"\brun\s+(metriccd:\w+)\s+--\s+(.*)$", line)
            if match:
                runs.append([match.group(1)] + shlex.split(match.group(2)))
    return runs


def named_files(page: Page) -> Set[str]:
    """Repository files named in code spans: `bench/x.py`, `core/raster/kind.py`, `python -m bench.x`."""
    names = set()
    for span in page.spans:
        for word in PATHLIKE.findall(span):
            word = word.rstrip(".")
            if "<" in word or ">" in word:
                continue  # a pattern such as <mask>_t0_300.tif
            if word.startswith(TOP + PACKAGE_ROOMS) and ("." in os.path.basename(word) or word.endswith("/")):
                names.add(word)
        names.update(m.replace(".", "/") + ".py" for m in re.findall(r"-m\s+(bench\.\w+)", span))
    for block in page.blocks:
        names.update(m.replace(".", "/") + ".py" for m in re.findall(r"-m\s+(bench\.\w+)", block))
    return names


def file_exists(repo: str, page: Page, name: str) -> bool:
    """A name resolves from the repository, the package (core/...) or the page's folder; globs allowed."""
    for base in (repo, os.path.join(repo, "metric_cd_plugin"), os.path.dirname(page.path)):
        if glob.glob(os.path.join(base, name)):
            return True
    return False


def named_objects(page: Page) -> Set[str]:
    """Dotted names of the code in code spans: `core.raster.metadata.read_run_metadata`, `bench.margin_rules`."""
    return {name for span in page.spans for name in DOTTED.findall(span)}


def object_exists(repo: str, name: str) -> bool:
    """The longest leading part names a module or package (from the repository, or the package for
    core.*); what follows, if anything, is one name defined at the top of that module."""
    parts = name.split(".")
    for base in (repo, os.path.join(repo, "metric_cd_plugin")):
        for cut in range(len(parts), 0, -1):
            stem = os.path.join(base, *parts[:cut])
            module = stem + ".py" if os.path.isfile(stem + ".py") else os.path.join(stem, "__init__.py")
            if not os.path.isfile(module):
                continue
            rest = parts[cut:]
            if not rest:
                return True
            with open(module, encoding="utf-8") as f:
                text = f.read()
            defined = re.search(rf"^(def|class)\s+{rest[0]}\b|^{rest[0]}\s*[:=]", text, re.M)
            return len(rest) == 1 and defined is not None
    return False
