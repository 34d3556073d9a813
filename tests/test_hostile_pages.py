"""Hostile pages (issue 14): each is refused with ``file:line`` and no traceback, and site/ stays
byte-identical; or, where text is allowed, it lands escaped and harmless."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import append_po, built_project, make_project, page, run_handout, term, tree_digest, write_file

BODY_LINE = 9  # the first body line of a page made by helpers.page() without extra front matter keys


_write = write_file


def _body(markdown: str, rel: str = "docs/about.md"):
    """about.md with the given body (its first line is line 9)."""
    return _write(rel, page("About", markdown))


def _symlink(rel: str, target: str):
    def apply(p: Path) -> None:
        os.symlink(target, p / rel)
    return apply


_po = append_po


ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)

#: name -> (how to break the project, file that must be named, text in the message, line or None)
CORPUS = {
    # 1. markup in pages
    "script": (_body("Text.\n\n<script>alert(1)</script>"), "docs/about.md", "<script>", 11),
    "style": (_body("<style>body{display:none}</style>"), "docs/about.md", "<style>", 9),
    "iframe": (_body('<iframe src="https://evil.example/"></iframe>'), "docs/about.md", "<iframe>", 9),
    "object-embed": (_body('Text.\n\n<object data="x.swf"></object>'), "docs/about.md", "<object>", 11),
    "form": (_body('<form action="https://evil.example/"><input name="q"></form>'), "docs/about.md", "<form>", 9),
    "meta-refresh": (_body('<meta http-equiv="refresh" content="0;url=https://evil.example/">'), "docs/about.md",
                     "<meta>", 9),
    "base": (_body('<base href="https://evil.example/">'), "docs/about.md", "<base>", 9),
    "event-handler": (_body('<div class="note" markdown>\nHello\n</div>\n\n<div onclick="alert(1)">x</div>'),
                      "docs/about.md", "event handler 'onclick'", 13),
    "attr-list-handler": (_body("Text.\n\nA paragraph.\n{: onmouseover=\"alert(1)\" }"), "docs/about.md",
                          "event handler 'onmouseover'", 12),
    "javascript-link": (_body("Text.\n\n[Click](javascript:alert(1))"), "docs/about.md", "'javascript:' link", 11),
    "data-link": (_body('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>'), "docs/about.md", "'data:' link", 9),
    "vbscript-obfuscated": (_body('<a href="vb&#x09;script:msgbox(1)">x</a>'), "docs/about.md", "'vbscript:' link", 9),
    "external-image": (_body("![x](https://evil.example/pixel.png)"), "docs/about.md", "from another site", 9),
    "srcset": (_body('<img src="assets/a.png" srcset="https://evil.example/a.png 2x" alt="">'), "docs/about.md",
               "'srcset'", 9),
    "video": (_body('<video src="assets/a.webm"></video>'), "docs/about.md", "<video>", 9),
    "mermaid-pre": (_body('<pre class="mermaid">graph TD; A-->B</pre>'), "docs/about.md", "mermaid", 9),
    "mermaid-fence": (_body("Text.\n\n```mermaid\ngraph TD; A-->B\n```"), "docs/about.md", "mermaid", 11),
    "inline-svg": (_body('<svg onload="alert(1)"><circle r="4"/></svg>'), "docs/about.md", "<svg>", 9),
    "conditional-comment": (_body("<!--[if IE]><script>alert(1)</script><![endif]-->"), "docs/about.md",
                            "conditional", 9),
    "cdata-script": (_body("Text.\n\n<![CDATA[ --><script>alert(1)</script> ]]>"), "docs/about.md", "CDATA", 11),
    # 2. contributor text is text
    "title-markup": (_write("docs/about.md", page("About <script>alert(1)</script>", "Text.")), "docs/about.md",
                     "'title' must be plain text", 2),
    "description-entity": (_write("docs/about.md", page("About", "Text.", desc="A page &lt;script&gt; about hair loss and treatment.")),
                           "docs/about.md", "'description' must be plain text", 3),
    "glossary-definition-markup": (_write("docs/glossary/dermis.md", term("Dermis", 'The <img src=x onerror="alert(1)"> skin layer.', related="[stem-cell]")),
                                   "docs/glossary/dermis.md", "'description' must be plain text", 3),
    # 4. no files from the build machine
    "symlink-page": (_symlink("docs/leak.md", "/etc/passwd"), "docs/leak.md", "symbolic link", None),
    "symlink-folder": (_symlink("docs/assets/host", "/etc"), "docs/assets/host", "symbolic link", None),
    "symlink-overrides": (_symlink("overrides/partials/env.html", "/proc/self/environ"), "overrides/partials/env.html",
                          "symbolic link", None),
    "unknown-file-type": (_write("docs/assets/secrets.env", "TOKEN=x\n"), "docs/assets/secrets.env", "unknown file type", None),
    "page-dot-markdown": (_write("docs/page.markdown", page("Page", "Text.")), "docs/page.markdown", "rename it to .md", None),
    "upper-case-suffix": (_write("docs/about.ES.md", page("Acerca", "Texto.")), "docs/about.ES.md", "exactly as written", None),
    "nested-glossary": (_write("docs/glossary/sub/dermis.md", term("Dermis", "A fake definition of the skin layer.")),
                        "docs/glossary/sub/dermis.md", "nested too deep", None),
    "svg-script": (_write("docs/assets/evil.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n</svg>\n'),
                   "docs/assets/evil.svg", "<script> element", 2),
    "svg-handler-and-href": (_write("docs/assets/evil.svg", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
                                    '<a xlink:href="https://evil.example/"><circle r="3"/></a>\n</svg>\n'),
                             "docs/assets/evil.svg", "refers to 'https://evil.example/'", 2),
    # 7. refusals with file:line, no traceback
    "front-matter-template": (_write("docs/about.md", page("About", "Text.", template="../../etc/passwd")), "docs/about.md",
                              "unknown front matter key 'template'", 5),
    "front-matter-search-boost": (_write("docs/about.md", page("About", "Text.", search="{boost: 1000}")), "docs/about.md",
                                  "'search' may only be", 5),
    "marker-wrong-page": (_body("Text.\n\n<!-- glossary-index -->"), "docs/about.md", "not meant for this page", 11),
    "marker-in-code": (_body("Text.\n\n```\n<!-- diagram: hair-cycle -->\n```"), "docs/about.md", "inside code", 12),
    "escaped-quote-in-box-title": (_body('Text.\n\n!!! warning "\\"Approved\\" is not approved"\n    Careful.'),
                                   "docs/about.md", "typographic quotes", 11),
    "marker-internal": (_body("<!-- glossary-backlinks -->"), "docs/about.md", "not meant for this page", 9),
    "nul-byte": (_body("Text.\n\nA\x00B"), "docs/about.md", "NUL byte", 11),
    "bidi-override": (_body("Text.\n\nPay \u202eevil\u202c now."), "docs/about.md", "U+202E", 11),
    "bidi-isolate": (_write("docs/about.md", page("About \u2066x\u2069", "Text.")), "docs/about.md", "U+2066", 2),
    "deep-quotes": (_body("Text.\n\n" + ">" * 200 + " deep"), "docs/about.md", "nests quotes", 11),
    "deep-lists": (_body("Text.\n\n" + "\n".join("    " * i + "- x" for i in range(300))), "docs/about.md",
                   "indented more than", 20),
    "emphasis-run": (_body("Text.\n\n" + "*" * 5000 + "x" + "*" * 5000), "docs/about.md", "run of", 11),
    "page-too-large": (_body("Text.\n\n" + "word " * 50_000), "docs/about.md", "split it into pages", 1),
    "yaml-alias-bomb": (_write("docs/about.md", "---\ntitle: About\n" + ALIAS_BOMB + "\n---\n\n# About\n"), "docs/about.md",
                        "anchor (&) or alias (*)", 3),
    "yaml-too-large": (_write("docs/about.md", "---\ntitle: About\nx: '" + "y" * 20_000 + "'\n---\n\n# About\n"),
                       "docs/about.md", "front matter has", 2),
    "yaml-too-deep": (_write("docs/about.md", "---\ntitle: About\nx: " + "[ " * 50 + "] " * 50 + "\n---\n\n# About\n"),
                      "docs/about.md", "nests lists or mappings", 3),
    "impossible-date": (_write("docs/about.md", page("About", "Text.", reviewed="2026-02-30")), "docs/about.md",
                        "not a real date: 2026-02-30", 4),
}

#: Kinds that need a catalog (a second language).
CATALOG = {
    "catalog-markup": (_po('\nmsgid "This is not medical advice."\nmsgstr "<img src=x onerror=alert(1)> No es consejo médico."\n'), "messages.po",
                       "contains HTML markup", None),
    "catalog-entity": (_po('\nmsgid "Download this handout as a PDF"\nmsgstr "Descargar &lt;b&gt;PDF"\n'), "messages.po",
                       "contains HTML markup", None),
}


_tree_digest = tree_digest


@pytest.fixture(scope="module")
def built_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_project(tmp_path_factory.mktemp("en") / "proj", langs=("en",))


@pytest.fixture(scope="module")
def built_en_es(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_project(tmp_path_factory.mktemp("en-es") / "proj")


def _refused(name: str, kind: tuple, built: Path, tmp_path: Path) -> None:
    breaker, where, message, line = kind
    proj = tmp_path / "proj"
    shutil.copytree(built, proj, symlinks=True)
    before = _tree_digest(proj / "site")
    breaker(proj)
    started = time.monotonic()
    r = run_handout(proj, "build", "--no-pdf", timeout=60)
    out = r.stdout + r.stderr
    assert r.returncode != 0, f"{name} was not refused:\n{out}"
    assert "Traceback" not in out, f"{name}: traceback:\n{out}"
    assert where in r.stderr, f"{name}: message does not name {where}:\n{r.stderr}"
    assert message in r.stderr, f"{name}: unexpected message:\n{r.stderr}"
    if line:
        assert f"{where}:{line}:" in r.stderr, f"{name}: no line {line} in:\n{r.stderr}"
    assert time.monotonic() - started < 30, f"{name}: took too long"
    assert _tree_digest(proj / "site") == before, f"{name}: site/ changed"


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_page_is_refused(name: str, built_en: Path, tmp_path: Path) -> None:
    _refused(name, CORPUS[name], built_en, tmp_path)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_hostile_catalog_string_is_refused(name: str, built_en_es: Path, tmp_path: Path) -> None:
    _refused(name, CATALOG[name], built_en_es, tmp_path)


def test_text_that_breaks_attributes_is_escaped(tmp_path: Path) -> None:
    """Quotes and apostrophes are text: they cannot close an attribute (meta description, tooltip, title)."""
    hostile = "A page about hair \" onmouseover=\"alert(1)\" x=' and treatment choices."
    pages = {
        "index.md": page("Home", "The dermis is a skin layer."),
        "about.md": page("About \" autofocus onfocus=\"alert(1)", "See [home](index.md).", desc=f"'{hostile.replace(chr(39), chr(39) * 2)}'"),
        "glossary/index.md": page("Glossary", "<!-- glossary-index -->"),
        "glossary/dermis.md": term("Dermis", f"'{hostile.replace(chr(39), chr(39) * 2)}'"),
    }
    proj = make_project(tmp_path / "proj", pages, langs=("en",))
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode == 0, r.stderr
    for html in (proj / "site").rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for el in soup.find_all(True):
            assert not any(a.startswith("on") or a == "autofocus" for a in el.attrs), f"{html}: {el}"
    home = (proj / "site" / "index.html").read_text(encoding="utf-8")
    assert "onmouseover=&#34;alert(1)&#34;" in home or "onmouseover=&quot;alert(1)&quot;" in home  # the tooltip, as text


def test_persian_and_hindi_joiners_are_allowed(tmp_path: Path) -> None:
    """ZWNJ (U+200C) and ZWJ (U+200D) are letters' glue in Persian and Hindi, not a trick."""
    pages = {"index.md": page("Home", "می\u200cخواهم and क्\u200dष are fine."),
             "about.md": page("About", "Text."), "glossary/index.md": page("Glossary", "<!-- glossary-index -->")}
    proj = make_project(tmp_path / "proj", pages, langs=("en",))
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode == 0, r.stderr


