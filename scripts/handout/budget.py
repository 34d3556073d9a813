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


#: The word segmenters Material's search worker loads before a language's stemmer.
SEGMENTERS = {"ja": "tinyseg.js", "hi": "wordcut.js", "th": "wordcut.js"}


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
    """gzip bytes of the search worker, the stemmers it loads for the language, and its index.

    The files are the ones Material's worker imports for the index's languages: the segmenters first
    (``tinyseg.js`` for ja, ``wordcut.js`` for hi and th), then each stemmer.
    """
    index = site / prefix / "search" / "search_index.json"
    langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    js = site / "assets" / "javascripts"
    files = [next((js / "workers").glob("search.*.min.js")), index]
    non_en = [lg for lg in langs if lg != "en"]
    if non_en:
        files.append(js / "lunr" / "min" / "lunr.stemmer.support.min.js")
        files += [js / "lunr" / SEGMENTERS[lg] for lg in non_en if lg in SEGMENTERS]
        files += [js / "lunr" / "min" / f"lunr.{lg}.min.js" for lg in non_en]
    if len(langs) > 1:
        files.append(js / "lunr" / "min" / "lunr.multi.min.js")
    return {str(f.relative_to(site)): gz_size(f) for f in files}


#: The page types whose first visit is measured in a browser, one example each (path below a language).
PAGE_TYPES = {
    "home": "",
    "article": "how-it-might-work/",
    "glossary term": "glossary/dermal-papilla/",
    "glossary index": "glossary/",
    "downloads": "downloads/",
    "status": "translation-status/",
    "compare-options": "compare-options/",
    "404": "no-such-page/",
    "about": "about/",
    "sources": "sources-options/",
    "worksheet": "what-matters/",
}


def browser_first_visit(context: object, url: str) -> dict[str, int]:
    """Bytes a first visit of ``url`` transfers, counted the way the browser fetches them: every
    response the page (and its workers) receives until the network is idle, each body as sent (gzip
    where the server compresses, as GitHub Pages does). ``context`` is a fresh Playwright browser
    context, so nothing is cached."""
    responses: list[object] = []

    def record(resp: object) -> None:
        responses.append(resp)

    context.on("response", record)  # type: ignore[attr-defined]
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    sizes: dict[str, int] = {}
    for resp in responses:
        req = resp.request  # type: ignore[attr-defined]
        if req.url.startswith("data:"):
            continue
        # Content-Length is the body as sent (the local server always sends it); a worker's responses
        # have no size in Playwright's report.
        body = int(resp.headers.get("content-length") or 0)  # type: ignore[attr-defined]
        if not body:
            try:
                resp.finished()  # type: ignore[attr-defined]
                body = req.sizes()["responseBodySize"]
            except Exception:  # noqa: BLE001 - a response cut short counts as what was received
                body = 0
        sizes[req.url] = sizes.get(req.url, 0) + max(body, 0)
    context.remove_listener("response", record)  # type: ignore[attr-defined]
    page.close()
    return sizes


def browser_first_visits(site: Path, prefixes: list[str]) -> dict[tuple[str, str], dict[str, int]]:
    """:func:`browser_first_visit` of every page type in every language (prefix), served like GitHub Pages."""
    import os

    from playwright.sync_api import sync_playwright

    from .pages_server import PagesServer

    chrome = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]
    out: dict[tuple[str, str], dict[str, int]] = {}
    with PagesServer(site, "/handout/") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chrome, args=flags, headless=True)
        for prefix in prefixes:
            for kind, path in PAGE_TYPES.items():
                ctx = browser.new_context(viewport={"width": 360, "height": 740})
                out[(prefix, kind)] = browser_first_visit(ctx, base + prefix + path)
                ctx.close()
        browser.close()
    return out
