"""Immutable records: the vocabulary of DESIGN.md as dataclasses.

Nothing here imports storage, the CLI or rendering. ``to_json`` methods give
the JSON contract's shape; they are plain dicts so any renderer can use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from claimtrack.domain.text import fold

STANCES = ("asserts", "denies")
VALUE_KINDS = ("quantity", "date", "categorical")
PRECISIONS = ("year", "month", "day")
SOURCE_KINDS = ("outlet", "agency", "person", "government", "other")


def decimal_str(d: Decimal | None) -> str | None:
    """An exact decimal as a plain string: no exponent, no trailing zeros.

    ``Decimal("5E+11")`` -> ``"500000000000"``; ``Decimal("0.50")`` -> ``"0.5"``.
    """
    if d is None:
        return None
    if d == 0:
        return "0"
    # Formatting with "f" is exact at any length; normalize() would round to
    # the context's 28 digits.
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date at its precision, with the UTC offset if one was given.

    ``date`` is ISO at the precision: ``2025``, ``2025-03`` or ``2025-03-01``.
    ``offset`` is ``+09:00``-style or None.
    """

    date: str
    precision: str
    offset: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "precision": self.precision, "offset": self.offset}


@dataclass(frozen=True, slots=True)
class Value:
    """A claim's value: the raw text and its normalised reading.

    kind ``quantity``: ``amount`` (None for a pure range), ``unit`` (ISO 4217
    code, ``%`` or a plain unit word, None for a bare number), ``approx``,
    ``lower``/``upper`` bounds (None where open or not a bound).
    kind ``date``: ``date`` and ``precision`` (and ``offset``).
    kind ``categorical``: ``normalized`` is the comparison text.
    """

    kind: str
    raw: str
    amount: Decimal | None = None
    unit: str | None = None
    approx: bool = False
    lower: Decimal | None = None
    upper: Decimal | None = None
    date: str | None = None
    precision: str | None = None
    offset: str | None = None
    normalized: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "raw": self.raw,
            "amount": decimal_str(self.amount),
            "unit": self.unit,
            "approx": self.approx,
            "lower": decimal_str(self.lower),
            "upper": decimal_str(self.upper),
            "date": self.date,
            "precision": self.precision,
            "offset": self.offset,
            "normalized": self.normalized,
        }


def value_identity(value: Value | None) -> tuple[Any, ...] | None:
    """What makes two values the same value, whatever their wording.

    ``5000億ドル`` and ``$500B`` are one value (kind, unit, amount, approx and
    bounds agree); dates agree on date, precision and offset; categorical
    text agrees once folded (:func:`claimtrack.domain.text.fold`). A value
    that was never read (no amount, bounds or date) is its folded raw text.
    """
    if value is None:
        return None
    if value.kind == "quantity" and not (value.amount is None and value.lower is None and value.upper is None):
        return (value.kind, value.unit, value.amount, value.approx, value.lower, value.upper)
    if value.kind == "date" and value.date is not None:
        return (value.kind, value.date, value.precision, value.offset)
    if value.kind == "categorical":
        return (value.kind, fold(value.normalized or value.raw))
    return (value.kind, value.unit, fold(value.raw))


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    name: str
    kind: str = "outlet"
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    created_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "domains": list(self.domains),
            "created_at": self.created_at,
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement as it appeared. Immutable once recorded."""

    id: int
    key: str
    text: str
    source: str
    source_name: str
    stance: str = "asserts"
    speaker: str | None = None
    url: str | None = None
    claimed_on: str | None = None
    as_of: str | None = None
    value: Value | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)
    supersedes: int | None = None
    quote: str | None = None
    note: str | None = None
    lang: str | None = None
    recorded_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "text": self.text,
            "source": self.source,
            "source_name": self.source_name,
            "speaker": self.speaker,
            "url": self.url,
            "stance": self.stance,
            "claimed_on": self.claimed_on,
            "as_of": self.as_of,
            "value": self.value.to_json() if self.value else None,
            "qualifiers": dict(self.qualifiers),
            "supersedes": self.supersedes,
            "quote": self.quote,
            "note": self.note,
            "lang": self.lang,
            "recorded_at": self.recorded_at,
        }


# -- how values read ----------------------------------------------------------

MINUS = "\u2212"


def group_digits(text: str) -> str:
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, dot, frac = text.partition(".")
    return sign + f"{int(whole):,}" + dot + frac


def format_amount(d: Decimal) -> str:
    """``Decimal("5E+11")`` -> ``500,000,000,000``; a typographic minus for negatives."""
    text = group_digits(decimal_str(d) or "0")
    return text.replace("-", MINUS)


def is_currency_code(unit: str | None) -> bool:
    """An ISO 4217-style code, written before the number: ``USD 500``."""
    return unit is not None and len(unit) == 3 and unit.isalpha() and unit.isupper()


def with_unit(number: str, unit: str | None) -> str:
    if unit is None:
        return number
    if unit == "%":
        return number + "%"
    if is_currency_code(unit):
        return f"{unit} {number}"
    return f"{number} {unit}"


def reading(v: Value | None, *, unit: bool = True) -> str:
    """How claimtrack reads a value, as a person would say it: ``USD 500,000,000,000``,
    ``~50%``, ``≥ USD 350,000,000,000``, ``2025-03-01``. ``unit=False`` leaves the unit out."""
    if v is None:
        return "none"
    if v.kind == "quantity":
        u = v.unit if unit else None
        if v.amount is not None:
            number = with_unit(format_amount(v.amount), u)
            if v.lower == v.amount and v.upper is None:
                number = "≥ " + number
            elif v.upper == v.amount and v.lower is None:
                number = "≤ " + number
        elif v.lower is not None and v.upper is not None:
            number = with_unit(f"{format_amount(v.lower)}–{format_amount(v.upper)}", u)
        elif v.lower is not None:
            number = "≥ " + with_unit(format_amount(v.lower), u)
        elif v.upper is not None:
            number = "≤ " + with_unit(format_amount(v.upper), u)
        else:
            return v.raw
        return ("~" + number) if v.approx else number
    if v.kind == "date" and v.date:
        return v.date + (f" ({v.offset})" if v.offset else "")
    return v.raw


def describe_value(value: Value | None) -> str:
    """A value as written plus, where it adds something, its reading:
    ``5000億ドル (USD 500,000,000,000)``, ``令和7年3月1日 (2025-03-01)``."""
    if value is None:
        return ""
    text = reading(value)
    return value.raw if text in (value.raw, "none") else f"{value.raw} ({text})"
