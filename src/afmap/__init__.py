"""afmap: map territorial control in the Afghan conflict, 1978 to today.

The data flows one way: scenario YAML -> :class:`afmap.scenario.Scenario` ->
:class:`afmap.timeline.Timeline` -> joined geometry -> rendered map.
"""

from afmap.errors import AfmapError, GeodataError, Problem, RenderError, ScenarioError

__version__ = "0.1.0"

__all__ = [
    "AfmapError",
    "GeodataError",
    "Problem",
    "RenderError",
    "ScenarioError",
    "__version__",
]
