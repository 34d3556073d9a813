"""The package in scripts/ stays typed (mypy --strict, see pyproject.toml) and lint-clean (ruff)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ROOT

BIN = Path(sys.executable).parent


def test_mypy_strict_on_the_package() -> None:
    r = subprocess.run([str(BIN / "mypy"), "--no-incremental"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_on_package_and_tests() -> None:
    r = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "scripts", "tests"],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
