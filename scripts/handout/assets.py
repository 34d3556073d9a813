"""Smaller first visits: our own stylesheet and script minified in the output, and Material's palette
stylesheet without the named colours this site does not use (it uses custom colours, handout.css).

Material's files are not changed: the trimmed palette is a new file that overrides/main.html links
in place of Material's; the bundle (JavaScript) is untouched."""

from __future__ import annotations

import re
from pathlib import Path

import rcssmin
import rjsmin
import tinycss2

#: The trimmed palette's name in the output (linked by overrides/main.html, block styles).
PALETTE = "assets/stylesheets/palette-handout.css"
NAMED_COLOUR = re.compile(r"data-md-color-(?:primary|accent)=(?!custom\b)[\w-]+")


def minify_css(css: str) -> str:
    return str(rcssmin.cssmin(css)).strip() + "\n"


def minify_js(js: str) -> str:
    return str(rjsmin.jsmin(js)).strip() + "\n"


def _keep(rules: list) -> list:  # type: ignore[type-arg]
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = tinycss2.serialize(rule.prelude)
            kept = [s for s in selectors.split(",") if not NAMED_COLOUR.search(s)]
            if not kept:
                continue
            if len(kept) != len(selectors.split(",")):
                rule.prelude = tinycss2.parse_component_value_list(",".join(kept))
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword == "media":
            inner = _keep(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
            if not inner:
                continue
            rule.content = tinycss2.parse_component_value_list("".join(r.serialize() for r in inner))
        out.append(rule)
    return out


def slim_palette(css: str) -> str:
    """Material's palette stylesheet without the rules for named primary and accent colours."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return minify_css("".join(r.serialize() for r in _keep(rules)))


def write(site: Path) -> None:
    """After the build: minify handout.css and search-on-demand.js, write the trimmed palette."""
    assets = site / "assets"
    css = assets / "handout.css"
    if css.exists():
        css.write_text(minify_css(css.read_text(encoding="utf-8")), encoding="utf-8")
    js = assets / "javascripts" / "search-on-demand.js"
    if js.exists():
        js.write_text(minify_js(js.read_text(encoding="utf-8")), encoding="utf-8")
    palettes = sorted((assets / "stylesheets").glob("palette.*.min.css"))
    if palettes:
        (site / PALETTE).write_text(slim_palette(palettes[0].read_text(encoding="utf-8")), encoding="utf-8")
