"""Glossary terms: load them, link their first use in a page, and build the A-Z index."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from . import collation
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

#: Languages matched word by word (handout.glossary._Words): a word may carry endings, particles or
#: prefixes, and only whole words count, with word characters that include combining marks (Python's
#: \w misses Devanagari matras and virama) and ZWNJ (Persian writes it inside words).
WORD_LANGS = frozenset({"ko", "tr", "ru", "hi", "fa"})
#: Snowball stemmers (the ``snowballstemmer`` package) for languages with case and number endings.
STEMMERS = {"ru": "russian", "tr": "turkish", "hi": "hindi"}
WORD_CHARS = ("\\w\u0900-\u0963\u0966-\u097f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc"
              "\u06df-\u06e8\u06ea-\u06ed\u200c\u200d")
GAP = re.compile("[\\s\u00a0]+")
#: Korean particles (josa) and copula endings written onto a noun, with the plural 들 before them.
KO_PARTICLES = frozenset(
    plural + particle
    for plural in ("", "들")
    for particle in (
        "", "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "에게서", "한테", "께", "께서",
        "로", "으로", "로서", "으로서", "로써", "으로써", "와", "과", "도", "만", "까지", "부터", "보다",
        "처럼", "만큼", "마다", "조차", "나", "이나", "든지", "이든지", "라도", "이라도", "랑", "이랑",
        "하고", "에는", "에서는", "으로는", "로는", "에도", "에서도", "으로도", "로도", "와는", "과는",
        "만은", "만이", "만을", "까지는", "부터는", "보다는", "이다", "입니다", "이며", "이고", "예요",
        "이에요", "인", "라는", "이라는", "란", "이란", "이라고", "라고", "로부터", "으로부터",
    )
)
#: Persian prefixes written onto a noun: و (and), ب (with, to), به + ZWNJ (to).
FA_PREFIXES = ("به\u200c", "و", "ب")
#: Persian endings: plural ها (with or without ZWNJ), then ezafe or indefinite ی/ای/یی (ۀ, hamza
#: above, after ه), or a possessive after the plural (هایش, هایشان ...).
FA_SUFFIX = re.compile(
    "(?:\u200c?ها(?:ی(?:ی|ش|م|ت|شان|مان|تان)?)?)?(?:\u200c?(?:ی|ای|یی)|\u0654)?"
)
#: Japanese scripts whose runs make one word, so a term in them may not start or end inside a run.
JA_RUNS = {
    "katakana": "\u30a1-\u30fa\u30fc-\u30fe\u31f0-\u31ff\uff66-\uff9f",
    "latin": "A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a",
}


@dataclass(frozen=True)
class Term:
    slug: str
    title: str
    definition: str
    synonyms: tuple[str, ...]
    related: tuple[str, ...]
    path: Path
    #: How the title is read, in kana (Japanese only): the glossary index's order.
    reading: str | None = None

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
        reading=str(page.meta["reading"]).strip() if page.meta.get("reading") else None,
    )


def fold(text: str, lang: str) -> str:
    """Case- and letter-folded ``text`` of the same length, so offsets stay those of the original.

    Turkish folds İ→i and I→ı (Python's lower() makes 'İ' two characters and casefold() maps I to
    i); Russian ё→е; Persian folds the Arabic ي ى ك to the Persian ی ک; Hindi chandrabindu ँ to
    anusvara ं (both spellings are in use).
    """
    base = lang.split("-")[0]
    table = _FOLD_TABLES.get(base)
    if table is None:
        table = _FOLD_TABLES[base] = _FoldTable(base)
    return text.translate(table)


class _FoldTable(dict[int, str]):
    """str.translate table that folds each character once, the first time it is met."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if self.base == "tr" and c in "İI":
            low = "i" if c == "İ" else "ı"
        else:
            low = c.casefold()
            if len(low) != 1:
                low = c.lower() if len(c.lower()) == 1 else c
            low = FOLDS.get(self.base, {}).get(low, low)
        self[code] = low
        return low


_FOLD_TABLES: dict[str, _FoldTable] = {}


FOLDS = {
    "ru": {"ё": "е"},
    "fa": {"ي": "ی", "ى": "ی", "ك": "ک"},
    "hi": {"ँ": "ं"},
}


def _key(form: str, lang: str) -> str:
    base = lang.split("-")[0]
    if base in WORD_LANGS or base == "ja":
        return " ".join(fold(unicodedata.normalize("NFC", form), base).split())
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


