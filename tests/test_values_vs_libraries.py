"""Agreement with price-parser and kanjize where they read the same input.

Both libraries are in the ``test`` extra, so these run in CI.
"""

from __future__ import annotations

from decimal import Decimal

import kanjize
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from price_parser import Price

from claimtrack.domain.kanji import kanji_int
from claimtrack.domain.values import parse_value

# price-parser reports the currency as written; these are the ISO codes we give
ISO = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP", "¥": "JPY",
       "円": "JPY", "₽": "RUB", "₴": "UAH"}

PRICES = [
    "$500", "$1,500.50", "$0.99", "$5,000.00", "$ 1 000", "US$ 20", "500 USD",
    "€1,2", "€0,99", "€ 12,50", "12,50 €", "2,5 €", "1.234,56 €", "€1,200", "EUR 1.234.567,89",
    "1 000 €", "99 EUR", "10€",
    "£10", "£1,000,000", "£ 3.50",
    "¥5000", "5,000円",
    "₽100", "100 ₽", "₴250",
]


@pytest.mark.parametrize("text", PRICES)
def test_agrees_with_price_parser(text):
    price = Price.fromstring(text)
    assert price.amount is not None and price.currency is not None  # the library reads it
    ours = parse_value(text)
    assert ours.kind == "quantity"
    assert ours.amount == price.amount
    assert ours.unit == ISO[price.currency]


def test_known_difference_with_price_parser():
    # price-parser reads a lone dot before three digits as grouping ($1.234 -> 1234);
    # here a lone dot is a decimal point, and in a European context it is refused.
    assert Price.fromstring("$1.234").amount == Decimal("1234")
    assert parse_value("$1.234").amount == Decimal("1.234")


KANJI = [
    "五千億", "一兆二千億", "三百", "二十五", "百万", "十億", "三千五百万", "一万", "九千九百九十九", "千",
    "一億二千三百四十五万六千七百八十九", "十一", "百一", "五十万", "二兆", "二〇二五", "七",
]


@pytest.mark.parametrize("text", KANJI)
def test_agrees_with_kanjize(text):
    v = parse_value(text)
    assert v.kind == "quantity" and v.unit is None
    assert v.amount == kanjize.kanji2number(text)


@pytest.mark.parametrize("text", ["五千億ドル", "一兆二千億円", "三百人", "五十万人"])
def test_agrees_with_kanjize_with_a_unit(text):
    number = text.rstrip("ドル円人")
    assert parse_value(text).amount == kanjize.kanji2number(number)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**16 - 1))
def test_reads_what_kanjize_writes(n):
    text = kanjize.number2kanji(n)
    assert parse_value(text).amount == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999))
def test_date_kanji_digits_agree_with_kanjize(n):
    text = kanjize.number2kanji(n)
    assert kanji_int(text) == kanjize.kanji2number(text) == n
