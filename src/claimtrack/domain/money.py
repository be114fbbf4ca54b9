"""Exchange rates: how an amount in one currency is compared with another.

Pure: no I/O. The report converts an amount at the rate of its claim's date
and compares it with a band wide enough for rounded conversions
(``CheckConfig.fx_tolerance``). Where rates come from is a ``RateSource``:
the European Central Bank's reference rates (``services/rates.py``, loaded only
when a key mixes currencies), with the rates a user pins over them
(``--rate USDJPY=150``, or ``claimtrack rates pin`` in the ledger).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal, Protocol

from msgspec import Struct

__all__ = ["NO_RATES", "PinnedRates", "Rate", "RateSource", "is_currency", "parse_pin"]


def is_currency(unit: str | None) -> bool:
    """An ISO 4217 code, as the value parser writes currencies: ``USD``, ``JPY``."""
    return unit is not None and len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper()


class Rate(Struct, frozen=True):
    """``1 base = rate quote``; ``on`` the day it is the rate of (None for a
    pinned rate, which holds for every day)."""

    base: str
    quote: str
    rate: Decimal
    on: str | None = None
    source: Literal["ECB", "pinned"] = "ECB"

    def inverse(self) -> Rate:
        return Rate(base=self.quote, quote=self.base, rate=1 / self.rate, on=self.on, source=self.source)

    @property
    def pair(self) -> str:
        return self.base + self.quote

    def to_json(self) -> dict[str, str | None]:
        return {"pair": self.pair, "rate": str(self.rate), "on": self.on, "source": self.source}


class RateSource(Protocol):
    def rate(self, base: str, quote: str, day: date | None) -> Rate | None:
        """The rate from ``base`` to ``quote`` for ``day`` (None: the latest), or
        None when there is none."""
        ...


class _NoRates:
    def rate(self, base: str, quote: str, day: date | None) -> Rate | None:
        return None

    def __repr__(self) -> str:
        return "NO_RATES"


#: The default source: no rates at all, so amounts in different currencies are
#: not compared. The report passes the ECB's.
NO_RATES: RateSource = _NoRates()


class PinnedRates(Struct, frozen=True):
    """Rates a user fixed, for every day, over another source. A pin serves
    both directions: ``USDJPY=150`` is also ``JPYUSD=1/150``."""

    pins: tuple[Rate, ...] = ()
    fallback: RateSource = NO_RATES

    def rate(self, base: str, quote: str, day: date | None) -> Rate | None:
        for pin in self.pins:  # a handful: a scan is the simplest lookup
            if (pin.base, pin.quote) == (base, quote):
                return pin
            if (pin.quote, pin.base) == (base, quote):
                return pin.inverse()
        return self.fallback.rate(base, quote, day)

    @classmethod
    def over(cls, fallback: RateSource, *pin_groups: Iterable[Rate]) -> PinnedRates:
        """Pins over ``fallback``; an earlier group wins over a later one for the same pair."""
        seen: dict[frozenset[str], Rate] = {}
        for group in pin_groups:
            for pin in group:
                seen.setdefault(frozenset((pin.base, pin.quote)), pin)
        return cls(pins=tuple(seen.values()), fallback=fallback)


_PIN = re.compile(r"^\s*([A-Za-z]{3})\s*/?\s*([A-Za-z]{3})\s*=\s*(\S+)\s*$")


#: The smallest rate a pin may give (and the inverse, the largest): wider
#: than any pair of currencies, narrow enough to catch a typo like 1e999.
_LEAST_RATE = Decimal("1e-9")


def parse_pin(text: str) -> Rate:
    """``USDJPY=150`` (or ``USD/JPY=150``): one US dollar is 150 yen.

    Raises ValueError with a message that shows how to write one.
    """
    m = _PIN.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a rate; write it as USDJPY=150 (one USD is 150 JPY)")
    base, quote, number = m.group(1).upper(), m.group(2).upper(), m.group(3).replace(",", "")
    try:
        rate = Decimal(number)
    except InvalidOperation:
        rate = Decimal("NaN")
    if not rate.is_finite() or rate <= 0:
        raise ValueError(f"'{text}': the rate must be a positive number, as in USDJPY=150")
    if not _LEAST_RATE <= rate <= 1 / _LEAST_RATE:
        raise ValueError(f"'{text}': no two currencies are that far apart (a rate lies between 1e-9 and 1e9)")
    if base == quote:
        raise ValueError(f"'{text}': a rate converts one currency to another")
    return Rate(base=base, quote=quote, rate=rate, source="pinned")
