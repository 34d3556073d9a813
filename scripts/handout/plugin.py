"""The handout's MkDocs plugin: the only module that speaks to MkDocs, Material and mkdocs-static-i18n.

It stays thin: each event hands the work to a plain module (handout.checks, handout.pages,
handout.search, handout.templates, handout.pdf, ...). mkdocs-static-i18n builds the root language
and then, from its ``on_post_build`` (priority -100), every other language in the same process with
the same plugin instances: per-build facts are made once, when the first build's ``on_config`` runs.

Event order (priority: higher runs first; mkdocs-static-i18n uses -100 and 50, Material's search 0):

- on_config 100: first build only: apply the preview language, name the languages from CLDR, read
  and check the content once (handout.facts, handout.checks). Every build: the language's facts, the
  theme's language, and the search's language, word separator and pipeline, before Material's search
  plugin (priority 0) reads them.
- on_config -110: after mkdocs-static-i18n reset the config (-100): the site name in the language.
- on_files -90: drop overrides/ sources from the output; previews show the translation.
- on_env: the language's catalog for the theme's templates; compiled templates shared by all builds.
- on_page_content: generated sections, glossary links, checklists, diagrams (handout.pages).
- on_page_context 50: backlinks and template values, before the search plugin (0) indexes the page.
- on_template_context / on_post_template: the sitemap's x-default; the 404 page, written once (the
  root language's build).
- on_post_page: compact HTML; check that its Content-Security-Policy allows its inline scripts.
- on_post_build -50: each language's own search index (handout.search); -200: the root index again,
  after mkdocs-static-i18n merged every language into it at -100, and the smaller assets (handout.assets).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import assets, csp, pages, urls
from .errors import ContentError, ContentErrors
from .facts import BuildFacts, LanguageFacts
from .project import Language
from .search import SearchIndexes
from .search import words as search_words
from .templates import THEME_CACHE, json_script, render_macro

logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba announces its dictionary on stderr

#: Folders of overrides/ that are sources for the build, not files to publish.
SOURCE_FOLDERS = ("data", "diagrams", "locales", "pdf")


class HandoutConfig(Config):  # type: ignore[no-untyped-call]
    #: How many months a page may go without review before `make test` fails.
    review_interval_months = c.Type(int, default=12)
    #: Where readers report problems.
    feedback_url = c.Optional(c.Type(str))
    #: Build one language only, as the site's root language (`make serve LANG=es`).
    preview_language = c.Optional(c.Type(str))


def _fail(exc: Exception) -> PluginError:
    if isinstance(exc, ContentErrors):
        return PluginError("the handout has errors:\n" + "\n".join(f"  {e}" for e in exc.errors))
    return PluginError(f"the handout has an error:\n  {exc}")


class HandoutPlugin(BasePlugin[HandoutConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        super().__init__()
        self.facts: BuildFacts | None = None
        self.current: LanguageFacts | None = None
        self.search = SearchIndexes()
        self.search_words: dict[str, tuple[str, list[str]]] = {}
        self.theme_env: Environment | None = None

    # ------------------------------------------------------------------ mkdocs-static-i18n
    @staticmethod
    def _i18n(config: MkDocsConfig) -> Any:
        return config.plugins.get("i18n")

    def _outer(self, config: MkDocsConfig) -> bool:
        """True in the first (root language) build, False in the builds mkdocs-static-i18n starts."""
        plugin = self._i18n(config)
        return plugin is None or not plugin.building

    def _code(self, config: MkDocsConfig) -> str:
        plugin = self._i18n(config)
        if plugin is not None:
            return str(plugin.current_language or plugin.default_language)
        return self.facts.tree.default if self.facts else "en"

    def _apply_preview(self, config: MkDocsConfig) -> None:
        """Build only the preview language, at the root (what mkdocs-static-i18n's build_only_locale does)."""
        code = self.config.preview_language
        plugin = self._i18n(config)
        if not code or plugin is None:
            return
        known = [lg.locale for lg in plugin.config.languages]
        if code not in known:
            raise PluginError(f"preview_language '{code}' is not a language of the site; choose one of "
                              + ", ".join(known))
        plugin.config.build_only_locale = code
        for lang_cfg in plugin.config.languages:
            lang_cfg.default = lang_cfg.build = lang_cfg.locale == code

    # ------------------------------------------------------------------ config
    @event_priority(100)
    def _on_config_first(self, config: MkDocsConfig) -> MkDocsConfig:
        plugin = self._i18n(config)
        if self._outer(config):
            problem = urls.site_url_problem(str(config.site_url or ""))
            if problem:
                raise PluginError(f"site_url {config.site_url or ''!r} {problem}; set SITE_URL to an absolute http(s) "
                                  "URL without query or fragment, or leave it unset for the address in mkdocs.yml")
            self._apply_preview(config)
            built = None
            root_language = None
            if plugin is not None:
                built = {lg.locale for lg in plugin.config.languages if lg.build}
                root_language = str(plugin.default_language)
                for lang_cfg in plugin.config.languages:
                    lang_cfg.name = Language(lang_cfg.locale).name
            self.search = SearchIndexes()
            try:
                self.facts = BuildFacts.load(Path(config.config_file_path).parent, built, root_language)
            except (ContentError, ContentErrors) as exc:
                raise _fail(exc) from exc
        assert self.facts is not None
        code = self._code(config)
        try:
            self.current = self.facts.language(code)
        except (ContentError, ContentErrors) as exc:
            raise _fail(exc) from exc
        config.theme["language"] = code
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:
            # Before Material's search plugin (priority 0) reads them: lunr.js gets the language's
            # stemmer, and the word separator and pipeline of Material's partial for the language.
            separator, pipeline = self._search_words(config, code)
            search.config.lang = [self.current.lang.lunr]
            search.config.separator = separator
            search.config.pipeline = pipeline
        return config

    def _search_words(self, config: MkDocsConfig, code: str) -> tuple[str, list[str]]:
        """The search's word separator and pipeline from the theme's language partial, read once per language."""
        if code not in self.search_words:
            if self.theme_env is None:
                self.theme_env = config.theme.get_env()
                self.theme_env.bytecode_cache = THEME_CACHE
            partial = self.theme_env.get_template("partials/language.html")
            t = partial.make_module({"config": {"theme": {"language": code}}}).t  # type: ignore[attr-defined]
            steps = [step.strip() for step in str(t("search.config.pipeline")).split(",")]
            self.search_words[code] = search_words(code, str(t("search.config.separator")), [step for step in steps if step])
        return self.search_words[code]

    @event_priority(-110)
    def _on_config_language(self, config: MkDocsConfig) -> MkDocsConfig:
        assert self.current is not None
        _ = self.current.translations.gettext
        config.site_name = _("Stem-cell therapy for hair loss")
        config.site_description = _(
            "A plain-language patient handout on stem-cell therapy for hair loss, what is proven and what is not."
        )
        config.copyright = _("Written for patients. Not medical advice. Free to share.")
        return config

    on_config = CombinedEvent(_on_config_first, _on_config_language)

    # ------------------------------------------------------------------ files and templates
    @event_priority(-90)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Before mkdocs-static-i18n sorts the files by language.

        The sources in overrides/ (data, diagrams, catalogs, PDF templates) are not published. In a
        one-language preview, mkdocs-static-i18n takes that language as the default one and would let
        the English ``page.md`` win over ``page.es.md``: drop English pages that have a translation.
        """
        custom = os.path.normpath(config.theme.custom_dir or "")
        sources = tuple(os.path.join(custom, folder) + os.sep for folder in SOURCE_FOLDERS)
        for file in list(files):
            if (file.abs_src_path or "").startswith(sources):
                files.remove(file)
        if self.config.preview_language and self.facts is not None:
            for file in self._shadowed(files, self.config.preview_language):
                files.remove(file)
        return files

    def _shadowed(self, files: Files, only: str) -> list[Any]:
        """English pages that a one-language preview must not use (a translation exists)."""
        assert self.facts is not None
        if only == self.facts.tree.default:
            return []
        present = {str(f.src_uri) for f in files}
        return [f for f in files
                if str(f.src_uri).endswith(".md") and f"{str(f.src_uri)[:-3]}.{only}.md" in present
                and self.facts.source(str(f.src_uri), only)[0] == str(f.src_uri)]

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.current is not None
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(self.current.translations, newstyle=True)  # type: ignore[attr-defined]
        # Every language build makes a new environment: compile the theme's templates once.
        env.bytecode_cache = THEME_CACHE
        env.filters["csp_policy"] = csp.policy
        env.filters["json_script"] = json_script
        return env

    # ------------------------------------------------------------------ pages
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.facts is not None and self.current is not None
        try:
            return pages.page_content(html, self.facts, self.current, page.file.src_uri, page.url, page.title or "")
        except (ContentError, ContentErrors) as exc:
            raise _fail(exc) from exc

    @event_priority(50)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """Before the search plugin reads the page: fill in backlinks, add our template values."""
        assert self.facts is not None and self.current is not None
        page.content = pages.fill_backlinks(page.content or "", self.current, page.file.src_uri, page.url)
        values = pages.page_context(self.facts, self.current, page.file.src_uri, page.url, dict(page.meta),
                                    str(context.get("base_url", "")), self.config.feedback_url)
        context["handout"] = values  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = pages.compact_html(output)
        problems = csp.check_page(output)
        if problems:
            raise PluginError(f"{page.file.src_uri}: " + "; ".join(problems))
        return output

    # ------------------------------------------------------------------ the 404 page
    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == "sitemap.xml" and self.facts is not None:
            context["handout_default_language"] = self.facts.tree.default  # type: ignore[typeddict-unknown-key]
        if template_name == "404.html" and self.facts is not None:
            base = urls.site_path(config.site_url or "/").rstrip("/")
            blocks = []
            for lang in self.facts.tree.langs:
                if lang.code == self.facts.root_language:
                    continue
                blocks.append(render_macro(self.facts.env(lang), "partials/handout/not-found.html", "block",
                                           lang.code, "rtl" if lang.rtl else "ltr",
                                           f"{base}/{self.facts.prefix(lang.code)}"))
            context["handout"] = {"not_found_blocks": Markup("\n".join(blocks))}  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Every language build renders 404.html at the site root: keep the root language's one
        (MkDocs skips a template whose output is empty)."""
        if template_name == "404.html" and not self._outer(config):
            return ""
        return output_content

    # ------------------------------------------------------------------ search
    @event_priority(-50)
    def _on_post_build_language(self, config: MkDocsConfig) -> None:
        """After each language: write that language's own search index."""
        assert self.current is not None
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        if index is not None:
            self.search.record(self.current.lang.code, self.current.prefix, list(index.entries), index.config)
            self.search.write(Path(config.site_dir), self.current.lang.code)

    @event_priority(-200)
    def _on_post_build_last(self, config: MkDocsConfig) -> None:
        """After mkdocs-static-i18n built every language and merged the root search index."""
        if self._outer(config):
            self.search.write_root(Path(config.site_dir))
            assets.write(Path(config.site_dir))

    on_post_build = CombinedEvent(_on_post_build_language, _on_post_build_last)
