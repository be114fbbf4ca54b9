"""Queries: the SQL of claimtrack, besides the migrations and two mirrors of
domain rules that live next to the Python they mirror (periods.FIRST_DAY_SQL,
intervals.could_conflict_sql).

Rows come back as domain records (``Claim``, ``Source``, ``Resolution``),
their columns derived from the records' fields; reads stream.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter, itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, get_args, get_type_hints

from msgspec import NODEFAULT, Struct, structs

from claimtrack.domain.model import (
    Claim,
    Decisions,
    RatePin,
    Resolution,
    Source,
    UnitAlias,
    Value,
    decimal_str,
    field_names,
    joined_fields,
)
from claimtrack.domain.periods import FIRST_DAY_SQL, Window
from claimtrack.store import chain, search
from claimtrack.store.db import damaged

if TYPE_CHECKING:  # the report's judging is imported where the report asks for candidates
    from claimtrack.domain.intervals import CheckConfig

# -- the shape of a stored claim, derived from the Claim record ---------------
#
# Every field of Claim is a column of the same name, except that ``source_name``
# is the source's own name (joined from ``sources``), ``value`` is one column
# per field of Value (``value_kind``, ``value_raw``, ...), and ``qualifiers``
# is JSON text. ``fingerprint`` is the store's own: see records.fingerprint.

_VALUE_FIELDS = field_names(Value)
_VALUE_COLUMNS = tuple(f"value_{name}" for name in _VALUE_FIELDS)
_PLAIN = tuple(
    name for name in field_names(Claim) if name not in joined_fields(Claim) and name not in ("value", "qualifiers")
)
_ID, _SOURCE = _PLAIN.index("id"), _PLAIN.index("source")


def _stored_as_is(hint: Any) -> bool:
    """Whether SQLite stores and returns a field of this type unchanged."""
    args = get_args(hint) if get_args(hint) else (hint,)
    return all(arg in (str, int, type(None)) or isinstance(arg, str) for arg in args)


# A claim field of another type (a Decimal, a bool, a tuple) needs a converter
# here, as the value's fields have; fail at once rather than store it wrongly.
for _name, _hint in get_type_hints(Claim).items():
    if _name in _PLAIN and not _stored_as_is(_hint):
        raise TypeError(f"store/repo.py has no column type for Claim.{_name} ({_hint}); add a converter")
_AT = {name: i for i, name in enumerate(_PLAIN)}
_plain = attrgetter(*_PLAIN)
CLAIM_COLUMNS = (*_PLAIN, *_VALUE_COLUMNS, "qualifiers", "fingerprint")
INSERT_CLAIM_SQL = "INSERT INTO claims ({}) VALUES ({})".format(
    ", ".join(CLAIM_COLUMNS), ", ".join("?" for _ in CLAIM_COLUMNS)
)
# A claim already recorded (same fingerprint) is skipped, not an error.
INSERT_NEW_CLAIM_SQL = INSERT_CLAIM_SQL + " ON CONFLICT (fingerprint) DO NOTHING"
# Indexes a bulk import may drop and rebuild in one sorted pass: building
# them after the rows are in costs far less than updating them row by row.
BULK_DEFERRED_INDEXES = ("claims_report", "claims_source")
# A claim whose source row is gone (deleted behind claimtrack's back) is still
# read, under its source id: damage is shown, never a claim silently dropped.
SELECT_CLAIMS = "SELECT {}, s.name, {}, c.qualifiers FROM claims c LEFT JOIN sources s ON s.id = c.source".format(
    ", ".join(f"c.{name}" for name in _PLAIN), ", ".join(f"c.{name}" for name in _VALUE_COLUMNS)
)
_VALUE_AT = len(_PLAIN) + 1
_QUALIFIERS_AT = _VALUE_AT + len(_VALUE_COLUMNS)

# How a Value's fields are written to and read from their columns.
_TO_SQL: dict[str, Callable[[Any], Any]] = {}
_FROM_SQL: dict[str, Callable[[Any], Any]] = {}
for _name, _hint in get_type_hints(Value).items():
    if Decimal in get_args(_hint):
        _TO_SQL[_name], _FROM_SQL[_name] = decimal_str, Decimal
    elif _hint is bool:
        _TO_SQL[_name], _FROM_SQL[_name] = int, bool


# A claim without a value: each column as the field's default writes it
# (``value_approx`` is 0, the rest NULL).
_NO_VALUE = tuple(
    _TO_SQL.get(f.name, lambda x: x)(f.default) if f.default not in (NODEFAULT, None) else None
    for f in structs.fields(Value)
)


@lru_cache(maxsize=65536)
def _value_columns(value: Value | None) -> tuple[Any, ...]:
    """The ``value_*`` columns of a value (values repeat, so this is cached)."""
    if value is None:
        return _NO_VALUE
    return tuple(
        _TO_SQL[name](getattr(value, name)) if name in _TO_SQL else getattr(value, name) for name in _VALUE_FIELDS
    )


# Values repeat across claims, but a report reads tens of thousands of rows:
# a small cache keeps the common ones without holding them all.
@lru_cache(maxsize=4096)
def _read_value(columns: tuple[Any, ...]) -> Value | None:
    """The value its columns hold; raises ValueError when they are damaged."""
    if columns[_VALUE_FIELDS.index("raw")] is None:
        return None
    try:
        return Value(**{
            name: _FROM_SQL[name](column) if name in _FROM_SQL and column is not None else column
            for name, column in zip(_VALUE_FIELDS, columns, strict=True)
        })
    except (ArithmeticError, TypeError) as exc:  # a column changed behind claimtrack's back
        raise ValueError(str(exc)) from None


def _value_of(columns: tuple[Any, ...], claim_id: Any = None) -> Value | None:
    try:
        return _read_value(columns)
    except ValueError:
        raw = str(columns[_VALUE_FIELDS.index("raw")])
        damaged("value", f"claim {claim_id}'s stored value is damaged; it is read as the text {raw[:40]!r}")
        return Value(kind="categorical", raw=raw, normalized=raw)


def claim_row(
    claim: Claim, *, source: str, fingerprint: bytes, assigned: Mapping[str, Any] = MappingProxyType({})
) -> tuple[Any, ...]:
    """The values of ``CLAIM_COLUMNS`` for a claim from ``source`` (an id).

    A draft's id (0) becomes NULL, for SQLite to assign. ``assigned`` holds
    what the ledger sets when it records (``recorded_at``, by field name):
    each fills its field where the draft leaves it empty.
    """
    plain = list(_plain(claim))
    plain[_ID] = claim.id or None
    plain[_SOURCE] = source
    for name, value in assigned.items():
        if not plain[_AT[name]]:
            plain[_AT[name]] = value
    qualifiers = json.dumps(claim.qualifiers, ensure_ascii=False, sort_keys=True) if claim.qualifiers else "{}"
    return (*plain, *_value_columns(claim.value), qualifiers, fingerprint)


def _claim_builder() -> Callable[[Sequence[Any], str, Value | None, dict[str, Any]], Claim]:
    """``build(row, source_name, value, qualifiers)``: the Claim of a row whose
    plain columns are read, one keyword argument each, straight from the row
    (no dict of them per claim: every read of thousands of claims pays it)."""
    plain = ", ".join(f"{name}=row[{at}]" for at, name in enumerate(_PLAIN))
    space: dict[str, Any] = {"Claim": Claim}
    exec(f"def build(row, source_name, value, qualifiers):\n"
         f"    return Claim({plain}, source_name=source_name, value=value, qualifiers=qualifiers)", space)
    return space["build"]


_build_claim = _claim_builder()


def claim_from_row(row: Sequence[Any]) -> Claim:
    """A Claim from a row of ``SELECT_CLAIMS``."""
    if bytes in map(type, row):  # a text column overwritten with a blob behind claimtrack's back
        row = list(row)
        for at, name in enumerate(_PLAIN):
            if isinstance(row[at], bytes):
                damaged("text", f"claim {row[_ID]}'s stored {name} is damaged; it is read as far as it goes")
                row[at] = row[at].decode("utf-8", "replace")
    source_name = row[len(_PLAIN)]
    if source_name is None:
        damaged("source", f"claim {row[_ID]} names source '{row[_SOURCE]}', which is missing from the ledger")
        source_name = row[_SOURCE]
    qualifiers = row[_QUALIFIERS_AT]
    try:
        held = json.loads(qualifiers) if qualifiers and qualifiers != "{}" else {}
    except ValueError:
        damaged("qualifiers", f"claim {row[_ID]}'s stored qualifiers are damaged; they are left out")
        held = {}
    value = _value_of(tuple(row[_VALUE_AT:_QUALIFIERS_AT]), row[_ID])
    return _build_claim(row, source_name, value, held if isinstance(held, dict) else {})


def _json_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A claim as export writes it, as its columns: the mirror of :func:`claim_row`
    for a claim already recorded."""
    value = record.get("value")
    values = _NO_VALUE if not isinstance(value, Mapping) else tuple(
        int(given) if isinstance(given := value.get(name), bool) else given for name in _VALUE_FIELDS
    )
    given = record.get("qualifiers")
    qualifiers = json.dumps(given, ensure_ascii=False, sort_keys=True) if given else "{}"
    return dict(zip(CLAIM_COLUMNS, (*(record.get(name) for name in _PLAIN), *values, qualifiers, None), strict=True))


