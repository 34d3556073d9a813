"""On a phone (360 px): diagram labels large enough to read, search fetched only when it is opened,
and a first page view within 70 KiB gzip, counted the way the browser fetches it."""

from __future__ import annotations

import pytest

from browser_support import SEARCHES, type_search
from handout import budget
from handout.project import languages

LANGS = languages()
DIAGRAM_PAGES = ("how-hair-grows/", "treatment-steps/", "compare-options/")
MIN_LABEL_PX = 14

#: Every visible text of every diagram: its rendered size (computed font size x the SVG's scale) and
#: whether its box lies inside the figure's picture; the key below the drawing and its font size.
LABELS_JS = """() => [...document.querySelectorAll('figure.diagram')].flatMap(fig => {
  const svg = fig.querySelector('svg'); const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')].filter(t => t.getBoundingClientRect().width > 0).map(t => {
    const r = t.getBoundingClientRect();
    return {kind: 'svg', fig: fig.className, text: t.textContent,
            px: parseFloat(getComputedStyle(t).fontSize) * scale,
            inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5}; });
  const key = fig.querySelector('.dg-key');
  const items = key && key.getBoundingClientRect().height > 0 ? [...key.querySelectorAll('li')].map(li => {
    const r = li.getBoundingClientRect(); const f = fig.getBoundingClientRect();
    return {kind: 'key', fig: fig.className, text: li.textContent, px: parseFloat(getComputedStyle(li).fontSize),
            inside: r.left >= f.left - 0.5 && r.right <= f.right + 0.5}; }) : [];
  return texts.concat(items);
})"""


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_diagram_labels_readable_at_360_px(lang, base_url: str, browser) -> None:
    """At 360 px every visible label is >= 14 px and inside its picture; the labels are in the key."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = ctx.new_page()
    bad, smallest = [], 99.0
    for rel in DIAGRAM_PAGES:
        page.goto(base_url + lang.prefix + rel)
        rows = page.evaluate(LABELS_JS)
        assert any(r["kind"] == "key" for r in rows), f"{rel}: no key shown at 360 px"
        for r in rows:
            smallest = min(smallest, r["px"])
            if r["px"] < MIN_LABEL_PX or not r["inside"]:
                bad.append(f"{rel}: {r}")
        # the key is the diagram's labels, numbered like the markers
        n_marks = page.evaluate("[...document.querySelectorAll('figure.diagram .dg-mark text, figure.diagram .dg-num')]"
                                ".filter(t => t.getBoundingClientRect().width > 0).length")
        n_items = page.evaluate("document.querySelectorAll('figure.diagram .dg-key li').length")
        assert n_marks == n_items, (rel, n_marks, n_items)
    print(f"{lang.code}: smallest diagram label at 360 px {smallest:.1f} px")
    ctx.close()
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_wide_screen_keeps_labelled_drawing(lang, base_url: str, browser) -> None:
    """On a wide screen the drawing keeps its labels, inside the picture, and the key is hidden
    (so a screen reader does not read the labels twice)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    bad = []
    for rel in DIAGRAM_PAGES:
        page.goto(base_url + lang.prefix + rel)
        rows = page.evaluate(LABELS_JS)
        assert not [r for r in rows if r["kind"] == "key"], rel
        assert sum(1 for r in rows if r["kind"] == "svg") >= 8
        bad += [f"{rel}: {r}" for r in rows if not r["inside"]]
        assert not page.evaluate("[...document.querySelectorAll('.dg-mark text')].some(m => m.getBoundingClientRect().width > 0)")
    ctx.close()
    assert not bad, "\n".join(bad[:20])


def test_accessibility_tree_reads_labels_once(base_url: str, browser) -> None:
    """The drawing is one image (title + description); the key is read on phones only."""
    for width, key_read in ((360, True), (1280, False)):
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        page = ctx.new_page()
        page.goto(base_url + "how-hair-grows/")
        snap = page.locator("figure.diagram-follicle").aria_snapshot()
        assert '- img "Parts of a hair follicle' in snap, snap
        assert snap.count("listitem") == (7 if key_read else 0), snap
        ctx.close()


SEARCH_FILES = ("search_index.json", "/workers/search.", "/lunr/")



@pytest.mark.parametrize("code", sorted(SEARCHES))
def test_search_loads_only_when_opened(code: str, base_url: str, browser) -> None:
    lang = next(lg for lg in LANGS if lg.code == code)
    query, expected = SEARCHES[code]
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    page = ctx.new_page()
    page.goto(base_url + lang.prefix + "about/", wait_until="networkidle")
    page.wait_for_timeout(500)
    early = [r for r in requests if any(s in r for s in SEARCH_FILES)]
    assert not early, f"fetched before search was opened: {early}"
    page.focus(".md-search__input")
    top = [p.split("#")[0].split("?")[0] for p in type_search(page, query)[:3]]
    assert expected in top, top
    indexes = [r for r in requests if r.endswith("search_index.json")]
    assert indexes == [base_url + lang.prefix + "search/search_index.json"], indexes
    stemmers = {r.rsplit("/", 1)[1] for r in requests if "/lunr/min/lunr." in r}
    allowed = {"lunr.stemmer.support.min.js", f"lunr.{lang.lunr}.min.js", "lunr.multi.min.js"}
    allowed |= {s for s in stemmers if lang.lunr in s}  # e.g. Chinese segmentation helpers
    assert stemmers <= allowed, stemmers
    if lang.lunr != "en":
        assert f"lunr.{lang.lunr}.min.js" in stemmers, stemmers
    ctx.close()


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_first_visit_within_70_kib_in_the_browser(lang, base_url: str, browser) -> None:
    over, lines = [], []
    for kind, path in budget.PAGE_TYPES.items():
        ctx = browser.new_context(viewport={"width": 360, "height": 740})
        sizes = budget.browser_first_visit(ctx, base_url + lang.prefix + path)
        ctx.close()
        total = sum(sizes.values())
        lines.append(f"{lang.code} {kind}: {total / 1024:.1f} KiB")
        assert not [u for u in sizes if any(s in u for s in SEARCH_FILES)], sizes
        if total > budget.FIRST_VISIT_LIMIT:
            over.append(f"{kind}: {total / 1024:.1f} KiB {sizes}")
    print("\n".join(lines))
    assert not over, "\n".join(over)
