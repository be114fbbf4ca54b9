"""Dates as periods and relative dates, read as news writes them: a table of
English and Japanese forms with the days each covers, and the forms refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.domain.dates import parse_date
from claimtrack.domain.values import parse_value
from claimtrack.errors import ParseError, RelativeDate

# (text, first day, last day, precision)
PERIODS = [
    # years, months, days keep their ISO date
    ("2025", "2025-01-01", "2025-12-31", "year"),
    ("2024-02", "2024-02-01", "2024-02-29", "month"),
    ("2025年2月", "2025-02-01", "2025-02-28", "month"),
    ("2025年3月1日", "2025-03-01", "2025-03-01", "day"),
    ("March 2025", "2025-03-01", "2025-03-31", "month"),
    # Japanese fiscal years: always April to March
    ("2025年度", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("２０２５年度", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("令和7年度", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("令和元年度", "2019-04-01", "2020-03-31", "fiscal-year"),
    ("平成30年度", "2018-04-01", "2019-03-31", "fiscal-year"),
    ("二〇二五年度", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("2024年度", "2024-04-01", "2025-03-31", "fiscal-year"),
    ("2025年度上半期", "2025-04-01", "2025-09-30", "half"),
    ("2025年度下半期", "2025-10-01", "2026-03-31", "half"),
    ("2025年度上期", "2025-04-01", "2025-09-30", "half"),
    ("2025年度下期", "2025-10-01", "2026-03-31", "half"),
    ("2025年度第1四半期", "2025-04-01", "2025-06-30", "quarter"),
    ("2025年度第4四半期", "2026-01-01", "2026-03-31", "quarter"),
    ("2025年度第三四半期", "2025-10-01", "2025-12-31", "quarter"),
    ("2025年度2Q", "2025-07-01", "2025-09-30", "quarter"),
    ("2025年度末", "2026-03-01", "2026-03-31", "month"),
    # English fiscal years: Japan's convention by default
    ("FY2025", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("FY 2025", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("FY25", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("FY'25", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("fiscal 2025", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("fiscal year 2025", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("in fiscal 2025", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("FY2025/26", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("FY2025-26", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("FY2025-2026", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("Q1 FY2025", "2025-04-01", "2025-06-30", "quarter"),
    ("FY2025 Q4", "2026-01-01", "2026-03-31", "quarter"),
    ("1Q FY2025", "2025-04-01", "2025-06-30", "quarter"),
    ("H2 FY2025", "2025-10-01", "2026-03-31", "half"),
    ("the first half of fiscal 2025", "2025-04-01", "2025-09-30", "half"),
    # calendar quarters
    ("Q2 2024", "2024-04-01", "2024-06-30", "quarter"),
    ("Q1 2025", "2025-01-01", "2025-03-31", "quarter"),
    ("Q4 2024", "2024-10-01", "2024-12-31", "quarter"),
    ("q3 2025", "2025-07-01", "2025-09-30", "quarter"),
    ("2Q 2024", "2024-04-01", "2024-06-30", "quarter"),
    ("2Q2024", "2024-04-01", "2024-06-30", "quarter"),
    ("Q2/2024", "2024-04-01", "2024-06-30", "quarter"),
    ("2024 Q2", "2024-04-01", "2024-06-30", "quarter"),
    ("2024-Q2", "2024-04-01", "2024-06-30", "quarter"),
    ("2024Q2", "2024-04-01", "2024-06-30", "quarter"),
    ("the second quarter of 2024", "2024-04-01", "2024-06-30", "quarter"),
    ("second quarter 2024", "2024-04-01", "2024-06-30", "quarter"),
    ("in the third quarter of 2025", "2025-07-01", "2025-09-30", "quarter"),
    ("4th quarter of 2024", "2024-10-01", "2024-12-31", "quarter"),
    ("2024年第2四半期", "2024-04-01", "2024-06-30", "quarter"),
    ("2024年第二四半期", "2024-04-01", "2024-06-30", "quarter"),
    ("２０２４年第２四半期", "2024-04-01", "2024-06-30", "quarter"),
    ("2024年1Q", "2024-01-01", "2024-03-31", "quarter"),
    ("2024年4-6月期", "2024-04-01", "2024-06-30", "quarter"),
    ("2024年4〜6月期", "2024-04-01", "2024-06-30", "quarter"),
    ("2024年1-3月期", "2024-01-01", "2024-03-31", "quarter"),
    ("2024年10〜12月期", "2024-10-01", "2024-12-31", "quarter"),
    ("2024年1-6月期", "2024-01-01", "2024-06-30", "range"),
    # halves
    ("2025年上半期", "2025-01-01", "2025-06-30", "half"),
    ("2025年下半期", "2025-07-01", "2025-12-31", "half"),
    ("2025年前半", "2025-01-01", "2025-06-30", "half"),
    ("2025年後半", "2025-07-01", "2025-12-31", "half"),
    ("2025年の後半", "2025-07-01", "2025-12-31", "half"),
    ("2025年上期", "2025-01-01", "2025-06-30", "half"),
    ("first half of 2025", "2025-01-01", "2025-06-30", "half"),
    ("the first half of 2025", "2025-01-01", "2025-06-30", "half"),
    ("in the second half of 2025", "2025-07-01", "2025-12-31", "half"),
    ("H1 2025", "2025-01-01", "2025-06-30", "half"),
    ("H2 2025", "2025-07-01", "2025-12-31", "half"),
    ("1H 2025", "2025-01-01", "2025-06-30", "half"),
    ("2H2025", "2025-07-01", "2025-12-31", "half"),
    ("2025 H1", "2025-01-01", "2025-06-30", "half"),
    # ten-day parts of a month
    ("2025年4月上旬", "2025-04-01", "2025-04-10", "ten-days"),
    ("2025年4月中旬", "2025-04-11", "2025-04-20", "ten-days"),
    ("2025年4月下旬", "2025-04-21", "2025-04-30", "ten-days"),
    ("2025年2月下旬", "2025-02-21", "2025-02-28", "ten-days"),
    ("2024年2月下旬", "2024-02-21", "2024-02-29", "ten-days"),
    ("2025年4月初旬", "2025-04-01", "2025-04-10", "ten-days"),
    ("2025年4月末", "2025-04-21", "2025-04-30", "ten-days"),
    ("2025年4月初め", "2025-04-01", "2025-04-10", "ten-days"),
    ("2025年4月半ば", "2025-04-11", "2025-04-20", "ten-days"),
    ("令和7年4月中旬", "2025-04-11", "2025-04-20", "ten-days"),
    ("2025年１２月下旬", "2025-12-21", "2025-12-31", "ten-days"),
    ("early April 2025", "2025-04-01", "2025-04-10", "ten-days"),
    ("mid-April 2025", "2025-04-11", "2025-04-20", "ten-days"),
    ("mid April 2025", "2025-04-11", "2025-04-20", "ten-days"),
    ("mid-April, 2025", "2025-04-11", "2025-04-20", "ten-days"),
    ("late April 2025", "2025-04-21", "2025-04-30", "ten-days"),
    ("late Feb 2024", "2024-02-21", "2024-02-29", "ten-days"),
    ("in mid-April 2025", "2025-04-11", "2025-04-20", "ten-days"),
    ("the end of April 2025", "2025-04-21", "2025-04-30", "ten-days"),
    ("the beginning of May 2025", "2025-05-01", "2025-05-10", "ten-days"),
    ("the middle of October 2025", "2025-10-11", "2025-10-20", "ten-days"),
    ("early-October 2025", "2025-10-01", "2025-10-10", "ten-days"),
    # parts of a year
    ("2024年末", "2024-12-01", "2024-12-31", "month"),
    ("2024年の年末", "2024-12-01", "2024-12-31", "month"),
    ("2024年暮れ", "2024-12-01", "2024-12-31", "month"),
    ("2025年初め", "2025-01-01", "2025-01-31", "month"),
    ("2025年年初", "2025-01-01", "2025-01-31", "month"),
    ("2025年初頭", "2025-01-01", "2025-04-30", "part-of-year"),
    ("2025年半ば", "2025-05-01", "2025-08-31", "part-of-year"),
    ("end of 2024", "2024-12-01", "2024-12-31", "month"),
    ("the end of 2024", "2024-12-01", "2024-12-31", "month"),
    ("by the end of 2024", None, None, None),  # "by" is a deadline, not the period: not a date form
    ("year-end 2024", "2024-12-01", "2024-12-31", "month"),
    ("2024 year-end", "2024-12-01", "2024-12-31", "month"),
    ("beginning of 2025", "2025-01-01", "2025-01-31", "month"),
    ("the start of 2025", "2025-01-01", "2025-01-31", "month"),
    ("early 2025", "2025-01-01", "2025-04-30", "part-of-year"),
    ("mid-2025", "2025-05-01", "2025-08-31", "part-of-year"),
    ("late 2025", "2025-09-01", "2025-12-31", "part-of-year"),
    ("in early 2025", "2025-01-01", "2025-04-30", "part-of-year"),
    # seasons, where one reading exists (Japan's: spring March-May)
    ("2025年春", "2025-03-01", "2025-05-31", "season"),
    ("2025年夏", "2025-06-01", "2025-08-31", "season"),
    ("2025年の夏", "2025-06-01", "2025-08-31", "season"),
    ("2025年秋", "2025-09-01", "2025-11-30", "season"),
    # explicit ranges
    ("2025年4月13日〜10月13日", "2025-04-13", "2025-10-13", "range"),
    ("2025年4月13日～10月13日", "2025-04-13", "2025-10-13", "range"),
    ("2025年4月13日~2025年10月13日", "2025-04-13", "2025-10-13", "range"),
    ("2025年4月13日から10月13日まで", "2025-04-13", "2025-10-13", "range"),
    ("2025年4月13日-10月13日", "2025-04-13", "2025-10-13", "range"),
    ("2025年4月13日〜17日", "2025-04-13", "2025-04-17", "range"),
    ("2025年4月〜10月", "2025-04-01", "2025-10-31", "range"),
    ("2025年4〜10月", "2025-04-01", "2025-10-31", "range"),
    ("2024年11月〜2025年3月", "2024-11-01", "2025-03-31", "range"),
    ("2025〜2026年", "2025-01-01", "2026-12-31", "range"),
    ("2025年〜2027年", "2025-01-01", "2027-12-31", "range"),
    ("2025年度〜2027年度", "2025-04-01", "2028-03-31", "range"),
    ("April 13–October 13, 2025", "2025-04-13", "2025-10-13", "range"),
    ("April 13 - October 13, 2025", "2025-04-13", "2025-10-13", "range"),
    ("April 13 to October 13, 2025", "2025-04-13", "2025-10-13", "range"),
    ("April 13 through October 13, 2025", "2025-04-13", "2025-10-13", "range"),
    ("April 13-17, 2025", "2025-04-13", "2025-04-17", "range"),
    ("13-17 April 2025", "2025-04-13", "2025-04-17", "range"),
    ("13 April - 13 October 2025", "2025-04-13", "2025-10-13", "range"),
    ("April 13, 2025 - October 13, 2025", "2025-04-13", "2025-10-13", "range"),
    ("December 2024 - March 2025", "2024-12-01", "2025-03-31", "range"),
    ("April to October 2025", "2025-04-01", "2025-10-31", "range"),
    ("2025-04-13 to 2025-10-13", "2025-04-13", "2025-10-13", "range"),
    ("2025-04-13 - 2025-10-13", "2025-04-13", "2025-10-13", "range"),
    ("2025-04 to 2025-10", "2025-04-01", "2025-10-31", "range"),
    ("Q1 2025 - Q3 2025", "2025-01-01", "2025-09-30", "range"),
    ("2025〜2027年度", "2025-04-01", "2028-03-31", "range"),
    ("2024〜2025年度上期", "2024-04-01", "2025-09-30", "range"),
    # an end without its year runs on across the year's end
    ("2025年12月30日〜1月3日", "2025-12-30", "2026-01-03", "range"),
    ("2024年12月〜2月", "2024-12-01", "2025-02-28", "range"),
    ("2025年4月13日〜3月1日", "2025-04-13", "2026-03-01", "range"),
    ("Dec. 30 - Jan. 2, 2026", "2025-12-30", "2026-01-02", "range"),
    ("October 13 - April 13, 2025", "2024-10-13", "2025-04-13", "range"),
    # ranges of numeric dates, with or without spaces around the mark
    ("20250413〜20251013", "2025-04-13", "2025-10-13", "range"),
    ("R7.4.13〜R7.10.13", "2025-04-13", "2025-10-13", "range"),
    ("令和7/4/13〜令和7/10/13", "2025-04-13", "2025-10-13", "range"),
    ("2025-04-13〜2025-10-13", "2025-04-13", "2025-10-13", "range"),
    ("2025.4.13〜2025.10.13", "2025-04-13", "2025-10-13", "range"),
    ("2025/4/13から2025/10/13", "2025-04-13", "2025-10-13", "range"),
    ("2025-04-13–2025-10-13", "2025-04-13", "2025-10-13", "range"),
    ("2025/4〜2025/6", "2025-04-01", "2025-06-30", "range"),
    ("西暦2025-03-01", "2025-03-01", "2025-03-01", "day"),
    ("Last updated by the editorial desk: Wednesday, September 10th, 2025, at 10:30 a.m.",
     "2025-09-10", "2025-09-10", "day"),
    # the ISO interval this tool writes for a period reads back as itself
    ("2025-04-01/2026-03-31", "2025-04-01", "2026-03-31", "range"),
    # a Japanese company's fiscal year named by the month it ends in
    ("2025年3月期", "2024-04-01", "2025-03-31", "fiscal-year"),
    ("2024年12月期", "2024-01-01", "2024-12-31", "fiscal-year"),
    ("2025年内", "2025-01-01", "2025-12-31", "year"),
    ("end-April 2025", "2025-04-21", "2025-04-30", "ten-days"),
    # compact, era and written-out forms are days
    ("20250413", "2025-04-13", "2025-04-13", "day"),
    ("R7.4.13", "2025-04-13", "2025-04-13", "day"),
    ("令和7/4/13", "2025-04-13", "2025-04-13", "day"),
    ("西暦2025年", "2025-01-01", "2025-12-31", "year"),
    ("2025・4・13", "2025-04-13", "2025-04-13", "day"),
    ("21/04/2016", "2016-04-21", "2016-04-21", "day"),
    ("02/22/2016", "2016-02-22", "2016-02-22", "day"),
    # the same periods written in other ways
    ("ＦＹ２０２５", "2025-04-01", "2026-03-31", "fiscal-year"),
    ("Ｑ２ ２０２４", "2024-04-01", "2024-06-30", "quarter"),
    ("2025年 4月 中旬", "2025-04-11", "2025-04-20", "ten-days"),
    ("2025年4月の下旬", "2025-04-21", "2025-04-30", "ten-days"),
    ("２０２５年４月１３日〜１０月１３日", "2025-04-13", "2025-10-13", "range"),
    ("2025年4月13日 〜 2025年10月13日", "2025-04-13", "2025-10-13", "range"),
    ("令和7年4月13日〜10月13日", None, None, None),  # an era on one end: not a form the ranges read
    ("Apr 13-Oct 13, 2025", "2025-04-13", "2025-10-13", "range"),
    ("13 April to 13 October 2025", "2025-04-13", "2025-10-13", "range"),
    ("April 2025 - March 2026", "2025-04-01", "2026-03-31", "range"),
    ("2024年度第2四半期", "2024-07-01", "2024-09-30", "quarter"),
    ("平成31年度", "2019-04-01", "2020-03-31", "fiscal-year"),
    ("FY2025 H1", "2025-04-01", "2025-09-30", "half"),
    ("2025年第4四半期", "2025-10-01", "2025-12-31", "quarter"),
    ("late-2024", "2024-09-01", "2024-12-31", "part-of-year"),
    ("Late April 2025", "2025-04-21", "2025-04-30", "ten-days"),
    ("EARLY 2025", "2025-01-01", "2025-04-30", "part-of-year"),
]

# Periods refused with a reason (a reason in the message, not a guess).
PERIOD_FAILURES = [
    ("2025年冬", "winter runs across the year's end"),
    ("summer 2025", "hemisphere"),
    ("winter of 2025", "hemisphere"),
    ("2025 autumn", "hemisphere"),
    ("2025年4月13日〜2025年3月1日", "before it starts"),
    ("October 13, 2025 - April 13, 2025", "before it starts"),
    ("2026-03-31/2025-04-01", "ends before it starts"),
    ("2025年4月13日〜10日", "ends (2025-04-10) before it starts"),  # a day alone does not run into next year
    ("2025年4月30日〜4月1日", "before it starts"),
    ("13-10 April 2025", "before it starts"),
    ("2025年13月上旬", "no month 13"),
    ("mid-Smarch 2025", "not a date form"),
    ("2024年7-6月期", "run backwards"),
    ("2024年4-13月期", "no month 13"),
    ("FY2025/27", "ends in 2026, not 27"),
    ("令和0年度", "no year 0"),
    ("平成32年度", "平成 ended"),
    ("Q5 2025", "not a date form"),
    ("H3 2025", "not a date form"),
    ("25年度", "four digits"),
    ("4月中旬", "it has no year"),
    ("mid-April", "it has no year"),
    ("3月1日", "it has no year"),
    ("March 1", "it has no year"),
    ("4月13日〜17日", "it has no year"),
    ("2025年2月30日〜3月1日", "February has no day 30"),
    ("April 31 - May 2, 2025", "April has no day 31"),
    ("2025年4月13日〜10月32日", "October has no day 32"),
    ("FY2025/25", "ends in 2026, not 25"),
    ("2025年度第5四半期", "not a date form"),
    ("mid-2025年", "not a date form"),
    ("平成32年度第1四半期", "平成 ended"),
    ("大正16年度", "大正 ended"),
    ("spring 2025", "hemisphere"),
    ("2025 fall", "hemisphere"),
    ("令和7年冬", "winter runs across the year's end"),
    ("Q0 2025", "not a date form"),
    ("2025年0月下旬", "no month 0"),
    ("1月上旬", "it has no year"),
    ("early March", "it has no year"),
    ("late Feb", "it has no year"),
    ("April 13-17", "it has no year"),
]

REFERENCE = dt.date(2025, 3, 12)  # a Wednesday

# (text, reference, first day, last day, precision)
RELATIVE = [
    ("今日", REFERENCE, "2025-03-12", "2025-03-12", "day"),
    ("本日", REFERENCE, "2025-03-12", "2025-03-12", "day"),
    ("きょう", REFERENCE, "2025-03-12", "2025-03-12", "day"),
    ("today", REFERENCE, "2025-03-12", "2025-03-12", "day"),
    ("昨日", REFERENCE, "2025-03-11", "2025-03-11", "day"),
    ("きのう", REFERENCE, "2025-03-11", "2025-03-11", "day"),
    ("yesterday", REFERENCE, "2025-03-11", "2025-03-11", "day"),
    ("一昨日", REFERENCE, "2025-03-10", "2025-03-10", "day"),
    ("おととい", REFERENCE, "2025-03-10", "2025-03-10", "day"),
    ("the day before yesterday", REFERENCE, "2025-03-10", "2025-03-10", "day"),
    ("明日", REFERENCE, "2025-03-13", "2025-03-13", "day"),
    ("あす", REFERENCE, "2025-03-13", "2025-03-13", "day"),
    ("tomorrow", REFERENCE, "2025-03-13", "2025-03-13", "day"),
    ("明後日", REFERENCE, "2025-03-14", "2025-03-14", "day"),
    ("the day after tomorrow", REFERENCE, "2025-03-14", "2025-03-14", "day"),
    ("昨日", dt.date(2025, 3, 1), "2025-02-28", "2025-02-28", "day"),
    ("昨日", dt.date(2024, 3, 1), "2024-02-29", "2024-02-29", "day"),
    ("明日", dt.date(2024, 12, 31), "2025-01-01", "2025-01-01", "day"),
    # weeks run Monday to Sunday
    ("先週", REFERENCE, "2025-03-03", "2025-03-09", "week"),
    ("今週", REFERENCE, "2025-03-10", "2025-03-16", "week"),
    ("来週", REFERENCE, "2025-03-17", "2025-03-23", "week"),
    ("last week", REFERENCE, "2025-03-03", "2025-03-09", "week"),
    ("this week", REFERENCE, "2025-03-10", "2025-03-16", "week"),
    ("next week", REFERENCE, "2025-03-17", "2025-03-23", "week"),
    ("先週の日曜日", REFERENCE, "2025-03-09", "2025-03-09", "day"),
    ("先週日曜日", REFERENCE, "2025-03-09", "2025-03-09", "day"),
    ("先週の月曜", REFERENCE, "2025-03-03", "2025-03-03", "day"),
    ("先週金曜", REFERENCE, "2025-03-07", "2025-03-07", "day"),
    ("今週の金曜日", REFERENCE, "2025-03-14", "2025-03-14", "day"),
    ("来週の月曜日", REFERENCE, "2025-03-17", "2025-03-17", "day"),
    ("先週の日曜日", dt.date(2025, 3, 16), "2025-03-09", "2025-03-09", "day"),
    ("last Sunday", REFERENCE, "2025-03-09", "2025-03-09", "day"),
    ("last Wednesday", REFERENCE, "2025-03-05", "2025-03-05", "day"),
    ("last Thursday", REFERENCE, "2025-03-06", "2025-03-06", "day"),
    ("next Monday", REFERENCE, "2025-03-17", "2025-03-17", "day"),
    ("next Wednesday", REFERENCE, "2025-03-19", "2025-03-19", "day"),
    ("next Thursday", REFERENCE, "2025-03-13", "2025-03-13", "day"),
    # months and years
    ("先月", REFERENCE, "2025-02-01", "2025-02-28", "month"),
    ("今月", REFERENCE, "2025-03-01", "2025-03-31", "month"),
    ("来月", REFERENCE, "2025-04-01", "2025-04-30", "month"),
    ("先々月", REFERENCE, "2025-01-01", "2025-01-31", "month"),
    ("先月", dt.date(2025, 1, 15), "2024-12-01", "2024-12-31", "month"),
    ("last month", REFERENCE, "2025-02-01", "2025-02-28", "month"),
    ("this month", REFERENCE, "2025-03-01", "2025-03-31", "month"),
    ("next month", dt.date(2025, 12, 31), "2026-01-01", "2026-01-31", "month"),
    ("去年", REFERENCE, "2024-01-01", "2024-12-31", "year"),
    ("昨年", REFERENCE, "2024-01-01", "2024-12-31", "year"),
    ("一昨年", REFERENCE, "2023-01-01", "2023-12-31", "year"),
    ("今年", REFERENCE, "2025-01-01", "2025-12-31", "year"),
    ("来年", REFERENCE, "2026-01-01", "2026-12-31", "year"),
    ("last year", REFERENCE, "2024-01-01", "2024-12-31", "year"),
    ("this year", REFERENCE, "2025-01-01", "2025-12-31", "year"),
    ("next year", REFERENCE, "2026-01-01", "2026-12-31", "year"),
    # fiscal years around the day (Japanese: a day in March is in the year that began last April)
    ("今年度", REFERENCE, "2024-04-01", "2025-03-31", "fiscal-year"),
    ("今年度", dt.date(2025, 4, 1), "2025-04-01", "2026-03-31", "fiscal-year"),
    ("昨年度", REFERENCE, "2023-04-01", "2024-03-31", "fiscal-year"),
    ("来年度", REFERENCE, "2025-04-01", "2026-03-31", "fiscal-year"),
    # counts
    ("3日前", REFERENCE, "2025-03-09", "2025-03-09", "day"),
    ("三日前", REFERENCE, "2025-03-09", "2025-03-09", "day"),
    ("10日後", REFERENCE, "2025-03-22", "2025-03-22", "day"),
    ("2週間前", REFERENCE, "2025-02-26", "2025-02-26", "day"),
    ("1週間後", REFERENCE, "2025-03-19", "2025-03-19", "day"),
    ("1か月前", REFERENCE, "2025-02-01", "2025-02-28", "month"),
    ("1カ月前", REFERENCE, "2025-02-01", "2025-02-28", "month"),
    ("3ヶ月後", REFERENCE, "2025-06-01", "2025-06-30", "month"),
    ("2年前", REFERENCE, "2023-01-01", "2023-12-31", "year"),
    ("3 days ago", REFERENCE, "2025-03-09", "2025-03-09", "day"),
    ("a week ago", REFERENCE, "2025-03-05", "2025-03-05", "day"),
    ("two weeks ago", REFERENCE, "2025-02-26", "2025-02-26", "day"),
    ("in 2 weeks", REFERENCE, "2025-03-26", "2025-03-26", "day"),
    ("in three days", REFERENCE, "2025-03-15", "2025-03-15", "day"),
    ("a month ago", REFERENCE, "2025-02-01", "2025-02-28", "month"),
    ("6 months ago", REFERENCE, "2024-09-01", "2024-09-30", "month"),
    ("in 6 months", REFERENCE, "2025-09-01", "2025-09-30", "month"),
    ("a year ago", REFERENCE, "2024-01-01", "2024-12-31", "year"),
    ("10 years ago", REFERENCE, "2015-01-01", "2015-12-31", "year"),
    ("3 days from now", REFERENCE, "2025-03-15", "2025-03-15", "day"),
    # a year word with the rest of a date
    ("昨年3月", REFERENCE, "2024-03-01", "2024-03-31", "month"),
    ("昨年3月1日", REFERENCE, "2024-03-01", "2024-03-01", "day"),
    ("今年4月中旬", REFERENCE, "2025-04-11", "2025-04-20", "ten-days"),
    ("来年の夏", REFERENCE, "2026-06-01", "2026-08-31", "season"),
    ("去年の年末", REFERENCE, "2024-12-01", "2024-12-31", "month"),
    ("今年度上半期", REFERENCE, "2024-04-01", "2024-09-30", "half"),
    ("来年度第1四半期", REFERENCE, "2025-04-01", "2025-06-30", "quarter"),
    ("今年度末", REFERENCE, "2025-03-01", "2025-03-31", "month"),
    ("March last year", REFERENCE, "2024-03-01", "2024-03-31", "month"),
    ("mid-April next year", REFERENCE, "2026-04-11", "2026-04-20", "ten-days"),
    # no year: the nearest to the reference
    ("3月1日", REFERENCE, "2025-03-01", "2025-03-01", "day"),
    ("12月25日", REFERENCE, "2024-12-25", "2024-12-25", "day"),
    ("3月1日", dt.date(2025, 9, 10), "2025-03-01", "2025-03-01", "day"),  # news leaves out its own year
    ("10月13日", dt.date(2025, 4, 13), "2025-10-13", "2025-10-13", "day"),
    ("12月28日", dt.date(2025, 1, 5), "2024-12-28", "2024-12-28", "day"),  # within three months, across
    ("10月13日(月)", dt.date(2025, 4, 13), "2025-10-13", "2025-10-13", "day"),
    ("3月1日(土)", dt.date(2025, 9, 15), "2025-03-01", "2025-03-01", "day"),
    ("12月30日〜1月3日", dt.date(2025, 12, 1), "2025-12-30", "2026-01-03", "range"),
    ("11月〜2月", dt.date(2025, 10, 1), "2025-11-01", "2026-02-28", "range"),
    ("今月末", REFERENCE, "2025-03-21", "2025-03-31", "ten-days"),
    ("来月中旬", REFERENCE, "2025-04-11", "2025-04-20", "ten-days"),
    ("先月上旬", REFERENCE, "2025-02-01", "2025-02-10", "ten-days"),
    ("今秋", REFERENCE, "2025-09-01", "2025-11-30", "season"),
    ("来春", REFERENCE, "2026-03-01", "2026-05-31", "season"),
    ("昨夏", REFERENCE, "2024-06-01", "2024-08-31", "season"),
    ("年内", REFERENCE, "2025-01-01", "2025-12-31", "year"),
    ("年末", REFERENCE, "2025-12-01", "2025-12-31", "month"),
    ("年初", REFERENCE, "2025-01-01", "2025-01-31", "month"),
    ("半年前", REFERENCE, "2024-09-01", "2024-09-30", "month"),
    ("last March", REFERENCE, "2024-03-01", "2024-03-31", "month"),
    ("last May", REFERENCE, "2024-05-01", "2024-05-31", "month"),
    ("last February", REFERENCE, "2025-02-01", "2025-02-28", "month"),
    ("1月5日", dt.date(2024, 12, 28), "2025-01-05", "2025-01-05", "day"),
    ("2月29日", REFERENCE, "2024-02-29", "2024-02-29", "day"),
    ("4月", REFERENCE, "2025-04-01", "2025-04-30", "month"),
    ("4月中旬", REFERENCE, "2025-04-11", "2025-04-20", "ten-days"),
    ("4月13日〜17日", REFERENCE, "2025-04-13", "2025-04-17", "range"),
    ("March 1", REFERENCE, "2025-03-01", "2025-03-01", "day"),
    ("1st March", REFERENCE, "2025-03-01", "2025-03-01", "day"),
    ("December 25", REFERENCE, "2024-12-25", "2024-12-25", "day"),
    ("mid-April", REFERENCE, "2025-04-11", "2025-04-20", "ten-days"),
    ("late December", REFERENCE, "2024-12-21", "2024-12-31", "ten-days"),
    ("April 13-17", REFERENCE, "2025-04-13", "2025-04-17", "range"),
]

# Relative to something the text does not give: a claim's date is no reference for them.
RELATIVE_ELSEWHERE = ["前日", "翌日", "同日", "当日", "翌年", "前年", "the day before", "the next day", "now",
                      "tonight", "3 days later", "a week earlier"]


def _period(found):
    return (found.start, found.end, found.precision)


@pytest.mark.parametrize(("text", "start", "end", "precision"), PERIODS, ids=[c[0] for c in PERIODS])
def test_periods_table(text, start, end, precision):
    if start is None:
        with pytest.raises(ParseError, match="not a date form"):
            parse_date(text)
        return
    found = parse_date(text)
    assert _period(found) == (start, end, precision)
    if precision in ("day", "month", "year"):
        assert found.date == start[: {"day": 10, "month": 7, "year": 4}[precision]]
    else:
        assert found.date == f"{start}/{end}"


@pytest.mark.parametrize(("text", "reason"), PERIOD_FAILURES, ids=[c[0] for c in PERIOD_FAILURES])
def test_periods_refused(text, reason):
    with pytest.raises(ParseError) as info:
        parse_date(text)
    assert str(info.value).startswith(f"cannot read '{text}' as a date: ")
    assert reason in str(info.value)


@pytest.mark.parametrize(("text", "reference", "start", "end", "precision"), RELATIVE,
                         ids=[f"{c[0]}@{c[1]}" for c in RELATIVE])
def test_relative_dates_table(text, reference, start, end, precision):
    if start is None:
        with pytest.raises(ParseError):
            parse_date(text, reference=reference)
        return
    found = parse_date(text, reference=reference)
    assert _period(found) == (start, end, precision)
    assert found.relative_to == reference.isoformat()
    with pytest.raises(RelativeDate, match="write the calendar date"):
        parse_date(text)


@pytest.mark.parametrize("text", RELATIVE_ELSEWHERE)
def test_dates_relative_to_something_unsaid_are_refused_even_with_a_reference(text):
    with pytest.raises(ParseError, match="counts from a day it does not name") as info:
        parse_date(text, reference=REFERENCE)
    assert not isinstance(info.value, RelativeDate)


@pytest.mark.parametrize(("fiscal", "text", "start", "end"), [
    ("japan", "FY2025", "2025-04-01", "2026-03-31"),
    ("us", "FY2025", "2024-10-01", "2025-09-30"),
    ("calendar", "FY2025", "2025-01-01", "2025-12-31"),
    ("us", "Q1 FY2025", "2024-10-01", "2024-12-31"),
    ("us", "fiscal 2025", "2024-10-01", "2025-09-30"),
    ("us", "FY2024/25", "2024-10-01", "2025-09-30"),
    ("us", "FY2025/26", "2025-10-01", "2026-09-30"),
    ("calendar", "H2 FY2025", "2025-07-01", "2025-12-31"),
    ("us", "2025年度", "2025-04-01", "2026-03-31"),  # 年度 is Japan's, whatever FY means
])
def test_the_fiscal_year_convention_is_the_users_choice(fiscal, text, start, end):
    found = parse_date(text, fiscal=fiscal)
    assert (found.start, found.end) == (start, end)


def test_a_two_year_fiscal_name_is_checked_against_the_convention():
    with pytest.raises(ParseError, match="ends in 2026, not 27"):
        parse_date("FY2025/27", fiscal="us")
    with pytest.raises(ParseError, match="ends in 2025, not 26"):
        parse_date("FY2025/26", fiscal="calendar")


def test_a_relative_value_keeps_its_raw_text_and_its_reference():
    value = parse_value("先週の日曜日", reference=REFERENCE)
    assert (value.kind, value.raw, value.date, value.relative_to) == (
        "date", "先週の日曜日", "2025-03-09", "2025-03-12")
    assert parse_value("前大統領", reference=REFERENCE).relative_to is None
    with pytest.raises(RelativeDate):
        parse_value("昨日")


def test_a_value_that_is_a_period_carries_its_days():
    value = parse_value("2025年度")
    assert (value.kind, value.date, value.start, value.end, value.precision) == (
        "date", "2025-04-01/2026-03-31", "2025-04-01", "2026-03-31", "fiscal-year")


@pytest.mark.parametrize("text", [
    "昨年並み", "昨年比", "昨年の2倍", "去年と同じ", "今年度中", "今年度の予算", "来年以降", "今年の漢字",
    "more than last year", "same as last year", "1Q", "H1", "前半", "上期", "春", "末", "first half",
])
def test_a_year_word_or_a_period_word_without_a_date_stays_text(text):
    assert parse_value(text).kind != "date"
    assert parse_value(text, reference=REFERENCE).kind != "date"


def test_figures_and_words_are_not_taken_for_periods():
    assert parse_value("300〜500億ドル").kind == "quantity"
    assert parse_value("3-5%").kind == "quantity"
    assert parse_value("2025-2030").kind == "quantity"  # two bare numbers, as before
    assert parse_value("March").kind == "categorical"  # a month alone is also a word
    assert parse_value("the march on Washington").kind == "categorical"
    assert parse_value("mid-sized").kind == "categorical"


@pytest.mark.parametrize(("text", "reason"), [
    ("10月13日(火)", "2025-10-13 is a Monday, not a Tuesday"),
    ("Tuesday, October 13", "2025-10-13 is a Monday, not a Tuesday"),
    ("3月1日(月)", "2025-03-01 is a Saturday, not a Monday"),
])
def test_a_weekday_that_fits_no_year_near_the_reference_is_reported(text, reason):
    with pytest.raises(ParseError, match=reason):
        parse_date(text, reference=dt.date(2025, 4, 13))


@pytest.mark.parametrize("text", ["1〜" * 5000 + "1月", "mid-" * 5000 + "April", "2025年" * 4000])
def test_text_far_longer_than_any_date_is_no_date(text):
    with pytest.raises(ParseError, match="not a date form"):
        parse_date(text)


def test_the_table_is_at_least_three_hundred_cases_with_the_value_tables():
    from test_dates import CASES as DATE_CASES
    from test_values import CASES as VALUE_CASES

    here = len(PERIODS) + len(PERIOD_FAILURES) + len(RELATIVE) + len(RELATIVE_ELSEWHERE)
    assert here >= 300, here
    assert here + len(DATE_CASES) + len(VALUE_CASES) > 600


_FORMS = st.sampled_from([
    "{y}年度", "FY{y}", "Q{q} {y}", "{y}年第{q}四半期", "H{h} {y}", "{y}年{m}月上旬", "{y}年{m}月中旬",
    "{y}年{m}月下旬", "early {mon} {y}", "mid-{mon} {y}", "late {mon} {y}", "{y}年末", "end of {y}", "{y}年春",
    "{y}年{m}月{d}日〜{m2}月{d2}日", "{mon} {d}-{d2}, {y}", "{y}年{m}月", "{y}", "early {y}", "mid-{y}",
    "{y}年度上半期", "{y}年度第{q}四半期", "{y}年{m}月{d}日", "{d} {mon} {y}",
])
_RELATIVE_FORMS = st.sampled_from([
    "昨日", "明日", "先週", "来週", "先月", "来月", "去年", "来年", "今年度", "{n}日前", "{n}週間後", "{n}か月前",
    "{n}年後", "{m}月{d}日", "{m}月下旬", "last {wd}", "next {wd}", "{n} days ago", "in {n} months", "{mon} {d}",
    "先週の{jwd}曜日", "昨年{m}月",
])
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]


@settings(max_examples=int(__import__("os").environ.get("CT_EXAMPLES", "300")), deadline=None)
@given(form=_FORMS, relative=_RELATIVE_FORMS, y=st.integers(1900, 2100), m=st.integers(1, 12),
       d=st.integers(1, 31), q=st.integers(1, 4), h=st.integers(1, 2), n=st.integers(1, 400),
       reference=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), wd=st.integers(0, 6),
       fiscal=st.sampled_from(["japan", "us", "calendar"]))
def test_every_period_starts_on_or_before_its_end(form, relative, y, m, d, q, h, n, reference, wd, fiscal):
    """Whatever the form, a date read is a run of days: start <= end, and the
    ISO date says the same days as start and end."""
    fields = {"y": y, "m": m, "m2": min(12, m + 1), "d": d, "d2": min(28, d + 1), "q": q, "h": h, "n": n,
              "mon": _MONTH_NAMES[m - 1], "wd": _MONTH_NAMES[0] and ["monday", "tuesday", "wednesday", "thursday",
                                                                   "friday", "saturday", "sunday"][wd],
              "jwd": "月火水木金土日"[wd]}
    for text, ref in ((form.format(**fields), None), (relative.format(**fields), reference)):
        try:
            found = parse_date(text, reference=ref, fiscal=fiscal)
        except ParseError:
            continue  # refused with a reason (no 31 June, a range that runs backwards)
        assert found.start <= found.end, (text, found)
        assert dt.date.fromisoformat(found.start) and dt.date.fromisoformat(found.end)
        from claimtrack.domain.periods import span

        first, last = span(found.date)
        assert (first.isoformat(), last.isoformat()) == (found.start, found.end), (text, found)
