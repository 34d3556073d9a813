"""PDFs made from the built site with WeasyPrint: the full handout and a one-page key-points sheet.

The PDF uses the same translated HTML as the site, so it never says something else than the pages.
Tagged (PDF/UA-1), with the document language and title, fonts embedded and subset.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from . import catalogs
from .content import load_tree
from .project import ROOT, Language, languages, load_mkdocs_yml
from .urls import keypoints_name, page_path, pdf_name

PAPERS = {"a4": "A4", "letter": "letter"}
#: Pages of the site that are not part of the printed handout.
NOT_PRINTED = {"downloads.md", "translation-status.md", "privacy.md", "glossary/index.md"}

FONTS = {
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", sans-serif',
    "zh": '"Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", sans-serif',
}
DEFAULT_FONT = '"Noto Sans", "DejaVu Sans", sans-serif'

CSS = """
@page {
  size: %(paper)s;
  margin: 22mm 18mm 22mm 18mm;
  @top-center { content: string(doctitle); font-size: 8.5pt; color: #444; }
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444; }
}
@page cover { @top-center { content: none; } @bottom-center { content: none; } }
html { font-family: %(font)s; font-size: 10.5pt; line-height: 1.5; color: #000; }
h1, h2, h3 { line-height: 1.25; break-after: avoid; color: #073b2b; }
h1 { font-size: 19pt; margin: 0 0 8pt; }
h2 { font-size: 14pt; margin: 14pt 0 4pt; }
h3 { font-size: 12pt; margin: 10pt 0 3pt; }
p, li { orphans: 2; widows: 2; }
a { color: #0b4f76; text-decoration: none; }
a.glossary-link { color: inherit; text-decoration: underline dotted; }
.cover { page: cover; text-align: center; padding-top: 40mm; break-after: page; }
.cover h1 { font-size: 26pt; string-set: doctitle content(); }
.cover .lang { font-size: 14pt; margin-top: 6mm; }
.cover .qr { display: block; width: 38mm; height: 38mm; margin: 10mm auto 2mm; }
.cover .url { font-size: 10pt; word-break: break-all; }
.cover .disclaimer { margin: 14mm 10mm 0; padding: 4mm; border: 1pt solid #073b2b; font-size: 10pt; text-align: start; }
nav.toc { break-after: page; }
nav.toc ol { list-style: none; padding: 0; }
nav.toc li { margin: 3pt 0; }
nav.toc a { color: #000; }
nav.toc a::after { content: leader(".") target-counter(attr(href), page); }
section.chapter { break-before: page; }
section.term { break-inside: avoid; margin-bottom: 8pt; }
section.term h2 { font-size: 12pt; margin-bottom: 2pt; }
.admonition { border-inline-start: 3pt solid #0b5c43; background: #eef6f2; padding: 4pt 8pt; margin: 8pt 0; break-inside: avoid; }
.admonition.warning, .admonition.danger { border-color: #8c3a00; background: #fbf1ea; }
.admonition-title { font-weight: bold; margin: 0 0 2pt; }
figure.diagram { margin: 8pt auto; max-width: 150mm; break-inside: avoid; }
figure.diagram svg { width: 100%%; height: auto; }
.dg-text, .dg text { fill: #000; }
table { border-collapse: collapse; }
td, th { border: 0.5pt solid #999; padding: 2pt 4pt; }
.headerlink, .handout-meta, .handout-notice { display: none; }
.keypoints h1 { font-size: 18pt; }
.keypoints .admonition { font-size: 11pt; }
.keypoints .foot { margin-top: 6mm; font-size: 9pt; display: flex; gap: 6mm; align-items: center; }
.keypoints .foot svg { width: 26mm; height: 26mm; }
"""


@dataclass
class PdfResult:
    lang: str
    path: Path
    size: int
    pages: int


def _article(site: Path, url: str) -> Tag | None:
    path = site / url / "index.html" if url.endswith("/") or not url else site / url
    if not path.exists():
        return None
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    return soup.select_one("article.md-content__inner")


def _diagram_css(root: Path) -> str:
    path = root / "docs" / "assets" / "handout.css"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _strings(_: Callable[[str], str]) -> dict[str, str]:
    """Interface strings of the PDFs, escaped for HTML (kept out of f-strings for pybabel)."""
    return {
        "reviewed": html.escape(_("Last reviewed:")),
        "qr": html.escape(_("QR code with the online address")),
        "online": html.escape(_("Read online:")),
        "not_advice": html.escape(_("This is not medical advice.")),
        "general": html.escape(
            _("This handout gives general information only. Talk to a doctor about your own hair loss "
              "before you choose any treatment.")
        ),
    }


def _data_uri(svg: str) -> str:
    """An SVG as an image address: WeasyPrint misplaces inline SVG in right-to-left blocks."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _qr_svg(url: str) -> str:
    import io

    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", xmldecl=False, svgns=True, border=2, scale=4,
                                     svgclass="qr-code", lineclass=None, omitsize=True)
    return buf.getvalue().decode("utf-8")


#: WeasyPrint draws inline SVG without CSS variables: the diagrams' print colours as attributes.
SVG_PRINT = {
    "dg-text": {"fill": "#000", "font-size": "17"},
    "dg-small": {"font-size": "15"},
    "dg-note": {"font-size": "15", "font-style": "italic"},
    "dg-strong": {"font-weight": "700"},
    "dg-line": {"stroke": "#000", "stroke-width": "2.5", "fill": "none"},
    "dg-leader": {"stroke": "#000", "stroke-width": "1.2"},
    "dg-arrowhead": {"fill": "#000"},
    "dg-box": {"fill": "#e8f3ee", "stroke": "#0b5c43", "stroke-width": "2"},
    "dg-box-accent": {"fill": "#cfe8dc"},
    "dg-dot": {"fill": "#0b5c43"},
    "dg-dot-accent": {"fill": "#8c3a00"},
    "dg-epidermis": {"fill": "#f1d3bd"},
    "dg-dermis": {"fill": "#faeee5"},
    "dg-follicle": {"fill": "#e6bf9f", "stroke": "#7a4a2c", "stroke-width": "2"},
    "dg-bulge": {"fill": "#0b5c43"},
    "dg-papilla": {"fill": "#8c3a00"},
    "dg-vessel": {"stroke": "#b3261e", "stroke-width": "4", "fill": "none"},
    "dg-hair": {"stroke": "#3b2a20", "stroke-width": "5", "fill": "none", "stroke-linecap": "round"},
}


#: WeasyPrint orders the words of an Arabic SVG label right to left but does not mirror brackets
#: (Unicode "Bidi_Mirrored"), so "(" would show the wrong way round: swap them in RTL labels.
MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _print_svg(art: Tag, rtl: bool = False) -> None:
    for svg in art.find_all("svg"):
        for el in [svg, *svg.find_all(True)]:
            for cls in el.get("class") or []:
                for attr, value in SVG_PRINT.get(str(cls), {}).items():
                    el[attr] = value
        if rtl:
            for text in svg.find_all("text"):
                label = text.string
                if isinstance(label, NavigableString) and label.strip():
                    label.replace_with(str(label).translate(MIRROR))


def _clean_article(article: Tag, key: str, anchors: dict[str, str], rtl: bool = False) -> Tag:
    """Make ids unique across the book and point internal links at them."""
    art = copy.copy(article)
    _print_svg(art, rtl)
    for el in art.select(".handout-meta, .handout-notice, .headerlink, .md-source-file, .glossary-az"):
        el.decompose()
    for el in art.select("[id]"):
        el["id"] = f"{key}--{el['id']}"
    for a in art.select("a[href]"):
        href = str(a["href"])
        if href.startswith(("http://", "https://", "mailto:")):
            continue
        target = _resolve(href, anchors)
        if target:
            a["href"] = target
        else:
            del a["href"]
    return art


def _resolve(href: str, anchors: dict[str, str]) -> str | None:
    path, _, frag = href.partition("#")
    name = path.rstrip("/").split("/")[-1] if path.strip("./") else ""
    key = anchors.get(name)
    if key is None:
        return None
    return f"#{key}--{frag}" if frag else f"#{key}"


def build_html(site: Path, lang: Language, site_url: str, root: Path = ROOT) -> tuple[str, str]:
    """The whole handout of one language as one HTML document, and its title."""
    cfg = load_mkdocs_yml(root)
    tree = load_tree(root)
    tr = catalogs.translations(lang, root)
    _ = tr.gettext
    title = _("Stem-cell therapy for hair loss")
    nav = [n for n in cfg.get("nav", []) if isinstance(n, str) and n not in NOT_PRINTED]
    terms = sorted(
        (b for b, by in tree.pages.items() if by.get(tree.default) and by[tree.default].is_glossary_term),
    )
    anchors: dict[str, str] = {}
    for base in nav:
        stem = base[:-3]
        key = "p-" + ("home" if stem == "index" else stem.replace("/", "-"))
        anchors["" if stem == "index" else stem.split("/")[-1]] = key
    for base in terms:
        anchors[Path(base).stem] = "t-" + Path(base).stem
    reviewed = max(
        (p.meta["reviewed"] for by in tree.pages.values() for code, p in by.items()
         if code == lang.code and isinstance(p.meta.get("reviewed"), dt.date)),
        default=dt.date(2026, 1, 1),
    )
    online = site_url.rstrip("/") + "/" + lang.prefix
    t = _strings(_)
    date = html.escape(format_date(reviewed, format="long", locale=lang.babel))
    parts = [
        f'<section class="cover"><h1>{html.escape(title)}</h1>',
        f'<p class="lang">{html.escape(lang.name)}</p>',
        f'<p>{t["reviewed"]} {date}</p>',
        f'<img class="qr" alt="{t["qr"]}" src="{_data_uri(_qr_svg(online))}">',
        f'<p class="url">{t["online"]} <a href="{html.escape(online)}" dir="ltr">{html.escape(online)}</a></p>',
        f'<div class="disclaimer"><strong>{t["not_advice"]}</strong> {t["general"]}</div>',
        "</section>",
    ]
    chapters = []
    toc = []
    for base in nav:
        art = _article(site, page_path(base, lang.prefix))
        if art is None:
            continue
        stem = base[:-3]
        key = anchors["" if stem == "index" else stem.split("/")[-1]]
        art = _clean_article(art, key, anchors, lang.rtl)
        h1 = art.find("h1")
        heading = h1.get_text(" ", strip=True) if h1 else stem
        if h1 is not None:
            h1["id"] = key
        toc.append(f'<li><a href="#{key}">{html.escape(heading)}</a></li>')
        chapters.append(f'<section class="chapter">{art.decode_contents()}</section>')
    glossary_title = _("Glossary")
    gl = [f'<section class="chapter"><h1 id="p-glossary">{html.escape(glossary_title)}</h1>']
    term_items = []
    for base in terms:
        art = _article(site, page_path(base, lang.prefix))
        if art is None:
            continue
        slug = Path(base).stem
        key = anchors[slug]
        art = _clean_article(art, key, anchors, lang.rtl)
        for h2 in art.find_all("h2"):
            # "Related terms" and "Where this term appears" are for the web.
            for sib in list(h2.find_next_siblings()):
                sib.decompose()
            h2.decompose()
        h1 = art.find("h1")
        name = h1.get_text(" ", strip=True) if h1 else slug
        if h1 is not None:
            h1.name = "h2"
            h1["id"] = key
        term_items.append((name.casefold(), f'<section class="term">{art.decode_contents()}</section>'))
    gl += [t for _, t in sorted(term_items)]
    gl.append("</section>")
    toc.append(f'<li><a href="#p-glossary">{html.escape(glossary_title)}</a></li>')
    contents = _("Contents")
    body = (
        "".join(parts)
        + f'<nav class="toc" aria-label="{html.escape(contents)}"><h1>{html.escape(contents)}</h1><ol>{"".join(toc)}</ol></nav>'
        + "".join(chapters)
        + "".join(gl)
    )
    return _document(lang, title, body, reviewed, root), title


def _document(lang: Language, title: str, body: str, reviewed: dt.date, root: Path) -> str:
    direction = "rtl" if lang.rtl else "ltr"
    return (
        f'<!doctype html><html lang="{lang.code}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f'<meta name="dcterms.created" content="{reviewed.isoformat()}">'
        f'<meta name="dcterms.modified" content="{reviewed.isoformat()}">'
        f'<meta name="generator" content="handout">'
        f"<style>{_diagram_css(root)}</style></head><body>{body}</body></html>"
    )


def keypoints_html(site: Path, lang: Language, site_url: str, root: Path = ROOT) -> tuple[str, str]:
    """A one-page sheet: the home page's key points, the address as QR code, the disclaimer."""
    tr = catalogs.translations(lang, root)
    _ = tr.gettext
    title = _("Stem-cell therapy for hair loss")
    art = _article(site, lang.prefix)
    box = art.select_one(".admonition") if art else None
    tree = load_tree(root)
    home = tree.get("index.md", lang.code) or tree.get("index.md", tree.default)
    reviewed = home.meta.get("reviewed") if home else None
    reviewed = reviewed if isinstance(reviewed, dt.date) else dt.date(2026, 1, 1)
    online = site_url.rstrip("/") + "/" + lang.prefix
    for a in box.select("a") if box else []:
        a.unwrap()
    t = _strings(_)
    date = html.escape(format_date(reviewed, format="long", locale=lang.babel))
    body = (
        f'<section class="keypoints"><h1>{html.escape(title)}</h1>'
        + (box.decode() if box else "")
        + f'<div class="foot">{_qr_svg(online)}<div><p>{t["online"]} <span dir="ltr">{html.escape(online)}</span></p>'
        f'<p><strong>{t["not_advice"]}</strong> {t["general"]}</p>'
        f'<p>{t["reviewed"]} {date}</p></div></div></section>'
    )
    return _document(lang, title, body, reviewed, root), title


def write_pdf(document_html: str, out: Path, lang: Language, paper: str, base_url: Path) -> PdfResult:
    from weasyprint import CSS as WCSS
    from weasyprint import HTML

    font = FONTS.get(lang.lunr, DEFAULT_FONT)
    css = WCSS(string=CSS % {"paper": PAPERS[paper], "font": font})
    doc = HTML(string=document_html, base_url=str(base_url)).render(stylesheets=[css])
    ident = hashlib.sha256(document_html.encode("utf-8") + paper.encode()).hexdigest()[:32].encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.write_pdf(out, pdf_variant="pdf/ua-1", pdf_identifier=ident, uncompressed_pdf=False)
    return PdfResult(lang.code, out, out.stat().st_size, len(doc.pages))


def build_language(args: tuple[str, str, str, str]) -> list[PdfResult]:
    """All PDFs of one language (run in a worker process)."""
    site_s, code, site_url, root_s = args
    site, root = Path(site_s), Path(root_s)
    lang = next(lg for lg in languages(root) if lg.code == code)
    out_dir = site / "downloads"
    results = []
    full, _ = build_html(site, lang, site_url, root)
    for paper in ("a4", "letter"):
        results.append(write_pdf(full, out_dir / pdf_name(code, paper), lang, paper, site))
    sheet, _ = keypoints_html(site, lang, site_url, root)
    results.append(write_pdf(sheet, out_dir / keypoints_name(code), lang, "a4", site))
    return results


def build_all(site: Path, site_url: str, root: Path = ROOT, jobs: int = 2, only: list[str] | None = None) -> list[PdfResult]:
    from concurrent.futures import ProcessPoolExecutor

    codes = [lg.code for lg in languages(root) if not only or lg.code in only]
    tasks = [(str(site), code, site_url, str(root)) for code in codes]
    results: list[PdfResult] = []
    if jobs <= 1:
        for t in tasks:
            results.extend(build_language(t))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for res in pool.map(build_language, tasks):
                results.extend(res)
    return results


def human_size(size: int, lang: Language) -> str:
    from babel.numbers import format_decimal

    if size >= 1024 * 1024:
        return format_decimal(round(size / 1024 / 1024, 1), locale=lang.babel) + " MB"
    return format_decimal(max(1, round(size / 1024)), locale=lang.babel) + " KB"


def fill_sizes(site: Path, root: Path = ROOT) -> int:
    """Write each PDF's size, in the reader's language, into the pages that link to it."""
    from .pages import PDF_SIZE_RE

    sizes = {p.name: p.stat().st_size for p in (site / "downloads").glob("*.pdf")}
    langs = {lg.code: lg for lg in languages(root)}
    count = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "<!--pdf-size:" not in text:
            continue

        def sub(m: re.Match[str]) -> str:
            size = sizes.get(m.group(1))
            lang = langs.get(m.group(2))
            return "PDF, " + human_size(size, lang) if size and lang else ""

        page.write_text(PDF_SIZE_RE.sub(sub, text), encoding="utf-8")
        count += 1
    return count
