"""Unit words: the shipped table, and a ledger's own aliases over it."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from claimtrack.domain.model import UnitAlias
from claimtrack.domain.units import WORDS, canonical
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
    """Record that ``alias.alias`` means ``alias.unit``.

    The unit may itself be a word the ledger knows (``visitors``): the alias
    then means that word's unit (``people``).
    """
    with atomic(conn):
        words = table(conn)
        alias = dataclasses.replace(alias, unit=canonical(alias.unit, words) or alias.unit)
        new_unit = alias.unit not in words.values()
        if words.get(alias.alias) == alias.unit:
            return AliasResult(alias=alias, changed=False, new_unit=new_unit)
        repo.put_unit_alias(conn, alias)
        return AliasResult(alias=alias, changed=True, new_unit=new_unit)


def table(conn: sqlite3.Connection) -> Mapping[str, str]:
    """Every unit word the ledger knows and the canonical unit it means."""
    own = repo.unit_aliases(conn)
    if not own:
        return WORDS
    return MappingProxyType({**WORDS, **{a.alias.lower(): a.unit for a in own}})
