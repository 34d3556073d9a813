"""One search index per language: ``search/search_index.json`` beside each language's pages.

Material's search plugin indexes the pages of the language being built; mkdocs-static-i18n would
merge every language into the root index. Each language's entries are kept when its build ends and
written into its own folder, with locations relative to that folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import urls

CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")


class SearchIndexes:
    def __init__(self) -> None:
        self.docs: dict[str, list[dict[str, Any]]] = {}
        self.config: dict[str, dict[str, Any]] = {}
        self.prefixes: dict[str, str] = {}

    def record(self, code: str, prefix: str, entries: list[dict[str, Any]], config: dict[str, Any]) -> None:
        """Keep one language's entries, their locations made relative to the language's folder."""
        docs = []
        for entry in entries:
            entry = dict(entry)
            entry["location"] = urls.without_prefix(str(entry.get("location", "")), prefix)
            docs.append(entry)
        self.docs[code] = docs
        self.config[code] = {k: config[k] for k in CONFIG_KEYS}
        self.prefixes[code] = prefix

    def write(self, site_dir: Path, code: str) -> Path:
        path = site_dir / self.prefixes[code] / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"config": self.config[code], "docs": self.docs[code]}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return path

    def write_root(self, site_dir: Path) -> None:
        """Write the root language's index again (mkdocs-static-i18n rewrites it after the last language)."""
        for code, prefix in self.prefixes.items():
            if not prefix:
                self.write(site_dir, code)
