"""`make bench`: build times, reading grades, PDF sizes, validator counts, page weights, search payloads, Lighthouse."""

from __future__ import annotations

import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import budget
from .project import languages
from .readability import article_grades
from .validate import ValidatorMissing, summary
from .validate import run as validate_site

LIGHTHOUSE_PAGES = ["", "how-it-might-work/", "glossary/dermal-papilla/", "glossary/", "downloads/"]
LIGHTHOUSE_LANGS = ["en", "ar", "zh"]


def _timed(cmd: list[str], root: Path, env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=root, check=True, env=env, capture_output=True)
    return time.perf_counter() - t0


def preview_rebuild_seconds(root: Path, lang: str = "es", page: str = "about") -> float:
    """Time MkDocs needs to rebuild after one page of one language changed (what `make serve` does)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # MkDocs warns that dirty builds are for previews
    os.environ["HANDOUT_ONLY_LANG"] = lang
    work = Path(tempfile.mkdtemp(prefix="handout-bench-"))
    try:
        cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(work / "site"), strict=False)
        build(cfg)
        src = root / "docs" / f"{page}.{lang}.md"
        original = src.read_text(encoding="utf-8")
        times = []
        try:
            for i in range(3):
                src.write_text(original + f"\n<!-- bench {i} -->\n", encoding="utf-8")
                cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(work / "site"), strict=False)
                t0 = time.perf_counter()
                build(cfg, dirty=True)
                times.append(time.perf_counter() - t0)
        finally:
            src.write_text(original, encoding="utf-8")
        return statistics.median(times)
    finally:
        os.environ.pop("HANDOUT_ONLY_LANG", None)
        shutil.rmtree(work, ignore_errors=True)


def lighthouse(site: Path, root: Path) -> list[tuple[str, dict[str, int]]]:
    from .pages_server import PagesServer

    exe = root / "tests" / "browser" / "node_modules" / ".bin" / "lighthouse"
    chrome = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    flags = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
             "--disable-component-update --disable-sync --no-first-run")
    rows = []
    with PagesServer(site, "/handout/") as base:
        for code in LIGHTHOUSE_LANGS:
            prefix = "" if code == languages(root)[0].code else f"{code}/"
            for page in LIGHTHOUSE_PAGES:
                url = base + prefix + page
                out = subprocess.run(
                    [str(exe), url, "--output=json", "--quiet", f"--chrome-flags={flags}",
                     "--only-categories=performance,accessibility,best-practices,seo", "--form-factor=mobile"],
                    capture_output=True, text=True, env=dict(os.environ, CHROME_PATH=chrome), timeout=180,
                )
                data = json.loads(out.stdout)
                scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
                rows.append((prefix + page or "/", scores))
    return rows


def run(root: Path, *, lighthouse_too: bool = True) -> int:
    site = root / "site"
    py = sys.executable
    print("== build")
    t_html = _timed([py, "-m", "handout.cli", "--root", str(root), "build", "--no-pdf"], root)
    print(f"site HTML, all languages:        {t_html:6.1f} s")
    t_all = _timed([py, "-m", "handout.cli", "--root", str(root), "build"], root)
    print(f"site and all PDFs (make site):   {t_all:6.1f} s")
    print(f"PDFs alone (difference):         {t_all - t_html:6.1f} s")
    print(f"preview rebuild, one page (es):  {preview_rebuild_seconds(root):6.2f} s  (target <= 2 s)")

    print("\n== reading grade of English article pages (Flesch-Kincaid; max 8, average <= 7)")
    grades = article_grades(root)
    for page, grade in grades.items():
        print(f"  {grade:5.1f}  {page}")
    print(f"  {sum(grades.values()) / len(grades):5.1f}  average")

    print("\n== PDFs (limit 2 MB each)")
    for pdf in sorted((site / "downloads").glob("*.pdf")):
        print(f"  {pdf.stat().st_size / 1024:8.0f} KiB  {pdf.name}")

    print("\n== validators (make validate): pages validated, errors by origin, PDFs checked, findings")
    try:
        for line in summary(validate_site(site), root):
            print(f"  {line}")
    except ValidatorMissing as exc:
        print(f"  not run: {exc}")

    print("\n== per language: pages, search payload (gzip: worker + stemmers + index; limit 40 KiB)")
    for lang in languages(root):
        pages = len(list((site / lang.prefix).glob("**/index.html"))) if lang.prefix else len(
            [p for p in site.glob("**/index.html") if p.relative_to(site).parts[0] not in
             {lg.code for lg in languages(root) if not lg.default}])
        payload = budget.search_payload(site, lang.prefix)
        index = sum(v for k, v in payload.items() if k.endswith("search_index.json"))
        print(f"  {lang.code:6} {pages:3} pages  search {sum(payload.values()) / 1024:5.1f} KiB "
              f"(index {index / 1024:4.1f} KiB)")

    print("\n== first visit (gzip: HTML + CSS + JS + images; limit 70 KiB)")
    worst: list[tuple[int, str]] = []
    for html_page in site.rglob("index.html"):
        worst.append((sum(budget.first_visit(site, html_page).values()), str(html_page.relative_to(site))))
    worst.sort(reverse=True)
    for size, name in worst[:5]:
        print(f"  {size / 1024:5.1f} KiB  {name}")
    print(f"  median {statistics.median(s for s, _ in worst) / 1024:5.1f} KiB over {len(worst)} pages")

    if lighthouse_too:
        print("\n== Lighthouse 12.2.3, mobile (perf / a11y / best practices / SEO)")
        for page, s in lighthouse(site, root):
            print(f"  {s['performance']:3} {s['accessibility']:3} {s['best-practices']:3} {s['seo']:3}  {page}")
    return 0
