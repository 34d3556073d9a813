"""`handout build`: check, build HTML and PDFs in a temporary folder, then swap it into site/.

A failed build leaves the previous site/ exactly as it was. One build at a time: a build holds a lock
(``.site.lock``, next to site/) from its first check to the swap; a second build waits for it (up to
``wait`` seconds) or stops with a clear message. Each build uses its own temporary folder
(``.site.building-XXXX``); SIGINT and SIGTERM stop the build, end the PDF worker processes and remove
that folder; the swap itself cannot be interrupted half-way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gzip
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from . import pdf, urls
from .content import Tree, check_tree, load_tree
from .errors import ContentError, ContentErrors
from .project import ROOT, load_mkdocs_yml


class BuildError(Exception):
    pass


class BuildInterrupted(Exception):
    """SIGINT or SIGTERM arrived during a build."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"the build was stopped by {signal.Signals(signum).name}")


#: How long a second build waits for the first one by default (seconds).
LOCK_WAIT = 600.0


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def build_lock(out: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the build lock of ``out`` (fcntl.flock on ``.site.lock``); wait up to ``wait`` seconds."""
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildError(
                        f"another build of {out} is running (it holds {path}); waited {wait:.0f} s. "
                        "Run the build again when it has finished, or give it longer with --wait SECONDS."
                    ) from None
                if not told:
                    print(f"waiting for another build of {out} to finish (up to {wait:.0f} s) ...",
                          file=sys.stderr)
                    told = True
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise BuildInterrupted(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise BuildInterrupted (so that the temporary folder is removed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {sig: signal.signal(sig, _raise_interrupted) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def check_site_url(value: str, source: str) -> str:
    """The site's address: an absolute http(s) URL without query or fragment."""
    problem = urls.site_url_problem(value)
    if problem:
        raise BuildError(f"{source}: the site address {value!r} {problem}; write an absolute http(s) URL "
                         "without query or fragment, like https://example.org/handout/")
    return value


def site_url_of(root: Path) -> str:
    """SITE_URL from the environment, checked; empty or unset: site_url of mkdocs.yml."""
    env = os.environ.get("SITE_URL")
    if env:
        return check_site_url(env, "SITE_URL")
    saved = os.environ.pop("SITE_URL", None)
    try:
        value = str(load_mkdocs_yml(root).get("site_url") or "")
    finally:
        if saved is not None:
            os.environ["SITE_URL"] = saved
    return check_site_url(value, f"{root / 'mkdocs.yml'}: site_url")


@dataclass
class BuildReport:
    seconds_html: float = 0.0
    seconds_pdf: float = 0.0
    pdfs: list[pdf.PdfResult] = field(default_factory=list)


def source_date_epoch(root: Path = ROOT, tree: Tree | None = None) -> int:
    """The newest review date of the content: the build's 'now', so two builds are identical.

    ``tree``: the content already read (by ``validate``), so that it is not read again."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        value = os.environ["SOURCE_DATE_EPOCH"]
        if not value.isdigit():
            raise BuildError(f"SOURCE_DATE_EPOCH={value!r} must be a whole number of seconds since 1970")
        return int(value)
    tree = tree if tree is not None else load_tree(root)
    dates = [p.meta["reviewed"] for by in tree.pages.values() for p in by.values()
             if isinstance(p.meta.get("reviewed"), dt.date)]
    newest = max(dates, default=dt.date(2026, 1, 1))
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC).timestamp())


def validate(root: Path = ROOT) -> Tree:
    """Read and check the content; raise ContentErrors naming every problem, else return it."""
    tree = load_tree(root)
    errors = check_tree(tree)
    if errors:
        raise ContentErrors(errors)
    return tree


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
    wait: float = LOCK_WAIT,
) -> BuildReport:
    out = out or (root / "site")
    with stop_on_signals(), build_lock(out, wait):
        return _build_locked(root, out, with_pdf=with_pdf, jobs=jobs, quiet=quiet)


def _build_locked(root: Path, out: Path, *, with_pdf: bool, jobs: int, quiet: bool) -> BuildReport:
    report = BuildReport()
    tree = validate(root)
    site_url = site_url_of(root)
    epoch = source_date_epoch(root, tree)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    env.pop("HANDOUT_ONLY_LANG", None)
    env["SITE_URL"] = site_url
    # Folders left by a build that was killed (we hold the lock: no build is using them).
    for stale in out.parent.glob(f".{out.name}.building*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
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
        _robots(tmp, site_url)
        if with_pdf:
            t1 = time.perf_counter()
            try:
                report.pdfs = pdf.build_all(tmp, site_url, root, jobs=jobs, tree=tree)
            except pdf.PdfRefused as exc:
                raise BuildError(str(exc)) from None
            report.seconds_pdf = time.perf_counter() - t1
        pdf.fill_sizes(tmp, root)
        _normalise_gzip(tmp, epoch)
        tmp.chmod(0o755)  # mkdtemp makes it private
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new``; SIGINT and SIGTERM wait until both renames are done."""
    old = new.with_name(new.name.replace(".building-", ".old-"))
    blocked = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        if out.exists():
            out.rename(old)
        new.rename(out)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
    shutil.rmtree(old, ignore_errors=True)


def format_errors(exc: BaseException) -> str:
    if isinstance(exc, ContentErrors):
        return "\n".join(f"error: {e}" for e in exc.errors)
    if isinstance(exc, ContentError):
        return f"error: {exc}"
    return f"error: {exc}"
