"""Decision-aid pages (compare-options, who-should-wait): read from the Markdown, no build needed.

The options table keeps one row per option in a fixed order and the same shape in every translation,
so that translators can translate cell by cell; both pages give numbered steps; the "Thinking about
stem-cell therapy?" diagram marker is kept in every language.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handout import catalogs, diagrams
from handout.project import languages
from handout.templates import environment
from helpers import ROOT

DOCS = ROOT / "docs"
OPTIONS_EN = DOCS / "compare-options.md"
WAIT_EN = DOCS / "who-should-wait.md"
#: The "What matters to me" worksheet: its own page, so that it prints on its own and keeps pages light.
WORKSHEET_EN = DOCS / "what-matters.md"
DIAGRAM = "stem-cell-check"
NS = "{http://www.w3.org/2000/svg}"
MARKER_RE = re.compile(r"<!--\s*diagram:\s*(?P<name>[a-z0-9-]+)\s*-->")
ORDER = ["stem-cell", "prp", "minoxidil", "finasteride", "hair transplant", "jak", "wigs", "doing nothing"]


def versions(english: Path) -> list[Path]:
    """The English page and every translation of it (``name.<lang>.md``)."""
    return [english, *sorted(english.parent.glob(f"{english.stem}.*.md"))]


def cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Each Markdown pipe table as (header cells, body rows of cells)."""
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines) - 1:
        if lines[i].lstrip().startswith("|") and re.fullmatch(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*", lines[i + 1]):
            header, rows, j = cells(lines[i]), [], i + 2
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                rows.append(cells(lines[j]))
                j += 1
            found.append((header, rows))
            i = j
        else:
            i += 1
    return found


def numbered_steps(text: str) -> int:
    """The length of the longest ordered list that starts at 1."""
    best = run = 0
    for line in text.splitlines():
        m = re.match(r"(\d+)\. \S", line)
        if m:
            run = run + 1 if int(m.group(1)) == run + 1 else (1 if m.group(1) == "1" else 0)
            best = max(best, run)
    return best


def plain(cell: str) -> str:
    return re.sub(r"[*_`\[\]]", "", cell).lower()


def test_english_options_table_has_eight_rows_in_order_and_seven_columns() -> None:
    found = tables(OPTIONS_EN.read_text(encoding="utf-8"))
    assert len(found) == 1, "compare-options.md must have exactly one table"
    header, rows = found[0]
    assert len(header) == 7, header
    assert len(rows) == 8, [r[0] for r in rows]
    assert all(len(r) == 7 for r in rows), [len(r) for r in rows]
    assert all(all(c for c in r) for r in rows), "every cell needs text"
    for option, row in zip(ORDER, rows, strict=True):
        assert plain(row[0]).startswith(option), (option, row[0])
    assert "not approved" in plain(rows[0][0]), "stem-cell therapy must be marked as not approved"
    assert "exosome" in plain(rows[0][0]), "exosomes must be named with stem-cell therapy"


@pytest.mark.parametrize("page", versions(OPTIONS_EN), ids=lambda p: p.name)
def test_translated_options_table_has_the_english_shape(page: Path) -> None:
    """Every ``compare-options.<lang>.md`` (and English itself, so the test always runs)."""
    (en_header, en_rows), = tables(OPTIONS_EN.read_text(encoding="utf-8"))
    found = tables(page.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{page.name}: one table, like English"
    header, rows = found[0]
    assert len(header) == len(en_header), f"{page.name}: {len(header)} columns, English has {len(en_header)}"
    assert len(rows) == len(en_rows), f"{page.name}: {len(rows)} rows, English has {len(en_rows)}"
    assert all(len(r) == len(en_header) for r in rows), f"{page.name}: a row has the wrong number of cells"


def test_the_translation_check_sees_every_translation() -> None:
    """Guard for the parametrised test above: it finds ``compare-options.<lang>.md`` files, not others."""
    assert all(p.name.startswith("compare-options.") and p.suffix == ".md" for p in versions(OPTIONS_EN)[1:])


@pytest.mark.parametrize("page", [*versions(WORKSHEET_EN), *versions(WAIT_EN)], ids=lambda p: p.name)
def test_pages_give_numbered_steps(page: Path) -> None:
    assert numbered_steps(page.read_text(encoding="utf-8")) >= 3, f"{page.name}: needs numbered steps (1., 2., 3., ...)"


@pytest.mark.parametrize("page", versions(WORKSHEET_EN), ids=lambda p: p.name)
def test_worksheet_uses_task_lists(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] \S", text, flags=re.M)
    english = re.findall(r"^- \[ \] \S", WORKSHEET_EN.read_text(encoding="utf-8"), flags=re.M)
    assert len(boxes) >= 5 and len(boxes) == len(english), f"{page.name}: {len(boxes)} tick boxes (- [ ] ...)"


@pytest.mark.parametrize("page", versions(OPTIONS_EN), ids=lambda p: p.name)
def test_options_page_links_the_worksheet(page: Path) -> None:
    assert "(what-matters.md)" in page.read_text(encoding="utf-8"), f"{page.name}: no link to the worksheet"


def test_diagram_exists_and_is_on_the_english_page() -> None:
    assert (ROOT / "overrides" / "diagrams" / f"{DIAGRAM}.svg").exists()
    names = {m.group("name") for m in MARKER_RE.finditer(OPTIONS_EN.read_text(encoding="utf-8"))}
    assert DIAGRAM in names


@pytest.mark.parametrize("english", [OPTIONS_EN, WAIT_EN], ids=lambda p: p.name)
def test_diagram_markers_are_kept_in_every_language(english: Path) -> None:
    wanted = sorted(m.group("name") for m in MARKER_RE.finditer(english.read_text(encoding="utf-8")))
    for page in versions(english)[1:]:
        got = sorted(m.group("name") for m in MARKER_RE.finditer(page.read_text(encoding="utf-8")))
        assert got == wanted, f"{page.name}: diagram markers {got}, English has {wanted}"


@pytest.mark.parametrize("lang", languages(), ids=lambda lg: lg.code)
def test_diagram_is_accessible_in_every_language(lang) -> None:
    """Like tests/test_diagrams.py: real text labels, a title and a description, mirrored for Arabic.
    (Whether the labels are translated yet is the translators' job and shows on the status page.)"""
    html = diagrams.render(DIAGRAM, environment(catalogs.translations(lang)), rtl=lang.rtl, lang=lang.code)
    svg = ET.fromstring(BeautifulSoup(html, "html.parser").svg.decode())
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{NS}title"), svg.find(f"{NS}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert {title.get("id"), desc.get("id")} <= set(svg.get("aria-labelledby", "").split())
    assert len(list(svg.iter(f"{NS}text"))) >= 10, "labels must be real text"
    assert not svg.findall(f".//{NS}image") and not svg.findall(f".//{NS}script")
    if lang.rtl:
        assert 'direction="rtl"' in html
        assert html != diagrams.render(DIAGRAM, environment(catalogs.translations(lang)), rtl=False, lang=lang.code)