def test_alias_bomb_is_refused_before_parsing() -> None:
    from handout import untrusted
    from handout.errors import ContentError

    started = time.monotonic()
    with pytest.raises(ContentError, match="alias"):
        untrusted.check_yaml(Path("x.md"), ALIAS_BOMB)
    assert time.monotonic() - started < 1


def test_every_page_of_the_site_passes() -> None:
    """The checks accept today's pages (the build runs them; this names a page that a change breaks)."""
    from handout import untrusted
    from handout.project import ROOT, languages

    assert untrusted.check_files(ROOT, {lg.code for lg in languages(ROOT)}) == []


def test_regulators_data_is_escaped(tmp_path: Path) -> None:
    """An agency name with markup in overrides/data/regulators.yml is shown as text."""
    pages = {"index.md": page("Home", "Text.\n\n<!-- regulators -->"), "about.md": page("About", "Text."),
             "glossary/index.md": page("Glossary", "<!-- glossary-index -->")}
    proj = make_project(tmp_path / "proj", pages, langs=("en",))
    data = proj / "overrides" / "data" / "regulators.yml"
    data.write_text(
        "en:\n  - country: US\n    agency: \"<script>alert(1)</script> FDA\\\" onclick=\\\"alert(2)\"\n"
        "    url: https://www.fda.gov/safety/medwatch\n    checked: 2026-12-01\n", encoding="utf-8")
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode == 0, r.stderr
    home = (proj / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; FDA" in home
    assert "<script>alert" not in home
    soup = BeautifulSoup(home, "html.parser")
    assert not any(a.startswith("on") for el in soup.find_all(True) for a in el.attrs)
