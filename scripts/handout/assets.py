"""Smaller first visits: our own stylesheet and script minified in the output, Material's palette
stylesheet without the named colours this site does not use (it uses custom colours, handout.css),
and Material's main stylesheet without the rules of components no page of the site uses.

Material's files are not changed: the trimmed stylesheets are new files that overrides/main.html links
in place of Material's; Material's JavaScript is untouched."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin
import tinycss2

#: The trimmed palette's name in the output (linked by overrides/main.html, block styles).
PALETTE = "assets/stylesheets/palette-handout.css"
NAMED_COLOUR = re.compile(r"data-md-color-(?:primary|accent)=(?!custom\b)[\w-]+")
#: The trimmed main stylesheet's name in the output (linked by overrides/main.html, block styles).
MAIN = "assets/stylesheets/main-handout.css"
CLASS_RE = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
#: Functional pseudo-classes (:not(), :is(), :where(), :has()): the classes inside them are not needed
#: for a match (:not(.x) matches without .x), so they are left out of the test.
PSEUDO_ARGS_RE = re.compile(r":[a-zA-Z-]+\((?:[^()]|\([^()]*\))*\)")
WORD_RE = re.compile(r"[A-Za-z0-9_-]+")
CLASS_ATTR_RE = re.compile(r"""class=(?:"([^"]*)"|'([^']*)')""")
SCRIPT_RE = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)


def minify_css(css: str) -> str:
    return str(rcssmin.cssmin(css)).strip() + "\n"


def minify_js(js: str) -> str:
    return str(rjsmin.jsmin(js)).strip() + "\n"


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside :is(.a, .b))."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return [*parts, prelude[start:]]


def _keep(rules: list, keep: Callable[[str], bool]) -> list:  # type: ignore[type-arg]
    """The rules with only the selectors ``keep`` accepts; a rule left without one is dropped, and so is
    a @media or @supports block left empty."""
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _selectors(tinycss2.serialize(rule.prelude))
            kept = [s for s in selectors if keep(s)]
            if not kept:
                continue
            if len(kept) != len(selectors):
                rule.prelude = tinycss2.parse_component_value_list(",".join(kept))
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            inner = _keep(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), keep)
            if not inner:
                continue
            rule.content = tinycss2.parse_component_value_list("".join(r.serialize() for r in inner))
        out.append(rule)
    return out


def used_classes(site: Path) -> set[str]:
    """Every class name the site's pages could carry: the class attributes of every page, and every word
    of their inline scripts and of every script in assets/javascripts (Material's scripts build search
    results, tooltips and dialogs with class names written out in full)."""
    used: set[str] = set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for m in CLASS_ATTR_RE.finditer(html):
            used.update((m.group(1) or m.group(2) or "").split())
        for m in SCRIPT_RE.finditer(html):
            used.update(WORD_RE.findall(m.group(1)))
    for js in (site / "assets" / "javascripts").rglob("*.js"):
        used.update(WORD_RE.findall(js.read_text(encoding="utf-8")))
    return used


def slim_main(css: str, used: set[str]) -> str:
    """Material's main stylesheet without the rules for classes that no page and no script uses
    (navigation tabs, blog posts, code blocks, keyboard keys, cookie consent, ...). A page that starts
    using one (say, a new admonition type) brings its rules back at the next build."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    # A selector naming a class that is not in ``used`` cannot match.
    return minify_css("".join(r.serialize() for r in _keep(
        rules, lambda s: all(c in used for c in CLASS_RE.findall(PSEUDO_ARGS_RE.sub("", s)))
    )))


def slim_palette(css: str) -> str:
    """Material's palette stylesheet without the rules for named primary and accent colours."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return minify_css("".join(r.serialize() for r in _keep(rules, lambda s: not NAMED_COLOUR.search(s))))


def write(site: Path) -> None:
    """After the build: minify handout.css and search-on-demand.js, write the trimmed palette and main
    stylesheet."""
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
    mains = sorted((assets / "stylesheets").glob("main.*.min.css"))
    if mains:
        main = slim_main(mains[0].read_text(encoding="utf-8"), used_classes(site))
        (site / MAIN).write_text(main, encoding="utf-8")
