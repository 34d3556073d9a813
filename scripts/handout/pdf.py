"""PDFs made from the built site with WeasyPrint: the full handout and a one-page key-points sheet.

The PDF uses the same translated HTML as the site, so it never says something else than the pages.
Tagged (PDF/UA-1), with the document language and title, fonts embedded and subset.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import gettext
import re
from functools import cache
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from jinja2 import Environment
from markupsafe import Markup

from . import catalogs, templates
from .content import load_tree
from .project import ROOT, Language, languages, load_mkdocs_yml
from .templates import render_macro
from .urls import absolute, keypoints_name, page_path, pdf_name

PAPERS = {"a4": "A4", "letter": "letter"}

FONTS = {
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", sans-serif',
    "zh": '"Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", sans-serif',
}
DEFAULT_FONT = '"Noto Sans", "DejaVu Sans", sans-serif'



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


def _site_css(root: Path) -> Markup:
    """The site's stylesheet (diagrams, palette), included in every PDF."""
    path = root / "docs" / "assets" / "handout.css"
    return Markup(path.read_text(encoding="utf-8") if path.exists() else "")


def _data_uri(svg: str) -> str:
    """An SVG as an image address: WeasyPrint misplaces inline SVG in right-to-left blocks."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _qr_svg(url: str, title: str | None = None) -> str:
    """The address as a QR code; an inline SVG's <title> is what WeasyPrint tags as the figure's /Alt."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", xmldecl=False, svgns=True, border=2, scale=4,
                                     svgclass="qr-code", lineclass=None, omitsize=True, title=title)
    return buf.getvalue().decode("utf-8")


#: WeasyPrint draws inline SVG without CSS variables: the diagrams' print colours as attributes.
#: ``--name`` is a colour of the site's palette (docs/assets/handout.css, light scheme); ink is black.
SVG_PRINT = {
    "dg-text": {"fill": "#000", "font-size": "17"},
    "dg-small": {"font-size": "15"},
    "dg-note": {"font-size": "15", "font-style": "italic"},
    "dg-strong": {"font-weight": "700"},
    "dg-line": {"stroke": "#000", "stroke-width": "2.5", "fill": "none"},
    "dg-leader": {"stroke": "#000", "stroke-width": "1.2"},
    "dg-arrowhead": {"fill": "#000"},
    "dg-box": {"fill": "--dg-box", "stroke": "--dg-box-line", "stroke-width": "2"},
    "dg-box-accent": {"fill": "--dg-box-accent"},
    "dg-dot": {"fill": "--dg-dot"},
    "dg-dot-accent": {"fill": "--dg-dot-accent"},
    "dg-epidermis": {"fill": "--dg-epidermis"},
    "dg-dermis": {"fill": "--dg-dermis"},
    "dg-follicle": {"fill": "--dg-follicle", "stroke": "--dg-follicle-line", "stroke-width": "2"},
    "dg-bulge": {"fill": "--dg-bulge"},
    "dg-papilla": {"fill": "--dg-papilla"},
    "dg-vessel": {"stroke": "--dg-vessel", "stroke-width": "4", "fill": "none"},
    "dg-hair": {"stroke": "--dg-hair", "stroke-width": "5", "fill": "none", "stroke-linecap": "round"},
}

