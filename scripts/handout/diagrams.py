"""Inline SVG diagrams whose labels are real, translated text (templates in overrides/diagrams/)."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from .errors import ContentError
from .project import ROOT
from .templates import render_macro

MARKER_RE = re.compile(r"<!--\s*diagram:\s*(?P<name>[a-z0-9-]+)\s*-->")


def diagrams_dir(root: Path = ROOT) -> Path:
    return root / "overrides" / "diagrams"


def names(root: Path = ROOT) -> list[str]:
    return sorted(p.stem for p in diagrams_dir(root).glob("*.svg"))


def render(name: str, env: Environment, *, rtl: bool, lang: str) -> str:
    """One diagram, rendered by the language's environment (handout.templates)."""
    svg = env.get_template(f"diagrams/{name}.svg").render(rtl=rtl, lang=lang, id=f"dg-{name}")
    # The drawing's own <title> (translated, escaped by the template) is also its visible caption.
    title = re.search(rf'<title id="dg-{re.escape(name)}-title">(.*?)</title>', svg, re.S)
    caption = Markup(title.group(1).strip()) if title else Markup("")
    return render_macro(env, "partials/handout/diagram.html", "figure", name, Markup(svg.strip()), lang, rtl,
                        caption)


def replace_markers(
    content: str, env: Environment, *, rtl: bool, lang: str, page: Path, root: Path = ROOT,
    known: list[str] | None = None, rendered: dict[str, str] | None = None,
) -> str:
    """Put the rendered diagram in place of each ``<!-- diagram: name -->`` marker.

    A build passes the diagrams it knows (``known``, listed once) and a dict that keeps each
    diagram rendered once per language (``rendered``)."""
    if "diagram:" not in content:
        return content
    if known is None:
        known = names(root)

    def sub(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in known:
            raise ContentError(page, f"unknown diagram '{name}'; known: {', '.join(known)}")
        if rendered is None:
            return render(name, env, rtl=rtl, lang=lang)
        if name not in rendered:
            rendered[name] = render(name, env, rtl=rtl, lang=lang)
        return rendered[name]

    content = re.sub(r"<p>\s*(<!--\s*diagram:[^>]*-->)\s*</p>", r"\1", content)
    return MARKER_RE.sub(sub, content)
