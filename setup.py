"""Build hook: the shipped history and province geometry travel inside the package.

``scenarios/*.yaml`` and ``geodata/provinces.geojson`` (with its README) live at the top of
the repository, where people edit them; a wheel carries copies under ``afmap/_data/``, so an
installed afmap has its default data in any folder. The schema comment on each scenario's
first line is pointed at the schema inside the package.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SCHEMA_LINE = "# yaml-language-server: $schema="


class BuildWithData(build_py):
    """``build_py`` that also copies the shipped data into the built package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "afmap" / "_data"
        for sub in ("scenarios", "geodata"):
            (target / sub).mkdir(parents=True, exist_ok=True)
        for path in sorted((ROOT / "scenarios").glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if text.startswith(SCHEMA_LINE):
                first, rest = text.split("\n", 1)
                text = f"{SCHEMA_LINE}../../schema/scenario.schema.json\n{rest}"
            (target / "scenarios" / path.name).write_text(text, encoding="utf-8")
        for name in ("provinces.geojson", "README.md"):
            (target / "geodata" / name).write_bytes((ROOT / "geodata" / name).read_bytes())


setup(cmdclass={"build_py": BuildWithData})
