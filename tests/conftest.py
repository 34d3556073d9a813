"""Shared fixtures: the built site, and a small throw-away project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, make_project


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site. `make test` builds it first; run alone, this builds it once."""
    path = ROOT / "site"
    if not (path / "index.html").exists() or not (path / "downloads").exists():
        subprocess.run([sys.executable, "-m", "handout.cli", "build"], cwd=ROOT, check=True)
    return path


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")
