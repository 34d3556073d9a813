"""The gettext catalogs of our own interface strings (templates, diagrams, generated sections)."""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from .errors import ContentError
from .project import ROOT, Language, locales_dir

DOMAIN = "messages"


def po_path(lang: Language, root: Path = ROOT) -> Path:
    return locales_dir(root) / lang.catalog_code / "LC_MESSAGES" / f"{DOMAIN}.po"


def pot_path(root: Path = ROOT) -> Path:
    return locales_dir(root) / f"{DOMAIN}.pot"


#: Babel reads a string with a missing closing quote without a word (it drops the last character),
#: so the lines are checked first; Babel's own parser errors name the line of any other problem.
PO_LINE_RE = re.compile(
    r'^(?:#.*|\s*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"\s*|"(?:[^"\\]|\\.)*"\s*)$'
)


def lint_po(path: Path) -> None:
    """Refuse a catalog line that is not a comment, a keyword with a quoted string, or a quoted string."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, "catalog is not valid UTF-8") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if not PO_LINE_RE.match(line):
            raise ContentError(path, f"catalog syntax error: cannot read {line.strip()[:60]!r}", number)


def load_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .po file; a syntax error names the file and line."""
    lint_po(path)
    try:
        with open(path, "rb") as fh:
            return read_po(fh, locale=locale, abort_invalid=True)
    except PoFileError as exc:
        text = str(exc)
        m = re.search(r"on (\d+)", text)
        raise ContentError(path, f"catalog syntax error: {text}", int(m.group(1)) + 1 if m else None) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ContentError(path, f"cannot read catalog: {exc}") from exc


def check_placeholders(catalog: Catalog, path: Path) -> list[ContentError]:
    """Babel's catalog checkers: every translation keeps the placeholders of its source."""
    errors = []
    for msg, problems in catalog.check():
        source = msg.id[0] if isinstance(msg.id, (list, tuple)) else msg.id
        for problem in problems:
            errors.append(ContentError(path, f"translation of {source!r}: {problem}", msg.lineno))
    return errors


@dataclass
class CatalogStats:
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated


def stats(catalog: Catalog) -> CatalogStats:
    translated = fuzzy = untranslated = 0
    for msg in catalog:
        if not msg.id:
            continue
        strings = msg.string if isinstance(msg.string, (list, tuple)) else (msg.string,)
        if msg.fuzzy:
            fuzzy += 1
        elif all(strings):
            translated += 1
        else:
            untranslated += 1
    return CatalogStats(translated, fuzzy, untranslated)


def compile_catalog(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def translations(lang: Language, root: Path = ROOT) -> gettext.NullTranslations:
    """Compiled translations for a language (English: the msgids themselves)."""
    path = po_path(lang, root)
    if lang.default or not path.exists():
        return gettext.NullTranslations()
    catalog = load_catalog(path, lang.catalog_code)
    errors = check_placeholders(catalog, path)
    if errors:
        raise errors[0]
    return gettext.GNUTranslations(io.BytesIO(compile_catalog(catalog)))
