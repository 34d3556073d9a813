"""Hostile input for the build itself (issue 14, items 5-10): the PDF fetches nothing, catalogs, dates,
SITE_URL, time zones, one build at a time, signals.

Each refusal names the file (and line), prints no traceback and leaves site/ byte-identical.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import MINI_PO, MINI_POT, ROOT, built_project, make_project, page, run_handout, tree_digest

PO = Path("overrides/locales/es/LC_MESSAGES/messages.po")
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


_digest = tree_digest


def _leftovers(proj: Path) -> list[str]:
    return sorted(p.name for p in proj.iterdir() if p.name.startswith((".site.building", ".site.old")))


def _processes_of(proj: Path) -> list[str]:
    """Processes whose command line names the project folder (psutil-free /proc scan)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(proj) in cmd:
            found.append(f"{entry.name}: {cmd}")
    return found


def _refused(proj: Path, *args: str, env: dict[str, str] | None = None) -> str:
    before = _digest(proj / "site")
    r = subprocess.run([sys.executable, "-m", "handout.cli", "--root", str(proj), "build", *args],
                       capture_output=True, text=True, timeout=300, cwd=proj, env=env)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "Traceback" not in out, out
    assert "site/ was not changed" in out, out
    assert _digest(proj / "site") == before, "site/ changed"
    assert not _leftovers(proj), _leftovers(proj)
    return out


@pytest.fixture(scope="module")
def html_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """English and Spanish, HTML only."""
    return built_project(tmp_path_factory.mktemp("html") / "proj")


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """English only, with PDFs."""
    proj = make_project(tmp_path_factory.mktemp("pdf") / "proj", langs=("en",))
    r = run_handout(proj, "build")
    assert r.returncode == 0, r.stderr
    return proj


def _copy(src: Path, tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    shutil.copytree(src, proj)
    return proj


# ------------------------------------------------------------------------------------ catalogs
def _set_po(text: str) -> Callable[[Path], None]:
    return lambda p: (p / PO).write_text(text, encoding="utf-8")


CATALOGS = {
    # name: (breaker, message, line)
    "empty-po": (_set_po(""), "catalog has no entries", 1),
    "header-only-po": (_set_po(HEADER), "catalog has no entries", 1),
    "truncated-mid-line": (_set_po(MINI_PO.rstrip("\n")), "looks cut off", 6),
    "truncated-mid-string": (_set_po(MINI_PO[:-8]), "catalog syntax error", 6),
    "truncated-mid-entry": (_set_po(MINI_PO + '\nmsgid "Glossary"\n'), "missing msgstr", 8),
    "duplicate-msgid": (_set_po(MINI_PO + '\nmsgid "Last reviewed:"\nmsgstr "Revisado:"\n'), "duplicate entry", 8),
    "bad-plural-expression": (_set_po(HEADER + '"Plural-Forms: nplurals=2; plural=(n > 1;\\n"\n'
                                      + MINI_PO.split("\n\n", 1)[1]), "bad Plural-Forms", 4),
    "bad-nplurals": (_set_po(HEADER + '"Plural-Forms: nplurals=two; plural=(n != 1);\\n"\n'
                             + MINI_PO.split("\n\n", 1)[1]), "Plural-Forms", 4),
    "plural-out-of-range": (_set_po(HEADER + '"Plural-Forms: nplurals=1; plural=(n != 1);\\n"\n'
                                    + MINI_PO.split("\n\n", 1)[1]), "gives form 1", 4),
    "stray-percent": (_set_po(MINI_PO.replace('"Última revisión:"', '"Última revisión 100 % :"')), "stray '%'", 5),
    "unknown-placeholder": (_set_po(MINI_PO.replace('"Última revisión:"', '"Última revisión %(fecha)s:"')),
                            "stray '%'", 5),
}


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_bad_catalog_is_refused_at_po_line(name: str, html_site: Path, tmp_path: Path) -> None:
    breaker, message, line = CATALOGS[name]
    proj = _copy(html_site, tmp_path)
    breaker(proj)
    out = _refused(proj, "--no-pdf")
    assert f"{PO}:{line}: " in out and message in out, out
    assert "docs/" not in out, f"blamed on a page:\n{out}"
    # i18n check does not say complete, and the status does not say 100 %.
    r = run_handout(proj, "i18n", "check")
    assert r.returncode == 1 and "complete" not in r.stdout and str(PO) in r.stdout + r.stderr, r.stdout
    r = run_handout(proj, "i18n", "status", "--json")
    import json

    es = next(d for d in json.loads(r.stdout) if d["lang"] == "es")
    assert es["percent"] < 100, es


def test_missing_template_entry_is_refused(html_site: Path, tmp_path: Path) -> None:
    proj = _copy(html_site, tmp_path)
    pot = proj / "overrides" / "locales" / "messages.pot"
    pot.write_text(MINI_POT + '\nmsgid "Glossary"\nmsgstr ""\n', encoding="utf-8")
    out = _refused(proj, "--no-pdf")
    assert f"{PO}: catalog lacks 1 entry of messages.pot ('Glossary')" in out, out
    r = run_handout(proj, "i18n", "check")
    assert r.returncode == 1 and "catalog lacks 1 entry" in r.stdout
    st = run_handout(proj, "i18n", "status").stdout
    assert "1/0/1" in st and " 100" not in st.splitlines()[-1], st


def test_stray_percent_in_french_is_blamed_on_the_po(tmp_path: Path) -> None:
    """The case of the issue: a French msgstr with a stray %; the template formats it."""
    po = MINI_PO.replace('"Última revisión:"', '"Dernière révision à 100 % :"')
    proj = make_project(tmp_path / "proj", langs=("en", "fr"), po={"fr": po},
                        pages={k.replace(".es.", ".fr."): v for k, v in
                               __import__("helpers").MINI_PAGES.items()})
    r = run_handout(proj, "build", "--no-pdf")
    out = r.stdout + r.stderr
    assert r.returncode == 1 and "Traceback" not in out
    assert "overrides/locales/fr/LC_MESSAGES/messages.po:5: " in out and "stray '%'" in out, out
    assert "docs/" not in out


# ------------------------------------------------------------------------------------ dates
@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "2025-02-29"])
def test_impossible_date_names_file_and_line(value: str, html_site: Path, tmp_path: Path) -> None:
    proj = _copy(html_site, tmp_path)
    path = proj / "docs" / "about.md"
    path.write_text(path.read_text().replace("reviewed: 2026-11-20", f"reviewed: {value}"))
    out = _refused(proj, "--no-pdf")
    assert "docs/about.md:4: " in out and value in out, out
    r = run_handout(proj, "check")
    assert r.returncode == 1 and "docs/about.md:4: " in r.stderr and "Traceback" not in r.stderr


