"""Diagrams: accessible inline SVG with translated labels, mirrored for Arabic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handout import catalogs, diagrams
from handout.templates import environment
from handout.project import languages

NS = "{http://www.w3.org/2000/svg}"
NAMES = ["follicle", "hair-cycle", "stem-cell-check", "treatment-timeline"]


def test_three_diagrams_exist() -> None:
    assert set(NAMES) <= set(diagrams.names())


@pytest.mark.parametrize("lang", languages(), ids=lambda lg: lg.code)
@pytest.mark.parametrize("name", NAMES)
def test_svg_is_accessible_and_translated(name: str, lang) -> None:
    tr = catalogs.translations(lang)
    env = environment(tr)
    html = diagrams.render(name, env, rtl=lang.rtl, lang=lang.code)
    svg = ET.fromstring(BeautifulSoup(html, "html.parser").svg.decode())
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{NS}title"), svg.find(f"{NS}desc")
    assert title is not None and title.text and desc is not None and desc.text
    labelled = svg.get("aria-labelledby", "").split()
    assert title.get("id") in labelled and desc.get("id") in labelled
    texts = [t for t in svg.iter(f"{NS}text")]
    assert len(texts) >= 4, "labels must be real text"
    assert not svg.findall(f".//{NS}image") and not svg.findall(f".//{NS}script")
    if not lang.default:
        english = diagrams.render(name, environment(catalogs.translations(languages()[0])), rtl=False, lang="en")
        assert html != english, f"{name} is not translated into {lang.code}"


def test_diagrams_appear_in_pages(site: Path) -> None:
    for lang in languages():
        soup = BeautifulSoup((site / lang.prefix / "how-hair-grows" / "index.html").read_text(), "lxml")
        figs = soup.select("figure.diagram svg[role=img]")
        assert len(figs) == 2, lang.code
        soup = BeautifulSoup((site / lang.prefix / "treatment-steps" / "index.html").read_text(), "lxml")
        assert soup.select_one("figure.diagram-treatment-timeline svg")


def test_arabic_timeline_runs_right_to_left() -> None:
    lang = next(lg for lg in languages() if lg.code == "ar")
    env = environment(catalogs.translations(lang))
    ltr = diagrams.render("treatment-timeline", env, rtl=False, lang="ar")
    rtl = diagrams.render("treatment-timeline", env, rtl=True, lang="ar")
    assert ltr != rtl
    assert 'direction="rtl"' in rtl or "direction: rtl" in rtl


@pytest.mark.parametrize("name", NAMES)
def test_diagram_shows_its_title_as_a_caption(name: str) -> None:
    """PEMAT-P item 17: a visual aid has a visible title; it is the drawing's own translated <title>."""

    for lang in languages():
        html = diagrams.render(name, environment(catalogs.translations(lang)), rtl=lang.rtl, lang=lang.code)
        fig = BeautifulSoup(html, "html.parser").figure
        caption, title = fig.find("figcaption", recursive=False), fig.find("title")
        assert caption is not None and title is not None, f"{name} [{lang.code}]"
        assert caption.get_text(strip=True) == title.get_text(strip=True), f"{name} [{lang.code}]"
