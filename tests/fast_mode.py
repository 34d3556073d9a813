"""pytest plugin for `make test-fast` (``-p fast_mode``): no PDFs are built.

Before the tests, builds the HTML alone into site/ when there is no site yet (the ``site`` fixture
then finds it and builds nothing), and deselects the tests that need the PDFs or a whole build
with PDFs. `make test` runs them all.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import ROOT

#: Tests that need the PDFs (or build them): all of test_pdf.py and these by name.
NEEDS_PDFS = ("test_pdf.py::", "test_two_builds_in_two_folders_are_identical")


def pytest_sessionstart(session: pytest.Session) -> None:
    if not (ROOT / "site" / "index.html").exists():
        subprocess.run([sys.executable, "-m", "handout.cli", "build", "--no-pdf"], cwd=ROOT, check=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep, drop = [], []
    for item in items:
        (drop if any(key in item.nodeid for key in NEEDS_PDFS) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
