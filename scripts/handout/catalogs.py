"""The gettext catalogs of our own interface strings (templates, diagrams, generated sections)."""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import PYTHON_FORMAT, Catalog
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


#: Most forms a language's plural rule has in gettext (Arabic has six).
MAX_PLURALS = 6
MSGID_RE = re.compile(r'^msgid\s+"')


PLURAL_FORMS_RE = re.compile(r'^"Plural-Forms:(?P<value>(?:[^"\\]|\\.)*?)(?:\\n)?"\s*$', re.M | re.I)


def _check_plural_forms(path: Path, text: str) -> None:
    """A ``Plural-Forms`` header must give a whole ``nplurals`` and a C expression gettext can run."""
    m = PLURAL_FORMS_RE.search(text)
    if m is None:
        return
    line = text[: m.start()].count("\n") + 1
    what = "write it like 'Plural-Forms: nplurals=2; plural=(n != 1);' (see TRANSLATING.md)"
    params = dict(part.strip().partition("=")[::2] for part in m["value"].split(";") if part.strip())
    nplurals, expr = params.get("nplurals", "").strip(), params.get("plural", "").strip()
    if not nplurals.isdigit() or not 1 <= int(nplurals) <= MAX_PLURALS:
        raise ContentError(path, f"bad Plural-Forms header: nplurals={nplurals!r} is not a number "
                           f"from 1 to {MAX_PLURALS}; {what}", line)
    try:
        rule = gettext.c2py(expr)
        forms = {rule(n) for n in range(1000)}
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError) as exc:
        raise ContentError(path, f"bad Plural-Forms header: plural={expr!r} cannot be read ({exc}); {what}",
                           line) from exc
    if not forms <= set(range(int(nplurals))):
        raise ContentError(path, f"bad Plural-Forms header: plural={expr!r} gives form {max(forms)}, but "
                           f"nplurals={nplurals}; {what}", line)


def _check_entries(catalog: Catalog, path: Path, text: str) -> None:
    """Refuse a catalog without entries, cut off in the middle, or with an entry twice."""
    lines = text.splitlines()
    msgids = [n for n, line in enumerate(lines, 1) if MSGID_RE.match(line)]
    # The header is the msgid "" whose msgstr follows at once.
    header = {n for n in msgids if lines[n - 1].strip() == 'msgid ""'
              and n < len(lines) and lines[n].startswith("msgstr")}
    if not [n for n in msgids if n not in header]:
        raise ContentError(path, "catalog has no entries (empty or cut off); restore it from git or run "
                           "'make i18n-update'", 1)
    if not text.endswith("\n"):
        raise ContentError(path, "catalog ends in the middle of a line: the file looks cut off; restore "
                           "the rest of it", len(lines))
    kept = {m.lineno for m in catalog if m.id}
    for n in msgids:
        if n not in header and n not in kept:
            raise ContentError(path, "duplicate entry: this msgid (and msgctxt) appears earlier in the "
                               "catalog; keep only one of them", n)


def load_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .po file; a syntax error, an empty or cut-off catalog, a duplicate entry or a bad
    ``Plural-Forms`` header names the file and line."""
    lint_po(path)
    text = path.read_text(encoding="utf-8")
    _check_plural_forms(path, text)
    try:
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=locale, abort_invalid=True)
    except PoFileError as exc:
        text = str(exc)
        m = re.search(r"on (\d+)", text)
        raise ContentError(path, f"catalog syntax error: {text}", int(m.group(1)) + 1 if m else None) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ContentError(path, f"cannot read catalog: {exc}") from exc
    _check_entries(catalog, path, text)
    return catalog


def template_ids(root: Path = ROOT) -> set[tuple[str, str | None]]:
    """The entries of messages.pot, as (msgid, msgctxt); empty without a template."""
    path = pot_path(root)
    if not path.exists():
        return set()
    return {(_msgid(m.id), m.context) for m in load_catalog(path) if m.id}


def _msgid(mid: object) -> str:
    return str(mid[0]) if isinstance(mid, (list, tuple)) else str(mid)


def missing_entries(catalog: Catalog, root: Path = ROOT) -> list[str]:
    """The msgids of messages.pot that the catalog lacks (sorted)."""
    have = {(_msgid(m.id), m.context) for m in catalog if m.id}
    return sorted(mid for mid, ctx in template_ids(root) - have)


def check_template(catalog: Catalog, path: Path, root: Path = ROOT) -> list[ContentError]:
    """Every entry of messages.pot must be in the catalog (translated or not)."""
    missing = missing_entries(catalog, root)
    if not missing:
        return []
    shown = ", ".join(repr(m[:40]) for m in missing[:5]) + (", ..." if len(missing) > 5 else "")
    return [ContentError(path, f"catalog lacks {len(missing)} entr{'y' if len(missing) == 1 else 'ies'} "
                         f"of messages.pot ({shown}); run 'make i18n-update', then translate them")]


def check_placeholders(catalog: Catalog, path: Path) -> list[ContentError]:
    """Babel's catalog checkers: every translation keeps the placeholders of its source; and, as the
    templates format every translation (``rv % variables``), a '%' that is not '%%' or a placeholder of
    the source is refused. Every error names the .po and the entry's line."""
    errors = []
    for msg, problems in catalog.check():
        source = _msgid(msg.id)
        for problem in problems:
            errors.append(ContentError(path, f"translation of {source!r}: {problem}", msg.lineno))
    blamed = {e.line for e in errors}
    for msg in catalog:
        if not msg.id or msg.lineno in blamed:
            continue
        strings = msg.string if isinstance(msg.string, (list, tuple)) else (msg.string,)
        for string in strings:
            rest = str(string or "").replace("%%", "")
            if msg.python_format:
                rest = PYTHON_FORMAT.sub("", rest)
            if "%" in rest:
                errors.append(ContentError(
                    path, f"translation of {_msgid(msg.id)!r} has a stray '%'; write '%%' for a percent "
                    "sign (placeholders like %(name)s only where the English text has them)", msg.lineno))
                break
    return errors


#: A further check of a catalog (the markup check of handout.untrusted, for example).
CatalogCheck = Callable[[Catalog, Path], list[ContentError]]


def check_catalog(lang: Language, root: Path = ROOT, extra: Sequence[CatalogCheck] = ()) -> list[ContentError]:
    """Every problem of a language's catalog, each naming the .po (and line)."""
    path = po_path(lang, root)
    if not path.exists():
        return [ContentError(path, f"catalog for '{lang.code}' is missing; run 'make i18n-update'")]
    try:
        catalog = load_catalog(path, lang.catalog_code)
    except ContentError as exc:
        return [exc]
    errors = check_placeholders(catalog, path) + check_template(catalog, path, root)
    for check in extra:
        errors.extend(check(catalog, path))
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