class _Words:
    """Word-by-word matching for Korean, Turkish, Russian, Hindi and Persian.

    A text word matches a term's word when, after :func:`fold`:

    - ru, tr, hi: it is the word, or has the same Snowball stem, or starts with the word and its stem
      is no longer than the word ("dokular" for "doku", but not "dokunmak"); Russian also when the
      stems differ only by a fleeting vowel ("клеток" and "клетк"); a Turkish word's ending after an
      apostrophe ("FDA'nın") is an ending. The link covers the whole word.
    - fa: after an optional prefix (و ب به‌), it is the word with Persian endings (FA_SUFFIX). The link
      covers the whole word, prefix included, as for Arabic.
    - ko: the last word of a term may carry particles (KO_PARTICLES), which stay outside the link;
      "줄기 세포" also matches "줄기세포".

    A longer word that merely contains a term never matches. Terms of more words are tried first.
    """

    def __init__(self, by_key: dict[str, Term], lang: str) -> None:
        self.lang = lang
        token = f"[{WORD_CHARS}]+"
        if lang == "tr":
            token += f"(?:['\u2019][{WORD_CHARS}]+)?"
        self.token = re.compile(token)
        self.stemmer = None
        if lang in STEMMERS:
            import snowballstemmer

            self.stemmer = snowballstemmer.stemmer(STEMMERS[lang])
        self._stems: dict[str, str] = {}
        self._ends: dict[tuple[str, str, bool], int | None] = {}
        forms: list[tuple[tuple[str, ...], Term]] = []
        for key, term in by_key.items():
            forms.append((tuple(key.split()), term))
            if lang == "ko" and " " in key:
                forms.append((("".join(key.split()),), term))
        forms.sort(key=lambda f: (-len(f[0]), -len("".join(f[0])), f[0]))
        self.by_first: dict[str, list[tuple[tuple[str, ...], Term]]] = {}
        for words, term in forms:
            self.by_first.setdefault(words[0][:1], []).append((words, term))

    def stem(self, word: str) -> str:
        if word not in self._stems:
            assert self.stemmer is not None
            self._stems[word] = self.stemmer.stemWord(word)
        return self._stems[word]

    @staticmethod
    def _unfleet(stem: str) -> str:
        """A Russian stem without its fleeting vowel: "клеток" -> "клетк"."""
        m = re.fullmatch("(.+[^аеиоуыэюя])[ое]([^аеиоуыэюяйь])", stem)
        return m.group(1) + m.group(2) if m else stem

    def word_end(self, token: str, word: str, last: bool) -> int | None:
        """How much of ``token`` the link covers if it is a form of the term's ``word``, else None."""
        key = (token, word, last)
        if key not in self._ends:
            self._ends[key] = self._word_end(token, word, last)
        return self._ends[key]

    def _word_end(self, token: str, word: str, last: bool) -> int | None:
        if self.lang == "ko":
            if token == word:
                return len(token)
            if last and token.startswith(word) and token[len(word):] in KO_PARTICLES:
                return len(word)
            return None
        if self.lang == "fa":
            for prefix in ("", *FA_PREFIXES):
                if not token.startswith(prefix):
                    continue
                rest = token[len(prefix):]
                if rest.startswith(word) and FA_SUFFIX.fullmatch(rest[len(word):]):
                    return len(token)
            return None
        base = re.split("['\u2019]", token)[0] if self.lang == "tr" else token
        if base == word:
            return len(token)
        stem, wstem = self.stem(base), self.stem(word)
        if stem == wstem or (base.startswith(word) and len(stem) <= len(word)):
            return len(token)
        if self.lang == "ru" and self._unfleet(stem) == self._unfleet(wstem):
            return len(token)
        return None

    def _candidates(self, token: str) -> list[tuple[tuple[str, ...], Term]]:
        firsts = [token[:1]]
        if self.lang == "fa":
            firsts += [token[len(p):len(p) + 1] for p in FA_PREFIXES if token.startswith(p)]
        found = [f for first in dict.fromkeys(firsts) for f in self.by_first.get(first, [])]
        if len(firsts) > 1:
            found.sort(key=lambda f: (-len(f[0]), -len("".join(f[0])), f[0]))
        return found

    def find(self, text: str) -> Iterable[tuple[int, int, Term]]:
        folded = fold(text, self.lang)
        tokens = [(m.start(), m.end(), m.group()) for m in self.token.finditer(folded)]
        i = 0
        while i < len(tokens):
            hit = self._match_at(folded, tokens, i)
            if hit is None:
                i += 1
                continue
            end, term, count = hit
            yield tokens[i][0], end, term
            i += count

    def _match_at(self, folded: str, tokens: list[tuple[int, int, str]],
                  i: int) -> tuple[int, Term, int] | None:
        for words, term in self._candidates(tokens[i][2]):
            if i + len(words) > len(tokens):
                continue
            end = None
            for j, word in enumerate(words):
                start, _, token = tokens[i + j]
                if j and not GAP.fullmatch(folded[tokens[i + j - 1][1]:start]):
                    break
                covered = self.word_end(token, word, last=j == len(words) - 1)
                if covered is None:
                    break
                end = start + covered
            else:
                assert end is not None
                return end, term, len(words)
        return None


