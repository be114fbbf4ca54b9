"""Queries: the only SQL in claimtrack besides the migrations.

Rows come back as domain records (``Claim``, ``Source``); reads stream.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from claimtrack.domain.periods import FIRST_DAY_SQL, Window
from claimtrack.domain.model import Claim, Source, Value, decimal_str

CLAIM_COLUMNS = (
    "id", "key", "text", "source", "speaker", "url", "stance", "claimed_on", "as_of",
    "value_raw", "value_kind", "value_amount", "value_unit", "value_approx", "value_lower",
    "value_upper", "value_date", "value_precision", "value_offset", "value_normalized",
    "qualifiers", "supersedes", "quote", "note", "lang", "recorded_at", "fingerprint",
)
INSERT_CLAIM_SQL = "INSERT INTO claims ({}) VALUES ({})".format(
    ", ".join(CLAIM_COLUMNS), ", ".join("?" for _ in CLAIM_COLUMNS)
)
# A claim already recorded (same fingerprint) is skipped, not an error.
INSERT_NEW_CLAIM_SQL = INSERT_CLAIM_SQL + " ON CONFLICT (fingerprint) DO NOTHING"
# Indexes a bulk import may drop and rebuild in one sorted pass: building
# them after the rows are in costs far less than updating them row by row.
BULK_DEFERRED_INDEXES = ("claims_report", "claims_source")
SELECT_CLAIMS = (
    "SELECT c.id, c.key, c.text, c.source, s.name, c.speaker, c.url, c.stance, c.claimed_on, "
    "c.as_of, c.value_raw, c.value_kind, c.value_amount, c.value_unit, c.value_approx, "
    "c.value_lower, c.value_upper, c.value_date, c.value_precision, c.value_offset, "
    "c.value_normalized, c.qualifiers, c.supersedes, c.quote, c.note, c.lang, c.recorded_at "
    "FROM claims c JOIN sources s ON s.id = c.source"
)


def _dec(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def claim_from_row(row: Sequence[Any]) -> Claim:
    (cid, key, text, source, source_name, speaker, url, stance, claimed_on, as_of, raw, kind,
     amount, unit, approx, lower, upper, vdate, precision, offset, normalized, qualifiers,
     supersedes, quote, note, lang, recorded_at) = row
    value = None
    if raw is not None:
        value = Value(
            kind=kind, raw=raw, amount=_dec(amount), unit=unit, approx=bool(approx),
            lower=_dec(lower), upper=_dec(upper), date=vdate, precision=precision,
            offset=offset, normalized=normalized,
        )
    return Claim(
        id=cid, key=key, text=text, source=source, source_name=source_name, stance=stance,
        speaker=speaker, url=url, claimed_on=claimed_on, as_of=as_of, value=value,
        qualifiers=json.loads(qualifiers) if qualifiers and qualifiers != "{}" else {}, supersedes=supersedes,
        quote=quote, note=note, lang=lang, recorded_at=recorded_at,
    )


@lru_cache(maxsize=65536)
def _value_columns(v: Value | None) -> tuple[Any, ...]:
    """The ``value_*`` columns of a value (values repeat, so this is cached)."""
    if v is None:
        return (None, None, None, None, 0, None, None, None, None, None, None)
    return (
        v.raw, v.kind, decimal_str(v.amount), v.unit, int(v.approx), decimal_str(v.lower),
        decimal_str(v.upper), v.date, v.precision, v.offset, v.normalized,
    )


def claim_row(
    id: int | None, key: str, text: str, source: str, speaker: str | None, url: str | None,
    stance: str, claimed_on: str | None, as_of: str | None, value: Value | None,
    qualifiers: dict[str, str], supersedes: int | None, quote: str | None, note: str | None,
    lang: str | None, recorded_at: str, fingerprint: bytes,
) -> tuple[Any, ...]:
    """The column values of ``CLAIM_COLUMNS`` for one claim."""
    return (
        id, key, text, source, speaker, url, stance, claimed_on, as_of, *_value_columns(value),
        json.dumps(qualifiers, ensure_ascii=False, sort_keys=True) if qualifiers else "{}",
        supersedes, quote, note, lang, recorded_at, fingerprint,
    )


def insert_claim(conn: sqlite3.Connection, row: tuple[Any, ...]) -> int:
    return conn.execute(INSERT_CLAIM_SQL, row).lastrowid  # type: ignore[return-value]


def insert_new_claims(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert many claims; return how many were new (repeats are skipped)."""
    return conn.executemany(INSERT_NEW_CLAIM_SQL, rows).rowcount


