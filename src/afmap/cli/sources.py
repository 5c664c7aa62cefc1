"""``afmap sources``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from afmap.cli.echo import emit
from afmap.cli.options import (
    format_option,
    geodata_option,
    resolve_day,
    scenario_option,
    when,
)


@click.command()
@when(required=False)
@scenario_option
@geodata_option
@format_option(("text", "csl-json", "bibtex"), "text")
def sources(year: int | None, date_: dt.date | None, scenario: Path | None,
            geodata: Path | None, fmt: str) -> None:
    """List the works a map cites: for Zotero, pandoc or a bibliography.

    With --year or --date, the works cited by that day's map (its claims,
    its era's account and the events of its year); without, every work the
    scenario cites. text lists each work with its key and how many claims,
    eras and events cite it, then the sources given as plain text;
    csl-json and bibtex hold the bibliography's works, for reference
    managers (plain-text sources have no fields to export and are left out).

    \b
    Examples:
      afmap sources
      afmap sources --year 1998 --format bibtex > afmap-1998.bib
      afmap sources --format csl-json > afmap.json
    """
    from afmap import api
    from afmap.bibliography import bibtex, csl_json, work_text

    day = resolve_day(year, date_, required=False)
    found = api.sources(day, scenario, geodata)
    if fmt == "csl-json":
        emit(csl_json(found.works), "json")
        return
    if fmt == "bibtex":
        emit(bibtex(found.works), "bibtex")
        return
    lines = [f"{len(found.works)} work{'s' if len(found.works) != 1 else ''} cited by key"]
    for cited in found.works:
        n = found.uses.get(cited.key, 0)
        lines.append(f"[{cited.key}] {work_text(cited.work)} (cited {n} time{'s' if n != 1 else ''})")
    lines.append("")
    lines.append(f"{len(found.plain)} source{'s' if len(found.plain) != 1 else ''} given as plain text")
    lines.extend(f"- {text}" for text in found.plain)
    emit("\n".join(lines) + "\n", "text")
