"""Glossary terms: load them, link their first use in a page, and build the A-Z index."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from .content import Page, Tree
from .errors import ContentError

#: Elements whose text is never linked.
SKIP_TAGS = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "script", "style", "svg",
     "button", "summary", "abbr", "label", "title", "textarea", "select"}
)
SKIP_CLASSES = frozenset({"admonition-title", "glossary-skip", "headerlink"})

#: Arabic proclitics that attach to the front of a word: و ف (and), ب ك ل (with/like/for), ال (the).
AR_PREFIX = "(?:[وف]?(?:[بكل]?ال|لل|[بكل])?)"
AR_ARTICLE = "ال"


@dataclass(frozen=True)
class Term:
    slug: str
    title: str
    definition: str
    synonyms: tuple[str, ...]
    related: tuple[str, ...]
    path: Path

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.title, *self.synonyms)


def terms_for(tree: Tree, lang: str) -> dict[str, Term]:
    """The glossary of one language, by slug. Raises ContentError for clashes or missing terms."""
    terms: dict[str, Term] = {}
    for base, by_lang in sorted(tree.pages.items()):
        english = by_lang.get(tree.default)
        if english is None or not english.is_glossary_term:
            continue
        page = by_lang.get(lang)
        if page is None:
            raise ContentError(
                english.path.with_name(f"{english.slug}.{lang}.md"),
                f"glossary term '{english.slug}' has no page in language '{lang}'; "
                f"translate {english.where()} into this file",
            )
        terms[english.slug] = _term(page, english.slug)
    check_terms(terms.values(), lang)
    return terms


def _term(page: Page, slug: str) -> Term:
    syn = page.meta.get("synonyms") or []
    rel = page.meta.get("related") or []
    return Term(
        slug=slug,
        title=str(page.meta.get("title", slug)).strip(),
        definition=" ".join(str(page.meta.get("description", "")).split()),
        synonyms=tuple(str(s).strip() for s in syn if str(s).strip()),
        related=tuple(str(r).strip() for r in rel),
        path=page.path,
    )


def _key(form: str, lang: str) -> str:
    key = unicodedata.normalize("NFC", form).casefold().strip()
    if lang == "ar" and key.startswith(AR_ARTICLE) and len(key) > 3:
        key = key[len(AR_ARTICLE):]
    return key


def check_terms(terms: Iterable[Term], lang: str) -> None:
    """Two terms may not claim the same word; related terms must exist."""
    owners: dict[str, Term] = {}
    all_terms = list(terms)
    slugs = {t.slug for t in all_terms}
    for term in all_terms:
        for form in term.forms:
            key = _key(form, lang)
            other = owners.get(key)
            if other is not None and other.slug != term.slug:
                raise ContentError(
                    term.path,
                    f"the word '{form}' is claimed by two glossary terms: '{term.slug}' and "
                    f"'{other.slug}' ({other.path.name}); keep it in one of them",
                )
            owners[key] = term
        for rel in term.related:
            if rel not in slugs:
                raise ContentError(term.path, f"'related' names an unknown glossary term '{rel}'")


class Matcher:
    """Finds glossary terms in running text, with rules that suit each script."""

    def __init__(self, terms: Iterable[Term], lang: str) -> None:
        self.lang = lang.split("-")[0]
        self.by_key: dict[str, Term] = {}
        for term in terms:
            for form in term.forms:
                self.by_key[_key(form, self.lang)] = term
        keys = sorted(self.by_key, key=lambda k: (-len(k), k))
        alternation = "|".join(self._pattern(k) for k in keys) or r"(?!x)x"
        if self.lang == "zh" or self.lang == "ja":
            regex = f"(?P<t>{alternation})"
        elif self.lang == "ar":
            regex = f"(?<!\\w){AR_PREFIX}(?P<t>{alternation})(?!\\w)"
        elif self.lang == "de":
            # German builds compounds and inflects: "Haarfollikel" also matches "Haarfollikeln".
            regex = f"(?<!\\w)(?P<t>{alternation})\\w*"
        else:
            regex = f"(?<!\\w)(?P<t>{alternation})(?!\\w)"
        self.regex = re.compile(regex, re.IGNORECASE)

    def _pattern(self, key: str) -> str:
        parts = [re.escape(p) for p in key.split()]
        pattern = r"[\s\u00a0]+".join(parts)
        if self.lang == "ar":
            # The article may be written or left out: "الأدمة" and "أدمة" are the same term.
            pattern = f"(?:{AR_ARTICLE})?{pattern}"
        return pattern

    def term_of(self, text: str) -> Term | None:
        key = " ".join(unicodedata.normalize("NFC", text).casefold().split())
        if self.lang == "ar" and key.startswith(AR_ARTICLE) and key not in self.by_key:
            key = key[len(AR_ARTICLE):]
        return self.by_key.get(key)

    def find(self, text: str) -> Iterable[tuple[int, int, Term]]:
        for m in self.regex.finditer(unicodedata.normalize("NFC", text)):
            term = self.term_of(m.group("t"))
            if term is not None:
                yield m.start(), m.end(), term


def _skips(tag: Tag) -> bool:
    """Whether no text inside ``tag`` is linked (a heading, a link, code, ...)."""
    if tag.name in SKIP_TAGS:
        return True
    classes: list[str] = list(tag.get("class") or [])
    return any(c in SKIP_CLASSES for c in classes)


def _linkable_texts(soup: BeautifulSoup) -> list[NavigableString]:
    """The plain text nodes of a page outside skipped elements, in document order.

    One walk that leaves out skipped elements whole (instead of looking up every text node's
    ancestors), with a stack instead of recursion, so deeply nested HTML cannot exhaust it."""
    out: list[NavigableString] = []
    stack: list[Iterator[object]] = [iter(soup.contents)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif type(child) is NavigableString:
            out.append(child)
        elif isinstance(child, Tag) and not _skips(child):
            stack.append(iter(child.contents))
    return out


def link_terms_in(
    soup: BeautifulSoup,
    matcher: Matcher,
    url_for: Callable[[Term], str],
    *,
    exclude: str | None = None,
) -> list[str]:
    """Link the first use of each term in a parsed page, in place. Returns the linked slugs in order."""
    linked: list[str] = []
    seen: set[str] = {exclude} if exclude else set()
    for node in _linkable_texts(soup):
        text = str(node)
        if not text.strip():
            continue
        pieces: list[str | Tag] = []
        pos = 0
        for start, end, term in matcher.find(text):
            if term.slug in seen or start < pos:
                continue
            seen.add(term.slug)
            linked.append(term.slug)
            pieces.append(text[pos:start])
            anchor = soup.new_tag("a", href=url_for(term), title=term.definition)
            anchor["class"] = "glossary-link"
            anchor.string = text[start:end]
            pieces.append(anchor)
            pos = end
        if not pieces:
            continue
        pieces.append(text[pos:])
        for piece in pieces:
            if isinstance(piece, str):
                if piece:
                    node.insert_before(NavigableString(piece))
            else:
                node.insert_before(piece)
        node.extract()
    return linked


def link_terms(
    content: str,
    matcher: Matcher,
    url_for: Callable[[Term], str],
    *,
    exclude: str | None = None,
) -> tuple[str, list[str]]:
    """Link the first use of each term in an HTML fragment. Returns (html, linked slugs in order)."""
    soup = BeautifulSoup(content, "html.parser")
    linked = link_terms_in(soup, matcher, url_for, exclude=exclude)
    return str(soup), linked


def sort_key(title: str, lang: str) -> tuple[str, str]:
    """(group letter, sort key) for the A-Z index in a language."""
    base = lang.split("-")[0]
    text = title.strip()
    if base == "zh":
        from pypinyin import lazy_pinyin

        pinyin = "".join(lazy_pinyin(text)).upper()
        return (pinyin[:1] or "#", pinyin)
    if base == "ar" and text.startswith(AR_ARTICLE) and len(text) > 3:
        text = text[len(AR_ARTICLE):]
    plain = "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )
    plain = plain.replace("đ", "d").replace("Đ", "D")
    folded = plain.casefold()
    letter = folded[:1].upper() if folded[:1].isalpha() else "#"
    return (letter, folded)


def index_groups(terms: Iterable[Term], lang: str, url_for: Callable[[Term], str]) -> list[tuple[str, list[dict[str, str]]]]:
    """The A-Z index as data for partials/handout/glossary.html: [(letter, [{href, title, definition}])]."""
    groups: dict[str, list[tuple[str, Term]]] = {}
    for term in terms:
        letter, key = sort_key(term.title, lang)
        groups.setdefault(letter, []).append((key, term))
    return [
        (letter, [{"href": url_for(t), "title": t.title, "definition": t.definition}
                  for _, t in sorted(groups[letter], key=lambda kt: kt[0])])
        for letter in sorted(groups)
    ]
