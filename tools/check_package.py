"""The checks of plugins.qgis.org's upload scan that are not bandit or flake8, on the built
plugin folder (build/metric_cd_plugin): detect-secrets over every file, hidden files,
executables and binaries, Python files with the execute bit. Prints each finding and exits
1 when there is any (`make check` runs it after bandit and flake8).

Mirrors qgis/QGIS-Plugins-Website, qgis-app/plugins/security_scanner.py:
  detect-secrets scan --all-files --exclude-files metadata\\.txt --exclude-files \\.secrets\\.baseline .
  (run from the extracted plugin, every detector on), and _check_suspicious_files /
  _check_file_permissions (hidden files other than .gitignore, .gitattributes, .bandit,
  .secrets.baseline, .flake8; .exe .dll .so .dylib .bat .sh .ps1 .cmd; +x .py files).
A finding that is not one is waived in the source with `# pragma: allowlist secret` and
a comment saying why."""
import json
import os
import stat
import subprocess  # nosec B404 # a developer tool: runs detect-secrets with an argument list
import sys

HIDDEN_ALLOWED = {".gitignore", ".gitattributes", ".bandit", ".secrets.baseline", ".flake8"}
SUSPICIOUS = (".exe", ".dll", ".so", ".dylib", ".bat", ".sh", ".ps1", ".cmd")


def detect_secrets(folder):
    exe = os.path.join(os.path.dirname(sys.executable), "detect-secrets")
    command = [exe, "scan", "--all-files", "--exclude-files", r"metadata\.txt",
               "--exclude-files", r"\.secrets\.baseline", "."]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=True)  # nosec B603
    return [f"{name}:{hit['line_number']}: detect-secrets: {hit['type']}"
            for name, hits in sorted(json.loads(done.stdout)["results"].items()) for hit in hits]


def file_findings(folder):
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files + [d for d in dirs if d.startswith(".")]):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder)
            if name.startswith(".") and name not in HIDDEN_ALLOWED:
                found.append(f"{rel}: hidden file (the upload scan flags it); leave it out of the package")
            if name.lower().endswith(SUSPICIOUS):
                found.append(f"{rel}: executable or binary file type")
            if name.endswith(".py") and os.stat(path).st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH):
                found.append(f"{rel}: Python file with the execute bit")
    return found


def main(folder):
    if not os.path.isdir(folder):
        print(f"check_package: {folder} does not exist; run `make package` first", file=sys.stderr)
        return 2
    findings = detect_secrets(folder) + file_findings(folder)
    for line in findings:
        print(f"{folder}/{line}")
    print(f"check_package: {len(findings)} finding(s) in {folder}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/metric_cd_plugin"))
