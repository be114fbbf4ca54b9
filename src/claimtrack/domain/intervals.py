"""What a value allows: the interval of a quantity, the span of a date, and
their mirror in SQL.

Pure: no I/O. The value and date rules compare these intervals; the store
asks SQLite to set aside, before Python reads a row, every key whose claims
cannot hold a finding (:func:`could_conflict_sql`). That SQL is written here,
next to the Python it mirrors, and a randomized test checks that it never
drops a key the rules would flag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal

from claimtrack.domain import periods
from claimtrack.domain.model import Value
from claimtrack.domain.money import NO_RATES, RateSource
from claimtrack.domain.units import WORDS

__all__ = ["CheckConfig", "could_conflict_sql", "date_span", "has_interval", "quantity_interval"]

_INF = Decimal("Infinity")
_NEG_INF = Decimal("-Infinity")
_EXACT = Context(prec=400)


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Tolerances for the rules. Pass it in; there is no global setting.

    ``tolerance``: relative band around an exact quantity (0.005 = ±0.5%).
    ``approx_tolerance``: relative band around an approximate quantity.
    Bounds (以上, "up to", ranges) are taken as given, with no band.
    Each claim gets its own band and two claims agree when their bands
    overlap, so two exact values agree up to about twice ``tolerance`` apart.
    ``date_slack_days``: dates this many days apart or fewer may be one day
    seen from two time zones (said so in the finding).
    ``units``: unit words and the canonical unit each means (the shipped
    table of :mod:`claimtrack.domain.units`, with a ledger's own words over it).
    ``fx_tolerance``: relative band around an amount converted to another
    currency, for conversions rounded in the telling.
    ``rates``: where exchange rates come from (none by default; the report
    passes the ECB's, with pinned rates over them).
    ``window_days``: claims dated further apart than this speak about
    different times and are not compared.
    """

    tolerance: Decimal = Decimal("0.005")
    approx_tolerance: Decimal = Decimal("0.10")
    date_slack_days: int = 1
    units: Mapping[str, str] = field(default_factory=lambda: WORDS)
    fx_tolerance: Decimal = Decimal("0.15")
    rates: RateSource = NO_RATES
    window_days: int = 30

    def __post_init__(self) -> None:
        for name in ("tolerance", "approx_tolerance", "fx_tolerance"):
            given = getattr(self, name)
            if not isinstance(given, Decimal):
                object.__setattr__(self, name, Decimal(str(given)))
        if min(self.tolerance, self.approx_tolerance, self.fx_tolerance) < 0 or self.date_slack_days < 0:
            raise ValueError("tolerances must not be negative")
        if self.window_days < 0:
            raise ValueError("the window must not be negative")


def has_interval(value: Value) -> bool:
    """Whether :func:`quantity_interval` gives a quantity an interval: it has
    an amount or a bound."""
    return value.amount is not None or value.lower is not None or value.upper is not None


def quantity_interval(value: Value, config: CheckConfig = CheckConfig()) -> tuple[Decimal, Decimal] | None:
    """The closed interval a quantity allows, or None when it allows nothing definite.

    Bounds are taken as given, and an open side is infinite, except for an
    approximate bound (``nearly 2 million``, ``1000人弱``: an amount that is
    also its one bound), whose open side ends at ``config.approx_tolerance``
    from the amount. An exact amount gets ``config.tolerance`` on each side,
    an approximate one ``config.approx_tolerance``.
    """
    if not has_interval(value):
        return None
    if value.lower is not None or value.upper is not None:
        lo = value.lower if value.lower is not None else _NEG_INF
        hi = value.upper if value.upper is not None else _INF
        if value.approx and value.amount is not None and (value.lower is None) != (value.upper is None):
            band = _EXACT.multiply(value.amount.copy_abs(), config.approx_tolerance)
            if value.lower is None:
                lo = _EXACT.subtract(value.amount, band)
            else:
                hi = _EXACT.add(value.amount, band)
        return (lo, hi) if lo <= hi else (hi, lo)
    assert value.amount is not None
    rel = config.approx_tolerance if value.approx else config.tolerance
    # In _EXACT: amounts may carry more digits than the default context's 28.
    band = _EXACT.multiply(value.amount.copy_abs(), rel)
    return _EXACT.subtract(value.amount, band), _EXACT.add(value.amount, band)


def date_span(value: Value) -> tuple[int, int]:
    """First and last day (as proleptic ordinals) a date value covers at its precision.

    Raises ValueError for a value whose date is not an ISO date.
    """
    first, last = periods.span(value.date or "")
    return first.toordinal(), last.toordinal()


def could_conflict_sql(config: CheckConfig) -> str:
    """A HAVING clause over ``claims`` grouped by key that keeps only the keys
    whose claims might not all agree.

    Conservative: a key it keeps may still turn out consistent, but a key it
    drops cannot hold a finding, a time-zone note, a revision (its values
    never change) or claims not compared (its units, kinds and values agree,
    so different qualifiers hide no disagreement).

    Each quantity is the interval :func:`quantity_interval` gives it, in
    floating point. Intervals all overlap exactly when the highest lower end
    is not above the lowest upper end, so one pass of max() and min() per key
    decides; the comparison is shaded by far more than a float's rounding, so
    a key at the very edge is checked rather than dropped.
    """
    exact, approx = float(config.tolerance), float(config.approx_tolerance)
    amount = "CAST(value_amount AS REAL)"
    band = f"abs({amount}) * (CASE WHEN value_approx THEN {approx!r} ELSE {exact!r} END)"
    soft = "value_approx AND value_amount IS NOT NULL"  # an approximate bound: see quantity_interval
    lo = f"""CASE WHEN value_kind != 'quantity' THEN NULL
        WHEN value_lower IS NOT NULL THEN CAST(value_lower AS REAL)
        WHEN value_upper IS NOT NULL THEN (CASE WHEN {soft} THEN {amount} - {band} ELSE -1e308 END)
        ELSE {amount} - {band} END"""
    hi = f"""CASE WHEN value_kind != 'quantity' THEN NULL
        WHEN value_upper IS NOT NULL THEN CAST(value_upper AS REAL)
        WHEN value_lower IS NOT NULL THEN (CASE WHEN {soft} THEN {amount} + {band} ELSE 1e308 END)
        ELSE {amount} + {band} END"""
    # A quantity without a unit (a bare number) is a unit of its own here.
    units = "count(DISTINCT CASE WHEN value_kind = 'quantity' THEN coalesce(value_unit, '') END)"
    return f"""count(*) > 1 AND (
            count(DISTINCT stance) > 1
            OR count(DISTINCT value_kind) > 1
            OR {units} > 1
            OR count(DISTINCT value_normalized) > 1
            OR count(DISTINCT value_date) > 1
            OR max({lo}) > min({hi}) - abs(min({hi})) * 1e-9)"""
