"""afmap: map territorial control in the Afghan conflict, 1978 to today.

The data flows one way: scenario YAML -> :class:`Scenario` (checked) ->
:class:`Timeline` (who held each province when) -> joined geometry -> maps,
tables and exports. In Python (see ``docs/python.md``)::

    import afmap
    history = afmap.load()                     # the shipped history, checked
    frame = afmap.control_frame("1998-07-01")  # a GeoDataFrame, one row per province
    table = afmap.claims()                     # every claim, as a pandas DataFrame
    afmap.map(year=1998)                       # shows inline in Jupyter; .save("m.html")

Names are imported on first use, so ``import afmap`` (and ``afmap --help``) stay fast.
"""

from __future__ import annotations

from typing import Any

from afmap.errors import AfmapError, GeodataError, Problem, RenderError, ScenarioError

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_LAZY = {
    "load": "afmap.notebook", "control_frame": "afmap.notebook", "claims": "afmap.notebook",
    "map": "afmap.notebook", "Map": "afmap.notebook",
    "Scenario": "afmap.validate", "Timeline": "afmap.timeline", "Assignment": "afmap.timeline",
    "Segment": "afmap.timeline", "When": "afmap.edtfdates",
}

__all__ = ["AfmapError", "Assignment", "GeodataError", "Map", "Problem", "RenderError",
           "Scenario", "ScenarioError", "Segment", "Timeline", "When", "__version__", "claims",
           "control_frame", "load", "map"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'afmap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
