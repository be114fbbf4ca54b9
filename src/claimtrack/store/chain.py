"""The ledger's hash chain: tamper evidence for claims and decisions.

Every claim and every decision, as it is written, appends a link to the
``chain`` table: its kind, its uid and a hash that covers the record's
stored columns and the link before it. Claims and decisions are
append-only under triggers; the chain shows whether a row was changed
behind the tool's back anyway (with the sqlite3 shell, after dropping the
triggers): ``verify`` recomputes each link from the row as it is now.

A record is hashed as JSON text: the list of its columns in the table's
own order, without the NULLs at its end and without what a link need not
cover: a claim's fingerprint (worked out from its other columns) and a
decision's local id (nothing points at it). A claim's id is covered:
corrections and decisions point at claims by id. That is exact for the
text and integers these rows hold and the same on every Python; and a
migration that adds a column (at the end, NULL in the rows before it)
leaves the links of those rows as they were. A column added to ``claims``
or ``resolutions`` must therefore default to NULL.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from claimtrack.domain.model import ChainBreak, ChainCheck, ChainKind

#: The link before the first.
GENESIS = bytes(32)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
TABLES: dict[ChainKind, str] = {"claim": "claims", "decision": "resolutions"}
#: Columns a link does not cover (see the module's docstring).
UNHASHED: dict[ChainKind, frozenset[str]] = {"claim": frozenset({"fingerprint"}), "decision": frozenset({"id"})}


def hashed_columns(conn: sqlite3.Connection, kind: ChainKind) -> tuple[str, ...]:
    """The columns a link of this kind covers, in the table's order."""
    rows = conn.execute(f"SELECT name FROM pragma_table_info('{TABLES[kind]}') ORDER BY cid")
    return tuple(name for (name,) in rows if name not in UNHASHED[kind])


def link(prev: bytes, kind: ChainKind, values: Sequence[Any]) -> bytes:
    """The hash of one record's link: its kind and hashed values (in
    ``hashed_columns`` order), after ``prev``."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    text = _ENCODE(values[:end]).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(prev + kind.encode("ascii") + b"\x00" + text, digest_size=32).digest()


def head(conn: sqlite3.Connection) -> bytes:
    """The hash of the last link (``GENESIS`` for an empty chain)."""
    row = conn.execute("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def append(conn: sqlite3.Connection, kind: ChainKind, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Link rows just written (their columns ``names``, which hold every
    hashed column), in order, after the chain's head, inside the caller's
    transaction."""
    pick = itemgetter(*(names.index(name) for name in hashed_columns(conn, kind)))
    at = names.index("uid")
    prev = head(conn)
    links = []
    for row in rows:
        prev = link(prev, kind, pick(row))
        links.append((kind, row[at], prev))
    conn.executemany("INSERT INTO chain (kind, uid, hash) VALUES (?, ?, ?)", links)


def verify(conn: sqlite3.Connection) -> ChainCheck:
    """Walk the chain in order and recompute each link from its record as
    stored now. Stops at the first link that does not hold; then checks that
    every record has a link."""
    counts: dict[ChainKind, int] = {"claim": 0, "decision": 0}
    prev = GENESIS

    def found(broken: ChainBreak | None) -> ChainCheck:
        return ChainCheck(counts["claim"], counts["decision"], prev, broken)

    selects = {
        kind: f"SELECT id, {', '.join(hashed_columns(conn, kind))} FROM {table} WHERE uid = ?"
        for kind, table in TABLES.items()
    }
    for seq, kind, uid, stored in _links(conn):
        row = conn.execute(selects[kind], [uid]).fetchone()
        if row is None:
            return found(ChainBreak(seq, kind, uid, None, "missing"))
        if link(prev, kind, row[1:]) != stored:
            return found(ChainBreak(seq, kind, uid, row[0], "changed"))
        counts[kind] += 1
        prev = stored
    for kind, table in TABLES.items():
        if conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == counts[kind]:
            continue
        row = conn.execute(
            f"SELECT id, uid FROM {table} WHERE uid NOT IN (SELECT uid FROM chain WHERE kind = ?) ORDER BY id LIMIT 1",
            [kind],
        ).fetchone()
        if row is not None:
            return found(ChainBreak(0, kind, row[1], row[0], "unlinked"))
    return found(None)


def _links(conn: sqlite3.Connection) -> Iterator[tuple[int, ChainKind, str, bytes]]:
    yield from conn.execute("SELECT seq, kind, uid, hash FROM chain ORDER BY seq")
