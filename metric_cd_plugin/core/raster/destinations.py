"""Where a run may write, checked before any computation, and the temporary files it
writes there. One source for every adapter (command line, Processing, dialog via
Processing) and every output (rasters, polygons, reports):

- an output is a plain file name (not a folder, not ending in '/', not a device, pipe or
  socket, not a GDAL virtual path) with the extension of what is written there, in an
  existing writable folder, after symlinks are followed (a link is written through);
- it is none of the inputs (compared after resolving symlinks and relative paths, and by
  inode, so a hard link counts) and no other output of the same run;
- temporary files are hidden beside the target and carry this host and process id, so
  that a later run to the same output removes those of a killed run (a dead process on
  this host), and never another live run's."""
import os
import platform
import re
import shutil
import stat
import tempfile
from typing import Iterable, List, Optional, Sequence, Tuple

from ..errors import OutputError
from ..request.problems import Problem, RequestError

RASTER = (".tif", ".tiff")
POLYGONS = (".gpkg",)
POLYGON_LAYER = "changes"  # the one layer of a polygon output; a GeoPackage holding more is not replaced
HTML = (".html", ".htm")
CSV = (".csv",)
REPORT = HTML + CSV  # a summary or report written as a web page or a table
WHAT = {RASTER: "GeoTIFF", POLYGONS: "GeoPackage", HTML: "HTML", CSV: "CSV", REPORT: "HTML or CSV"}
_ARCHIVES = ("/vsizip/", "/vsitar/", "/vsigzip/", "/vsi7z/", "/vsirar/")


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", platform.node())[:40] or "host"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process its parent has not reaped yet still answers kill(pid, 0), but will
    never write again (Linux /proc; elsewhere taken as alive)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def input_files(path: Optional[str]) -> List[str]:
    """The files on disk a GDAL input name reads: the path itself, the archive of a
    /vsizip/-style path, the file of a 'DRIVER:file:subdataset' name."""
    if not path:
        return []
    found = [path] if os.path.exists(path) else []
    inner = next((path[len(p):] for p in _ARCHIVES if path.startswith(p)), None)
    if inner is not None:
        while inner and inner != os.path.dirname(inner):
            if os.path.isfile(inner):
                found.append(inner)
                break
            inner = os.path.dirname(inner)
    match = re.match(r'^[A-Za-z0-9_]+:"?([^":]+)"?(:.*)?$', path)
    if match and os.path.exists(match.group(1)):
        found.append(match.group(1))
    return found


def _same_file(a: str, b: str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _problem(code: str, label: str, path: str, **params: object) -> Problem:
    return Problem(code, "", {"label": label, "path": path, **params})  # the sentence names the output


def _problem_of(label: str, path: str, extensions: Tuple[str, ...]) -> Optional[Problem]:
    """What is wrong with one output path by itself, or None."""
    kind = {"first": extensions[0], "what": WHAT.get(extensions, extensions[0])}
    if path.endswith(("/", os.sep)) or os.path.basename(path) in (".", ".."):
        return _problem("output_folder_name", label, path, **kind)
    if path.startswith("/vsi") or "|" in path or re.match(r"^[A-Za-z][A-Za-z0-9_]+:", path):
        return _problem("output_not_plain", label, path, **kind)
    if not path.lower().endswith(extensions):
        return _problem("output_extension", label, path, **kind)
    real = os.path.realpath(path)
    # a link is written through: name where it leads when that is what cannot be written
    via = f" (a link to '{real}')" if os.path.islink(path) else ""
    if os.path.exists(real):
        mode = os.stat(real).st_mode
        if stat.S_ISDIR(mode):
            return _problem("output_is_folder", label, path, example=os.path.join(path, "change" + extensions[0]))
        if not stat.S_ISREG(mode):
            return _problem("output_special", label, path)
    folder = os.path.dirname(real) or "."
    if not os.path.isdir(folder):
        return _problem("output_link_no_folder" if via else "output_no_folder", label, path, folder=folder, real=real)
    if not os.access(folder, os.W_OK | os.X_OK):
        return _problem("output_link_not_writable" if via else "output_not_writable", label, path, folder=folder,
                        real=real)
    if os.path.exists(real) and not os.access(real, os.W_OK):  # read-only, or immutable (chattr +i)
        return _problem("output_read_only", label, path, via=via)
    return None


def _other_contents(path: str) -> List[str]:
    """What an existing GeoPackage holds besides a Metric-CD polygon layer: its other layers and
    rasters, which replacing the file would lose ([] for a file GDAL cannot open)."""
    from osgeo import gdal
    if not os.path.isfile(path):
        return []
    try:
        ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_RASTER)
    except RuntimeError:
        return []
    if ds is None:
        return []
    held = [f"layer '{ds.GetLayer(i).GetName()}'" for i in range(ds.GetLayerCount())
            if ds.GetLayer(i).GetName() != POLYGON_LAYER]
    held += [f"raster '{name.split(':')[-1]}'" for name, _ in (ds.GetSubDatasets() or [])]
    return held or (["a raster"] if ds.RasterCount else [])