def test_review_dates_are_judged_in_utc_whatever_the_time_zone(html_site: Path, tmp_path: Path) -> None:
    """Kiritimati is UTC+14, Etc/GMT+12 is UTC-12: local dates differ from UTC by up to a day."""
    proj = _copy(html_site, tmp_path)
    today = dt.datetime.now(dt.UTC).date()
    index = proj / "docs" / "index.md"
    text = index.read_text()
    results = {}
    for reviewed in (today, today + dt.timedelta(days=1)):
        index.write_text(text.replace("reviewed: 2026-11-20", f"reviewed: {reviewed.isoformat()}"))
        for tz in ("Pacific/Kiritimati", "Etc/GMT+12", "UTC"):
            env = dict(os.environ, TZ=tz)
            r = subprocess.run([sys.executable, "-m", "handout.cli", "--root", str(proj), "check"],
                               capture_output=True, text=True, env=env, cwd=proj)
            assert "Traceback" not in r.stderr
            results[(reviewed, tz)] = (r.returncode, "in the future" in r.stderr)
    assert {results[(today, tz)] for tz in ("Pacific/Kiritimati", "Etc/GMT+12", "UTC")} == {(0, False)}, results
    tomorrow = today + dt.timedelta(days=1)
    assert {results[(tomorrow, tz)] for tz in ("Pacific/Kiritimati", "Etc/GMT+12", "UTC")} == {(1, True)}, results


# ------------------------------------------------------------------------------------ SITE_URL
@pytest.mark.parametrize("value", ["ftp://example.org/handout/", "/handout/", "example.org/handout",
                                   "https://example.org/handout/?x=1", "https://example.org/handout/#top",
                                   "https://user:pw@example.org/", "https://exa mple.org/", "https://"])
def test_bad_site_url_is_refused(value: str, html_site: Path, tmp_path: Path) -> None:
    proj = _copy(html_site, tmp_path)
    out = _refused(proj, "--no-pdf", env=dict(os.environ, SITE_URL=value))
    assert "SITE_URL: the site address" in out and "absolute http(s) URL" in out, out


