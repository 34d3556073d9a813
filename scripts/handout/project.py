"""Where things are, and which languages the site has (read from mkdocs.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import get_global

ROOT = Path(__file__).resolve().parents[2]


@cache
def _scripts_of(language: str) -> frozenset[str]:
    """The scripts CLDR has locales for, for one language: ``{"Hans", "Hant"}`` for Chinese."""
    from babel.localedata import locale_identifiers

    scripts = (Locale.parse(ident).script for ident in locale_identifiers() if ident.split("_")[0] == language)
    return frozenset(script for script in scripts if script)


#: Languages searched without a lunr.js language (see Language.lunr): Material's worker would load
#: wordcut.js for hi and th, TinySegmenter for ja (segmented at build time instead, handout.search);
#: for ru, lunr.ru would only add a stop-word list, for 4.4 KiB the Russian index cannot spare.
NO_LUNR_LANGUAGES = frozenset({"hi", "th", "ja", "ru"})


@cache
def lunr_languages() -> frozenset[str]:
    """The languages Material ships a lunr.js stemmer for (``lunr/min/lunr.<code>.min.js``), and en."""
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    codes = {p.name.split(".")[1] for p in folder.glob("lunr.*.min.js")}
    return frozenset(codes - {"stemmer", "multi"} | {"en"})


@dataclass(frozen=True)
class Language:
    """A language of the site."""

    code: str  # as used in file suffixes and URLs: "pt-BR"
    default: bool = False

    @property
    def babel(self) -> Locale:
        return Locale.parse(self.code, sep="-")

    @property
    def catalog_code(self) -> str:
        """Locale folder name for gettext catalogs: ``pt_BR``."""
        return self.code.replace("-", "_")

    @property
    def name(self) -> str:
        """The language's own name from CLDR, capitalised for a menu: ``Español``.

        A language that CLDR knows in more than one script is named with its likely script, so a
        reader sees "中文 (简体)" (Simplified), not a bare "中文".
        """
        loc = self.babel
        if not loc.script and len(_scripts_of(loc.language)) > 1:
            likely = Locale.parse(str(get_global("likely_subtags").get(loc.language, loc.language)))
            loc = Locale(loc.language, territory=loc.territory, script=likely.script)
        name = loc.get_display_name(loc) or self.code
        return name[:1].upper() + name[1:]

    @property
    def rtl(self) -> bool:
        return self.babel.text_direction == "rtl"

    @property
    def lunr(self) -> str:
        """Language code of the lunr.js stemmer, or ``"en"`` (no stemmer: words split by the separator).

        Only a language Material ships ``lunr.<code>.min.js`` for gets one (Persian has none: asking
        for it would stop the search worker). Left out on purpose (NO_LUNR_LANGUAGES): Hindi and Thai,
        for which Material's worker loads ``wordcut.js`` (a Thai dictionary, 155 KiB gzip, three times
        the search budget) while lunr.hi's stemmer returns words unchanged (Material's prefix search
        finds कोशिकाओं from कोशिका without it); Japanese, segmented at build time by the same
        TinySegmenter Material's worker would load (handout.search.segment_japanese); and Russian:
        Material's pipeline for it keeps only lunr.ru's stop-word filter (a stemmed index would not
        match the prefix queries Material sends, "клетки*"), and the Russian index, the largest, needs
        the 4.4 KiB (gzip) that lunr.ru and its support file cost to stay within the search budget.
        """
        base = self.code.split("-")[0]
        return base if base in lunr_languages() - NO_LUNR_LANGUAGES else "en"

    @property
    def prefix(self) -> str:
        """URL prefix of the language's pages: ``""`` for the default language, else ``"es/"``."""
        return "" if self.default else f"{self.code}/"


def load_mkdocs_yml(root: Path = ROOT) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (its own loader: ``!ENV`` and ``!relative``), without validation."""
    from mkdocs.utils.yaml import yaml_load

    with open(root / "mkdocs.yml", encoding="utf-8") as fh:
        data = yaml_load(fh)
    return data if isinstance(data, dict) else {}


def plugin_options(cfg: dict[str, Any], name: str) -> dict[str, Any]:
    """The options of one plugin in a loaded mkdocs.yml (``{}`` when it has none)."""
    for plugin in cfg.get("plugins", []):
        if isinstance(plugin, dict) and name in plugin:
            return dict(plugin[name] or {})
    return {}


def i18n_config(cfg: dict[str, Any]) -> dict[str, Any]:
    return plugin_options(cfg, "i18n")


@lru_cache(maxsize=8)
def _languages(root: Path, mtime: float) -> tuple[Language, ...]:
    cfg = i18n_config(load_mkdocs_yml(root))
    langs = []
    for item in cfg.get("languages", []):
        langs.append(Language(code=str(item["locale"]), default=bool(item.get("default", False))))
    return tuple(langs)


def languages(root: Path = ROOT) -> tuple[Language, ...]:
    """All configured languages, default first."""
    langs = _languages(root, (root / "mkdocs.yml").stat().st_mtime)
    return tuple(sorted(langs, key=lambda lang: not lang.default))


def default_language(root: Path = ROOT) -> Language:
    return languages(root)[0]


def language(code: str, root: Path = ROOT) -> Language:
    for lang in languages(root):
        if lang.code == code:
            return lang
    raise KeyError(code)


def docs_dir(root: Path = ROOT) -> Path:
    return root / "docs"


def locales_dir(root: Path = ROOT) -> Path:
    return root / "overrides" / "locales"
