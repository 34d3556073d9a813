"""Every page in every language, in a real browser: axe-core, no foreign request, no console error;
keyboard use; search within the reader's language; the print layout."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import AXE, INFLECTED_SEARCHES, SEARCHES, type_search
from handout.content import load_tree
from handout.project import languages

LANGS = languages()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def page_urls(lang_prefix: str) -> list[str]:
    urls = []
    for base in sorted(load_tree().pages):
        stem = base[:-3]
        rel = "" if stem == "index" else (stem[:-6] if stem.endswith("/index") else stem) + "/"
        urls.append(lang_prefix + rel)
    return urls


@pytest.mark.xdist_group("axe")
@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_axe_console_and_requests_on_every_page(lang, base_url: str, context) -> None:
    host = urlsplit(base_url).netloc
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    page.on("request", lambda r: foreign.append(r.url) if urlsplit(r.url).netloc not in (host, "") and not r.url.startswith("data:") else None)
    axe_source = AXE.read_text(encoding="utf-8")
    violations: list[str] = []
    for rel in page_urls(lang.prefix):
        resp = page.goto(base_url + rel, wait_until="load")
        assert resp is not None and resp.status == 200, rel
        page.evaluate(axe_source)
        result = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => v.id + ' ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))",
            AXE_TAGS,
        )
        violations += [f"{rel}: {v}" for v in result]
    page.close()
    assert not violations, "\n".join(violations[:40])
    assert not errors, "\n".join(errors[:20])
    assert not foreign, "\n".join(foreign[:20])


def test_dark_mode_passes_axe_on_an_article(base_url: str, browser) -> None:
    ctx = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(base_url + "how-hair-grows/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations.map(v => v.id)", AXE_TAGS)
    ctx.close()
    assert result == []


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        return {tag: e.tagName, cls: e.className, text: (e.innerText || e.getAttribute('aria-label') || '').trim(),
                href: e.getAttribute('href'), top: r.top, bottom: r.bottom,
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                shadow: s.boxShadow !== 'none'} }"""
    )


def test_keyboard_skip_link_focus_and_sticky_header(base_url: str, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(base_url + "how-it-might-work/")
    page.keyboard.press("Tab")
    first = _focused(page)
    assert "md-skip" in first["cls"], first
    assert first["outline"] or first["shadow"]
    header_bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    hidden = []
    for _ in range(60):
        page.keyboard.press("Tab")
        f = _focused(page)
        if f["tag"] == "BODY":
            break  # past the last link the focus leaves the page (to the browser's own controls)
        if not (f["outline"] or f["shadow"]):
            hidden.append(f"no visible focus: {f}")
        if f["tag"] == "A" and "md-content" in page.evaluate("document.activeElement.closest('.md-content') ? 'md-content' : ''"):
            if f["top"] < header_bottom - 1:
                hidden.append(f"under the header: {f}")
    ctx.close()
    assert not hidden, "\n".join(hidden[:10])


def test_keyboard_reaches_language_switcher_search_and_pdf(base_url: str, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(base_url + "es/treatment-steps/")
    reached = {"lang": False, "search": False, "pdf": False}
    for _ in range(250):
        page.keyboard.press("Tab")
        f = _focused(page)
        if f["tag"] == "A" and (f["href"] or "").endswith("handout-es-a4.pdf"):
            reached["pdf"] = True
        if f["tag"] == "INPUT" and "md-search__input" in f["cls"]:
            reached["search"] = True
        if f["tag"] == "A" and "md-select__link" in f["cls"]:
            assert page.is_visible(".md-select__inner")
            reached["lang"] = True
        if all(reached.values()):
            break
    assert all(reached.values()), reached
    # The switcher, used by keyboard, lands on the same page in the other language.
    page.goto(base_url + "es/treatment-steps/")
    page.focus('a.md-select__link[hreflang="ar"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/ar/treatment-steps/")
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.body.dir") == "rtl"
    ctx.close()




@pytest.mark.parametrize("code", sorted(SEARCHES))
def test_search_stays_in_the_readers_language(code: str, base_url: str, browser) -> None:
    lang = next(lg for lg in LANGS if lg.code == code)
    query, expected = SEARCHES[code]
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base_url + lang.prefix + "about/")
    page.click("label.md-search__icon, .md-search__input", timeout=5000) if page.is_visible(".md-search__input") else None
    paths = type_search(page, query)
    assert paths, "no results"
    top = [p.split("#")[0].split("?")[0] for p in paths[:3]]
    assert expected in top, top
    for path in paths:
        first = path.split("/", 1)[0]
        others = {lg.code for lg in LANGS if not lg.default and lg.code != code}
        assert first not in others, f"{code} search returned {path}"
        if lang.default:
            assert first not in {lg.code for lg in LANGS if not lg.default}
    indexes = [r for r in requests if r.endswith("search_index.json")]
    assert indexes == [base_url + lang.prefix + "search/search_index.json"], indexes
    stemmers = [r.rsplit("/", 1)[1] for r in requests if "/lunr/min/lunr." in r]
    assert all(s in ("lunr.stemmer.support.min.js", f"lunr.{lang.lunr}.min.js", "lunr.multi.min.js") or lang.lunr in s for s in stemmers), stemmers
    assert not any(f"lunr.{lg.lunr}.min.js" in r for r in requests for lg in LANGS if lg.lunr != lang.lunr and lg.lunr != "en")
    ctx.close()


@pytest.mark.parametrize("code", sorted(INFLECTED_SEARCHES))
def test_search_finds_a_whole_inflected_word(code: str, base_url: str, browser) -> None:
    """A whole inflected word finds the pages holding it (a stemmed index would not: INFLECTED_SEARCHES)."""
    query, expected = INFLECTED_SEARCHES[code]
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(base_url + code + "/about/")
    found = {p.split("#")[0].split("?")[0] for p in type_search(page, query)}
    assert expected in found, sorted(found)
    ctx.close()


def test_print_layout_keeps_article_shows_links_and_diagrams(base_url: str, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(base_url + "about/")
    page.emulate_media(media="print")
    for sel in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
        if page.query_selector(sel):
            assert not page.is_visible(sel), sel
    assert page.is_visible("article h1")
    after = page.evaluate("""() => { const a = [...document.querySelectorAll('article a[href^="http"]')][0];
        return a ? getComputedStyle(a, '::after').content : null }""")
    assert after and "http" in after
    page.goto(base_url + "how-hair-grows/")
    page.emulate_media(media="print")
    assert page.is_visible("figure.diagram svg")
    ctx.close()


DIAGRAM_LABELS_JS = """() => [...document.querySelectorAll('figure.diagram svg')].flatMap(svg => {
  const vb = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].map(t => { const b = t.getBBox();
    return {text: t.textContent, left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height,
            out: b.x < -0.5 || b.x + b.width > vb.width + 0.5 || b.y < -0.5 || b.y + b.height > vb.height + 0.5}; })
}).filter(r => r.out)"""


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_diagram_labels_fit_inside_their_picture(lang, base_url: str, browser) -> None:
    """Translated labels are longer than English ones: none may run out of its diagram (the labelled
    drawing of wide screens; phones show markers and a key, tests/browser/test_phone.py)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    outside = []
    for rel in ("how-hair-grows/", "treatment-steps/", "compare-options/"):
        page.goto(base_url + lang.prefix + rel)
        assert page.locator("figure.diagram svg").count() >= 1
        outside += [f"{rel}: {r}" for r in page.evaluate(DIAGRAM_LABELS_JS)]
    ctx.close()
    assert not outside, "\n".join(outside)
