"""Reading YAML in one pass over libyaml's events gives what composing the file gives.

Every file is read both ways: :func:`afmap.yamlfile.parse_yaml` (the events,
or the composer for what only it reads) and the composer alone. The data, the
problems (their exact text and position) and every position must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from afmap import yamlfile
from afmap.yamlfile import LocatedData, parse_yaml

ROOT = Path(__file__).resolve().parents[1]

#: Files the events read themselves (no anchor, one document, a mapping on top).
BY_EVENTS = {
    "plain": "title: T\nfactions:\n  dra: {name: D, color: red}\n",
    "nulls and styles": "a: ~\nb: null\nc:\nd: ''\ne: \"~\"\nf: !!null x\ng: !!null 'q'\nh: |\n  block\n",
    "lists": "changes:\n- date: 2001-11-13\n  provinces: [Kabul, Herat]\n  sources:\n  - cite: k\n    at: p. 3\n",
    "nested empty": "a: []\nb: {}\nc: [[], [{}], [[1]]]\n",
    "duplicate key": "a: 1\nb: 2\na: {deep: [x, y]}\nb: 3\n",
    "merge key": "a: {x: 1}\n<<: {y: 2}\nb: 3\n",
    "key is a mapping": "{x: 1}: 2\n[y]: 3\nz: 4\n",
    "tags": "a: !!python/object:os.system x\nb: !custom [1, 2]\nc: !!str 5\nd: !!map {e: 1}\n"
            "f: !!binary aGk=\ng: ! x\n",
    "tag in a skipped value": "a: 1\na: !!python/name:os.system x\n",
    "non-plain key tag": "!!python/str k: v\n",
    "flow and unicode": "name: \"Gh\\u014dr\"\nnote: 'It''s'\nlist: {a: [1, 2, {b: c}]}\n",
    "deep but allowed": "a: " + "[" * 31 + "1" + "]" * 31 + "\n",
    "comments only after": "a: 1\n# the end\n",
}

#: Files only the composer reads: the events hand them over, unchanged.
BY_COMPOSER = {
    "anchor and alias": "a: &x {b: 1}\nc: *x\n",
    "aliases of aliases": "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\n",
    "recursive": "a: &x [*x, 1]\n",
    "undefined alias": "a: *nowhere\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "anchor in a skipped value": "a: 1\na: &x 2\nb: *x\n",
    "too deep": "a: " + "[" * 40 + "1" + "]" * 40 + "\n",
    "too deep in a skipped value": "a: 1\na: " + "[" * 40 + "1" + "]" * 40 + "\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a list on top": "- a\n- b\n",
    "a scalar on top": "just text\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "control character": "a: \x07\n",
    "tab indentation": "a:\n\tb: 1\n",
}


def _composed(text: str, name: str = "f.yaml") -> LocatedData:
    return yamlfile._compose(text, LocatedData(name, None))


def _same(text: str) -> LocatedData:
    got = parse_yaml(text.encode("utf-8"), "f.yaml")
    want = _composed(text)
    assert got.data == want.data
    assert got.problems == want.problems
    assert got.values == want.values
    assert got.keys == want.keys
    return got


@pytest.mark.parametrize("text", BY_EVENTS.values(), ids=BY_EVENTS.keys())
def test_events_read_what_the_composer_reads(text: str) -> None:
    fresh = parse_yaml(text.encode("utf-8"), "f.yaml")
    assert fresh._text is not None, "read by the events, positions kept for later"
    _same(text)


@pytest.mark.parametrize("text", BY_COMPOSER.values(), ids=BY_COMPOSER.keys())
def test_what_only_the_composer_reads_is_handed_to_it(text: str) -> None:
    got = parse_yaml(text.encode("utf-8"), "f.yaml")
    assert got._text is None
    _same(text)


def test_positions_wait_until_a_problem_needs_them() -> None:
    text = BY_EVENTS["lists"]
    got = parse_yaml(text.encode("utf-8"), "f.yaml")
    want = _composed(text)
    # The top level is known at once; asking deeper reads the events again, once.
    assert got.where(("changes",), key=True) == want.where(("changes",), key=True) == (1, 1)
    assert got._text is not None
    assert got.has(("changes", 0, "sources", 0, "cite"))
    assert not got.has(("changes", 0, "holder"))
    assert got.where(("changes", 0, "sources", 0, "at")) == want.where(
        ("changes", 0, "sources", 0, "at")) == (6, 9)
    assert got._text is None
    assert got.has(("changes", 0, "sources", 0, "cite"))
    assert not got.has(("changes", 0, "holder"))


def test_repeated_texts_are_one_object() -> None:
    got = parse_yaml(b"a: [taliban, taliban]\nb: {taliban: x}\n", "f.yaml")
    first, second = got.data["a"]
    assert first is second is next(iter(got.data["b"]))


def test_every_shipped_and_test_file_reads_the_same_both_ways() -> None:
    files = sorted({*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("tests/data/**/*.yaml"),
                    *ROOT.glob("tests/data/**/*.yml")})
    assert len(files) > 40
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        got = parse_yaml(raw, str(path))
        want = _composed(text, str(path))
        assert (got.data, got.problems, got.values, got.keys) == \
            (want.data, want.problems, want.values, want.keys), path
