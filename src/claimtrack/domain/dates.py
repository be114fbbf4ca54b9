"""Read dates and periods written in English or Japanese, keeping their precision.

Pure: no clock, no I/O. ``parse_date`` either returns a :class:`DateValue`
or raises :class:`ParseError`; it never guesses. python-dateutil does the
calendar arithmetic of relative dates, imported only when one is read.

Accepted forms (after Unicode NFKC, so full-width digits and ``：`` work):

* ISO: ``2025-03-01``, ``2025-03``, ``2025``, and date-times
  ``2025-02-28T15:00:00-05:00`` (the date as written, offset ``-05:00``;
  ``Z`` is ``+00:00``). Time and offset are checked but only the offset is
  kept.
* Year first with ``/``, ``.`` or ``・``: ``2025/02/24``, ``2025/2/24``,
  ``2025.02.24``, ``2025・4・13``, ``2025/02`` (month). ``24.02.2025`` (dots,
  year last) is the European day.month.year order. Compact ``20250413``
  (an eight-digit number that is no date stays a number).
* Numeric day and month with a four-digit year when only one reading is a
  date: ``21/04/2016`` (no month 21), ``02/22/2016``, ``04/04/2016``.
* Japanese: ``2025年3月1日``, ``2025年3月``, ``2025年``, kanji digits
  (``二〇二五年三月一日``), era years ``令和``/``平成``/``昭和``/``大正`` with
  ``元年``, and their short forms ``R7.4.13``, ``H31.4.30``, ``令和7/4/13``;
  an era date outside its era is an error. ``西暦`` (``西暦2025年``) is
  dropped.
* English: ``March 1, 2025``, ``1 Mar 2025``, ``1st of March 2025``,
  ``Mar. 2025`` (month), with or without a leading weekday.
* A leading label that ends with a colon (``公開日:``, ``Published:``) is
  dropped; a weekday in brackets (``(土)``, ``（土曜日）``, ``(Sat)``) is
  dropped after checking it matches the date.

Periods (each a :class:`DateValue` with ``start`` and ``end``, its first and
last day; ``date`` is the ISO interval ``2025-04-01/2026-03-31``):

* Fiscal years: ``2025年度`` (令和7年度) is Japan's, 1 April 2025 to 31
  March 2026, with its halves (``上半期``, ``下期``), quarters
  (``第1四半期``, ``2Q``) and last month (``年度末``); ``2025年3月期`` is a
  company's year that ends in March 2025. ``FY2025``, ``FY25``,
  ``fiscal 2025``, ``FY2025/26``, ``Q1 FY2025`` are read under the
  convention the caller names (:data:`FISCAL_YEARS`; Japan's by default).
* Quarters and halves: ``Q2 2024``, ``2Q2024``, ``2024 Q2``, ``the second
  quarter of 2024``, ``2024年第2四半期``, ``2024年4-6月期``; ``H1 2025``,
  ``first half of 2025``, ``2025年上半期``, ``2025年後半``.
* Parts of a month: ``上旬``/``中旬``/``下旬`` (also ``初旬``, ``半ば``,
  ``末``) and ``early``/``mid``/``late`` (also ``the beginning``, ``the
  middle``, ``the end of``) are days 1-10, 11-20 and 21 to the end.
* Parts of a year: ``年末``/``end of 2024``/``year-end 2024`` is December,
  ``年初``/``beginning of 2025`` January; ``early``/``mid``/``late 2025`` (and
  ``初頭``, ``半ば``) are four months each; ``2025年内`` is the year.
* Seasons where one reading exists: ``2025年春``/``夏``/``秋`` (Japan's
  Meteorological Agency: spring March-May). ``冬`` crosses a year's end and
  English seasons depend on the hemisphere: refused.
* Ranges: ``2025年4月13日〜10月13日``, ``4月13日から10月13日まで``, ``April
  13–October 13, 2025``, ``13-17 April 2025``, ``2025-04-13 to
  2025-10-13``, ``2025年度〜2027年度``, ``2025〜2027年度``: an end may leave
  out what the other end says, and one that leaves out its year but names
  an earlier month runs on across the year's end (``2025年12月30日〜1月3日``;
  ``4月13日〜10日`` runs backwards and is refused). The ISO interval this
  module writes (``2025-04-01/2026-03-31``) reads back as itself.

Relative dates are read against a ``reference`` day (a claim's own date):
``今日``/``昨日``/``一昨日``/``明日``, ``先週``/``今週``/``来週`` (weeks run
Monday to Sunday, as ISO 8601 has them) and their weekdays
(``先週の日曜日``), ``先月``/``今月``/``来月`` and their parts (``今月末``,
``来月中旬``), ``去年``/``昨年``/``今年``/``来年``, ``年内``/``年末``/``年初`` (of
the reference's year), ``今年度`` (and
``今年度上半期``), ``今秋``/``来春``, counts (``3日前``, ``2週間後``,
``1か月前`` and ``半年前`` are that month, ``2年前`` that year), a year word
with a date (``昨年3月``), and English ``today``, ``yesterday``, ``last
Sunday``, ``next Monday``, ``last month``, ``last March``, ``next year``,
``3 days ago``, ``in 2 weeks``, ``March last year``. A date without its
year (``3月1日``, ``March 1``, ``mid-April``) is in the reference's own year,
as news writes a date of the current year, unless the year before or after
puts it within three months of the reference and its own year does not
(``12月28日`` written on 5 January); a weekday written with it
(``10月13日(月)``) chooses among those years, and is reported when it fits none. A year word with no date after it
(``昨年比``, ``今年度中``) is not a date. The result records ``relative_to``; without a reference such a
date is a :class:`~claimtrack.errors.RelativeDate` error, and words relative
to some other day (``前日``, ``翌年``, ``the next day``) are refused.

Refused with a reason: impossible dates, two-digit years, numeric forms
whose day/month order is a convention (``1/3/2025``, ``04/05/2016``,
``3/1/25``), and ranges that end before they start.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import itertools
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from msgspec import structs

from claimtrack.domain.kanji import NUMERALS, kanji_int
from claimtrack.domain.model import DateValue
from claimtrack.domain.patterns import deferred
from claimtrack.domain.vocabulary import DEFAULT_FISCAL, FiscalYear
from claimtrack.errors import ParseError, RelativeDate

__all__ = ["parse_date", "prepare", "read_date"]

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹣", "-"))
_WS = deferred(r"\s+")


def prepare(raw: str) -> str:
    """NFKC, dashes and minus signs as ``-``, whitespace collapsed and stripped."""
    if raw.isascii():  # already NFKC, and no dash but "-"
        return " ".join(raw.split())
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES)
    return " ".join(text.split())


# ---------------------------------------------------------------- tables

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH_NAMES = [calendar.month_name[i] for i in range(13)]
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
    "月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6,
}
_DAY_NAMES = list(calendar.day_name)

# era name -> (first Gregorian year, first day, last day or None)
_ERAS = {
    "令和": (2019, _dt.date(2019, 5, 1), None),
    "平成": (1989, _dt.date(1989, 1, 8), _dt.date(2019, 4, 30)),
    "昭和": (1926, _dt.date(1926, 12, 25), _dt.date(1989, 1, 7)),
    "大正": (1912, _dt.date(1912, 7, 30), _dt.date(1926, 12, 25)),
}

_MON = "(?P<m>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_KNUM = NUMERALS
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?"
_JTIME = r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?|\s*\d{1,2}時(?:\d{1,2}分)?)?"

_LABEL = deferred(r"^[^\d:]{1,40}?:\s*(?=\S)")
_WD_KEYS = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_WD_BRACKET = deferred(r"\s*\(\s*(?P<w>" + _WD_KEYS + r")(?:曜日?)?\.?\s*\)\s*")
_WD_LEAD = deferred(
    r"^(?P<w>" + "|".join(k for k in sorted(_WEEKDAYS, key=len, reverse=True) if k.isascii()) + r")\.?,?\s+"
)
_WD_LEAD_STARTS = frozenset(k[0] for k in _WEEKDAYS if k.isascii())
_WD_TRAIL_JA = deferred(r"(?<=日)\s*(?P<w>[月火水木金土日])曜日?$")

_ISO = deferred(
    r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:[t ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<z>z|[+-]\d{2}(?::?\d{2})?)?)?)?$"
)
_ISO_INTERVAL = deferred(r"^(\d{4})-(\d{2})-(\d{2})/(\d{4})-(\d{2})-(\d{2})$")
_YMD_LOOSE = deferred(r"^(?P<y>\d{4})(?P<sep>[-/.・])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _JTIME + "$")
_YM_SLASH = deferred(r"^(?P<y>\d{4})/(?P<m>\d{1,2})$")
_DMY_DOT = deferred(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$")
_COMPACT = deferred(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$")
_ERA_LETTERS = {"r": "令和", "h": "平成", "s": "昭和", "t": "大正"}
_ERA_NUMERIC = deferred(
    r"^(?P<era>令和|平成|昭和|大正|[rhst](?=\d))(?P<ey>元|\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$"
)
_NUMERIC_DMY = deferred(r"^(?P<a>\d{1,2})(?P<sep>[-/])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})$")
_AMBIGUOUS = deferred(r"^\d{1,2}(?:(?P<sep>[-/.])\d{1,2}(?P=sep)\d{1,4}|/\d{1,2})$")
_YEAR = deferred(r"^\d{4}$")
_JA = deferred(
    r"^(?:(?P<era>令和|平成|昭和|大正)\s*(?P<ey>元|\d{1,2}|[" + _KNUM + r"]{1,3})"
    r"|(?P<y>\d{1,4}|[" + _KNUM + r"]{1,7}))\s*年"
    r"(?:\s*(?P<m>\d{1,2}|[" + _KNUM + r"]{1,2})\s*月"
    r"(?:\s*(?P<d>\d{1,2}|[" + _KNUM + r"]{1,3})\s*日)?)?\s*付?" + _JTIME + "$"
)
_EN_MDY = deferred(r"^" + _MON + r"\s*(?P<d>\d{1,2})" + _ORD + r",?\s+(?P<y>\d{4})" + _TIME + "$")
_EN_DMY = deferred(
    r"^(?:the\s+)?(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MON + r",?\s+(?P<y>\d{4})" + _TIME + "$"
)
_EN_MY = deferred(r"^" + _MON + r",?\s+(?P<y>\d{4})$")
#: Words relative to a day the text does not give (the day before *what*?):
#: a claim's own date is no reference for them.
_ELSEWHERE = deferred(
    r"^(?:tonight|now|the day before|the day after|the next day|the previous day"
    r"|(?:past|previous|coming)\s+(?:day|night|week|weekend|month|year|quarter)"
    r"|(?:a|an|one|\d+)\s+(?:day|week|month|year)s?\s+(?:later|earlier)"
    r"|前日|翌日|同日|当日|先日|前年|翌年|翌月|前月|前週|翌週|同年|同月)$"
)


# ---------------------------------------------------------------- helpers


def _fail(raw: str, why: str) -> ParseError:
    shown = raw if len(raw) <= 60 else raw[:59] + "…"  # the reason must survive a long input
    return ParseError(f"cannot read '{shown}' as a date: {why}")


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(y: int, m: int) -> int:
    """The number of days in month ``m`` of year ``y`` (``calendar.monthrange`` also works out a weekday)."""
    if m == 2 and calendar.isleap(y):
        return 29
    return _DAYS_IN_MONTH[m]


def _check_ymd(raw: str, y: int, m: int | None, d: int | None) -> None:
    if not 1 <= y <= 9999:
        raise _fail(raw, f"there is no year {y}")
    if m is None:
        return
    if not 1 <= m <= 12:
        raise _fail(raw, f"there is no month {m}")
    if d is None:
        return
    last = _days_in(y, m)
    if not 1 <= d <= last:
        if d > 31 or d > _days_in(2024, m):
            raise _fail(raw, f"{_MONTH_NAMES[m]} has no day {d}")
        raise _fail(raw, f"{_MONTH_NAMES[m]} {y} has no day {d}")


def _make(raw: str, y: int, m: int | None, d: int | None, offset: str | None = None) -> DateValue:
    _check_ymd(raw, y, m, d)
    if m is None:
        return DateValue(date=f"{y:04d}", precision="year", start=f"{y:04d}-01-01", end=f"{y:04d}-12-31",
                         offset=offset)
    if d is None:
        month = f"{y:04d}-{m:02d}"
        return DateValue(date=month, precision="month", start=f"{month}-01",
                         end=f"{month}-{_days_in(y, m):02d}", offset=offset)
    day = f"{y:04d}-{m:02d}-{d:02d}"
    return DateValue(date=day, precision="day", start=day, end=day, offset=offset)


def _num(raw: str, text: str, what: str) -> int:
    if text.isdigit() and text.isascii():
        return int(text)
    value = kanji_int(text)
    if value is None:
        raise _fail(raw, f"cannot read {what} '{text}'")
    return value


def _offset(raw: str, z: str | None) -> str | None:
    if z is None:
        return None
    if z == "z":
        return "+00:00"
    digits = z[1:].replace(":", "")
    hh, mm = int(digits[:2]), int(digits[2:] or 0)
    if hh > 23 or mm > 59:
        raise _fail(raw, f"'{z}' is not a UTC offset")
    return f"{z[0]}{hh:02d}:{mm:02d}"


def _era(raw: str, era: str, ey: str, m: int | None, d: int | None) -> int:
    first_year, start, end = _ERAS[era]
    n = 1 if ey == "元" else _num(raw, ey, "the era year")
    if n < 1:
        raise _fail(raw, f"{era} has no year {n}")
    y = first_year + n - 1
    _check_ymd(raw, y, m, d)
    if m is None:
        lo, hi = _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    elif d is None:
        lo, hi = _dt.date(y, m, 1), _dt.date(y, m, _days_in(y, m))
    else:
        lo = hi = _dt.date(y, m, d)
    if hi < start:
        raise _fail(raw, f"{era} began on {start.isoformat()}")
    if end is not None and lo > end:
        raise _fail(raw, f"{era} ended on {end.isoformat()}")
    return y


#: Every form :func:`_read_absolute` reads has one of these (most values,
#: figures such as ``$500B`` or ``5000億ドル``, have none).
_ABSOLUTE_HINT = deferred(
    r"^\d{4}[-/.・]|^\d{1,2}[-/.]\d|^\d{4}(?:\d{4})?$|年|令和|平成|昭和|大正|^[rhst]\d"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
)


def _read_absolute(raw: str, s: str, bare_year: bool) -> DateValue | None:
    """A day, a month or a year written out in full; None when ``s`` is none."""
    s = s.removeprefix("西暦").lstrip()  # 西暦2025年: the Western calendar, said outright
    if not _ABSOLUTE_HINT.search(s):
        return None
    if "年" in s:  # only the Japanese form has it
        return _read_japanese(raw, s)
    m = _ISO_INTERVAL.match(s)
    if m:  # 2025-04-01/2026-03-31: a period as this tool writes it
        first, last = (_make(raw, int(y), int(mo), int(d)) for y, mo, d in (m.group(1, 2, 3), m.group(4, 5, 6)))
        if last.start < first.start:
            raise _fail(raw, "it ends before it starts")
        return _period(_dt.date.fromisoformat(first.start), _dt.date.fromisoformat(last.end), "range")
    if s[:1].isascii() and s[:1].isalpha() and not s[1:2].isdigit():  # March 1, 2025: no numeric form
        return _read_english(raw, s, bare_year)
    m = _ISO.match(s)
    if m:
        y, mo = int(m["y"]), int(m["m"])
        d = int(m["d"]) if m["d"] else None
        if m["H"] is not None and (int(m["H"]) > 23 or int(m["M"]) > 59 or int(m["S"] or 0) > 59):
            raise _fail(raw, "the time of day is impossible")
        return _make(raw, y, mo, d, _offset(raw, m["z"]))
    m = _YMD_LOOSE.match(s)
    if m:
        return _make(raw, int(m["y"]), int(m["m"]), int(m["d"]))
    m = _YM_SLASH.match(s)
    if m:
        return _make(raw, int(m["y"]), int(m["m"]), None)
    m = _DMY_DOT.match(s)
    if m:
        return _make(raw, int(m["y"]), int(m["m"]), int(m["d"]))
    m = _COMPACT.match(s)
    if m:  # 20250413; an eight-digit number that is no date stays a number
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if 1 <= mo <= 12 and 1 <= d <= _days_in(y, mo):
            return _make(raw, y, mo, d)
        return None
    m = _ERA_NUMERIC.match(s)
    if m and m["era"] in _ERA_LETTERS:  # R7.4.13: a capital letter, and only a date if it is one
        if not unicodedata.normalize("NFKC", raw).lstrip()[:1].isupper():
            return None  # r4.2.1 is more likely a version than a day
        try:
            mo, d = int(m["m"]), int(m["d"])
            return _make(raw, _era(raw, _ERA_LETTERS[m["era"]], m["ey"], mo, d), mo, d)
        except ParseError:
            return None  # R4.3.0, S1.2.3: a version or a section number, kept as text
    if m:  # 令和7/4/13
        mo, d = int(m["m"]), int(m["d"])
        return _make(raw, _era(raw, m["era"], m["ey"], mo, d), mo, d)
    m = _NUMERIC_DMY.match(s)
    if m:  # 21/04/2016 and 02/22/2016 have one reading; 04/05/2016 has two
        a, b = int(m["a"]), int(m["b"])
        if a == b or (a > 12) != (b > 12):
            d, mo = (a, b) if a > 12 else (b, a)
            return _make(raw, int(m["y"]), mo, d)
    if _AMBIGUOUS.match(s):
        raise _fail(raw, "day/month order or year is ambiguous; write it as 2025-03-01 or 2025年3月1日")
    return _read_english(raw, s, bare_year)


def _read_english(raw: str, s: str, bare_year: bool) -> DateValue | None:
    """March 1, 2025, 1st of March 2025, Mar. 2025; a bare year if allowed."""
    m = _EN_MDY.match(s) or _EN_DMY.match(s)
    if m:
        return _make(raw, int(m["y"]), _MONTHS[m["m"]], int(m["d"]))
    m = _EN_MY.match(s)
    if m:
        return _make(raw, int(m["y"]), _MONTHS[m["m"]], None)
    if bare_year and _YEAR.match(s):
        return _make(raw, int(s), None, None)
    return None


def _read_japanese(raw: str, s: str) -> DateValue | None:
    """2025年3月1日, 令和7年3月, 二〇二五年: None for 30年 (a count of years)."""
    m = _JA.match(s)
    if not m:
        return None
    month = _num(raw, m["m"], "the month") if m["m"] else None
    day = _num(raw, m["d"], "the day") if m["d"] else None
    if m["era"]:
        year = _era(raw, m["era"], m["ey"], month, day)
    else:
        year = _num(raw, m["y"], "the year")
        if year < 1000 and month is None:
            return None  # a count of years (30年), not a calendar year
        if year < 1000:
            raise _fail(raw, f"the year {year} needs four digits")
    return _make(raw, year, month, day)


# ---------------------------------------------------------------- periods

#: How ``FY2025`` is read: the month a fiscal year starts in, and how many
#: years before the named year it starts. ``japan`` is the 年度 of Japanese
#: government and most Japanese companies (FY2025 = 2025年度 = 1 April 2025 to
#: 31 March 2026); ``us`` the US federal year, named for the year it ends in
#: (FY2025 = 1 October 2024 to 30 September 2025); ``calendar`` the calendar
#: year. ``2025年度`` is always the Japanese one.
FISCAL_YEARS: dict[FiscalYear, tuple[int, int]] = {"japan": (4, 0), "us": (10, -1), "calendar": (1, 0)}

_JY = (
    r"(?:(?P<era>令和|平成|昭和|大正)\s*(?P<ey>元|\d{1,2}|[" + _KNUM + r"]{1,3})"
    r"|(?P<y>\d{4}|[" + _KNUM + r"]{4,7}))\s*年"
)
_JQ = r"第\s*(?P<q>[1-4一二三四])\s*四半期|(?P<qn>[1-4])\s*q"
_JHALF = r"(?P<h>上半期|下半期|上期|下期|前半期|後半期|前半|後半)"
# 25年度 has the shape of a fiscal year: refused for its short year, not left as text.
_JA_FY = deferred(
    r"^" + _JY.replace(r"\d{4}|", r"\d{1,4}|") + r"\s*度\s*(?:" + _JHALF + r"|" + _JQ + r"|(?P<fin>末))?$"
)
_JA_YEAR_PART = deferred(
    r"^" + _JY + r"\s*の?\s*(?:" + _JHALF + r"|" + _JQ
    + r"|(?P<m1>\d{1,2})\s*[-〜~]\s*(?P<m2>\d{1,2})\s*月期|(?P<fend>\d{1,2})\s*月期"
    + r"|(?P<part>末|年末|暮れ|初め|年初|年頭|年始|初頭|半ば|春|夏|秋|冬|内|年内))$"
)
_JA_MONTH_PART = deferred(
    r"^" + _JY + r"\s*(?P<m>\d{1,2}|[" + _KNUM + r"]{1,2})\s*月\s*の?\s*"
    r"(?P<part>上旬|初旬|中旬|下旬|初め|半ば|末|終わり)$"
)
_TENS = {"上旬": 1, "初旬": 1, "初め": 1, "中旬": 2, "半ば": 2, "下旬": 3, "末": 3, "終わり": 3,
         "early": 1, "beginning of": 1, "start of": 1, "mid": 2, "middle of": 2, "late": 3, "end of": 3,
         "end": 3}
_HALVES = {"上半期": 1, "上期": 1, "前半期": 1, "前半": 1, "下半期": 2, "下期": 2, "後半期": 2, "後半": 2,
           "first": 1, "1st": 1, "second": 2, "2nd": 2}
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "first": 1, "1st": 1, "second": 2, "2nd": 2,
             "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
# Japan's Meteorological Agency: spring March-May, summer June-August, autumn
# September-November. Winter runs over a year's end, so it has no one year.
_SEASONS_JA = {"春": 3, "夏": 6, "秋": 9}

_FY = r"fy\s*'?(?P<fya>\d{4}|\d{2})|fiscal\s+(?:year\s+)?(?P<fyb>\d{4})"
_EN_FY = deferred(r"^(?:" + _FY + r")(?:\s*[-/]\s*(?P<y2>\d{4}|\d{2}))?$")
_EN_PART_OF_YEAR = deferred(
    r"^(?:q(?P<q>[1-4])|(?P<qn>[1-4])q|(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?"
    r"|h(?P<h>[12])|(?P<hn>[12])h|(?P<hw>first|second|1st|2nd)\s+half(?:\s+of)?)"
    r"\s*[-/,]?\s*(?:" + _FY + r"|(?P<y>\d{4}))$"
)
_EN_YEAR_THEN_PART = deferred(
    r"^(?:" + _FY + r"|(?P<y>\d{4}))\s*[-/,]?\s*(?:q(?P<q>[1-4])|(?P<qn>[1-4])q|h(?P<h>[12])|(?P<hn>[12])h)$"
)
_EN_PART = r"(?P<p>early|mid|late|end\s+of|end(?=-)|beginning\s+of|start\s+of|middle\s+of)"
_EN_MONTH_PART = deferred(r"^" + _EN_PART + r"[\s-]*" + _MON + r",?\s+(?P<y>\d{4})$")
_EN_YEAR_PART = deferred(
    r"^(?:" + _EN_PART + r"[\s-]*(?P<y>\d{4})|(?P<y2>\d{4})\s+year-end|year-end\s+(?P<y3>\d{4}))$"
)
_EN_SEASON = deferred(
    r"^(?:(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?\d{4}|\d{4}\s+(?:spring|summer|autumn|fall|winter))$"
)
_LEAD = deferred(r"^(?:(?:in|during|on)\s+)?(?:the\s+)?")


def _month_end(y: int, m: int) -> _dt.date:
    return _dt.date(y, m, _days_in(y, m))


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    """The year and month ``n`` months after month ``m`` of year ``y``."""
    index = y * 12 + (m - 1) + n
    return index // 12, index % 12 + 1


def _period(first: _dt.date, last: _dt.date, precision: str) -> DateValue:
    """A period that is not one day, month or year: the ISO interval of its days."""
    start, end = first.isoformat(), last.isoformat()
    return DateValue(date=f"{start}/{end}", precision=precision, start=start, end=end)


def _months(raw: str, y: int, m: int, count: int, precision: str) -> DateValue:
    """``count`` whole months from month ``m`` of year ``y``."""
    last_y, last_m = _add_months(y, m, count - 1)
    _check_ymd(raw, y, m, None)
    _check_ymd(raw, last_y, last_m, None)
    return _period(_dt.date(y, m, 1), _month_end(last_y, last_m), precision)


def fiscal_start(year: int, fiscal: FiscalYear) -> tuple[int, int]:
    """The year and month fiscal year ``year`` starts in (see :data:`FISCAL_YEARS`)."""
    month, shift = FISCAL_YEARS[fiscal]
    return year + shift, month


def _fiscal(raw: str, year: int, fiscal: FiscalYear, half: int = 0, quarter: int = 0) -> DateValue:
    """A fiscal year, or one of its halves or quarters."""
    y, m = fiscal_start(year, fiscal)
    if quarter:
        return _months(raw, *_add_months(y, m, 3 * (quarter - 1)), 3, "quarter")
    if half:
        return _months(raw, *_add_months(y, m, 6 * (half - 1)), 6, "half")
    return _months(raw, y, m, 12, "fiscal-year")


def _fy_number(m: re.Match[str]) -> int:
    """The year an English fiscal year is named by: ``FY25`` is 2025."""
    text = m["fya"] or m["fyb"]
    return int(text) + (2000 if len(text) == 2 else 0)


def _ja_year(raw: str, m: re.Match[str]) -> int:
    if m["era"]:
        return _era(raw, m["era"], m["ey"], None, None)
    year = _num(raw, m["y"], "the year")
    if year < 1000:
        raise _fail(raw, f"the year {year} needs four digits (2025年度), or its era (令和7年度)")
    return year


def _quarter(m: re.Match[str]) -> int:
    q = m.groupdict().get("q") or m.groupdict().get("qn") or m.groupdict().get("qw")
    return 0 if not q else _QUARTERS[q] if q in _QUARTERS else int(q)


def _half(m: re.Match[str]) -> int:
    h = m.groupdict().get("h") or m.groupdict().get("hn") or m.groupdict().get("hw")
    return 0 if not h else _HALVES[h] if h in _HALVES else int(h)


def _ten_days(raw: str, y: int, month: int, part: int) -> DateValue:
    """上旬, 中旬, 下旬 (early, mid, late): days 1-10, 11-20 and 21 to the month's end."""
    _check_ymd(raw, y, month, None)
    first = _dt.date(y, month, 1 + 10 * (part - 1))
    last = _dt.date(y, month, 10 * part) if part < 3 else _month_end(y, month)
    return _period(first, last, "ten-days")


