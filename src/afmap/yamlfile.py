"""Reading YAML as plain data, with the line and column of every value.

The file is composed into nodes (libyaml's composer) and never constructed, so no YAML tag can
build a Python object, and scalars keep their text: a date that is not a real
date is reported, not raised. Duplicate keys, tags and alias bombs are
reported as :class:`~afmap.errors.Problem` with their position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afmap.errors import Problem
from afmap.inputfiles import NotRegularFileError, read_regular_file

Path_ = tuple[str | int, ...]

#: Tags a plain-data document may carry (implicitly or explicitly).
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
#: Aliases that expand a file to more values than this (and to more than twice
#: the values written) make an alias bomb, not a scenario.
MAX_NODES = 200_000
MAX_DEPTH = 32
#: Largest scenario file read, in bytes (about 300 times the largest shipped file).
MAX_FILE_BYTES = 50 * 2**20
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class LocatedData:
    """Plain data read from one YAML file, with positions.

    ``values[path]`` and ``keys[path]`` give the 1-based ``(line, col)`` of the
    value at ``path`` and of its mapping key.
    """

    path: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of the deepest known prefix of ``loc`` (its key if ``key``)."""
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if key and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)

    def problem(self, loc: Path_, message: str, *, key: bool = False) -> Problem:
        """A :class:`Problem` located at ``loc``."""
        line, col = self.where(loc, key=key)
        return Problem(self.path, line, col, message)


def read_yaml(path: Path, display: str | None = None) -> LocatedData:
    """Read ``path`` as a YAML mapping of plain data.

    Problems (not a regular file, larger than :data:`MAX_FILE_BYTES`, not
    UTF-8, syntax, tags, duplicate keys, not a mapping) are collected in
    ``LocatedData.problems``; ``data`` is then whatever could be read
    (possibly None). A FIFO or device is refused before it is opened.
    """
    name = display or str(path)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES + 1, hint="a scenario YAML file or folder")
    except NotRegularFileError as exc:
        return LocatedData(name, None, problems=[Problem(name, 0, 0, str(exc))])
    except OSError as exc:
        return LocatedData(name, None, problems=[Problem(name, 0, 0, f"cannot read: {exc.strerror}")])
    if len(raw) > MAX_FILE_BYTES:
        return LocatedData(name, None, problems=[Problem(name, 0, 0,
            f"larger than {MAX_FILE_BYTES:,} bytes, afmap's limit for one scenario file; "
            "split it into several files in a folder")])
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> LocatedData:
    """Parse YAML bytes; see :func:`read_yaml`."""
    out = LocatedData(name, None)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        out.problems.append(Problem(name, line, col,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"))
        return out
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        out.problems.append(Problem(name, line, col,
            "contains NUL bytes; a scenario is a UTF-8 text file"))
        return out

    import yaml

    # The base loader resolves no implicit types (every plain scalar stays text),
    # which is both what validation wants and much faster; libyaml when present.
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    try:
        docs = list(yaml.compose_all(text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        out.problems.append(Problem(name, line, col, f"YAML syntax error: {what}"))
        return out
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        out.problems.append(Problem(name, line, col, f"control character U+{exc.character:04X} is "
                                    "not allowed in YAML; delete it"))
        return out
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        out.problems.append(Problem(name, 0, 0, f"YAML syntax error: {exc}"))
        return out

    docs = [d for d in docs if d is not None]
    if not docs:
        out.problems.append(Problem(name, 1, 1,
            "the file is empty; a scenario is a mapping with 'factions', 'periods' and 'events'"))
        return out
    if len(docs) > 1:
        m = docs[1].start_mark
        out.problems.append(Problem(name, m.line + 1, m.column + 1,
            "more than one YAML document ('---'); put one scenario in each file"))
        return out
    root = docs[0]
    if type(root).__name__ != "MappingNode":
        m = root.start_mark
        out.problems.append(Problem(name, m.line + 1, m.column + 1,
            f"a scenario file must be a mapping with 'factions', 'periods' and 'events', "
            f"not {_kind(root)}"))
        return out
    walker = _Walker(out)
    out.data = walker.convert(root, ())
    return out


def _kind(node: Any) -> str:
    kind = type(node).__name__
    if kind == "MappingNode":
        return "a mapping"
    if kind == "SequenceNode":
        return "a list"
    return f"the value '{node.value}'" if node.value else "an empty value"


class _Walker:
    """Turns composed nodes into dicts, lists, strings and None."""

    def __init__(self, out: LocatedData) -> None:
        self.out = out
        self.count = 0
        self.distinct: set[int] = set()
        self.exploded = False

    def _problem(self, node: Any, message: str) -> None:
        m = node.start_mark
        self.out.problems.append(Problem(self.out.path, m.line + 1, m.column + 1, message))

    def convert(self, node: Any, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        self.distinct.add(id(node))
        bomb = self.count > MAX_NODES and self.count > 2 * len(self.distinct)
        if bomb or depth > MAX_DEPTH:
            if not self.exploded:
                self.exploded = True
                self._problem(node, f"aliases expand this document to more than {MAX_NODES:,} "
                              "values (an alias bomb?); write the data out plainly" if bomb else
                              f"lists and mappings nest more than {MAX_DEPTH} deep here; "
                              "a scenario needs at most 6")
            return None
        m = node.start_mark
        self.out.values[path] = (m.line + 1, m.column + 1)
        tag = str(node.tag)
        if tag not in _PLAIN_TAGS:
            self._problem(node, f"YAML tag '{tag.replace('tag:yaml.org,2002:', '!!')}' is not "
                          "allowed; scenarios hold plain text, numbers, lists and mappings")
            return None
        kind = type(node).__name__
        if kind == "MappingNode":
            return self._mapping(node, path, depth)
        if kind == "SequenceNode":
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.style is None and (tag.endswith(":null") or node.value in _NULLS):
            return None
        return node.value

    def _mapping(self, node: Any, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if type(key_node).__name__ != "ScalarNode":
                self._problem(key_node, "a mapping key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            if key == "<<":
                self._problem(key_node, "merge keys ('<<') are not supported; write the keys out")
                continue
            km = key_node.start_mark
            if key in first:
                self._problem(key_node, f"duplicate key '{key}' (first given on line {first[key]}); "
                              "remove one of them")
                continue
            first[key] = km.line + 1
            self.out.keys[(*path, key)] = (km.line + 1, km.column + 1)
            result[key] = self.convert(value_node, (*path, key), depth + 1)
        return result
