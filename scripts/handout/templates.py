"""The project's own Jinja templates (overrides/partials/handout/, overrides/diagrams/, overrides/pdf/).

One environment per language, made once per build: autoescaped, with the language's gettext
catalog, so that pybabel extracts every interface string straight from the templates.
"""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .project import ROOT


def json_script(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">``, safe in HTML like Jinja's ``tojson`` (the same
    ``htmlsafe_json_dumps``), but with the text in UTF-8 and no spaces after separators: ``tojson``
    writes every non-ASCII letter as a six-byte ``\\uXXXX`` escape, which made Material's config block
    about 1 KiB heavier in Cyrillic, Devanagari, Persian or Japanese."""
    return htmlsafe_json_dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def overrides_dir(root: Path = ROOT) -> Path:
    return root / "overrides"


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the whole process, so that the builds of the eight
    languages compile each template once (Jinja checks the source's checksum before reusing it)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


#: One cache for the project's environments, one for the theme's (different settings, different code).
PROJECT_CACHE = MemoryBytecodeCache()
THEME_CACHE = MemoryBytecodeCache()


def environment(translations: gettext.NullTranslations, root: Path = ROOT) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(overrides_dir(root))),
        # HTML, SVG and XML are escaped; the print stylesheet (pdf/print.css) is CSS, not escaped.
        autoescape=select_autoescape(enabled_extensions=("html", "svg", "xml"), disabled_extensions=("css",),
                                     default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        bytecode_cache=PROJECT_CACHE,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env


#: Each template's module (its macros), made once per environment.
_MODULES: WeakKeyDictionary[Environment, dict[str, Any]] = WeakKeyDictionary()


def render_macro(env: Environment, template: str, macro: str, *args: Any, **kwargs: Any) -> str:
    """Call one macro of a template (``partials/handout/glossary.html``, ``index``) and return its HTML."""
    modules = _MODULES.setdefault(env, {})
    if template not in modules:
        modules[template] = env.get_template(template).module
    return str(Markup(getattr(modules[template], macro)(*args, **kwargs))).strip()
