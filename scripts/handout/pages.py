"""Page output: the generated sections, glossary links and checklist labels of each page's HTML,
the values our templates show (review date, notices, PDF link), and the compacted output.

Each page's HTML is parsed once (BeautifulSoup) for every change that needs a parser.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from babel.dates import format_date
from bs4 import BeautifulSoup
from markupsafe import Markup

from . import diagrams, glossary, regulators, untrusted, urls
from .content import raise_for, source_hash
from .facts import BuildFacts, LanguageFacts
from .templates import render_macro

GLOSSARY_INDEX_MARKER = "<!-- glossary-index -->"
DOWNLOADS_MARKER = "<!-- downloads -->"
STATUS_MARKER = "<!-- translation-status -->"
BACKLINKS_MARKER = "<!-- glossary-backlinks -->"
#: Replaced by ``handout build`` with the PDF's size (in the reader's language) once the PDFs exist.
PDF_SIZE_MARKER = "<!--pdf-size:{name}:{lang}-->"
PDF_SIZE_RE = re.compile(r"<!--pdf-size:([\w.-]+):([\w-]+)-->")


def pdf_size_marker(name: str, lang: str) -> Markup:
    return Markup(PDF_SIZE_MARKER.format(name=name, lang=lang))


def _block(content: str, marker: str, html: str) -> str:
    """Put generated HTML in place of a marker (Markdown may have wrapped it in a paragraph)."""
    content = content.replace(f"<p>{marker}</p>", marker)
    return content.replace(marker, html)


def page_content(content: str, facts: BuildFacts, lf: LanguageFacts, src_uri: str, page_url: str,
                 page_title: str) -> str:
    """Generated sections, checklist labels, the definition lead and glossary links of one page."""
    base, own, english = facts.source(src_uri, lf.lang.code)
    source = own or english
    # One parse serves the security check and every change below. The check sees the contributor's
    # HTML, before the build adds its own (trusted) fragments; a page with a generated section (a
    # few pages per language) is parsed again once the section is in.
    contributed = content
    soup = BeautifulSoup(content, "html.parser")
    if source is not None:
        raise_for(untrusted.check_soup(soup, source.path, source.body, source.body_line))
    is_term = base.startswith("glossary/") and base != "glossary/index.md"
    slug = Path(base).stem if is_term else None

    def url_for(term: glossary.Term) -> str:
        return urls.relative_url(f"{lf.prefix}glossary/{term.slug}/", page_url)

    if GLOSSARY_INDEX_MARKER in content:
        groups = glossary.index_groups(lf.terms.values(), lf.lang.code, url_for)
        content = content.replace(GLOSSARY_INDEX_MARKER,
                                  render_macro(lf.env, "partials/handout/glossary.html", "index", groups))
    if DOWNLOADS_MARKER in content:
        content = content.replace(DOWNLOADS_MARKER, downloads_html(facts, lf, page_url))
    if STATUS_MARKER in content:
        content = content.replace(STATUS_MARKER,
                                  render_macro(lf.env, "partials/handout/status.html", "table", facts.status()))
    if regulators.MARKER in content:
        content = _block(content, regulators.MARKER, regulators_html(facts, lf))

    if content != contributed:
        soup = BeautifulSoup(content, "html.parser")
    if "task-list-item" in content:
        label_checkboxes(soup)
    if slug in lf.terms:
        # The short definition (also the tooltip) leads the term's page, under its heading.
        h1 = soup.find("h1")
        if h1 is not None:
            lead = soup.new_tag("p", attrs={"class": "glossary-definition"})
            lead.string = lf.terms[slug].definition
            h1.insert_after(lead)
    linked = glossary.link_terms_in(soup, lf.matcher, url_for, exclude=slug)
    content = str(soup)
    if not base.startswith("glossary/"):
        for s in linked:
            lf.backlinks.setdefault(s, []).append((page_url, page_title))
    if is_term and slug in lf.terms:
        related = [{"href": url_for(lf.terms[r]), "title": lf.terms[r].title}
                   for r in lf.terms[slug].related if r in lf.terms]
        content += render_macro(lf.env, "partials/handout/glossary.html", "related", related,
                                Markup(BACKLINKS_MARKER))
    # Diagrams go in last, so that their SVG never passes through the HTML parser above.
    if "diagram:" not in content:
        return content
    return diagrams.replace_markers(content, lf.env, rtl=lf.lang.rtl, lang=lf.lang.code,
                                    page=source.path if source else Path(src_uri), root=facts.root,
                                    known=facts.diagram_names(), rendered=lf.diagrams)


def label_checkboxes(soup: BeautifulSoup) -> None:
    """Make each checklist item one label with its checkbox, so it can be ticked and is announced."""
    for li in soup.find_all("li", class_="task-list-item"):
        box = li.find("input", attrs={"type": "checkbox"})
        if box is None or box.find_parent("label") is not None:
            continue
        del box["disabled"]
        label = soup.new_tag("label")
        for child in list(li.contents):
            label.append(child.extract())
        li.append(label)


def downloads_html(facts: BuildFacts, lf: LanguageFacts, page_url: str) -> str:
    rows = []
    for lang in facts.tree.langs:
        names = (urls.pdf_name(lang.code, "a4"), urls.pdf_name(lang.code, "letter"), urls.keypoints_name(lang.code))
        rows.append({
            "code": lang.code, "dir": "rtl" if lang.rtl else "ltr", "name": lang.name,
            "files": [{"href": urls.relative_url(f"downloads/{n}", page_url),
                       "size": pdf_size_marker(n, lf.lang.code)} for n in names],
        })
    return render_macro(lf.env, "partials/handout/downloads.html", "downloads", rows)


def regulators_html(facts: BuildFacts, lf: LanguageFacts) -> str:
    entries = [{"country": regulators.country_name(r.country, lf.lang.babel), "agency": r.agency, "url": r.url}
               for r in facts.regulators.get(lf.lang.code, [])]
    return render_macro(lf.env, "partials/handout/regulators.html", "regulators", entries)


def fill_backlinks(content: str, lf: LanguageFacts, src_uri: str, page_url: str) -> str:
    """The pages that use a term, once every page of the language has been linked."""
    if BACKLINKS_MARKER not in content:
        return content
    slug = Path(src_uri).name.split(".")[0]
    pages = [{"href": urls.relative_url(url, page_url), "title": title} for url, title in lf.backlinks.get(slug, [])]
    return content.replace(BACKLINKS_MARKER,
                           render_macro(lf.env, "partials/handout/glossary.html", "backlinks", pages))


def page_context(facts: BuildFacts, lf: LanguageFacts, src_uri: str, page_url: str, meta: dict[str, Any],
                 base_url: str, feedback_url: str | None) -> dict[str, Any]:
    """Values for our templates: review date, notices, PDF link, the search base of the language."""
    _, own, english = facts.source(src_uri, lf.lang.code)
    reviewed = meta.get("reviewed")
    reviewed = reviewed if isinstance(reviewed, dt.date) else None
    ctx: dict[str, Any] = {
        "reviewed": long_date(lf, reviewed) if reviewed else None,
        "reviewed_iso": reviewed.isoformat() if reviewed else None,
        "notice": None,
        "english_url": urls.relative_url(urls.without_prefix(page_url, lf.prefix), page_url),
        "pdf_url": urls.relative_url(f"downloads/{urls.pdf_name(lf.lang.code)}", page_url),
        "pdf_size": pdf_size_marker(urls.pdf_name(lf.lang.code), lf.lang.code),
        "rtl": lf.lang.rtl,
        "search_base": urls.join_base(base_url, lf.prefix),
        "feedback_url": feedback_url,
    }
    if not lf.lang.default and english is not None:
        if own is None or own.meta.get("untranslated"):
            ctx["notice"] = "untranslated"
        elif own.meta.get("source_hash") != source_hash(english):
            ctx["notice"] = "outdated"
    return ctx


def long_date(lf: LanguageFacts, day: dt.date) -> str:
    """A review date written out in the language (``20 November 2026``), formatted once per build."""
    if day not in lf.dates:
        lf.dates[day] = format_date(day, format="long", locale=lf.lang.babel)
    return lf.dates[day]


PRESERVE_RE = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S | re.I)
#: A line break and the indentation and blank lines after it (one pass: every space or tab run
#: after a line break goes, then every run of line breaks becomes one).
BREAK_RE = re.compile(r"\n[ \t\n]*")


def compact_html(text: str) -> str:
    """Drop indentation and blank lines (not inside <pre> or <textarea>): fewer bytes on slow networks."""
    # split() gives [text, (preserved, tag name), text, ...]: compact the text, keep the preserved part.
    parts = PRESERVE_RE.split(text)
    out = []
    for i in range(0, len(parts), 3):
        out.append(BREAK_RE.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
