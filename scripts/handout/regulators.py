"""Medicines regulators per language (overrides/data/regulators.yml), for the <!-- regulators --> marker.

The file is checked when the build starts: an unknown language, a bad country code, a link that is
not https or a missing date stops the build with the file and line named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale

from .content import load_yaml, read_text
from .errors import ContentError
from .project import ROOT

MARKER = "<!-- regulators -->"
KEYS = {"country", "agency", "url", "checked"}


@dataclass(frozen=True)
class Regulator:
    country: str  # ISO 3166-1 alpha-2
    agency: str
    url: str | None
    checked: dt.date


def data_path(root: Path = ROOT) -> Path:
    return root / "overrides" / "data" / "regulators.yml"


#: CLDR also names regions that are not countries: the EU, the euro area, the UN, unknown (ZZ), ...
NOT_COUNTRIES = {"AA", "EU", "EZ", "UN", "ZZ"}


def _countries() -> set[str]:
    codes = {str(code) for code in Locale("en").territories}
    return {code for code in codes if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
            and code[0] not in "QX"}


def load(languages: set[str], root: Path = ROOT) -> dict[str, list[Regulator]]:
    """The regulators of each language, checked against the schema in the file's header."""
    path = data_path(root)
    if not path.exists():
        return {}
    text = read_text(path)
    try:
        node, data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(path, f"is not valid YAML: {getattr(exc, 'problem', exc)}",
                           mark.line + 1 if mark else None) from exc
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ContentError(path, "must map language codes to lists of regulators", 1)
    countries = _countries()
    out: dict[str, list[Regulator]] = {}
    for key_node, value_node in node.value:
        code = str(key_node.value)
        line = key_node.start_mark.line + 1
        if code not in languages:
            raise ContentError(path, f"unknown language '{code}'; configured: {', '.join(sorted(languages))}", line)
        items = data[key_node.value]
        if not isinstance(items, list) or not isinstance(value_node, yaml.SequenceNode):
            raise ContentError(path, f"'{code}' must be a list of regulators", line)
        out[code] = [_entry(path, item, item_node.start_mark.line + 1, countries)
                     for item, item_node in zip(items, value_node.value)]
    return out


def _entry(path: Path, item: object, line: int, countries: set[str]) -> Regulator:
    if not isinstance(item, dict):
        raise ContentError(path, "each regulator must be a mapping {country, agency, url, checked}", line)
    unknown = set(item) - KEYS
    if unknown:
        raise ContentError(path, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(KEYS)}", line)
    country = item.get("country")
    if not isinstance(country, str) or country not in countries:
        raise ContentError(path, f"country {country!r} is not an ISO 3166-1 alpha-2 code (like US, FR, BR)", line)
    agency = item.get("agency")
    if not isinstance(agency, str) or not agency.strip():
        raise ContentError(path, "'agency' must be the agency's name", line)
    url = item.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith("https://") or " " in url):
        raise ContentError(path, f"url {url!r} must be an https:// address (or be left out)", line)
    checked = item.get("checked")
    if not isinstance(checked, dt.date) or isinstance(checked, dt.datetime):
        raise ContentError(path, f"'checked' must be a date like 2026-12-01, not {checked!r}", line)
    return Regulator(country, agency.strip(), url, checked)


def country_name(code: str, locale: Locale) -> str:
    """The country's name in the reader's language (CLDR)."""
    return str(locale.territories.get(code) or code)