DECLARATION_RE = re.compile(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\s*;")


@cache
def palette(css_path: Path = ROOT / "docs" / "assets" / "handout.css") -> dict[str, str]:
    """The site's colours by custom property (``--dg-box``: ``#e8f3ee``): the first value of each
    name in handout.css, which is the light scheme's."""
    colours: dict[str, str] = {}
    if css_path.exists():
        for name, value in DECLARATION_RE.findall(css_path.read_text(encoding="utf-8")):
            colours.setdefault(name, value)
    return colours


#: WeasyPrint orders the words of an Arabic SVG label right to left but does not mirror brackets
#: (Unicode "Bidi_Mirrored"), so "(" would show the wrong way round: swap them in RTL labels.
MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


#: Sentence ends after which a diagram's title and description are simply joined.
SENTENCE_END = (".", "!", "?", ":", "。", "！", "？", "：", "؟")


def _alt_text(svg: Tag) -> None:
    """WeasyPrint tags an inline SVG as a Figure whose /Alt is its <title>: add the <desc> to it."""
    title, desc = svg.find("title"), svg.find("desc")
    if title is None or desc is None:
        return
    head, more = title.get_text(" ", strip=True), desc.get_text(" ", strip=True)
    if not more:
        return
    cjk = any("\u3000" <= ch <= "\u9fff" for ch in head + more)
    sep = "" if cjk else " "
    if head and not head.endswith(SENTENCE_END):
        head += "。" if cjk else "."
    title.string = f"{head}{sep}{more}" if head else more


def _print_svg(art: Tag, rtl: bool = False, colours: dict[str, str] | None = None) -> None:
    colours = palette() if colours is None else colours
    for svg in art.find_all("svg"):
        _alt_text(svg)
        for el in [svg, *svg.find_all(True)]:
            for cls in el.get("class") or []:
                for attr, value in SVG_PRINT.get(str(cls), {}).items():
                    el[attr] = colours[value] if value.startswith("--") else value
        if rtl:
            for text in svg.find_all("text"):
                label = text.string
                if isinstance(label, NavigableString) and label.strip():
                    label.replace_with(str(label).translate(MIRROR))


def _clean_article(article: Tag, key: str, anchors: dict[str, str], rtl: bool, colours: dict[str, str]) -> Tag:
    """Make ids unique across the book and point internal links at them."""
    art = copy.copy(article)
    _print_svg(art, rtl, colours)
    for el in art.select(".handout-meta, .handout-notice, .headerlink, .md-source-file, .glossary-az, .dg-key, .dg-mark"):
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


def _env(lang: Language, root: Path) -> Environment:
    return templates.environment(catalogs.translations(lang, root), root)


def build_html(site: Path, lang: Language, site_url: str, root: Path = ROOT) -> str:
    """The whole handout of one language as one HTML document (overrides/pdf/pdf.html)."""
    cfg = load_mkdocs_yml(root)
    tree = load_tree(root)
    colours = palette(root / "docs" / "assets" / "handout.css")
    nav = [n for n in cfg.get("nav", []) if isinstance(n, str)
           and (english := tree.get(n, tree.default)) is not None and english.is_printed]
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
    online = absolute(site_url, lang.prefix)
    chapters = []
    for base in nav:
        art = _article(site, page_path(base, lang.prefix))
        if art is None:
            continue
        stem = base[:-3]
        key = anchors["" if stem == "index" else stem.split("/")[-1]]
        art = _clean_article(art, key, anchors, lang.rtl, colours)
        h1 = art.find("h1")
        heading = h1.get_text(" ", strip=True) if h1 else stem
        if h1 is not None:
            h1["id"] = key
        chapters.append({"key": key, "heading": heading, "html": Markup(art.decode_contents())})
    term_items = []
    for base in terms:
        art = _article(site, page_path(base, lang.prefix))
        if art is None:
            continue
        slug = Path(base).stem
        key = anchors[slug]
        art = _clean_article(art, key, anchors, lang.rtl, colours)
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
        term_items.append((name.casefold(), Markup(art.decode_contents())))
    return render_macro(
        _env(lang, root), "pdf/pdf.html", "handout", lang,
        format_date(reviewed, format="long", locale=lang.babel), reviewed.isoformat(), online,
        _data_uri(_qr_svg(online)), chapters, [t for _, t in sorted(term_items)], _site_css(root),
    )


def keypoints_html(site: Path, lang: Language, site_url: str, root: Path = ROOT) -> str:
    """A one-page sheet: the home page's key points, the address as QR code, the disclaimer."""
    art = _article(site, lang.prefix)
    box = art.select_one(".admonition") if art else None
    tree = load_tree(root)
    home = tree.get("index.md", lang.code) or tree.get("index.md", tree.default)
    reviewed = home.meta.get("reviewed") if home else None
    reviewed = reviewed if isinstance(reviewed, dt.date) else dt.date(2026, 1, 1)
    online = absolute(site_url, lang.prefix)
    for a in box.select("a") if box else []:
        a.unwrap()
    return render_macro(
        _env(lang, root), "pdf/pdf.html", "key_points", lang,
        format_date(reviewed, format="long", locale=lang.babel), reviewed.isoformat(), online,
        Markup(_qr_svg(online, catalogs.translations(lang, root).gettext("QR code: link to this handout online"))),
        Markup(box.decode() if box else ""), _site_css(root),
    )


def write_pdf(document_html: str, out: Path, lang: Language, paper: str, base_url: Path,
              root: Path = ROOT) -> PdfResult:
    from weasyprint import CSS as WCSS
    from weasyprint import HTML

    font = FONTS.get(lang.lunr, DEFAULT_FONT)
    print_css = templates.environment(gettext.NullTranslations(), root).get_template("pdf/print.css")
    css = WCSS(string=print_css.render(paper=PAPERS[paper], font=font))
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
    full = build_html(site, lang, site_url, root)
    for paper in ("a4", "letter"):
        results.append(write_pdf(full, out_dir / pdf_name(code, paper), lang, paper, site, root))
    sheet = keypoints_html(site, lang, site_url, root)
    results.append(write_pdf(sheet, out_dir / keypoints_name(code), lang, "a4", site, root))
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
