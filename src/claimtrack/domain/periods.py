"""Periods: a date at its precision is the span of days it covers.

Pure: no I/O, no clock. Dates are stored as ISO text at their precision:
``2025`` covers 1 January to 31 December 2025, ``2025-03`` the month of
March, ``2025-03-01`` one day; any other period (a fiscal year, a quarter,
``4月中旬``, a range) is the ISO 8601 interval of its first and last day,
``2025-04-01/2026-03-31``. Everything in claimtrack that compares, orders
or filters such dates goes through this module:

* **Spans** (:func:`span`): the first and last day a date covers. The date
  rule compares spans; a month and a day inside it overlap.
* **Order** (:func:`order_key`): timelines sort a coarser date at the start
  of its period and before every finer date inside it: ``2025`` <
  ``2025-01`` < ``2025-01-01`` < ``2025-01-02`` < ``2025-02``; an interval
  sorts as its first day.
* **Windows** (:class:`Window`): ``--since``/``--until`` bounds. A claim is
  in a window when the first day of its period is: ``since`` counts from the
  first day of its own period, ``until`` through the last day of its own, both
  inclusive. An undated claim is in no window that has a bound. The store
  selects the same claims in SQL with :data:`FIRST_DAY_SQL` and the window's ``first_day`` and ``last_day``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

from msgspec import Struct

from claimtrack.errors import ParseError

__all__ = ["FIRST_DAY_SQL", "Window", "first_day", "last_day", "order_key", "span"]

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

#: SQL for the first day of the period of a column holding such a date
#: (``{column}`` is filled in): the store's mirror of :func:`first_day`.
FIRST_DAY_SQL = "substr({column} || '-01-01', 1, 10)"


def _parts(text: str) -> tuple[int, int | None, int | None]:
    """Year, month and day of an ISO date at its precision; ValueError if it is not one."""
    m = _ISO.fullmatch(text.strip())
    if not m:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"no such month: {text!r}")
    if month is not None and day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"no such day: {text!r}")
    return year, month, day


@lru_cache(maxsize=8192)
def span(text: str) -> tuple[date, date]:
    """The first and last day the date covers: ``2025-02`` -> 1 and 28 February 2025;
    ``2025-04-01/2026-03-31`` -> its two ends.

    Raises ValueError for text that is not an ISO date at year, month or day
    precision, or an interval of two such dates that runs forwards.
    """
    if "/" in text:
        left, _, right = text.partition("/")
        first, last = span(left)[0], span(right)[1]
        if last < first:
            raise ValueError(f"the interval ends before it starts: {text!r}")
        return first, last
    year, month, day = _parts(text)
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    one = date(year, month, day)
    return one, one


def first_day(text: str) -> str:
    """The first day of the date's period, as ISO text: ``2025`` -> ``2025-01-01``."""
    return span(text)[0].isoformat()


def last_day(text: str) -> str:
    """The last day of the date's period, as ISO text: ``2024-02`` -> ``2024-02-29``."""
    return span(text)[1].isoformat()


def order_key(text: str | None) -> tuple[int, int, int] | None:
    """Where a date sorts in a timeline: coarse before fine; None when undated.

    Lenient: the date is read from the start of ``text``, and text that does
    not start with a date counts as undated.
    """
    if not text:
        return None
    m = _ISO.match(text.strip())
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)


@lru_cache(maxsize=256)
def _window_days(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """A window's first and last days (None where it is open), worked out
    once for each pair of dates: a window is asked for them at every claim."""
    days: list[str | None] = []
    for name, text, end in (("since", since, 0), ("until", until, 1)):
        if text is None:
            days.append(None)
            continue
        try:
            days.append(span(text)[end].isoformat())
        except ValueError as exc:
            raise ParseError(str(exc), field=name) from None
    return days[0], days[1]


class Window(Struct, frozen=True):
    """A ``since``/``until`` window over claim dates; either side may be open.

    ``since`` and ``until`` are ISO dates at any precision. Making a window
    checks them: a ParseError names the field that is not a date, or
    ``since`` when it comes after ``until``.
    """

    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        first, last = _window_days(self.since, self.until)  # each side checked here
        if first and last and first > last:
            raise ParseError(f"{self.since} is after {{field:until}} {self.until}", field="since")

    @property
    def first_day(self) -> str | None:
        """The first day in the window; None when it is open at the start."""
        return _window_days(self.since, self.until)[0]

    @property
    def last_day(self) -> str | None:
        """The last day in the window; None when it is open at the end."""
        return _window_days(self.since, self.until)[1]

    @property
    def bounded(self) -> bool:
        return self.since is not None or self.until is not None

    def contains(self, text: str | None) -> bool:
        """Whether a claim dated ``text`` falls in the window (see the module notes)."""
        key = order_key(text)
        if key is None:
            return not self.bounded
        year, month, day = key
        start = f"{year:04d}-{month or 1:02d}-{day or 1:02d}"
        first, last = _window_days(self.since, self.until)
        return (first is None or start >= first) and (last is None or start <= last)
