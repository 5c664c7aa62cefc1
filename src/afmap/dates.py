"""Dates as afmap reads and writes them."""

from __future__ import annotations

import datetime as dt

#: The first day the shipped scenarios cover: the Saur Revolution.
FIRST_DAY = dt.date(1978, 4, 27)


def reference_date(year: int, today: dt.date | None = None) -> dt.date:
    """The date a ``--year`` map shows: 1 July of that year, or today if that is later.

    >>> reference_date(1998)
    datetime.date(1998, 7, 1)
    """
    today = today or dt.date.today()
    day = dt.date(year, 7, 1)
    return min(day, today)


def parse_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` (ASCII digits, with the hyphens); raise ValueError with a reason.

    ``date.fromisoformat`` alone would also take ``20010101`` and other ISO forms.
    """
    import re

    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(f"'{text}' is not a date written YYYY-MM-DD, e.g. 1996-09-27")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date; write YYYY-MM-DD, e.g. 1996-09-27") from None


def in_words(day: dt.date, lang: str = "en") -> str:
    """``27 September 1996`` (in ``lang``, see :mod:`afmap.i18n`)."""
    from afmap.i18n import language

    return language(lang).day(day)
