"""Byte budgets, measured from the built files: what a first visit and a search download (gzip)."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

FIRST_VISIT_LIMIT = 70 * 1024
#: What search costs when it is first used (worker, stemmers, one language's index). Raised from 40 KiB
#: when the handout grew by six pages (2026-12): the sources pages and the glossary's lists of related
#: terms and backlinks are kept out of the index, and the rest is what readers search.
SEARCH_LIMIT = 48 * 1024


@lru_cache(maxsize=1024)
def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def first_visit(site: Path, page: Path) -> dict[str, int]:
    """gzip bytes of the HTML and every stylesheet, script, image and icon it loads."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    sizes = {str(page.relative_to(site)): gz_size(page)}
    refs = [str(el.get("href") or "") for el in soup.select('link[rel~="stylesheet"], link[rel~="icon"]')]
    refs += [str(el.get("src") or "") for el in soup.select("script[src], img[src]")]
    for ref in refs:
        if not ref or urlsplit(ref).scheme or ref.startswith("data:"):
            continue
        target = (page.parent / urlsplit(ref).path).resolve()
        if target.is_file():
            sizes[str(target.relative_to(site.resolve()))] = gz_size(target)
    return sizes


def search_payload(site: Path, prefix: str) -> dict[str, int]:
    """gzip bytes of the search worker, the stemmers it loads for the language, and its index."""
    index = site / prefix / "search" / "search_index.json"
    langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    js = site / "assets" / "javascripts"
    files = [next((js / "workers").glob("search.*.min.js")), index]
    non_en = [lg for lg in langs if lg != "en"]
    if non_en:
        files.append(js / "lunr" / "min" / "lunr.stemmer.support.min.js")
        files += [js / "lunr" / "min" / f"lunr.{lg}.min.js" for lg in non_en]
    if len(langs) > 1:
        files.append(js / "lunr" / "min" / "lunr.multi.min.js")
    return {str(f.relative_to(site)): gz_size(f) for f in files}
