"""`make bench`: build speed against a stock yardstick, reading grades, sizes, validator counts, search payloads, Lighthouse."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import budget, yardstick
from .project import languages
from .readability import article_grades
from .validate import ValidatorMissing, summary
from .validate import run as validate_site

LIGHTHOUSE_PAGES = ["", "how-it-might-work/", "glossary/dermal-papilla/", "glossary/", "downloads/"]
LIGHTHOUSE_LANGS = ["en", "ar", "zh"]


def _timed(cmd: list[str], root: Path, env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return seconds


def _build_env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    env.pop("HANDOUT_ONLY_LANG", None)
    return env


@dataclass
class Speed:
    project: list[float]
    yardstick: list[float]
    pages: tuple[int, int]  # HTML pages built by the project and by the yardstick

    @property
    def ratio(self) -> float:
        return statistics.median(self.project) / statistics.median(self.yardstick)


def build_speed(root: Path, runs: int = 3) -> Speed:
    """`mkdocs build` (HTML, every language, no PDFs) of the project and of the stock yardstick.

    Alternating runs, each timed as a whole process (start-up and imports included), both into
    temporary folders; site/ is not touched.
    """
    env = _build_env()
    project: list[float] = []
    stock: list[float] = []
    with tempfile.TemporaryDirectory(prefix="handout-bench-") as tmp:
        work = Path(tmp)
        cfg = yardstick.write(root, work / "yardstick")
        ours = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(work / "site")]
        theirs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)]
        for _ in range(runs):
            project.append(_timed(ours, root, env))
            stock.append(_timed(theirs, cfg.parent, env))
        pages = (len(list((work / "site").rglob("*.html"))), len(list((cfg.parent / "site").rglob("*.html"))))
    return Speed(project, stock, pages)


def preview_rebuild_seconds(root: Path, lang: str = "es", page: str = "about") -> float:
    """Time MkDocs needs to rebuild after one page of one language changed (what `make serve` does).

    Works on a copy of mkdocs.yml, docs/ and overrides/ in a temporary folder, so no tracked file
    is edited while other builds or tests may read them.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # MkDocs warns that dirty builds are for previews
    old = os.environ.get("HANDOUT_ONLY_LANG")
    os.environ["HANDOUT_ONLY_LANG"] = lang
    work = Path(tempfile.mkdtemp(prefix="handout-bench-"))
    try:
        proj = work / "proj"
        for name in ("docs", "overrides"):
            shutil.copytree(root / name, proj / name)
        shutil.copy2(root / "mkdocs.yml", proj / "mkdocs.yml")
        config = str(proj / "mkdocs.yml")
        build(load_config(config, site_dir=str(work / "site"), strict=False))
        src = proj / "docs" / f"{page}.{lang}.md"
        original = src.read_text(encoding="utf-8")
        times = []
        for i in range(3):
            src.write_text(original + f"\n<!-- bench {i} -->\n", encoding="utf-8")
            cfg = load_config(config, site_dir=str(work / "site"), strict=False)
            t0 = time.perf_counter()
            build(cfg, dirty=True)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)
    finally:
        if old is None:
            os.environ.pop("HANDOUT_ONLY_LANG", None)
        else:
            os.environ["HANDOUT_ONLY_LANG"] = old
        shutil.rmtree(work, ignore_errors=True)


def site_and_pdfs(root: Path) -> tuple[float, float, float, int]:
    """`handout build` (what `make site` runs) into site/: whole process, HTML part, PDF part, PDF count."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "handout.cli", "--root", str(root), "build"], cwd=root, check=True,
                         capture_output=True, text=True, env=_build_env()).stdout
    total = time.perf_counter() - t0
    html = re.search(r"HTML built in ([\d.]+) s", out)
    pdfs = re.search(r"(\d+) PDFs built in ([\d.]+) s", out)
    return (total, float(html.group(1)) if html else float("nan"),
            float(pdfs.group(2)) if pdfs else float("nan"), int(pdfs.group(1)) if pdfs else 0)


def print_speed(root: Path, runs: int) -> None:
    print(f"== build speed: `mkdocs build`, HTML of every language, no PDFs; {runs} alternating runs each, "
          "whole processes")
    speed = build_speed(root, runs)
    fmt = ", ".join
    print(f"project:   median {statistics.median(speed.project):5.1f} s  "
          f"({fmt(f'{t:.1f}' for t in speed.project)}; {speed.pages[0]} HTML files)")
    print(f"yardstick: median {statistics.median(speed.yardstick):5.1f} s  "
          f"({fmt(f'{t:.1f}' for t in speed.yardstick)}; {speed.pages[1]} HTML files; "
          "stock Material + mkdocs-static-i18n, same docs/)")
    print(f"ratio:     {speed.ratio:5.2f}x  (target <= 1.2x)")
    print(f"preview rebuild, one page (es):  {preview_rebuild_seconds(root):6.2f} s  (target <= 2 s)")
    total, html, pdf_s, n = site_and_pdfs(root)
    print(f"make site (handout build):       {total:6.1f} s  (HTML {html:.1f} s, {n} PDFs {pdf_s:.1f} s)")


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


def run(root: Path, *, lighthouse_too: bool = True, runs: int = 3, speed_only: bool = False) -> int:
    site = root / "site"
    print_speed(root, runs)
    if speed_only:
        return 0

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

    print(f"\n== per language: pages, search payload (gzip: worker + stemmers + index; limit {budget.SEARCH_LIMIT // 1024} KiB)")
    for lang in languages(root):
        pages = len(list((site / lang.prefix).glob("**/index.html"))) if lang.prefix else len(
            [p for p in site.glob("**/index.html") if p.relative_to(site).parts[0] not in
             {lg.code for lg in languages(root) if not lg.default}])
        payload = budget.search_payload(site, lang.prefix)
        index = sum(v for k, v in payload.items() if k.endswith("search_index.json"))
        print(f"  {lang.code:6} {pages:3} pages  search {sum(payload.values()) / 1024:5.1f} KiB "
              f"(index {index / 1024:4.1f} KiB)")

    print("\n== first visit in the browser (every response until idle, as sent, gzip; limit 70 KiB):")
    print("   worst language per page type, at 360 px, nothing cached")
    visits = budget.browser_first_visits(site, [lg.prefix for lg in languages(root)])
    for kind in budget.PAGE_TYPES:
        rows = sorted((sum(sizes.values()), prefix or languages(root)[0].prefix or "en")
                      for (prefix, k), sizes in visits.items() if k == kind)
        print(f"  {kind:16} max {rows[-1][0] / 1024:5.1f} KiB ({rows[-1][1].strip('/') or 'en'})"
              f"  min {rows[0][0] / 1024:5.1f} KiB")

    print("\n== search, fetched on first use (gzip: worker + stemmers + index)")
    for lang in languages(root):
        print(f"  {lang.code:6} {sum(budget.search_payload(site, lang.prefix).values()) / 1024:5.1f} KiB")

    if lighthouse_too:
        print("\n== Lighthouse 12.2.3, mobile (perf / a11y / best practices / SEO)")
        for page, s in lighthouse(site, root):
            print(f"  {s['performance']:3} {s['accessibility']:3} {s['best-practices']:3} {s['seo']:3}  {page}")
    return 0
