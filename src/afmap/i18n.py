"""The languages of afmap's maps: English, Dari and Pashto.

Every string a reader sees that afmap writes (not a scenario's names, notes or
sources) comes from one translation file per language, ``afmap/translations/
{en,fa,ps}.yaml``, that a translator corrects without reading code. Each file
holds the language's script direction, digits, month and season names, how
it writes a date as exact as its source, the names of the shipped factions,
and the interface strings, keyed as in ``en.yaml``.

>>> fa = language("fa")
>>> fa.digits("1998")
'۱۹۹۸'
>>> fa.day(dt.date(2001, 11, 13))
'۱۳ نومبر ۲۰۰۱'
>>> language("en").when(edtfdates.parse("1998-22~"))
'summer 1998, approximate'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from afmap import edtfdates
from afmap.errors import OptionError, Problem, TranslationError

#: The languages a map can be drawn in, by their codes for ``--lang``.
LANGUAGES = ("en", "fa", "ps")

_PLACEHOLDER = re.compile(r"\{([a-z ]+)\}")
_SEASON_KEYS = tuple(edtfdates.SEASONS.values())  # spring ... winter, in code order


@dataclass(frozen=True)
class FactionName:
    """A shipped faction's name in one language."""

    name: str
    short: str
    #: Where the name comes from (or that it was translated for afmap).
    source: str = ""


@dataclass(frozen=True)
class Language:
    """One translation file, read: what afmap needs to write a map in that language."""

    code: str
    #: The page's ``lang`` attribute (BCP 47), e.g. ``fa-AF``.
    tag: str
    #: The language's own name for itself, for the language switch.
    name: str
    rtl: bool
    digit_chars: str
    #: Between thousands: ``12,345``.
    group: str
    months: tuple[str, ...]
    seasons: dict[str, str]
    dates: dict[str, str]
    factions: dict[str, FactionName]
    strings: dict[str, str] = field(repr=False)
    #: The keys of ``strings`` a map page uses (the ``interface`` section; ``images`` is
    #: for static images and the chart).
    page_keys: frozenset[str] = field(default=frozenset(), repr=False)

    def text(self, key: str, **values: object) -> str:
        """The interface string ``key`` with its ``{placeholders}`` filled in.

        Numbers among ``values`` are written in the language's digits, thousands
        grouped (a year is text: pass it through :meth:`digits`); text values
        (names, dates already in words) are put in as they are.
        """
        return self._fill(self.strings[key], values)

    def digits(self, text: str) -> str:
        """``text`` with ASCII digits written as the language writes them."""
        if self.digit_chars == "0123456789":
            return text
        return text.translate(str.maketrans("0123456789", self.digit_chars))

    def day(self, day: dt.date | None) -> str:
        """An exact day in words (``13 November 2001``); None is "today"."""
        if day is None:
            return self.dates["today"]
        return self.when(edtfdates.When.of_day(day))

    def when(self, when: edtfdates.When) -> str:
        """A date as exact as its source: ``summer 1998, approximate``, ``the 1990s``."""
        d, precision = when.first, when.precision
        year = self.digits(str(d.year))
        if precision == "day":
            text = self._fill(self.dates["day"], {"day": d.day, "month": self.months[d.month - 1],
                                                  "year": year})
        elif precision == "month":
            text = self._fill(self.dates["month"], {"month": self.months[d.month - 1], "year": year})
        elif precision == "season":
            season = self.seasons[edtfdates.SEASONS[int(when.text[5:7])]]
            text = self._fill(self.dates["season"], {"season": season, "year": year})
        elif precision in ("year", "decade"):
            text = self._fill(self.dates[precision], {"year": year})
        else:
            text = self._fill(self.dates["century"], {"first": year, "last": self.digits(str(d.year + 99))})
        if when.qualifier:
            text = self._fill(self.dates[when.qualifier], {"date": text})
        return text

    def faction(self, fid: str, name: str, short: str | None = None) -> tuple[str, str | None]:
        """A faction's (name, short name): the translation of a shipped id, else as given."""
        own = self.factions.get(fid)
        return (own.name, own.short) if own else (name, short)

    def page_strings(self) -> dict[str, Any]:
        """What a map page needs to write itself in this language (JSON-ready)."""
        return {"code": self.code, "tag": self.tag, "name": self.name, "dir": "rtl" if self.rtl else "ltr",
                "digits": self.digit_chars, "group": self.group, "months": list(self.months),
                "seasons": [self.seasons[k] for k in _SEASON_KEYS], "dates": dict(self.dates),
                "text": {k: v for k, v in self.strings.items() if k in self.page_keys}}

    def _fill(self, template: str, values: dict[str, object]) -> str:
        def put(m: re.Match[str]) -> str:
            value = values[m.group(1)]
            if isinstance(value, int):
                return self.digits(f"{value:,}".replace(",", self.group))
            return str(value)
        return _PLACEHOLDER.sub(put, template)

def check_language(code: str) -> str:
    """``code`` if afmap has that language, else an :class:`OptionError` naming the choices."""
    if code not in LANGUAGES:
        raise OptionError(f"no language '{code}'; choose one of {', '.join(LANGUAGES)}")
    return code


