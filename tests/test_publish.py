"""Publishing: the workflow passes both linters; the site works served under a subpath like Pages."""

from __future__ import annotations

import gzip
import subprocess
import sys
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup

from helpers import ROOT
from handout.pages_server import PagesServer
from handout.project import languages, load_mkdocs_yml

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
BIN = Path(sys.executable).parent


def test_workflow_schema() -> None:
    r = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_zizmor_finds_nothing_medium_or_worse() -> None:
    r = subprocess.run([str(BIN / "zizmor"), "--offline", "--min-severity", "medium", "--format", "plain",
                        str(ROOT / ".github")], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_workflow_permissions_and_pins() -> None:
    wf = yaml.safe_load(WORKFLOW.read_text())
    assert wf["permissions"] == {"contents": "read"}
    assert "concurrency" in wf
    jobs = wf["jobs"]
    deploy = jobs["deploy"]
    # The deploy job only deploys; the build job (contributed content runs there) has no Pages
    # permission and no OIDC token; configure only reads the Pages address and runs no repository code.
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [st["uses"].split("@")[0] for st in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["needs"] == "build"
    build = jobs["build"]
    assert build["permissions"] == {"contents": "read"}
    assert "test" in build["needs"] and "configure" in build["needs"]
    assert any("upload-pages-artifact" in st.get("uses", "") for st in build["steps"])
    assert not any("deploy-pages" in st.get("uses", "") for st in build["steps"])
    assert jobs["configure"]["permissions"] == {"pages": "read"}
    assert [st["uses"].split("@")[0] for st in jobs["configure"]["steps"]] == ["actions/configure-pages"]
    for name in ("configure", "build"):
        assert "environment" not in jobs[name]
    assert "permissions" not in jobs["test"]
    for job in wf["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                ref = step["uses"].split("@", 1)[1]
                assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), step["uses"]
    setup = next(st for st in wf["jobs"]["test"]["steps"] if "setup-python" in st.get("uses", ""))
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements.lock"
    text = WORKFLOW.read_text()
    assert "SITE_URL: ${{ needs.configure.outputs.base_url }}/" in text
    assert (ROOT / ".github" / "dependabot.yml").exists()


def _fetch(url: str) -> tuple[int, bytes, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
            headers = {k.lower(): v for k, v in resp.headers.items()}
            status = resp.status
    except urllib.error.HTTPError as err:
        body = err.read()
        headers = {k.lower(): v for k, v in err.headers.items()}
        status = err.code
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return status, body, headers


def test_subpath_crawl_finds_no_broken_link(site: Path) -> None:
    """Start at every language's home page, follow every internal link, asset and anchor."""
    with PagesServer(site, "/handout/") as base:
        queue = deque(base + lg.prefix for lg in languages())
        seen: set[str] = set()
        ids: dict[str, set[str]] = {}
        anchors: list[tuple[str, str, str]] = []
        broken: list[str] = []
        gzipped = 0
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            status, body, headers = _fetch(url)
            if status != 200:
                broken.append(f"{url} -> {status}")
                continue
            gzipped += headers.get("content-encoding") == "gzip"
            if not headers.get("content-type", "").startswith("text/html"):
                continue
            soup = BeautifulSoup(body, "lxml")
            ids[url] = {el["id"] for el in soup.select("[id]")}
            for el in soup.select("a[href], link[href], script[src], img[src]"):
                if el.name == "link" and set(el.get("rel", [])) & {"alternate", "canonical"}:
                    continue
                ref = el.get("href") or el.get("src")
                target = urljoin(url, ref)
                if not target.startswith(base):
                    assert urlsplit(target).scheme in ("http", "https", "mailto"), target
                    continue
                page, frag = urldefrag(target)
                if frag:
                    anchors.append((url, page, frag))
                if page not in seen:
                    queue.append(page)
        for src, page, frag in anchors:
            if page in ids and frag not in ids[page]:
                broken.append(f"{src} -> {page}#{frag} (no such anchor)")
        assert not broken, "\n".join(broken[:40])
        pages = [u for u in seen if u.endswith("/")]
        assert len(pages) >= 35 * len(languages())
        assert gzipped > 100
        # The 404 page works from any depth and speaks every language.
        status, body, _ = _fetch(base + "es/no/such/page/")
        assert status == 404
        soup = BeautifulSoup(body, "lxml")
        assert soup.select_one('section.not-found[lang="es"] a')["href"] == "/handout/es/"
        css = [l["href"] for l in soup.select('link[rel="stylesheet"]')]
        assert css and all(_fetch(urljoin(base + "es/no/such/page/", h))[0] == 200 for h in css)


def test_robots_and_sitemap_use_the_real_address(site: Path) -> None:
    site_url = str(load_mkdocs_yml().get("site_url"))
    robots = (site / "robots.txt").read_text()
    assert f"Sitemap: {site_url.rstrip('/')}/sitemap.xml" in robots
    sitemap = (site / "sitemap.xml").read_text()
    assert f"<loc>{site_url.rstrip('/')}/" in sitemap
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == sitemap