def output_problems(outputs: Iterable[Tuple[str, Optional[str], Tuple[str, ...]]],
                    inputs: Sequence[str]) -> List[Problem]:
    """outputs: (label, path, extensions); a None path is an output not asked for, "" one
    asked for without a name. Every problem of every output, coded (problems.TEXTS words
    them; a front end may word them its own way), before anything is read or written."""
    chosen: List[Tuple[str, str]] = []
    problems: List[Problem] = []
    for label, path, extensions in outputs:
        if path is None:
            continue
        if not str(path).strip():
            problems.append(_problem("output_missing", label, ""))
            continue
        path = os.fspath(path)
        alone = _problem_of(label, path, extensions)
        if alone is not None:
            problems.append(alone)
        elif any(_same_file(path, f) for source in inputs for f in input_files(source)):
            problems.append(_problem("output_is_input", label, path))
        else:
            other = next((o for o in chosen if os.path.realpath(path) == os.path.realpath(o[1])), None)
            held = _other_contents(os.path.realpath(path)) if extensions == POLYGONS else []
            if other is not None:
                problems.append(_problem("output_twice", label, path, other=other[0]))
            elif held:
                problems.append(_problem("output_other_layers", label, path, layers=", ".join(held)))
        chosen.append((label, path))
    return problems


def check_outputs(outputs: Iterable[Tuple[str, Optional[str], Tuple[str, ...]]], inputs: Sequence[str]) -> None:
    """output_problems, raised as one InputError naming every problem."""
    problems = output_problems(outputs, inputs)
    if problems:
        raise RequestError(problems)


def write_target(path: str) -> str:
    """The file a run replaces: the target of a symlink (the link stays), else the path."""
    return os.path.realpath(path)


def _prefix(target: str) -> str:
    return f".{os.path.basename(target)}."


def remove_stale_temporaries(target: str, own: bool = False) -> List[str]:
    """Delete the temporary files that a killed run to `target` left: their names carry this
    host and a process id that no longer runs (own: this process's instead, for a command
    line stopped by a signal at any instant, even between creating a file and recording
    it). Returns what was removed."""
    folder, prefix = os.path.dirname(target) or ".", _prefix(target)
    pattern = re.compile(re.escape(prefix) + r"(?P<host>[A-Za-z0-9_-]+)-(?P<pid>\d+)\.[^/]*\.part")
    removed: List[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = pattern.match(name)
        pid = int(match["pid"]) if match and match["host"] == _host() else None
        if pid is not None and (pid == os.getpid() if own else not _pid_alive(pid)):
            path = os.path.join(folder, name)
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
                removed.append(path)
            except OSError:  # gone already, or not ours to remove after all
                pass
    return removed


def temporary_beside(target: str, suffix: str, folder: bool = False) -> str:
    """A new empty hidden file (or folder) beside target, named for this host and process;
    stale ones of killed runs to the same target are removed first."""
    remove_stale_temporaries(target)
    prefix, part, where = f"{_prefix(target)}{_host()}-{os.getpid()}.", ".part" + suffix, os.path.dirname(target) or "."
    if folder:
        return tempfile.mkdtemp(part, prefix, where)
    fd, path = tempfile.mkstemp(part, prefix, where)
    os.close(fd)
    return path


def write_text_atomically(path: str, text: str, what: str) -> str:
    """Write a small text output (a CSV table, an HTML report) the way rasters are written: a
    hidden temporary beside the target, replaced at the end; a link is written through. Nothing
    is left on error (OutputError)."""
    target = write_target(path)
    tmp = temporary_beside(target, os.path.splitext(target)[1])
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise OutputError(f"The {what} could not be written to '{path}' ({exc}); check the folder and the free "
                          "space, then run again.", code="text_write_failed", what=what, path=path,
                          error=str(exc)) from None
    return path
