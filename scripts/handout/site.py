"""What the MkDocs hooks do, kept here so it is typed, tested and reusable.

mkdocs-static-i18n builds the default language first and then every other language in the same
process, one after another. ``HandoutSite`` keeps what must survive between those builds.
"""

from __future__ import annotations

import datetime as dt
import gettext
import html
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.dates import format_date

from . import catalogs, diagrams, glossary
from .content import Page, Tree, check_tree, load_tree, raise_for, source_hash
from .errors import ContentError
from .project import ROOT, Language, languages

GLOSSARY_INDEX_MARKER = "<!-- glossary-index -->"
DOWNLOADS_MARKER = "<!-- downloads -->"
STATUS_MARKER = "<!-- translation-status -->"
BACKLINKS_MARKER = "<!-- glossary-backlinks -->"
#: Replaced by ``handout build`` with the PDF's size once the PDFs exist.
PDF_SIZE_MARKER = "<!--pdf-size:{name}-->"
#: Material's language switcher fetches sitemap.xml below every hreflang URL, which 404s on
#: every page (mkdocs-static-i18n already links each language to the same page). We keep the
#: hreflang links for search engines and stop the script from selecting them.
ALTERNATE_SELECTOR = 'M("link[rel=alternate]")'
ALTERNATE_SELECTOR_FIX = 'M("link[rel=alternate]:not([hreflang])")'


def pdf_name(lang: str, paper: str = "a4") -> str:
    return f"handout-{lang}-{paper}.pdf"


def keypoints_name(lang: str) -> str:
    return f"key-points-{lang}.pdf"


@dataclass
class LanguageBuild:
    lang: Language
    translations: gettext.NullTranslations
    terms: dict[str, glossary.Term]
    matcher: glossary.Matcher
    backlinks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # slug -> [(url, title)]


