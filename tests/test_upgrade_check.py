"""`make upgrade-check` reads the allowed ranges from pyproject.toml and reports every version change."""

from __future__ import annotations

from helpers import ROOT
from handout import upgrade_check


def test_the_five_libraries_and_their_ranges_come_from_pyproject() -> None:
    wanted = upgrade_check.requirements(ROOT)
    names = [upgrade_check._norm(w.split("=")[0].split("<")[0].split(">")[0]) for w in wanted]
    assert names == list(upgrade_check.WATCHED)
    assert any(w.startswith("mkdocs-material") and "<" in w for w in wanted)  # a range, not "latest"


def test_changes_name_old_and_new_versions() -> None:
    before = {"babel": "2.18.0", "mkdocs": "1.6.1", "pymdown-extensions": "10.0"}
    after = {"babel": "2.19.0", "mkdocs": "1.6.1", "pymdown-extensions": "10.1", "new-dep": "1.0"}
    lines = [" ".join(line.split()) for line in upgrade_check.changes(before, after)]
    assert lines == ["babel 2.18.0 -> 2.19.0", "new-dep - -> 1.0", "pymdown-extensions 10.0 -> 10.1"]
