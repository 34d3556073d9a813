"""The PDFs: one full handout per language and paper, one key-points sheet; tagged, embedded fonts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from handout import catalogs
from handout.content import load_tree
from handout.project import languages
from handout.urls import keypoints_name, pdf_name

LANGS = languages()
MAX_BYTES = 2 * 1024 * 1024
#: Languages whose words do not come back whole from the PDF's text (the pages print right; checked by
#: eye, see test_pdf_text_is_in_the_languages_script for the script itself).
TEXT_NOT_EXTRACTABLE = {
    "hi": "WeasyPrint maps each glyph to one piece of text whatever its context (ToUnicode), so the "
          "Devanagari vowel sign ि, drawn before its consonant, is lost or misplaced: लिए extracts as लए",
}


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_full_pdf(site: Path, lang) -> None:
    tree = load_tree()
    title = catalogs.translations(lang).gettext("Stem-cell therapy for hair loss")
    for paper in ("a4", "letter"):
        path = site / "downloads" / pdf_name(lang.code, paper)
        assert path.exists(), path
        assert path.stat().st_size <= MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert str(root["/Lang"]) == lang.code
        assert "/StructTreeRoot" in root, "PDF is not tagged"
        assert reader.metadata.title == title
        assert len(reader.pages) >= 10
        box = reader.pages[0].mediabox
        expected = (595, 842) if paper == "a4" else (612, 792)
        assert (round(float(box.width)), round(float(box.height))) == expected
        text = "".join(p.extract_text() or "" for p in reader.pages)
        assert "\ufffd" not in text
        if lang.code in TEXT_NOT_EXTRACTABLE:
            pytest.xfail(TEXT_NOT_EXTRACTABLE[lang.code])
        term = tree.get("glossary/dermal-papilla.md", lang.code)
        assert term is not None
        compact = re.sub(r"\s+", "", text)
        assert re.sub(r"\s+", "", str(term.meta["title"])) in compact, f"{lang.code}: glossary term missing"
        assert re.sub(r"\s+", "", title) in compact


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_fonts_embedded_and_page_not_blank(site: Path, lang, tmp_path: Path) -> None:
    path = site / "downloads" / pdf_name(lang.code)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "no fonts"
    for row in rows:
        cols = row.split()
        emb, sub = cols[-5], cols[-4]
        assert emb == "yes" and sub == "yes", row
    for code, font in FONT_OF.items():
        if lang.code == code:
            assert font in out, out
    subprocess.run(["pdftoppm", "-r", "30", "-f", "3", "-l", "3", "-png", "-gray", str(path), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    from PIL import Image  # pillow comes with WeasyPrint

    img = Image.open(png).convert("L")
    dark = sum(1 for px in img.tobytes() if px < 128)
    assert dark > 500, "page 3 looks blank"


#: The font each script's PDF must embed (pdffonts' names).
FONT_OF = {"zh": "CJK", "ar": "Arabic", "ko": "CJK-KR", "ja": "CJK-JP", "hi": "Devanagari", "fa": "Naskh-Arabic"}

#: Letters of each new language's script that its PDF's text must contain (extracted by pdftotext).
SCRIPTS = {
    "ko": ("Hangul", "[\uac00-\ud7a3]", ()),
    "ja": ("Kana and Kanji", "[\u3041-\u30ff]", ("[\u4e00-\u9fff]",)),
    "tr": ("Turkish letters", "[A-Za-zÇçĞğİıÖöŞşÜü]", ("ğ", "ş", "ı")),
    "ru": ("Cyrillic", "[\u0400-\u04ff]", ()),
    "hi": ("Devanagari", "[\u0900-\u097f]", ("\u094d",)),  # virama: conjuncts are written with it
    "fa": ("Persian letters", "[\u0600-\u06ff]", ("پ", "چ", "گ", "ی", "ک")),
}


@pytest.mark.parametrize("code", sorted(SCRIPTS))
def test_pdf_text_is_in_the_languages_script(site: Path, code: str) -> None:
    name, letters, required = SCRIPTS[code]
    for pdf in (pdf_name(code), keypoints_name(code)):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(site / "downloads" / pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        found = len(re.findall(letters, text))
        assert found > (2000 if pdf == pdf_name(code) else 200), f"{pdf}: {found} {name}"
        for needed in required:
            assert re.search(needed, text), f"{pdf}: no {needed!r}"
        assert "\ufffd" not in text


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_keypoints_sheet_is_one_page(site: Path, lang) -> None:
    reader = PdfReader(site / "downloads" / keypoints_name(lang.code))
    assert len(reader.pages) == 1
    assert str(reader.trailer["/Root"]["/Lang"]) == lang.code


def test_pdf_links_with_size_on_every_page(site: Path) -> None:
    for lang in LANGS:
        html = (site / lang.prefix / "index.html").read_text(encoding="utf-8")
        m = re.search(r'<a href="([^"]+)" download type="application/pdf">[^<]+</a>\s*<span class="pdf-size">([^<]+)</span>', html)
        assert m, lang.code
        assert m.group(1).endswith(pdf_name(lang.code))
        assert re.search(r"\d", m.group(2)) and ("KB" in m.group(2) or "MB" in m.group(2))
        assert "<!--pdf-size" not in html


def test_arabic_diagram_labels_get_mirrored_brackets_for_weasyprint() -> None:
    """WeasyPrint does not mirror brackets in right-to-left SVG text; the PDF step swaps them."""
    from bs4 import BeautifulSoup

    from handout.pdf import _print_svg

    label = "البشرة (الطبقة العليا)"
    for rtl, expected in ((True, "البشرة )الطبقة العليا("), (False, label)):
        soup = BeautifulSoup(f'<article><svg><text class="dg-text">{label}</text></svg></article>', "html.parser")
        _print_svg(soup.article, rtl)
        assert soup.find("text").string == expected
        assert soup.find("text")["fill"] == "#000"


@pytest.mark.parametrize("lang", LANGS, ids=lambda lg: lg.code)
def test_cover_shows_the_qr_code(site: Path, lang, tmp_path: Path) -> None:
    """The QR code is drawn in the middle of the cover in every language (right-to-left too)."""
    from PIL import Image

    path = site / "downloads" / pdf_name(lang.code)
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", "-gray", str(path), str(tmp_path / "c")],
                   check=True)
    img = Image.open(next(tmp_path.glob("c*.png"))).convert("L")
    w, h = img.size
    band = img.crop((w // 3, int(h * 0.33), 2 * w // 3, int(h * 0.55)))
    dark = sum(1 for px in band.tobytes() if px < 100)
    assert dark > 600, f"no QR code on the cover ({dark} dark pixels)"


def test_labels_that_need_shaping_are_printed_as_text_over_the_diagram() -> None:
    """WeasyPrint draws an SVG label one character at a time: Devanagari vowel signs fall on dotted
    circles and Persian letters neither join nor run right to left. Such labels become HTML text."""
    from bs4 import BeautifulSoup

    from handout.pdf import _print_svg

    html = ('<figure class="diagram"><svg viewBox="0 0 600 400" class="dg">'
            '<text class="dg-text dg-strong" text-anchor="middle" x="300" y="40">एनाजेन</text>'
            '<text class="dg-text" text-anchor="start" x="60" y="200">سلول‌های بنیادی</text>'
            '<text class="dg-text" text-anchor="middle" x="300" y="300">Anagen (1)</text></svg></figure>')
    soup = BeautifulSoup(html, "html.parser")
    _print_svg(soup, rtl=False, colours={})
    labels = soup.select("div.dg-print > span.dg-label")
    assert [s.get_text() for s in labels] == ["एनाजेन", "سلول‌های بنیادی"]
    assert "left:50.00%" in labels[0]["style"] and "translateX(-50%)" in labels[0]["style"]
    assert "top:10.00%" in labels[0]["style"] and "font-weight:700" in labels[0]["style"]
    assert "font-size:4.25mm" in labels[0]["style"]  # 17 of 600 units across a 150 mm diagram
    assert "left:10.00%" in labels[1]["style"]
    # Latin (and CJK) labels stay in the drawing; the drawing is inside the positioned box.
    assert [t.get_text() for t in soup.find_all("text")] == ["Anagen (1)"]
    assert soup.select_one("div.dg-print > svg") is not None
    # Right to left, a label anchored at its start is anchored at its right edge.
    soup = BeautifulSoup(html.replace('class="dg"', 'class="dg" direction="rtl"'), "html.parser")
    _print_svg(soup, rtl=True, colours={})
    assert "right:90.00%" in soup.select("span.dg-label")[1]["style"]
    assert [t.get_text() for t in soup.find_all("text")] == ["Anagen (1)"]  # Latin: printed as written
