"""The hostile corpus: template and markup syntax in every text field.

``tests/data/hostile/templates.yaml`` puts Jinja (``{{ }}``, ``{% %}``,
``{# #}``, payloads that would run ``touch afmap-pwned``), a Wikipedia
``{{cite web |…}}``, mathtext (``$…$``) and HTML in every text field of a
scenario; :func:`hostile_geodata` does the same to the province names and
aliases of the shipped GeoJSON. Every output must carry these texts verbatim.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]
HOSTILE_SCENARIO = DATA / "hostile" / "templates.yaml"
SHIPPED_GEODATA = ROOT / "geodata" / "provinces.geojson"

#: What a payload would create in the working folder if it ever ran.
PWNED = "afmap-pwned"

#: Appended to every province name of the hostile geodata.
NAME_SUFFIX = " {{7*7}} {% if 1 %}if{% endif %} $x^2$ </script><b>"
ALIAS = "{{ cycler.__init__.__globals__.os.popen('touch afmap-pwned').read() }}"

#: Keys whose values are ids, dates, colours or numbers, not free text.
_NOT_TEXT = {"color", "start", "end", "date", "at", "default", "faction", "status",
             "contested_by"}


def scenario_texts(path: Path = HOSTILE_SCENARIO) -> list[str]:
    """Every free-text value of a scenario file."""
    out: list[str] = []

    def walk(value: Any, key: str | None = None) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in _NOT_TEXT:
            out.append(value)

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def hostile_geodata(folder: Path) -> Path:
    """The shipped province file with template syntax in every name and alias."""
    data = json.loads(SHIPPED_GEODATA.read_text(encoding="utf-8"))
    for feature in data["features"]:
        props = feature["properties"]
        props["name"] += NAME_SUFFIX
        props["aliases"] = [*props.get("aliases", []), f"{props['code']} {ALIAS}"]
    path = folder / "hostile-provinces.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def strings_in(value: Any) -> set[str]:
    """Every string inside a JSON value."""
    if isinstance(value, dict):
        return set().union(*(strings_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(strings_in(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()
