"""Helpers for tests: small throw-away copies of the project for error and workflow tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("NLTK_DATA", str(ROOT / ".cache" / "nltk_data"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def page(title: str, body: str, *, desc: str | None = None, reviewed: str = "2026-11-20", **extra: object) -> str:
    meta = [f"title: {title}", f"description: {desc or 'A test page for the handout build, long enough to use.'}",
            f"reviewed: {reviewed}"]
    for k, v in extra.items():
        meta.append(f"{k}: {v}")
    return "---\n" + "\n".join(meta) + "\n---\n\n# " + title + "\n\n" + textwrap.dedent(body).strip() + "\n"


def term(title: str, definition: str, synonyms: str = "[]", related: str = "[]", body: str = "Text.", **extra: object) -> str:
    return page(title, body, desc=definition, synonyms=synonyms, related=related, **extra)


MINI_PAGES = {
    "index.md": page("Home", "Stem cells may wake a resting follicle. The dermis is a skin layer.\n\n<!-- diagram: hair-cycle -->"),
    "about.md": page("About", "See the [home page](index.md) and [the glossary](glossary/index.md)."),
    "glossary/index.md": page("Glossary", "<!-- glossary-index -->"),
    "glossary/stem-cell.md": term("Stem cell", "A cell that can copy itself and become other cells.", "[stem cells]", "[dermis]"),
    "glossary/dermis.md": term("Dermis", "The thick middle layer of the skin.", "[]", "[stem-cell]"),
    "index.es.md": page("Inicio", "Las células madre pueden despertar un folículo. La dermis es una capa.\n\n<!-- diagram: hair-cycle -->"),
    "about.es.md": page("Acerca de", "Vea la [página de inicio](index.md) y [el glosario](glossary/index.md)."),
    "glossary/index.es.md": page("Glosario", "<!-- glossary-index -->"),
    "glossary/stem-cell.es.md": term("Célula madre", "Una célula que puede copiarse.", "[células madre]", "[dermis]"),
    "glossary/dermis.es.md": term("Dermis", "La capa media y gruesa de la piel.", "[]", "[stem-cell]"),
}

MINI_POT = 'msgid "Last reviewed:"\nmsgstr ""\n'
MINI_PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Last reviewed:"\nmsgstr "Última revisión:"\n'


def _site_lang(rel: str) -> str | None:
    """The site language of a page's suffix (``"es"`` for ``about.es.md``), None for English or an unknown suffix."""
    m = re.search(r"\.([a-z]{2,3}(?:-[A-Z]{2})?)\.md$", rel)
    codes = re.findall(r"^\s*- locale: (\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return m.group(1) if m and m.group(1) in codes else None


def make_project(dest: Path, pages: dict[str, str] | None = None, langs: tuple[str, ...] = ("en", "es"),
                 nav: list[str] | None = None, po: dict[str, str] | None = None, mark_current: bool = True) -> Path:
    """A small copy of the project: the real overrides, a few pages, some languages."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "overrides", dest / "overrides",
                    ignore=shutil.ignore_patterns("*.po", "*.mo", "__pycache__"))
    for sub in (dest / "overrides" / "locales").iterdir():
        if sub.is_dir():
            shutil.rmtree(sub)
    regulators = dest / "overrides" / "data" / "regulators.yml"
    if regulators.exists():  # the fixture's languages only (the real file names every site language)
        data = yaml.safe_load(regulators.read_text(encoding="utf-8")) or {}
        regulators.write_text(yaml.safe_dump({k: v for k, v in data.items() if k in langs}, allow_unicode=True),
                              encoding="utf-8")
    (dest / "docs" / "assets").mkdir(parents=True)
    for css in (ROOT / "docs" / "assets").glob("*"):
        shutil.copy(css, dest / "docs" / "assets" / css.name)
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = "".join(
        f"        - locale: {code}\n          name: {code}\n" + ("          default: true\n" if i == 0 else "")
        + "          build: true\n" for i, code in enumerate(langs)
    )
    cfg = re.sub(r"(      languages:\n)(?:        .*\n|\s*#.*\n)+", lambda m: m.group(1) + block, cfg)
    pages = dict(MINI_PAGES if pages is None else pages)
    # A fixture builds only its languages: langs=("en",) drops the translations of the other site languages.
    pages = {rel: text for rel, text in pages.items() if _site_lang(rel) in (None, *langs)}
    nav = nav if nav is not None else [p for p in ("index.md", "about.md", "glossary/index.md") if p in pages]
    cfg = re.sub(r"\nnav:\n(?:  - .*\n?)+", "\nnav:\n" + "".join(f"  - {n}\n" for n in nav), cfg)
    (dest / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    for rel, text in pages.items():
        path = dest / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # The fixture's template lists the strings of MINI_PO: every catalog must hold every entry of
    # messages.pot (the real template is checked against the real catalogs in test_languages.py).
    (dest / "overrides" / "locales" / "messages.pot").write_text(MINI_POT, encoding="utf-8")
    for code in langs[1:]:
        text = (po or {}).get(code, MINI_PO)
        po_path = dest / "overrides" / "locales" / code.replace("-", "_") / "LC_MESSAGES" / "messages.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        po_path.write_text(text, encoding="utf-8")
    if mark_current:
        from handout import i18n

        translations = [dest / "docs" / rel for rel in pages
                        if any(rel.endswith(f".{c}.md") for c in langs[1:])]
        if translations:
            i18n.mark_current(translations, dest)
    return dest


def run_handout(root: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handout.cli", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=root)



def tree_digest(path: Path) -> dict[str, str]:
    """sha256 of every file below ``path``: a refused build must leave site/ byte-identical."""
    import hashlib

    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def write_file(rel: str, text: str | bytes) -> Callable[[Path], None]:
    """A fixture edit: write ``rel`` (relative to the project) with ``text``."""
    def apply(p: Path) -> None:
        path = p / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return apply


def append_po(text: str, code: str = "es") -> Callable[[Path], None]:
    """A fixture edit: append ``text`` to a language's catalog."""
    def apply(p: Path) -> None:
        path = p / "overrides" / "locales" / code / "LC_MESSAGES" / "messages.po"
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return apply


def built_project(dest: Path, langs: tuple[str, ...] = ("en", "es")) -> Path:
    """A fixture project built once (HTML only), for refusal tests to copy."""
    proj = make_project(dest, langs=langs)
    r = run_handout(proj, "build", "--no-pdf")
    assert r.returncode == 0, r.stderr
    return proj
