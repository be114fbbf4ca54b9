"""Property-based tests: free text never crashes the parsers; quantities round-trip."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canonical import canonical_text
from claimtrack.domain.dates import parse_date
from claimtrack.domain.model import Value
from claimtrack.domain.text import fold
from claimtrack.domain.values import parse_value
from claimtrack.errors import ParseError

SETTINGS = settings(max_examples=int(__import__("os").environ.get("CT_EXAMPLES", "300")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# pieces that make the parsers take their less common paths
PIECES = [
    "0", "1", "5", "9", "00", "000", ",", ".", "'", " ", "\u00a0", "-", "−", "–", "+", "~", "〜", "～",
    "%", "％", "$", "US$", "€", "£", "¥", "₽", "₴", "億", "兆", "万", "千", "百", "十", "五", "〇", "一",
    "割", "分", "厘", "半分", "half", "ドル", "円", "ユーロ", "dollars", "USD", "EUR", "Mio.", "Mrd",
    "k", "m", "B", "bn", "T", "million", "billion", "約", "about", "over", "up to", "以上", "未満",
    "程度", "から", "まで", "between", " and ", " to ", "年", "月", "日", "令和", "平成", "元", "(土)",
    "/", ":", "T", "Z", "March", "1st", "人", "days", "per", "yesterday", "公開日:", "\u3000", "a",
]

SOUP = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)


def _reads_or_refuses(text: str) -> None:
    try:
        v = parse_value(text)
    except ParseError:
        return
    assert isinstance(v, Value)
    assert v.raw == text
    assert v.kind in ("quantity", "date", "categorical")
    if v.kind == "quantity":
        if v.lower is not None and v.upper is not None:
            assert v.lower <= v.upper
        if v.amount is None:
            assert v.lower is not None and v.upper is not None
    if v.kind == "categorical":
        assert v.normalized == fold(text)


@SETTINGS
@given(st.text(max_size=40))
def test_any_text_parses_or_raises_parse_error(text):
    _reads_or_refuses(text)


@SETTINGS
@given(SOUP)
def test_quantity_like_soup_parses_or_raises_parse_error(text):
    _reads_or_refuses(text)


@SETTINGS
@given(st.one_of(st.text(max_size=30), SOUP))
def test_any_text_is_a_date_or_a_parse_error(text):
    try:
        d = parse_date(text)
    except ParseError:
        return
    assert d.precision in ("year", "month", "day")
    assert len(d.date) == {"year": 4, "month": 7, "day": 10}[d.precision]


UNITS = [None, "USD", "JPY", "EUR", "GBP", "RUB", "UAH", "CNY", "%", "人", "か国", "days", "people", "km"]

AMOUNTS = st.builds(
    lambda n, places: Decimal(n).scaleb(-places),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.integers(min_value=0, max_value=6),
)


@st.composite
def quantities(draw):
    unit = draw(st.sampled_from(UNITS))
    approx = draw(st.booleans())
    shape = draw(st.sampled_from(["point", "lower", "upper", "range"]))
    a = draw(AMOUNTS)
    if shape == "point":
        return Value(kind="quantity", raw="", amount=a, unit=unit, approx=approx)
    if shape == "lower":
        return Value(kind="quantity", raw="", amount=a, unit=unit, approx=approx, lower=a)
    if shape == "upper":
        return Value(kind="quantity", raw="", amount=a, unit=unit, approx=approx, upper=a)
    b = draw(AMOUNTS)
    lo, hi = min(a, b), max(a, b)
    return Value(kind="quantity", raw="", amount=None, unit=unit, approx=approx, lower=lo, upper=hi)


def _fields(v: Value):
    return (v.amount, v.unit, v.approx, v.lower, v.upper)


@SETTINGS
@given(quantities())
def test_canonical_text_round_trips(v):
    text = canonical_text(v)
    back = parse_value(text)
    assert back.kind == "quantity", text
    assert _fields(back) == _fields(v), text
    # the canonical text is a fixed point
    assert canonical_text(back) == text


FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
FULL_WIDTH[" "] = "\u3000"


def _to_full_width(text: str) -> str:
    return "".join(FULL_WIDTH.get(ch, ch) for ch in text)


SAMPLES = [
    "5000億ドル", "$500B", "US$0.5 trillion", "50%", "5割", "約5000億ドル", "3,500億ドル以上", "1.2兆円",
    "300〜500億ドル", "$300-500B", "between 3 and 5 million", "3人", "30 days", "up to 10%", "€1,2 Mio.",
    "2025年3月1日", "2025-02-28T15:00:00-05:00", "March 1, 2025", "令和7年3月1日", "公開日:2025/02/24",
    "signed", "前大統領", "5 000", "-5%", "£1.5bn",
]


@SETTINGS
@given(st.one_of(st.sampled_from(SAMPLES), quantities().map(canonical_text)))
def test_full_width_and_half_width_parse_the_same(text):
    half = parse_value(text)
    full = parse_value(_to_full_width(text))
    strip = lambda v: (v.kind, v.amount, v.unit, v.approx, v.lower, v.upper, v.date, v.precision, v.offset)  # noqa: E731
    assert strip(full) == strip(half)
    if half.kind == "categorical":
        assert full.normalized == half.normalized


@SETTINGS
@given(st.text(max_size=40))
def test_fold_is_idempotent(text):
    once = fold(text)
    assert fold(once) == once
    assert once == once.strip()
    assert "  " not in once
