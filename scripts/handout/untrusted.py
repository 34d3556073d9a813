"""Every contributed file is untrusted: the checks that keep script, leaked files and surprises out.

- files: no symlinks under docs/ or overrides/, only known file types, page names with an exact,
  known language suffix, pages only where the site has them, SVGs without script or outside references;
- source text: no NUL, no bidirectional override/isolate controls (ZWNJ and ZWJ stay allowed),
  small front matter without YAML anchors or aliases (checked on libyaml's event stream, before any
  document is built, so an alias bomb is refused at once), no deep nesting;
- front matter: known keys only, plain text in title, description and synonyms;
- the build's own markers only in the pages that are meant to have them, alone on their line;
- a page's HTML (after Markdown, before the build adds its own trusted fragments) against an
  allow-list of the elements and attributes a handout needs;
- catalog strings (msgstr) without markup.

Each problem is a ContentError naming ``file:line`` and what to do instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup, CData, Comment, Declaration, ProcessingInstruction, Tag
from lxml import etree

from .errors import ContentError

# ---------------------------------------------------------------------------------------- files
#: File types that may be published from docs/ (pages, the stylesheet, images).
PUBLISHED_TYPES = (".md", ".css", ".svg", ".png", ".jpg", ".jpeg", ".webp")
#: Folders of docs/ that may hold pages ("" is docs/ itself).
PAGE_FOLDERS = ("", "glossary")
#: A page's name without its suffixes: lower-case words joined by hyphens.
STEM_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _symlinks(top: Path) -> Iterable[Path]:
    for folder, dirs, names in os.walk(top, followlinks=False):
        for name in (*dirs, *names):
            path = Path(folder) / name
            if path.is_symlink():
                yield path


def check_files(root: Path, codes: set[str], docs: Path | None = None) -> list[ContentError]:
    """Symlinks, unknown file types, page names and places, SVGs: every file of docs/ and overrides/."""
    errors: list[ContentError] = []
    docs = docs or root / "docs"
    for top in (docs, root / "overrides"):
        if top.is_symlink():
            errors.append(ContentError(top, "is a symbolic link; make it a real folder"))
            continue
        for link in _symlinks(top):
            errors.append(ContentError(link, "is a symbolic link, which could publish a file of the build "
                                       "machine; copy the file into the repository instead"))
    for folder, dirs, names in os.walk(docs, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not (Path(folder) / d).is_symlink())
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_symlink() or name.startswith("."):
                continue  # named above; MkDocs does not publish dot files
            rel = path.relative_to(docs)
            errors.extend(_check_name(path, rel, codes))
            if name.lower().endswith(".svg"):
                errors.extend(check_svg(path))
    return errors


def _check_name(path: Path, rel: Path, codes: set[str]) -> list[ContentError]:
    suffix = path.suffix.lower()
    if suffix not in PUBLISHED_TYPES or path.suffix != suffix:
        hint = "rename it to .md" if suffix in (".markdown", ".mdown", ".mkd", ".md") else \
            "only " + ", ".join(PUBLISHED_TYPES) + " files are published; remove it"
        return [ContentError(path, f"has an unknown file type '{path.suffix}'; {hint}")]
    if suffix != ".md":
        if rel.parts[0] != "assets":
            return [ContentError(path, "images and stylesheets belong in docs/assets/; move it there")]
        return []
    folder = rel.parent.as_posix()
    folder = "" if folder == "." else folder
    if folder not in PAGE_FOLDERS:
        return [ContentError(path, "pages live in docs/ or docs/glossary/ only (this one is nested too deep "
                             "or in an unknown folder); move it")]
    parts = path.name[:-3].split(".")
    if not STEM_RE.match(parts[0]):
        return [ContentError(path, "a page name uses lower-case letters, digits and hyphens only, like "
                             "'hair-cycle.md'; rename it")]
    if len(parts) > 2 or (len(parts) == 2 and parts[1] not in codes):
        return [ContentError(path, "the name must be 'page.md' or 'page.<language>.md' with one of the "
                             "languages " + ", ".join(sorted(codes)) + " exactly as written there; rename it")]
    return []


SVG_NS = "http://www.w3.org/2000/svg"
XLINK = "{http://www.w3.org/1999/xlink}href"
SVG_FORBIDDEN = ("script", "foreignObject", "iframe", "object", "embed", "audio", "video", "image", "use",
                 "animate", "set", "handler", "listener")


def check_svg(path: Path) -> list[ContentError]:
    """An SVG in docs/ is published as written: no script, no event handlers, no outside references."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        return [ContentError(path, f"is not a valid SVG file: {exc.msg}", exc.lineno or 1)]
    if tree.docinfo.internalDTD is not None or b"<!ENTITY" in path.read_bytes():
        return [ContentError(path, "declares a DOCTYPE or entities; remove them", 1)]
    errors = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        line = el.sourceline or 1
        if local in SVG_FORBIDDEN:
            errors.append(ContentError(path, f"has a <{local}> element; SVG images may hold shapes and text only",
                                       line))
        for name, value in el.attrib.items():
            attr = etree.QName(name).localname.lower()
            if attr.startswith("on"):
                errors.append(ContentError(path, f"has an event handler '{attr}'; remove it", line))
            elif (attr == "href" or name == XLINK) and not value.strip().startswith("#"):
                errors.append(ContentError(path, f"refers to '{value}'; an SVG may refer to its own parts "
                                           "(#id) only", line))
            elif re.search(r"url\(\s*['\"]?(?!#)|@import", value, re.I):
                errors.append(ContentError(path, f"'{attr}' loads something from outside; use colours and "
                                           "#id references only", line))
        if local == "style" and el.text and re.search(r"url\(\s*['\"]?(?!#)|@import", el.text, re.I):
            errors.append(ContentError(path, "its <style> loads something from outside; remove it", line))
    return errors


