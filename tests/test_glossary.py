"""Glossary: automatic linking in every script, errors, backlinks, the A-Z index."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import make_project, run_handout, term
from handout.glossary import Matcher, Term, check_terms, index_groups, link_terms, sort_key
from handout.errors import ContentError


def T(slug: str, title: str, *syn: str, definition: str = "def") -> Term:
    return Term(slug, title, definition, tuple(syn), (), Path(f"{slug}.md"))


def link(html: str, terms: list[Term], lang: str, exclude: str | None = None) -> tuple[str, list[str]]:
    return link_terms(html, Matcher(terms, lang), lambda t: f"/g/{t.slug}/", exclude=exclude)


def test_links_first_use_only_with_tooltip() -> None:
    out, linked = link("<p>A stem cell is a cell. Stem cells again.</p>", [T("stem-cell", "Stem cell", "stem cells", definition="Short def.")], "en")
    soup = BeautifulSoup(out, "html.parser")
    links = soup.select("a.glossary-link")
    assert [a.get_text() for a in links] == ["stem cell"]
    assert links[0]["title"] == "Short def." and links[0]["href"] == "/g/stem-cell/"
    assert linked == ["stem-cell"]


def test_longest_match_wins_and_word_boundaries() -> None:
    terms = [T("stem-cell", "stem cell", "stem cells"), T("msc", "mesenchymal stem cells")]
    out, linked = link("<p>Mesenchymal stem cells differ from other stem cells. Systemic is not stem.</p>", terms, "en")
    assert linked == ["msc", "stem-cell"]
    out2, linked2 = link("<p>The dermises and epidermis.</p>", [T("dermis", "dermis")], "en")
    assert linked2 == []  # no match inside 'epidermis' or 'dermises'


def test_never_in_headings_code_links_or_own_page() -> None:
    html = ('<h2>Dermis</h2><p><code>dermis</code> <a href="x">dermis</a></p>'
            '<p class="admonition-title">Dermis</p><p>The dermis here.</p>')
    out, linked = link(html, [T("dermis", "dermis")], "en")
    soup = BeautifulSoup(out, "html.parser")
    assert soup.h2.a is None and soup.code.a is None
    assert len(soup.select("a.glossary-link")) == 1
    assert soup.select("a.glossary-link")[0].parent.get_text() == "The dermis here."
    _, none = link("<p>The dermis here.</p>", [T("dermis", "dermis")], "en", exclude="dermis")
    assert none == []


def test_chinese_without_spaces() -> None:
    terms = [T("stem-cell", "干细胞"), T("msc", "间充质干细胞"), T("dermis", "真皮")]
    out, linked = link("<p>医生把间充质干细胞注射到头皮的真皮层。干细胞还在研究中。</p>", terms, "zh")
    assert linked == ["msc", "dermis", "stem-cell"]
    soup = BeautifulSoup(out, "html.parser")
    assert [a.get_text() for a in soup.select("a")] == ["间充质干细胞", "真皮", "干细胞"]


def test_arabic_prefixes_and_article() -> None:
    terms = [T("dermis", "الأدمة"), T("stem-cell", "خلية جذعية", "خلايا جذعية")]
    out, linked = link("<p>تحقن الخلايا الجذعية في الأدمة. وبالأدمة أوعية دموية.</p>", terms, "ar")
    assert "dermis" in linked
    out2, linked2 = link("<p>وبالأدمة أوعية دموية.</p>", [T("dermis", "الأدمة")], "ar")
    assert linked2 == ["dermis"]
    assert BeautifulSoup(out2, "html.parser").a.get_text() == "وبالأدمة"
    _, none = link("<p>كلمة أدمةزائدة</p>", [T("dermis", "الأدمة")], "ar")
    assert none == []


def test_german_compounds_and_inflection() -> None:
    terms = [T("follicle", "Haarfollikel"), T("stem-cell", "Stammzelle", "Stammzell")]
    out, linked = link("<p>In den Haarfollikeln sitzen Stammzelltherapien nicht.</p>", terms, "de")
    soup = BeautifulSoup(out, "html.parser")
    assert [a.get_text() for a in soup.select("a")] == ["Haarfollikeln", "Stammzelltherapien"]


def test_two_terms_claiming_one_word_fail() -> None:
    with pytest.raises(ContentError) as exc:
        check_terms([T("a", "dermis"), T("b", "skin", "Dermis")], "en")
    assert "claimed by two glossary terms" in str(exc.value)


def test_index_groups_by_letter_in_each_script() -> None:
    terms = [T("b", "Bulge"), T("a", "anagen"), T("e", "Épiderme")]
    import gettext

    from handout.templates import environment, render_macro

    groups = index_groups(terms, "fr", lambda t: f"{t.slug}/")
    html = render_macro(environment(gettext.NullTranslations()), "partials/handout/glossary.html", "index", groups)
    soup = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in soup.find_all("h2")] == ["A", "B", "E"]
    assert sort_key("干细胞", "zh")[0] == "G"
    assert sort_key("الأدمة", "ar")[0] == "ا"  # hamza forms group under bare alif


def test_missing_term_page_in_a_language_fails_the_build(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "p")
    (proj / "docs" / "glossary" / "dermis.es.md").unlink()
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode != 0
    assert "dermis.es.md" in r.stderr and "no page in language 'es'" in r.stderr


def test_duplicate_claim_fails_the_build_naming_the_file(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "p")
    (proj / "docs" / "glossary" / "skin.md").write_text(term("Skin", "The outer cover of the whole body.", "[dermis]"), encoding="utf-8")
    (proj / "docs" / "glossary" / "skin.es.md").write_text(term("Piel", "La cubierta exterior de todo el cuerpo.", "[]"), encoding="utf-8")
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode != 0
    assert "claimed by two glossary terms" in r.stderr and "skin.md" in r.stderr


def test_unknown_related_term_fails(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "p")
    (proj / "docs" / "glossary" / "dermis.md").write_text(term("Dermis", "The thick middle layer of the skin.", "[]", "[nope]"), encoding="utf-8")
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode != 0 and "unknown glossary term 'nope'" in r.stderr


def test_built_site_links_terms_and_backlinks(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "p")
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode == 0, r.stderr
    home = BeautifulSoup((proj / "site" / "index.html").read_text(), "html.parser")
    links = home.select("article a.glossary-link")
    assert {a["href"] for a in links} == {"glossary/stem-cell/", "glossary/dermis/"}
    assert all(a.get("title") for a in links)
    es = BeautifulSoup((proj / "site" / "es" / "index.html").read_text(), "html.parser")
    assert {a.get_text() for a in es.select("article a.glossary-link")} == {"células madre", "dermis"}
    term_page = BeautifulSoup((proj / "site" / "es" / "glossary" / "dermis" / "index.html").read_text(), "html.parser")
    back = term_page.select("ul.glossary-backlinks a")
    assert [a["href"] for a in back] == ["../../"]
    index = BeautifulSoup((proj / "site" / "glossary" / "index.html").read_text(), "html.parser")
    assert [dt.get_text() for dt in index.select("dl.glossary-index dt")] == ["Dermis", "Stem cell"]
    # The short definition leads the term's page, right under its heading.
    lead = term_page.select_one("article h1 + p.glossary-definition")
    assert lead is not None and lead.get_text() == "La capa media y gruesa de la piel."


def test_every_term_page_of_the_site_shows_its_definition(site: Path) -> None:
    from handout.content import load_tree
    from handout.project import languages

    tree = load_tree()
    for lang in languages():
        for base, by_lang in tree.pages.items():
            page = by_lang.get(lang.code)
            if page is None or not page.is_glossary_term:
                continue
            html = (site / lang.prefix / "glossary" / page.slug / "index.html").read_text(encoding="utf-8")
            lead = BeautifulSoup(html, "lxml").select_one("article h1 + p.glossary-definition")
            assert lead is not None, f"{lang.code} {base}"
            assert "".join(lead.get_text().split()) == "".join(str(page.meta["description"]).split()), base