class HandoutSite:
    """State and behaviour shared by the hooks of every language build."""

    def __init__(self, root: Path = ROOT) -> None:
        self.root = root
        self.tree: Tree | None = None
        self.current: LanguageBuild | None = None
        self.search_docs: dict[str, list[dict[str, Any]]] = {}
        self.search_config: dict[str, dict[str, Any]] = {}
        self.today = dt.date.today()
        self.saved_404: str | None = None
        #: The language built at the site root (mkdocs-static-i18n's default; differs in previews).
        self.root_language: str | None = None

    # ------------------------------------------------------------------ config
    def validate(self, only: set[str] | None = None) -> Tree:
        """Check the content of the languages being built (all of them unless ``only`` is given)."""
        tree = load_tree(self.root)
        errors = [e for e in check_tree(tree, self.today)
                  if only is None or not any(f"language '{c}' is configured" in e.message
                                             for c in {lg.code for lg in tree.langs} - only)]
        for lang in tree.langs:
            if only is not None and lang.code not in only:
                continue
            try:
                glossary.terms_for(tree, lang.code, fallback=False)
            except ContentError as exc:
                errors.append(exc)
            if not lang.default:
                path = catalogs.po_path(lang, self.root)
                if not path.exists():
                    errors.append(
                        ContentError(path, f"catalog for '{lang.code}' is missing; run 'make i18n-update'")
                    )
                    continue
                try:
                    cat = catalogs.load_catalog(path, lang.catalog_code)
                    errors.extend(catalogs.check_placeholders(cat, path))
                except ContentError as exc:
                    errors.append(exc)
        raise_for(errors)
        self.tree = tree
        return tree

    def preview_shadowed(self, files: list[Any], only: str) -> list[Any]:
        """English pages that a one-language preview of ``only`` must not use (a translation exists)."""
        from .content import split_name

        langs = languages(self.root)
        if only == langs[0].code:
            return []
        codes = {lg.code for lg in langs}
        present = {str(f.src_uri) for f in files}
        out = []
        for f in files:
            uri = str(f.src_uri)
            if not uri.endswith(".md"):
                continue
            _, lang, unknown = split_name(uri, codes)
            if lang is None and unknown is None and f"{uri[:-3]}.{only}.md" in present:
                out.append(f)
        return out

    def start_language(self, code: str) -> LanguageBuild:
        tree = self.tree or self.validate()
        lang = next(lg for lg in tree.langs if lg.code == code)
        terms = glossary.terms_for(tree, code, fallback=False)
        self.current = LanguageBuild(
            lang=lang,
            translations=catalogs.translations(lang, self.root),
            terms=terms,
            matcher=glossary.Matcher(terms.values(), code),
        )
        return self.current

    @property
    def prefix(self) -> str:
        """URL prefix of the current language's pages in this build."""
        assert self.current is not None
        code = self.current.lang.code
        root = self.root_language or (self.tree.default if self.tree else code)
        return "" if code == root else f"{code}/"

    def gettext(self, message: str) -> str:
        return self.current.translations.gettext(message) if self.current else message

    # ------------------------------------------------------------------ pages
    def page_source(self, src_uri: str) -> tuple[str, Page | None, Page | None]:
        """(base path, the page used for this language, the English page)."""
        assert self.tree is not None and self.current is not None
        from .content import split_name

        codes = {lg.code for lg in self.tree.langs}
        base, _, _ = split_name(src_uri, codes)
        by_lang = self.tree.pages.get(base, {})
        return base, by_lang.get(self.current.lang.code), by_lang.get(self.tree.default)

    def page_content(self, content: str, src_uri: str, page_url: str, page_title: str) -> str:
        """Diagrams, generated sections and glossary links of one page's HTML."""
        assert self.current is not None
        cur = self.current
        base, own, english = self.page_source(src_uri)
        is_term = base.startswith("glossary/") and base != "glossary/index.md"
        page_dir = page_url

        def url_for(term: glossary.Term) -> str:
            return relative_url(f"{self.prefix}glossary/{term.slug}/", page_dir)

        if GLOSSARY_INDEX_MARKER in content:
            content = content.replace(
                GLOSSARY_INDEX_MARKER, glossary.index_html(cur.terms.values(), cur.lang.code, url_for)
            )
        if DOWNLOADS_MARKER in content:
            content = content.replace(DOWNLOADS_MARKER, self.downloads_html(page_dir))
        if STATUS_MARKER in content:
            from .status import status_html

            content = content.replace(STATUS_MARKER, status_html(self.root, self.gettext))
        if "task-list-item" in content:
            content = label_checkboxes(content)
        slug = Path(base).stem if is_term else None
        if slug in cur.terms:
            # The short definition (also the tooltip) leads the term's page, under its heading.
            lead = f'<p class="glossary-definition">{html.escape(cur.terms[slug].definition)}</p>'
            content = re.sub(r"(</h1>)", lambda m: m.group(1) + lead, content, count=1)
        content, linked = glossary.link_terms(content, cur.matcher, url_for, exclude=slug)
        if not base.startswith("glossary/"):
            for s in linked:
                cur.backlinks.setdefault(s, []).append((page_url, page_title))
        if is_term and slug in cur.terms:
            content += self.related_html(cur.terms[slug], url_for)
        # Diagrams go in last, so that their SVG never passes through the HTML parser above.
        env = diagrams.environment(cur.translations, self.root)
        source = own or english
        return diagrams.replace_markers(
            content, env, rtl=cur.lang.rtl, lang=cur.lang.code,
            page=source.path if source else Path(src_uri), root=self.root,
        )

    def related_html(self, term: glossary.Term, url_for: Any) -> str:
        assert self.current is not None
        _ = self.gettext
        items = []
        for rel in term.related:
            other = self.current.terms.get(rel)
            if other:
                items.append(f'<li><a href="{html.escape(url_for(other))}">{html.escape(other.title)}</a></li>')
        related_title = html.escape(_("Related terms"))
        where_title = html.escape(_("Where this term appears"))
        out = ""
        if items:
            out += f'<h2 id="related-terms">{related_title}</h2>\n<ul>{"".join(items)}</ul>\n'
        out += f'<h2 id="where-this-term-appears">{where_title}</h2>\n'
        out += BACKLINKS_MARKER
        return out

    def fill_backlinks(self, content: str, src_uri: str, page_url: str) -> str:
        if BACKLINKS_MARKER not in content or self.current is None:
            return content
        slug = Path(src_uri).name.split(".")[0]
        links = self.current.backlinks.get(slug, [])
        if links:
            items = "".join(
                f'<li><a href="{html.escape(relative_url(url, page_url))}">'
                f"{html.escape(title)}</a></li>"
                for url, title in links
            )
            block = f'<ul class="glossary-backlinks">{items}</ul>'
        else:
            unused = self.gettext("This term is not used on the article pages.")
            block = f"<p>{html.escape(unused)}</p>"
        return content.replace(BACKLINKS_MARKER, block)

    def downloads_html(self, page_dir: str) -> str:
        assert self.tree is not None and self.current is not None
        _ = self.gettext
        rows = []
        for lang in self.tree.langs:
            links = []
            for name, label in (
                (pdf_name(lang.code, "a4"), _("Full handout, A4")),
                (pdf_name(lang.code, "letter"), _("Full handout, US Letter")),
                (keypoints_name(lang.code), _("Key points, one page")),
            ):
                href = relative_url(f"downloads/{name}", page_dir)
                links.append(
                    f'<li><a href="{href}" download hreflang="{lang.code}" type="application/pdf">'
                    f'{html.escape(label)}</a> <span class="pdf-size">{PDF_SIZE_MARKER.format(name=name)}</span></li>'
                )
            rows.append(
                f'<h2 id="lang-{lang.code}" lang="{lang.code}" dir="{"rtl" if lang.rtl else "ltr"}">'
                f"{html.escape(lang.name)}</h2>\n<ul>{''.join(links)}</ul>"
            )
        return "\n".join(rows)

    def page_context(self, src_uri: str, file_locale: str | None, page_url: str, meta: dict[str, Any]) -> dict[str, Any]:
        """Values for our templates: review date, notices, PDF link."""
        assert self.current is not None and self.tree is not None
        cur = self.current
        base, own, english = self.page_source(src_uri)
        babel_locale = cur.lang.babel
        reviewed = meta.get("reviewed")
        ctx: dict[str, Any] = {
            "reviewed": format_date(reviewed, format="long", locale=babel_locale)
            if isinstance(reviewed, dt.date)
            else None,
            "reviewed_iso": reviewed.isoformat() if isinstance(reviewed, dt.date) else None,
            "notice": None,
            "english_url": relative_url(page_url, page_url, own_prefix=self.prefix, target_prefix=""),
            "pdf_url": relative_url(f"downloads/{pdf_name(cur.lang.code)}", page_url),
            "pdf_size": PDF_SIZE_MARKER.format(name=pdf_name(cur.lang.code)),
            "rtl": cur.lang.rtl,
        }
        if not cur.lang.default and english is not None:
            if own is None or own.meta.get("untranslated"):
                ctx["notice"] = "untranslated"
            elif own.meta.get("source_hash") != source_hash(english):
                ctx["notice"] = "outdated"
        return ctx

    # ------------------------------------------------------------------ output
    def post_page(self, output: str, page_url: str, site_url: str, alternates: dict[str, str]) -> str:
        """Search base per language, hreflang links with x-default, language names marked up."""
        assert self.current is not None
        prefix = self.prefix

        def fix_config(m: re.Match[str]) -> str:
            data = json.loads(m.group(2))
            if prefix:
                data["base"] = posixpath.normpath(posixpath.join(data.get("base", "."), prefix)) + "/"
            return m.group(1) + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + m.group(3)

        output = re.sub(
            r'(<script id="__config" type="application/json">)(.*?)(</script>)', fix_config, output, flags=re.S
        )
        # Material writes the base language ("pt") for regional locales ("pt-BR"): use the full code.
        output = re.sub(r'<html lang="[^"]*"', f'<html lang="{self.current.lang.code}"', output, count=1)
        # The search box opens as a dialog: give it the name of its input ("Search", translated).
        label = re.search(r'<input[^>]*class="md-search__input"[^>]*aria-label="([^"]*)"', output)
        if label:
            output = output.replace(
                'class="md-search" data-md-component="search" role="dialog"',
                f'class="md-search" data-md-component="search" role="dialog" aria-label="{label.group(1)}"', 1,
            )
        output = re.sub(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">', "", output)
        if alternates:
            base = site_url.rstrip("/") + "/"
            links = [
                f'<link rel="alternate" hreflang="{code}" href="{html.escape(base + _clean(url))}">'
                for code, url in sorted(alternates.items())
            ]
            default = next((lg.code for lg in languages(self.root) if lg.default), "en")
            if default in alternates:
                links.append(
                    f'<link rel="alternate" hreflang="x-default" '
                    f'href="{html.escape(base + _clean(alternates[default]))}">'
                )
            output = output.replace("</head>", "\n".join(links) + "\n</head>", 1)
        return compact_html(defer_bundle(output))

    def not_found_blocks(self, base_url: str) -> str:
        """The 404 message in every non-default language, each marked with its language."""
        assert self.tree is not None
        blocks = []
        for lang in self.tree.langs:
            if lang.default:
                continue
            tr = catalogs.translations(lang, self.root)
            heading = html.escape(tr.gettext("Page not found"))
            text = html.escape(tr.gettext("Sorry, we cannot find this page. It may have moved."))
            home = html.escape(tr.gettext("Go to the start of the handout"))
            direction = "rtl" if lang.rtl else "ltr"
            blocks.append(
                f'<section class="not-found" lang="{lang.code}" dir="{direction}">'
                f"<h2>{heading}</h2><p>{text} "
                f'<a href="{html.escape(base_url.rstrip("/"))}/{lang.prefix}">{home}</a></p></section>'
            )
        return "\n".join(blocks)

    def code_prefix(self, code: str) -> str:
        root = self.root_language or (self.tree.default if self.tree else code)
        return "" if code == root else f"{code}/"

    def record_search(self, code: str, entries: list[dict[str, Any]], config: dict[str, Any]) -> None:
        prefix = self.code_prefix(code)
        docs = []
        for entry in entries:
            entry = dict(entry)
            loc = str(entry.get("location", ""))
            if prefix and loc.startswith(prefix):
                entry["location"] = loc[len(prefix):]
            docs.append(entry)
        self.search_docs[code] = docs
        self.search_config[code] = config

    def write_search(self, site_dir: Path, code: str) -> Path:
        prefix = self.code_prefix(code)
        path = site_dir / prefix / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"config": self.search_config[code], "docs": self.search_docs[code]}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return path


