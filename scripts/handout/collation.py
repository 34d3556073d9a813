"""The glossary index's letters and order in each script.

Unicode code-point order is the dictionary order of none of the handout's harder scripts: Turkish has
letters of its own (Ç Ğ I İ Ö Ş Ü) between the Latin ones, Persian adds پ چ ژ گ to the Arabic letters
and puts ک and ی in other places, Korean dictionaries group words by their first consonant (ㄱ ㄴ ㄷ ...),
and Japanese words are ordered by their reading in kana (あ か さ た な ...), which a kanji title does not
show: Japanese glossary terms give it in their ``reading`` front matter key.
"""

from __future__ import annotations

import unicodedata

#: The Turkish alphabet, in order (upper case; q, w, x are not Turkish letters and sort after z).
TR_ALPHABET = "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ"
#: The Persian alphabet, in order; آ and the hamza forms of alef group under ا.
FA_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
FA_FOLD = {"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی", "ي": "ی", "ى": "ی", "ك": "ک",
           "ة": "ه", "ۀ": "ه"}
#: First consonants of Hangul syllables, in order, as the letters (compatibility jamo) readers know.
KO_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
#: Doubled consonants are listed under their single form in a short index.
KO_GROUP = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}
#: The rows of the Japanese syllabary (gojūon), by their first kana.
JA_ROWS = "あかさたなはまやらわ"
JA_ROW_OF = {
    **dict.fromkeys("あいうえおぁぃぅぇぉゔ", "あ"), **dict.fromkeys("かきくけこがぎぐげごゕゖ", "か"),
    **dict.fromkeys("さしすせそざじずぜぞ", "さ"), **dict.fromkeys("たちつてとだぢづでどっ", "た"),
    **dict.fromkeys("なにぬねの", "な"), **dict.fromkeys("はひふへほばびぶべぼぱぴぷぺぽ", "は"),
    **dict.fromkeys("まみむめも", "ま"), **dict.fromkeys("やゆよゃゅょ", "や"),
    **dict.fromkeys("らりるれろ", "ら"), **dict.fromkeys("わゐゑをんゎ", "わ"),
}


def _alphabet_key(text: str, alphabet: str) -> tuple[int, ...]:
    """Each letter's place in ``alphabet``; other characters after it, in code-point order."""
    return tuple(alphabet.index(c) if c in alphabet else len(alphabet) + ord(c) for c in text)


def _tr_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def _hiragana(text: str) -> str:
    """Katakana as hiragana (same reading), long-vowel marks dropped."""
    out = []
    for c in unicodedata.normalize("NFKC", text):
        if "ァ" <= c <= "ヶ":
            c = chr(ord(c) - 0x60)
        if c != "ー":
            out.append(c)
    return "".join(out)


def is_kana(text: str) -> bool:
    return all("ぁ" <= c <= "ゖ" or "ァ" <= c <= "ヺ" or c in "ー・ " for c in text)


def needs_reading(title: str, lang: str) -> bool:
    """A Japanese title that is not written in kana alone has no order of its own: it needs a reading."""
    return lang.split("-")[0] == "ja" and not is_kana(title.strip())


def index_key(title: str, lang: str, reading: str | None = None) -> tuple[str, tuple[object, ...]] | None:
    """(group letter, sort key) for scripts whose order is not the code-point order; None for the others."""
    base = lang.split("-")[0]
    text = unicodedata.normalize("NFC", title.strip())
    if base == "tr":
        upper = _tr_upper(text)
        letter = upper[:1] if upper[:1] in TR_ALPHABET else "#"
        return letter, _alphabet_key(upper, TR_ALPHABET)
    if base == "fa":
        folded = "".join(FA_FOLD.get(c, c) for c in text if c != "\u200c")
        letter = folded[:1] if folded[:1] in FA_ALPHABET else "#"
        return letter, _alphabet_key(folded, FA_ALPHABET)
    if base == "ko":
        first = text[:1]
        if "가" <= first <= "힣":
            initial = KO_INITIALS[(ord(first) - 0xAC00) // 588]
            return KO_GROUP.get(initial, initial), (text,)
        return "#", (text,)
    if base == "ja":
        kana = _hiragana(reading or (text if is_kana(text) else ""))
        if not kana:
            return "#", (1, text)
        plain = "".join(c for c in unicodedata.normalize("NFD", kana) if unicodedata.category(c) != "Mn")
        return JA_ROW_OF.get(plain[:1], "#"), (0, plain, kana)
    return None


def group_order(letter: str, lang: str) -> tuple[object, ...]:
    """Where a group letter stands among the others: in alphabet order, '#' last; code-point order
    for the scripts that need no table."""
    base = lang.split("-")[0]
    alphabet = {"tr": TR_ALPHABET, "fa": FA_ALPHABET, "ko": KO_INITIALS, "ja": JA_ROWS}.get(base)
    if alphabet is None:
        return (0, letter)
    if letter in alphabet:
        return (0, alphabet.index(letter))
    return (1, letter)
