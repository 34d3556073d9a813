"""One search index per language: ``search/search_index.json`` beside each language's pages.

Material's search plugin indexes the pages of the language being built; mkdocs-static-i18n would
merge every language into the root index. Each language's entries are kept when its build ends and
written into its own folder, with locations relative to that folder.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from . import urls
from .project import NO_LUNR_LANGUAGES

CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")

#: Index entries left out: the glossary's A-Z sections repeat each term's title and definition, which
#: the term's own page holds (and search finds there); the downloads page's section per language is
#: the same three file names fourteen times (the page itself stays in the index).
LEFT_OUT = ("glossary/#letter-", "downloads/#lang-")

#: Word separators for languages whose Material partial has none of its own (it falls back to
#: English's ``[\s\-]+``) and that have no lunr.js trimmer (Language.lunr is "en" for them), so
#: punctuation must split words here. Full stops are left out: they sit inside numbers (1.5).
#:
#: - fa: Persian punctuation (، ؛ ؟ « ») and ZWNJ. Writers put ZWNJ exactly where a word joins an
#:   ending or a prefix (سلول‌ها, می‌شود) and type the same words with a space or joined as well;
#:   splitting there indexes سلول‌های and سلول های alike, and a query for سلول finds both.
#: - hi: the danda । and double danda ॥ end Hindi sentences.
#: - ja: Material's Japanese separator, with ZWSP (between the words segmented at build time, see
#:   segment_japanese) and the brackets and marks of Japanese text.
SEPARATORS = {
    "ja": "[\\s\\-\u200b\u3000\u3001\u3002\uff0c\uff0e\u300c\u300d\u300e\u300f\uff08\uff09\u30fb\uff1f\uff01\uff1a]+",
    "fa": "[\\s\\-\u200c\u060c\u061b\u061f!:\u00ab\u00bb()\\[\\]\"'\u2026]+",
    "hi": "[\\s\\-\u0964\u0965,;:!?()\\[\\]\"'\u2018\u2019\u201c\u201d\u2026]+",
}


ZWSP = "\u200b"
#: A run of Japanese text between separators, HTML tags and character references.
JA_RUN = re.compile("(<[^>]*>|&#?\\w+;|[\\s\\-\u200b\u3000\u3001\u3002\uff0c\uff0e]+)")
JA_CHARS = re.compile("[\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")


@cache
def _tiny_segmenter() -> Any:
    import tinysegmenter

    return tinysegmenter.TinySegmenter()


def segment_japanese(text: str) -> str:
    """Japanese words split by ZWSP, as Material's search worker splits them with TinySegmenter.

    Material's worker loads TinySegmenter (``tinyseg.js``) and lunr.ja for a Japanese index: with
    the worker, the stemmer support and the index that is 54 KiB gzip, over the 48 KiB search budget,
    and lunr.ja's stemmer returns words unchanged. The same segmenter (the Python port of
    TinySegmenter) runs here at build time instead, and the index is searched like Chinese: words split
    by ZWSP, no stemmer. Material's search plugin marks Chinese words with ZWSP (jieba) in every
    language; those marks are dropped first, as TinySegmenter knows Japanese and jieba does not.
    """
    parts = JA_RUN.split(text.replace(ZWSP, ""))
    for i in range(0, len(parts), 2):
        if JA_CHARS.search(parts[i]):
            parts[i] = ZWSP.join(_tiny_segmenter().tokenize(parts[i]))
    return "".join(parts)


def words(code: str, separator: str, pipeline: list[str]) -> tuple[str, list[str]]:
    """The search's word separator and pipeline for a language, from its Material partial's ones.

    A language searched without its own lunr.js language (project.NO_LUNR_LANGUAGES) gets an empty
    pipeline: English's trimmer would cut every non-ASCII letter off a word's ends."""
    base = code.split("-")[0]
    if base in SEPARATORS:
        return SEPARATORS[base], []
    if base in NO_LUNR_LANGUAGES:
        return separator, []
    return separator, pipeline


class SearchIndexes:
    def __init__(self) -> None:
        self.docs: dict[str, list[dict[str, Any]]] = {}
        self.config: dict[str, dict[str, Any]] = {}
        self.prefixes: dict[str, str] = {}

    def record(self, code: str, prefix: str, entries: list[dict[str, Any]], config: dict[str, Any]) -> None:
        """Keep one language's entries, their locations made relative to the language's folder."""
        docs = []
        base = code.split("-")[0]
        for entry in entries:
            entry = dict(entry)
            entry["location"] = urls.without_prefix(str(entry.get("location", "")), prefix)
            if str(entry["location"]).startswith(LEFT_OUT):
                continue
            if base == "ja":
                for key in ("title", "text"):
                    entry[key] = segment_japanese(str(entry.get(key, "")))
            elif base != "zh":
                # Material's search plugin marks Chinese words (jieba) with ZWSP in every language.
                for key in ("title", "text"):
                    entry[key] = str(entry.get(key, "")).replace(ZWSP, "")
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