# ---------------------------------------------------------------------------------------- source text
#: Bidirectional embedding, override and isolate controls: they can make text read differently
#: from what a reviewer sees. ZWNJ (U+200C) and ZWJ (U+200D), which Persian and Hindi need, stay.
BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
MAX_FRONT_MATTER = 16_000  # characters; the longest front matter today is well under 1,000
MAX_YAML_DEPTH = 8
MAX_QUOTE_DEPTH = 8
MAX_PAGE = 200_000  # characters; the longest page today has about 32,000
MAX_INDENT = 32  # columns of leading spaces: lists nested eight levels deep
#: A long run of the same Markdown markup character (emphasis, links): the Markdown parser recurses on it.
RUN_RE = re.compile(r"([*\[\]()])\1{15,}")
QUOTE_RE = re.compile(r"^[ \t]*((?:>[ \t]*){" + str(MAX_QUOTE_DEPTH + 1) + ",})")


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def check_source(path: Path, text: str) -> None:
    """Raise ContentError for NUL bytes, bidirectional controls and deeply nested quotes."""
    if "\x00" in text:
        raise ContentError(path, "contains a NUL byte; save it as plain UTF-8 text", _line(text, text.index("\x00")))
    m = BIDI_RE.search(text)
    if m:
        raise ContentError(path, f"contains the invisible bidirectional control U+{ord(m.group()):04X}, which "
                           "can make text read differently from what a reviewer sees; delete it (the page's "
                           "language sets the direction)", _line(text, m.start()))
    if len(text) > MAX_PAGE:
        raise ContentError(path, f"has {len(text)} characters; at most {MAX_PAGE}: split it into pages", 1)
    for number, line in enumerate(text.split("\n"), 1):
        if QUOTE_RE.match(line):
            raise ContentError(path, f"nests quotes more than {MAX_QUOTE_DEPTH} levels deep; use fewer '>'", number)
        if len(line) - len(line.lstrip(" \t")) > MAX_INDENT:
            raise ContentError(path, f"is indented more than {MAX_INDENT} spaces (lists nested too deep); "
                               "use fewer levels", number)
        run = RUN_RE.search(line)
        if run:
            raise ContentError(path, f"has a run of {len(run.group())} '{run.group(1)}' characters; the Markdown "
                               "parser cannot read it; write fewer", number)


