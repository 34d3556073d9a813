"""Read and check the Markdown pages: front matter, encoding, language suffix, translation state."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import untrusted
from .collation import is_kana, needs_reading
from .errors import ContentError, ContentErrors
from .project import ROOT, Language, docs_dir, languages

REQUIRED = ("title", "description", "reviewed")
GLOSSARY_REQUIRED = (*REQUIRED, "synonyms", "related")
#: Front matter keys a translation may add to what its English page has.
TRANSLATION_KEYS = ("source_hash", "source_commit", "untranslated", "reading")
#: A suffix that looks like a language code: ``page.es.md``, ``page.pt-BR.md``.
SUFFIX_RE = re.compile(r"^(?P<stem>.+?)\.(?P<lang>[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)\.md$")
FRONT_RE = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*\n", re.S)
MAX_DESCRIPTION = 170
MAX_DEFINITION_WORDS = 25
#: Chinese, Japanese and Korean say in 20 characters what takes 60 in a Latin script.
DENSE_SCRIPTS = ("zh", "ja", "ko")


def description_limits(lang: str) -> tuple[int, int]:
    """Shortest and longest meta description (in characters) for a language."""
    return (15, 120) if lang.split("-")[0] in DENSE_SCRIPTS else (30, MAX_DESCRIPTION)


@dataclass
class Page:
    """A Markdown page of one language."""

    path: Path  # absolute
    rel: str  # relative to docs/, with the language suffix: "glossary/anagen.es.md"
    base: str  # relative to docs/, without the language suffix: "glossary/anagen.md"
    lang: str
    meta: dict[str, Any]
    body: str
    body_line: int  # line number (1-based) where the body starts
    meta_lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_glossary_term(self) -> bool:
        return self.base.startswith("glossary/") and self.base != "glossary/index.md"

    @property
    def slug(self) -> str:
        return Path(self.base).stem

    @property
    def is_prose(self) -> bool:
        """False for generated lists and tables (front matter ``prose: false``): no reading-grade or
        language check, not printed."""
        return self.meta.get("prose", True) is not False

    @property
    def is_printed(self) -> bool:
        """Whether the page is a chapter of the PDF: ``print`` if given, else prose pages only
        (``prose: false`` lists are left out unless they say ``print: true``, like the sources)."""
        return self.meta.get("print", self.is_prose) is True

    def where(self, root: Path = ROOT) -> str:
        try:
            return str(self.path.relative_to(root))
        except ValueError:
            return str(self.path)


def split_name(rel: str, codes: set[str]) -> tuple[str, str | None, str | None]:
    """``("glossary/x.md", lang or None, unknown_suffix or None)`` for a path relative to docs/."""
    p = Path(rel)
    m = SUFFIX_RE.match(p.name)
    if not m:
        return rel, None, None
    code = m.group("lang")
    base = str(p.with_name(m.group("stem") + ".md"))
    if code in codes:
        return base, code, None
    return base, None, code


def read_text(path: Path) -> str:
    """Read a source file as UTF-8 with LF line ends, refusing anything else with a clear error."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ContentError(path, "starts with a byte-order mark (BOM); save it as UTF-8 without BOM", 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(path, f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8", line) from exc
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise ContentError(path, "has Windows (CRLF) or CR line ends; save it with LF line ends", line)
    return text