def test_empty_site_url_means_the_address_in_mkdocs_yml(html_site: Path, tmp_path: Path) -> None:
    proj = _copy(html_site, tmp_path)
    r = subprocess.run([sys.executable, "-m", "handout.cli", "--root", str(proj), "build", "--no-pdf"],
                       capture_output=True, text=True, env=dict(os.environ, SITE_URL=""), cwd=proj)
    assert r.returncode == 0, r.stderr
    sitemap = (proj / "site" / "sitemap.xml").read_text()
    robots = (proj / "site" / "robots.txt").read_text()
    assert "None" not in sitemap and "None" not in robots
    assert "<loc>https://stem-cell-handout.github.io/handout/" in sitemap
    assert "Sitemap: https://stem-cell-handout.github.io/handout/sitemap.xml" in robots


def test_bad_source_date_epoch_is_refused(html_site: Path, tmp_path: Path) -> None:
    proj = _copy(html_site, tmp_path)
    out = _refused(proj, "--no-pdf", env=dict(os.environ, SOURCE_DATE_EPOCH="yesterday"))
    assert "SOURCE_DATE_EPOCH" in out


# ------------------------------------------------------------------------------------ the PDF fetches nothing
class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the handler's name
        _Recorder.hits.append(self.path)
        body = b"body { color: red }" if self.path.endswith(".css") else b"GIF89a"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    finally:
        server.shutdown()
        server.server_close()


def _about(proj: Path, html: str) -> None:
    (proj / "docs" / "about.md").write_text(page("About", f"See the [home page](index.md).\n\n{html}\n"))


FETCHES = {
    "remote-image": '<p><img alt="x" src="{url}/pixel.gif"></p>',
    "css-url-in-style-attribute": '<p style="background-image: url({url}/bg.gif)">Text.</p>',
    "css-import-in-style-element": '<style>@import url("{url}/evil.css");</style>',
    "remote-srcset": '<p><img alt="x" src="{url}/a.gif" srcset="{url}/b.gif 2x"></p>',
}


@pytest.mark.parametrize("name", sorted(FETCHES))
def test_pdf_fetches_nothing_from_other_hosts(name: str, pdf_site: Path, tmp_path: Path,
                                              recorder: tuple[str, list[str]]) -> None:
    url, hits = recorder
    proj = _copy(pdf_site, tmp_path)
    _about(proj, FETCHES[name].format(url=url))
    r = subprocess.run([sys.executable, "-m", "handout.cli", "--root", str(proj), "build"],
                       capture_output=True, text=True, timeout=300, cwd=proj)
    out = r.stdout + r.stderr
    assert hits == [], f"{name}: the build fetched {hits}"
    assert "Traceback" not in out, out
    # Refused, naming the page: today the page checks refuse the markup before any PDF is made
    # (test_pdf_step_alone_refuses_* below prove the PDF step's own guard).
    assert r.returncode == 1, out
    assert "docs/about.md" in out, out
    assert _digest(proj / "site") == _digest(pdf_site / "site")
    assert not _leftovers(proj)


@pytest.mark.parametrize("src", ["../../../../../../../../../../etc/passwd", "file:///etc/passwd",
                                 "data:text/plain;base64,cm9vdDp4OjA6MA=="])
def test_pdf_refuses_files_outside_the_build_folder(src: str, pdf_site: Path, tmp_path: Path) -> None:
    proj = _copy(pdf_site, tmp_path)
    _about(proj, f'<p><img alt="x" src="{src}"></p>')
    out = _refused(proj)
    assert "docs/about.md" in out, out


@pytest.mark.parametrize("name", sorted(FETCHES))
def test_pdf_step_alone_refuses_other_hosts(name: str, tmp_path: Path, recorder: tuple[str, list[str]]) -> None:
    """Behind the page checks, the PDF step itself fetches nothing from another host."""
    from handout import pdf
    from handout.project import languages

    url, hits = recorder
    html = f"<html><body><h1>T</h1>{FETCHES[name].format(url=url)}</body></html>"
    with pytest.raises(pdf.PdfRefused, match="127.0.0.1"):
        pdf.write_pdf(html, tmp_path / "out.pdf", languages()[0], "a4", tmp_path)
    assert hits == []
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("src", ["../../../../../../../../../../etc/passwd", "file:///etc/passwd",
                                 "data:text/plain;base64,cm9vdDp4OjA6MA=="])
