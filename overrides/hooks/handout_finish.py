"""Runs after mkdocs-static-i18n has built every language (its post-build runs at priority -100)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from handout.site import defer_bundle, patch_material_bundle, shared_site

SITE = shared_site()


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    plugin = config.plugins.get("i18n")
    if plugin is not None and getattr(plugin, "building", False):
        return  # an inner language build; the outer (default language) build ends last
    site_dir = Path(config.site_dir)
    # mkdocs-static-i18n merged every language into the root index; give each language its own.
    for code in SITE.search_docs:
        SITE.write_search(site_dir, code)
    saved = getattr(SITE, "saved_404", None)
    if saved:
        from urllib.parse import urlsplit

        base = urlsplit(config.site_url or "/").path or "/"
        (site_dir / "404.html").write_text(
            defer_bundle(saved.replace("<!-- other-languages-404 -->", SITE.not_found_blocks(base))), encoding="utf-8"
        )
    if not patch_material_bundle(site_dir):
        raise PluginError("could not find the language-switcher code in Material's bundle to patch")
