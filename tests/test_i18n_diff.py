"""`handout i18n mark-current` records the English commit; `handout i18n diff` shows what changed since.

Every test works in a throw-away git repository under tmp_path; nothing tracked is written.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers import make_project, run_handout
from handout import i18n
from handout.content import load_tree, source_hash

GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=dict(os.environ, **GIT_ENV)).stdout.strip()


def meta(path: Path, key: str) -> object:
    tree = load_tree(path.parents[1] if path.parent.name == "docs" else path.parents[2])
    page = next(p for by_lang in tree.pages.values() for p in by_lang.values() if p.path == path)
    return page.meta.get(key)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini project as a git repository, its translations marked current at the first commit."""
    proj = make_project(tmp_path / "proj")
    git(proj, "init", "-q", "-b", "main")
    git(proj, "add", "-A")
    git(proj, "commit", "-q", "-m", "first")
    r = run_handout(proj, "i18n", "mark-current", "docs/about.es.md")
    assert r.returncode == 0, r.stderr
    git(proj, "commit", "-q", "-am", "mark current")
    return proj


def test_mark_current_records_hash_and_english_commit(repo: Path) -> None:
    es = repo / "docs" / "about.es.md"
    english_commit = git(repo, "log", "-1", "--format=%H", "--", "docs/about.md")
    assert meta(es, "source_commit") == english_commit
    tree = load_tree(repo)
    assert meta(es, "source_hash") == source_hash(tree.get("about.md", "en"))  # type: ignore[arg-type]
    assert run_handout(repo, "i18n", "check").returncode == 0  # source_commit is an allowed key


def test_diff_of_a_current_translation_says_up_to_date(repo: Path) -> None:
    r = run_handout(repo, "i18n", "diff", "docs/about.es.md")
    assert r.returncode == 0, r.stderr
    assert "up to date" in r.stdout


def test_diff_shows_the_english_changes_since_the_translation(repo: Path) -> None:
    en = repo / "docs" / "about.md"
    en.write_text(en.read_text().replace("See the", "First read the") + "\nA new sentence for patients.\n")
    git(repo, "commit", "-q", "-am", "English: new sentence")
    r = run_handout(repo, "i18n", "diff", "docs/about.es.md")
    assert r.returncode == 0, r.stderr
    assert "changed since commit" in r.stdout
    assert "+A new sentence for patients." in r.stdout
    assert "-See the [home page]" in r.stdout and "+First read the [home page]" in r.stdout
    assert "\x1b[" not in r.stdout  # no colours when not on a terminal
    # the translator updates the page and marks it again: the diff is empty, the new commit is recorded
    r = run_handout(repo, "i18n", "mark-current", "docs/about.es.md")
    assert r.returncode == 0, r.stderr
    assert meta(repo / "docs" / "about.es.md", "source_commit") == git(repo, "rev-parse", "HEAD")
    assert "up to date" in run_handout(repo, "i18n", "diff", "docs/about.es.md").stdout


def test_diff_includes_uncommitted_english_changes(repo: Path) -> None:
    en = repo / "docs" / "about.md"
    en.write_text(en.read_text() + "\nNot committed yet.\n")
    r = run_handout(repo, "i18n", "diff", "docs/about.es.md")
    assert "+Not committed yet." in r.stdout


def test_marking_from_uncommitted_english_records_no_commit_and_says_so(repo: Path) -> None:
    en = repo / "docs" / "about.md"
    en.write_text(en.read_text() + "\nNot committed yet.\n")
    r = run_handout(repo, "i18n", "mark-current", "docs/about.es.md")
    assert r.returncode == 0 and "no source_commit recorded" in r.stderr
    assert meta(repo / "docs" / "about.es.md", "source_commit") is None


def test_shallow_clone_says_history_is_missing_and_falls_back_to_the_hash(repo: Path, tmp_path: Path) -> None:
    en = repo / "docs" / "about.md"
    en.write_text(en.read_text() + "\nA new sentence for patients.\n")
    git(repo, "commit", "-q", "-am", "English: new sentence")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True,
                   env=dict(os.environ, **GIT_ENV))
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    r = run_handout(clone, "i18n", "diff", "docs/about.es.md")
    assert r.returncode == 0, r.stderr
    recorded = str(meta(clone / "docs" / "about.es.md", "source_hash"))
    assert "history is missing" in r.stdout and "shallow clone" in r.stdout
    assert f"Recorded source_hash {recorded}" in r.stdout and "English page changed" in r.stdout
    assert "A new sentence for patients." in r.stdout  # the current English page is shown


def test_without_a_recorded_commit_the_hash_is_the_fallback(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")  # not a git repository: marked without a commit
    es = proj / "docs" / "about.es.md"
    assert meta(es, "source_commit") is None
    (proj / "docs" / "about.md").write_text((proj / "docs" / "about.md").read_text() + "\nChanged.\n")
    changes = i18n.english_changes(es, proj)
    assert not changes.current and not changes.history
    text = changes.report()
    assert "history is missing" in text and "no English commit is recorded" in text
    assert changes.english_hash in text and "Changed." in text


def test_diff_refuses_an_english_page(repo: Path) -> None:
    r = run_handout(repo, "i18n", "diff", "docs/about.md")
    assert r.returncode == 1 and "is not a translation" in r.stderr


@pytest.mark.parametrize("value", ["146404913289", "1e5abc", "12e45", "true", "null", "a1b2c3d4e5f6"])
def test_mark_current_writes_hashes_that_read_back_as_text(value: str) -> None:
    """A hash of digits (or like 12e45) must stay text, or the page reads as outdated for ever."""
    import yaml

    from handout.i18n import set_front_matter

    text = set_front_matter("---\ntitle: T\n---\nbody\n", "source_hash", value)
    assert yaml.safe_load(text.split("---")[1])["source_hash"] == value
