"""The shape of a scenario file: pydantic's checks as located messages.

Each faction, period and event is checked on its own, so one broken item
hides no problem in another; pydantic's error types become sentences that say
what is wrong and what to write instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from afmap.errors import Problem
from afmap.names import suggestion
from afmap.scenario import Change, Citation, ControlEntry, Era, Event, Faction, Period, ScenarioFile, Work
from afmap.yamlfile import LocatedData, Path_

_MODELS: dict[str, type[BaseModel]] = {
    "file": ScenarioFile, "faction": Faction, "period": Period, "entry": ControlEntry,
    "event": Event, "work": Work, "era": Era, "change": Change, "citation": Citation}
#: The top-level lists and what each item is.
_ITEMS: dict[str, type[BaseModel]] = {"periods": Period, "events": Event, "eras": Era,
                                      "changes": Change}


Broken = list[tuple[Path_, dict[str, Any]]]


@dataclass
class Parsed:
    """The well-formed part of one file, with where each kept item stood."""

    located: LocatedData
    model: ScenarioFile
    broken: Broken
    index: dict[str, list[int]]
    #: Every item of the file was well formed (so the model holds all its data).
    whole: bool = False


def validate_structure(located: LocatedData, problems: list[Problem]) -> Parsed | None:
    """Check one file's shape item by item, so one bad period hides no other problem.

    Returns a :class:`ScenarioFile` of the items that are well formed and the
    raw periods that are not (their names are still checked), or None if the
    file's top level is unusable.
    """
    from pydantic import ValidationError

    data = located.data
    taken = {(p.line, p.col) for p in problems if p.path == located.path}
    found: list[Problem] = []

    def attempt(model: type[Any], value: Any, prefix: Path_) -> Any:
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                err = {**err, "loc": (*prefix, *err["loc"])}
                found.append(_located_error(located, err))
        return None

    containers = {"factions": dict, "bibliography": dict, **{k: list for k in _ITEMS}}
    top = {k: v for k, v in data.items() if k not in containers or v is None}
    header = attempt(ScenarioFile, top, ())
    parts: dict[str, Any] = {"factions": {}, "bibliography": {}, **{k: [] for k in _ITEMS}}
    broken: Broken = []
    index: dict[str, list[int]] = {k: [] for k in _ITEMS}
    for key, kind in containers.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, kind):
            want = {"factions": "a mapping of faction id to faction",
                    "bibliography": "a mapping of key to work"}.get(key, "a list")
            found.append(located.problem((key,), f"'{key}' must be {want}, not {_describe(value)}"))
            continue
        if kind is dict:
            for fid, item in value.items():
                ok = attempt(ScenarioFile, {key: {fid: item}}, ())
                if ok is not None:
                    parts[key].update(getattr(ok, key))
        else:
            model = _ITEMS[key]
            whole = _whole_list(model, value)
            if whole is not None:  # every item well formed: checked in one call
                parts[key] = whole
                index[key] = list(range(len(whole)))
                continue
            for i, item in enumerate(value):
                ok = attempt(model, item, (key, i))
                if ok is not None:
                    parts[key].append(ok)
                    index[key].append(i)
                elif key == "periods" and isinstance(item, dict):
                    broken.append(((key, i), item))
    problems.extend(p for p in found if (p.line, p.col) not in taken)
    if header is None:
        return None
    return Parsed(located, header.model_copy(update=parts), broken, index, whole=not found)


def _whole_list(model: type[BaseModel], items: list[Any]) -> list[Any] | None:
    """``items`` as models if every one is well formed, else None (then each is checked alone).

    One call for the list costs less than one per item; the errors, when there are
    any, come from checking each item on its own as before.
    """
    from pydantic import TypeAdapter, ValidationError

    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    try:
        return adapter.validate_python(items)
    except ValidationError:
        return None


_ADAPTERS: dict[type[BaseModel], Any] = {}


def _data_loc(located: LocatedData, loc: tuple[Any, ...]) -> Path_:
    """Drop union tags from a pydantic ``loc`` so it matches the data path."""
    out: list[str | int] = []
    node = located.data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            out.append(part)
            node = node[part]
        elif part in ("faction", "entry", "text", "citation") and not (
                isinstance(node, dict) and part in node):
            continue
        else:
            out.append(part)
            node = None
    return tuple(out)


def _model_at(path: Path_) -> str:
    """Which model the mapping at ``path`` is (for listing its known keys)."""
    if not path:
        return "file"
    head = path[0]
    if head == "factions" and len(path) == 2:
        return "faction"
    if head == "periods" and len(path) == 2:
        return "period"
    if head == "periods" and len(path) == 4:
        return "entry"
    if head == "events" and len(path) == 2:
        return "event"
    if head == "bibliography" and len(path) == 2:
        return "work"
    if head == "eras" and len(path) == 2:
        return "era"
    if head == "changes" and len(path) == 2:
        return "change"
    if len(path) >= 2 and path[-2] == "sources":
        return "citation"
    return "file"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    if len(text) > 60:  # a message quotes the start of a long value, never all of it
        return f"'{text[:50]}...' ({len(text):,} characters)"
    return f"'{text}'"


def _located_error(located: LocatedData, err: Any) -> Problem:
    path = _data_loc(located, tuple(err["loc"]))
    kind, value = err["type"], err.get("input")
    field = path[-1] if path else "file"
    if kind == "missing":
        parent = path[:-1]
        in_claims = bool(path) and path[0] in ("changes", "eras")
        hint = {"start": " (the first day, YYYY-MM-DD)", "name": "", "faction": " (a faction id)",
                "holder": " (the faction id that holds the provinces)",
                "cite": " (the key of a work under 'bibliography:')",
                "color": " (a CSS colour such as '#2b6cb0')", "at": " ([latitude, longitude])",
                "date": " (YYYY-MM-DD)"}.get(str(field), "")
        if in_claims and field in ("start", "date"):
            hint = " (the first day, as an EDTF date such as 2001-11-13 or 1998-08)"
        return located.problem(parent, f"missing key '{field}'{hint}")
    if kind == "extra_forbidden":
        known = list(_MODELS[_model_at(path[:-1])].model_fields)
        return located.problem(path, f"unknown key '{field}'{suggestion(str(field), known)}; "
                               f"allowed keys: {', '.join(known)}", key=True)
    if kind in ("edtf", "work_untitled", "change_where"):
        return located.problem(path, err["msg"])
    if kind == "string_too_long" and isinstance(value, str):
        return _too_long(located, path, value, err["ctx"]["max_length"])
    if kind == "too_long" and field in ("sources", "contested_by"):
        what = "sources" if field == "sources" else "factions"
        hint = ("cite the works that support this claim most directly" if field == "sources"
                else "list the main challengers")
        return located.problem(path, f"'{field}' lists {len(value):,} {what}; the limit is "
                               f"{err['ctx']['max_length']:,} ({hint})")
    if kind.startswith("date"):  # date_* and datetime_* errors
        return located.problem(path, f"{_describe(value)} is not a real date; write YYYY-MM-DD")
    if kind == "string_pattern_mismatch" and field == "url":
        return located.problem(path, f"{_describe(value)} is not a web address; write the "
                               "full URL, https://...")
    if kind == "string_pattern_mismatch" and (field == "cite" or path[:1] == ("bibliography",)):
        return located.problem(path, f"{_describe(value)} is not a bibliography key; keys use "
                               "letters, digits and . _ : -, e.g. 'rashid-2000'",
                               key=field != "cite")
    if kind == "string_pattern_mismatch":
        return located.problem(path, f"{_describe(value)} is not a faction id; ids use lower-case "
                               "letters, digits and hyphens, e.g. 'united-front'")
    if kind == "string_too_short":
        return located.problem(path, f"'{field}' must not be empty")
    if kind == "string_type":
        return located.problem(path, f"'{field}' must be text, not {_describe(value)}")
    if kind in ("float_parsing", "float_type", "finite_number"):
        return located.problem(path, f"{_describe(value)} is not a number")
    if kind == "literal_error":
        return located.problem(path, f"status must be 'controlled' or 'contested', not {_describe(value)}")
    if kind in ("list_type", "tuple_type"):
        what = "[latitude, longitude]" if field == "at" else "a list"
        return located.problem(path, f"'{field}' must be {what}, not {_describe(value)}")
    if kind in ("too_short", "too_long") and len(path) and "at" in path:
        return located.problem(path, "'at' must be exactly [latitude, longitude]")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if isinstance(field, int) and len(path) >= 2:
            item = {"periods": "period", "events": "event", "eras": "era",
                    "changes": "change"}.get(str(path[-2]), "item")
            keys = ", ".join(_MODELS[item if item != "item" else "file"].model_fields)
            return located.problem(path, f"each {item} must be a mapping of keys ({keys}), "
                                   f"not {_describe(value)}")
        return located.problem(path, f"'{field}' must be a mapping, not {_describe(value)}")
    return located.problem(path, f"'{field}': {err['msg']}")


def _too_long(located: LocatedData, path: Path_, value: str, limit: int) -> Problem:
    """``note is 12,345 characters long; the limit is 10,000 (...)``, at the text (or key)."""
    key = bool(path) and path[-1] == "[key]"
    if key:
        path = path[:-1]
    field = path[-1] if path else "file"
    parent = path[-2] if len(path) >= 2 else None
    if key and parent == "control":
        what, hint = "this province name", "write the province's name, alias or ISO code"
    elif key or parent in ("control", "contested_by") or field in ("faction", "default"):
        what, hint = "this faction id", "use a short id such as 'united-front'"
    elif parent == "sources":
        what, hint = "this source", "cite the work: author, title, year and page, not its text"
    elif field in ("note", "description"):
        what, hint = str(field), "split it or cite the work instead"
    elif field == "color":
        what, hint = "colour", "use e.g. '#2b6cb0' or 'teal'"
    else:
        what, hint = str(field), "shorten it; put the detail in 'note'"
    return located.problem(path, f"{what} is {len(value.strip()):,} characters long; the limit "
                           f"is {limit:,} ({hint})", key=key)
