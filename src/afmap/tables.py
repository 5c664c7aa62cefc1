"""Control tables: the rows of ``afmap control`` and their text formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from afmap.timeline import Assignment

#: Columns of the CSV output, in order.
CSV_COLUMNS = ("code", "province", "date", "faction", "faction_name", "status",
               "contested_by", "period", "start", "end", "note", "sources")


def to_json(rows: Sequence[Assignment]) -> str:
    """A JSON list of objects, one per province."""
    return json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Sequence[Assignment]) -> str:
    """CSV with a header; list fields are joined with ' | '."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        d = row.as_dict()
        writer.writerow([" | ".join(v) if isinstance(v, list) else ("" if v is None else v)
                         for v in (d[c] for c in CSV_COLUMNS)])
    return buf.getvalue()


def to_table(rows: Sequence[Assignment]) -> str:
    """An aligned text table for reading in a terminal."""
    head = ("CODE", "PROVINCE", "FACTION", "STATUS", "PERIOD")
    body = [(r.code, r.province, r.faction or "-", _status(r), r.period or "-") for r in rows]
    widths = [max(len(x[i]) for x in (head, *body)) for i in range(len(head) - 1)]
    lines = []
    for cells in (head, *body):
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)) + "  " + cells[-1])
    return "\n".join(lines) + "\n"


def _status(row: Assignment) -> str:
    if row.status == "contested" and row.contested_by:
        return f"contested by {', '.join(row.contested_by)}"
    return row.status


FORMATS = {"table": to_table, "csv": to_csv, "json": to_json}