def check_yaml(path: Path, source: str, first_line: int = 2) -> None:
    """Refuse front matter that is too large, deeply nested or uses anchors and aliases, before
    PyYAML builds any document from it (libyaml's event stream: no expansion, linear time)."""
    if len(source) > MAX_FRONT_MATTER:
        raise ContentError(path, f"the front matter has {len(source)} characters; at most {MAX_FRONT_MATTER}",
                           first_line)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for event in yaml.parse(source, Loader=loader):
            line = event.start_mark.line + first_line if event.start_mark else first_line
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ContentError(path, "front matter uses a YAML anchor (&) or alias (*); write each value "
                                   "out in full", line)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise ContentError(path, f"front matter nests lists or mappings more than {MAX_YAML_DEPTH} "
                                       "levels deep; use plain 'key: value' lines", line)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the caller reports the syntax error with its line


DATE_RE = re.compile(r"^(?P<key>[\w-]+):\s*['\"]?(?P<date>\d{4}-\d{1,2}-\d{1,2})\b", re.M)


def yaml_value_error(path: Path, source: str, exc: Exception, first_line: int = 2) -> ContentError:
    """A value YAML could read but not build (``reviewed: 2026-02-30``), named with its line."""
    import datetime as dt

    for m in DATE_RE.finditer(source):
        try:
            y, mo, d = (int(x) for x in m.group("date").split("-"))
            dt.date(y, mo, d)
        except ValueError:
            return ContentError(path, f"'{m.group('key')}' is not a real date: {m.group('date')} ({exc}); "
                                "write a date that exists, like 2026-02-28", _line(source, m.start()) + first_line - 1)
    return ContentError(path, f"front matter has a value that cannot be read: {exc}", first_line)


# ---------------------------------------------------------------------------------------- front matter
#: Every front matter key a page may use.
ALLOWED_KEYS = ("title", "description", "reviewed", "synonyms", "related", "reading", "prose", "print",
                "source_hash", "source_commit", "untranslated", "search")
#: Markup in text: a tag or a comment, or a character reference such as ``&lt;`` or ``&#60;``.
MARKUP_RE = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def check_meta_text(path: Path, meta: dict[str, Any], lines: dict[str, int]) -> list[ContentError]:
    errors = []
    for key in meta:
        if key not in ALLOWED_KEYS:
            errors.append(ContentError(path, f"unknown front matter key '{key}'; use only "
                                       + ", ".join(ALLOWED_KEYS), lines.get(str(key), 2)))
    search = meta.get("search")
    if "search" in meta and not (isinstance(search, dict) and set(search) == {"exclude"}
                                 and isinstance(search["exclude"], bool)):
        errors.append(ContentError(path, "'search' may only be 'search: {exclude: true}' (Material's search "
                                   "exclusion)", lines.get("search", 2)))
    for key in ("title", "description", "synonyms", "reading"):
        values = meta.get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and MARKUP_RE.search(value):
                errors.append(ContentError(path, f"'{key}' must be plain text, without HTML tags or entities "
                                           "such as &amp;; write the characters themselves", lines.get(key, 2)))
                break
    return errors


# ---------------------------------------------------------------------------------------- markers
#: The build's own markers, and the pages (without language suffix) that may use each; None: any
#: page that is not a glossary term.
MARKERS: dict[str, tuple[str, ...] | None] = {
    "diagram": None,
    "regulators": None,
    "glossary-index": ("glossary/index.md",),
    "downloads": ("downloads.md",),
    "translation-status": ("translation-status.md",),
    "glossary-backlinks": (),
    "pdf-size": (),
}
MARKER_RE = re.compile(r"<!--\s*(?P<name>diagram|regulators|glossary-index|downloads|translation-status|"
                       r"glossary-backlinks|pdf-size)\b[^>]*?-->", re.I)