#: libyaml's parser when PyYAML has it (several times faster), else the pure-Python one.
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str) -> tuple[yaml.Node | None, Any]:
    """Parse YAML once: the node tree (for line numbers) and the data built from it."""
    loader = YAML_LOADER(source)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def parse(path: Path, rel: str, base: str, lang: str) -> Page:
    text = read_text(path)
    if not text.strip():
        raise ContentError(path, "is empty; write the page or delete the file", 1)
    m = FRONT_RE.match(text)
    if not m:
        raise ContentError(path, "has no front matter: the file must start with a line '---'", 1)
    source = m.group("yaml") or ""
    untrusted.check_source(path, text)
    untrusted.check_yaml(path, source)
    try:
        node, meta = load_yaml(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(path, f"front matter is not valid YAML: {problem}", line) from exc
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # reviewed: 2026-02-30
        raise untrusted.yaml_value_error(path, source, exc) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(path, "front matter must be a list of 'key: value' lines", 2)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            lines[str(key.value)] = key.start_mark.line + 2
    body_line = text[: m.end()].count("\n") + 1
    return Page(path, rel, base, lang, meta, text[m.end():], body_line, lines)


def utc_today() -> dt.date:
    """Today in UTC: review dates are judged the same way on every machine, whatever its time zone."""
    return dt.datetime.now(dt.UTC).date()


def check_meta(page: Page, today: dt.date | None = None) -> list[ContentError]:
    """Problems with a page's front matter."""
    errors: list[ContentError] = []
    today = today or utc_today()
    needed = GLOSSARY_REQUIRED if page.is_glossary_term else REQUIRED
    for key in needed:
        value = page.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.append(ContentError(page.path, f"front matter lacks '{key}'", 1))
    title = page.meta.get("title")
    if title is not None and not isinstance(title, str):
        errors.append(ContentError(page.path, "'title' must be text", page.meta_lines.get("title")))
    desc = page.meta.get("description")
    if desc is not None and not isinstance(desc, str):
        errors.append(
            ContentError(page.path, "'description' must be text", page.meta_lines.get("description"))
        )
    elif isinstance(desc, str):
        # A placeholder made by `i18n new-language` still holds the English text.
        low, high = description_limits("en" if page.meta.get("untranslated") else page.lang)
        if not low <= len(desc.strip()) <= high:
            errors.append(
                ContentError(
                    page.path,
                    f"the description has {len(desc.strip())} characters; write {low} to {high} "
                    "(search engines show it under the title)",
                    page.meta_lines.get("description"),
                )
            )
        if page.is_glossary_term and len(desc.split()) > MAX_DEFINITION_WORDS and page.lang == "en":
            errors.append(
                ContentError(
                    page.path,
                    f"the definition ('description') has {len(desc.split())} words; "
                    f"at most {MAX_DEFINITION_WORDS}",
                    page.meta_lines.get("description"),
                )
            )
    reviewed = page.meta.get("reviewed")
    if reviewed is not None:
        line = page.meta_lines.get("reviewed")
        if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
            errors.append(
                ContentError(page.path, f"'reviewed' must be a date like 2026-11-20, not {reviewed!r}", line)
            )
        elif reviewed > today:
            errors.append(ContentError(page.path, f"'reviewed' date {reviewed} is in the future", line))
    for key in ("prose", "print"):
        if key in page.meta and not isinstance(page.meta[key], bool):
            errors.append(ContentError(page.path, f"'{key}' must be true or false", page.meta_lines.get(key)))
    for key in ("synonyms", "related"):
        if key in page.meta and not isinstance(page.meta[key], list):
            errors.append(
                ContentError(page.path, f"'{key}' must be a list like [a, b]", page.meta_lines.get(key))
            )
    errors.extend(_reading_errors(page))
    if page.lang != "en" and "source_hash" in page.meta and not isinstance(page.meta["source_hash"], str):
        errors.append(
            ContentError(page.path, "'source_hash' must be text", page.meta_lines.get("source_hash"))
        )
    return errors


def source_hash(page: Page) -> str:
    """Fingerprint of the translatable text of an English page: title, description, synonyms, body."""
    parts = [
        str(page.meta.get("title", "")),
        str(page.meta.get("description", "")),
        "|".join(str(s) for s in page.meta.get("synonyms", []) or []),
        "\n".join(line.rstrip() for line in page.body.strip().splitlines()),
    ]
    return hashlib.sha256("\n\x00".join(parts).encode("utf-8")).hexdigest()[:12]


@dataclass
class Tree:
    """Every page of the docs tree, by base path and language."""

    root: Path
    pages: dict[str, dict[str, Page]]  # base -> lang -> page
    langs: tuple[Language, ...]
    errors: list[ContentError]

    @property
    def default(self) -> str:
        return self.langs[0].code

    def english(self) -> list[Page]:
        return [by_lang[self.default] for by_lang in self.pages.values() if self.default in by_lang]

    def get(self, base: str, lang: str) -> Page | None:
        return self.pages.get(base, {}).get(lang)


#: A front matter line whose value looks like a date: ``reviewed: 2026-02-30``.
DATE_LINE_RE = re.compile(r"^(?P<key>[\w-]+):\s*['\"]?(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b", re.M)


def _unreadable_value(path: Path, exc: Exception) -> ContentError:
    """An impossible date (``reviewed: 2026-02-30``) or another value YAML cannot build, with its line."""
    text = path.read_text(encoding="utf-8", errors="replace")
    m = FRONT_RE.match(text)
    head = m.group(0) if m else text
    for d in DATE_LINE_RE.finditer(head):
        try:
            dt.date(int(d["y"]), int(d["m"]), int(d["d"]))
        except ValueError:
            line = head[: d.start()].count("\n") + 1
            value = f"{d['y']}-{d['m']}-{d['d']}"
            return ContentError(path, f"'{d['key']}' is not a real date: {value} ({exc}); write a date that "
                                "exists, like 2026-02-28", line)
    return ContentError(path, f"front matter has a value that cannot be read: {exc}", 1)


def load_tree(root: Path = ROOT, docs: Path | None = None) -> Tree:
    """Read every page; collect (not raise) the errors found in single files."""
    docs = docs or docs_dir(root)
    langs = languages(root)
    codes = {lang.code for lang in langs}
    default = langs[0].code
    pages: dict[str, dict[str, Page]] = {}
    # Symlinks, unknown file types and page names, SVGs (handout.untrusted); a link is never read.
    errors: list[ContentError] = untrusted.check_files(root, codes, docs)
    for path in sorted(docs.rglob("*.md")):
        if path.is_symlink():
            continue
        rel = path.relative_to(docs).as_posix()
        base, lang, unknown = split_name(rel, codes)
        if unknown:
            errors.append(
                ContentError(
                    path,
                    f"unknown language suffix '.{unknown}.md'; configured languages are "
                    + ", ".join(sorted(codes)),
                )
            )
            continue
        lang = lang or default
        try:
            page = parse(path, rel, base, lang)
        except ContentError as exc:
            errors.append(exc)
            continue
        except (ValueError, TypeError, OverflowError) as exc:  # a value YAML reads but cannot build
            errors.append(_unreadable_value(path, exc))
            continue
        pages.setdefault(base, {})[lang] = page
    return Tree(root, pages, langs, errors)


def check_tree(tree: Tree, today: dt.date | None = None) -> list[ContentError]:
    """Every single-file and cross-file problem that must stop a build."""
    errors = list(tree.errors)
    for base, by_lang in sorted(tree.pages.items()):
        if tree.default not in by_lang:
            some = next(iter(by_lang.values()))
            errors.append(
                ContentError(some.path, f"is a translation of '{base}', which does not exist in English")
            )
        for page in by_lang.values():
            errors.extend(check_meta(page, today))
    for lang in tree.langs[1:]:
        if not any(lang.code in by_lang for by_lang in tree.pages.values()):
            errors.append(
                ContentError(
                    tree.root / "mkdocs.yml",
                    f"language '{lang.code}' is configured but has no pages; "
                    f"run 'handout i18n new-language {lang.code}' or remove it",
                )
            )
    return errors


def raise_for(errors: list[ContentError]) -> None:
    if errors:
        raise ContentErrors(errors)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last))


