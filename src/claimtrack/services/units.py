"""Unit words: the shipped table, and a ledger's own aliases over it."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from msgspec import structs

from claimtrack.domain.model import UnitAlias
from claimtrack.domain.money import is_currency
from claimtrack.domain.units import UNITS, WORDS
from claimtrack.domain.values import parse_value
from claimtrack.errors import ClaimtrackError, ParseError
from claimtrack.store import repo
from claimtrack.store.db import atomic


@dataclass(frozen=True, kw_only=True)
class AliasResult:
    alias: UnitAlias
    #: False when the word already meant that unit.
    changed: bool
    #: True when no other word means the unit yet: only the words aliased to
    #: it will be compared with it.
    new_unit: bool


def add_alias(conn: sqlite3.Connection, alias: UnitAlias) -> AliasResult:
    """Record that ``alias.alias`` means ``alias.unit``: the one way in, for
    the command and for import.

    Both are taken as the value parser reads them after a number (``ＦＡＮＳ``
    is ``fans``); a word the parser does not read as a unit is refused, since
    no claim could use it. The unit may itself be a word the ledger knows
    (``visitors``): the alias then means that word's unit (``people``). A
    word the ledger's own aliases point to (``fans`` -> ``spectators``, then
    ``spectators`` -> ``people``) takes them along. A unit the shipped table
    names (``people``) cannot become a word for another.
    """
    word = _unit_word(alias.alias)
    if word is None:
        raise ClaimtrackError(
            f"'{alias.alias}' is not read as a unit after a number, so no claim could use it "
            "(a unit is one word or counter: '100 guests', '100人')",
            field="alias",
        )
    if word in UNITS or word == "%" or is_currency(word):
        raise ClaimtrackError(
            f"'{alias.alias}' is already a unit ({word}); alias other words to it instead", field="alias"
        )
    with atomic(conn):
        words = table(conn)
        read = _unit_word(alias.unit)
        known = [words[w.lower()] for w in (alias.unit.strip(), read) if w and w.lower() in words]
        unit = known[0] if known else read or alias.unit.strip()
        alias = UnitAlias(alias=word, unit=unit)
        new_unit = unit not in words.values()
        changed = False
        for held in repo.unit_aliases(conn):
            if held.unit == word:  # a word that meant this one follows it
                changed |= repo.put_unit_alias(conn, structs.replace(held, unit=unit))
        if word == unit:  # the word stands for itself again (the target led back to it)
            changed |= repo.delete_unit_alias(conn, word)
        elif words.get(word) != unit:
            changed |= repo.put_unit_alias(conn, alias)
        return AliasResult(alias=alias, changed=changed, new_unit=new_unit)


def _unit_word(text: str) -> str | None:
    """``text`` as the value parser keeps a unit after a number, or None."""
    try:
        value = parse_value(f"1 {text.strip()}")
    except ParseError:
        return None
    return value.unit if value.kind == "quantity" and value.unit and value.amount == 1 else None


def table(conn: sqlite3.Connection) -> Mapping[str, str]:
    """Every unit word the ledger knows and the canonical unit it means."""
    own = repo.unit_aliases(conn)
    if not own:
        return WORDS
    return MappingProxyType({**WORDS, **{a.alias.lower(): a.unit for a in own}})
