"""English shown in place of a missing translation is marked as English; interface text in the
reader's language never is (issue 15)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from helpers import MINI_PAGES, make_project, page, run_handout, term


def test_fallback_english_is_marked_and_interface_is_not(tmp_path: Path) -> None:
    pages = dict(MINI_PAGES)
    del pages["about.es.md"]  # a missing translation
    pages["glossary/dermis.es.md"] = term("Dermis", "The thick middle layer of the skin.", untranslated=True)
    pages["index.ar.md"] = page("الصفحة الرئيسية", "قد توقظ الخلايا الجذعية بصيلة نائمة.")
    pages["glossary/index.ar.md"] = page("المسرد", "<!-- glossary-index -->")
    for rel in ("glossary/stem-cell.md", "glossary/dermis.md"):  # glossary terms need a page: English, marked
        pages[rel.replace(".md", ".ar.md")] = pages[rel].replace("---\n", "---\nuntranslated: true\n", 1)
    proj = make_project(tmp_path / "p", pages=pages, langs=("en", "es", "ar"), mark_current=False)
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode == 0, r.stderr
    site = proj / "site"
    for rel, code, direction in (("es/about/index.html", "es", "ltr"), ("ar/about/index.html", "ar", "rtl")):
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "lxml")
        assert soup.html["lang"] == code and soup.body["dir"] == direction, rel
        fallback = soup.select_one(".handout-fallback")
        assert fallback is not None, f"{rel}: English body not wrapped"
        assert fallback["lang"] == "en" and fallback["dir"] == "ltr", rel
        assert fallback.find("h1") is not None, rel
        notice = soup.select_one(".handout-notice")
        assert notice is not None and notice.find_parent(attrs={"lang": "en"}) is None, rel
        # everything marked English is the article's fallback wrapper, inside it, or the language
        # switcher's "English" (a language's own name is in that language)
        assert all(el is fallback or el.find_parent(class_="handout-fallback") is not None
                   for el in soup.select('[lang="en"]:not(.md-select__link)')), rel
    # front matter "untranslated: true" counts too
    soup = BeautifulSoup((site / "es/glossary/dermis/index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.select_one('.handout-fallback[lang="en"][dir="ltr"]') is not None
    # a translated page (not marked current: outdated) is not marked English; its link to the English page is in Spanish
    soup = BeautifulSoup((site / "es/index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.select_one(".handout-fallback") is None
    link = soup.select_one('.handout-notice a[hreflang="en"]')
    assert link is not None and not link.has_attr("lang"), link