@contextmanager
def deferred_indexes(conn: sqlite3.Connection) -> Iterator[None]:
    """Drop the bulk-deferrable indexes for the block and rebuild them after.

    Meant for use inside a transaction: if the block fails, the rollback
    restores the indexes as they were.
    """
    saved = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims' AND name IN ({})".format(
            ", ".join("?" for _ in BULK_DEFERRED_INDEXES)
        ),
        BULK_DEFERRED_INDEXES,
    ).fetchall()
    for name, _ in saved:
        conn.execute(f"DROP INDEX {name}")
    yield
    for _, sql in saved:
        conn.execute(sql)


def claim_id_by_fingerprint(conn: sqlite3.Connection, fingerprint: bytes) -> int | None:
    row = conn.execute("SELECT id FROM claims WHERE fingerprint = ?", [fingerprint]).fetchone()
    return row[0] if row else None


def claim_fingerprint(conn: sqlite3.Connection, claim_id: int) -> bytes | None:
    row = conn.execute("SELECT fingerprint FROM claims WHERE id = ?", [claim_id]).fetchone()
    return row[0] if row else None


def get_claim(conn: sqlite3.Connection, claim_id: int) -> Claim | None:
    row = conn.execute(SELECT_CLAIMS + " WHERE c.id = ?", [claim_id]).fetchone()
    return claim_from_row(row) if row else None


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What `log`, `export` and `report` narrow claims by."""

    key_prefix: str | None = None
    source: str | None = None
    speaker: str | None = None
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
        if self.speaker:
            clauses.append(f"{p}speaker = ? COLLATE NOCASE")
            params.append(self.speaker)
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


def claims_for_key(conn: sqlite3.Connection, key: str) -> list[Claim]:
    return [claim_from_row(row) for row in conn.execute(SELECT_CLAIMS + " WHERE c.key = ? ORDER BY c.id", [key])]


def count_claims(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM claims").fetchone()[0]


def closest_keys(conn: sqlite3.Connection, key: str, n: int = 3) -> list[str]:
    import difflib

    keys = [row[0] for row in conn.execute("SELECT DISTINCT key FROM claims")]
    return difflib.get_close_matches(key, keys, n=n, cutoff=0.5)


# -- sources ---------------------------------------------------------------


def get_source(conn: sqlite3.Connection, source_id: str) -> Source | None:
    row = conn.execute(
        "SELECT id, name, kind, created_at FROM sources WHERE id = ?", [source_id]
    ).fetchone()
    if not row:
        return None
    return _source(conn, row)


def _source(conn: sqlite3.Connection, row: Sequence[Any]) -> Source:
    sid, name, kind, created_at = row
    aliases = tuple(
        r[0]
        for r in conn.execute(
            "SELECT name FROM source_names WHERE source_id = ? AND name != ? ORDER BY rowid",
            [sid, name],
        )
    )
    domains = tuple(
        r[0]
        for r in conn.execute(
            "SELECT domain FROM source_domains WHERE source_id = ? ORDER BY rowid", [sid]
        )
    )
    return Source(id=sid, name=name, kind=kind, aliases=aliases, domains=domains, created_at=created_at)


def iter_sources(conn: sqlite3.Connection) -> Iterator[Source]:
    rows = conn.execute("SELECT id, name, kind, created_at FROM sources ORDER BY id").fetchall()
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


def insert_source(conn: sqlite3.Connection, source_id: str, name: str, kind: str, created_at: str) -> None:
    conn.execute(
        "INSERT INTO sources (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
        [source_id, name, kind, created_at],
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


def report_totals(conn: sqlite3.Connection, flt: ClaimFilter) -> tuple[int, int]:
    """How many keys and claims the filter covers."""
    where, params = flt.where(alias="")
    keys, claims = conn.execute("SELECT count(DISTINCT key), count(*) FROM claims" + where, params).fetchone()
    return keys, claims


def _could_conflict(tolerance: float, approx_tolerance: float) -> str:
    """HAVING clause keeping only the keys whose claims might not all agree.

    Conservative: a key it keeps may still turn out consistent, but a key it
    drops cannot hold a finding, a time-zone note or mixed units.

    Each quantity is the interval the value rule gives it (a band around an
    exact or approximate amount, a bound as given, a range). Intervals all
    overlap exactly when the highest lower end is not above the lowest upper
    end, so one pass of max() and min() per key decides; the comparison is
    shaded by far more than a float's rounding, so a key at the very edge is
    checked rather than dropped.
    """
    amount = "CAST(value_amount AS REAL)"
    band = f"abs({amount}) * (CASE WHEN value_approx THEN {approx_tolerance!r} ELSE {tolerance!r} END)"
    lo = f"""CASE WHEN value_kind != 'quantity' THEN NULL
        WHEN value_lower IS NOT NULL THEN CAST(value_lower AS REAL)
        WHEN value_upper IS NOT NULL THEN -1e308
        ELSE {amount} - {band} END"""
    hi = f"""CASE WHEN value_kind != 'quantity' THEN NULL
        WHEN value_upper IS NOT NULL THEN CAST(value_upper AS REAL)
        WHEN value_lower IS NOT NULL THEN 1e308
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


