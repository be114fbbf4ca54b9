"""parse_date against a table of English and Japanese forms, and the forms it refuses."""

from __future__ import annotations

import pytest

from claimtrack.domain.dates import parse_date
from claimtrack.domain.kanji import kanji_int
from claimtrack.domain.model import DateValue
from claimtrack.errors import ParseError


def day(iso, offset=None):
    return DateValue(date=iso, precision="day", offset=offset)


def month(iso):
    return DateValue(date=iso, precision="month")


def year(iso):
    return DateValue(date=iso, precision="year")


CASES = [
    # ISO
    ("2025-03-01", day("2025-03-01")),
    ("2025-03", month("2025-03")),
    ("2025", year("2025")),
    ("2025-02-28T15:00:00-05:00", day("2025-02-28", "-05:00")),
    ("2025-03-01T05:00:00+09:00", day("2025-03-01", "+09:00")),
    ("2025-02-28T20:00:00Z", day("2025-02-28", "+00:00")),
    ("2025-02-28T20:00Z", day("2025-02-28", "+00:00")),
    ("2025-02-28 20:00:00", day("2025-02-28")),
    ("2025-02-28T20:00:00.123+0530", day("2025-02-28", "+05:30")),
    ("2025-02-28T20:00:00+09", day("2025-02-28", "+09:00")),
    ("2024-02-29", day("2024-02-29")),
    ("2025-2-24", day("2025-02-24")),
    # English
    ("March 1, 2025", day("2025-03-01")),
    ("March 1 2025", day("2025-03-01")),
    ("February 28, 2025", day("2025-02-28")),
    ("1 Mar 2025", day("2025-03-01")),
    ("1 March 2025", day("2025-03-01")),
    ("1st March 2025", day("2025-03-01")),
    ("1st of March, 2025", day("2025-03-01")),
    ("March 1st, 2025", day("2025-03-01")),
    ("Mar. 1, 2025", day("2025-03-01")),
    ("Sept 30, 2025", day("2025-09-30")),
    ("Mar. 2025", month("2025-03")),
    ("March 2025", month("2025-03")),
    ("march 2025", month("2025-03")),
    ("Saturday, March 1, 2025", day("2025-03-01")),
    ("Sat, 1 Mar 2025", day("2025-03-01")),
    ("1 March 2025 (Sat)", day("2025-03-01")),
    ("Published: March 1, 2025", day("2025-03-01")),
    ("March 1, 2025 at 3:00 pm", day("2025-03-01")),
    # Japanese
    ("2025年3月1日", day("2025-03-01")),
    ("2025年3月", month("2025-03")),
    ("2025年", year("2025")),
    ("2025年03月01日", day("2025-03-01")),
    ("2025 年 3 月 1 日", day("2025-03-01")),
    ("２０２５年３月１日", day("2025-03-01")),
    ("2025/02/24", day("2025-02-24")),
    ("2025/2/24", day("2025-02-24")),
    ("２０２５/０２/２４", day("2025-02-24")),
    ("2025.02.24", day("2025-02-24")),
    ("2025/02", month("2025-02")),
    ("2025/02/24 15:30", day("2025-02-24")),
    ("公開日:2025/02/24", day("2025-02-24")),
    ("公開日：2025年2月24日", day("2025-02-24")),
    ("更新日時: 2025年2月24日 15:30", day("2025-02-24")),
    ("2025年3月1日(土)", day("2025-03-01")),
    ("2025年3月1日（土）", day("2025-03-01")),
    ("2025年3月1日（土曜日）", day("2025-03-01")),
    ("2025年3月1日 土曜日", day("2025-03-01")),
    ("2025年3月1日(Sat)", day("2025-03-01")),
    ("2025年3月1日付", day("2025-03-01")),
    ("二〇二五年三月一日", day("2025-03-01")),
    ("二〇二五年十二月三十一日", day("2025-12-31")),
    ("二千二十五年三月", month("2025-03")),
    ("令和7年3月1日", day("2025-03-01")),
    ("令和七年三月一日", day("2025-03-01")),
    ("令和７年３月１日", day("2025-03-01")),
    ("令和元年5月1日", day("2019-05-01")),
    ("令和元年", year("2019")),
    ("令和1年5月", month("2019-05")),
    ("㋿7年3月1日", day("2025-03-01")),
    ("平成31年4月30日", day("2019-04-30")),
    ("平成31年", year("2019")),
    ("平成元年1月8日", day("1989-01-08")),
    ("㍻30年12月1日", day("2018-12-01")),
    ("昭和64年1月7日", day("1989-01-07")),
    ("昭和元年12月25日", day("1926-12-25")),
    ("昭和20年8月15日", day("1945-08-15")),
    ("大正12年9月1日", day("1923-09-01")),
    # European day.month.year with dots
    ("24.02.2025", day("2025-02-24")),
    # numeric day/month with one possible reading (a part above 12 is the day)
    ("21/04/2016", day("2016-04-21")),
    ("02/22/2016", day("2016-02-22")),
    ("21-04-2016", day("2016-04-21")),
    ("04/04/2016", day("2016-04-04")),
    # compact and era forms
    ("20250413", day("2025-04-13")),
    ("R7.4.13", day("2025-04-13")),
    ("H31.4.30", day("2019-04-30")),
    ("令和7/4/13", day("2025-04-13")),
    ("令和元/5/1", day("2019-05-01")),
    ("西暦2025年", year("2025")),
    ("西暦2025年4月13日", day("2025-04-13")),
    ("2025・4・13", day("2025-04-13")),
]

