"""The checks that stop a build: front matter, languages, glossary and interface catalogs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import catalogs, glossary, regulators
from .content import Tree, check_tree, raise_for
from .errors import ContentError


def check_build(tree: Tree, root: Path, built: set[str] | None = None,
                today: dt.date | None = None) -> dict[str, list[regulators.Regulator]]:
    """Raise ContentErrors with every problem of the languages being built (all unless ``built``);
    return the checked regulators data."""
    skipped = {lg.code for lg in tree.langs} - built if built is not None else set()
    errors = [e for e in check_tree(tree, today or dt.date.today())
              if not any(f"language '{c}' is configured" in e.message for c in skipped)]
    for lang in tree.langs:
        if lang.code in skipped:
            continue
        try:
            glossary.terms_for(tree, lang.code)
        except ContentError as exc:
            errors.append(exc)
        if lang.default:
            continue
        path = catalogs.po_path(lang, root)
        if not path.exists():
            errors.append(ContentError(path, f"catalog for '{lang.code}' is missing; run 'make i18n-update'"))
            continue
        try:
            errors.extend(catalogs.check_placeholders(catalogs.load_catalog(path, lang.catalog_code), path))
        except ContentError as exc:
            errors.append(exc)
    data: dict[str, list[regulators.Regulator]] = {}
    try:
        data = regulators.load({lg.code for lg in tree.langs}, root)
    except ContentError as exc:
        errors.append(exc)
    raise_for(errors)
    return data
