"""Independent validators: the Nu HTML Checker on every page, pdfua on every PDF (`make validate`).

A rule that pdfua cannot evaluate is reported as a warning in the test output (pytest's warnings
summary), never counted as a pass.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handout import catalogs, validate
from handout.project import languages, load_mkdocs_yml
from handout.content import load_tree
from handout.urls import keypoints_name, page_path, pdf_name
from helpers import ROOT

LANGS = languages()
QR_ALT = "QR code: link to this handout online"


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(site: Path) -> None:
    report = validate.check_html(site)
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert report.pages == built, "the checker did not check every built page"
    assert set(report.pages_by_language()) == {lg.code for lg in LANGS}
    errors = report.errors
    assert not errors, f"{len(errors)} error(s) from the handout's templates or content:\n" + "\n".join(
        m.describe() for m in errors[:40])
    stale = report.unused()
    assert not stale, f"allow-list entries no longer needed, remove them: {[a.why for a in stale]}"
    # Material writes each of these elements once per page: a second match on a page is not Material's.
    per_page = Counter((m.page, m.allowed) for m in report.allowed)
    assert max(per_page.values()) == 1, per_page.most_common(3)


def test_allow_list_names_materials_own_templates() -> None:
    """Each allowed error really is in the named Material template, and the handout does not override it."""
    import material

    templates = Path(material.__file__).parent / "templates"
    for entry in validate.MATERIAL_ALLOWED:
        text = (templates / entry.template).read_text(encoding="utf-8")
        tags = [t for t in re.findall(r"<input[^<>]*>", text) if re.fullmatch(entry.markup, t)]
        assert len(tags) == 1 and entry.attribute in tags[0], f"{entry.template}: no {entry.markup} with {entry.attribute}"
        override = ROOT / "overrides" / entry.template
        if override.exists():  # our override keeps Material's markup for this element unchanged
            ours = [t for t in re.findall(r"<input[^<>]*>", override.read_text(encoding="utf-8"))
                    if re.fullmatch(entry.markup, t)]
            assert ours == tags, f"overrides/{entry.template} changed the allowed element: {ours} != {tags}"
        assert entry.why and entry.message


@pytest.mark.slow
def test_every_pdf_passes_pdfua(site: Path) -> None:
    paths = validate.site_pdfs(site)
    assert len(paths) == 3 * len(LANGS), [p.name for p in paths]
    report = validate.check_pdfs(paths)
    for line in report.skipped_lines():
        warnings.warn(f"pdfua: {line}", UserWarning, stacklevel=1)
    assert report.rules_run >= 12
    assert not report.findings, "\n".join(f.describe() for f in report.findings)


def _diagrams(site: Path, lang) -> list[tuple[str, str]]:
    """The translated description of every diagram on the printed pages, in the order of the handout."""
    cfg = load_mkdocs_yml(ROOT)
    tree = load_tree(ROOT)
    nav = [n for n in cfg.get("nav", []) if isinstance(n, str)
           and (english := tree.get(n, tree.default)) is not None and english.is_printed]
    descs = []
    for base in nav:
        url = page_path(base, lang.prefix)
        page = site / url / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for svg in soup.select("article figure.diagram svg"):
            title, desc = svg.find("title"), svg.find("desc")
            assert title is not None and desc is not None, f"{url}: diagram without <title> or <desc>"
            descs.append((_space(title.get_text()), _space(desc.get_text())))
    return descs


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_pdf_figures_carry_translated_alt(site: Path, lang) -> None:
    """The QR codes and every diagram are Figures whose /Alt is in the reader's language."""
    qr = catalogs.translations(lang).gettext(QR_ALT)
    if not lang.default:
        assert qr != QR_ALT, f"{lang.code}: the QR code's alternative text is not translated"
    diagrams = _diagrams(site, lang)
    assert len(diagrams) >= 3
    for paper in ("a4", "letter"):
        alts = validate.figure_alts(site / "downloads" / pdf_name(lang.code, paper))
        assert alts[0] == qr, f"cover QR code: {alts[0]!r}"
        rest = [_space(a or "") for a in alts[1:]]
        assert len(rest) == len(diagrams), rest
        for alt, (title, desc) in zip(rest, diagrams):
            assert alt.startswith(title) and alt.endswith(desc), f"{lang.code}: /Alt {alt!r} lacks {title!r}/{desc!r}"
    assert validate.figure_alts(site / "downloads" / keypoints_name(lang.code)) == [qr]


def test_vnu_json_is_classified_by_origin(tmp_path: Path) -> None:
    """Allowed only when both the message and the flagged element match; anything else is the handout's."""
    drawer = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    ours = '<input class="consent" type="checkbox" autocomplete="off">'
    msg = ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
           "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
           "or “week”.")
    page = tmp_path / "es" / "index.html"

    def item(markup: str, kind: str = "error", message: str = msg) -> dict[str, object]:
        return {"type": kind, "url": page.as_uri(), "lastLine": 3, "message": message,
                "extract": "x\n" + markup + "\ny", "hiliteStart": 2, "hiliteLength": len(markup)}

    data: dict[str, object] = {"messages": [
        item(drawer), item(ours), item(drawer, message="Element “input” not allowed here."),
        {"type": "info", "subType": "warning", "url": page.as_uri(), "message": "File was not checked. x"},
        {"type": "info", "subType": "warning", "url": page.as_uri(), "message": "Consider a lang attribute."},
    ]}
    msgs = validate.parse_vnu(data, tmp_path)
    report = validate.HtmlReport(["es/index.html"], msgs, 0.0, "test")
    assert [m.page for m in msgs] == ["es/index.html"] * 4
    assert len(report.allowed) == 1 and report.allowed[0].allowed is validate.MATERIAL_ALLOWED[0]
    assert [m.markup for m in report.errors] == [ours, drawer]
    assert len(report.warnings) == 1
    assert report.by_origin() == {"handout": 2, "Material base.html": 1}


def test_an_error_in_the_handouts_own_markup_fails(tmp_path: Path) -> None:
    """End to end with the real checker: Material's drawer toggle passes, the same error elsewhere fails."""
    drawer = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>\n'
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text(head + drawer + "\n<p>Fine.</p></body></html>\n", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        head + drawer + '\n<p>Bad: <input type="checkbox" autocomplete="off"><div>block in p</div></body></html>\n',
        encoding="utf-8")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    report = validate.check_html(tmp_path)
    assert report.pages == ["index.html", "ok/index.html"]
    assert len(report.allowed) == 2
    assert report.errors and {m.page for m in report.errors} == {"index.html"}
    assert any("autocomplete" in m.message for m in report.errors)
    assert report.by_origin()["handout"] == len(report.errors)
