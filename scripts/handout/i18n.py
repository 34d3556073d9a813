"""Translator tasks: catalogs (pybabel), marking translations current, adding a language."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.frontend import CommandLineInterface

from . import catalogs
from .content import load_tree, read_text, source_hash, split_name
from .errors import ContentError
from .project import ROOT, Language, languages, locales_dir


def babel_cfg(root: Path = ROOT) -> Path:
    return locales_dir(root) / "babel.cfg"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def extract(root: Path = ROOT) -> Path:
    pot = catalogs.pot_path(root)
    pybabel(
        "extract", "-F", str(babel_cfg(root)), "-o", str(pot), "--no-location", "--sort-output",
        "--omit-header", "-k", "_", "-k", "gettext", str(root / "overrides"), str(Path(__file__).parent),
    )
    return pot


def update(root: Path = ROOT) -> None:
    pot = extract(root)
    for lang in languages(root):
        if lang.default:
            continue
        po = catalogs.po_path(lang, root)
        if po.exists():
            pybabel("update", "-i", str(pot), "-d", str(locales_dir(root)), "-l", lang.catalog_code,
                    "--no-wrap", "--ignore-obsolete")
        else:
            pybabel("init", "-i", str(pot), "-d", str(locales_dir(root)), "-l", lang.catalog_code, "--no-wrap")


def compile_all(root: Path = ROOT) -> list[Path]:
    """Compile every catalog to .mo (the build compiles them in memory as well)."""
    out = []
    for lang in languages(root):
        if lang.default:
            continue
        po = catalogs.po_path(lang, root)
        cat = catalogs.load_catalog(po, lang.catalog_code)
        mo = po.with_suffix(".mo")
        mo.write_bytes(catalogs.compile_catalog(cat))
        out.append(mo)
    return out


HASH_LINE = re.compile(r"^source_hash:.*\n", re.M)
UNTRANSLATED_LINE = re.compile(r"^untranslated:.*\n", re.M)


def set_front_matter(text: str, key: str, value: str | None) -> str:
    """Set (or with None remove) one top-level key in a page's front matter, keeping the rest."""
    end = text.index("\n---", 3) + 1
    head, rest = text[:end], text[end:]
    line_re = re.compile(rf"^{re.escape(key)}:.*\n", re.M)
    if value is None:
        head = line_re.sub("", head)
    elif line_re.search(head):
        head = line_re.sub(f"{key}: {value}\n", head)
    else:
        head = head + f"{key}: {value}\n"
    return head + rest


def mark_current(paths: list[Path], root: Path = ROOT) -> list[str]:
    """Record that each translation now matches its English page."""
    tree = load_tree(root)
    codes = {lg.code for lg in tree.langs}
    done = []
    for path in paths:
        path = path if path.is_absolute() else (Path.cwd() / path)
        rel = path.resolve().relative_to((root / "docs").resolve()).as_posix()
        base, lang, unknown = split_name(rel, codes)
        if unknown or lang is None or lang == tree.default:
            raise ContentError(path, "is not a translation (expected a name like page.es.md)")
        english = tree.get(base, tree.default)
        if english is None:
            raise ContentError(path, f"has no English page {base}")
        text = read_text(path)
        text = set_front_matter(text, "source_hash", source_hash(english))
        text = set_front_matter(text, "untranslated", None)
        path.write_text(text, encoding="utf-8")
        done.append(rel)
    return done


def add_to_mkdocs_yml(code: str, root: Path = ROOT) -> None:
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^\s*- locale: {re.escape(code)}\s*$", text, re.M):
        return
    entries = list(re.finditer(r"^(\s*)- locale: .*\n(?:\1  .*\n)*", text, re.M))
    if not entries:
        raise ContentError(path, "cannot find the i18n 'languages' list")
    last = entries[-1]
    indent = last.group(1)
    block = f"{indent}- locale: {code}\n{indent}  name: {code}\n{indent}  build: true\n"
    path.write_text(text[: last.end()] + block + text[last.end():], encoding="utf-8")


def new_language(code: str, root: Path = ROOT) -> list[Path]:
    """Add a language in one step: mkdocs.yml, a catalog, and untranslated copies of every page."""
    try:
        locale = Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError) as exc:
        raise ContentError(root / "mkdocs.yml", f"'{code}' is not a language code Babel knows") from exc
    if code in {lg.code for lg in languages(root)}:
        raise ContentError(root / "mkdocs.yml", f"language '{code}' is already configured")
    add_to_mkdocs_yml(code, root)
    lang = Language(code)
    pot = catalogs.pot_path(root)
    if not pot.exists():
        extract(root)
    po = catalogs.po_path(lang, root)
    if not po.exists():
        pybabel("init", "-i", str(pot), "-d", str(locales_dir(root)), "-l", lang.catalog_code, "--no-wrap")
    created = []
    tree = load_tree(root)
    for page in tree.english():
        target = page.path.with_name(f"{Path(page.base).stem}.{code}.md")
        if target.exists():
            continue
        text = read_text(page.path)
        text = set_front_matter(text, "untranslated", "true")
        target.write_text(text, encoding="utf-8")
        created.append(target)
    _ = locale
    return created


def remove_language_files(code: str, root: Path = ROOT) -> None:  # pragma: no cover - helper for tests
    for p in (root / "docs").rglob(f"*.{code}.md"):
        p.unlink()
    shutil.rmtree(locales_dir(root) / code.replace("-", "_"), ignore_errors=True)
