"""parse_value and fold against a table of real-world forms; canonical text reads back."""

from __future__ import annotations

import contextlib
import itertools
from decimal import Decimal

import pytest

from canonical import canonical_text
from claimtrack.domain.model import Value
from claimtrack.domain.text import fold
from claimtrack.domain.values import parse_value
from claimtrack.errors import ParseError

B500 = Decimal("500000000000")
D = Decimal


def q(amount=None, unit=None, approx=False, lower=None, upper=None):
    """Expected quantity fields, amounts as strings for readability."""
    conv = lambda x: None if x is None else Decimal(str(x))  # noqa: E731
    return ("quantity", conv(amount), unit, approx, conv(lower), conv(upper))


def at_least(amount, unit=None, approx=False):
    return q(amount, unit, approx, lower=amount)


def up_to(amount, unit=None, approx=False):
    return q(amount, unit, approx, upper=amount)


def rng(lower, upper, unit=None, approx=False):
    return q(None, unit, approx, lower, upper)


def date(iso, precision, offset=None):
    return ("date", iso, precision, offset)


def cat(normalized):
    return ("categorical", normalized)


def fields(v):
    if v.kind == "quantity":
        return ("quantity", v.amount, v.unit, v.approx, v.lower, v.upper)
    if v.kind == "date":
        return ("date", v.date, v.precision, v.offset)
    return ("categorical", v.normalized)


