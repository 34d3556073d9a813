"""`make upgrade-check`: try the newest allowed versions of the five libraries the site stands on.

In a throw-away virtual environment (``.cache/upgrade/venv``, rebuilt on every run) it installs
``requirements.lock``, then upgrades MkDocs, Material for MkDocs, mkdocs-static-i18n, Babel and
WeasyPrint as far as ``pyproject.toml`` allows, prints every package whose version changed
(old -> new), builds the site and runs the fast tests with those versions. ``.venv`` and the lock
are not touched; to adopt the new versions, run ``make lock`` and commit ``requirements.lock``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

#: The libraries whose upgrades can break the site's glue.
WATCHED = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "babel", "weasyprint")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(root: Path) -> list[str]:
    """The pyproject.toml requirement (with its allowed range) of each watched library."""
    deps = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    found = {}
    for dep in deps:
        name = re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0]
        if _norm(name) in WATCHED:
            found[_norm(name)] = dep
    return [found[name] for name in WATCHED if name in found]


def freeze(python: Path) -> dict[str, str]:
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
                         capture_output=True, text=True, check=True).stdout
    versions = {}
    for line in out.splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            versions[_norm(name)] = version
    return versions


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Lines 'name old -> new' for every package added, removed or changed, watched ones first."""
    names = sorted(set(before) | set(after), key=lambda n: (n not in WATCHED, n))
    lines = []
    for name in names:
        old, new = before.get(name, "-"), after.get(name, "-")
        if old != new and name != "handout":
            lines.append(f"  {name:24} {old:>10} -> {new}")
    return lines


def _step(title: str, cmd: list[str], root: Path, log: Path) -> bool:
    print(f"== {title}", flush=True)
    t0 = time.perf_counter()
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"\n$ {' '.join(cmd)}\n")
        fh.flush()
        proc = subprocess.run(cmd, cwd=root, stdout=fh, stderr=subprocess.STDOUT)
    status = "ok" if proc.returncode == 0 else f"FAILED (exit {proc.returncode}; see {log})"
    print(f"   {status} in {time.perf_counter() - t0:.0f} s", flush=True)
    return proc.returncode == 0


def run(root: Path, work: Path | None = None, *, tests: bool = True, pytest_args: list[str] | None = None) -> int:
    work = work or root / ".cache" / "upgrade"
    venv = work / "venv"
    log = work / "upgrade-check.log"
    shutil.rmtree(venv, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    log.write_text("", encoding="utf-8")
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "-q"]

    if not _step("throw-away venv from requirements.lock", [sys.executable, "-m", "venv", str(venv)], root, log):
        return 1
    if not _step("  install the lock", [*pip, "--require-hashes", "--no-deps", "-r", "requirements.lock"], root, log):
        return 1
    before = freeze(python)
    wanted = requirements(root)
    if not _step("upgrade within pyproject.toml: " + ", ".join(wanted),
                 [*pip, "-U", "--upgrade-strategy", "only-if-needed", *wanted], root, log):
        return 1
    if not _step("  install the project (editable)",
                 [*pip, "--no-deps", "--no-build-isolation", "--no-index", "-e", "."], root, log):
        return 1
    after = freeze(python)
    _step("  pip check", [str(python), "-m", "pip", "check"], root, log)

    print("\n== versions (lock -> newest allowed)")
    lines = changes(before, after)
    for name in WATCHED:
        old, new = before.get(name, "-"), after.get(name, "-")
        print(f"  {name:24} {old:>10} -> {new}" if old != new else f"  {name:24} {old:>10}    (unchanged)")
    others = [line for line in lines if line.split()[0] not in WATCHED]
    if others:
        print("  other packages changed with them:\n" + "\n".join(others))
    if not lines:
        print("  nothing changed: the lock already has the newest allowed versions")
    print()

    ok = _step("build the site and PDFs into site/ with these versions",
               [str(python), "-m", "handout.cli", "--root", str(root), "build"], root, log)
    if ok and tests:
        ok = _step("fast tests (pytest -m 'not browser and not slow')",
                   [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", "not browser and not slow",
                    *(pytest_args or []), "tests"], root, log)
    print(f"\nupgrade check {'PASSED' if ok else 'FAILED'}; full log: {log}")
    if ok and lines:
        print("To adopt these versions: `make lock`, review requirements.lock, commit.")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    import argparse

    from .project import ROOT

    p = argparse.ArgumentParser(prog="python -m handout.upgrade_check", description=__doc__.splitlines()[0])
    p.add_argument("--root", default=str(ROOT), help="project folder (default: this checkout)")
    p.add_argument("--work", help="folder for the throw-away venv and log (default: .cache/upgrade)")
    p.add_argument("--no-tests", action="store_true", help="only install, compare versions and build")
    args, extra = p.parse_known_args(argv)
    root = Path(args.root).resolve()
    return run(root, Path(args.work).resolve() if args.work else None, tests=not args.no_tests, pytest_args=extra)


if __name__ == "__main__":
    raise SystemExit(main())
