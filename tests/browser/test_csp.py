"""The Content-Security-Policy in a real browser: every page type in every language loads without a
single CSP violation, and search, the palette switch and the language switch still work under it."""

from __future__ import annotations

import pytest

from handout.content import load_tree
from handout.project import languages

from browser_support import SEARCHES

LANGS = languages()
#: One page of each type (those the site has): home, article, glossary term and index, downloads,
#: translation status, the comparison and report pages of the content branch, and the 404 page.
PAGE_TYPES = ["", "about/", "glossary/anagen/", "glossary/", "downloads/", "translation-status/",
              "compare-options/", "report-harm/"]
#: A query per language: the one the search tests type (browser_support.SEARCHES).
QUERIES = {code: query for code, (query, _) in SEARCHES.items()}

#: Collects every securitypolicyviolation event, from the very first script of each page.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


def _existing(rel: str) -> bool:
    if rel in ("",):
        return True
    bases = set(load_tree().pages)
    return f"{rel.rstrip('/')}.md" in bases or f"{rel}index.md" in bases


def _watch(page, console: list[str]) -> None:
    page.add_init_script(LISTEN)
    page.on("console", lambda m: console.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_no_csp_violation_and_search_palette_language_work(lang, base_url: str, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    console: list[str] = []
    violations: list[str] = []
    _watch(page, console)
    pages = [lang.prefix + rel for rel in PAGE_TYPES if _existing(rel)] + [lang.prefix + "no-such-page/"]
    for rel in pages:
        resp = page.goto(base_url + rel, wait_until="load")
        assert resp is not None and resp.status in (200, 404), rel
        policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert policy and "object-src 'none'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0], rel
        page.wait_for_timeout(150)
        violations += [f"{rel}: {v}" for v in page.evaluate("window.__csp")]

    # Search: type a query, end with a key press (Material reads the box on keyup).
    page.goto(base_url + lang.prefix + "about/")
    page.click("label.md-search__icon, .md-search__input", timeout=5000) if page.is_visible(".md-search__input") else None
    found = False
    for _ in range(15):
        page.fill(".md-search__input", "")
        page.type(".md-search__input", QUERIES[lang.code])
        page.keyboard.press("End")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=1000)
            found = True
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: not ready yet
            continue
    assert found, f"{lang.code}: search gave no result under the policy"
    violations += [f"search: {v}" for v in page.evaluate("window.__csp")]

    # The palette switch: light to dark and back.
    page.goto(base_url + lang.prefix + "about/")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.click("form[data-md-component=palette] label:visible")
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== {before!r}")
    violations += [f"palette: {v}" for v in page.evaluate("window.__csp")]

    # The language switch lands on the same page in another language.
    other = next(lg for lg in LANGS if lg.code != lang.code)
    page.goto(base_url + lang.prefix + "about/")
    page.focus(f'a.md-select__link[hreflang="{other.code}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + other.prefix + "about/")
    assert page.evaluate("document.documentElement.lang").lower().startswith(other.code.split("-")[0].lower())
    violations += [f"language: {v}" for v in page.evaluate("window.__csp")]
    ctx.close()
    assert not violations, "\n".join(violations[:30])
    assert not console, "\n".join(console[:30])
