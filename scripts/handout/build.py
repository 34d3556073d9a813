"""`handout build`: check, build HTML and PDFs in a temporary folder, then swap it into site/.

A failed build leaves the previous site/ exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import pdf
from .content import check_tree, load_tree
from .errors import ContentError, ContentErrors
from .project import ROOT, load_mkdocs_yml


class BuildError(Exception):
    pass


@dataclass
class BuildReport:
    seconds_html: float = 0.0
    seconds_pdf: float = 0.0
    pdfs: list[pdf.PdfResult] = field(default_factory=list)


def source_date_epoch(root: Path = ROOT) -> int:
    """The newest review date of the content: the build's 'now', so two builds are identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    tree = load_tree(root)
    dates = [p.meta["reviewed"] for by in tree.pages.values() for p in by.values()
             if isinstance(p.meta.get("reviewed"), dt.date)]
    newest = max(dates, default=dt.date(2026, 1, 1))
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC).timestamp())


def validate(root: Path = ROOT) -> None:
    tree = load_tree(root)
    errors = check_tree(tree)
    if errors:
        raise ContentErrors(errors)


def _normalise_gzip(site: Path, epoch: int) -> None:
    """Re-write every .gz file with a fixed timestamp and no file name."""
    for gz in site.rglob("*.gz"):
        data = gzip.decompress(gz.read_bytes())
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", filename="", mtime=epoch, compresslevel=9) as fh:
            fh.write(data)
        gz.write_bytes(buf.getvalue())


def _robots(site: Path, site_url: str) -> None:
    url = site_url.rstrip("/") + "/"
    (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {url}sitemap.xml\n", encoding="utf-8")


def build(
    root: Path = ROOT,
    out: Path | None = None,
    *,
    with_pdf: bool = True,
    jobs: int = 2,
    quiet: bool = False,
) -> BuildReport:
    out = out or (root / "site")
    report = BuildReport()
    validate(root)
    epoch = source_date_epoch(root)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    env.pop("HANDOUT_ONLY_LANG", None)
    tmp = out.parent / f".{out.name}.building"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
             "-d", str(tmp)],
            cwd=root, env=env, capture_output=True, text=True,
        )
        report.seconds_html = time.perf_counter() - t0
        problems = [ln for ln in (proc.stderr + proc.stdout).splitlines()
                    if not ln.startswith("INFO") and ln.strip()]
        if proc.returncode != 0:
            raise BuildError("\n".join(problems) or "mkdocs build failed")
        if not quiet and problems:
            print("\n".join(problems), file=sys.stderr)
        site_url = os.environ.get("SITE_URL") or str(load_mkdocs_yml(root).get("site_url") or "/")
        _robots(tmp, site_url)
        if with_pdf:
            t1 = time.perf_counter()
            report.pdfs = pdf.build_all(tmp, site_url, root, jobs=jobs)
            report.seconds_pdf = time.perf_counter() - t1
        pdf.fill_sizes(tmp, root)
        _normalise_gzip(tmp, epoch)
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


def _swap(new: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def format_errors(exc: BaseException) -> str:
    if isinstance(exc, ContentErrors):
        return "\n".join(f"error: {e}" for e in exc.errors)
    if isinstance(exc, ContentError):
        return f"error: {exc}"
    return f"error: {exc}"
