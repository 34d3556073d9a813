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


# ---------------------------------------------------------------- the scripts of ko ja tr ru hi fa


def texts(out: str) -> list[str]:
    return [a.get_text() for a in BeautifulSoup(out, "html.parser").select("a.glossary-link")]


@pytest.mark.parametrize("word", ["줄기세포는", "줄기세포를", "줄기세포의", "줄기세포로", "줄기세포에서", "줄기세포들은"])
def test_korean_particles_stay_outside_the_link(word: str) -> None:
    out, linked = link(f"<p>{word} 아직 연구 중입니다.</p>", [T("stem-cell", "줄기세포")], "ko")
    assert linked == ["stem-cell"] and texts(out) == ["줄기세포"]
    assert BeautifulSoup(out, "html.parser").p.get_text() == f"{word} 아직 연구 중입니다."


def test_korean_longer_noun_is_not_the_term() -> None:
    terms = [T("stem-cell", "줄기세포", "줄기 세포"), T("follicle", "모낭")]
    for text in ("배아줄기세포는 다릅니다.", "줄기세포치료를 받았다.", "줄기세포이식", "모낭염이 생겼다."):
        assert link(f"<p>{text}</p>", terms, "ko")[1] == [], text
    # Spacing varies in Korean: the spaced form also matches the written-together one.
    assert texts(link("<p>줄기세포가 있다.</p>", [T("stem-cell", "줄기 세포")], "ko")[0]) == ["줄기세포"]
    assert texts(link("<p>줄기 세포가 있다.</p>", [T("stem-cell", "줄기 세포")], "ko")[0]) == ["줄기 세포"]


def test_japanese_without_spaces_longest_first_and_katakana_words() -> None:
    terms = [T("stem-cell", "幹細胞"), T("msc", "間葉系幹細胞"), T("keratin", "ケラチン"), T("fda", "FDA")]
    out, linked = link("<p>間葉系幹細胞を注射します。幹細胞はまだ研究中です。FDAの承認はありません。</p>", terms, "ja")
    assert texts(out) == ["間葉系幹細胞", "幹細胞", "FDA"]
    assert linked == ["msc", "stem-cell", "fda"]
    # A katakana term inside a longer katakana word, a Latin term inside a longer Latin word: no link.
    _, none = link("<p>ケラチノサイトとFDAXの話。</p>", terms, "ja")
    assert none == []
    out2, _ = link("<p>毛髪のケラチンは丈夫です。</p>", terms, "ja")
    assert texts(out2) == ["ケラチン"]


@pytest.mark.parametrize("text,expected", [
    ("Kök hücreler saç köküne enjekte edilir.", "Kök hücreler"),
    ("Kök hücrelerin etkisi bilinmiyor.", "Kök hücrelerin"),
    ("KÖK HÜCRE tedavisi", "KÖK HÜCRE"),
])
def test_turkish_suffixes(text: str, expected: str) -> None:
    out, linked = link(f"<p>{text}</p>", [T("stem-cell", "kök hücre")], "tr")
    assert texts(out) == [expected]
    assert BeautifulSoup(out, "html.parser").p.get_text() == text


def test_turkish_apostrophe_and_dotted_i() -> None:
    terms = [T("fda", "FDA"), T("doku", "doku"), T("injection", "İğne")]
    out, linked = link("<p>FDA'nın onayı yok. Dokular incelendi. Bu iğneler pahalı.</p>", terms, "tr")
    assert texts(out) == ["FDA'nın", "Dokular", "iğneler"]
    # A longer word that only starts with a term: "dokunmak" (to touch) is not "doku" (tissue).
    assert link("<p>Saça dokunmak serbest.</p>", terms, "tr")[1] == []
    # Turkish case rules: dotless ı is another letter, and İ (two characters in Python's lower()) keeps
    # the offsets right for the text after it.
    terms2 = [T("hair", "kıl"), T("kil", "kil")]
    out2, _ = link("<p>İİİ KIL ve KİL.</p>", terms2, "tr")
    soup = BeautifulSoup(out2, "html.parser")
    assert [(a.get_text(), a["href"]) for a in soup.select("a")] == [("KIL", "/g/hair/"), ("KİL", "/g/kil/")]
    assert soup.p.get_text() == "İİİ KIL ve KİL."


@pytest.mark.parametrize("text,expected", [
    ("Стволовые клетки изучают.", "Стволовые клетки"),
    ("Нет доказательств для стволовых клеток.", "стволовых клеток"),
    ("Лечение стволовыми клетками не одобрено.", "стволовыми клетками"),
])
def test_russian_case_endings(text: str, expected: str) -> None:
    out, _ = link(f"<p>{text}</p>", [T("stem-cell", "стволовая клетка", "стволовые клетки")], "ru")
    assert texts(out) == [expected]


def test_russian_nouns_and_a_word_that_contains_a_term() -> None:
    for text, expected in (("Фолликулы спят.", "Фолликулы"), ("Много фолликулов.", "фолликулов"),
                           ("Один фолликул.", "фолликул")):
        assert texts(link(f"<p>{text}</p>", [T("follicle", "фолликул")], "ru")[0]) == [expected]
    assert link("<p>Кожаный ремень и кожура.</p>", [T("skin", "кожа")], "ru")[1] == []
    assert texts(link("<p>Кожи головы и кожей.</p>", [T("skin", "кожа")], "ru")[0]) == ["Кожи"]


