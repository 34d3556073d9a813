"""Eight languages: every page translated and current, identified as its language, catalogs complete."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handout import catalogs, status
from handout.content import load_tree
from handout.project import languages

LANGS = languages()
#: langdetect's codes for our languages.
DETECT = {"en": "en", "es": "es", "fr": "fr", "de": "de", "pt-BR": "pt", "zh": "zh-cn", "ar": "ar", "vi": "vi"}


def test_eight_languages_configured() -> None:
    assert [lg.code for lg in LANGS] == ["en", "es", "fr", "de", "pt-BR", "zh", "ar", "vi"]
    assert [lg.code for lg in LANGS if lg.rtl] == ["ar"]


def test_every_page_translated_and_current() -> None:
    problems = status.check()
    assert not problems, "\n".join(problems[:40])
    for st in status.collect():
        assert st.percent == 100, st


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_article_text_is_in_the_language(lang, site: Path) -> None:
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0
    tree = load_tree()
    wrong = []
    for base, by_lang in tree.pages.items():
        if not by_lang[tree.default].is_prose:
            continue
        stem = base[:-3]
        rel = "" if stem == "index" else stem.removesuffix("/index") + "/"
        html = (site / lang.prefix / rel / "index.html").read_text(encoding="utf-8")
        article = BeautifulSoup(html, "lxml").select_one("article")
        for el in article.select("figure, .handout-meta, .handout-notice"):
            el.decompose()
        for el in article.select("[lang]"):
            if el.get("lang") != lang.code:
                el.decompose()
        text = article.get_text(" ", strip=True)
        if lang.code in ("zh", "ar"):
            # Source titles and abbreviations (FDA, PRP) stay in Latin letters; judge the page's own script.
            text = re.sub(r"[A-Za-z][A-Za-z.,:;'()/-]*", " ", text)
        found = detect_langs(text)
        best = found[0]
        # langdetect tells Simplified from Traditional Chinese; both count, Simplified must lead.
        family = sum(f.prob for f in found if f.lang.split("-")[0] == DETECT[lang.code].split("-")[0])
        if best.lang != DETECT[lang.code] or family < 0.7:
            wrong.append(f"{base}: detected {found}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", [lg for lg in LANGS if not lg.default], ids=lambda lg: lg.code)
def test_catalog_complete_and_compiles(lang) -> None:
    path = catalogs.po_path(lang)
    cat = catalogs.load_catalog(path, lang.catalog_code)
    stats = catalogs.stats(cat)
    assert stats.fuzzy == 0 and stats.untranslated == 0, stats
    pot = catalogs.load_catalog(catalogs.pot_path())
    missing = {m.id for m in pot if m.id} - {m.id for m in cat if m.id}
    assert not missing, f"not in {path.name}: {missing}"
    assert not catalogs.check_placeholders(cat, path)
    assert catalogs.compile_catalog(cat).startswith(b"\xde\x12\x04\x95")
    tr = catalogs.translations(lang)
    assert tr.gettext("This is not medical advice.") != "This is not medical advice."


def test_template_catalog_is_current(tmp_path: Path) -> None:
    """messages.pot holds every string of the templates and diagrams (run `make i18n-extract`)."""
    import shutil

    from handout import i18n
    from handout.project import ROOT

    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    fresh = i18n.extract(tmp_path)
    assert fresh.is_relative_to(tmp_path)
    before = {m.id for m in catalogs.load_catalog(catalogs.pot_path()) if m.id}
    after = {m.id for m in catalogs.load_catalog(fresh) if m.id}
    assert before == after, f"run 'make i18n-extract': new {after - before}, gone {before - after}"


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_search_index_text_is_in_the_language(lang, site: Path) -> None:
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0
    data = json.loads((site / lang.prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in data["docs"]).replace("\u200b", "")
    assert detect(BeautifulSoup(text, "lxml").get_text(" ")[:20000]) == DETECT[lang.code]


def test_interface_is_translated(site: Path) -> None:
    for lang in LANGS:
        soup = BeautifulSoup((site / lang.prefix / "index.html").read_text(encoding="utf-8"), "lxml")
        name = catalogs.translations(lang).gettext("Stem-cell therapy for hair loss")
        assert soup.select_one(".md-header__topic .md-ellipsis").get_text(strip=True) == name
        if not lang.default:
            assert name != "Stem-cell therapy for hair loss", lang.code


def test_language_names_come_from_cldr_with_the_script_where_it_matters(site: Path) -> None:
    from babel import Locale

    names = {lg.code: lg.name for lg in LANGS}
    assert names["es"] == "Español" and names["ar"] == Locale.parse("ar").get_display_name("ar")
    # Chinese is written in two scripts: the menu says which one this handout uses.
    hans = Locale.parse("zh_Hans")
    assert names["zh"] == hans.get_display_name(hans)
    switch = BeautifulSoup((site / "es" / "about" / "index.html").read_text(encoding="utf-8"), "lxml")
    zh = switch.select_one('a.md-select__link[hreflang="zh"]')
    assert zh is not None and zh.get_text(strip=True) == names["zh"]
