"""The JSON Schema of the scenario format, generated from :mod:`afmap.scenario`.

The shipped copy ``afmap/schema/scenario.schema.json`` is what editors with a
YAML language server read (see the first line of each shipped scenario); a
test keeps it equal to what the models generate.
"""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_FILE = Path(__file__).parent / "schema" / "scenario.schema.json"


def scenario_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of one scenario file."""
    from afmap.scenario import ScenarioFile

    schema = ScenarioFile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "afmap scenario",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as the text of the shipped file."""
    return json.dumps(scenario_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
