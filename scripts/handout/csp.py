"""The Content-Security-Policy of every page, as a ``<meta http-equiv>`` (GitHub Pages sets no headers).

Nothing comes from another origin. Scripts run only from the site's own files, or inline when their
exact text is hashed into the policy: Material's few inline scripts (``__md_scope``, the palette,
the content helpers) contain the page's depth (``base_url``), so main.html renders those same
partials into the ``csp_policy`` filter, which hashes them. ``check_page`` then checks the finished
page: every inline script it runs must be covered by its own policy.

- style-src 'self': Material's HTML carries no inline styles (its scripts set styles through the
  CSSOM, which CSP does not restrict), and the pages may not add any (handout.untrusted).
- img-src 'self' data:: Material's stylesheet draws its icons as ``data:`` SVG masks.
- frame-ancestors (clickjacking) cannot be set in a ``<meta>`` policy; browsers ignore it there. A
  host that can send headers should send ``frame-ancestors 'none'``.
"""

from __future__ import annotations

import base64
import functools
import hashlib

import lxml.html
from lxml import etree

#: Types of <script> that the browser runs (no type, or a JavaScript type).
SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The text of each inline script that a browser would run."""
    if "<script" not in html:
        return []
    doc = lxml.html.fromstring(f"<div>{html}</div>") if not html.lstrip().lower().startswith(("<!doctype", "<html")) \
        else lxml.html.document_fromstring(html)
    out = []
    for el in doc.iter("script"):
        if el.get("src") is None and (el.get("type") or "").strip().lower() in SCRIPT_TYPES:
            out.append(el.text or "")
    return out


def policy(scripts_html: str) -> str:
    """The policy for a page whose inline scripts are the ones in ``scripts_html``."""
    return _policy(str(scripts_html))


@functools.lru_cache(maxsize=256)
def _policy(scripts_html: str) -> str:
    # The inline scripts differ only by the page's depth: a few distinct inputs per build.
    hashes = " ".join(sorted({script_hash(s) for s in inline_scripts(scripts_html)}))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {hashes}".rstrip(),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


#: lxml.html's parser (libxml2's HTML parser, the same options) without lxml.html's element classes,
#: which this check does not use: a fifth less time on every page, the same tree.
PAGE_PARSER = etree.HTMLParser()


def check_page(html: str) -> list[str]:
    """Problems with a finished page's policy: missing, or an inline script it does not allow."""
    doc = etree.fromstring(html, PAGE_PARSER)
    if doc is None:
        raise etree.ParserError("Document is empty")  # as lxml.html.document_fromstring
    metas = [m.get("content", "") for m in doc.iter("meta")
             if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    if len(metas) != 1:
        return [f"has {len(metas)} Content-Security-Policy meta tags; it must have one"]
    allowed = metas[0]
    problems = []
    for el in doc.iter("script"):
        if el.get("src") is None and (el.get("type") or "").strip().lower() in SCRIPT_TYPES:
            if script_hash(el.text or "") not in allowed:
                problems.append(f"has an inline script that its Content-Security-Policy blocks: {(el.text or '')[:60]!r}")
    head = doc.find("head")
    first = [el.tag for el in head.iterchildren()][:2] if head is not None else []
    if "meta" not in first:
        problems.append("the Content-Security-Policy must come first in <head>")
    return problems
