"""Overrides of third-party templates: each names the upstream file it was written against, and
fails here when an upgrade changes that file under it (then compare, adapt, and update the hash)."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

import pytest

from helpers import ROOT

HEADER = re.compile(r"^\{#- Overrides (?:blocks of )?(?P<pkg>[\w]+)/(?P<path>\S+) \(sha256 (?P<sha>[0-9a-f]{16})\)")
OVERRIDES = sorted(p for p in (ROOT / "overrides").rglob("*")
                   if p.suffix in (".html", ".xml") and p.read_text(encoding="utf-8").startswith("{#- Overrides"))


def upstream(pkg: str, path: str) -> Path:
    spec = importlib.util.find_spec(pkg)
    assert spec is not None and spec.origin is not None, pkg
    return Path(spec.origin).parent / path


def test_every_template_that_shadows_an_upstream_one_says_so() -> None:
    import material

    theme = Path(material.__file__).parent / "templates"
    for path in (ROOT / "overrides").rglob("*.html"):
        rel = path.relative_to(ROOT / "overrides")
        if (theme / rel).exists() or rel.name == "main.html":
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert HEADER.match(first), f"{rel}: first line must name the upstream file it overrides"
    assert len(OVERRIDES) >= 6


@pytest.mark.parametrize("path", OVERRIDES, ids=lambda p: str(p.relative_to(ROOT / "overrides")))
def test_upstream_file_is_the_one_the_override_was_written_against(path: Path) -> None:
    m = HEADER.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert m, path
    source = upstream(m["pkg"], m["path"])
    assert source.exists(), f"{source} is gone: the override {path.name} must be rewritten"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    assert digest == m["sha"], (
        f"{m['pkg']}/{m['path']} changed (sha256 {digest}); compare it with {path.relative_to(ROOT)}, "
        "adapt the override and update the hash on its first line")


def test_no_python_rewrites_theme_html() -> None:
    """The plugin uses template blocks, not regexes over Material's markup or its bundle."""
    for path in (ROOT / "scripts" / "handout").glob("*.py"):
        if path.name == "validate.py":
            continue  # it matches the Nu HTML Checker's messages about Material's markup; it rewrites nothing
        text = path.read_text(encoding="utf-8")
        for needle in ("bundle.", "md-search", "__config", "link[rel=alternate]", "lang=\"[^\"]*\""):
            assert needle not in text, f"{path.name} mentions {needle!r}"
