"""Province shapes as a compact topology: shared borders stored once, as short text.

Every coordinate becomes an integer on a decimal grid (``digits`` decimal
places: the fewest of 4, 5 or 6 that keep every coordinate as the old
6-decimal rounding had it). Each ring is cut into *arcs* wherever the set
of rings that share its border changes, so the border between two
provinces is one arc, which both use (one of them backwards). Arcs are
written as the differences between consecutive points, each a zigzag
varint in base64url letters (:mod:`afmap.varints`); the page decodes them with
``decodeTopology`` in ``templates/afmap-state.js``.

The encoded object::

    {"digits": 4,
     "arcs": ["<points>", ...],
     "shapes": [[[[arc, ...], ...], ...], ...]}

``shapes[k]`` is province ``k``: a list of polygons, each a list of rings
(the outer ring first), each a list of arc indices; ``~i`` (that is
``-i - 1``) is arc ``i`` walked backwards. Consecutive arcs of a ring share
their joining point, which is kept once; a decoded ring is closed (last
point equals first) but may start at another point of the ring than the
source did. The first point of an arc is stored relative to the last point
of the arc before it (the first arc's relative to 0, 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from afmap.errors import RenderError
from afmap.varints import ALPHABET, decode_varints, encode_varints

__all__ = ["ALPHABET", "decode_topology", "decode_varints", "encode_topology",
           "encode_varints", "grid_digits", "quantize"]

#: Most decimal places kept (about 0.1 m), as the GeoJSON maps always had.
MAX_DIGITS = 6

Point = tuple[int, int]
Ring = list[Point]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise RenderError("province geometry holds a coordinate that is not a finite number")
    return value


def grid_digits(values: Iterable[float]) -> int:
    """The fewest decimals (4 to 6) at which every value rounds as it does at 6."""
    digits = 4
    for v in values:
        fine = round(_finite(v), MAX_DIGITS)
        while digits < MAX_DIGITS and round(v, digits) != fine:
            digits += 1
    return digits


def quantize(value: float, digits: int) -> int:
    """``value`` rounded to ``digits`` decimals, as an integer count of the grid step."""
    return round(round(_finite(value), digits) * 10 ** digits)


def _edge(a: Point, b: Point) -> tuple[Point, Point]:
    return (a, b) if a <= b else (b, a)


class _ArcTable:
    """Arcs stored once; a chain seen backwards is the same arc reversed."""

    def __init__(self) -> None:
        self.arcs: list[tuple[Point, ...]] = []
        self._index: dict[tuple[Point, ...], int] = {}

    def add(self, chain: Sequence[Point]) -> int:
        key = tuple(chain)
        if key in self._index:
            return self._index[key]
        back = key[::-1]
        if back in self._index:
            return ~self._index[back]
        self._index[key] = len(self.arcs)
        self.arcs.append(key)
        return len(self.arcs) - 1


def _ring_arcs(ring: Ring, owners: dict[tuple[Point, Point], frozenset[int]],
               table: _ArcTable) -> list[int]:
    n = len(ring)
    edge_owners = [owners[_edge(ring[i], ring[(i + 1) % n])] for i in range(n)]
    cuts = [i for i in range(n) if edge_owners[i - 1] != edge_owners[i]]
    if not cuts:
        # One arc all round: start it at its smallest point so that another
        # ring with the same border (an enclave's) finds it, either way round.
        start = min(range(n), key=lambda i: ring[i])
        loop = ring[start:] + ring[:start]
        return [table.add(loop + loop[:1])]
    ids = []
    for a, b in zip(cuts, cuts[1:] + [cuts[0] + n]):
        ids.append(table.add([ring[i % n] for i in range(a, b + 1)]))
    return ids


def encode_topology(shapes: Sequence[Sequence[Sequence[Sequence[Sequence[float]]]]]
                    ) -> dict[str, Any]:
    """Encode polygons given as GeoJSON-style coordinates (see the module docstring).

    Parameters
    ----------
    shapes
        Per shape, a MultiPolygon's coordinates: polygons of closed rings of
        ``(lon, lat)`` pairs.

    Returns
    -------
    dict
        ``{"digits", "arcs", "shapes"}``; identical input gives identical output.
    """
    digits = grid_digits(v for shape in shapes for poly in shape for ring in poly
                         for pt in ring for v in pt[:2])
    rings: list[Ring] = []
    layout: list[list[list[int]]] = []  # shape -> polygon -> ring number
    for shape in shapes:
        polys = []
        for poly in shape:
            numbers = []
            for ring in poly:
                pts = [(quantize(pt[0], digits), quantize(pt[1], digits)) for pt in ring]
                if len(pts) > 1 and pts[0] == pts[-1]:
                    pts.pop()
                if len(pts) < 3:
                    raise RenderError("province geometry holds a ring of fewer than 3 points")
                numbers.append(len(rings))
                rings.append(pts)
            polys.append(numbers)
        layout.append(polys)
    users: dict[tuple[Point, Point], set[int]] = {}
    for r, ring in enumerate(rings):
        for i in range(len(ring)):
            users.setdefault(_edge(ring[i - 1], ring[i]), set()).add(r)
    owners = {edge: frozenset(rs) for edge, rs in users.items()}
    table = _ArcTable()
    ring_arcs = [_ring_arcs(ring, owners, table) for ring in rings]
    return {
        "digits": digits,
        "arcs": _encode_arcs(table.arcs),
        "shapes": [[[ring_arcs[r] for r in poly] for poly in polys] for polys in layout],
    }


def _encode_arcs(arcs: list[tuple[Point, ...]]) -> list[str]:
    out, x, y = [], 0, 0
    for arc in arcs:
        deltas = []
        for px, py in arc:
            deltas += [px - x, py - y]
            x, y = px, py
        out.append(encode_varints(deltas))
    return out


def decode_topology(topo: dict[str, Any]) -> list[list[list[list[tuple[float, float]]]]]:
    """Per shape, polygons of closed rings of ``(lon, lat)``: what the page draws."""
    scale = 10 ** topo["digits"]
    arcs, x, y = [], 0, 0
    for text in topo["arcs"]:
        nums, pts = decode_varints(text), []
        for i in range(0, len(nums), 2):
            x, y = x + nums[i], y + nums[i + 1]
            pts.append((x, y))
        arcs.append(pts)
    shapes = []
    for shape in topo["shapes"]:
        polys = []
        for poly in shape:
            rings = []
            for ids in poly:
                ring: list[Point] = []
                for i in ids:
                    pts = arcs[i] if i >= 0 else arcs[~i][::-1]
                    ring += pts[1:] if ring else pts
                rings.append([(px / scale, py / scale) for px, py in ring])
            polys.append(rings)
        shapes.append(polys)
    return shapes