FENCE_RE = re.compile(r"^[ \t]*(```+|~~~+)\s*(?P<info>[\w-]*)")
#: An admonition whose quoted title holds an escaped quote: Markdown shows the backslash to the reader.
ESCAPED_TITLE_RE = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*\s+".*\\"')


def check_body(path: Path, base: str, body: str, first_line: int) -> list[ContentError]:
    """Markers in the right pages, alone on their line and outside code; no mermaid diagrams."""
    errors: list[ContentError] = []
    fence: str | None = None
    is_term = base.startswith("glossary/") and base != "glossary/index.md"
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        f = FENCE_RE.match(line)
        if f:
            if fence is None:
                fence = f.group(1)
                if f.group("info").lower() == "mermaid":
                    errors.append(ContentError(path, "mermaid diagrams would load a script from another site; "
                                               "draw the diagram as an SVG in overrides/diagrams/ and use "
                                               "'<!-- diagram: name -->'", number))
            elif f.group(1).startswith(fence[0]) and len(f.group(1)) >= len(fence):
                fence = None
            continue
        if fence is None and ESCAPED_TITLE_RE.match(line):
            errors.append(ContentError(path, "the box title has an escaped quote (\\\"), which readers would see "
                                       "as a backslash; use typographic quotes such as \u201c \u201d or \u00ab \u00bb",
                                       number))
        for m in MARKER_RE.finditer(line):
            name = m.group("name").lower()
            allowed = MARKERS[name]
            if fence is not None or line.startswith(("    ", "\t")) or "`" in line:
                errors.append(ContentError(path, f"the build's marker '{m.group()}' is inside code; "
                                           "write it differently (it is reserved for the build)", number))
            elif (allowed is None and is_term) or (allowed is not None and base not in allowed):
                errors.append(ContentError(path, f"the marker '{m.group()}' is not meant for this page; "
                                           "remove it", number))
            elif line.strip() != m.group():
                errors.append(ContentError(path, f"the marker '{m.group()}' must be alone on its line", number))
    return errors


# ---------------------------------------------------------------------------------------- HTML
#: Elements a page's HTML may hold (what Markdown and the configured extensions make, and the
#: raw <div class="..." markdown> blocks the pages use).
ALLOWED_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark",
    "small", "sub", "sup", "code", "kbd", "pre", "blockquote", "ul", "ol", "li", "hr", "br", "img", "table",
    "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "div", "span", "dl", "dt", "dd",
    "abbr", "details", "summary", "input", "label", "figure", "figcaption", "time", "q", "cite", "bdi",
})
GLOBAL_ATTRS = frozenset({"id", "class", "title", "lang", "dir", "role"})
TAG_ATTRS = {
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "disabled", "checked"},
    "details": {"open"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "q": {"cite"},
    "abbr": {"title"},
}
REFUSED_HINTS = {
    "script": "the site allows no scripts from pages",
    "style": "styles belong in docs/assets/handout.css",
    "iframe": "link to the page instead",
    "object": "link to the file instead",
    "embed": "link to the file instead",
    "form": "the handout collects nothing; link to the service instead",
    "meta": "the build writes the page's meta tags; use the front matter",
    "link": "the build links the stylesheets; write a Markdown link for readers",
    "base": "remove it",
    "svg": "put the drawing in overrides/diagrams/ and use '<!-- diagram: name -->'",
    "video": "link to the video instead",
    "audio": "link to the recording instead",
}
HREF_SCHEMES = ("http", "https", "mailto", "tel")
#: What a browser strips from a URL before reading its scheme.
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def _url_problem(attr: str, value: str) -> str | None:
    clean = URL_NOISE.sub("", value).lower()
    parts = urlsplit(clean)
    if attr == "href":
        if parts.scheme and parts.scheme not in HREF_SCHEMES:
            return f"a '{parts.scheme}:' link; link to a web page (https://...) or another page of the handout"
        return None
    if parts.scheme or clean.startswith("//"):
        return "an image or media file from another site; copy the file into docs/assets/ and use its path"
    return None


