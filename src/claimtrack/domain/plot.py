"""A key's figure as points to draw: where each claim sits in time and in one unit.

Pure: no I/O. :func:`plot` takes every claim of one key (set aside or not),
what became of them, the claims an open contradiction holds, and the
report's tolerances, unit words and exchange rates; ``render/chart.py``
draws the result. Nothing here decides how it looks.

Time (x)
    The time a claim speaks about: its ``as_of`` where given, else its date
    (``claimed_on``), as the span of days it covers (``2025-04`` is the whole
    month). An undated claim has no x.

Value (y)
    One series per key, in one unit. Each claim with a value counts towards
    its *family*: quantities by canonical unit (人 and visitors both count
    people; a bare number counts the unit when every named unit counts one
    thing, as the value rule assumes), every currency as one family (money),
    dates as one family. The family most claims belong to is drawn (a tie
    goes to the family of the earliest claim in timeline order); for money,
    the currency most claims use, and an amount in another currency is
    converted at the rate of its claim's date, as the report converts it.

    A point spans what its value allows: an exact amount is one number; an
    approximate one spans ``CheckConfig.approx_tolerance`` around it; a range
    spans its ends; a bound is open on its other side (``None``). A date value
    spans the days it covers, as day ordinals from the start of its first day
    to the end of its last (``low`` to ``high``, ``mid`` halfway).

    The series is chosen by the claims that still speak: claims superseded or
    marked wrong are drawn, but do not decide the unit.

Claims not placed
    A claim keeps its point whatever happens, with ``placed`` false and the
    reason in ``why``: no value, a denial (its figure is what it says did not
    happen), another unit or kind than the series, no exchange rate for its
    day, a value with no definite reading, or an amount too large to draw. The drawing shows them apart
    from the plot, so that every claim has a mark.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from claimtrack.domain import periods
from claimtrack.domain.diff import order_claims
from claimtrack.domain.intervals import CheckConfig, has_interval, quantity_interval
from claimtrack.domain.model import NOTHING_SET_ASIDE, Claim, Standing, Value
from claimtrack.domain.money import Rate, is_currency
from claimtrack.domain.rules import origin, rate_day
from claimtrack.domain.units import canonical, is_count

__all__ = ["Plot", "Point", "plot"]

SeriesKind = Literal["quantity", "date"]

#: Why a claim has no place on the value axis.
NO_VALUE = "no value"
DENIAL = "a denial"
UNREADABLE = "no definite reading"
TOO_LARGE = "too large to draw"
#: Amounts from here on are beyond what a drawing computes with (floating point).
_TOO_LARGE = Decimal("1e300")


@dataclass(frozen=True, slots=True)
class Point:
    """One claim as the chart places it."""

    claim: Claim
    #: First and last day (proleptic ordinals) of the time it speaks about;
    #: None when undated.
    days: tuple[int, int] | None
    #: Where the value sits in the series' unit (for a date series, a day's
    #: ordinal); None when the claim is not placed on the value axis.
    mid: Decimal | None = None
    #: The ends of what the value allows; None for an open side (a bound).
    low: Decimal | None = None
    high: Decimal | None = None
    approx: bool = False
    #: Why the claim has no value on this series ("" when it has one).
    why: str = ""
    #: The exchange rate its amount was converted with, if any.
    rate: Rate | None = None
    #: ``superseded by #12`` or ``marked wrong``: out of comparisons, drawn faded.
    set_aside: tuple[str, ...] = ()
    #: Held by a contradiction nobody has resolved.
    disputed: bool = False

    @property
    def placed(self) -> bool:
        """Both a time and a value: drawn in the plot itself."""
        return self.days is not None and self.mid is not None

    @property
    def origin(self) -> tuple[str, str | None]:
        return origin(self.claim)


@dataclass(frozen=True, slots=True)
class Plot:
    """A key's claims as points, in timeline order, on one series."""

    key: str
    kind: SeriesKind
    #: The canonical unit or currency of a quantity series (None: bare numbers
    #: or a date series).
    unit: str | None
    points: tuple[Point, ...]

    @property
    def worth_drawing(self) -> bool:
        """At least one point has a time and a value."""
        return any(p.placed for p in self.points)


def _days(claim: Claim) -> tuple[int, int] | None:
    for text in (claim.as_of, claim.claimed_on):
        if text:
            try:
                first, last = periods.span(text.strip())
            except ValueError:
                continue
            return first.toordinal(), last.toordinal()
    return None


def _family(value: Value, unit_of: dict[str | None, str | None]) -> str | None:
    """The series a value could join: ``date``, ``money``, or ``unit:`` and its
    canonical unit (``unit:`` alone for bare numbers); None when it has no reading."""
    if value.kind == "date" and value.date:
        return "date"
    if value.kind != "quantity" or not has_interval(value):
        return None
    unit = unit_of.get(value.unit, value.unit)
    if is_currency(unit):
        return "money"
    return "unit:" + (unit or "")


