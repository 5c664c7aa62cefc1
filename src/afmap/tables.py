"""Control tables: the rows of ``afmap control`` and their text formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Sequence

from afmap.terminal import visible
from afmap.timeline import Assignment

#: Columns of the CSV output, in order.
CSV_COLUMNS = ("code", "province", "date", "faction", "faction_name", "status",
               "contested_by", "period", "start", "end", "start_edtf", "start_precision",
               "end_edtf", "end_precision", "held_since", "note", "sources")


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


def align(head: Sequence[str], body: Sequence[Sequence[str]], *,
          right: Collection[int] = ()) -> list[str]:
    """Lines of an aligned text table; columns in ``right`` are right-aligned.

    Cells are escaped for the terminal first (:func:`afmap.terminal.visible`),
    so a name holding ESC or a line break neither acts nor breaks the columns.
    """
    head = [visible(c) for c in head]
    body = [[visible(c) for c in cells] for cells in body]
    widths = [max(len(x[i]) for x in (head, *body)) for i in range(len(head))]
    return ["  ".join(c.rjust(w) if i in right else c.ljust(w)
                      for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
            for cells in (head, *body)]


def to_table(rows: Sequence[Assignment]) -> str:
    """An aligned text table for reading in a terminal."""
    head = ("CODE", "PROVINCE", "FACTION", "STATUS", "SINCE", "CHANGE")
    body = [(r.code, r.province, r.faction or "-", _status(r),
             r.held_since.words() if r.held_since else "-", r.period or "-") for r in rows]
    return "\n".join(align(head, body)) + "\n"


def _status(row: Assignment) -> str:
    if row.status == "contested" and row.contested_by:
        return f"contested by {', '.join(row.contested_by)}"
    return row.status


FORMATS = {"table": to_table, "csv": to_csv, "json": to_json}
