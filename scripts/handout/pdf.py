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
from typing import Any

from babel.dates import format_date
from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from jinja2 import Environment
from markupsafe import Markup

from . import catalogs, templates
from .content import Tree, load_tree
from .project import ROOT, Language, languages, load_mkdocs_yml
from .templates import render_macro
from .urls import absolute, keypoints_name, page_path, pdf_name

PAPERS = {"a4": "A4", "letter": "letter"}

FONTS = {
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", sans-serif',
    "zh": '"Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", sans-serif',
    # Noto CJK has a Korean and a Japanese cut (Debian fonts-noto-cjk): the same code points are drawn
    # the way each language writes them.
    "ko": '"Noto Sans CJK KR", "Noto Sans KR", "Noto Sans", sans-serif',
    "ja": '"Noto Sans CJK JP", "Noto Sans JP", "Noto Sans", sans-serif',
    "hi": '"Noto Sans Devanagari", "Noto Sans", sans-serif',
    # Noto Naskh Arabic has the Persian letters (پ چ ژ گ ی ک) and Persian digits (Debian fonts-noto-core).
    "fa": '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", sans-serif',
}
#: CSS counter style of the page numbers: Persian readers count in Persian digits (۱۲).
PAGE_NUMBERS = {"fa": "persian"}
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


class PdfRefused(Exception):
    """The PDF step refused an address a page names (one message: it crosses process boundaries)."""


#: Attributes and CSS that name something WeasyPrint would fetch.
URL_ATTRS = ("src", "href", "data", "poster", "srcset", "xlink:href", "background")
CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)


def _urls_in(tag: Tag) -> list[str]:
    """Every address an HTML fragment names: attributes, style attributes and <style> elements."""
    found: list[str] = []
    for el in [tag, *tag.find_all(True)]:
        for attr in URL_ATTRS:
            value = el.get(attr)
            if isinstance(value, str) and value.strip():
                found.extend(v.strip().split()[0] for v in value.split(",") if v.strip()) \
                    if attr == "srcset" else found.append(value.strip())
        style = el.get("style")
        css = (style if isinstance(style, str) else "") + (el.get_text() if el.name == "style" else "")
        for m in CSS_URL_RE.finditer(css):
            found.append((m.group(2) or m.group(4) or "").strip())
    return [u for u in found if u]


def _strip_attachments(tag: Tag) -> None:
    """The only attachments of a PDF are those the build adds (none today): a page's
    ``<link rel="attachment">`` goes, an ``<a rel="attachment">`` stays a plain link."""
    for el in tag.find_all("link"):
        el.decompose()
    for a in tag.find_all("a"):
        rel = a.get("rel")
        tokens = rel if isinstance(rel, list) else str(rel or "").split()
        if any(str(t).lower() == "attachment" for t in tokens):
            del a["rel"]


def _fetcher_class() -> type:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class SiteFetcher(URLFetcher):  # type: ignore[misc]
        """Serves files inside the build folder and the data: addresses the build made; refuses
        everything else (http(s), other files, ``../`` escapes, symlinks that lead out)."""

        def __init__(self, site: Path, data_uris: set[str], sources: dict[str, str]) -> None:
            super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False)
            self.site = site.resolve()
            self.data_uris = data_uris
            self.sources = sources

        def refuse(self, url: str, why: str) -> FatalURLFetchingError:
            where = self.sources.get(url) or next(
                (src for named, src in self.sources.items() if named and named in url), "a page of the handout")
            shown = url if len(url) <= 120 else url[:117] + "..."
            return FatalURLFetchingError(
                f"{where}: the PDF step refused {shown!r}: {why}; a page may only use images and files "
                "of the site itself (docs/), by a relative address")

        def fetch(self, url: str, headers: Any = None) -> Any:
            from urllib.parse import unquote, urlsplit
            from urllib.request import url2pathname

            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                if url in self.data_uris:
                    return super().fetch(url, headers)
                raise self.refuse(url, "the build did not make this data: address")
            if scheme != "file":
                raise self.refuse(url, f"the PDF fetches nothing from other hosts ({scheme or 'no'} scheme)")
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise self.refuse(url, "a file on another host")
            target = Path(url2pathname(unquote(parts.path)))
            try:
                real = target.resolve(strict=True)
            except (OSError, RuntimeError):
                raise self.refuse(url, "no such file in the site") from None
            if not real.is_relative_to(self.site) or not real.is_file():
                raise self.refuse(url, "it is outside the site folder being built")
            return super().fetch(real.as_uri(), headers)

    return SiteFetcher


def fetcher(site: Path, data_uris: set[str], sources: dict[str, str]) -> Any:
    """The WeasyPrint URL fetcher of one PDF (see SiteFetcher)."""
    return _fetcher_class()(site, data_uris, sources)


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


