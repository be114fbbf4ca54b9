"""Exchange rates: the European Central Bank's, and the ones a ledger pins.

The ECB's reference rates since 1999 come with the ``currencyconverter``
package (no network). Loading them takes about half a second, so
:class:`EcbRates` loads them on the first lookup: a report whose keys never
mix currencies never pays for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from claimtrack.domain.model import RatePin
from claimtrack.domain.money import PinnedRates, Rate, RateSource
from claimtrack.store import repo
from claimtrack.store.db import atomic

__all__ = ["EcbRates", "pin", "pinned", "rate_source", "unpin"]


class EcbRates:
    """The ECB reference rate of a day: the one published that day, or the
    last one before it (none on weekends and holidays). No rate before a
    currency's first published day or after the shipped table's last: the
    report then says so rather than guess."""

    def __init__(self) -> None:
        self._converter: Any = None
        self._cache: dict[tuple[str, str, date | None], Rate | None] = {}

    def _load(self) -> Any:
        if self._converter is None:
            from currency_converter import CurrencyConverter

            self._converter = CurrencyConverter(
                fallback_on_missing_rate=True, fallback_on_missing_rate_method="last_known", decimal=True
            )
        return self._converter

    def rate(self, base: str, quote: str, day: date | None) -> Rate | None:
        key = (base, quote, day)
        if key not in self._cache:
            self._cache[key] = self._lookup(base, quote, day)
        return self._cache[key]

    def _lookup(self, base: str, quote: str, day: date | None) -> Rate | None:
        from currency_converter import RateNotFoundError

        converter = self._load()
        if base not in converter.currencies or quote not in converter.currencies:
            return None
        if day is None:
            day = min(converter.bounds[base].last_date, converter.bounds[quote].last_date)
        try:
            value = converter.convert(Decimal(1), base, quote, date=day)
        except (RateNotFoundError, ValueError, KeyError):
            return None
        return Rate(base=base, quote=quote, rate=Decimal(value), on=day.isoformat(), source="ECB")

    @property
    def last_day(self) -> date:
        """The last day the shipped table has rates for."""
        return max(b.last_date for b in self._load().bounds.values())


def as_rate(pin_: RatePin) -> Rate:
    return Rate(base=pin_.pair[:3], quote=pin_.pair[3:], rate=Decimal(pin_.rate), source="pinned")


def pinned(conn: sqlite3.Connection) -> list[RatePin]:
    return repo.rate_pins(conn)


def rate_source(conn: sqlite3.Connection, given: Iterable[Rate] = ()) -> RateSource:
    """Rates for a report: ``given`` (``--rate``) over the ledger's pins over the ECB's."""
    return PinnedRates.over(EcbRates(), given, map(as_rate, repo.rate_pins(conn)))


def pin(conn: sqlite3.Connection, pin_: RatePin) -> bool:
    """Pin a rate in the ledger (the one way in, for the command and for
    import); False when it was already pinned so. A pair has one pin: one
    the other way round is replaced."""
    with atomic(conn):
        reversed_ = repo.delete_rate_pin(conn, pin_.pair[3:] + pin_.pair[:3])
        return repo.put_rate_pin(conn, pin_) or reversed_


def unpin(conn: sqlite3.Connection, pair: str) -> str | None:
    """Remove the pinned rate of a pair (either way round): the pair as it
    was pinned, or None when there was none."""
    with atomic(conn):
        for held in (pair, pair[3:] + pair[:3]):
            if repo.delete_rate_pin(conn, held):
                return held
    return None
