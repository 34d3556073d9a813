"""Lighthouse (mobile) on the key pages in English, Arabic and Chinese: 100 for accessibility,
best practices and SEO. Performance is measured and printed by `make bench` (it depends on load)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handout.bench import lighthouse


@pytest.mark.xdist_group("lighthouse")
def test_lighthouse_scores(site: Path) -> None:
    root = site.parent
    if not (root / "tests" / "browser" / "node_modules" / ".bin" / "lighthouse").exists():
        pytest.fail("lighthouse is not installed: run 'make test' (it runs npm ci in tests/browser)")
    rows = lighthouse(site, root)
    assert len(rows) == 15
    bad = [(page, s) for page, s in rows
           if s["accessibility"] < 100 or s["best-practices"] < 100 or s["seo"] < 100]
    assert not bad, "\n".join(f"{p}: {s}" for p, s in bad)