CASES = [
    # one amount, five spellings (the seed example)
    ("5000億ドル", q(B500, "USD")),
    ("$500B", q(B500, "USD")),
    ("500 billion dollars", q(B500, "USD")),
    ("US$0.5 trillion", q(B500, "USD")),
    ("五千億ドル", q(B500, "USD")),
    ("5,000億ドル", q(B500, "USD")),
    ("５０００億ドル", q(B500, "USD")),
    ("$500 billion", q(B500, "USD")),
    ("$500bn", q(B500, "USD")),
    ("USD 500B", q(B500, "USD")),
    ("500B USD", q(B500, "USD")),
    ("5000億米ドル", q(B500, "USD")),
    ("$0.5T", q(B500, "USD")),
    ("0.5 tn dollars", q(B500, "USD")),
    ("500,000,000,000 dollars", q(B500, "USD")),
    ("500 billion US dollars", q(B500, "USD")),
    # one share
    ("５０％", q(50, "%")),
    ("50%", q(50, "%")),
    ("5割", q(50, "%")),
    ("五割", q(50, "%")),
    ("半分", q(50, "%")),
    ("half", q(50, "%")),
    ("50 percent", q(50, "%")),
    ("50 per cent", q(50, "%")),
    ("50パーセント", q(50, "%")),
    ("3割5分", q(35, "%")),
    ("0.5%", q("0.5", "%")),
    ("-5%", q(-5, "%")),
    ("−2.5%", q("-2.5", "%")),
    # approximate
    ("約5000億ドル", q(B500, "USD", approx=True)),
    ("およそ50%", q(50, "%", approx=True)),
    ("5000億ドル程度", q(B500, "USD", approx=True)),
    ("50%ほど", q(50, "%", approx=True)),
    ("about $500B", q(B500, "USD", approx=True)),
    ("around 500 billion dollars", q(B500, "USD", approx=True)),
    ("roughly 50%", q(50, "%", approx=True)),
    ("approximately 3 million", q(3000000, None, approx=True)),
    ("~500", q(500, None, approx=True)),
    ("～500", q(500, None, approx=True)),
    ("100人前後", q(100, "人", approx=True)),
    ("5000億ドル規模", q(B500, "USD", approx=True)),
    # bounds
    ("3,500億ドル以上", at_least(350000000000, "USD")),
    ("5000億ドル超", at_least(B500, "USD")),
    ("more than $500B", at_least(B500, "USD")),
    ("over 50%", at_least(50, "%")),
    ("at least 3 million", at_least(3000000)),
    ("50% or more", at_least(50, "%")),
    ("1000人余り", at_least(1000, "人")),
    ("500円から", at_least(500, "JPY")),
    ("500円〜", at_least(500, "JPY")),
    ("500+", at_least(500)),
    ("約3,500億ドル以上", at_least(350000000000, "USD")),  # the bound word decides: no band above
    ("半分以上", at_least(50, "%")),
    ("more than half", at_least(50, "%")),
    ("5000億ドル以下", up_to(B500, "USD")),
    ("50%未満", up_to(50, "%")),
    ("up to $500B", up_to(B500, "USD")),
    ("at most 50%", up_to(50, "%")),
    ("less than 10 percent", up_to(10, "%")),
    ("under 30 days", up_to(30, "days")),
    ("最大5000億ドル", up_to(B500, "USD")),
    ("30日以内", up_to(30, "日")),
    ("10 or fewer", up_to(10)),
    # numbers in words, signs, leading dots
    ("two million", q(2000000)),
    ("two million people", q(2000000, "people")),
    ("thirty-five thousand", q(35000)),
    ("two hundred thirty-five thousand", q(235000)),
    ("one hundred and five", q(105)),
    ("one and a half million", q(1500000)),
    ("half a trillion dollars", q(500000000000, "USD")),
    ("a million", q(1000000)),
    ("twenty percent", q(20, "%")),
    ("a dozen", q(12)),
    ("about two million visitors", q(2000000, "visitors", approx=True)),
    ("three to five million", rng(3000000, 5000000)),
    ("minus 5%", q(-5, "%")),
    ("マイナス5%", q(-5, "%")),
    ("△3億円", q(-300000000, "JPY")),
    (".5%", q("0.5", "%")),
    ("12,000원", q(12000, "KRW")),
    # a figure with its conversion as told; sub-units
    ("¥235 billion ($1.6 billion)", q(235000000000, "JPY")),
    ("約2350億円（約16億ドル）", q(235000000000, "JPY", approx=True)),
    ("2ドル3セント", q("2.03", "USD")),
    ("2222円13銭", q("2222.13", "JPY")),
    ("2 dollars and 50 cents", q("2.50", "USD")),
    # more of the most traded currencies, by symbol, code and name in both languages
    ("100 baht", q(100, "THB")),
    ("3億ルピア", q(300000000, "IDR")),
    ("₱200", q(200, "PHP")),
    ("1000ドン", q(1000, "VND")),
    ("1 million forints", q(1000000, "HUF")),
    ("50億メキシコペソ", q(5000000000, "MXN")),
    ("NZ$5", q(5, "NZD")),
    ("20 dirhams", q(20, "AED")),
    # size words: the bound they set, never part of the unit
    ("2000万人突破", at_least(20000000, "人")),
    ("2000万人を突破", at_least(20000000, "人")),
    ("5割強", at_least(50, "%", approx=True)),
    ("1000人弱", up_to(1000, "人", approx=True)),
    ("1000人足らず", up_to(1000, "人")),
    ("100万人近く", up_to(1000000, "人", approx=True)),
    ("3兆円を超える", at_least(3000000000000, "JPY")),
    ("nearly half", up_to(50, "%", approx=True)),
    ("almost $500B", up_to(B500, "USD", approx=True)),
    ("just under 3 million", up_to(3000000, approx=True)),
    ("just over 3 million", at_least(3000000, approx=True)),
    ("upwards of 40,000 people", at_least(40000, "people")),
    ("50-plus", at_least(50)),
    # 台: the band of the last non-zero digit, after a unit only
    ("3万人台", rng(30000, 39999, "人")),
    ("20万人台", rng(200000, 299999, "人")),
    ("150円台", rng(150, "159.99", "JPY")),
    ("10%台", rng(10, "19.99", "%")),
    ("100億円台", rng(10000000000, 19999999999, "JPY")),
    ("2%台", rng(2, "2.999", "%")),
    ("1.5%台", rng("1.5", "1.5999", "%")),
    ("3万台", q(30000, "台")),
    ("3台", q(3, "台")),
    # 数 (several): 2 to 9 of its place, 1 to 9 after 十
    ("数百人", rng(200, 999, "人", approx=True)),
    ("数千億円", rng(200000000000, 999999999999, "JPY", approx=True)),
    ("数十万人", rng(200000, 999999, "人", approx=True)),
    ("十数人", rng(11, 19, "人", approx=True)),
    ("十数万人", rng(110000, 199999, "人", approx=True)),
    ("約数百人", rng(200, 999, "人", approx=True)),
    ("数万人規模", rng(20000, 99999, "人", approx=True)),
    ("nearly 3 to 5 million", rng(3000000, 5000000, approx=True)),
    ("2〜3割弱", rng(20, 30, "%", approx=True)),
    ("数千億円以上", q(None, "JPY", True, lower=200000000000)),
    # ranges: the scale and the currency written once apply to both ends
    ("300〜500億ドル", rng(30000000000, 50000000000, "USD")),
    ("300～500億ドル", rng(30000000000, 50000000000, "USD")),
    ("300~500億ドル", rng(30000000000, 50000000000, "USD")),
    ("$300-500B", rng(300000000000, 500000000000, "USD")),
    ("$300B-$500B", rng(300000000000, 500000000000, "USD")),
    ("$300B–$500B", rng(300000000000, 500000000000, "USD")),
    ("between 3 and 5 million", rng(3000000, 5000000)),
    ("3 to 5 million", rng(3000000, 5000000)),
    ("from 3 to 5 million dollars", rng(3000000, 5000000, "USD")),
    ("300億〜500億ドル", rng(30000000000, 50000000000, "USD")),
    ("300から500億ドルまで", rng(30000000000, 50000000000, "USD")),
    ("5-10%", rng(5, 10, "%")),
    ("5%〜10%", rng(5, 10, "%")),
    ("5〜6割", rng(50, 60, "%")),
    ("3-5人", rng(3, 5, "人")),
    ("1,000-2,000 people", rng(1000, 2000, "people")),
    ("約300〜500億ドル", rng(30000000000, 50000000000, "USD", approx=True)),
    ("-5 to -3", rng(-5, -3)),
    ("5 to 5", rng(5, 5)),
    # grouping and decimal commas
    ("5,000", q(5000)),
    ("5 000", q(5000)),
    ("5\u00a0000", q(5000)),
    ("1,234,567.89", q("1234567.89")),
    ("1'000'000 CHF", q(1000000, "CHF")),
    ("€1,2 Mio.", q(1200000, "EUR")),
    ("1,25 Mrd. €", q(1250000000, "EUR")),
    ("€1,200", q(1200, "EUR")),
    ("1.234.567,89 €", q("1234567.89", "EUR")),
    ("2,5 Mio", q(2500000)),
    ("3,5 Mrd", q(3500000000)),
    ("1,5 Mrd. RUB", q(1500000000, "RUB")),
    ("2,5 hryvnias", q("2.5", "UAH")),
    # kanji and mixed numerals
    ("五千億", q(B500)),
    ("一兆二千億", q(1200000000000)),
    ("1.2兆", q(1200000000000)),
    ("1兆2000億円", q(1200000000000, "JPY")),
    ("3千5百万円", q(35000000, "JPY")),
    ("百万ドル", q(1000000, "USD")),
    ("三百人", q(300, "人")),
    ("二十五", q(25)),
    ("1万5千人", q(15000, "人")),
    ("2万人", q(20000, "人")),
    ("十億ユーロ", q(1000000000, "EUR")),
    # currencies by symbol, code and word
    ("¥5,000", q(5000, "JPY")),
    ("5000円", q(5000, "JPY")),
    ("5000 yen", q(5000, "JPY")),
    ("€50", q(50, "EUR")),
    ("50 EUR", q(50, "EUR")),
    ("50ユーロ", q(50, "EUR")),
    ("50 euros", q(50, "EUR")),
    ("£10", q(10, "GBP")),
    ("10ポンド", q(10, "GBP")),
    ("10 pounds", q(10, "GBP")),
    ("100ルーブル", q(100, "RUB")),
    ("100 roubles", q(100, "RUB")),
    ("100 rubles", q(100, "RUB")),
    ("RUB 100", q(100, "RUB")),
    ("100フリブニャ", q(100, "UAH")),
    ("100 hryvnia", q(100, "UAH")),
    ("UAH 100", q(100, "UAH")),
    ("100元", q(100, "CNY")),
    ("$5m", q(5000000, "USD")),
    ("$5k", q(5000, "USD")),
    ("£1.5bn", q(1500000000, "GBP")),
    # counts with a unit word, bare numbers
    ("3人", q(3, "人")),
    ("30 days", q(30, "days")),
    ("30 Days", q(30, "days")),
    ("3か国", q(3, "か国")),
    ("三人", q(3, "人")),
    ("一人", q(1, "人")),
    ("2倍", q(2, "倍")),
    ("5 km", q(5, "km")),
    ("5km", q(5, "km")),
    ("5 m", q(5, "m")),
    ("3 barrels per day", q(3, "barrels per day")),
    ("42", q(42)),
    ("2025", q(2025)),
    ("3.14", q("3.14")),
    ("0.50", q("0.5")),
    ("30年", q(30, "年")),
    ("3ヶ月", q(3, "ヶ月")),
    # dates
    ("2025年3月1日", date("2025-03-01", "day")),
    ("February 28, 2025", date("2025-02-28", "day")),
    ("2025-03-01", date("2025-03-01", "day")),
    ("2025年3月", date("2025-03", "month")),
    ("2025年", date("2025", "year")),
    ("2025-02-28T15:00:00-05:00", date("2025-02-28", "day", "-05:00")),
    ("令和7年3月1日", date("2025-03-01", "day")),
    ("公開日:2025/02/24", date("2025-02-24", "day")),
    ("Mar. 2025", date("2025-03", "month")),
    ("2025年3月1日(土)", date("2025-03-01", "day")),
    ("令和元年5月1日", date("2019-05-01", "day")),
    ("1st March 2025", date("2025-03-01", "day")),
    # categorical
    ("signed", cat("signed")),
    ("署名せず", cat("署名せず")),
    ("前大統領", cat("前大統領")),
    ("  Former   President ", cat("former president")),
    ("ＳＩＧＮＥＤ", cat("signed")),
    ("一時停止", cat("一時停止")),
    ("一部合意", cat("一部合意")),
    ("十分", cat("十分")),
    ("数値目標", cat("数値目標")),  # 数 that is not "several"
    ("数字", cat("数字")),
    ("20251399", q(20251399)),  # eight digits that are no date stay a number
    ("two three", cat("two three")),  # not one number
    ("and a half", cat("and a half")),
    ("and a half million", cat("and a half million")),
    ("dozen dozen", cat("dozen dozen")),
    ("数十数人", cat("数十数人")),  # two 数: no one reading
    ("a", cat("a")),
    ("$500B (2025)", cat("$500b (2025)")),  # brackets that hold no conversion: text
    # names and phrases that start with a number word, codes that are names, versions: text
    ("Five Eyes", cat("five eyes")),
    ("One China", cat("one china")),
    ("Two and a Half Men", cat("two and a half men")),
    ("two thirds", cat("two thirds")),
    ("COP28", cat("cop28")),
    ("PHP 8", cat("php 8")),
    ("R 4.3.0", cat("r 4.3.0")),
    ("r4.2.1", cat("r4.2.1")),
    ("S1.2.3", cat("s1.2.3")),
    ("2円50セント", cat("2円50セント")),  # sen go with yen, cents with dollars
    ("5 million dollars 50 cents", cat("5 million dollars 50 cents")),
    ("the US gets two million", cat("the us gets two million")),  # embedded: the whole stays text
    ("最大の", cat("最大の")),
    ("三菱", cat("三菱")),
    ("March", cat("march")),
    ("COVID-19", cat("covid-19")),
    ("F-35 jets", cat("f-35 jets")),
    # embedded text: never extracted, never merged
    ("the US gets $500B in mineral rights", cat("the us gets $500b in mineral rights")),
    ("5000億ドル相当の鉱物資源", cat("5000億ドル相当の鉱物資源")),
    ("5000億ドルと50%", cat("5000億ドルと50%")),
    ("$500B and 50%", cat("$500b and 50%")),
    ("3 or 4", cat("3 or 4")),
    ("fell 5%", cat("fell 5%")),
    ("rose 5%", cat("rose 5%")),
    ("500 people attended", cat("500 people attended")),
    ("2025年3月1日に署名", cat("2025年3月1日に署名")),
    ("3日(土)に署名", cat("3日(土)に署名")),
]

