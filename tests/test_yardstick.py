"""The bench's yardstick: a stock Material + mkdocs-static-i18n configuration of the same docs/."""

from __future__ import annotations

from pathlib import Path

import yaml

from helpers import ROOT
from handout import yardstick


def test_yardstick_is_the_project_config_without_the_project(tmp_path: Path) -> None:
    cfg = {
        "site_name": "x", "strict": True, "docs_dir": "docs", "hooks": ["overrides/hooks/h.py"],
        "theme": {"name": "material", "custom_dir": "overrides", "features": ["search.suggest"]},
        "markdown_extensions": ["abbr", {"toc": {"permalink": False}}],
        "plugins": [{"search": {"lang": "en"}}, "handout", {"handout": {"review_interval_months": 12}},
                    {"i18n": {"reconfigure_search": False, "build_only_locale": "es",
                              "languages": [{"locale": "en", "default": True}, {"locale": "xx"}]}}],
    }
    out = yardstick.stock_config(cfg, tmp_path / "docs", tmp_path / "site")
    assert "hooks" not in out and "strict" not in out and "custom_dir" not in out["theme"]
    assert [next(iter(p)) for p in out["plugins"]] == ["search", "i18n"]
    i18n = out["plugins"][1]["i18n"]
    assert i18n["reconfigure_search"] is True and "build_only_locale" not in i18n
    assert [lang["locale"] for lang in i18n["languages"]] == ["en", "xx"]  # read, not hard-coded
    assert out["markdown_extensions"] == cfg["markdown_extensions"]
    assert out["theme"]["features"] == ["search.suggest"]
    assert out["docs_dir"] == str(tmp_path / "docs")


def test_yardstick_written_from_the_real_mkdocs_yml(tmp_path: Path) -> None:
    path = yardstick.write(ROOT, tmp_path)
    cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    real = yardstick.load_config(ROOT)
    real_langs = [lang["locale"] for p in real["plugins"] if isinstance(p, dict) and "i18n" in p
                  for lang in p["i18n"]["languages"]]
    langs = [lang["locale"] for p in cfg["plugins"] if "i18n" in p for lang in p["i18n"]["languages"]]
    assert langs == real_langs and len(langs) >= 2
    assert cfg["markdown_extensions"] == real["markdown_extensions"]
    copied = sorted(p.relative_to(tmp_path / "docs") for p in (tmp_path / "docs").rglob("*"))
    assert copied == sorted(p.relative_to(ROOT / "docs") for p in (ROOT / "docs").rglob("*"))