def test_pdf_step_alone_refuses_files_outside_the_build_folder(src: str, tmp_path: Path) -> None:
    from handout import pdf
    from handout.project import languages

    (tmp_path / "site").mkdir()
    html = f'<html><body><h1>T</h1><p><img alt="x" src="{src}"></p></body></html>'
    # ``sources`` names the page each address came from (the build records it); a data: address
    # from a page is not one the build made.
    with pytest.raises(pdf.PdfRefused, match="the PDF step refused"):
        pdf.write_pdf(html, tmp_path / "out.pdf", languages()[0], "a4", tmp_path / "site",
                      sources={src: "docs/about.md"})


@pytest.mark.parametrize("markup", ['<link rel="attachment" href="file:///etc/passwd">',
                                    '<p><a rel="attachment" href="file:///etc/passwd">notes</a></p>',
                                    '<p><a rel="attachment" href="../../../../../../../../etc/passwd">x</a></p>'])
def test_page_attachments_are_not_embedded(markup: str, pdf_site: Path, tmp_path: Path) -> None:
    proj = _copy(pdf_site, tmp_path)
    _about(proj, markup)
    r = run_handout(proj, "build")
    out = r.stdout + r.stderr
    assert "Traceback" not in out, out
    if r.returncode == 0:
        for pdf in (proj / "site" / "downloads").glob("*.pdf"):
            data = pdf.read_bytes()
            assert b"/EmbeddedFile" not in data and b"root:x:0" not in data, pdf
    else:
        assert "docs/about.md" in out, out


# ------------------------------------------------------------------------------------ one build at a time
def _locked(lock: Path) -> bool:
    if not lock.exists():
        return False
    with open(lock, "rb") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


def _start(proj: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "handout.cli", "--root", str(proj), "build", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=proj)


def _wait_for(cond: Callable[[], bool], timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_two_builds_at_once(html_site: Path, tmp_path: Path) -> None:
    proj = _copy(html_site, tmp_path)
    first = _start(proj)
    _wait_for(lambda: _locked(proj / ".site.lock") or first.poll() is not None)
    impatient = subprocess.run([sys.executable, "-m", "handout.cli", "--root", str(proj), "build", "--wait", "0"],
                               capture_output=True, text=True, cwd=proj)
    assert impatient.returncode == 1, impatient.stderr
    assert "another build of" in impatient.stderr and ".site.lock" in impatient.stderr, impatient.stderr
    assert "Traceback" not in impatient.stderr
    second = _start(proj)  # waits for the first
    out1, err1 = first.communicate(timeout=600)
    out2, err2 = second.communicate(timeout=600)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "waiting for another build" in err2
    site = proj / "site"
    assert (site / "index.html").exists() and (site / "es" / "index.html").exists()
    assert (site / "about" / "index.html").exists() and (site / "es" / "about" / "index.html").exists()
    pdfs = sorted(p.name for p in (site / "downloads").glob("*.pdf"))
    assert pdfs == ["handout-en-a4.pdf", "handout-en-letter.pdf", "handout-es-a4.pdf", "handout-es-letter.pdf",
                    "key-points-en.pdf", "key-points-es.pdf"], pdfs
    assert not _leftovers(proj) and not _processes_of(proj)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_the_pdf_step(sig: signal.Signals, html_site: Path, tmp_path: Path) -> None:
    proj = _copy(html_site, tmp_path)
    before = _digest(proj / "site")
    build = _start(proj, "--jobs", "2")

    def workers() -> list[str]:
        return [p for p in _processes_of(proj) if not p.startswith(f"{build.pid}:") and "handout.cli" in p]

    _wait_for(lambda: bool(workers()) or build.poll() is not None, timeout=300)
    assert build.poll() is None, build.communicate()
    time.sleep(1.0)  # the workers are rendering
    build.send_signal(sig)
    out, err = build.communicate(timeout=60)
    assert build.returncode == 128 + sig, err
    assert sig.name in err and "site/ was not changed" in err and "Traceback" not in err, err
    _wait_for(lambda: not _processes_of(proj), timeout=10)
    assert not _leftovers(proj)
    assert _digest(proj / "site") == before


def test_root_project_lock_file_is_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text()
    assert ".site.lock" in ignored and ".site.building-*/" in ignored


def test_plain_mkdocs_build_with_empty_site_url_stops_clearly(html_site: Path, tmp_path: Path) -> None:
    """Without `handout build` (which uses the address in mkdocs.yml), MkDocs would write None./."""
    proj = _copy(html_site, tmp_path)
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(proj / "mkdocs.yml"),
                        "-d", str(tmp_path / "out")], capture_output=True, text=True, cwd=proj,
                       env=dict(os.environ, SITE_URL=""))
    assert r.returncode != 0 and "site_url '' is empty; set SITE_URL" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out" / "sitemap.xml").exists()