def test_hindi_marks_are_part_of_the_word() -> None:
    import re

    # Python's \w misses the matras and the anusvara: \b cuts "कोशिकाओं" into pieces.
    assert re.findall(r"\b\w+\b", "कोशिकाओं") != ["कोशिकाओं"]
    terms = [T("stem-cell", "स्टेम कोशिका")]
    for text, expected in (("स्टेम कोशिका क्या है?", "स्टेम कोशिका"), ("स्टेम कोशिकाएं बालों में", "स्टेम कोशिकाएं"),
                           ("स्टेम कोशिकाओं से इलाज", "स्टेम कोशिकाओं"), ("स्टेम कोशिकाएँ", "स्टेम कोशिकाएँ")):
        out, _ = link(f"<p>{text}</p>", terms, "hi")
        assert texts(out) == [expected], text
    # A word that only contains a term: "बालक" (a boy) is not "बाल" (hair); "बालों" is.
    assert link("<p>एक बालक आया।</p>", [T("hair", "बाल")], "hi")[1] == []
    assert texts(link("<p>बालों का झड़ना</p>", [T("hair", "बाल")], "hi")[0]) == ["बालों"]


def test_persian_zwnj_plurals_ezafe_and_prefixes() -> None:
    terms = [T("stem-cell", "سلول بنیادی"), T("hair", "مو"), T("follicle", "فولیکول")]
    cases = (
        ("سلول‌های بنیادی در آزمایشگاه", "سلول‌های بنیادی"),
        ("سلولهای بنیادی در آزمایشگاه", "سلولهای بنیادی"),
        ("این سلول بنیادی است", "سلول بنیادی"),
        ("موی سر", "موی"),
        ("موها می‌ریزند", "موها"),
        ("به‌فولیکول‌ها می‌رسد", "به‌فولیکول‌ها"),
        ("وفولیکول", "وفولیکول"),
        ("ريزش موي سر", "موي"),  # Arabic ي typed for Persian ی
    )
    for text, expected in cases:
        out, _ = link(f"<p>{text}</p>", terms, "fa")
        assert texts(out) == [expected], text
        assert BeautifulSoup(out, "html.parser").p.get_text() == text
    # Words that only contain a term: مویرگ (capillary), موم (wax), سلول‌درمانی (a ZWNJ compound).
    assert link("<p>مویرگ و موم و سلول‌درمانی</p>", terms, "fa")[1] == []
    # Arabic ك and Persian ک are one letter for matching.
    assert link("<p>پوست و كلاژن</p>", [T("collagen", "کلاژن")], "fa")[1] == ["collagen"]
    with pytest.raises(ContentError):
        check_terms([T("a", "کلاژن"), T("b", "كلاژن")], "fa")


@pytest.mark.parametrize("lang, titles, letters, order", [
    # Turkish letters stand where the Turkish alphabet puts them, and İ/I are two letters.
    ("tr", ["Zar", "Çatlak", "Cilt", "İlaç", "Işık", "Şok", "Sebep"], ["C", "Ç", "I", "İ", "S", "Ş", "Z"],
     ["Cilt", "Çatlak", "Işık", "İlaç", "Sebep", "Şok", "Zar"]),
    # Persian: پ after ب, ک and گ before ل, ی last; آ groups under ا.
    ("fa", ["یاخته", "گیرنده", "پلاسما", "بافت", "لایه", "آلوپسی", "کبد"], ["ا", "ب", "پ", "ک", "گ", "ل", "ی"],
     ["آلوپسی", "بافت", "پلاسما", "کبد", "گیرنده", "لایه", "یاخته"]),
    # Korean: grouped by first consonant, as the letters readers know (ㄱ, not the conjoining ᄀ).
    ("ko", ["줄기세포", "탈모", "까치", "모낭", "가발"], ["ㄱ", "ㅁ", "ㅈ", "ㅌ"], ["가발", "까치", "모낭", "줄기세포", "탈모"]),
])
def test_index_follows_each_alphabet(lang: str, titles: list[str], letters: list[str], order: list[str]) -> None:
    groups = index_groups([T(str(i), t) for i, t in enumerate(titles)], lang, lambda t: t.slug)
    assert [g for g, _ in groups] == letters
    assert [item["title"] for _, items in groups for item in items] == order


def test_japanese_index_follows_the_reading_in_gojuon_order() -> None:
    terms = [
        Term("stem-cell", "幹細胞", "d", (), (), Path("x"), reading="かんさいぼう"),
        Term("placebo", "プラセボ", "d", (), (), Path("x")),
        Term("dermis", "真皮", "d", (), (), Path("x"), reading="しんぴ"),
        Term("inflammation", "炎症", "d", (), (), Path("x"), reading="えんしょう"),
        Term("hair-follicle", "毛包", "d", (), (), Path("x"), reading="もうほう"),
    ]
    groups = index_groups(terms, "ja", lambda t: t.slug)
    assert [(g, [i["title"] for i in items]) for g, items in groups] == [
        ("あ", ["炎症"]), ("か", ["幹細胞"]), ("さ", ["真皮"]), ("は", ["プラセボ"]), ("ま", ["毛包"])]


def test_japanese_term_with_kanji_needs_a_reading(tmp_path: Path) -> None:
    from handout.content import Page, _reading_errors

    def ja(meta: dict) -> Page:
        return Page(path=tmp_path / "glossary" / "dermis.ja.md", rel="glossary/dermis.ja.md",
                    base="glossary/dermis.md", lang="ja", meta=meta, body="", body_line=5,
                    meta_lines={"title": 2, "reading": 3})

    missing = _reading_errors(ja({"title": "真皮"}))
    assert missing and "reading" in missing[0].message and missing[0].line == 2
    assert _reading_errors(ja({"title": "真皮", "reading": "しんぴ"})) == []
    assert _reading_errors(ja({"title": "プラセボ"})) == []
    bad = _reading_errors(ja({"title": "真皮", "reading": "shinpi"}))
    assert bad and "kana" in bad[0].message and bad[0].line == 3
