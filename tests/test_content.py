"""The real content: front matter, readability, honesty guards, seed article not copied."""

from __future__ import annotations

import os
import re

import pytest

from helpers import ROOT
from handout.content import check_tree, description_limits, load_tree
from handout.readability import article_grades

SEED = ROOT.parent / "shared" / "seed" / "article.txt"


def test_every_page_has_valid_front_matter() -> None:
    tree = load_tree()
    errors = check_tree(tree)
    assert not errors, "\n".join(map(str, errors))
    for by_lang in tree.pages.values():
        for page in by_lang.values():
            low, high = description_limits(page.lang)
            assert low <= len(page.meta["description"]) <= high, f"{page.where()}: description length"
            assert page.body.lstrip().startswith("# "), f"{page.where()}: must start with the H1"


def test_glossary_has_at_least_24_terms_with_short_definitions() -> None:
    tree = load_tree()
    terms = [p for p in tree.english() if p.is_glossary_term]
    assert len(terms) >= 24
    required = {"anagen", "catagen", "telogen", "exogen", "hair-follicle", "dermal-papilla", "bulge", "stem-cell",
                "mesenchymal-stem-cells", "adipose-derived-stem-cells", "differentiation", "dermis", "cytokines",
                "growth-factors", "inflammation", "androgenetic-alopecia", "alopecia-areata", "local-anaesthesia",
                "regenerative-medicine", "platelet-rich-plasma", "minoxidil", "finasteride", "hair-transplant",
                "clinical-trial", "placebo"}
    assert required <= {t.slug for t in terms}
    for t in terms:
        assert len(str(t.meta["description"]).split()) <= 25, t.where()


def test_english_reading_grade() -> None:
    grades = article_grades()
    assert len(grades) >= 9
    too_hard = {p: g for p, g in grades.items() if g > 8}
    assert not too_hard, too_hard
    assert sum(grades.values()) / len(grades) <= 7, grades


@pytest.mark.skipif(not SEED.exists() and not os.environ.get("CI"),
                    reason="the seed article lives outside the repository (../shared); CI always has it")
def test_no_ten_word_run_from_the_seed_article() -> None:
    assert SEED.exists(), f"CI must have the seed article beside the clone: {SEED}"
    words = lambda t: re.findall(r"[a-z0-9']+", t.lower().replace("\u2019", "'"))  # noqa: E731
    seed = words(SEED.read_text(encoding="utf-8"))
    runs = {" ".join(seed[i:i + 10]) for i in range(len(seed) - 9)}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        w = words(path.read_text(encoding="utf-8"))
        hits = [" ".join(w[i:i + 10]) for i in range(len(w) - 9) if " ".join(w[i:i + 10]) in runs]
        assert not hits, f"{path}: {hits[0]}"


def test_the_handout_says_the_therapy_is_unapproved_and_experimental() -> None:
    tree = load_tree()
    safety = tree.get("safety-and-regulation.md", "en")
    assert safety is not None
    text = safety.body.lower()
    assert "fda" in text and ("ema" in text or "european medicines agency" in text)
    assert "not approved" in text or "no stem-cell product" in text or "has not approved" in text
    home = tree.get("index.md", "en").body.lower()
    assert "experimental" in home or "unproven" in home