def _year_part(raw: str, y: int, part: str) -> DateValue:
    """A named part of a year: its end or start (one month), or early, mid or late (four months)."""
    if part in ("末", "年末", "暮れ", "end of", "end"):
        return _make(raw, y, 12, None)
    if part in ("初め", "年初", "年頭", "年始", "beginning of", "start of"):
        return _make(raw, y, 1, None)
    third = {"初頭": 0, "early": 0, "半ば": 1, "mid": 1, "middle of": 1, "late": 2}[part]
    return _months(raw, y, 1 + 4 * third, 4, "part-of-year")


def _read_period(raw: str, s: str, fiscal: FiscalYear) -> DateValue | None:
    """Fiscal years, quarters, halves, parts of a month or a year, seasons; None when ``s`` is none."""
    m = _JA_FY.match(s)
    if m:  # 2025年度 is the Japanese fiscal year, whatever the convention for FY2025
        year = _ja_year(raw, m)
        if m["fin"]:  # 2025年度末: its last month
            return _make(raw, year + 1, 3, None)
        return _fiscal(raw, year, "japan", _half(m), _quarter(m))
    m = _JA_YEAR_PART.match(s)
    if m:
        year = _ja_year(raw, m)
        if _half(m):
            return _months(raw, year, 1 + 6 * (_half(m) - 1), 6, "half")
        if _quarter(m):
            return _months(raw, year, 1 + 3 * (_quarter(m) - 1), 3, "quarter")
        if m["m1"]:  # 2024年4-6月期: the months named
            m1, m2 = int(m["m1"]), int(m["m2"])
            _check_ymd(raw, year, m2, None)
            if m2 < m1:
                raise _fail(raw, "its months run backwards")
            return _months(raw, year, m1, m2 - m1 + 1, "quarter" if m2 - m1 == 2 and m1 % 3 == 1 else "range")
        if m["fend"]:  # 2025年3月期: a company's fiscal year, named by the month it ends in
            last = int(m["fend"])
            _check_ymd(raw, year, last, None)
            return _months(raw, *_add_months(year, last, -11), 12, "fiscal-year")
        part = m["part"]
        if part in ("内", "年内"):  # 2025年内: within the year
            return _make(raw, year, None, None)
        if part in _SEASONS_JA:
            return _months(raw, year, _SEASONS_JA[part], 3, "season")
        if part == "冬":
            raise _fail(raw, "winter runs across the year's end; write its months (2025年12月〜2026年2月)")
        return _year_part(raw, year, part)
    m = _JA_MONTH_PART.match(s)
    if m:
        return _ten_days(raw, _ja_year(raw, m), _num(raw, m["m"], "the month"), _TENS[m["part"]])
    if not s.isascii():
        return None
    t = _LEAD.sub("", s, count=1)
    m = _EN_FY.match(t)
    if m:
        year = _fy_number(m)
        if m["y2"]:  # FY2025/26: the year it starts in and the year it ends in
            month, shift = FISCAL_YEARS[fiscal]
            if month == 1 or int(m["y2"]) not in (year + 1, (year + 1) % 100):
                ends = year + (month > 1)
                raise _fail(raw, f"a fiscal year that starts in {year} ({fiscal} convention) ends in {ends}, "
                            f"not {m['y2']}")
            year -= shift  # under the US convention, the year that starts in 2025 is FY2026
        return _fiscal(raw, year, fiscal)
    m = _EN_PART_OF_YEAR.match(t) or _EN_YEAR_THEN_PART.match(t)
    if m:
        if m["fya"] or m["fyb"]:
            return _fiscal(raw, _fy_number(m), fiscal, _half(m), _quarter(m))
        year = int(m["y"])
        if _quarter(m):
            return _months(raw, year, 1 + 3 * (_quarter(m) - 1), 3, "quarter")
        return _months(raw, year, 1 + 6 * (_half(m) - 1), 6, "half")
    m = _EN_MONTH_PART.match(t)
    if m:
        return _ten_days(raw, int(m["y"]), _MONTHS[m["m"]], _TENS[_WS.sub(" ", m["p"])])
    m = _EN_YEAR_PART.match(t)
    if m:
        if m["p"]:
            return _year_part(raw, int(m["y"]), _WS.sub(" ", m["p"]))
        return _make(raw, int(m["y2"] or m["y3"]), 12, None)
    if _EN_SEASON.match(t):
        raise _fail(raw, "a season depends on the hemisphere; write its months (March-May 2025, 2025年3月〜5月)")
    return None


