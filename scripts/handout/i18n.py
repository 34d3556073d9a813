"""Translator tasks: catalogs (pybabel), marking translations current, English changes, adding a language."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml
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


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar that reads back as the same text (a hash of digits, or like ``1e5``,
    would otherwise read back as a number)."""
    try:
        same = yaml.safe_load(value) == value
    except yaml.YAMLError:
        same = False
    return value if same else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def set_front_matter(text: str, key: str, value: str | None) -> str:
    """Set (or with None remove) one top-level key in a page's front matter, keeping the rest."""
    end = text.index("\n---", 3) + 1
    head, rest = text[:end], text[end:]
    line_re = re.compile(rf"^{re.escape(key)}:.*\n", re.M)
    if value is None:
        head = line_re.sub("", head)
    elif line_re.search(head):
        head = line_re.sub(lambda _: f"{key}: {yaml_text(value)}\n", head)
    else:
        head = head + f"{key}: {yaml_text(value)}\n"
    return head + rest


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def in_git(root: Path) -> bool:
    try:
        return _git(root, "rev-parse", "--is-inside-work-tree").stdout.strip() == "true"
    except OSError:  # git is not installed
        return False


def english_commit(english: Path, root: Path) -> str | None:
    """The last commit that changed the English page, if the file there is the one on disk.

    None when there is no git, the page was never committed, or it has uncommitted changes (then no
    commit holds the text the translation was brought in line with).
    """
    rel = os.path.relpath(english, root)
    sha = _git(root, "log", "-1", "--format=%H", "--", rel).stdout.strip()
    if not sha or _git(root, "diff", "--quiet", "HEAD", "--", rel).returncode != 0:
        return None
    return sha


def mark_current(paths: list[Path], root: Path = ROOT, *, notes: list[str] | None = None) -> list[str]:
    """Record that each translation now matches its English page.

    Writes ``source_hash`` (a fingerprint of the English text) and, in a git checkout,
    ``source_commit`` (the last commit of the English page) so that ``handout i18n diff`` can later
    show what changed in English; removes ``untranslated``. Problems that do not stop the marking
    (no commit to record) are appended to ``notes``.
    """
    tree = load_tree(root)
    codes = {lg.code for lg in tree.langs}
    git = in_git(root)
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
        commit = english_commit(english.path, root) if git else None
        if git and commit is None and notes is not None:
            notes.append(f"docs/{base} has uncommitted changes or is not committed: no source_commit recorded "
                         f"for docs/{rel} (commit the English page, then mark it again)")
        text = read_text(path)
        text = set_front_matter(text, "source_hash", source_hash(english))
        text = set_front_matter(text, "source_commit", None if commit is None else
                                (f'"{commit}"' if commit.isdigit() else commit))
        text = set_front_matter(text, "untranslated", None)
        path.write_text(text, encoding="utf-8")
        done.append(rel)
    return done


@dataclass
class EnglishChanges:
    """What ``handout i18n diff`` found for one translation."""

    translation: str  # docs/page.es.md
    english: str  # docs/page.md
    current: bool  # the recorded source_hash matches the English page
    recorded_hash: str | None
    english_hash: str
    commit: str | None  # source_commit as recorded
    history: bool  # the recorded commit is in this clone's history
    diff: str  # `git diff <commit> -- docs/page.md`, or "" without history
    english_text: str  # the English page as it is now

    def report(self) -> str:
        head = f"{self.translation} (translation of {self.english})"
        if self.current:
            return f"{head}: up to date; the English text has not changed since it was marked current.\n"
        if self.commit and self.history:
            if self.diff.strip():
                return (f"{head}: the English page changed since commit {self.commit[:12]}, when the translation "
                        f"was last marked current. English changes (- old, + new):\n\n{self.diff}")
            return (f"{head}: the English text's fingerprint changed, but git shows no change to {self.english} "
                    f"since commit {self.commit[:12]} (was it marked current from uncommitted English?). "
                    f"The English page now:\n\n{self.english_text}")
        if self.commit:
            why = (f"the English commit recorded for this translation ({self.commit[:12]}) is not in this clone's "
                   "history (a shallow clone? `git fetch --unshallow` brings the history)")
        else:
            why = "no English commit is recorded for this translation (it was marked current without one)"
        recorded = self.recorded_hash or "none"
        return (f"{head}: history is missing: {why}, so the changes cannot be shown line by line.\n"
                f"Recorded source_hash {recorded}; the English page's hash is now {self.english_hash}: "
                f"the English page changed since the translation was made.\n"
                f"Compare your page with the English page as it is now:\n\n{self.english_text}")


def english_changes(path: Path, root: Path = ROOT, *, color: bool = False) -> EnglishChanges:
    """The English changes since a translation was made (like kubernetes/website's scripts/lsync.sh)."""
    tree = load_tree(root)
    codes = {lg.code for lg in tree.langs}
    path = path if path.is_absolute() else (Path.cwd() / path)
    if not path.exists():
        raise ContentError(path, "does not exist")
    rel = path.resolve().relative_to((root / "docs").resolve()).as_posix()
    base, lang, unknown = split_name(rel, codes)
    if unknown or lang is None or lang == tree.default:
        raise ContentError(path, "is not a translation (expected a name like page.es.md)")
    english = tree.get(base, tree.default)
    own = tree.get(base, lang)
    if english is None or own is None:
        raise ContentError(path, f"has no English page docs/{base}")
    recorded = own.meta.get("source_hash")
    commit = own.meta.get("source_commit")
    commit = str(commit) if commit else None
    now = source_hash(english)
    history = bool(commit) and in_git(root) and _git(root, "cat-file", "-e", f"{commit}^{{commit}}").returncode == 0
    diff = ""
    english_rel = os.path.relpath(english.path, root)
    if commit and history and recorded != now:
        diff = _git(root, "--no-pager", "diff", f"--color={'always' if color else 'never'}", commit,
                    "--", english_rel).stdout
    return EnglishChanges(
        translation=f"docs/{rel}", english=f"docs/{base}", current=recorded == now,
        recorded_hash=str(recorded) if recorded else None, english_hash=now, commit=commit, history=history,
        diff=diff, english_text=read_text(english.path),
    )


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
        Locale.parse(code, sep="-")
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
    return created
