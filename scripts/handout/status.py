"""Translation status: what is missing, outdated, fuzzy or structurally different, per language."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import catalogs
from .content import TRANSLATION_KEYS, Page, Tree, load_tree, source_hash
from .errors import ContentError
from .project import ROOT

HEADING_RE = re.compile(r"^(#{1,6})\s+\S")
LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)[^)]*\)")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)[^)]*\)")
ADMONITION_RE = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*([\w-]+)")
DIAGRAM_RE = re.compile(r"<!--\s*diagram:\s*([a-z0-9-]+)\s*-->")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


@dataclass
class LangStatus:
    lang: str
    name: str
    pages_total: int = 0
    pages_translated: int = 0
    pages_outdated: int = 0
    pages_missing: int = 0
    terms_total: int = 0
    terms_translated: int = 0
    catalog_translated: int = 0
    catalog_fuzzy: int = 0
    catalog_untranslated: int = 0
    missing: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        done = self.pages_translated
        return round(100 * done / self.pages_total) if self.pages_total else 100

    @property
    def catalog(self) -> str:
        """Translated interface texts out of all: ``41/41`` (``—`` without a catalog)."""
        total = self.catalog_translated + self.catalog_fuzzy + self.catalog_untranslated
        return f"{self.catalog_translated}/{total}" if total else "—"


def page_state(english: Page, page: Page | None) -> str:
    """'current', 'outdated' or 'missing' (a placeholder marked untranslated counts as missing)."""
    if page is None or page.meta.get("untranslated"):
        return "missing"
    if page.meta.get("source_hash") != source_hash(english):
        return "outdated"
    return "current"


def collect(root: Path = ROOT, tree: Tree | None = None) -> list[LangStatus]:
    tree = tree or load_tree(root)
    out = []
    for lang in tree.langs:
        st = LangStatus(lang.code, lang.name)
        for base, by_lang in sorted(tree.pages.items()):
            english = by_lang.get(tree.default)
            if english is None:
                continue
            st.pages_total += 1
            is_term = english.is_glossary_term
            st.terms_total += is_term
            if lang.default:
                st.pages_translated += 1
                st.terms_translated += is_term
                continue
            state = page_state(english, by_lang.get(lang.code))
            if state == "current":
                st.pages_translated += 1
                st.terms_translated += is_term
            elif state == "outdated":
                st.pages_outdated += 1
                st.outdated.append(base)
            else:
                st.pages_missing += 1
                st.missing.append(base)
        if not lang.default:
            path = catalogs.po_path(lang, root)
            if path.exists():
                try:
                    s = catalogs.stats(catalogs.load_catalog(path, lang.catalog_code))
                    st.catalog_translated, st.catalog_fuzzy, st.catalog_untranslated = (
                        s.translated, s.fuzzy, s.untranslated
                    )
                except ContentError:
                    pass
        out.append(st)
    return out


def as_dicts(statuses: list[LangStatus]) -> list[dict[str, object]]:
    return [{**asdict(s), "percent": s.percent} for s in statuses]


def table(statuses: list[LangStatus]) -> str:
    head = ("language", "pages", "translated", "outdated", "missing", "terms", "catalog ok/fuzzy/todo", "%")
    rows = [head]
    for s in statuses:
        rows.append(
            (
                f"{s.lang} ({s.name})",
                str(s.pages_total),
                str(s.pages_translated),
                str(s.pages_outdated),
                str(s.pages_missing),
                f"{s.terms_translated}/{s.terms_total}",
                f"{s.catalog_translated}/{s.catalog_fuzzy}/{s.catalog_untranslated}",
                f"{s.percent}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@dataclass
class Outline:
    headings: list[tuple[int, int]]  # (level, line)
    links: list[tuple[str, int]]
    images: list[tuple[str, int]]
    admonitions: list[tuple[str, int]]
    diagrams: list[tuple[str, int]]


def outline(page: Page) -> Outline:
    o = Outline([], [], [], [], [])
    fenced = False
    for i, line in enumerate(page.body.splitlines()):
        n = page.body_line + i
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if m := HEADING_RE.match(line):
            o.headings.append((len(m.group(1)), n))
        for m in LINK_RE.finditer(line):
            target = m.group(1)
            if not target.startswith(("http://", "https://", "mailto:")):
                o.links.append((target, n))
        for m in IMAGE_RE.finditer(line):
            o.images.append((m.group(1), n))
        if m := ADMONITION_RE.match(line):
            o.admonitions.append((m.group(1), n))
        for m in DIAGRAM_RE.finditer(line):
            o.diagrams.append((m.group(1), n))
    return o


def structure_problems(english: Page, page: Page, root: Path = ROOT) -> list[ContentError]:
    """Differences in structure between an English page and its translation."""
    if page.meta.get("untranslated"):
        return []
    a, b = outline(english), outline(page)
    where = page.path
    errs: list[ContentError] = []

    def first_line(items: list[tuple[object, int]]) -> int:
        return items[0][1] if items else page.body_line

    if [h for h, _ in a.headings] != [h for h, _ in b.headings]:
        line = next(
            (bl for (ha, _), (hb, bl) in zip(a.headings, b.headings) if ha != hb),
            first_line(b.headings[len(a.headings):] or b.headings),  # type: ignore[arg-type]
        )
        errs.append(
            ContentError(
                where,
                f"has {len(b.headings)} headings (levels {[h for h, _ in b.headings]}); "
                f"the English page has {len(a.headings)} (levels {[h for h, _ in a.headings]})",
                line,
            )
        )
    for label, xa, xb in (
        ("links", a.links, b.links),
        ("images", a.images, b.images),
        ("admonitions", a.admonitions, b.admonitions),
        ("diagrams", a.diagrams, b.diagrams),
    ):
        ta, tb = [t for t, _ in xa], [t for t, _ in xb]
        if label == "links":
            ta, tb = sorted(ta), sorted(tb)
        if ta != tb:
            line = next((bl for (va, _), (vb, bl) in zip(xa, xb) if va != vb), first_line(xb))  # type: ignore[arg-type]
            errs.append(
                ContentError(where, f"{label} differ from the English page: English {ta}, here {tb}", line)
            )
    keys_a = set(english.meta) - set(TRANSLATION_KEYS)
    keys_b = set(page.meta) - set(TRANSLATION_KEYS)
    if keys_a != keys_b:
        missing = sorted(keys_a - keys_b)
        extra = sorted(keys_b - keys_a)
        errs.append(
            ContentError(
                where,
                "front matter keys differ from the English page"
                + (f"; missing {missing}" if missing else "")
                + (f"; extra {extra}" if extra else ""),
                1,
            )
        )
    return errs


def check(root: Path = ROOT) -> list[str]:
    """Everything a translator must fix, one line each: ``file:line: [lang] problem``."""
    tree = load_tree(root)
    problems: list[str] = [str(e) for e in tree.errors]
    for lang in tree.langs[1:]:
        for base, by_lang in sorted(tree.pages.items()):
            english = by_lang.get(tree.default)
            if english is None:
                continue
            page = by_lang.get(lang.code)
            state = page_state(english, page)
            rel_en = english.where(root)
            if state == "missing":
                target = page.where(root) if page else str(Path(rel_en).with_suffix(f".{lang.code}.md"))
                why = "is marked untranslated" if page else "is missing"
                problems.append(f"{target}: [{lang.code}] translation of {rel_en} {why}")
                continue
            assert page is not None
            if state == "outdated":
                problems.append(
                    f"{page.where(root)}:{page.meta_lines.get('source_hash', 1)}: [{lang.code}] outdated: "
                    f"{rel_en} changed since it was translated; update the text, then run "
                    f"'handout i18n mark-current {page.where(root)}'"
                )
            for err in structure_problems(english, page, root):
                problems.append(f"{err.path.relative_to(root) if err.path.is_absolute() else err.path}"
                                f"{':' + str(err.line) if err.line else ''}: [{lang.code}] {err.message}")
        path = catalogs.po_path(lang, root)
        rel = path.relative_to(root)
        if not path.exists():
            problems.append(f"{rel}: [{lang.code}] catalog is missing")
            continue
        try:
            cat = catalogs.load_catalog(path, lang.catalog_code)
        except ContentError as exc:
            problems.append(f"{exc} [{lang.code}]")
            continue
        for msg in cat:
            if not msg.id:
                continue
            strings = msg.string if isinstance(msg.string, (list, tuple)) else (msg.string,)
            if msg.fuzzy:
                problems.append(f"{rel}:{msg.lineno}: [{lang.code}] fuzzy entry {msg.id!r}")
            elif not all(strings):
                problems.append(f"{rel}:{msg.lineno}: [{lang.code}] untranslated entry {msg.id!r}")
        for err in catalogs.check_placeholders(cat, path):
            problems.append(f"{rel}:{err.line}: [{lang.code}] {err.message}")
    return problems
