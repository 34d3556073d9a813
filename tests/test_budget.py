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
