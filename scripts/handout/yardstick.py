"""The yardstick for build speed: a stock Material + mkdocs-static-i18n build of the same docs/.

Generated on the fly from the project's mkdocs.yml (read at run time, so languages, nav, theme
features and Markdown extensions are always the project's own) into a temporary folder holding a
copy of docs/. What it leaves out is what the project adds: hooks, the `handout` plugin (and any
plugin other than search and i18n), the custom_dir overrides; search is split per language by
mkdocs-static-i18n itself (``reconfigure_search: true``). Nothing is stripped from docs/.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

#: The only plugins a stock site of this kind has.
STOCK_PLUGINS = ("search", "i18n")


def load_config(root: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (``!ENV`` resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with (root / "mkdocs.yml").open(encoding="utf-8") as fh:
        return yaml_load(fh)


def _plugin_name(entry: Any) -> str:
    return str(next(iter(entry))) if isinstance(entry, dict) else str(entry)


def stock_config(cfg: dict[str, Any], docs: Path, site: Path) -> dict[str, Any]:
    """The yardstick configuration for a project configuration ``cfg``."""
    out = {k: v for k, v in cfg.items() if k not in {"hooks", "plugins", "docs_dir", "site_dir", "strict"}}
    out["docs_dir"] = str(docs)
    out["site_dir"] = str(site)
    theme = dict(cfg.get("theme") or {})
    theme.pop("custom_dir", None)
    out["theme"] = theme
    plugins = []
    for entry in cfg.get("plugins") or []:
        name = _plugin_name(entry)
        if name not in STOCK_PLUGINS:
            continue  # the project's own plugin (`handout`) and anything else
        options = dict(entry[name] or {}) if isinstance(entry, dict) else {}
        if name == "i18n":
            options["reconfigure_search"] = True
            options.pop("build_only_locale", None)
        plugins.append({name: options})
    out["plugins"] = plugins
    return out


def write(root: Path, work: Path) -> Path:
    """Copy docs/ into ``work`` and write the yardstick's mkdocs.yml there; return its path."""
    docs = work / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(root / "docs", docs)
    cfg = stock_config(load_config(root), docs, work / "site")
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
