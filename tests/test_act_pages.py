"""The pages that help a patient act: check a clinic, report harm, and the regulators data behind them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import babel
import pytest
import yaml

from helpers import ROOT
from handout.content import load_tree
from handout.project import languages

REGULATORS = ROOT / "overrides" / "data" / "regulators.yml"
MARKER = "<!-- regulators -->"
ACT_PAGES = ("check-a-clinic.md", "report-harm.md")
LANG_CODES = [lg.code for lg in languages()]


@pytest.fixture(scope="module")
def regulators() -> dict:
    data = yaml.safe_load(REGULATORS.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "regulators.yml must map language codes to lists"
    return data


def entries(data: dict) -> list[tuple[str, dict]]:
    return [(lang, entry) for lang, items in data.items() for entry in items or []]


def test_the_schema_comment_stays() -> None:
    assert REGULATORS.read_text(encoding="utf-8").startswith("# "), "keep the schema comment at the top"


@pytest.mark.parametrize("lang", LANG_CODES)
def test_every_language_lists_at_least_one_agency(regulators: dict, lang: str) -> None:
    items = regulators.get(lang)
    assert isinstance(items, list) and items, f"regulators.yml: no agencies for '{lang}'"


def test_no_unknown_language_codes(regulators: dict) -> None:
    assert set(regulators) <= set(LANG_CODES), set(regulators) - set(LANG_CODES)


def test_every_entry_has_the_required_fields(regulators: dict) -> None:
    allowed = {"country", "agency", "url", "checked"}
    for lang, entry in entries(regulators):
        assert isinstance(entry, dict), f"{lang}: {entry!r}"
        assert set(entry) <= allowed, f"{lang}: unknown keys {set(entry) - allowed}"
        assert isinstance(entry.get("agency"), str) and entry["agency"].strip(), f"{lang}: {entry}"


def test_countries_are_iso_codes_babel_knows(regulators: dict) -> None:
    territories = babel.Locale("en").territories
    for lang, entry in entries(regulators):
        code = entry.get("country")
        assert isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code), f"{lang}: bad country {code!r}"
        assert code in territories, f"{lang}: Babel does not know the country {code}"


def test_checked_is_a_date(regulators: dict) -> None:
    for lang, entry in entries(regulators):
        checked = entry.get("checked")
        assert isinstance(checked, dt.date) and not isinstance(checked, dt.datetime), (
            f"{lang} {entry.get('agency')}: 'checked' must be a date like 2026-12-01, not {checked!r}"
        )
        assert checked <= dt.date.today(), f"{lang} {entry.get('agency')}: 'checked' is in the future"


def test_urls_are_https_with_a_host_and_unique(regulators: dict) -> None:
    seen: dict[str, str] = {}
    for lang, entry in entries(regulators):
        url = entry.get("url")
        if url is None:
            continue
        assert isinstance(url, str) and url == url.strip(), f"{lang}: {url!r}"
        parts = urlsplit(url)
        assert parts.scheme == "https", f"{lang}: not https: {url}"
        assert parts.hostname and "." in parts.hostname, f"{lang}: no host: {url}"
        assert url not in seen, f"{url} appears twice ({seen.get(url)} and {lang})"
        seen[url] = lang


@pytest.mark.parametrize("base", ACT_PAGES)
def test_act_pages_exist_in_english_with_numbered_steps(base: str) -> None:
    page = load_tree().get(base, "en")
    assert page is not None, f"docs/{base} is missing"
    assert re.search(r"(?m)^1\. \S", page.body), f"docs/{base}: needs a numbered list (a line starting '1. ')"
    assert "being written" not in page.body.lower(), f"docs/{base} is still a placeholder"


def test_report_harm_has_the_regulators_marker_on_its_own_line() -> None:
    page = load_tree().get("report-harm.md", "en")
    assert page is not None
    assert re.search(rf"(?m)^{re.escape(MARKER)}[ \t]*$", page.body), f"report-harm.md needs a line '{MARKER}'"


@pytest.mark.parametrize("lang", LANG_CODES)
@pytest.mark.parametrize("base", ACT_PAGES)
def test_act_pages_exist_in_every_language_with_the_same_steps(base: str, lang: str) -> None:
    """Each translation has the page, with as many numbered steps as English and the same markers."""
    tree = load_tree()
    english, own = tree.get(base, "en"), tree.get(base, lang)
    assert english is not None and own is not None, f"{base} is missing in {lang}"
    steps = re.compile(r"(?m)^\s*\d+\. \S")
    assert len(steps.findall(own.body)) == len(steps.findall(english.body)), f"{own.rel}: numbered steps differ"
    assert own.body.count(MARKER) == english.body.count(MARKER), f"{own.rel}: the regulators marker"


@pytest.mark.parametrize("lang", LANG_CODES)
def test_report_harm_shows_the_languages_regulators(lang: str, site: Path, regulators: dict) -> None:
    """The built page lists every agency of the language's entry, linked when a URL was verified."""
    from bs4 import BeautifulSoup

    from handout.project import languages

    prefix = next(lg.prefix for lg in languages() if lg.code == lang)
    soup = BeautifulSoup((site / prefix / "report-harm" / "index.html").read_text(encoding="utf-8"), "lxml")
    text = soup.select_one("article").get_text(" ")
    hrefs = {a.get("href") for a in soup.select("article a")}
    for entry in regulators[lang]:
        assert entry["agency"] in text, f"{lang}: {entry['agency']} not shown"
        if entry.get("url"):
            assert entry["url"] in hrefs, f"{lang}: {entry['url']} not linked"
