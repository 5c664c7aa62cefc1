"""The JSON Schema of the scenario format, generated from :mod:`afmap.scenario`.

The shipped copy ``afmap/schema/scenario.schema.json`` is what editors with a
YAML language server read (see the first line of each shipped scenario); a
test keeps it equal to what the models generate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).parent / "schema" / "scenario.schema.json"


#: Where editors may suggest names: (model, field, what) in the generated ``$defs``.
_SUGGEST = (("Change", "province", "province"), ("Change", "provinces", "province"),
            ("Change", "holder", "faction"), ("Change", "contested_by", "faction"),
            ("ControlEntry", "faction", "faction"), ("ControlEntry", "contested_by", "faction"),
            ("Period", "default", "faction"))


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one scenario file.

    Province names (from the shipped geodata) and the shipped faction ids
    are offered as suggestions (``anyOf`` an ``enum`` and any text), so an
    editor completes them without refusing other names, aliases or ids.
    """
    from afmap.scenario import ScenarioFile

    schema = ScenarioFile.model_json_schema()
    names = {"province": _province_names(), "faction": _faction_ids()}
    defs = schema.get("$defs", {})
    for model, field, what in _SUGGEST:
        if not names[what] or field not in defs.get(model, {}).get("properties", {}):
            continue
        prop = defs[model]["properties"][field]
        _suggest(prop, names[what])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "afmap scenario",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _suggest(prop: dict[str, Any], names: list[str]) -> None:
    """Offer ``names`` for a string field, or for the items of a list field."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == "array":
            branch["items"] = {"anyOf": [{"enum": names}, branch["items"]]}
        elif branch.get("type") == "string":
            plain = dict(branch)
            branch.clear()
            branch["anyOf"] = [{"enum": names}, plain]


def _province_names() -> list[str]:
    from afmap.geodata import read_province_info
    from afmap.shipped import shipped

    try:  # the shipped geodata, never the working folder's: the schema is one file
        infos = read_province_info(shipped("geodata/provinces.geojson"))
    except Exception:  # no shipped geodata beside the package: no suggestions
        return []
    # English first, then the Dari and Pashto names (each once: some are written alike)
    names = [p.name for p in infos] + [n for lang in ("fa", "ps") for p in infos
                                       if (n := p.name_in(lang)) != p.name]
    return list(dict.fromkeys(names))


def _faction_ids() -> list[str]:
    import yaml

    from afmap.shipped import shipped

    path = shipped("scenarios/factions.yaml")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        return sorted(data["factions"])
    except Exception:  # no shipped scenarios beside the package: no suggestions
        return []


def schema_text() -> str:
    """The schema as the text of the shipped file."""
    return json.dumps(scenario_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
