"""A canonical text for any quantity, for tests that check parse_value reads it back.

``about`` marks approx; ``at least`` / ``up to`` a one-sided bound; ``X to Y``
a range; currencies are written as ISO codes after the number.
"""

from __future__ import annotations

import re
from decimal import Decimal

from claimtrack.domain.model import Value, decimal_str

# Currencies written with a decimal comma, where "1.234" would be ambiguous.
EUROPEAN_CURRENCIES = {"EUR", "RUB", "UAH", "PLN", "CZK", "SEK", "NOK", "DKK", "HUF", "RON"}
DOT_THOUSAND = re.compile(r"^-?[1-9][0-9]{0,2}\.[0-9]{3}$")


def _plain(d: Decimal, unit: str | None) -> str:
    text = decimal_str(d) or "0"
    if unit in EUROPEAN_CURRENCIES and DOT_THOUSAND.match(text):
        text += "0"  # 1.2340 EUR: 1.234 EUR would be refused as ambiguous
    return text


def _with_unit(number: str, unit: str | None) -> str:
    if unit is None:
        return number
    if unit == "%":
        return number + "%"
    if unit.isascii():
        return f"{number} {unit}"
    return number + unit


def canonical_text(v: Value) -> str:
    """Canonical text for a quantity that :func:`parse_value` must read back the same.

    ``about`` marks approx; ``at least`` / ``up to`` a one-sided bound,
    ``just over`` / ``nearly`` an approximate one; ``X to Y`` a range;
    currencies are written as ISO codes after the number.
    """
    if v.kind != "quantity":
        raise ValueError(f"canonical_text needs a quantity, not a {v.kind} value")
    head = "about " if v.approx else ""
    if v.lower is not None and v.upper is not None and v.amount is None:
        return head + _plain(v.lower, v.unit) + " to " + _with_unit(_plain(v.upper, v.unit), v.unit)
    if v.amount is None:
        raise ValueError("a quantity needs an amount or both bounds")
    if v.lower is not None and v.upper is not None:
        raise ValueError("a quantity with both bounds is a range and has no amount")
    if v.lower is not None:
        if v.lower != v.amount:
            raise ValueError("a lower bound is the amount itself")
        head = "just over " if v.approx else "at least "
    elif v.upper is not None:
        if v.upper != v.amount:
            raise ValueError("an upper bound is the amount itself")
        head = "nearly " if v.approx else "up to "
    return head + _with_unit(_plain(v.amount, v.unit), v.unit)
