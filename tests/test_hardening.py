"""Bad input is refused with the file (and line) named; builds are atomic and reproducible."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import ROOT, append_po, built_project, page, run_handout, term, tree_digest, write_file
from handout.content import load_tree, stale_pages
from handout.project import load_mkdocs_yml, plugin_options


def _write(rel: str, text: str | bytes) -> Callable[[Path], None]:
    return write_file("docs/" + rel, text)


def _edit(rel: str, old: str, new: str):
    def apply(p: Path) -> None:
        path = p / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return apply


_po = append_po


def _lang_without_pages(p: Path) -> None:
    cfg = p / "mkdocs.yml"
    text = cfg.read_text()
    text = text.replace("        - locale: es\n", "        - locale: fr\n          name: fr\n          build: true\n        - locale: es\n", 1)
    cfg.write_text(text)
    po = p / "overrides" / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text('msgid ""\nmsgstr ""\n')


FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()

#: name -> (how to break the project, file that must be named, text in the message, line or None)
CORPUS = {
    "yaml-syntax": (_edit("docs/about.md", "title: About", "title: [About"), "docs/about.md", "not valid YAML", 3),
    "no-front-matter": (_write("about.md", "# About\n\nText.\n"), "docs/about.md", "no front matter", 1),
    "missing-title": (_edit("docs/about.md", "title: About\n", ""), "docs/about.md", "lacks 'title'", None),
    "missing-description": (_edit("docs/about.es.md", "description:", "summary:"), "docs/about.es.md", "lacks 'description'", None),
    "missing-reviewed": (_edit("docs/index.md", "reviewed: 2026-11-20\n", ""), "docs/index.md", "lacks 'reviewed'", None),
    "reviewed-not-a-date": (_edit("docs/index.md", "reviewed: 2026-11-20", "reviewed: last week"), "docs/index.md", "must be a date", 4),
    "reviewed-in-future": (_edit("docs/index.md", "reviewed: 2026-11-20", f"reviewed: {FUTURE}"), "docs/index.md", "in the future", 4),
    "unknown-language-suffix": (_write("about.sp.md", page("Acerca", "x")), "docs/about.sp.md", "unknown language suffix", None),
    "link-to-missing-page": (_edit("docs/about.md", "(index.md)", "(nowhere.md)"), "about.md", "nowhere.md", None),
    "link-to-missing-anchor": (_edit("docs/about.md", "(index.md)", "(index.md#no-such-part)"), "about.md", "no-such-part", None),
    "missing-image": (_edit("docs/about.md", "See the", "![diagram](assets/missing.png) See the"), "about.md", "missing.png", None),
    "unknown-glossary-term": (_edit("docs/glossary/dermis.md", "related: [stem-cell]", "related: [stemcell]"), "docs/glossary/dermis.md", "unknown glossary term 'stemcell'", None),
    "duplicated-glossary-term": (_write("glossary/skin.md", term("Skin", "The outer cover of the whole body.", "[Dermis]")), "docs/glossary/skin.md", "claimed by two glossary terms", None),
    "unknown-diagram": (_edit("docs/about.md", "See the", "<!-- diagram: nope -->\n\nSee the"), "docs/about.md", "unknown diagram 'nope'", None),
    "po-syntax-error": (_po('\nmsgid "Contents"\nmsgstr "Contenido\n'), "messages.po", "catalog syntax error", 9),
    "po-placeholder-mismatch": (_po('\nmsgid "Only %(n)s pages"\nmsgstr "Solo %(num)s páginas"\n'), "messages.po", "unknown named placeholder 'num'", None),
    "empty-translation": (_write("about.es.md", ""), "docs/about.es.md", "is empty", 1),
    "not-utf8": (_write("about.es.md", page("Acerca", "Texto").encode("utf-8") + "café".encode("latin-1")), "docs/about.es.md", "not valid UTF-8", None),
    "byte-order-mark": (_write("about.es.md", b"\xef\xbb\xbf" + page("Acerca", "Texto").encode()), "docs/about.es.md", "byte-order mark", 1),
    "crlf-line-ends": (_write("about.es.md", page("Acerca", "Texto").replace("\n", "\r\n")), "docs/about.es.md", "CRLF", 1),
    "language-without-pages": (_lang_without_pages, "mkdocs.yml", "language 'fr' is configured but has no pages", None),
    "description-too-short": (_edit("docs/about.es.md", "description: A test page", "description: Poco.\nx: A test page"), "docs/about.es.md", "the description has 5 characters", 3),
    "translation-without-english": (_write("orphan.es.md", page("Huérfana", "x")), "docs/orphan.es.md", "does not exist in English", None),
}


@pytest.fixture(scope="module")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_project(tmp_path_factory.mktemp("base") / "proj")


_tree_digest = tree_digest


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_input_is_refused_and_site_untouched(name: str, built_mini: Path, tmp_path: Path) -> None:
    breaker, where, message, line = CORPUS[name]
    proj = tmp_path / "proj"
    shutil.copytree(built_mini, proj)
    before = _tree_digest(proj / "site")
    breaker(proj)
    r = run_handout(proj, "build", timeout=60)
    assert r.returncode != 0, f"{name} was not refused"
    assert where in r.stderr, f"{name}: message does not name {where}:\n{r.stderr}"
    assert message in r.stderr, f"{name}: unexpected message:\n{r.stderr}"
    if line:
        assert f"{where}:{line}:" in r.stderr, f"{name}: no line {line} in:\n{r.stderr}"
    assert _tree_digest(proj / "site") == before, f"{name}: site/ changed"
    assert not list(proj.glob(".site.building*")) and not list(proj.glob(".site.old*"))


def test_failed_pdf_step_leaves_site_untouched(built_mini: Path, tmp_path: Path) -> None:
    proj = tmp_path / "proj"
    shutil.copytree(built_mini, proj)
    before = _tree_digest(proj / "site")
    # The HTML builds, then the PDF step fails.
    r = subprocess.run(
        [sys.executable, "-c",
         "import sys; from handout import pdf, cli;"
         "pdf.build_all = lambda *a, **k: (_ for _ in ()).throw(RuntimeError('PDF failed'));"
         f"sys.exit(cli.main(['--root', {str(proj)!r}, 'build']))"],
        capture_output=True, text=True,
    )
    assert r.returncode != 0 and "PDF failed" in r.stderr
    assert _tree_digest(proj / "site") == before


def test_review_interval() -> None:
    tree = load_tree()
    months = int(plugin_options(load_mkdocs_yml(), "handout").get("review_interval_months", 12))
    stale = stale_pages(tree, months)
    assert not stale, "\n".join(str(s) for s in stale)


def test_review_interval_names_a_stale_page(mini: Path) -> None:
    tree = load_tree(mini)
    stale = stale_pages(tree, 12, today=dt.date(2028, 1, 1))
    assert any("docs/about.md:" in str(s) and "more than 12 months ago" in str(s) for s in stale)


def test_two_builds_in_two_folders_are_identical(site: Path, tmp_path: Path) -> None:
    """A second clean build of the same files, at another path, gives byte-identical output."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    other = tmp_path / "elsewhere" / "clone"
    for rel in files:
        src = ROOT / rel
        if src.is_file():
            (other / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, other / rel)
    r = run_handout(other, "build", timeout=900)
    assert r.returncode == 0, r.stderr
    first, second = _tree_digest(site), _tree_digest(other / "site")
    assert sorted(first) == sorted(second), set(first) ^ set(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, differ[:20]
    for path in (other / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            assert str(other) not in path.read_text(encoding="utf-8", errors="replace"), path
