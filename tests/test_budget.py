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
