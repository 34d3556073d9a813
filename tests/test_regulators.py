"""The <!-- regulators --> marker: the medicines regulators of the page's language, from
overrides/data/regulators.yml, with country names from CLDR; bad data stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handout import regulators
from handout.errors import ContentError
from helpers import MINI_PAGES, make_project, page, run_handout

DATA = """\
en:
  - {country: US, agency: "U.S. Food and Drug Administration (FDA) MedWatch", url: "https://www.fda.gov/medwatch", checked: 2026-12-01}
  - {country: GB, agency: "Medicines & Healthcare products Regulatory Agency (MHRA)", checked: 2026-12-01}
es:
  - {country: ES, agency: "Agencia Española de Medicamentos y Productos Sanitarios (AEMPS)", url: "https://www.aemps.gob.es/", checked: 2026-12-01}
"""


def test_real_data_file_is_valid() -> None:
    from handout.project import languages

    data = regulators.load({lg.code for lg in languages()})
    assert data.get("en"), "the English list is empty"
    assert all(r.url is None or r.url.startswith("https://") for rs in data.values() for r in rs)


def test_every_language_names_at_least_one_regulator() -> None:
    """A reader of any language learns where to report harm in a country where it is spoken."""
    from handout.project import languages

    codes = {lg.code for lg in languages()}
    data = regulators.load(codes)
    assert sorted(code for code in codes if not data.get(code)) == []


@pytest.mark.parametrize("text, message, line", [
    ("xx:\n  - {country: US, agency: A, checked: 2026-12-01}\n", "unknown language 'xx'", 1),
    ("en:\n  - {country: US, agency: A, url: 'http://a.example', checked: 2026-12-01}\n", "https://", 2),
    ("en:\n  - {country: USA, agency: A, checked: 2026-12-01}\n", "ISO 3166-1 alpha-2", 2),
    ("en:\n  - {country: EU, agency: A, checked: 2026-12-01}\n", "ISO 3166-1 alpha-2", 2),
    ("en:\n  - {country: US, agency: A, checked: soon}\n", "must be a date", 2),
    ("en:\n  - {country: US, agency: A, checked: 2026-12-01, phone: 1}\n", "unknown key", 2),
])
def test_bad_data_is_refused_with_file_and_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    path = tmp_path / "overrides" / "data" / "regulators.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        regulators.load({"en", "es"}, tmp_path)
    assert message in exc.value.message and exc.value.path == path and exc.value.line == line


def test_marker_lists_the_regulators_of_the_page_language(tmp_path: Path) -> None:
    pages = dict(MINI_PAGES)
    pages["report-harm.md"] = page("Report harm", "Tell the regulator.\n\n<!-- regulators -->")
    pages["report-harm.es.md"] = page("Informar de daños", "Informe a la agencia.\n\n<!-- regulators -->")
    proj = make_project(tmp_path / "p", pages=pages, nav=["index.md", "about.md", "report-harm.md", "glossary/index.md"])
    (proj / "overrides" / "data" / "regulators.yml").write_text(DATA, encoding="utf-8")
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode == 0, r.stderr
    en = BeautifulSoup((proj / "site" / "report-harm" / "index.html").read_text(), "html.parser")
    items = en.select("article ul.regulators li")
    assert [li.get_text() for li in items] == [
        "United States: U.S. Food and Drug Administration (FDA) MedWatch",
        "United Kingdom: Medicines & Healthcare products Regulatory Agency (MHRA)",
    ]
    link = items[0].a
    assert link["href"] == "https://www.fda.gov/medwatch" and link["rel"] == ["noopener"]
    assert items[1].a is None and "&amp;" in str(items[1])
    es = BeautifulSoup((proj / "site" / "es" / "report-harm" / "index.html").read_text(), "html.parser")
    assert [li.get_text() for li in es.select("article ul.regulators li")] == [
        "España: Agencia Española de Medicamentos y Productos Sanitarios (AEMPS)"]


def test_bad_data_stops_the_build(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "p")
    (proj / "overrides" / "data" / "regulators.yml").write_text(
        "en:\n  - {country: US, agency: A, url: 'http://a.example', checked: 2026-12-01}\n", encoding="utf-8")
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode != 0
    assert "overrides/data/regulators.yml:2:" in r.stderr and "https://" in r.stderr
