"""The handout plugin: registered as an entry point, configured in mkdocs.yml, refuses a bad preview."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from helpers import ROOT
from handout.project import load_mkdocs_yml, plugin_options


def test_entry_point_and_plugin_order() -> None:
    (ep,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "handout"]
    assert ep.value == "handout.plugin:HandoutPlugin"
    names = [next(iter(p)) if isinstance(p, dict) else p for p in load_mkdocs_yml()["plugins"]]
    # Listed before mkdocs-static-i18n: at equal priority (on_page_context, 50) the handout plugin runs first.
    assert names.index("handout") < names.index("i18n")
    options = plugin_options(load_mkdocs_yml(), "handout")
    assert options["review_interval_months"] == 12 and options["feedback_url"].startswith("https://")


def test_unknown_preview_language_is_refused(tmp_path: Path) -> None:
    env = dict(os.environ, HANDOUT_ONLY_LANG="xx", NO_MKDOCS_2_WARNING="1")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode != 0
    assert "preview_language 'xx' is not a language of the site" in r.stderr