def stale_pages(tree: Tree, months: int, today: dt.date | None = None) -> list[ContentError]:
    """Pages whose 'reviewed' date is older than the review interval."""
    today = today or utc_today()
    out = []
    for by_lang in tree.pages.values():
        for page in by_lang.values():
            reviewed = page.meta.get("reviewed")
            if isinstance(reviewed, dt.date) and add_months(reviewed, months) < today:
                out.append(
                    ContentError(
                        page.path,
                        f"was last reviewed on {reviewed}, more than {months} months ago; "
                        "review it and update 'reviewed'",
                        page.meta_lines.get("reviewed"),
                    )
                )
    return out


def _reading_errors(page: Page) -> list[ContentError]:
    """``reading`` (kana) orders a Japanese glossary term whose title has kanji; nothing else uses it."""
    line = page.meta_lines.get("reading")
    reading = page.meta.get("reading")
    title = page.meta.get("title")
    if reading is not None:
        if not page.is_glossary_term or page.lang.split("-")[0] != "ja":
            return [ContentError(page.path, "'reading' is for Japanese glossary terms only; remove it", line)]
        if not isinstance(reading, str) or not reading.strip() or not is_kana(reading):
            return [ContentError(page.path, "'reading' must be the title's reading in kana, like "
                                 "'reading: かんさいぼう'", line)]
    elif (page.is_glossary_term and not page.meta.get("untranslated") and isinstance(title, str)
          and needs_reading(title, page.lang)):
        return [ContentError(page.path, "add the title's reading in kana, like 'reading: かんさいぼう', so the "
                             "glossary index can put the term in 五十音 order", page.meta_lines.get("title"))]
    return []