def _units(values: Iterable[Value], config: CheckConfig) -> dict[str | None, str | None]:
    """Each unit as written -> its canonical unit; a bare number takes the one
    counted unit when every named unit counts it (as :func:`rules.units_of`)."""
    written = {v.unit for v in values if v.kind == "quantity" and has_interval(v)}
    unit_of = {u: canonical(u, config.units) for u in written}
    named = {u for u in unit_of.values() if u is not None}
    if None in unit_of and len(named) == 1 and is_count(next(iter(named))):
        unit_of[None] = next(iter(named))
    return unit_of


def _span(value: Value, config: CheckConfig) -> tuple[Decimal, Decimal | None, Decimal | None] | None:
    """(mid, low, high) of a quantity; None when it has no definite reading."""
    if value.amount is not None and value.lower is None and value.upper is None:
        if not value.amount.is_finite():
            return None
        if not value.approx:
            return value.amount, value.amount, value.amount
    interval = quantity_interval(value, config)
    if interval is None:
        return None
    low, high = (end if end.is_finite() else None for end in interval)
    if value.amount is not None and value.amount.is_finite():
        return value.amount, low, high
    if low is not None and high is not None:
        return (low + high) / 2, low, high
    return None


def plot(
    key: str,
    claims: Iterable[Claim],
    config: CheckConfig = CheckConfig(),
    standing: Standing = NOTHING_SET_ASIDE,
    disputed: Collection[int] = (),
) -> Plot:
    """Place every claim of ``key``: see the module's docstring."""
    ordered = order_claims(claims)
    # The series is chosen by the claims that still speak: a figure set aside does not pick the unit.
    speaking = [c for c in ordered if c.value is not None and c.stance == "asserts"]
    speaking = [c for c in speaking if not standing.marks(c)] or speaking
    values = [c.value for c in speaking if c.value is not None]
    unit_of = _units([c.value for c in ordered if c.value is not None and c.stance == "asserts"], config)
    families = [f for v in values if (f := _family(v, unit_of)) is not None]
    counts = Counter(families)
    family = max(counts, key=lambda f: (counts[f], -families.index(f))) if counts else None
    currency = None
    if family == "money":
        codes = [unit_of.get(v.unit, v.unit) for v in values if _family(v, unit_of) == "money"]
        held = Counter(codes)
        currency = max(held, key=lambda u: (held[u], -codes.index(u)))
    kind: SeriesKind = "date" if family == "date" else "quantity"
    unit = currency if family == "money" else (family[5:] or None if family else None)
    points = [
        _point(c, family, currency, unit_of, config, standing, c.id in disputed) for c in ordered
    ]
    return Plot(key=key, kind=kind, unit=unit, points=tuple(points))


def _point(
    claim: Claim,
    family: str | None,
    currency: str | None,
    unit_of: dict[str | None, str | None],
    config: CheckConfig,
    standing: Standing,
    disputed: bool,
) -> Point:
    base = Point(claim=claim, days=_days(claim), set_aside=tuple(standing.marks(claim)), disputed=disputed)
    value = claim.value
    if value is None:
        return _apart(base, NO_VALUE)
    if claim.stance != "asserts":
        return _apart(base, DENIAL)
    own = _family(value, unit_of)
    if own is None and value.kind in ("quantity", "date"):
        return _apart(base, UNREADABLE)
    if own != family:
        return _apart(base, _other(value, unit_of))
    if family == "date":
        assert value.date is not None
        first, last = (Decimal(d.toordinal()) for d in periods.span(value.date))
        return _placed(base, (first + last + 1) / 2, first, last + 1, approx=False)
    reading = _span(value, config)
    if reading is None:
        return _apart(base, UNREADABLE)
    mid, low, high = reading
    if any(x is not None and abs(x) >= _TOO_LARGE for x in (mid, low, high)):
        return _apart(base, TOO_LARGE)
    code = unit_of.get(value.unit, value.unit)
    if family == "money" and code != currency:
        assert code is not None and currency is not None
        day = rate_day(claim)
        rate = config.rates.rate(code, currency, day)
        if rate is None:
            return _apart(base, f"no rate {code}→{currency} {day.isoformat() if day else 'latest'}")
        low, high = (None if x is None else x * rate.rate for x in (low, high))
        return _placed(base, mid * rate.rate, low, high, approx=value.approx, rate=rate)
    return _placed(base, mid, low, high, approx=value.approx)


def _other(value: Value, unit_of: dict[str | None, str | None]) -> str:
    if value.kind == "quantity":
        unit = unit_of.get(value.unit, value.unit)
        return f"another unit ({unit})" if unit else "a bare number"
    return f"a {value.kind} value" if value.kind != "date" else "a date"


def _apart(base: Point, why: str) -> Point:
    return dataclasses.replace(base, why=why)


def _placed(
    base: Point, mid: Decimal, low: Decimal | None, high: Decimal | None, *, approx: bool, rate: Rate | None = None
) -> Point:
    return dataclasses.replace(base, mid=mid, low=low, high=high, approx=approx, rate=rate)