#: Scripts whose letters join or reorder (Hebrew, Arabic, Syriac, Thaana, N'Ko; Indic scripts; Thai,
#: Lao, Tibetan, Myanmar, Khmer). WeasyPrint (70) lays out an SVG label one character at a time, so
#: such a label would print with its letters unjoined, its vowel signs on dotted circles, and, right to
#: left, backwards: those labels are printed as HTML text over the drawing instead (_overlay_labels).
SHAPED_RE = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]")
#: The printed width of a diagram (figure.diagram in overrides/pdf/print.css).
DIAGRAM_MM = 150


def _overlay_labels(svg: Tag, rtl: bool) -> None:
    """Move the SVG labels that need shaping into HTML spans placed over the drawing, so that
    WeasyPrint shapes them like any text (Devanagari conjuncts, Arabic joining, right to left)."""
    labels = [t for t in svg.find_all("text") if SHAPED_RE.search(t.get_text())]
    box = str(svg.get("viewBox") or svg.get("viewbox") or "").replace(",", " ").split()
    if not labels or len(box) != 4:
        return
    width, height = float(box[2]), float(box[3])
    rtl = rtl or svg.get("direction") == "rtl"
    soup = BeautifulSoup("", "html.parser")
    holder = soup.new_tag("div", attrs={"class": "dg-print"})
    svg.insert_before(holder)
    holder.append(svg.extract())
    for text in labels:
        size = float(str(text.get("font-size") or 17))
        x, y = float(str(text.get("x") or 0)), float(str(text.get("y") or 0))
        anchor = str(text.get("text-anchor") or "start")
        if rtl and anchor != "middle":
            anchor = "end" if anchor == "start" else "start"
        style = [f"font-size:{size * DIAGRAM_MM / width:.2f}mm", f"top:{y / height * 100:.2f}%"]
        if anchor == "middle":
            style += [f"left:{x / width * 100:.2f}%", "transform:translateX(-50%)"]
        elif anchor == "end":
            style.append(f"right:{(width - x) / width * 100:.2f}%")
        else:
            style.append(f"left:{x / width * 100:.2f}%")
        if text.get("font-weight"):
            style.append(f"font-weight:{text['font-weight']}")
        if text.get("font-style"):
            style.append(f"font-style:{text['font-style']}")
        span = soup.new_tag("span", attrs={"class": "dg-label", "style": ";".join(style)})
        span.string = text.get_text()
        holder.append(span)
        text.decompose()


def _print_svg(art: Tag, rtl: bool = False, colours: dict[str, str] | None = None) -> None:
    colours = palette() if colours is None else colours
    for svg in art.find_all("svg"):
        _alt_text(svg)
        for el in [svg, *svg.find_all(True)]:
            for cls in el.get("class") or []:
                for attr, value in SVG_PRINT.get(str(cls), {}).items():
                    el[attr] = colours[value] if value.startswith("--") else value
        _overlay_labels(svg, rtl)
        if rtl:
            # Only right-to-left labels left in the drawing (no viewBox to place them by) are mirrored;
            # a label in Latin letters and digits prints in its own order.
            for text in svg.find_all("text"):
                label = text.string
                if isinstance(label, NavigableString) and SHAPED_RE.search(label):
                    label.replace_with(str(label).translate(MIRROR))


def _clean_article(article: Tag, key: str, anchors: dict[str, str], rtl: bool, colours: dict[str, str]) -> Tag:
    """Make ids unique across the book and point internal links at them."""
    art = copy.copy(article)
    _strip_attachments(art)
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


#: The content of the build, read once by ``build_all`` (before the workers fork) for every PDF.
_TREES: dict[Path, Tree] = {}


def _tree(root: Path) -> Tree:
    tree = _TREES.get(root)
    return tree if tree is not None else load_tree(root)


def _env(lang: Language, root: Path) -> Environment:
    return templates.environment(catalogs.translations(lang, root), root)


def _source_of(tree: Any, base: str, lang: Language, root: Path) -> str:
    page = tree.get(base, lang.code) or tree.get(base, tree.default)
    return page.where(root) if page is not None else f"docs/{base}"


def _record(sources: dict[str, str] | None, art: Tag, site: Path, where: str) -> None:
    """Remember which page names which address (for the PDF step's refusals)."""
    if sources is None:
        return
    from urllib.parse import urljoin

    base = site.resolve().as_uri() + "/"
    for url in _urls_in(art):
        if url.startswith("#"):
            continue
        sources.setdefault(url, where)
        sources.setdefault(urljoin(base, url), where)


def build_html(site: Path, lang: Language, site_url: str, root: Path = ROOT,
               sources: dict[str, str] | None = None) -> str:
    """The whole handout of one language as one HTML document (overrides/pdf/pdf.html); ``sources``
    gets the address -> page of everything the pages name."""
    cfg = load_mkdocs_yml(root)
    tree = _tree(root)
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
        _record(sources, art, site, _source_of(tree, base, lang, root))
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
        _record(sources, art, site, _source_of(tree, base, lang, root))
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


