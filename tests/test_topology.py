"""The compact province topology: exact round trips, shared borders once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afmap.errors import RenderError
from afmap.topology import (
    ALPHABET,
    decode_topology,
    decode_varints,
    encode_topology,
    encode_varints,
    grid_digits,
)


def square(x: float, y: float, size: float = 1.0) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


@given(st.lists(st.integers(min_value=-(2 ** 40), max_value=2 ** 40)))
def test_varints_round_trip(numbers):
    text = encode_varints(numbers)
    assert set(text) <= set(ALPHABET)
    assert decode_varints(text) == numbers


def test_small_differences_take_one_letter():
    assert encode_varints([0, -1, 1, 15, -16]) == "ABCef"
    assert len(encode_varints([16])) == 2


def test_looked_up_letters_equal_the_computed_ones_at_the_table_edge():
    from afmap.varints import _letters

    edge = list(range(-600, 600)) + [2 ** 20, -(2 ** 20)]
    assert encode_varints(edge) == "".join(_letters(2 * n if n >= 0 else -2 * n - 1) for n in edge)


def test_grid_digits_keeps_what_six_decimals_kept():
    assert grid_digits([61.1234, 34.5]) == 4
    assert grid_digits([61.12345]) == 5
    assert grid_digits([61.1234567]) == 6
    assert grid_digits([61.0000000001]) == 4  # noise below the old rounding


def test_two_neighbours_share_one_arc():
    left, right = square(0, 0), square(1, 0)
    topo = encode_topology([[[left]], [[right]]])
    (left_ids,), (right_ids,) = (shape[0] for shape in topo["shapes"])
    shared = {i if i >= 0 else ~i for i in left_ids} & {i if i >= 0 else ~i for i in right_ids}
    assert len(shared) == 1
    one = next(iter(shared))
    # each side walks the border its own way round
    assert (one in left_ids) != (one in right_ids)
    assert decode_topology(topo) == [
        [[[(1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0), (1.0, 0.0)]]],  # from a junction
        [[[(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (1.0, 0.0)]]],
    ]


def test_an_enclave_and_the_hole_around_it_are_one_arc():
    outer, hole = square(0, 0, 3), square(1, 1)[::-1]
    topo = encode_topology([[[outer, hole]], [[square(1, 1)]]])
    assert len(topo["arcs"]) == 2
    hole_ids, inner_ids = topo["shapes"][0][0][1], topo["shapes"][1][0][0]
    assert hole_ids == [~inner_ids[0]] or inner_ids == [~hole_ids[0]]


@given(st.lists(st.tuples(st.integers(-1800000, 1800000), st.integers(-900000, 900000)),
                min_size=3, max_size=30, unique=True))
def test_any_ring_decodes_to_its_points(points):
    ring = [[x / 1e4, y / 1e4] for x, y in points]
    topo = encode_topology([[[ring + ring[:1]]]])
    (decoded,) = decode_topology(topo)[0][0]
    start = min(range(len(points)), key=lambda i: points[i])
    expected = [tuple(ring[(start + i) % len(ring)]) for i in range(len(ring) + 1)]
    assert decoded == expected


def test_a_ring_of_two_points_is_refused():
    with pytest.raises(RenderError, match="fewer than 3 points"):
        encode_topology([[[[[0, 0], [1, 1], [0, 0]]]]])


def test_a_coordinate_that_is_not_finite_is_refused():
    with pytest.raises(RenderError, match="not a finite number"):
        encode_topology([[[[[0, 0], [1, float("nan")], [1, 0], [0, 0]]]]])
