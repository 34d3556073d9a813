"""The one place that knows how the handout's addresses are made.

Page addresses are relative to the site root, as MkDocs writes them (``es/glossary/anagen/``); the
language built at the root has no prefix, every other language has ``code/``.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit


def language_prefix(code: str, root_code: str) -> str:
    """URL prefix of a language's pages: ``""`` for the language built at the root, else ``"es/"``."""
    return "" if code == root_code else f"{code}/"


def page_path(base: str, prefix: str = "") -> str:
    """Address of a page from its source path without language suffix: ``glossary/x.md`` -> ``glossary/x/``."""
    stem = base[:-3] if base.endswith(".md") else base
    if stem == "index":
        return prefix
    stem = stem.removesuffix("/index")
    return f"{prefix}{stem}/"


def relative_url(target: str, page_url: str) -> str:
    """A link from the page at ``page_url`` to ``target``, both relative to the site root."""
    start = page_url if (page_url.endswith("/") or not page_url) else posixpath.dirname(page_url)
    rel = posixpath.relpath("/" + target, "/" + start)
    if (target.endswith("/") or not target) and not rel.endswith("/"):
        rel += "/"
    return rel


def without_prefix(url: str, prefix: str) -> str:
    """``es/about/`` -> ``about/``: the same page at the root language's address."""
    return url[len(prefix):] if prefix and url.startswith(prefix) else url


def join_base(base_url: str, prefix: str) -> str:
    """MkDocs' ``base_url`` of a page, moved into a language's folder (for Material's search)."""
    if not prefix:
        return base_url
    return posixpath.normpath(posixpath.join(base_url or ".", prefix)) + "/"


def site_path(site_url: str) -> str:
    """The path part of the site's address: ``/handout/``."""
    return urlsplit(site_url or "/").path or "/"


def absolute(site_url: str, path: str) -> str:
    """The full address of a path below the site's address."""
    return (site_url or "/").rstrip("/") + "/" + path.lstrip("/")


def pdf_name(lang: str, paper: str = "a4") -> str:
    return f"handout-{lang}-{paper}.pdf"


def keypoints_name(lang: str) -> str:
    return f"key-points-{lang}.pdf"