def keypoints_html(site: Path, lang: Language, site_url: str, root: Path = ROOT,
                   sources: dict[str, str] | None = None) -> str:
    """A one-page sheet: the home page's key points, the address as QR code, the disclaimer."""
    art = _article(site, lang.prefix)
    box = art.select_one(".admonition") if art else None
    tree = _tree(root)
    if box is not None:
        _record(sources, box, site, _source_of(tree, "index.md", lang, root))
        _strip_attachments(box)
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


DATA_URI_RE = re.compile(r"""data:[^"'()\s<>]+""")


def write_pdf(document_html: str, out: Path, lang: Language, paper: str, base_url: Path,
              root: Path = ROOT, sources: dict[str, str] | None = None) -> PdfResult:
    """Render one PDF. WeasyPrint fetches only files inside ``base_url`` (the build folder) and the
    data: addresses the build made; anything else stops the build, naming the address and its page."""
    from weasyprint import CSS as WCSS
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    sources = sources or {}
    font = FONTS.get(lang.code.split("-")[0], DEFAULT_FONT)
    print_css = templates.environment(gettext.NullTranslations(), root).get_template("pdf/print.css")
    made = set(DATA_URI_RE.findall(document_html)) - set(sources)
    fetch = fetcher(base_url, made, sources)
    try:
        css = WCSS(string=print_css.render(paper=PAPERS[paper], font=font, rtl=lang.rtl,
                                           numbers=PAGE_NUMBERS.get(lang.code.split("-")[0], "decimal")),
                   url_fetcher=fetch,
                   base_url=str(base_url))
        doc = HTML(string=document_html, base_url=str(base_url), url_fetcher=fetch).render(stylesheets=[css])
    except FatalURLFetchingError as exc:
        raise PdfRefused(str(exc)) from None
    ident = hashlib.sha256(document_html.encode("utf-8") + paper.encode()).hexdigest()[:32].encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.write_pdf(out, pdf_variant="pdf/ua-1", pdf_identifier=ident, uncompressed_pdf=False)
    scope_table_headers(out)
    return PdfResult(lang.code, out, out.stat().st_size, len(doc.pages))


def scope_table_headers(path: Path) -> int:
    """Give every table header cell a /Scope (PDF/UA, WCAG 1.3.1): WeasyPrint tags <th> as /TH but
    writes no /Scope even for ``scope="col"``. A header in the table's header rows heads its column,
    any other heads its row. Returns how many cells were marked; the file is rewritten in place."""
    import pikepdf

    marked = 0
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        stack: list[tuple[pikepdf.Object, bool]] = [(root, False)] if root is not None else []
        while stack:
            node, in_head = stack.pop()
            if not isinstance(node, pikepdf.Dictionary):
                continue
            kind = node.get("/S")
            in_head = in_head or kind == "/THead"
            if kind == "/TH":
                node["/A"] = pikepdf.Dictionary(O=pikepdf.Name.Table,
                                                Scope=pikepdf.Name.Column if in_head else pikepdf.Name.Row)
                marked += 1
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend((kid, in_head) for kid in kids)
            elif kids is not None:
                stack.append((kids, in_head))
        if marked:
            pdf.save(path, deterministic_id=True)
    return marked


def build_language(args: tuple[str, str, str, str]) -> list[PdfResult]:
    """All PDFs of one language (run in a worker process)."""
    site_s, code, site_url, root_s = args
    site, root = Path(site_s), Path(root_s)
    lang = next(lg for lg in languages(root) if lg.code == code)
    out_dir = site / "downloads"
    results = []
    sources: dict[str, str] = {}
    full = build_html(site, lang, site_url, root, sources)
    for paper in ("a4", "letter"):
        results.append(write_pdf(full, out_dir / pdf_name(code, paper), lang, paper, site, root, sources))
    sheet_sources: dict[str, str] = {}
    sheet = keypoints_html(site, lang, site_url, root, sheet_sources)
    results.append(write_pdf(sheet, out_dir / keypoints_name(code), lang, "a4", site, root, sheet_sources))
    return results


def _worker_init() -> None:
    """PDF workers leave SIGINT to the build (which ends them) and die at once on SIGTERM."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def build_all(site: Path, site_url: str, root: Path = ROOT, jobs: int = 2, only: list[str] | None = None,
              tree: Tree | None = None) -> list[PdfResult]:
    """Every language's PDFs, in ``jobs`` worker processes. When the build stops (an error, SIGINT,
    SIGTERM), the pool is terminated: no worker outlives the build. ``tree``: the content the build
    already read (else it is read here, once, not once per PDF)."""
    import multiprocessing

    codes = [lg.code for lg in languages(root) if not only or lg.code in only]
    tasks = [(str(site), code, site_url, str(root)) for code in codes]
    results: list[PdfResult] = []
    _TREES[root] = tree if tree is not None else load_tree(root)
    try:
        if jobs <= 1 or len(tasks) <= 1:
            for t in tasks:
                results.extend(build_language(t))
            return results
        pool = multiprocessing.get_context("fork").Pool(min(jobs, len(tasks)), initializer=_worker_init)
        try:
            for res in pool.imap(build_language, tasks):
                results.extend(res)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
        return results
    finally:
        _TREES.pop(root, None)


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
