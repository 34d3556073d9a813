"""The built site: every page in every language has its metadata, notices and working links."""

from __future__ import annotations

import json
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from handout.content import description_limits, load_tree
from handout.project import languages, load_mkdocs_yml

LANGS = languages()
SITE_URL = str(load_mkdocs_yml().get("site_url") or "/")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" or p.parent == site)


@cache
def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def lang_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).parts
    codes = {lg.code for lg in LANGS if not lg.default}
    return rel[0] if rel and rel[0] in codes else LANGS[0].code


def test_every_source_page_is_built_in_every_language(site: Path) -> None:
    tree = load_tree()
    for base in tree.pages:
        stem = base[:-3]
        url = "" if stem == "index" else (stem[:-6] if stem.endswith("/index") else stem) + "/"
        for lang in LANGS:
            assert (site / lang.prefix / url / "index.html").exists(), f"{lang.code}: {base} not built"


def test_lang_dir_description_review_date_and_notice(site: Path) -> None:
    for path in html_pages(site):
        if path.name == "404.html":
            continue
        soup = soup_of(path)
        code = lang_of(site, path)
        lang = next(lg for lg in LANGS if lg.code == code)
        assert soup.html["lang"] == code, path
        assert soup.body["dir"] == ("rtl" if lang.rtl else "ltr"), path
        bundle = [s for s in soup.select("script[src]") if "/bundle." in s["src"]]
        assert len(bundle) == 1 and bundle[0].has_attr("defer"), f"{path}: Material's script must be deferred"
        dialog = soup.select_one('.md-search[role="dialog"]')
        assert dialog is not None and dialog.get("aria-label"), f"{path}: search dialog has no name"
        desc = soup.find("meta", attrs={"name": "description"})
        assert desc and len(desc["content"]) >= description_limits(code)[0], f"{path}: no meta description"
        meta = soup.select_one("aside.handout-meta")
        assert meta is not None, f"{path}: no review date / notice"
        assert meta.select_one("time[datetime]") is not None, path
        assert meta.select_one(".handout-disclaimer strong"), path
        assert meta.select_one('a[type="application/pdf"]')["href"].endswith(f"handout-{code}-a4.pdf"), path


def test_hreflang_alternates_with_x_default_in_the_sitemap(site: Path) -> None:
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns)
    entry = next(u for u in urls if u.findtext("s:loc", namespaces=ns).endswith("/es/how-it-might-work/"))
    alts = {l.get("hreflang"): l.get("href") for l in entry.findall("x:link", ns)}
    assert set(alts) == {lg.code for lg in LANGS} | {"x-default"}
    assert alts["x-default"] == alts["en"] and alts["en"].endswith("/how-it-might-work/")
    assert alts["ar"].endswith("/ar/how-it-might-work/")
    assert all(len(u.findall("x:link", ns)) == len(LANGS) + 1 for u in urls)
    soup = soup_of(site / "es" / "how-it-might-work" / "index.html")
    switch = soup.select("a.md-select__link")
    assert {a["hreflang"] for a in switch} == {lg.code for lg in LANGS}
    fr = next(a for a in switch if a["hreflang"] == "fr")
    assert fr.get_text(strip=True) == "Français" and fr["lang"] == "fr"
    assert posixpath.normpath(posixpath.join("es/how-it-might-work/", fr["href"])) == "fr/how-it-might-work"


def test_no_head_link_sends_the_language_switcher_to_a_missing_sitemap(site: Path) -> None:
    """Material's script fetches sitemap.xml below every <link rel=alternate>; the site has none,
    and Material's files are published as they are."""
    import material

    for path in html_pages(site):
        assert not soup_of(path).select("head link[rel=alternate]"), path
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    upstream = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / bundle.name
    assert bundle.read_bytes() == upstream.read_bytes()


def _targets(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("mailto:"):
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        # 404.html links from the site root (it is served at every depth): map the site's path to site/.
        prefix = urlsplit(SITE_URL).path.rstrip("/") + "/"
        assert path.startswith(prefix), f"{page}: {href} is outside the site ({prefix})"
        target = site / path[len(prefix):]
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target, parts.fragment
    if path == "":
        target = page
    else:
        target = (page.parent / path).resolve()
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken = []
    for path in html_pages(site):
        soup = soup_of(path)
        for a in soup.select("a[href], link[href]"):
            if a.name == "link" and a.get("rel") and "alternate" in a["rel"]:
                continue
            resolved = _targets(site, path, a["href"])
            if resolved is None:
                continue
            target, frag = resolved
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {a['href']}")
                continue
            if frag and target.suffix == ".html":
                ids = {el.get("id") for el in soup_of(target).select("[id]")}
                if frag not in ids:
                    broken.append(f"{path.relative_to(site)} -> {a['href']} (no anchor)")
    assert not broken, "\n".join(broken[:30])


def test_search_index_per_language(site: Path) -> None:
    for lang in LANGS:
        data = json.loads((site / lang.prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert data["config"]["lang"] == [lang.lunr]
        locations = [d["location"] for d in data["docs"]]
        others = [lg.code + "/" for lg in LANGS if not lg.default]
        assert not any(loc.startswith(tuple(others)) for loc in locations), lang.code
        titles = {d["title"] for d in data["docs"] if "#" not in d["location"]}
        assert len(titles) >= 30


def test_search_base_points_at_the_language(site: Path) -> None:
    for lang in LANGS:
        page = site / lang.prefix / "about" / "index.html"
        cfg = json.loads(soup_of(page).find("script", id="__config").string)
        base = posixpath.normpath(posixpath.join(f"{lang.prefix}about/", cfg["base"]))
        assert base == (lang.prefix.rstrip("/") or "."), lang.code


def test_404_page_and_robots(site: Path) -> None:
    soup = soup_of(site / "404.html")
    assert soup.h1 is not None
    assert any(s.has_attr("defer") for s in soup.select("script[src]") if "/bundle." in s["src"])
    robots = (site / "robots.txt").read_text()
    assert "Sitemap: " in robots and robots.strip().endswith("sitemap.xml")
    sitemap = (site / "sitemap.xml").read_text()
    assert 'hreflang="ar"' in sitemap and "<loc>" in sitemap


def test_sources_in_overrides_are_not_published(site: Path) -> None:
    """overrides/ holds templates and their data: none of it is copied into the site."""
    for folder in ("data", "diagrams", "locales", "pdf", "partials"):
        assert not (site / folder).exists(), folder
    assert not list(site.rglob("*.yml")) and not list(site.rglob("*.po*")) and not list(site.rglob("print.css"))
