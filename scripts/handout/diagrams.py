"""Inline SVG diagrams whose labels are real, translated text (templates in overrides/diagrams/)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

from .errors import ContentError
from .project import ROOT

MARKER_RE = re.compile(r"<!--\s*diagram:\s*(?P<name>[a-z0-9-]+)\s*-->")


def diagrams_dir(root: Path = ROOT) -> Path:
    return root / "overrides" / "diagrams"


def names(root: Path = ROOT) -> list[str]:
    return sorted(p.stem for p in diagrams_dir(root).glob("*.svg"))


def environment(translations: gettext.NullTranslations, root: Path = ROOT) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(diagrams_dir(root))),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def render(name: str, env: Environment, *, rtl: bool, lang: str) -> str:
    try:
        template = env.get_template(f"{name}.svg")
    except TemplateNotFound as exc:
        raise ContentError(diagrams_dir() / f"{name}.svg", "diagram does not exist") from exc
    svg = template.render(rtl=rtl, lang=lang, id=f"dg-{name}")
    return f'<figure class="diagram diagram-{name}">{svg.strip()}</figure>'


def replace_markers(
    content: str, env: Environment, *, rtl: bool, lang: str, page: Path, root: Path = ROOT
) -> str:
    """Put the rendered diagram in place of each ``<!-- diagram: name -->`` marker."""

    def sub(m: re.Match[str]) -> str:
        name = m.group("name")
        if not (diagrams_dir(root) / f"{name}.svg").exists():
            raise ContentError(page, f"unknown diagram '{name}'; known: {', '.join(names(root))}")
        return render(name, env, rtl=rtl, lang=lang)

    content = re.sub(r"<p>\s*(<!--\s*diagram:[^>]*-->)\s*</p>", r"\1", content)
    return MARKER_RE.sub(sub, content)
