"""The checks that stop a build: front matter, languages, glossary and interface catalogs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import catalogs, glossary, regulators, untrusted
from .content import Tree, check_tree, raise_for, utc_today
from .errors import ContentError


def check_build(tree: Tree, root: Path, built: set[str] | None = None,
                today: dt.date | None = None) -> dict[str, list[regulators.Regulator]]:
    """Raise ContentErrors with every problem of the languages being built (all unless ``built``);
    return the checked regulators data."""
    skipped = {lg.code for lg in tree.langs} - built if built is not None else set()
    errors = [e for e in check_tree(tree, today or utc_today())
              if not any(f"language '{c}' is configured" in e.message for c in skipped)]
    for by_lang in tree.pages.values():
        for page in by_lang.values():
            errors.extend(untrusted.check_meta_text(page.path, page.meta, page.meta_lines))
            errors.extend(untrusted.check_body(page.path, page.base, page.body, page.body_line))
    for lang in tree.langs:
        if lang.code in skipped:
            continue
        try:
            glossary.terms_for(tree, lang.code)
        except ContentError as exc:
            errors.append(exc)
        if lang.default:
            continue
        errors.extend(catalogs.check_catalog(lang, root, (untrusted.check_catalog_markup,)))
    data: dict[str, list[regulators.Regulator]] = {}
    try:
        data = regulators.load({lg.code for lg in tree.langs}, root)
    except ContentError as exc:
        errors.append(exc)
    raise_for(errors)
    return data