def chain_values(conn: sqlite3.Connection, kind: chain.ChainKind) -> Callable[[Mapping[str, Any]], list[Any]]:
    """What a link covers, from a claim or decision as export writes it (for
    checking an export's links): its columns in this ledger's order."""
    names = chain.hashed_columns(conn, kind)

    def values(record: Mapping[str, Any]) -> list[Any]:
        columns = _json_row(record) if kind == "claim" else record
        return [columns.get(name) for name in names]

    return values


def insert_claim(conn: sqlite3.Connection, row: tuple[Any, ...]) -> int:
    """Insert one claim (a row of ``CLAIM_COLUMNS``) and link it into the chain."""
    rowid = conn.execute(INSERT_CLAIM_SQL, row).lastrowid
    assert rowid is not None  # an INSERT always sets it
    chain.append(conn, "claim", CLAIM_COLUMNS, (_with_id(row, rowid),))
    return rowid


def _with_id(row: tuple[Any, ...], claim_id: int) -> tuple[Any, ...]:
    return (*row[:_ID], claim_id, *row[_ID + 1:])


def insert_new_claims(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert many claims; return how many were new (repeats are skipped).

    They are linked into the chain only when all were new: the caller rolls
    back a batch that held a repeat and writes it claim by claim."""
    before = conn.execute("SELECT max(id) FROM claims").fetchone()[0] or 0
    added = conn.executemany(INSERT_NEW_CLAIM_SQL, rows).rowcount
    if added == len(rows):
        chain.append(conn, "claim", CLAIM_COLUMNS, _assigned(conn, rows, before))
    return added


def _assigned(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]], before: int) -> list[tuple[Any, ...]]:
    """The rows just inserted, each with the id SQLite gave it: one more than
    the largest before, row after row (unless the largest id was taken, when
    it picks at random: then each is read back by its uid)."""
    if all(row[_ID] is None for row in rows) and conn.execute(
        "SELECT max(id) FROM claims"
    ).fetchone()[0] == before + len(rows):
        return [_with_id(row, before + i) for i, row in enumerate(rows, start=1)]
    at = _PLAIN.index("uid")
    return [_with_id(row, claim_id_by(conn, "uid", row[at]) or 0) for row in rows]


#: Guards against writes from outside claimtrack that a bulk load, holding the
#: ledger's write lock in one transaction, needs not pay for on every row.
BULK_DEFERRED_TRIGGERS = ("claims_no_replace", "chain_no_replace")


@contextmanager
def deferred_indexes(conn: sqlite3.Connection, *, rebuild: bool = True) -> Iterator[None]:
    """Index the claims the block adds for search in one pass at the end; with
    ``rebuild``, also drop the bulk-deferrable indexes (and the replace guards)
    for the block and make them again after.

    Search is always deferred: SQLite's full-text index writes out what it
    holds at every statement a trigger runs in, so indexing claim by claim
    costs several times the one pass. Meant for use inside a transaction:
    no other connection can write while it lasts, and if the block fails,
    the rollback restores everything as it was.
    """
    names = (*BULK_DEFERRED_INDEXES, *BULK_DEFERRED_TRIGGERS) if rebuild else ()
    saved = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND name IN ({})".format(
            ", ".join("?" for _ in names)
        ),
        names,
    ).fetchall()
    for kind, name, _ in saved:
        conn.execute(f"DROP {kind.upper()} {name}")
    indexing = search.pause(conn)
    yield
    for _, _, sql in saved:
        conn.execute(sql)
    if indexing:  # the search index, in one pass over the new claims
        search.resume(conn)


def claim_id_by(conn: sqlite3.Connection, column: str, value: Any) -> int | None:
    """The id of the claim whose ``column`` (one of ``CLAIM_COLUMNS``) holds ``value``."""
    if column not in CLAIM_COLUMNS:
        raise ValueError(f"claims have no column {column!r}")
    row = conn.execute(f"SELECT id FROM claims WHERE {column} = ? LIMIT 1", [value]).fetchone()
    return row[0] if row else None


def claim_id_by_fingerprint(conn: sqlite3.Connection, fingerprint: bytes) -> int | None:
    row = conn.execute("SELECT id FROM claims WHERE fingerprint = ?", [fingerprint]).fetchone()
    return row[0] if row else None


def claim_uids(conn: sqlite3.Connection, ids: Set[int]) -> dict[int, str]:
    """The uids of these claims (those that exist)."""
    rows = conn.execute("SELECT id, uid FROM claims WHERE id IN (SELECT value FROM json_each(?))",
                        [json.dumps(sorted(ids))])
    return dict(rows.fetchall())


def claim_fingerprint(conn: sqlite3.Connection, claim_id: int) -> bytes | None:
    row = conn.execute("SELECT fingerprint FROM claims WHERE id = ?", [claim_id]).fetchone()
    return row[0] if row else None


def get_claim(conn: sqlite3.Connection, claim_id: int) -> Claim | None:
    row = conn.execute(SELECT_CLAIMS + " WHERE c.id = ?", [claim_id]).fetchone()
    return claim_from_row(row) if row else None


class ClaimFilter(Struct, frozen=True):
    """What `log`, `export` and `report` narrow claims by."""

    key_prefix: str | None = None
    source: str | None = None
    window: Window = Window()

    def where(self, alias: str = "c") -> tuple[str, list[Any]]:
        """A WHERE clause (or "") and its parameters, for a table named ``alias``."""
        p = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[Any] = []
        if self.key_prefix:
            prefix = self.key_prefix.rstrip("/")
            clauses.append(f"({p}key = ? OR {p}key >= ? AND {p}key < ?)")
            params += [prefix, prefix + "/", prefix + "0"]  # '0' sorts right after '/'
        if self.source:
            clauses.append(f"{p}source = ?")
            params.append(self.source)
        # The window's rule, in SQL: see claimtrack.domain.periods.
        first_day = FIRST_DAY_SQL.format(column=f"{p}claimed_on")
        if self.window.first_day:
            clauses.append(f"{first_day} >= ?")
            params.append(self.window.first_day)
        if self.window.last_day:
            clauses.append(f"{first_day} <= ?")
            params.append(self.window.last_day)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def iter_claims(
    conn: sqlite3.Connection,
    flt: ClaimFilter = ClaimFilter(),
    *,
    order: str = "id",
    limit: int | None = None,
) -> Iterator[Claim]:
    orders = {
        "id": "c.id",
        "newest": "c.claimed_on IS NULL, c.claimed_on DESC, c.recorded_at DESC, c.id DESC",
        "key": "c.key, c.claimed_on IS NULL, c.claimed_on, c.recorded_at, c.id",
    }
    where, params = flt.where()
    sql = SELECT_CLAIMS + where + " ORDER BY " + orders[order]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    for row in conn.execute(sql, params):
        yield claim_from_row(row)


def search_claims(conn: sqlite3.Connection, expression: str, flt: ClaimFilter, limit: int) -> list[Claim]:
    """The claims the search index matches with ``expression`` (an FTS5 query,
    see store/search.py) within ``flt``, best first (then newest).

    Ranking reads every match it ranks, so it is bounded: the newest
    ``search.RANKED`` matches within ``flt`` are ranked, older ones only
    when there are fewer (a term in half a million claims answers as fast as
    a rare one). Newest is by id: the order claims were recorded in.
    """
    where, params = flt.where()
    matches = f"SELECT rowid AS hit FROM {search.TABLE} WHERE {search.TABLE} MATCH ? ORDER BY rowid DESC"
    if where:
        matches = f"SELECT m.hit FROM ({matches}) m JOIN claims c ON c.id = m.hit{where}"
    cut = conn.execute(f"{matches} LIMIT 1 OFFSET ?", [expression, *params, search.RANKED - 1]).fetchone()
    sql = (f"WITH m(hit, score) AS (SELECT rowid, rank FROM {search.TABLE} WHERE {search.TABLE} MATCH ? "
           f"AND rowid >= ?) {SELECT_CLAIMS} JOIN m ON m.hit = c.id{where} ORDER BY m.score, c.id DESC LIMIT ?")
    return [claim_from_row(row) for row in conn.execute(sql, [expression, cut[0] if cut else 0, *params, limit])]


def claims_for_key(conn: sqlite3.Connection, key: str) -> list[Claim]:
    """The key's claims in the order they were recorded (by id).

    Sorted here, not by ``ORDER BY c.id``: SQLite finds the key's rows by an
    index in another order, and would copy every whole row into a sorter."""
    claims = [claim_from_row(row) for row in conn.execute(SELECT_CLAIMS + " WHERE c.key = ?", [key])]
    claims.sort(key=attrgetter("id"))
    return claims


def count_claims(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM claims").fetchone()[0]


def closest_keys(conn: sqlite3.Connection, key: str, n: int = 3) -> list[str]:
    import difflib

    keys = [row[0] for row in conn.execute("SELECT DISTINCT key FROM claims")]
    return difflib.get_close_matches(key, keys, n=n, cutoff=0.5)


# -- sources ---------------------------------------------------------------


# A source's scalar fields are the columns of ``sources``; its aliases live in
# ``source_names`` (with its own name, under the comparison form name_key) and
# its domains in ``source_domains``.
_SOURCE_COLUMNS = tuple(name for name in field_names(Source) if name not in ("aliases", "domains"))
_SELECT_SOURCES = f"SELECT {', '.join(_SOURCE_COLUMNS)} FROM sources"


def get_source(conn: sqlite3.Connection, source_id: str) -> Source | None:
    row = conn.execute(_SELECT_SOURCES + " WHERE id = ?", [source_id]).fetchone()
    if not row:
        return None
    return _source(conn, row)


def _source(conn: sqlite3.Connection, row: Sequence[Any]) -> Source:
    scalars = dict(zip(_SOURCE_COLUMNS, row, strict=True))
    aliases = tuple(
        r[0]
        for r in conn.execute(
            "SELECT name FROM source_names WHERE source_id = ? AND name != ? ORDER BY rowid",
            [scalars["id"], scalars["name"]],
        )
    )
    domains = tuple(
        r[0]
        for r in conn.execute(
            "SELECT domain FROM source_domains WHERE source_id = ? ORDER BY rowid", [scalars["id"]]
        )
    )
    return Source(**scalars, aliases=aliases, domains=domains)


def iter_sources(conn: sqlite3.Connection) -> Iterator[Source]:
    rows = conn.execute(_SELECT_SOURCES + " ORDER BY id").fetchall()
    for row in rows:
        yield _source(conn, row)


def source_claim_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT source, count(*) FROM claims GROUP BY source").fetchall())


def source_id_by_name_key(conn: sqlite3.Connection, name_key: str) -> str | None:
    row = conn.execute(
        "SELECT source_id FROM source_names WHERE name_key = ?", [name_key]
    ).fetchone()
    return row[0] if row else None


def source_id_by_domain(conn: sqlite3.Connection, domains: Sequence[str]) -> str | None:
    for domain in domains:
        row = conn.execute(
            "SELECT source_id FROM source_domains WHERE domain = ?", [domain]
        ).fetchone()
        if row:
            return row[0]
    return None


def all_source_names(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(name, name_key, source_id) for every name and alias."""
    return conn.execute("SELECT name, name_key, source_id FROM source_names").fetchall()


def source_exists(conn: sqlite3.Connection, source_id: str) -> bool:
    return conn.execute("SELECT 1 FROM sources WHERE id = ?", [source_id]).fetchone() is not None


def insert_source(conn: sqlite3.Connection, source: Source) -> None:
    """The source's own row; its names and domains are inserted one by one."""
    conn.execute(
        f"INSERT INTO sources ({', '.join(_SOURCE_COLUMNS)}) VALUES ({', '.join('?' for _ in _SOURCE_COLUMNS)})",
        [getattr(source, name) for name in _SOURCE_COLUMNS],
    )


def insert_source_name(conn: sqlite3.Connection, name_key: str, name: str, source_id: str) -> None:
    conn.execute(
        "INSERT INTO source_names (name_key, name, source_id) VALUES (?, ?, ?)",
        [name_key, name, source_id],
    )


def insert_source_domain(conn: sqlite3.Connection, domain: str, source_id: str) -> None:
    conn.execute(
        "INSERT INTO source_domains (domain, source_id) VALUES (?, ?)", [domain, source_id]
    )


def count_sources(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM sources").fetchone()[0]


# -- report and resolutions ---------------------------------------------------


def report_totals(conn: sqlite3.Connection, flt: ClaimFilter, set_aside: Set[int]) -> tuple[int, int, int]:
    """How many keys and claims the filter covers, and how many of those
    claims are among ``set_aside`` (ids of claims that exist)."""
    where, params = flt.where(alias="")
    keys, claims = conn.execute("SELECT count(DISTINCT key), count(*) FROM claims" + where, params).fetchone()
    if not where or not set_aside:
        return keys, claims, len(set_aside)
    within = "SELECT count(*) FROM claims WHERE id IN (SELECT value FROM json_each(?))"
    covered = conn.execute(within + where.replace(" WHERE ", " AND ", 1), [json.dumps(sorted(set_aside)), *params])
    return keys, claims, covered.fetchone()[0]


def report_candidates(conn: sqlite3.Connection, flt: ClaimFilter, config: CheckConfig) -> Iterator[Claim]:
    """Every claim of the keys that might conflict and have a claim in the
    filter's window, sorted by key then id, streamed.

    A key is judged on all its claims, wherever their dates fall: a new claim
    meets the older ones it contradicts. The inner GROUP BY runs over the
    covering index ``claims_report``, so the keys SQLite discards (see
    intervals.could_conflict_sql) are never read from the table itself.
    """
    keys = structs.replace(flt, window=Window())
    inner_where, inner_params = keys.where(alias="")
    outer_where, outer_params = keys.where(alias="c")
    from claimtrack.domain.intervals import could_conflict_sql  # only the report reads it

    having = could_conflict_sql(config)
    window_where, window_params = ClaimFilter(window=flt.window).where(alias="")
    if window_where:  # at least one claim of the key in the window
        having += " AND sum(CASE WHEN " + window_where.removeprefix(" WHERE ") + " THEN 1 ELSE 0 END) > 0"
    sql = (
        SELECT_CLAIMS
        + " WHERE c.key IN (SELECT key FROM claims" + inner_where + " GROUP BY key HAVING " + having + ")"
        + outer_where.replace(" WHERE ", " AND ", 1)
        + " ORDER BY c.key, c.id"
    )
    for row in conn.execute(sql, inner_params + window_params + outer_params):
        yield claim_from_row(row)


def corrections(conn: sqlite3.Connection, claim_id: int | None = None) -> dict[int, list[int]]:
    """Each superseded claim's id (or only ``claim_id``), with the ids of the
    claims that supersede it, oldest first."""
    found: dict[int, list[int]] = {}
    which = "= ?" if claim_id is not None else "IS NOT NULL"
    params = [claim_id] if claim_id is not None else []
    sql = f"SELECT supersedes, id FROM claims WHERE supersedes {which} ORDER BY id"
    for superseded, by in conn.execute(sql, params):
        found.setdefault(superseded, []).append(by)
    return found


_RESOLUTION_COLUMNS = field_names(Resolution)
_SELECT_RESOLUTIONS = f"SELECT {', '.join(_RESOLUTION_COLUMNS)} FROM resolutions"
#: Decisions in the order they were made; the uid breaks a tie, so that two
#: merged ledgers order their decisions alike whatever their local ids.
_DECISION_ORDER = " ORDER BY resolved_at, uid"


def _resolution(row: Sequence[Any]) -> Resolution:
    return Resolution(**dict(zip(_RESOLUTION_COLUMNS, row, strict=True)))


def orphans(conn: sqlite3.Connection, limit: int = 3) -> tuple[int, list[tuple[int, str]]]:
    """Claims whose source row is missing: how many, and the first few (id, source)."""
    missing = "FROM claims c LEFT JOIN sources s ON s.id = c.source WHERE s.id IS NULL"
    count = conn.execute(f"SELECT count(*) {missing}").fetchone()[0]
    return count, [(row[0], row[1]) for row in conn.execute(f"SELECT c.id, c.source {missing} ORDER BY c.id LIMIT ?",
                                                            [limit])]


def _replaced_once(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced, which must be there (a query built from another)."""
    if old not in text:
        raise AssertionError(f"{old!r} is not in the query it should change")
    return text.replace(old, new, 1)


def chained(conn: sqlite3.Connection) -> Iterator[tuple[bytes | None, Claim | Resolution]]:
    """Every claim and decision in the order the chain links them, each with
    its link's hash; then any record the chain does not link (written behind
    the tool's back), with None."""
    claims = conn.execute(
        "SELECT ch.seq, ch.hash, " + _replaced_once(
            SELECT_CLAIMS.removeprefix("SELECT "), " FROM claims c ", " FROM chain ch JOIN claims c ON c.uid = ch.uid "
        ) + " WHERE ch.kind = 'claim' ORDER BY ch.seq"
    )
    decisions = conn.execute(
        f"SELECT ch.seq, ch.hash, {', '.join('r.' + name for name in _RESOLUTION_COLUMNS)} "
        "FROM chain ch JOIN resolutions r ON r.uid = ch.uid WHERE ch.kind = 'decision' ORDER BY ch.seq"
    )
    linked: Iterator[tuple[int, bytes, Claim | Resolution]] = heapq.merge(
        ((seq, digest, claim_from_row(row)) for seq, digest, *row in claims),
        ((seq, digest, _resolution(row)) for seq, digest, *row in decisions),
        key=itemgetter(0),
    )
    counts = {"claims": 0, "resolutions": 0}
    for _, digest, record in linked:
        counts["claims" if isinstance(record, Claim) else "resolutions"] += 1
        yield digest, record
    unlinked = "uid NOT IN (SELECT uid FROM chain WHERE kind = ?) ORDER BY {}id"
    if counts["claims"] != count_claims(conn):
        for row in conn.execute(SELECT_CLAIMS + " WHERE c." + unlinked.format("c."), ["claim"]):
            yield None, claim_from_row(row)
    if counts["resolutions"] != conn.execute("SELECT count(*) FROM resolutions").fetchone()[0]:
        for row in conn.execute(_SELECT_RESOLUTIONS + " WHERE " + unlinked.format(""), ["decision"]):
            yield None, _resolution(row)


def decisions(conn: sqlite3.Connection, finding_id: str | None = None) -> Decisions:
    """Every decision about findings (or about one), oldest first. People make
    them by hand: they are few, and read whole."""
    where, params = (" WHERE finding_id = ?", [finding_id]) if finding_id is not None else ("", [])
    rows = conn.execute(_SELECT_RESOLUTIONS + where + _DECISION_ORDER, params)
    return Decisions(tuple(_resolution(row) for row in rows))


def resolution_uid_exists(conn: sqlite3.Connection, uid: str) -> bool:
    return conn.execute("SELECT 1 FROM resolutions WHERE uid = ?", [uid]).fetchone() is not None


def insert_resolution(conn: sqlite3.Connection, resolution: Resolution) -> int:
    """Insert one decision (its uid set) and link it into the chain."""
    assert resolution.uid, "a decision is recorded with its uid"
    row = [getattr(resolution, name) for name in _RESOLUTION_COLUMNS]
    cursor = conn.execute(
        f"INSERT INTO resolutions ({', '.join(_RESOLUTION_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in _RESOLUTION_COLUMNS)})",
        row,
    )
    chain.append(conn, "decision", _RESOLUTION_COLUMNS, (row,))
    return cursor.lastrowid or 0


# -- unit aliases and rate pins: small tables keyed by their first field ------

_UNIT_COLUMNS = field_names(UnitAlias)
_RATE_COLUMNS = field_names(RatePin)


def unit_aliases(conn: sqlite3.Connection) -> list[UnitAlias]:
    rows = conn.execute(f"SELECT {', '.join(_UNIT_COLUMNS)} FROM unit_aliases ORDER BY alias")
    return [UnitAlias(**dict(zip(_UNIT_COLUMNS, row, strict=True))) for row in rows]


def put_unit_alias(conn: sqlite3.Connection, alias: UnitAlias) -> bool:
    """Record (or change) a unit alias; False when it was already so."""
    return _put_keyed(conn, "unit_aliases", _UNIT_COLUMNS, alias)


def delete_unit_alias(conn: sqlite3.Connection, alias: str) -> bool:
    return conn.execute("DELETE FROM unit_aliases WHERE alias = ?", [alias]).rowcount > 0


def rate_pins(conn: sqlite3.Connection) -> list[RatePin]:
    rows = conn.execute(f"SELECT {', '.join(_RATE_COLUMNS)} FROM rate_pins ORDER BY pair")
    return [RatePin(**dict(zip(_RATE_COLUMNS, row, strict=True))) for row in rows]


def put_rate_pin(conn: sqlite3.Connection, pin: RatePin) -> bool:
    """Record (or change) a pinned rate; False when it was already so."""
    return _put_keyed(conn, "rate_pins", _RATE_COLUMNS, pin)


def delete_rate_pin(conn: sqlite3.Connection, pair: str) -> bool:
    return conn.execute("DELETE FROM rate_pins WHERE pair = ?", [pair]).rowcount > 0


def _put_keyed(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], record: Any) -> bool:
    """Insert or replace a row keyed by its first column; False when the row was already so."""
    values = [getattr(record, name) for name in columns]
    held = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {columns[0]} = ?", values[:1]).fetchone()
    if held is not None and list(held) == values:
        return False
    marks = ", ".join("?" for _ in columns)
    conn.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)
    return True
