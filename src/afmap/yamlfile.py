"""Reading YAML as plain data, with the line and column of every value.

The file is read from libyaml's parse events (or, when it holds anchors,
aliases, several documents or a syntax error, composed into nodes) and never
constructed, so no YAML tag can build a Python object, and scalars keep their
text: a date that is not a real date is reported, not raised. Duplicate keys,
tags and alias bombs are reported as :class:`~afmap.errors.Problem` with their
position. Both readings give the same data and the same problems; the one pass
over events is several times faster than composing, and keeps the positions
below the top level for when a problem needs them.
"""

from __future__ import annotations

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


class LocatedData:
    """Plain data read from one YAML file, with positions.

    ``values[path]`` and ``keys[path]`` give the 1-based ``(line, col)`` of the
    value at ``path`` and of its mapping key. A file read in one pass over
    libyaml's events keeps only the positions of its top level; the others are
    found by reading the file's events again, once, when a problem is to be
    located deeper (a valid file never needs them).
    """

    def __init__(self, path: str, data: Any, values: dict[Path_, tuple[int, int]] | None = None,
                 keys: dict[Path_, tuple[int, int]] | None = None,
                 problems: list[Problem] | None = None, *, text: str | None = None) -> None:
        self.path = path
        self.data = data
        self.problems = problems if problems is not None else []
        #: Positions of the top level (paths of length 0 and 1) when the rest waits in ``_text``.
        self._top: tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]] | None = None
        self._text = text
        self._values = values if values is not None else {}
        self._keys = keys if keys is not None else {}

    def __repr__(self) -> str:
        return f"LocatedData({self.path!r}, {len(self.problems)} problems)"

    def _index(self) -> None:
        if self._text is not None:
            _fast_walk(self._text, self.path, self._values, self._keys)
            self._text = None
            self._top = None

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        """Position of every value read, by path."""
        self._index()
        return self._values

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        """Position of every mapping key read, by the path of its value."""
        self._index()
        return self._keys

    def has(self, loc: Path_) -> bool:
        """Whether a value was read at ``loc`` (without locating it)."""
        if self._text is None:
            return loc in self._values
        node = self.data
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return False
        return True

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of the deepest known prefix of ``loc`` (its key if ``key``)."""
        values, keys = self._top if self._top is not None and len(loc) <= 1 else \
            (self.values, self.keys)
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if key and prefix in keys:
                return keys[prefix]
            if prefix in values:
                return values[prefix]
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

    fast = _read_events(text, name)
    if fast is not None:
        return fast
    return _compose(text, out)


def _compose(text: str, out: LocatedData) -> LocatedData:
    """The whole file composed into nodes, then walked: the reading of any file.

    It handles what the one pass over events leaves to it: anchors and aliases
    (an alias bomb), more than one document, a top level that is no mapping,
    nesting deeper than :data:`MAX_DEPTH`, and every syntax error.
    """
    import yaml

    name = out.path
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


# -- one pass over libyaml's events ---------------------------------------------------------

class _Fallback(Exception):
    """The file holds what only :func:`_compose` reads exactly as it always has."""


def _read_events(text: str, name: str) -> LocatedData | None:
    """Read ``text`` in one pass over its events; None if it needs :func:`_compose`.

    The data and problems are those of composing and walking the file, for a
    file of one document, a mapping at the top, no anchor or alias and no
    nesting deeper than :data:`MAX_DEPTH`; for any other file (and for every
    syntax error) None, so that the composer reports it as it always has.
    Only the top level's positions are kept; :meth:`LocatedData.values` finds
    the rest when asked.
    """
    import yaml

    top: tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]] = ({}, {})
    out = LocatedData(name, None, text=text)
    try:
        out.data = _Events(text, name, out.problems, *top, record=1).document()
    except (_Fallback, yaml.YAMLError, RecursionError, ValueError):
        return None
    out._top = top
    return out


def _fast_walk(text: str, name: str, values: dict[Path_, tuple[int, int]],
               keys: dict[Path_, tuple[int, int]]) -> None:
    """Every position of a file :func:`_read_events` has read (its problems are known)."""
    _Events(text, name, [], values, keys, record=None).document()


class _Events:
    """The walk of :class:`_Walker`, over parse events instead of composed nodes."""

    def __init__(self, text: str, name: str, problems: list[Problem],
                 values: dict[Path_, tuple[int, int]], keys: dict[Path_, tuple[int, int]],
                 record: int | None) -> None:
        import yaml
        from yaml import events

        self.yaml = yaml
        self.ev = events
        self.text = text
        self.name = name
        self.problems = problems
        self.values = values
        self.keys = keys
        self.record = MAX_DEPTH + 2 if record is None else record  # longest path recorded
        self.scalar = events.ScalarEvent
        self.memo: dict[str, str] = {}
        self.defaults = {events.ScalarEvent: "tag:yaml.org,2002:str",
                         events.SequenceStartEvent: "tag:yaml.org,2002:seq",
                         events.MappingStartEvent: "tag:yaml.org,2002:map"}

    def document(self) -> Any:
        ev = self.ev
        loader = getattr(self.yaml, "CBaseLoader", self.yaml.BaseLoader)(self.text)
        try:
            self.get = loader.get_event
            kinds = [type(self.get()), type(self.get())]
            first = self.get()
            if kinds != [ev.StreamStartEvent, ev.DocumentStartEvent] or \
                    type(first) is not ev.MappingStartEvent:
                raise _Fallback
            data = self.node(first, (), 0)
            if type(self.get()) is not ev.DocumentEndEvent or \
                    type(self.get()) is not ev.StreamEndEvent:
                raise _Fallback
            return data
        finally:
            loader.dispose()

    def _problem(self, event: Any, message: str) -> None:
        m = event.start_mark
        self.problems.append(Problem(self.name, m.line + 1, m.column + 1, message))

    def node(self, event: Any, path: Path_ | None, depth: int) -> Any:
        """The value that starts with ``event``; its position kept if ``path`` is given."""
        kind = type(event)
        if event.anchor is not None or kind not in self.defaults or depth > MAX_DEPTH:
            raise _Fallback  # an anchor, an alias, or nesting the walker reports
        if path is not None:
            m = event.start_mark
            self.values[path] = (m.line + 1, m.column + 1)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.defaults[kind]
        elif tag not in _PLAIN_TAGS:
            self._problem(event, f"YAML tag '{tag.replace('tag:yaml.org,2002:', '!!')}' is not "
                          "allowed; scenarios hold plain text, numbers, lists and mappings")
            self.skip(event, depth)
            return None
        if kind is self.scalar:
            if event.style is None and (tag.endswith(":null") or event.value in _NULLS):
                return None
            value = event.value
            return self.memo.setdefault(value, value)
        if kind is self.ev.MappingStartEvent:
            return self.mapping(path, depth)
        items: list[Any] = []
        end, get, node, scalar, memo = self.ev.SequenceEndEvent, self.get, self.node, \
            self.scalar, self.memo
        deeper = path is not None and len(path) < self.record
        inline = not deeper and depth < MAX_DEPTH  # as in mapping()
        while True:
            item = get()
            if type(item) is end:
                return items
            if inline and type(item) is scalar and item.tag is None and item.anchor is None:
                text = item.value
                items.append(None if item.style is None and text in _NULLS else
                             memo.setdefault(text, text))
            else:
                items.append(node(item, (*path, len(items)) if deeper else None, depth + 1))

    def mapping(self, path: Path_ | None, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, Any] = {}  # key -> its event (the line is worked out for a duplicate)
        end, scalar, get, node, memo = self.ev.MappingEndEvent, self.scalar, self.get, self.node, \
            self.memo
        deeper = path is not None and len(path) < self.record
        # Most values are plain text whose position is not kept: read here, not in node().
        inline = not deeper and depth < MAX_DEPTH
        while True:
            key_event = get()
            kind = type(key_event)
            if kind is end:
                return result
            if key_event.anchor is not None:
                raise _Fallback
            if kind is not scalar:
                self._problem(key_event, "a mapping key must be plain text, not a list or mapping")
                self.skip(key_event, depth)
                self.skip(get(), depth)
                continue
            key = key_event.value
            if key == "<<":
                self._problem(key_event, "merge keys ('<<') are not supported; write the keys out")
                self.skip(get(), depth)
                continue
            if key in first:
                self._problem(key_event, f"duplicate key '{key}' (first given on line "
                              f"{first[key].start_mark.line + 1}); remove one of them")
                self.skip(get(), depth)
                continue
            first[key] = key_event
            key = memo.setdefault(key, key)
            if deeper:
                mark = key_event.start_mark
                at = (*path, key)  # type: ignore[misc]
                self.keys[at] = (mark.line + 1, mark.column + 1)
                result[key] = node(get(), at, depth + 1)
                continue
            value = get()
            if inline and type(value) is scalar and value.tag is None and value.anchor is None:
                text = value.value
                result[key] = None if value.style is None and text in _NULLS else \
                    memo.setdefault(text, text)
            else:
                result[key] = node(value, None, depth + 1)

    def skip(self, event: Any, depth: int) -> None:
        """Read past the node that starts with ``event``, walking none of it."""
        ev = self.ev
        level = 0
        while True:
            kind = type(event)
            if kind is ev.AliasEvent or getattr(event, "anchor", None) is not None:
                raise _Fallback
            if kind in (ev.MappingStartEvent, ev.SequenceStartEvent):
                level += 1
                if depth + level > MAX_DEPTH:
                    raise _Fallback
            elif kind in (ev.MappingEndEvent, ev.SequenceEndEvent):
                level -= 1
            if level == 0:
                return
            event = self.get()