@cache
def language(code: str = "en") -> Language:
    """The language of ``code`` (``en``, ``fa`` or ``ps``), read from its translation file.

    Raises
    ------
    OptionError
        For a code afmap has no file for.
    TranslationError
        If the file is not what :func:`read_language` accepts.
    """
    check_language(code)
    return read_language(resources.files("afmap").joinpath("translations", f"{code}.yaml"))


def read_language(path: Any) -> Language:
    """Read and check one translation file (a path, or an importlib resource).

    It must be a YAML mapping with the sections of ``en.yaml``; ``interface``
    and ``dates`` must hold every key of English's with the same placeholders,
    ``months`` twelve names, ``digits`` ten characters, ``direction`` ``ltr`` or
    ``rtl``. Every problem is reported as ``path:line:col: what is wrong``.
    """
    import yaml

    name = str(path)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(path.read_text(encoding="utf-8"))
        try:  # one parse: the nodes say where each key is, the data is built from them
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError) as exc:
        raise TranslationError([Problem(name, 0, 0, f"cannot read the file: {exc}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise TranslationError([Problem(name, mark.line + 1 if mark else 0,
                                        mark.column + 1 if mark else 0,
                                        f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    problems = _problems(name, node, data)
    if problems:
        raise TranslationError(problems)
    lang = data["language"]
    return Language(
        code=lang["code"], tag=lang["tag"], name=lang["name"], rtl=lang["direction"] == "rtl",
        digit_chars=lang["digits"], group=lang["group"], months=tuple(lang["months"]),
        seasons=dict(lang["seasons"]),
        dates={k: str(v) for k, v in data["dates"].items()},
        factions={fid: FactionName(f["name"], f["short"], f.get("source", ""))
                  for fid, f in (data["factions"] or {}).items()},
        strings={k: str(v) for section in ("interface", "images") for k, v in data[section].items()},
        page_keys=frozenset(data["interface"]))


def _problems(name: str, node: Any, data: Any) -> list[Problem]:
    """What is wrong with a translation file, each at its place (the file's line and column)."""
    import yaml

    def at(path: tuple[str, ...]) -> tuple[int, int]:
        here = node
        for key in path:
            if not isinstance(here, yaml.MappingNode):
                break
            found = next((v for k, v in here.value if k.value == key), None)
            if found is None:
                break
            here = found
        return (here.start_mark.line + 1, here.start_mark.column + 1) if here is not None else (0, 0)

    def problem(path: tuple[str, ...], message: str) -> Problem:
        return Problem(name, *at(path), message)

    if not isinstance(data, dict):
        return [problem((), "a translation file is a mapping with the sections of en.yaml")]
    english = _english()
    out: list[Problem] = []
    for section in ("language", "dates", "factions", "interface", "images"):
        if section not in data:
            out.append(problem((), f"no '{section}' section; copy it from en.yaml and translate it"))
    if out:
        return out
    lang = data["language"] if isinstance(data["language"], dict) else {}
    for key, ok, what in (
            ("code", lambda v: v in LANGUAGES, f"one of {', '.join(LANGUAGES)}"),
            ("tag", lambda v: isinstance(v, str) and v, "a BCP 47 language tag, e.g. fa-AF"),
            ("name", lambda v: isinstance(v, str) and v, "the language's own name"),
            ("direction", lambda v: v in ("ltr", "rtl"), "ltr or rtl"),
            ("digits", lambda v: isinstance(v, str) and len(v) == 10, "the ten digits, 0 to 9"),
            ("group", lambda v: isinstance(v, str), "the thousands separator"),
            ("months", lambda v: isinstance(v, list) and len(v) == 12
             and all(isinstance(m, str) and m for m in v), "twelve month names"),
            ("seasons", lambda v: isinstance(v, dict) and set(v) == set(_SEASON_KEYS),
             "the names of spring, summer, autumn and winter")):
        if not ok(lang.get(key)):
            out.append(problem(("language", key), f"language: '{key}' must be {what}"))
    for section in ("dates", "interface", "images"):
        given = data[section] if isinstance(data[section], dict) else {}
        for key, text in english[section].items():
            if key not in given:
                out.append(problem((section,), f"{section}: no '{key}' (English: {text!r}); "
                                               "add its translation"))
            elif placeholders(str(given[key])) != placeholders(text):
                want = ", ".join(f"{{{p}}}" for p in sorted(placeholders(text))) or "none"
                out.append(problem((section, key), f"{section}: '{key}' must keep the "
                                                   f"placeholders of English ({want})"))
        for key in given:
            if key not in english[section]:
                out.append(problem((section, key), f"{section}: '{key}' is not a key of en.yaml"))
    factions = data["factions"] or {}
    if not isinstance(factions, dict):
        out.append(problem(("factions",), "factions: a mapping of faction ids to name and short"))
    else:
        for fid, entry in factions.items():
            if not (isinstance(entry, dict) and isinstance(entry.get("name"), str)
                    and isinstance(entry.get("short"), str)):
                out.append(problem(("factions", fid), f"factions: '{fid}' needs a name and a short name"))
    return out


@cache
def _english() -> dict[str, dict[str, str]]:
    """English's keys and texts: what every translation must have."""
    import yaml

    raw = resources.files("afmap").joinpath("translations", "en.yaml").read_text("utf-8")
    data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {s: {k: str(v) for k, v in data[s].items()} for s in ("dates", "interface", "images")}


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a string's translation must keep."""
    return set(_PLACEHOLDER.findall(template))