def report_candidates(
    conn: sqlite3.Connection, flt: ClaimFilter, tolerance: float, approx_tolerance: float
) -> Iterator[Claim]:
    """Claims of the keys that might conflict, sorted by key then id, streamed.

    The inner GROUP BY runs over the covering index ``claims_report``, so the
    keys SQLite discards are never read from the table itself.
    """
    having = _could_conflict(tolerance, approx_tolerance)
    inner_where, inner_params = flt.where(alias="")
    outer_where, outer_params = flt.where(alias="c")
    sql = (
        SELECT_CLAIMS
        + " WHERE c.key IN (SELECT key FROM claims" + inner_where + " GROUP BY key HAVING " + having + ")"
        + outer_where.replace(" WHERE ", " AND ", 1)
        + " ORDER BY c.key, c.id"
    )
    for row in conn.execute(sql, inner_params + outer_params):
        yield claim_from_row(row)


def superseded_ids(conn: sqlite3.Connection) -> set[int]:
    return {row[0] for row in conn.execute("SELECT DISTINCT supersedes FROM claims WHERE supersedes IS NOT NULL")}


def resolutions_by_finding(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Each resolved finding's (first) resolution: status, claim, note, who, when."""
    out: dict[str, dict[str, Any]] = {}
    for row in iter_resolutions(conn):
        out.setdefault(row.pop("finding_id"), row)
    return out


def wrong_claim_ids(conn: sqlite3.Connection) -> set[int]:
    return {
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT claim_id FROM resolutions WHERE status = 'wrong-claim' AND claim_id IS NOT NULL"
        )
    }


def resolution_of(conn: sqlite3.Connection, finding_id: str) -> tuple[str, str, str | None, str] | None:
    """(status, resolved_at, resolved_by, note) of a finding's resolution, if any."""
    return conn.execute(
        "SELECT status, resolved_at, resolved_by, note FROM resolutions WHERE finding_id = ? ORDER BY id LIMIT 1",
        [finding_id],
    ).fetchone()


def wrong_claim_resolutions(conn: sqlite3.Connection, claim_id: int) -> list[dict[str, Any]]:
    """The resolutions that marked this claim wrong, oldest first."""
    rows = conn.execute(
        "SELECT finding_id, note, resolved_by, resolved_at FROM resolutions "
        "WHERE claim_id = ? AND status = 'wrong-claim' ORDER BY id",
        [claim_id],
    )
    return [dict(zip(("finding_id", "note", "resolved_by", "resolved_at"), row, strict=True)) for row in rows]


def iter_resolutions(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    columns = ("finding_id", "status", "claim_id", "note", "resolved_by", "resolved_at")
    for row in conn.execute(f"SELECT {', '.join(columns)} FROM resolutions ORDER BY id"):
        yield dict(zip(columns, row, strict=True))


def insert_resolution(
    conn: sqlite3.Connection, finding_id: str, status: str, claim_id: int | None, note: str,
    resolved_by: str | None, resolved_at: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO resolutions (finding_id, status, claim_id, note, resolved_by, resolved_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [finding_id, status, claim_id, note, resolved_by, resolved_at],
    )
    return cursor.lastrowid or 0
