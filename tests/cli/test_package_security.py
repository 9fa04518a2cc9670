"""What bandit (make check) does not see, read from the packaged plugin's source: commands
run only as argument lists, the network reached only by the verified HTTPS download, and
no eval/exec. Parsed with ast, so comments and docstrings cannot trip or hide a finding."""
import ast
import os

import pytest

from metric_cd_plugin.core.errors import WeightsError
from metric_cd_plugin.core.deep.download import download_verified

DOWNLOAD_MODULE = os.path.join("core", "deep", "download.py")
NETWORK_MODULES = {"urllib.request", "http.client", "socket", "ftplib", "requests", "httpx", "urllib3"}
NETWORK_NAMES = {"QNetworkAccessManager", "QgsNetworkAccessManager", "QgsFileDownloader", "QgsBlockingNetworkRequest"}


@pytest.fixture(scope="module")
def sources(packaged_plugins_dir):
    """{path relative to the plugin folder: parsed module} for every packaged .py file."""
    root = os.path.join(packaged_plugins_dir, "metric_cd_plugin")
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as stream:
                    found[os.path.relpath(path, root)] = ast.parse(stream.read(), path)
    assert len(found) > 50 and DOWNLOAD_MODULE in found
    return found


def calls(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def dotted(node):
    """'subprocess.run' for subprocess.run, 'self.process.start' for that attribute chain."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return "?"


def test_no_eval_exec_or_shell(sources):
    found = []
    for path, tree in sources.items():
        for call in calls(tree):
            name = dotted(call.func)
            if name in ("eval", "exec", "compile", "os.system", "os.popen") or name.startswith(
                    ("os.spawn", "os.exec", "pty.")):
                found.append(f"{path}:{call.lineno} {name}()")
            found += [f"{path}:{call.lineno} shell=True" for k in call.keywords
                      if k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)]
    assert found == []


def test_processes_are_started_with_argument_lists(sources):
    """subprocess gets a list literal; QProcess gets (program, list): never one command string."""
    started = []
    for path, tree in sources.items():
        for call in calls(tree):
            name = dotted(call.func)
            if name.startswith("subprocess.") and name != "subprocess.list2cmdline":  # quoting, starts nothing
                assert call.args and isinstance(call.args[0], ast.List), f"{path}:{call.lineno} {name}"
                started.append(name)
            elif name.endswith(("process.start", "process.startDetached", "QProcess.startDetached")):
                assert len(call.args) == 2, f"{path}:{call.lineno} {name} without an argument list"
                started.append(name)
    assert sorted(set(started)) == ["self.process.start", "subprocess.run"]  # the checks saw them


def test_only_the_verified_download_reaches_the_network(sources):
    users = set()
    for path, tree in sources.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                modules = {node.module or ""} | {f"{node.module}.{a.name}" for a in node.names}
                modules |= {a.name for a in node.names}
            else:
                continue
            if modules & (NETWORK_MODULES | NETWORK_NAMES):
                users.add(path)
    assert users == {DOWNLOAD_MODULE}
    urls = [(path, node.value) for path, tree in sources.items() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "://" in node.value
            and node.value.split("://")[0].isalpha()]
    assert urls and all(url.startswith("https://") for _, url in urls), urls


def test_the_download_checks_the_scheme_first_and_the_hash_before_keeping(sources):
    tree = sources[DOWNLOAD_MODULE]
    func = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "download_verified")
    first = func.body[1] if isinstance(func.body[0].value, ast.Constant) else func.body[0]  # after the docstring
    assert dotted(first.value.func) == "check_url"
    compared = {dotted(side) for node in ast.walk(func) if isinstance(node, ast.Compare)
                for side in [node.left] + node.comparators}
    assert {"digest", "sha256"} <= compared
    # one opener, whose redirect handler checks every hop (HTTPS only), reached only through download_verified
    fetchers = [dotted(c.func) for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) for c in calls(n)
                if dotted(c.func) in ("urllib.request.urlopen", "urllib.request.build_opener")]
    assert fetchers == ["urllib.request.build_opener"]


@pytest.mark.parametrize("url", ["http://download.pytorch.org/models/vgg16-397923af.pth",
                                 "ftp://example.org/vgg16.pth", "file:///etc/passwd",
                                 "http://127.0.0.1:1/vgg16.pth"])
def test_insecure_addresses_are_refused_before_any_connection(tmp_path, url):
    with pytest.raises(WeightsError, match="only HTTPS addresses are used"):
        download_verified(url, str(tmp_path / "w.pth"), "0" * 64)
    assert os.listdir(tmp_path) == []
