"""What a build knows once: the content tree, the languages, the glossaries, the templates.

mkdocs-static-i18n builds the root language first and then every other language in the same process;
the plugin makes one ``BuildFacts`` when the first of those builds starts and keeps it to the end.
Everything per language (catalog, glossary matcher, Jinja environment) is made once, when that
language's build starts.
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from . import catalogs, diagrams, glossary, regulators, status, templates, urls
from .checks import check_build
from .content import Page, Tree, load_tree, split_name
from .project import Language


@dataclass
class LanguageFacts:
    lang: Language
    prefix: str  # "" at the site root, else "es/"
    translations: gettext.NullTranslations
    terms: dict[str, glossary.Term]
    matcher: glossary.Matcher
    env: Environment
    backlinks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # slug -> [(url, title)]
    diagrams: dict[str, str] = field(default_factory=dict)  # name -> the figure, rendered once
    dates: dict[dt.date, str] = field(default_factory=dict)  # review date -> written out, once


@dataclass
class BuildFacts:
    root: Path
    tree: Tree
    root_language: str
    regulators: dict[str, list[regulators.Regulator]]
    _languages: dict[str, LanguageFacts] = field(default_factory=dict)
    _status: list[status.LangStatus] | None = None
    _envs: dict[str, tuple[gettext.NullTranslations, Environment]] = field(default_factory=dict)
    _diagram_names: list[str] | None = None
    _sources: dict[tuple[str, str], tuple[str, Page | None, Page | None]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path, built: set[str] | None, root_language: str | None = None,
             today: dt.date | None = None) -> BuildFacts:
        """Read and check the content once; raises ContentErrors naming every problem."""
        tree = load_tree(root)
        return cls(root, tree, root_language or tree.default, check_build(tree, root, built, today))

    @property
    def codes(self) -> set[str]:
        return {lg.code for lg in self.tree.langs}

    def prefix(self, code: str) -> str:
        return urls.language_prefix(code, self.root_language)

    def env(self, lang: Language) -> Environment:
        """The project's template environment for a language (also used for the 404 blocks)."""
        return self._catalog(lang)[1]

    def _catalog(self, lang: Language) -> tuple[gettext.NullTranslations, Environment]:
        if lang.code not in self._envs:
            translations = catalogs.translations(lang, self.root)
            self._envs[lang.code] = (translations, templates.environment(translations, self.root))
        return self._envs[lang.code]

    def language(self, code: str) -> LanguageFacts:
        if code not in self._languages:
            lang = next(lg for lg in self.tree.langs if lg.code == code)
            terms = glossary.terms_for(self.tree, code)
            translations, env = self._catalog(lang)
            self._languages[code] = LanguageFacts(
                lang=lang,
                prefix=self.prefix(code),
                translations=translations,
                terms=terms,
                matcher=glossary.Matcher(terms.values(), code),
                env=env,
            )
        return self._languages[code]

    def diagram_names(self) -> list[str]:
        """The diagrams of overrides/diagrams/, listed once per build."""
        if self._diagram_names is None:
            self._diagram_names = diagrams.names(self.root)
        return self._diagram_names

    def status(self) -> list[status.LangStatus]:
        """The translation status of every language, computed once per build."""
        if self._status is None:
            self._status = status.collect(self.root, self.tree)
        return self._status

    def source(self, src_uri: str, code: str) -> tuple[str, Page | None, Page | None]:
        """(base path, the page of this language, the English page) for a file of the build."""
        key = (src_uri, code)
        if key not in self._sources:
            base, _, _ = split_name(src_uri, self.codes)
            by_lang = self.tree.pages.get(base, {})
            self._sources[key] = (base, by_lang.get(code), by_lang.get(self.tree.default))
        return self._sources[key]
