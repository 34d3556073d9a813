"""Fourteen languages: every page translated and current, identified as its language, catalogs complete."""

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
DETECT = {"en": "en", "es": "es", "fr": "fr", "de": "de", "pt-BR": "pt", "zh": "zh-cn", "ar": "ar", "vi": "vi",
          "ko": "ko", "ja": "ja", "tr": "tr", "ru": "ru", "hi": "hi", "fa": "fa"}
#: Languages in a script other than Latin: Latin-letter source titles and abbreviations are left out
#: before the language of a page is judged.
NON_LATIN = {"zh", "ar", "ko", "ja", "ru", "hi", "fa"}


def test_fourteen_languages_configured() -> None:
    assert [lg.code for lg in LANGS] == ["en", "es", "fr", "de", "pt-BR", "zh", "ar", "vi",
                                         "ko", "ja", "tr", "ru", "hi", "fa"]
    assert [lg.code for lg in LANGS if lg.rtl] == ["ar", "fa"]


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
        if lang.code in NON_LATIN:
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
    # The switcher names each language in itself.
    own = {"ko": "한국어", "ja": "日本語", "tr": "Türkçe", "ru": "Русский", "hi": "हिन्दी", "fa": "فارسی"}
    for code, name in own.items():
        assert names[code] == name
        link = switch.select_one(f'a.md-select__link[hreflang="{code}"]')
        assert link is not None and link.get_text(strip=True) == name, code


# ---------------------------------------------------------------- search in each script


def test_search_language_is_one_the_worker_can_load_within_budget() -> None:
    """lunr.<code>.min.js exists for every language's search (none for Persian: English's words then),
    and no language makes Material's worker load a segmenter: wordcut.js (hi) is 155 KiB gzip, and
    Japanese is segmented at build time."""
    from handout import budget
    from handout.project import lunr_languages

    for lang in LANGS:
        assert lang.lunr in lunr_languages(), lang.code
        assert lang.lunr not in budget.SEGMENTERS, lang.code
    lunr = {lg.code: lg.lunr for lg in LANGS}
    assert lunr["fa"] == lunr["hi"] == lunr["ja"] == lunr["ru"] == "en"
    assert (lunr["ko"], lunr["tr"]) == ("ko", "tr")


def test_search_words_split_persian_hindi_and_japanese() -> None:
    from handout.search import SEPARATORS, segment_japanese, words

    def split(code: str, text: str) -> list[str]:
        return [w for w in re.split(words(code, "[\\s\\-]+", ["stopWordFilter"])[0], text) if w]

    # Persian: ZWNJ joins an ending to a word; the same word typed with a space is indexed alike.
    assert split("fa", "سلول‌های بنیادی، «مو»؟") == ["سلول", "های", "بنیادی", "مو"]
    assert split("fa", "سلول های") == split("fa", "سلول‌های")
    assert split("hi", "कोशिकाओं। बाल॥") == ["कोशिकाओं", "बाल"]
    assert words("fa", "x", ["stopWordFilter"])[1] == [] and words("tr", "x", ["stopWordFilter"]) == ("x", ["stopWordFilter"])
    assert words("ru", "x", ["stopWordFilter"]) == ("x", [])  # no lunr.ru: English's trimmer would cut Cyrillic
    # Japanese: TinySegmenter's words, split by ZWSP; jieba's ZWSP marks (Chinese words) dropped first.
    seg = segment_japanese("<p>毛乳\u200b頭は毛包のいちばん下にあります。ケラチノサイトとFDA</p>")
    assert seg.startswith("<p>") and seg.endswith("</p>")
    assert split("ja", re.sub("<[^>]+>", " ", seg))[:4] == ["毛乳頭", "は", "毛包", "の"]
    assert "ケラチノサイト" in split("ja", seg)
    assert set(SEPARATORS) == {"fa", "hi", "ja"}


def test_search_payload_counts_the_segmenters_the_worker_loads(tmp_path: Path) -> None:
    import json as _json

    from handout import budget

    js = tmp_path / "assets" / "javascripts"
    (js / "workers").mkdir(parents=True)
    (js / "lunr" / "min").mkdir(parents=True)
    (js / "workers" / "search.x.min.js").write_text("w")
    for name in ("lunr/tinyseg.js", "lunr/wordcut.js", "lunr/min/lunr.stemmer.support.min.js",
                 "lunr/min/lunr.ja.min.js", "lunr/min/lunr.hi.min.js"):
        (js / name).write_text(name)
    for code in ("ja", "hi"):
        (tmp_path / code / "search").mkdir(parents=True)
        (tmp_path / code / "search" / "search_index.json").write_text(_json.dumps({"config": {"lang": [code]}}))
    assert "assets/javascripts/lunr/tinyseg.js" in budget.search_payload(tmp_path, "ja/")
    assert "assets/javascripts/lunr/wordcut.js" in budget.search_payload(tmp_path, "hi/")