# ---------------------------------------------------------------- ranges

_RANGE_SEP = deferred(r"\s*(?:〜|~|から|-)\s*|\s+(?:to|through|thru|until|till)\s+")
_JA_PARTIAL = deferred(r"^(?:(?P<y>\d{4})\s*年)?\s*(?:(?P<m>\d{1,2})\s*月)?\s*(?:(?P<d>\d{1,2})\s*日)?$")
_EN_PARTIAL = deferred(
    r"^(?:" + _MON + r"(?:\s*(?P<d>\d{1,2})" + _ORD + r")?"
    r"|(?P<d2>\d{1,2})" + _ORD + r"(?:\s+(?:of\s+)?" + _MON.replace("?P<m>", "?P<m2>") + r")?)"
    r"(?:,?\s+(?P<y>\d{4}))?$"
)
_ISO_PARTIAL = deferred(r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?$")
_JA_MARK = deferred(r"^\d+\s*(年度|年|月|日)")


def _partial(s: str) -> list[int | None] | None:
    """Year, month and day of one end of a range, each None where it is left
    out; None when ``s`` is not such an end."""
    m = _ISO_PARTIAL.match(s)
    if m:
        return [int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None]
    m = _JA_PARTIAL.match(s)
    if m and (m["y"] or m["m"] or m["d"]):
        return [int(g) if g else None for g in (m["y"], m["m"], m["d"])]
    m = _EN_PARTIAL.match(s) if s.isascii() else None
    if m:
        month, day = m["m"] or m["m2"], m["d"] or m["d2"]
        return [int(m["y"]) if m["y"] else None, _MONTHS[month] if month else None, int(day) if day else None]
    return None


def _range_ends(raw: str, left: str, right: str, fiscal: FiscalYear) -> tuple[DateValue, DateValue] | None:
    """The two ends of a range; each may leave out what the other says."""
    mark = _JA_MARK.match(right)
    if mark and left[-1:].isdigit():  # 2025〜2026年, 2025年4〜10月, 13〜17日: the unit is written once
        left += mark[1]
    a, b = _partial(left), _partial(right)
    if a is not None and b is not None:
        lent_a, lent_b = a[0] is None, b[0] is None
        own_month_a, own_month_b = a[1] is not None, b[1] is not None
        for mine, other in ((a, b), (b, a)):
            if mine[0] is None:
                mine[0] = other[0]  # April 13 - October 13, 2025; 2025年4月13日〜10月13日
            if mine[1] is None and mine[2] is not None:
                mine[1] = other[1]  # 13-17 April 2025; 4月13日〜17日
        y1, m1, d1 = a
        y2, m2, d2 = b
        if y1 is None or y2 is None or (d1 is not None and m1 is None) or (d2 is not None and m2 is None):
            return None
        first, last = _make(raw, y1, m1, d1), _make(raw, y2, m2, d2)
        # 2025年12月30日〜1月3日: an end that leaves out its year but names an
        # earlier month runs on across the year's end (a day alone does not).
        crosses = m1 is not None and m2 is not None and m2 < m1
        if last.end < first.start and crosses and lent_b and own_month_b:
            return first, _make(raw, y2 + 1, m2, d2)
        if last.end < first.start and crosses and lent_a and own_month_a:
            return _make(raw, y1 - 1, m1, d1), last
        return first, last
    try:  # whole periods at both ends: 2025年度〜2027年度, Q1 2025 - Q3 2025
        start = _read_absolute(raw, left, False) or _read_period(raw, left, fiscal)
        end = _read_absolute(raw, right, False) or _read_period(raw, right, fiscal)
    except ParseError:
        return None
    return (start, end) if start is not None and end is not None else None


def _read_range(raw: str, s: str, fiscal: FiscalYear) -> DateValue | None:
    """Two dates or periods joined by 〜, から…まで, -, to, through: from the first
    day of the one to the last day of the other."""
    s = s.removesuffix("まで").rstrip()
    for sep in itertools.islice(_RANGE_SEP.finditer(s), 6):  # a range has one separator, two at most
        left, right = s[: sep.start()].strip(), s[sep.end():].strip()
        if not left or not right:
            continue
        ends = _range_ends(raw, left, right, fiscal)
        if ends is None:
            continue
        first, last = ends
        if last.end < first.start:
            raise _fail(raw, f"it ends ({last.end}) before it starts ({first.start})")
        return _period(_dt.date.fromisoformat(first.start), _dt.date.fromisoformat(last.end), "range")
    return None


# ---------------------------------------------------------------- relative dates

_REL_DAYS = {
    "今日": 0, "きょう": 0, "本日": 0, "today": 0, "昨日": -1, "きのう": -1, "yesterday": -1,
    "一昨日": -2, "おととい": -2, "the day before yesterday": -2, "明日": 1, "あした": 1, "あす": 1,
    "tomorrow": 1, "明後日": 2, "あさって": 2, "the day after tomorrow": 2,
}
_REL_WEEKS = {"先週": -1, "今週": 0, "来週": 1, "last week": -1, "this week": 0, "next week": 1}
_REL_MONTHS = {"先月": -1, "今月": 0, "来月": 1, "先々月": -2, "last month": -1, "this month": 0, "next month": 1}
_REL_YEARS = {"去年": -1, "昨年": -1, "一昨年": -2, "おととし": -2, "今年": 0, "本年": 0, "来年": 1,
              "last year": -1, "this year": 0, "next year": 1}
_REL_FISCAL = {"昨年度": -1, "前年度": -1, "今年度": 0, "本年度": 0, "来年度": 1}
_EN_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_EN_DAY_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_REL_WEEKDAY = deferred(r"^(?P<w>先週|今週|来週)\s*の?\s*(?P<d>[月火水木金土日])(?:曜日?)?$")
_EN_REL_WEEKDAY = deferred(r"^(?P<w>last|next)\s+(?P<d>" + _EN_DAY_NAMES + r")$")
_JA_COUNT = deferred(
    r"^(?P<n>\d{1,4}|[" + _KNUM + r"]{1,4}|半)\s*(?P<u>日|週間|週|か月|カ月|ヶ月|ヵ月|ケ月|箇月|年)\s*(?P<dir>前|後)$"
)
_REL_MONTH_PART = deferred(r"^(?P<rel>先月|今月|来月)\s*の?\s*(?P<part>上旬|初旬|中旬|下旬|初め|半ば|末)$")
_REL_SEASON = deferred(r"^(?P<rel>今|来|昨|去)(?P<season>春|夏|秋)$")
_REL_SEASON_YEARS = {"今": 0, "来": 1, "昨": -1, "去": -1}
_EN_LAST_MONTH = deferred(r"^last\s+" + _MON + r"$")
_EN_COUNTED = r"(?P<n>\d{1,4}|" + "|".join(_EN_COUNT) + r")\s+(?P<u>day|week|month|year)s?"
_EN_AGO = deferred(r"^" + _EN_COUNTED + r"\s+(?P<dir>ago|from now)$")
_EN_IN = deferred(r"^in\s+" + _EN_COUNTED + r"$")
_JA_REL_YEAR = deferred(r"^(?P<rel>一昨年|去年|昨年|今年|本年|来年)\s*の?\s*(?P<rest>[^\s度].*)$")
_JA_REL_FISCAL = deferred(r"^(?P<rel>" + "|".join(_REL_FISCAL) + r")\s*の?\s*(?P<rest>.*)$")
_EN_REL_YEAR = deferred(r"^(?P<rest>.+?),?\s+(?P<rel>last|this|next)\s+year$")
_JA_UNITS = {"日": "days", "週間": "weeks", "週": "weeks", "年": "years"}
#: A date without its year still names a month or a day ("may" and "march"
#: alone are words too: they are left as text).
_MONTH_OR_DAY = deferred(r"[月日旬]|\b(?:" + "|".join(_MONTHS) + r")\b")


def _after(
    raw: str, reference: _dt.date, *, days: int = 0, weeks: int = 0, months: int = 0, years: int = 0
) -> _dt.date:
    """The reference moved by a calendar amount (python-dateutil's relativedelta)."""
    from dateutil.relativedelta import relativedelta

    try:
        return reference + relativedelta(days=days, weeks=weeks, months=months, years=years)
    except (OverflowError, ValueError):
        raise _fail(raw, "it falls outside the calendar") from None


def _after_weekday(raw: str, reference: _dt.date, sign: int, weekday: Any) -> _dt.date:
    """The first day after (``sign`` 1) or before (-1) the reference that is ``weekday``."""
    from dateutil.relativedelta import relativedelta

    try:
        return reference + relativedelta(days=sign, weekday=weekday)
    except (OverflowError, ValueError):
        raise _fail(raw, "it falls outside the calendar") from None


def _day(when: _dt.date) -> DateValue:
    return _make("", when.year, when.month, when.day)


def _counted(raw: str, reference: _dt.date, n: int, unit: str) -> DateValue:
    """``n`` days, weeks, months or years from the reference: a day, or the
    month or year it falls in (``3か月前`` is a month, not a day)."""
    when = _after(raw, reference, **{unit: n})
    if unit == "months":
        return _make(raw, when.year, when.month, None)
    if unit == "years":
        return _make(raw, when.year, None, None)
    return _day(when)


def _nearest(
    raw: str, s: str, reference: _dt.date, fiscal: FiscalYear, weekday: str | None = None
) -> DateValue | None:
    """A date written without its year (``3月1日``, ``mid-April``, ``4月13日〜17日``)
    in the year news means by leaving it out: the reference's own year, unless
    that is more than three months away and the year before or after puts it
    within three months (``12月28日`` written on 5 January). A weekday written
    with it (``10月13日(月)``) chooses among the years those allow; when it
    fits none, the first choice stands and the caller reports the weekday.
    None when adding a year does not make it a date."""
    options: list[tuple[int, int, DateValue]] = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        found = _with_year(raw, s, year, fiscal)
        if found is None:
            continue  # 2月29日 is a day of leap years only
        first, last = _dt.date.fromisoformat(found.start), _dt.date.fromisoformat(found.end)
        distance = 0 if first <= reference <= last else min(abs((first - reference).days),
                                                               abs((last - reference).days))
        options.append((distance, year, found))
    own = [o for o in options if o[1] == reference.year]
    near = sorted(o for o in options if o[1] != reference.year and o[0] <= _NEAR_DAYS)
    if own and own[0][0] <= _NEAR_DAYS:
        allowed = own + near
    elif near:
        allowed = near + own
    else:
        allowed = own or sorted(options)[:1]
    if not allowed:
        return None
    if weekday is not None:
        for _, _, found in allowed:
            if found.precision == "day" and _dt.date.fromisoformat(found.date).weekday() == _WEEKDAYS[weekday]:
                return found
    return allowed[0][2]


#: How near the reference a date without its year must fall to be read in the
#: year before or after the reference's own.
_NEAR_DAYS = 92


def _with_year(raw: str, s: str, year: int, fiscal: FiscalYear) -> DateValue | None:
    """``s`` with ``year`` written in, read as a date; None when that does not make one."""
    if not 1 <= year <= 9999 or re.search(r"\d{4}", s):
        return None
    text = f"{year}年{s}" if not s.isascii() else f"{s}, {year}"
    try:
        return _read_absolute(raw, text, False) or _read_period(raw, text, fiscal) or _read_range(raw, text, fiscal)
    except ParseError:
        return None


def _read_relative(
    raw: str, s: str, reference: _dt.date | None, fiscal: FiscalYear, weekday: str | None = None
) -> DateValue | None:
    """A date relative to the reference day (``昨日``, ``先週の日曜日``, ``last
    month``, ``3日前``, ``in 2 weeks``, ``昨年3月``, ``3月1日``). Without a
    reference such a date is a :class:`RelativeDate` error; None when ``s`` is
    not relative."""
    if _ELSEWHERE.match(s):
        raise _fail(raw, "it counts from a day it does not name (the day before what?); write the calendar date")
    how = _relative(raw, s, fiscal, weekday)
    if how is None:
        return None
    why, resolve = how
    if reference is None:
        raise RelativeDate(f"cannot read '{raw}' as a date: {why}; write the calendar date")
    found = resolve(reference)
    return None if found is None else structs.replace(found, relative_to=reference.isoformat())


_Resolver = Callable[[_dt.date], "DateValue | None"]


def _reads(read: Callable[[], DateValue | None]) -> bool:
    """Whether ``read`` gives a date (昨年比, 今年度中: a year word with no date after it is text)."""
    try:
        return read() is not None
    except ParseError:
        return False
_RELATIVE = "it is relative to a day that is not given"


def _relative(raw: str, s: str, fiscal: FiscalYear, weekday: str | None = None) -> tuple[str, _Resolver] | None:
    """Why ``s`` needs a reference day and how to resolve it against one; None when it is not relative."""
    if s in _REL_DAYS:
        return _RELATIVE, lambda ref: _day(_after(raw, ref, days=_REL_DAYS[s]))
    if s in _REL_WEEKS:
        def week(ref: _dt.date) -> DateValue:
            monday = _after(raw, ref, days=-ref.weekday() + 7 * _REL_WEEKS[s])
            return _period(monday, _after(raw, monday, days=6), "week")
        return _RELATIVE, week
    m = _REL_WEEKDAY.match(s)
    if m:  # 先週の日曜日: that day of the week before (weeks run Monday to Sunday)
        shift, day_of_week = _REL_WEEKS[m["w"]], _WEEKDAYS[m["d"]]
        return _RELATIVE, lambda ref: _day(_after(raw, ref, days=7 * shift - ref.weekday() + day_of_week))
    m = _EN_REL_WEEKDAY.match(s)
    if m:  # last Sunday: the latest Sunday before the day; next Monday: the first after it
        from dateutil.relativedelta import weekday as weekday_of

        sign, day_of_week = (-1 if m["w"] == "last" else 1), _WEEKDAYS[m["d"]]
        return _RELATIVE, lambda ref: _day(_after_weekday(raw, ref, sign, weekday_of(day_of_week, sign)))
    if s in _REL_MONTHS:
        return _RELATIVE, lambda ref: _counted(raw, ref, _REL_MONTHS[s], "months")
    m = _REL_MONTH_PART.match(s)
    if m:  # 今月末, 来月中旬
        shift, part = _REL_MONTHS[m["rel"]], _TENS[m["part"]]

        def month_part(ref: _dt.date) -> DateValue:
            when = _after(raw, ref, months=shift)
            return _ten_days(raw, when.year, when.month, part)
        return _RELATIVE, month_part
    m = _REL_SEASON.match(s)
    if m:  # 今秋, 来春
        shift, first = _REL_SEASON_YEARS[m["rel"]], _SEASONS_JA[m["season"]]
        return _RELATIVE, lambda ref: _months(raw, ref.year + shift, first, 3, "season")
    if s in ("年内", "年末", "年初"):  # 完成は年末: the end of the reference's own year
        return _RELATIVE, lambda ref: _read_period(raw, f"{ref.year}年の{s}", fiscal)
    m = _EN_LAST_MONTH.match(s)
    if m:  # last March: the latest March before the day's month
        month = _MONTHS[m["m"]]
        return _RELATIVE, lambda ref: _make(raw, ref.year - (month >= ref.month), month, None)
    if s in _REL_YEARS:
        return _RELATIVE, lambda ref: _counted(raw, ref, _REL_YEARS[s], "years")
    m = _JA_REL_FISCAL.match(s)
    rest = m["rest"] if m else ""
    if m and _reads(lambda: _read_period(raw, f"2000年度{rest}", fiscal)):
        # 今年度, 今年度上半期: the Japanese fiscal year the day falls in
        shift = _REL_FISCAL[m["rel"]]
        return _RELATIVE, lambda ref: _read_period(raw, f"{ref.year - (ref.month < 4) + shift}年度{rest}", fiscal)
    m = _JA_COUNT.match(s)
    if m:
        n = (6 if m["n"] == "半" else _num(raw, m["n"], "the number")) * (-1 if m["dir"] == "前" else 1)
        unit = _JA_UNITS.get(m["u"], "months")
        if m["n"] == "半":  # 半年前: six months; 半日, 半月 are not counted here
            if m["u"] != "年":
                return None
            unit = "months"
        return _RELATIVE, lambda ref: _counted(raw, ref, n, unit)
    m = _EN_AGO.match(s) or _EN_IN.match(s)
    if m:
        count = _EN_COUNT.get(m["n"]) or int(m["n"])
        n, units = (-count if m.groupdict().get("dir") == "ago" else count), m["u"] + "s"
        return _RELATIVE, lambda ref: _counted(raw, ref, n, units)
    m = _JA_REL_YEAR.match(s) or _EN_REL_YEAR.match(s)
    if m and _with_year(raw, m["rest"], 2000, fiscal) is not None:  # 昨年3月, 今年4月中旬, March last year
        shift, rest = _REL_YEARS.get(m["rel"], _REL_YEARS.get(f"{m['rel']} year", 0)), m["rest"]
        return _RELATIVE, lambda ref: _with_year(raw, rest, ref.year + shift, fiscal)
    if _MONTH_OR_DAY.search(s) and s not in _MONTHS and _with_year(raw, s, 2000, fiscal) is not None:
        return "it has no year", lambda ref: _nearest(raw, s, ref, fiscal, weekday)
    return None


# ---------------------------------------------------------------- reading

#: A cheap test before the period, range and relative readers: text with none
#: of these is none of them (most values are figures or words).
_MAYBE = deferred(
    r"[年月日週旬期度前後昨今明去来先本翌春夏秋冬末初]|きょう|きのう|あした|あす|おととい|あさって|おととし"
    r"|\d{4}[-/.・]\d|(?:19|20)\d{6}|令和|平成|昭和|大正|\b[rhst]\d{1,2}\."
    r"|\s-\s|q[1-4]|[1-4]q|h[12]|[12]h"
)
#: ... or a word that starts with one of these (``mid-April``, ``last year``, ``FY2025``):
#: tested against each word's start, as one long pattern would cost milliseconds to compile.
_MAYBE_WORDS = (
    "fy", "fiscal", "quarter", "half", "early", "mid", "late", "end", "beginning", "start", "middle", "year",
    "spring", "summer", "autumn", "fall", "winter", "today", "yesterday", "tomorrow", "tonight", "now", "last",
    "next", "this", "ago", "past", "previous", "coming", "to", "through", "thru", "until", "till", "day", "week",
    "month", *_MONTHS,
)
_WORD_START = deferred(r"\b[a-z]")


def _maybe(s: str) -> bool:
    """Whether ``s`` may be a period, a range or a relative date: most values are none."""
    return _MAYBE.search(s) is not None or any(s.startswith(_MAYBE_WORDS, m.start()) for m in _WORD_START.finditer(s))


def _read_form(
    raw: str, s: str, bare_year: bool, reference: _dt.date | None, fiscal: FiscalYear, weekday: str | None = None
) -> DateValue | None:
    found = _read_absolute(raw, s, bare_year)
    if found is not None or not _maybe(s):
        return found
    return (_read_period(raw, s, fiscal) or _read_range(raw, s, fiscal)
            or _read_relative(raw, s, reference, fiscal, weekday))


#: Longer than any date, label and weekday together.
_LONGEST = 120


def read_date(
    raw: str,
    text: str,
    *,
    bare_year: bool = True,
    reference: _dt.date | None = None,
    fiscal: FiscalYear = DEFAULT_FISCAL,
) -> DateValue | None:
    """Read ``text`` (already passed through :func:`prepare`) as a date or a period.

    Returns None when the text does not have the shape of a date at all,
    raises ParseError when it does but is impossible or ambiguous, and
    :class:`~claimtrack.errors.RelativeDate` when it is relative and no
    ``reference`` day is given. ``bare_year`` accepts a lone four-digit
    number as a year; ``fiscal`` names how ``FY2025`` is read
    (:data:`FISCAL_YEARS`).
    """
    if len(text) > _LONGEST:
        return None  # no date is written at such length; a bound on the cost of long text
    s = text.lower()
    label = _LABEL.match(s) if ":" in s else None
    if label:
        s = s[label.end():]
    weekday = None
    w = _WD_BRACKET.search(s) if "(" in s else None
    if w:
        weekday = w["w"]
        s = (s[: w.start()] + " " + s[w.end():]).strip()
    else:
        w = (_WD_LEAD.match(s) if s[:1] in _WD_LEAD_STARTS else None) or (
            _WD_TRAIL_JA.search(s) if "日" in s else None)
        if w:
            weekday = w["w"]
            s = (s[: w.start()] + s[w.end():]).strip()
    found = _read_form(raw, s, bare_year and weekday is None, reference, fiscal, weekday)
    if found is None:
        return None
    if weekday is not None:
        if found.precision != "day":
            raise _fail(raw, "a weekday is given but the date has no day")
        actual = _dt.date.fromisoformat(found.date).weekday()
        if actual != _WEEKDAYS[weekday]:
            raise _fail(raw, f"{found.date} is a {_DAY_NAMES[actual]}, not a {_DAY_NAMES[_WEEKDAYS[weekday]]}")
    return found


@lru_cache(maxsize=65536)
def parse_date(raw: str, *, reference: _dt.date | None = None, fiscal: FiscalYear = DEFAULT_FISCAL) -> DateValue:
    """Read a date or a period in English or Japanese; raise ParseError otherwise.

    A relative date (``昨日``, ``3月1日`` without a year) is read against
    ``reference``, and without one it is a :class:`~claimtrack.errors.RelativeDate`.
    """
    if not isinstance(raw, str):
        raise ParseError(f"cannot read {raw!r} as a date: expected text")
    text = prepare(raw)
    if not text:
        raise ParseError(f"cannot read '{raw}' as a date: it is empty")
    found = read_date(raw, text, reference=reference, fiscal=fiscal)
    if found is None:
        raise _fail(raw, "it is not a date form this tool reads (e.g. 2025-03-01, March 1, 2025, 2025年3月1日)")
    return found
