"""Units across languages: the words news uses for one unit, mapped to it.

Pure: no I/O. ``2820万人`` and ``18.2 million visitors`` count the same
thing; ``158の国・地域`` and ``158 countries and regions`` too. Each canonical
unit below lists the words (English singular and plural, Japanese counters)
that mean it; the value parser keeps a unit as written, and the rules compare
quantities by :func:`canonical`. A ledger adds its own words
(``claimtrack units alias 来場者数 people``), which win over this table.

Currency codes (``USD``) and ``%`` are their own canonical units.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from claimtrack.domain.money import is_currency

__all__ = ["UNITS", "WORDS", "canonical", "is_count"]

#: Canonical unit -> the words that mean it (compared lowercased).
UNITS: Mapping[str, tuple[str, ...]] = {
    "people": (
        "人", "名", "人々", "people", "person", "persons", "individuals", "visitors", "visitor", "residents",
        "resident", "participants", "attendees", "tourists", "passengers", "workers", "employees", "inhabitants",
        "来場者", "入場者", "参加者", "観光客", "住民",
    ),
    "countries": ("か国", "カ国", "ヶ国", "ヵ国", "ケ国", "国", "countries", "country", "nations", "nation"),
    "countries and regions": (
        "国・地域", "国と地域", "カ国・地域", "か国・地域", "ヶ国・地域", "countries and regions",
        "countries/regions", "countries and territories",
    ),
    "companies": ("社", "企業", "companies", "company", "firms", "firm"),
    "households": ("世帯", "households", "household"),
    "cases": ("件", "cases", "case", "incidents"),
    "seats": ("議席", "seats", "seat"),
    "votes": ("票", "votes", "vote"),
    "tonnes": ("トン", "t", "tonnes", "tonne", "tons", "ton", "metric tons"),
    "barrels": ("バレル", "barrels", "barrel", "bbl"),
    "kilometres": ("km", "キロメートル", "kilometres", "kilometre", "kilometers", "kilometer"),
    "kilograms": ("kg", "キログラム", "kilograms", "kilogram", "kilogrammes", "kilogramme"),
    "years": ("年", "年間", "years", "year"),
    "months": ("か月", "カ月", "ヶ月", "ヵ月", "months", "month"),
    "weeks": ("週", "週間", "weeks", "week"),
    "days": ("日", "日間", "days", "day"),
    "hours": ("時間", "hours", "hour"),
}

#: Every word of the table -> its canonical unit.
WORDS: Mapping[str, str] = MappingProxyType({word.lower(): unit for unit, words in UNITS.items() for word in words})


def canonical(unit: str | None, aliases: Mapping[str, str] = WORDS) -> str | None:
    """The canonical unit of a unit as the parser kept it (None stays None).

    ``aliases`` maps words to canonical units: the table, with a ledger's own
    words over it. A word in neither is its own unit.
    """
    if unit is None:
        return None
    return aliases.get(unit.lower(), unit)


def is_count(unit: str | None) -> bool:
    """A unit that counts things (people, countries), not money or a share."""
    return unit is not None and unit != "%" and not is_currency(unit)