def _find_line(raw: str, needles: Iterable[str], first_line: int) -> int:
    low = raw.lower()
    for needle in needles:
        if needle:
            i = low.find(needle.lower())
            if i >= 0:
                return _line(raw, i) + first_line - 1
    return first_line


def check_html(html: str, path: Path, raw: str, body_line: int = 1) -> list[ContentError]:
    """A page's HTML after Markdown, before the build adds its own fragments, against the allow-list.

    ``raw`` is the page's Markdown body (starting at line ``body_line``): each problem is named with the first line of the source that
    shows it (the tag, the attribute or the address)."""
    return check_soup(BeautifulSoup(html, "html.parser"), path, raw, body_line)


def check_soup(soup: BeautifulSoup, path: Path, raw: str, body_line: int = 1) -> list[ContentError]:
    """``check_html`` on HTML already parsed (html.parser), so that the build parses each page once.

    Only reads ``soup``; the caller may go on to change it."""
    errors: list[ContentError] = []

    def refuse(needles: Iterable[str], message: str) -> None:
        errors.append(ContentError(path, message, _find_line(raw, needles, body_line)))

    for el in soup.find_all(True):
        assert isinstance(el, Tag)
        name = el.name.lower()
        if name not in ALLOWED_TAGS:
            hint = REFUSED_HINTS.get(name, "use Markdown, or one of the elements listed in TRANSLATING.md")
            refuse([f"<{name}"], f"has a <{name}> element, which the handout does not allow; {hint}")
            continue
        classes: list[str] = list(el.get("class") or [])
        if any("mermaid" in c.lower() for c in classes):
            refuse(["mermaid"], "mermaid diagrams would load a script from another site; draw the diagram as an "
                   "SVG in overrides/diagrams/ and use '<!-- diagram: name -->'")
        allowed = GLOBAL_ATTRS | TAG_ATTRS.get(name, set())
        for attr, value in el.attrs.items():
            attr = attr.lower()
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.startswith("on"):
                refuse([attr], f"has an event handler '{attr}' on <{name}>; pages may not run scripts, remove it")
            elif attr.startswith("aria-"):
                continue
            elif attr == "style":
                refuse(["style=", ":-", "-:"], f"has a 'style' attribute on <{name}> (also made by a table column "
                       "aligned with ':'); styles belong in docs/assets/handout.css, remove it")
            elif attr not in allowed:
                refuse([f"{attr}=", attr], f"has the attribute '{attr}' on <{name}>, which the handout does not "
                       "allow; remove it")
            elif attr in ("href", "src", "cite"):
                problem = _url_problem("href" if attr != "src" else "src", text)
                if problem:
                    refuse([text, text[:20], attr], f"has {problem}")
            elif name == "input" and attr == "type" and text.lower() != "checkbox":
                refuse(["<input"], "has an <input> other than a checklist box; use '- [ ]' for a checklist")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        if re.search(r"<\s*script|\[if", str(comment), re.I):
            refuse([str(comment)[:30]], "has a conditional or scripted HTML comment; remove it")
    # A browser reads "<![CDATA[" in HTML as a comment that ends at the first ">", so what follows
    # (a script, say) would be live markup although the parser here saw text.
    for node in soup.find_all(string=lambda s: isinstance(s, (CData, Declaration, ProcessingInstruction))):
        refuse(["<![CDATA[", "<!", "<?"], "has a CDATA section, declaration or processing instruction, which "
               "browsers read differently; write the text itself")
    return errors


# ---------------------------------------------------------------------------------------- catalogs
def check_catalog_markup(catalog: Any, path: Path) -> list[ContentError]:
    """A translated interface string is text: no tags, comments or character references."""
    errors = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for text in strings:
            if text and MARKUP_RE.search(text):
                errors.append(ContentError(path, f"the translation of '{message.id if isinstance(message.id, str) else message.id[0]}' "
                                           "contains HTML markup or an entity; write plain text (the site "
                                           "escapes it)", message.lineno))
                break
    return errors
