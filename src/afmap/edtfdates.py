"""Dates as exact as their source: EDTF, the Extended Date/Time Format.

A claim's dates are written in EDTF (Library of Congress, Level 0 and the
single-date forms of Level 1): a day ``2001-11-13``, a month ``1998-08``, a
year ``1995``, a season ``1998-22`` (21 spring, 22 summer, 23 autumn, 24
winter), a decade ``199X``, each optionally qualified as uncertain ``?``,
approximate ``~`` or both ``%`` (``1998-22~``: summer 1998, approximately).

The map draws an imprecise date on the **first day it can denote**: ``1998``
on 1 January 1998, ``1998-08`` on 1 August, ``1998-22`` (summer) on 1 June,
``199X`` on 1 January 1990. A qualifier does not move the day. Readers see
the precision wherever the date is shown (:func:`When.words`), so "1 June
1998" is never presented as a fact when the source said "summer 1998".
Days, months, seasons and years get their bounds from the calendar (with the
``edtf`` package's convention for seasons; a test compares the two); forms
with unspecified digits (``199X``) are parsed by the ``edtf`` package.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

#: The single-date EDTF forms a claim may use; intervals and sets are refused
#: (a claim's end is its own key, ``until``).
_FORM = re.compile(r"(?P<year>[0-9]{3}[0-9X]|[0-9]{2}XX)"
                   r"(?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>[0-9]{2}|XX))?)?(?P<q>[?~%])?")
#: The EDTF season codes and the seasons they name.
SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_QUALIFIERS = {"?": "uncertain", "~": "approximate", "%": "approximate and uncertain"}
_QUALIFIER_MARKS = {word: mark for mark, word in _QUALIFIERS.items()}
FIRST_YEAR, LAST_YEAR = 1900, 2100


class EdtfError(ValueError):
    """A text that is not a single EDTF date afmap can draw; the message says what to write."""


@dataclass(frozen=True)
class When:
    """One EDTF date: the text as written, the days it spans, and its precision."""

    text: str
    first: dt.date
    last: dt.date
    #: ``day``, ``month``, ``season``, ``year``, ``decade`` or ``century``.
    precision: str
    #: None, ``uncertain``, ``approximate`` or ``approximate and uncertain``.
    qualifier: str | None = None

    @property
    def exact(self) -> bool:
        """A day, neither approximate nor uncertain."""
        return self.precision == "day" and self.qualifier is None

    def describe_precision(self) -> str:
        """``day``, ``season, approximate``: the ``*_precision`` field of tables and exports."""
        return self.precision + (f", {self.qualifier}" if self.qualifier else "")

    def words(self, lang: str = "en") -> str:
        """The date as a reader sees it: ``13 November 2001``, ``summer 1998, approximate``.

        In another language (``fa``, ``ps``) as :mod:`afmap.i18n` writes it.
        """
        from afmap.i18n import language

        return language(lang).when(self)

    def token(self) -> str:
        """The date in afmap's own regular EDTF form, as map pages carry it.

        ``2001-11-13``, ``1998-08``, ``1998-22``, ``1995``, ``199X``, ``19XX``, then
        ``?``, ``~`` or ``%`` for the qualifier: the page writes it in words in
        the reader's language.

        >>> parse("1998-22~").token(), parse("1998-XX").token()
        ('1998-22~', '1998')
        """
        year = f"{self.first.year:04d}"
        text = {"day": self.first.isoformat(), "month": self.first.isoformat()[:7],
                "season": f"{year}-{self.text[5:7]}", "year": year, "decade": year[:3] + "X",
                }.get(self.precision, year[:2] + "XX")
        return text + _QUALIFIER_MARKS.get(self.qualifier, "")

    @classmethod
    def of_day(cls, day: dt.date) -> When:
        """An exact day."""
        return cls(day.isoformat(), day, day, "day")


def parse(text: str) -> When:
    """Read one EDTF date; raise :class:`EdtfError` saying what to write instead.

    >>> parse("1998-22~").words()
    'summer 1998, approximate'
    >>> parse("2001-11-13").first
    datetime.date(2001, 11, 13)
    """
    return _parse(text.strip())


@lru_cache(maxsize=4096)
def _parse(text: str) -> When:
    hint = ("write an EDTF date: 2001-11-13, 1998-08 (a month), 1995 (a year), "
            "1998-22 (summer; 21 spring, 23 autumn, 24 winter), 199X (a decade), "
            "with ? (uncertain), ~ (approximate) or % (both) at the end")
    match = _FORM.fullmatch(text)
    if match is None:
        if "/" in text or ".." in text or text.startswith(("[", "{")):
            raise EdtfError(f"'{text}' is a range or set of dates; give a claim's first day as "
                            "'date' and its end as 'until'")
        raise EdtfError(f"'{text}' is not an EDTF date; {hint}")
    year, month, day, q = match["year"], match["month"], match["day"], match["q"]
    if month not in (None, "XX") and not (1 <= int(month) <= 12 or int(month) in SEASONS):
        raise EdtfError(f"'{text}' has no month {month}; months are 01–12, seasons 21–24")
    if "X" not in year and not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise EdtfError(f"'{text}' is outside the years {FIRST_YEAR}–{LAST_YEAR} afmap maps")
    try:
        plain = _calendar(year, month, day)
    except ValueError:  # no such day: 2001-02-30
        raise EdtfError(f"'{text}' is not a real date; {hint}") from None
    if plain is not None:
        # A day, month, season or year: the calendar gives the bounds, without the cost of the
        # EDTF grammar (0.13 s to import, about 6 ms a date); unspecified digits go to it.
        first, last, precision = plain
        return When(text, first, last, precision, _QUALIFIERS.get(q or ""))
    if day is not None and day != "XX" and month == "XX":
        raise EdtfError(f"'{text}' gives a day but not its month; {hint}")
    import edtf

    try:
        # The qualifier changes no bound; the package reads a qualified season only at Level 2.
        parsed = edtf.parse_edtf(text.rstrip("?~%"))
        first, last = (_day(parsed.lower_strict()), _day(parsed.upper_strict()))
    except Exception:  # the edtf package raises several kinds for a date that does not exist
        raise EdtfError(f"'{text}' is not a real date; {hint}") from None
    if not FIRST_YEAR <= first.year <= LAST_YEAR:
        raise EdtfError(f"'{text}' is outside the years {FIRST_YEAR}–{LAST_YEAR} afmap maps")
    if "X" in year:
        precision = "century" if year.endswith("XX") else "decade"
        if month is not None:
            raise EdtfError(f"'{text}': a decade or century takes no month; write '{year}'")
    elif month is None or month == "XX":
        precision = "year"
    elif int(month) in SEASONS:
        precision = "season"
    elif day is None or day == "XX":
        precision = "month"
    else:
        precision = "day"
    return When(text, first, last, precision, _QUALIFIERS.get(q or ""))


def _calendar(year: str, month: str | None,
              day: str | None) -> tuple[dt.date, dt.date, str] | None:
    """Bounds and precision of a plain day, month, season or year; None for the other forms.

    Raises ValueError for a day the calendar does not have.
    """
    import calendar

    if "X" in year or (month or "").startswith("X") or (day or "").startswith("X"):
        return None
    y = int(year)
    if month is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    m = int(month)
    if m in SEASONS:  # the edtf package's bounds: spring March-May ... winter December
        start = {21: 3, 22: 6, 23: 9, 24: 12}[m]
        end = dt.date(y, start + 2, calendar.monthrange(y, start + 2)[1]) if m != 24 \
            else dt.date(y, 12, 31)
        return dt.date(y, start, 1), end, "season"
    if day is None:
        return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), "month"
    exact = dt.date(y, m, int(day))
    return exact, exact, "day"


def _day(value: object) -> dt.date:
    import time

    assert isinstance(value, time.struct_time)
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
