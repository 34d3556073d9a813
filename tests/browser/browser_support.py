"""Constants for the browser tests."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


#: A query per language and the glossary page it must find (typed like a reader: ends with a key press).
SEARCHES = {
    "en": ("dermal papilla", "glossary/dermal-papilla/"),
    "es": ("papila", "es/glossary/dermal-papilla/"),
    "zh": ("真皮乳头", "zh/glossary/dermal-papilla/"),
    "ar": ("الحليمة", "ar/glossary/dermal-papilla/"),
    "de": ("Papille", "de/glossary/dermal-papilla/"),
    "fr": ("papille", "fr/glossary/dermal-papilla/"),
    "pt-BR": ("papila", "pt-BR/glossary/dermal-papilla/"),
    "vi": ("nhú bì", "vi/glossary/dermal-papilla/"),
}
