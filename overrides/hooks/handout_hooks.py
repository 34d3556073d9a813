"""MkDocs hooks of the handout. The work is done by the `handout` package (scripts/handout/site.py)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from handout.errors import ContentError, ContentErrors
from handout.project import Language
from handout.site import shared_site

log = logging.getLogger("mkdocs.hooks.handout")
logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba announces its dictionary on stderr
SITE = shared_site()


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


def _current_code(config: MkDocsConfig) -> str:
    plugin = _i18n(config)
    if plugin is not None and plugin.current_language:
        return str(plugin.current_language)
    if plugin is not None:
        return str(plugin.default_language)
    return "en"


def _fail(exc: Exception) -> PluginError:
    if isinstance(exc, ContentErrors):
        return PluginError("the handout has errors:\n" + "\n".join(f"  {e}" for e in exc.errors))
    return PluginError(f"the handout has an error:\n  {exc}")


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Before mkdocs-static-i18n: check the content, name languages from CLDR, set up search."""
    plugin = _i18n(config)
    first = plugin is None or not plugin.building
    if first:
        SITE.root = Path(config.config_file_path).parent
        built = None
        if plugin is not None:
            built = {lg.locale for lg in plugin.config.languages if lg.build}
            SITE.root_language = str(plugin.default_language)
        try:
            SITE.validate(built)
        except (ContentError, ContentErrors) as exc:
            raise _fail(exc) from exc
        if plugin is not None:
            for lang_cfg in plugin.config.languages:
                lang_cfg.name = Language(lang_cfg.locale).name
    code = _current_code(config)
    try:
        SITE.start_language(code)
    except (ContentError, ContentErrors) as exc:
        raise _fail(exc) from exc
    lang = SITE.current.lang if SITE.current else Language(code)
    # Material's language partial gives each language's word separator and search pipeline.
    config.theme["language"] = code
    search = config.plugins.get("search") or config.plugins.get("material/search")
    if search is not None:
        search.config.lang = [lang.lunr]
        search.config.separator = search._translate(config, "search.config.separator")
        search.config.pipeline = [
            p.strip() for p in search._translate(config, "search.config.pipeline").split(",") if p.strip()
        ]
    return config


@event_priority(-90)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Before mkdocs-static-i18n sorts the files by language.

    The diagram templates and catalogs in overrides/ are sources, not files to publish. When only one
    language is previewed (``build_only_locale``), the plugin takes that language as the default one
    and would let the English ``page.md`` win over ``page.es.md``: drop English pages that have a
    translation, so the preview shows the translation (and English only where it is missing).
    """
    custom = Path(config.theme.custom_dir or "").resolve()
    for file in list(files):
        src = Path(file.abs_src_path or "").resolve()
        if custom in src.parents and src.relative_to(custom).parts[0] in ("diagrams", "locales", "hooks"):
            files.remove(file)
    plugin = _i18n(config)
    only = str(plugin.config.build_only_locale or "") if plugin is not None else ""
    if only:
        for file in SITE.preview_shadowed(list(files), only):
            files.remove(file)
    return files


@event_priority(-110)
def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    config.site_name = SITE.gettext("Stem-cell therapy for hair loss")
    config.site_description = SITE.gettext(
        "A plain-language patient handout on stem-cell therapy for hair loss, what is proven and what is not."
    )
    config.copyright = SITE.gettext("Written for patients. Not medical advice. Free to share.")
    return nav


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    env.add_extension("jinja2.ext.i18n")
    translations = SITE.current.translations if SITE.current else None
    if translations is not None:
        env.install_gettext_translations(translations, newstyle=True)
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return SITE.page_content(html, page.file.src_uri, page.url, page.title or "")
    except (ContentError, ContentErrors) as exc:
        raise _fail(exc) from exc


@event_priority(50)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """Before the search plugin reads the page: fill in backlinks, add our template values."""
    page.content = SITE.fill_backlinks(page.content or "", page.file.src_uri, page.url)
    context["handout"] = SITE.page_context(
        page.file.src_uri, getattr(page.file, "locale", None), page.url, page.meta
    )
    return context


@event_priority(-110)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    alternates: dict[str, str] = {}
    for code, alt in (getattr(page.file, "alternates", None) or {}).items():
        alternates[code] = alt.url
    if not alternates:
        alternates[_current_code(config)] = page.url
    return SITE.post_page(output, page.url, config.site_url or "/", alternates)


@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    """After each language: write that language's own search index. After all: fix shared files."""
    code = _current_code(config)
    search = config.plugins.get("search") or config.plugins.get("material/search")
    if search is not None and hasattr(search, "search_index"):
        cfg = {k: search.search_index.config[k] for k in ("lang", "separator", "pipeline", "fields")}
        SITE.record_search(code, list(search.search_index.entries), cfg)
        SITE.write_search(Path(config.site_dir), code)
    plugin = _i18n(config)
    not_found = Path(config.site_dir) / "404.html"
    if (plugin is None or not plugin.building) and not_found.exists():
        # Every language build writes the same 404.html; keep the default language's.
        SITE.saved_404 = not_found.read_text(encoding="utf-8")
