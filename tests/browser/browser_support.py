"""Constants for the browser tests."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


#: A query per language and the glossary page it must find (typed like a reader: ends with a key press).
SEARCHES = {
    "en": ("dermal papilla", "glossary/dermal-papilla/"),
    "es": ("papila", "es/glossary/dermal-papilla/"),
    "zh": ("真皮乳头", "zh/glossary/dermal-papilla/"),
    "ar": ("الحليمة", "ar/glossary/dermal-papilla/"),
    "de": ("Papille", "de/glossary/dermal-papilla/"),
    "fr": ("papille", "fr/glossary/dermal-papilla/"),
    "pt-BR": ("papila", "pt-BR/glossary/dermal-papilla/"),
    "vi": ("nhú bì", "vi/glossary/dermal-papilla/"),
    "ko": ("모유두", "ko/glossary/dermal-papilla/"),
    "ja": ("毛乳頭", "ja/glossary/dermal-papilla/"),  # segmented at build time (TinySegmenter)
    "tr": ("dermal papilla", "tr/glossary/dermal-papilla/"),
    "ru": ("дермальный сосочек", "ru/glossary/dermal-papilla/"),
    "hi": ("पैपिला", "hi/glossary/dermal-papilla/"),  # matras and virama inside the word
    "fa": ("پاپیلا", "fa/glossary/dermal-papilla/"),  # finds پاپیلای (ezafe) by prefix
}


#: Whole inflected words and a page holding that exact form (Russian, Turkish: no stemmer on purpose).
#: Material's worker appends "*" to every query term, and lunr runs no pipeline on a wildcard term, so
#: with lunr.ru/lunr.tr's stemmer in the pipeline the index holds stems («клетк», "hücr") that a typed
#: whole word («клетками*», "hücrelerin*") no longer matches: measured 2026-12-01, «клетками» found 5
#: pages instead of 13 and "hücrelerin" none instead of 10. Prefix search finds the other forms.
INFLECTED_SEARCHES = {
    "ru": ("клетками", "ru/glossary/mesenchymal-stem-cells/"),
    "tr": ("hücrelerin", "tr/glossary/differentiation/"),
}


def type_search(page, query: str, tries: int = 15) -> list[str]:  # type: ignore[no-untyped-def]
    """Type ``query`` in the search box like a reader until results show; their paths below /handout/.

    The index loads in a worker after the first focus, so the query is typed again until it answers.
    Material reads the box on keyup; text typed through an input method (Chinese, Arabic) sends no key
    events from the test driver, so each try ends with a key that a reader's keyboard would send.
    """
    for _ in range(tries):
        page.fill(".md-search__input", "")
        page.type(".md-search__input", query)
        page.keyboard.press("End")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=1000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: the index is still loading
            continue
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [link.split("/handout/", 1)[1] for link in links]
