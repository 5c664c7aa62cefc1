"""The page-data format: the one definition of how a map page's tables are packed.

A map page carries one JSON object (:mod:`afmap.htmldata` builds it). Its
large tables are packed; :data:`FORMAT` names their fields, in order, and
travels in the page itself (``data.format``), so the encoder
(:mod:`afmap.htmldata`), the page's decoder (``templates/afmap-state.js``)
and the tests (:func:`decode`) all read the same list.

Two kinds of table:

- **packed** (``states``, ``srcsets``, each province's ``changes``): one
  text of zigzag varints (:mod:`afmap.varints`), record after record, each
  record its fields in order. A field whose name ends in ``[]`` is a list:
  its length, then its items; one whose name ends in ``+`` holds the
  difference from the same field of the record before (from 0). The record
  (and :func:`unpack`) names the fields without these marks.
- **arrays** (``periods``, ``eras``): JSON arrays, one per record, the
  fields in order.

A field that refers to another table holds an index into it, -1 for none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

#: The fields of every table, in order (see the module docstring).
FORMAT: dict[str, list[str]] = {
    # each distinct state once; faction/period/note index data.factions/periods/notes,
    # sources indexes srcsets; contested is 0 or 1
    "state": ["faction", "contested", "contestedBy[]", "period", "note", "sources"],
    # per province, its changes: from the change date ``day`` (an index into
    # data.dates) on, it is in ``state`` (an index into states, -1: no data)
    "change": ["day+", "state"],
    # lists of indices into data.sources
    "srcset": ["sources[]"],
    # a claim's span in words: its label, since, until (None: no later claim),
    # heldSince (None unless an earlier claim of the same state began the run)
    "period": ["label", "since", "until", "heldSince"],
    # start/end are ISO days (None: open) for choosing, since/until words for showing
    "era": ["name", "start", "end", "since", "until", "note", "sources"],
}

#: Which tables are packed into varint text; the others are JSON arrays.
PACKED = ("state", "change", "srcset")


#: Where a shared beginning of texts may end (:func:`shared_heads`).
_CUT = re.compile(r", |: '")


def pack(table: str, records: Iterable[Sequence[Any]]) -> str:
    """The varint text of ``records`` (each its fields in :data:`FORMAT` order)."""
    from afmap.varints import encode_varints

    fields = FORMAT[table]
    lists = [f.endswith("[]") for f in fields]
    deltas = [f.endswith("+") for f in fields]
    numbers: list[int] = []
    if not any(lists) and not any(deltas):
        for record in records:
            numbers.extend(record)
        return encode_varints(numbers)
    last = [0] * len(fields)
    for record in records:
        for k, value in enumerate(record):
            if lists[k]:
                numbers.append(len(value))
                numbers.extend(value)
            elif deltas[k]:
                numbers.append(value - last[k])
                last[k] = value
            else:
                numbers.append(value)
    return encode_varints(numbers)


def unpack(table: str, text: str) -> list[dict[str, Any]]:
    """The records of a packed table as dicts (what the page's ``unpack`` gives)."""
    from afmap.varints import decode_varints

    fields = FORMAT[table]
    nums, out, i = decode_varints(text), [], 0
    last = {f: 0 for f in fields if f.endswith("+")}
    while i < len(nums):
        record: dict[str, Any] = {}
        for name in fields:
            if name.endswith("[]"):
                n = nums[i]
                record[name[:-2]] = nums[i + 1:i + 1 + n]
                i += 1 + n
            elif name in last:
                last[name] += nums[i]
                record[name[:-1]] = last[name]
                i += 1
            else:
                record[name] = nums[i]
                i += 1
        out.append(record)
    return out


def arrays(table: str, rows: list[list[Any]]) -> list[dict[str, Any]]:
    """The records of an array table as dicts."""
    fields = FORMAT[table]
    return [dict(zip(fields, row, strict=True)) for row in rows]


def decode(data: dict[str, Any]) -> dict[str, Any]:
    """A page's data block with every table as records (dicts).

    ``states``, ``srcsets`` (lists of source indices), ``periods``, ``eras``,
    ``changes``: per province its ``{"day", "state"}`` records, and ``sources``:
    each source's whole text (:func:`join_heads`).
    """
    assert data["format"] == FORMAT, "the page was written in another format"
    return {
        "sources": join_heads(data["sourceHeads"], data["sources"]),
        "states": unpack("state", data["states"]),
        "srcsets": [r["sources"] for r in unpack("srcset", data["srcsets"])],
        "periods": arrays("period", data["periods"]),
        "eras": arrays("era", data["eras"]),
        "changes": [unpack("change", text) for text in data["changes"]],
    }


def shared_heads(texts: Sequence[str], min_head: int = 16) -> tuple[list[str], list[Any]]:
    """Texts that begin alike, stored once: ``(heads, rows)``.

    Many sources cite one work with different pages or quotations
    (``'Taliban', Yale University Press, 2000, p. 52: '…'``). Each text is cut
    after its longest beginning, ending before a ``", "`` or ``": '"`` and at
    least ``min_head`` characters long, that another text shares: its row is
    ``[head index, the rest]``; a text that shares none is its own row. Where
    the cuts fall changes only the size, never a text (:func:`join_heads`).
    """
    def cuts(text: str) -> list[str]:
        return [text[:m.start()] for m in _CUT.finditer(text) if m.start() >= min_head]

    count: dict[str, int] = {}
    for text in texts:
        for head in set(cuts(text)):
            count[head] = count.get(head, 0) + 1
    heads: dict[str, int] = {}
    rows: list[Any] = []
    for text in texts:
        head = max((h for h in cuts(text) if count[h] >= 2), key=len, default=None)
        if head is None:
            rows.append(text)
        else:
            rows.append([heads.setdefault(head, len(heads)), text[len(head):]])
    return list(heads), rows


def join_heads(heads: Sequence[str], rows: Sequence[Any]) -> list[str]:
    """The texts :func:`shared_heads` stored."""
    return [row if isinstance(row, str) else heads[row[0]] + row[1] for row in rows]