FAILURES = [
    ("2025年2月30日", "February has no day 30"),
    ("2025年2月29日", "February 2025 has no day 29"),
    ("2025-02-29", "February 2025 has no day 29"),
    ("2025-13-01", "no month 13"),
    ("2025-04-31", "April has no day 31"),
    ("2025年13月", "no month 13"),
    ("2025-02-28T25:00:00Z", "time of day"),
    ("yesterday", "relative"),
    ("today", "relative"),
    ("tomorrow", "relative"),
    ("last week", "relative"),
    ("3 days ago", "relative"),
    ("昨日", "relative"),
    ("先週", "relative"),
    ("今年", "relative"),
    ("3日前", "relative"),
    ("1/3/2025", "ambiguous"),
    ("3/1/25", "ambiguous"),
    ("01-03-2025", "ambiguous"),
    ("04/05/2016", "ambiguous"),
    ("R1.4.30", "not a date form"),  # outside its era: more likely a version than a day
    ("31/02/2016", "February has no day 31"),
    ("3/1", "ambiguous"),
    ("3月1日", "no year"),
    ("March 1", "no year"),
    ("1st March", "no year"),
    ("平成31年5月1日", "平成 ended on 2019-04-30"),
    ("平成32年", "平成 ended"),
    ("令和元年4月30日", "令和 began on 2019-05-01"),
    ("昭和64年1月8日", "昭和 ended on 1989-01-07"),
    ("平成元年1月7日", "平成 began on 1989-01-08"),
    ("令和0年", "no year 0"),
    ("2025年3月1日(日)", "is a Saturday, not a Sunday"),
    ("Sunday, March 1, 2025", "is a Saturday, not a Sunday"),
    ("2025年3月(土)", "has no day"),
    ("0000-01-01", "no year 0"),
    ("25年3月1日", "four digits"),
    ("banana", "not a date form"),
    ("", "empty"),
    ("5000億ドル", "not a date form"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_date_table(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(("raw", "reason"), FAILURES, ids=[f[0] or "empty" for f in FAILURES])
def test_parse_date_refuses(raw, reason):
    with pytest.raises(ParseError) as info:
        parse_date(raw)
    message = str(info.value)
    assert message.startswith(f"cannot read '{raw}' as a date: ")
    assert reason in message


def test_an_impossible_date_says_why():
    with pytest.raises(ParseError, match=r"^cannot read '2025年2月30日' as a date: February has no day 30$"):
        parse_date("2025年2月30日")


def test_tokyo_and_washington_dates_keep_their_offsets():
    tokyo = parse_date("2025-03-01T05:00:00+09:00")
    washington = parse_date("2025-02-28T15:00:00-05:00")
    assert (tokyo.date, tokyo.offset) == ("2025-03-01", "+09:00")
    assert (washington.date, washington.offset) == ("2025-02-28", "-05:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("二〇二五", 2025), ("三十一", 31), ("十二", 12), ("二千二十五", 2025), ("3千5百", 3500),
     ("十", 10), ("百", 100), ("", None), ("十百", None), ("五五十", None), ("abc", None)],
)
def test_kanji_int(text, expected):
    assert kanji_int(text) == expected


def test_value_and_date_modules_stay_pure_and_light():
    import subprocess
    import sys

    code = (
        "import sys, claimtrack.domain.values\n"
        "bad = ('dateutil', 'rich', 'typer', 'sqlite_utils', 'claimtrack.store', 'claimtrack.services',"
        " 'claimtrack.cli', 'claimtrack.render')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in bad or m.startswith(bad)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