FAILURES = [
    ("", "empty"),
    ("   ", "empty"),
    ("1,2", "decimal comma"),
    ("5,00", "decimal comma"),
    ("1234,567", "groups digits wrongly"),
    ("€1.500", "could be"),
    ("1 2", "does not read"),
    ("5 to 3", "backwards"),
    ("500億〜300億ドル", "backwards"),
    ("$5 EUR", "two units"),
    ("5人〜10件", "different units"),
    ("more than 5 or less", "both a lower and an upper"),
    ("more than 3-5", "bound word"),
    ("2025年2月30日", "February has no day 30"),
    ("2025-13-01", "no month 13"),
    ("1/3/2025", "ambiguous"),
    ("3/1/25", "ambiguous"),
    ("yesterday", "relative"),
    ("先週", "relative"),
    ("平成31年5月1日", "平成 ended"),
    ("3月1日", "no year"),
    ("9" * 100 + "兆", "too many digits"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_parse_value_table(raw, expected):
    v = parse_value(raw)
    assert v.raw == raw
    assert fields(v) == expected


@pytest.mark.parametrize(("raw", "reason"), FAILURES, ids=[f[0][:30] or "empty" for f in FAILURES])
def test_parse_value_refuses(raw, reason):
    with pytest.raises(ParseError) as info:
        parse_value(raw)
    message = str(info.value)
    assert f"'{raw}'" in message if len(raw) <= 60 else f"'{raw[:59]}…'" in message  # a long input, cut short
    assert reason in message


@pytest.mark.parametrize(("raw", "expected"), [c for c in CASES if c[1][0] == "quantity"][:60])
def test_canonical_text_round_trips_table(raw, expected):
    v = parse_value(raw)
    again = parse_value(canonical_text(v))
    assert fields(again) == expected


def test_same_quantity_values_compare_equal_apart_from_raw():
    a, b = parse_value("5000億ドル"), parse_value("$500B")
    assert (a.amount, a.unit, a.approx, a.lower, a.upper) == (b.amount, b.unit, b.approx, b.lower, b.upper)
    assert str(a.amount) == "500000000000"  # stored without an exponent


def test_categorical_keeps_raw_verbatim():
    raw = "  Former   President "
    v = parse_value(raw)
    assert v.kind == "categorical" and v.raw == raw and v.amount is None


def test_canonical_text_shapes():
    assert canonical_text(parse_value("約3,500億ドル以上")) == "at least 350000000000 USD"  # the bound decides
    assert canonical_text(parse_value("1000人弱")) == "nearly 1000人"
    assert canonical_text(parse_value("300〜500億ドル")) == "30000000000 to 50000000000 USD"
    assert canonical_text(parse_value("3人")) == "3人"
    assert canonical_text(parse_value("up to 30 days")) == "up to 30 days"
    with pytest.raises(ValueError):
        canonical_text(parse_value("signed"))


def test_fold():
    assert fold("  Former\u3000PRESIDENT\n") == "former president"
    assert fold("ＡＢＣ　ｄｅｆ") == "abc def"
    assert fold("Straße") == "strasse"
    assert fold("") == ""


def test_non_text_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_value(None)  # type: ignore[arg-type]


def test_parse_value_is_cached():
    assert parse_value("5000億ドル") is parse_value("5000億ドル")



@pytest.mark.parametrize(
    "value",
    [
        Value(kind="quantity", raw="", amount=D(5), lower=D(3)),
        Value(kind="quantity", raw="", amount=D(5), lower=D(3), upper=D(7)),
        Value(kind="quantity", raw=""),
    ],
)
def test_canonical_text_refuses_shapes_parse_value_never_makes(value):
    with pytest.raises(ValueError):
        canonical_text(value)


def test_any_run_of_number_words_reads_or_is_refused_cleanly():
    """Every short sequence of number words, scales and joiners gives a value
    or a ParseError, never another exception ("and a half million" once did)."""
    words = ["a", "an", "and", "half", "dozen", "hundred", "one", "twenty", "million", "percent", "people", "to", "-"]
    for k in (1, 2, 3):
        for combo in itertools.product(words, repeat=k):
            with contextlib.suppress(ParseError):
                parse_value(" ".join(combo))


def test_values_stay_frozen_records_built_by_keyword():
    from msgspec import structs

    from claimtrack.domain.model import DateValue

    value = Value(kind="quantity", raw="50%", amount=Decimal(50), unit="%")
    assert (value.approx, value.lower, value.start, value.relative_to) == (False, None, None, None)
    assert value == structs.replace(value) and hash(value) == hash(structs.replace(value))
    with pytest.raises(AttributeError, match="immutable"):
        value.amount = Decimal(1)  # type: ignore[misc]
    for bad in (lambda: Value("quantity", "50%"), lambda: Value(kind="quantity"),  # type: ignore[call-arg]
                lambda: Value(kind="quantity", raw="x", colour="red")):  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            bad()
    month = DateValue(date="2024-02", precision="month")
    assert (month.start, month.end) == ("2024-02-01", "2024-02-29")


def test_a_figure_beyond_eighty_digits_is_refused_not_rounded():
    for raw in ("1" * 81, "1" * 85 + "人", "$" + "9" * 82):
        with pytest.raises(ParseError, match="too many digits"):
            parse_value(raw)


@pytest.mark.parametrize(
    ("raw", "amount", "unit"),
    [("NZ$5", "5", "NZD"), ("New Zealand dollars 5", "5", "NZD"), ("US dollars 5", "5", "USD"),
     ("usd-5", "-5", "USD"), ("-$5", "-5", "USD"), ("▲¥300", "-300", "JPY"), ("C$ 1.5", "1.5", "CAD"),
     ("usd.5", "0.5", "USD"), ("米$20", "20", "USD")],
)
def test_a_currency_before_the_number(raw, amount, unit):
    v = parse_value(raw)
    assert (v.kind, v.amount, v.unit) == ("quantity", Decimal(amount), unit)


@pytest.mark.parametrize("raw", ["usdx 5", "US dollarsx 5", "yens 5"])
def test_a_currency_code_glued_to_a_word_is_no_currency(raw):
    assert parse_value(raw).kind == "categorical"
