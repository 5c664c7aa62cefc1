"""Where the shipped history and province geometry are, wherever afmap runs.

In a checkout (or an editable install) they are the repository's top-level
``scenarios/`` and ``geodata/``; an installed wheel carries copies under
``afmap/_data/`` (see ``setup.py``). A ``scenarios/`` folder or a
``geodata/provinces.geojson`` in the working folder overrides them, and so
do ``--scenario`` and ``--geodata``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_TREE = _PACKAGE.parents[1]

#: The working folder's own scenario folder and province file, when it has them.
LOCAL_SCENARIOS = Path("scenarios")
LOCAL_GEODATA = Path("geodata") / "provinces.geojson"


def shipped(relative: str) -> Path:
    """A shipped file or folder: inside the package when installed, else in the source tree."""
    packaged = _PACKAGE / "_data" / relative
    return packaged if packaged.exists() else _TREE / relative


def default_scenario() -> Path:
    """``scenarios/`` in the working folder if there is one, else the shipped history."""
    return LOCAL_SCENARIOS if LOCAL_SCENARIOS.is_dir() else shipped("scenarios")


def default_geodata() -> Path:
    """``geodata/provinces.geojson`` in the working folder if there is one, else the shipped file."""
    return LOCAL_GEODATA if LOCAL_GEODATA.exists() else shipped("geodata/provinces.geojson")