def label_checkboxes(content: str) -> str:
    """Make each checklist item one label with its checkbox, so it can be ticked and is announced."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(content, "html.parser")
    for li in soup.select("li.task-list-item"):
        box = li.find("input", attrs={"type": "checkbox"})
        if box is None or box.find_parent("label") is not None:
            continue
        del box["disabled"]
        label = soup.new_tag("label")
        for child in list(li.contents):
            label.append(child.extract())
        li.append(label)
    return str(soup)


def defer_bundle(output: str) -> str:
    """Let the browser paint the text before Material's script runs (Lighthouse: TBT and LCP on a
    slow phone); a deferred script still runs before DOMContentLoaded, as Material expects."""
    return re.sub(r'<script src="([^"]*/bundle\.[0-9a-f]+\.min\.js)"></script>',
                  r'<script src="\1" defer></script>', output, count=1)


PRESERVE_RE = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S | re.I)


def compact_html(text: str) -> str:
    """Drop indentation and blank lines (not inside <pre> or <textarea>): fewer bytes on slow networks."""
    parts = PRESERVE_RE.split(text)
    out = []
    for i, part in enumerate(parts):
        kind = i % 3
        if kind == 0:
            part = re.sub(r"\n[ \t]+", "\n", part)
            part = re.sub(r"\n{2,}", "\n", part)
            out.append(part)
        elif kind == 1:
            out.append(part)
    return "".join(out)


def _clean(url: str) -> str:
    url = url.lstrip("/")
    return "" if url in (".", "./") else url


def relative_url(target: str, page_url: str, *, own_prefix: str = "", target_prefix: str | None = None) -> str:
    """A link from the page at ``page_url`` (relative to the site root) to ``target``.

    ``target`` is relative to the site root unless ``target_prefix`` is given, in which case the
    page's own language prefix is swapped for it (used to link a translation to its English page).
    """
    if target_prefix is not None and own_prefix and target.startswith(own_prefix):
        target = target_prefix + target[len(own_prefix):]
    start = page_url if (page_url.endswith("/") or not page_url) else posixpath.dirname(page_url)
    rel = posixpath.relpath("/" + target, "/" + start)
    if (target.endswith("/") or not target) and not rel.endswith("/"):
        rel += "/"
    return rel


def patch_material_bundle(site_dir: Path) -> bool:
    """Stop Material's script from fetching a sitemap below every hreflang URL (404s)."""
    patched = False
    for bundle in (site_dir / "assets" / "javascripts").glob("bundle.*.min.js"):
        text = bundle.read_text(encoding="utf-8")
        if ALTERNATE_SELECTOR_FIX in text:
            patched = True
        elif ALTERNATE_SELECTOR in text:
            bundle.write_text(text.replace(ALTERNATE_SELECTOR, ALTERNATE_SELECTOR_FIX), encoding="utf-8")
            patched = True
    return patched


def site_path(site_url: str) -> str:
    return urlsplit(site_url).path or "/"


def env_flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false", "no")


_SHARED: HandoutSite | None = None


def shared_site() -> HandoutSite:
    """The one HandoutSite of this process, shared by every hook module."""
    global _SHARED
    if _SHARED is None:
        _SHARED = HandoutSite(Path(os.environ.get("HANDOUT_ROOT", str(ROOT))))
    return _SHARED
