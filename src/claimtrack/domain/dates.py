"""Read calendar dates written in English or Japanese, keeping their precision.

Pure: no clock, no I/O. ``parse_date`` either returns a :class:`DateValue`
or raises :class:`ParseError`; it never guesses.

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

Refused with a reason: impossible dates, two-digit years, numeric forms
whose day/month order is a convention (``1/3/2025``, ``04/05/2016``,
``3/1/25``), dates
without a year, and relative words (``yesterday``, ``先週``, ``3日前``).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
import unicodedata
from functools import lru_cache

from claimtrack.domain.kanji import NUMERALS, kanji_int
from claimtrack.domain.model import DateValue
from claimtrack.errors import ParseError

__all__ = ["parse_date", "prepare", "read_date"]

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹣", "-"))
_WS = re.compile(r"\s+")


def prepare(raw: str) -> str:
    """NFKC, dashes and minus signs as ``-``, whitespace collapsed and stripped."""
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES)
    return _WS.sub(" ", text).strip()


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

_LABEL = re.compile(r"^[^\d:]{1,40}?:\s*(?=\S)")
_WD_KEYS = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_WD_BRACKET = re.compile(r"\s*\(\s*(?P<w>" + _WD_KEYS + r")(?:曜日?)?\.?\s*\)\s*")
_WD_LEAD = re.compile(
    r"^(?P<w>" + "|".join(k for k in sorted(_WEEKDAYS, key=len, reverse=True) if k.isascii()) + r")\.?,?\s+"
)
_WD_TRAIL_JA = re.compile(r"(?<=日)\s*(?P<w>[月火水木金土日])曜日?$")

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:[t ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<z>z|[+-]\d{2}(?::?\d{2})?)?)?)?$"
)
_YMD_LOOSE = re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.・])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _JTIME + "$")
_YM_SLASH = re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})$")
_DMY_DOT = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$")
_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$")
_ERA_LETTERS = {"r": "令和", "h": "平成", "s": "昭和", "t": "大正"}
_ERA_NUMERIC = re.compile(
    r"^(?P<era>令和|平成|昭和|大正|[rhst](?=\d))(?P<ey>元|\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$"
)
_NUMERIC_DMY = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[-/])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})$")
_AMBIGUOUS = re.compile(r"^\d{1,2}(?:(?P<sep>[-/.])\d{1,2}(?P=sep)\d{1,4}|/\d{1,2})$")
_YEAR = re.compile(r"^\d{4}$")
_JA = re.compile(
    r"^(?:(?P<era>令和|平成|昭和|大正)\s*(?P<ey>元|\d{1,2}|[" + _KNUM + r"]{1,3})"
    r"|(?P<y>\d{1,4}|[" + _KNUM + r"]{1,7}))\s*年"
    r"(?:\s*(?P<m>\d{1,2}|[" + _KNUM + r"]{1,2})\s*月"
    r"(?:\s*(?P<d>\d{1,2}|[" + _KNUM + r"]{1,3})\s*日)?)?\s*付?" + _JTIME + "$"
)
_JA_NOYEAR = re.compile(r"^(?:[\d" + _KNUM + r"]{1,2})\s*月(?:\s*[\d" + _KNUM + r"]{1,3}\s*日)?$")
_EN_MDY = re.compile(r"^" + _MON + r"\s*(?P<d>\d{1,2})" + _ORD + r",?\s+(?P<y>\d{4})" + _TIME + "$")
_EN_DMY = re.compile(
    r"^(?:the\s+)?(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MON + r",?\s+(?P<y>\d{4})" + _TIME + "$"
)
_EN_MY = re.compile(r"^" + _MON + r",?\s+(?P<y>\d{4})$")
_EN_NOYEAR = re.compile(
    r"^(?:" + _MON + r"\s*\d{1,2}" + _ORD + r"|(?:the\s+)?\d{1,2}" + _ORD + r"\s+(?:of\s+)?"
    + _MON.replace("?P<m>", "?:") + r")$"
)
_RELATIVE = re.compile(
    r"^(?:yesterday|today|tomorrow|tonight|now|the day before yesterday|the day after tomorrow"
    r"|(?:last|next|this|past|previous|coming)\s+(?:day|night|week|weekend|month|year|quarter"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:a|an|one|\d+)\s+(?:day|week|month|year)s?\s+(?:ago|later|earlier|from now)"
    r"|昨日|きのう|今日|きょう|明日|あした|あす|一昨日|おととい|明後日|あさって|本日|先週|今週|来週"
    r"|先月|今月|来月|昨年|去年|今年|来年|前日|翌日|同日|当日|先日|前年|翌年|翌月|前月"
    r"|[\d" + _KNUM + r"]+\s*(?:日|週間|か月|カ月|ヶ月|ヵ月|年)\s*(?:前|後))$"
)


# ---------------------------------------------------------------- helpers


def _fail(raw: str, why: str) -> ParseError:
    return ParseError(f"cannot read '{raw}' as a date: {why}")


def _check_ymd(raw: str, y: int, m: int | None, d: int | None) -> None:
    if not 1 <= y <= 9999:
        raise _fail(raw, f"there is no year {y}")
    if m is None:
        return
    if not 1 <= m <= 12:
        raise _fail(raw, f"there is no month {m}")
    if d is None:
        return
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        if d > 31 or d > calendar.monthrange(2024, m)[1]:
            raise _fail(raw, f"{_MONTH_NAMES[m]} has no day {d}")
        raise _fail(raw, f"{_MONTH_NAMES[m]} {y} has no day {d}")


def _make(raw: str, y: int, m: int | None, d: int | None, offset: str | None = None) -> DateValue:
    _check_ymd(raw, y, m, d)
    if m is None:
        return DateValue(date=f"{y:04d}", precision="year", offset=offset)
    if d is None:
        return DateValue(date=f"{y:04d}-{m:02d}", precision="month", offset=offset)
    return DateValue(date=f"{y:04d}-{m:02d}-{d:02d}", precision="day", offset=offset)


def _num(raw: str, text: str, what: str) -> int:
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
        lo, hi = _dt.date(y, m, 1), _dt.date(y, m, calendar.monthrange(y, m)[1])
    else:
        lo = hi = _dt.date(y, m, d)
    if hi < start:
        raise _fail(raw, f"{era} began on {start.isoformat()}")
    if end is not None and lo > end:
        raise _fail(raw, f"{era} ended on {end.isoformat()}")
    return y


def _read_form(raw: str, s: str, bare_year: bool) -> DateValue | None:
    s = s.removeprefix("西暦").lstrip()  # 西暦2025年: the Western calendar, said outright
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
        if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]:
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
    m = _JA.match(s)
    if m:
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
    m = _EN_MDY.match(s) or _EN_DMY.match(s)
    if m:
        return _make(raw, int(m["y"]), _MONTHS[m["m"]], int(m["d"]))
    m = _EN_MY.match(s)
    if m:
        return _make(raw, int(m["y"]), _MONTHS[m["m"]], None)
    if bare_year and _YEAR.match(s):
        return _make(raw, int(s), None, None)
    if _JA_NOYEAR.match(s) or _EN_NOYEAR.match(s):
        raise _fail(raw, "it has no year")
    if _RELATIVE.match(s):
        raise _fail(raw, "it is relative to a day that is not given; write the calendar date")
    return None


def read_date(raw: str, text: str, *, bare_year: bool = True) -> DateValue | None:
    """Read ``text`` (already passed through :func:`prepare`) as a date.

    Returns None when the text does not have the shape of a date at all,
    raises ParseError when it does but is impossible, ambiguous or relative.
    ``bare_year`` accepts a lone four-digit number as a year.
    """
    s = text.lower()
    label = _LABEL.match(s)
    if label:
        s = s[label.end():]
    weekday = None
    w = _WD_BRACKET.search(s)
    if w:
        weekday = w["w"]
        s = (s[: w.start()] + " " + s[w.end():]).strip()
    else:
        w = _WD_LEAD.match(s) or _WD_TRAIL_JA.search(s)
        if w:
            weekday = w["w"]
            s = (s[: w.start()] + s[w.end():]).strip()
    found = _read_form(raw, s, bare_year and weekday is None)
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
def parse_date(raw: str) -> DateValue:
    """Read a date in English or Japanese at its precision; raise ParseError otherwise."""
    if not isinstance(raw, str):
        raise ParseError(f"cannot read {raw!r} as a date: expected text")
    text = prepare(raw)
    if not text:
        raise ParseError(f"cannot read '{raw}' as a date: it is empty")
    found = read_date(raw, text)
    if found is None:
        raise _fail(raw, "it is not a date form this tool reads (e.g. 2025-03-01, March 1, 2025, 2025年3月1日)")
    return found
