"""Source relevance: does a province's claim cite a source that speaks of that province?

A row (change date x province) is *relevant* when one of its sources, as a
reader sees it (work, pinpoint, quotation), names the province (name, alias or
ISO code), its capital, one of its districts or places, or a region
containing it (``tests/data/relevance/places.yaml``), or is a nationwide
statement on the reviewed lists (``nationwide:`` in any other
``tests/data/relevance/*.yaml``: a text each source is checked to contain).

Run ``python tests/relevance.py [SCENARIO]`` for the rate and the rows that
fail, grouped by claim.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "relevance"
ROOT = HERE.parent


def fold(text: str) -> str:
    """Lower case, no accents, every run of non-letters one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    return " " + " ".join(re.findall(r"[a-z0-9]+", text)) + " "


class Gazetteer:
    """The words that tie a text to each province."""

    def __init__(self, infos) -> None:
        places = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))
        self.terms: dict[str, set[str]] = {}
        for info in infos:
            words = {info.name, *info.aliases, info.code}
            words.update(places["capitals"].get(info.code, ()))
            words.update(places["districts"].get(info.code, ()))
            self.terms[info.code] = {fold(w) for w in words}
        for region, codes in places["regions"].items():
            for code in codes:
                self.terms[code].add(fold(region))
        self.nationwide: list[str] = []
        for path in sorted(DATA.glob("*.yaml")):
            if path.name == "places.yaml":
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for item in data.get("nationwide", ()):
                self.nationwide.append(fold(item["text"]))
            for code, extra in (data.get("districts") or {}).items():
                self.terms[code].update(fold(w) for w in extra)

    def names(self, code: str, text: str) -> bool:
        folded = fold(text)
        return any(term in folded for term in self.terms[code])

    def is_nationwide(self, text: str) -> bool:
        folded = fold(text)
        return any(n.strip() and n in folded for n in self.nationwide)

    def relevant(self, code: str, sources) -> bool:
        return any(self.names(code, s) or self.is_nationwide(s) for s in sources)


def rows(scenario: Path, geodata: Path | None = None):
    """``(date, assignment, relevant)`` for every change date x province with a claim."""
    from afmap import api
    from afmap.geodata import default_geodata_path, read_province_info

    infos = read_province_info(geodata or default_geodata_path())
    gaz = Gazetteer(infos)
    loaded = api.load(scenario, geodata)
    for day in loaded.timeline.change_dates():
        for a in loaded.timeline.at(day):
            if a.faction is None:
                continue
            yield day, a, gaz.relevant(a.code, a.sources)


def main(argv: list[str]) -> int:
    scenario = Path(argv[1]) if len(argv) > 1 else ROOT / "scenarios"
    total = good = 0
    bad: Counter[tuple[str, str, str, str]] = Counter()
    for _day, a, ok in rows(scenario):
        total += 1
        good += ok
        if not ok:
            bad[(a.province, str(a.start), a.faction or "", a.period or "")] += 1
    print(f"{good:,} of {total:,} rows relevant: {100 * good / max(total, 1):.1f}%")
    for (province, start, faction, label), n in sorted(bad.items(), key=lambda kv: kv[0][1]):
        print(f"  {start}  {province:14} {faction:16} {n:4} rows  {label}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BrokenPipeError:  # piped into head: the reader has what it wanted
        sys.exit(0)
