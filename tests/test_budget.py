"""Byte budgets from the built files (deterministic): first visit and one language's search."""

from __future__ import annotations

from pathlib import Path

from handout import budget
from handout.project import languages


def test_first_visit_of_every_page_within_70_kib(site: Path) -> None:
    over = []
    for page in site.rglob("*.html"):
        size = sum(budget.first_visit(site, page).values())
        if size > budget.FIRST_VISIT_LIMIT:
            over.append(f"{page.relative_to(site)}: {size / 1024:.1f} KiB")
    assert not over, "\n".join(over[:20])


def test_search_payload_per_language(site: Path) -> None:
    for lang in languages():
        payload = budget.search_payload(site, lang.prefix)
        total = sum(payload.values())
        assert total <= budget.SEARCH_LIMIT, f"{lang.code}: {total / 1024:.1f} KiB {payload}"
        assert sum(1 for k in payload if k.startswith("assets/javascripts/lunr/min/lunr.") and "support" not in k) <= 1


def test_search_index_leaves_out_lists_of_titles_and_sources(site: Path) -> None:
    """The glossary's related terms and backlinks, and the sources pages, are not searched (bytes, noise)."""
    import json

    for lang in languages():
        docs = json.loads((site / lang.prefix / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        locations = [str(d["location"]) for d in docs]
        assert not [x for x in locations if "#related-terms" in x or "#where-this-term-appears" in x], lang.code
        assert not [x for x in locations if x.startswith("sources-")], lang.code
        assert any(x.startswith("glossary/anagen/") for x in locations), lang.code


def test_main_stylesheet_keeps_only_rules_that_can_match(tmp_path: Path) -> None:
    """Material's main stylesheet is trimmed to the classes the pages and scripts use (handout.assets)."""
    from handout import assets

    css = (".md-tabs{color:red}.md-nav,.md-tabs__link{color:blue}.a:not(.md-tabs) .b{color:green}"
           ".x :is(.md-tabs,.b){margin:0}@media print{.md-tabs{display:none}.b{display:block}}"
           "@keyframes spin{to{transform:rotate(1turn)}}")
    out = assets.slim_main(css, {"md-nav", "a", "b", "x"})
    assert ".md-tabs{" not in out and ".md-tabs__link" not in out
    assert ".md-nav{color:blue}" in out
    assert ".a:not(.md-tabs) .b" in out and ".x :is(.md-tabs,.b)" in out  # may match without the class
    assert "@media print{.b{display:block}}" in out and "@keyframes spin" in out
    site = tmp_path / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "p.html").write_text('<p class="a  b">x</p><script>el.classList.add("md-dialog")</script>')
    (site / "assets" / "javascripts" / "x.js").write_text('x("div",{class:"md-tooltip"})')
    assert {"a", "b", "md-dialog", "md-tooltip"} <= assets.used_classes(site)


def test_every_page_links_the_trimmed_stylesheet(site: Path) -> None:
    from bs4 import BeautifulSoup

    html = (site / "ru" / "other-treatments" / "index.html").read_text(encoding="utf-8")
    links = [str(el["href"]) for el in BeautifulSoup(html, "lxml").select('link[rel="stylesheet"]')]
    assert any(h.endswith("assets/stylesheets/main-handout.css") for h in links), links
    assert (site / "assets" / "stylesheets" / "main-handout.css").stat().st_size < 100_000