class Matcher:
    """Finds glossary terms in running text, with rules that suit each script."""

    def __init__(self, terms: Iterable[Term], lang: str) -> None:
        self.lang = lang.split("-")[0]
        self.by_key: dict[str, Term] = {}
        for term in terms:
            for form in term.forms:
                self.by_key[_key(form, self.lang)] = term
        self.words = _Words(self.by_key, self.lang) if self.lang in WORD_LANGS else None
        keys = sorted(self.by_key, key=lambda k: (-len(k), k))
        alternation = "|".join(self._pattern(k) for k in keys) or r"(?!x)x"
        if self.lang == "ja":
            # No spaces: a term may not begin or end inside a run of katakana or Latin letters
            # (ケラチン is not in ケラチノサイト); between kanji and kana a word edge is not decidable.
            alternation = "|".join(self._ja_pattern(k) for k in keys) or r"(?!x)x"
            regex = f"(?P<t>{alternation})"
        elif self.lang == "zh":
            regex = f"(?P<t>{alternation})"
        elif self.lang == "ar":
            regex = f"(?<!\\w){AR_PREFIX}(?P<t>{alternation})(?!\\w)"
        elif self.lang == "de":
            # German builds compounds and inflects: "Haarfollikel" also matches "Haarfollikeln".
            regex = f"(?<!\\w)(?P<t>{alternation})\\w*"
        else:
            regex = f"(?<!\\w)(?P<t>{alternation})(?!\\w)"
        self.regex = re.compile(regex, 0 if self.lang == "ja" else re.IGNORECASE)

    @staticmethod
    def _ja_pattern(key: str) -> str:
        pattern = r"[\s\u00a0]+".join(re.escape(p) for p in key.split())
        for chars in JA_RUNS.values():
            run = re.compile(f"[{chars}]")
            if run.match(key[:1]):
                pattern = f"(?<![{chars}]){pattern}"
            if run.match(key[-1:]):
                pattern = f"{pattern}(?![{chars}])"
        return pattern

    def _pattern(self, key: str) -> str:
        parts = [re.escape(p) for p in key.split()]
        pattern = r"[\s\u00a0]+".join(parts)
        if self.lang == "ar":
            # The article may be written or left out: "الأدمة" and "أدمة" are the same term.
            pattern = f"(?:{AR_ARTICLE})?{pattern}"
        return pattern

    def term_of(self, text: str) -> Term | None:
        if self.lang == "ja":
            return self.by_key.get(" ".join(text.split()))
        key = " ".join(unicodedata.normalize("NFC", text).casefold().split())
        if self.lang == "ar" and key.startswith(AR_ARTICLE) and key not in self.by_key:
            key = key[len(AR_ARTICLE):]
        return self.by_key.get(key)

    def find(self, text: str) -> Iterable[tuple[int, int, Term]]:
        if self.words is not None:
            yield from self.words.find(text)
            return
        if self.lang == "ja":
            text = fold(text, "ja")  # same length: offsets stay those of the text
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


def sort_key(title: str, lang: str, reading: str | None = None) -> tuple[str, Any]:
    """(group letter, sort key) for the A-Z index in a language."""
    ordered = collation.index_key(title, lang, reading)
    if ordered is not None:
        return ordered
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
    groups: dict[str, list[tuple[Any, Term]]] = {}
    for term in terms:
        letter, key = sort_key(term.title, lang, term.reading)
        groups.setdefault(letter, []).append((key, term))
    return [
        (letter, [{"href": url_for(t), "title": t.title, "definition": t.definition}
                  for _, t in sorted(groups[letter], key=lambda kt: kt[0])])
        for letter in sorted(groups, key=lambda g: collation.group_order(g, lang))
    ]
