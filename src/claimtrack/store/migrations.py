"""Numbered schema migrations, applied in order when the database is opened.

They are registered with ``sqlite_utils.Migrations("claimtrack")``, which
records each in the ``_sqlite_migrations`` table and runs each in its own
transaction. A migration is never edited once released: a change to the
schema is a new step at the end of ``STEPS``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Migrations

MIGRATION_SET = "claimtrack"


def m001_ledger(db: Any) -> None:
    """Sources (with names, aliases and web domains) and append-only claims."""
    for sql in (
        """CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'outlet',
            created_at TEXT NOT NULL
        )""",
        # Every name a source answers to, its own name included, under the
        # comparison form (case, width and spacing ignored).
        """CREATE TABLE source_names (
            name_key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            source_id TEXT NOT NULL REFERENCES sources(id)
        )""",
        "CREATE INDEX source_names_source ON source_names(source_id)",
        """CREATE TABLE source_domains (
            domain TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id)
        )""",
        "CREATE INDEX source_domains_source ON source_domains(source_id)",
        """CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL REFERENCES sources(id),
            speaker TEXT,
            url TEXT,
            stance TEXT NOT NULL DEFAULT 'asserts' CHECK (stance IN ('asserts', 'denies')),
            claimed_on TEXT,
            as_of TEXT,
            value_raw TEXT,
            value_kind TEXT CHECK (value_kind IN ('quantity', 'date', 'categorical')),
            value_amount TEXT,
            value_unit TEXT,
            value_approx INTEGER NOT NULL DEFAULT 0,
            value_lower TEXT,
            value_upper TEXT,
            value_date TEXT,
            value_precision TEXT,
            value_offset TEXT,
            value_normalized TEXT,
            qualifiers TEXT NOT NULL DEFAULT '{}',
            supersedes INTEGER REFERENCES claims(id),
            quote TEXT,
            note TEXT,
            lang TEXT,
            recorded_at TEXT NOT NULL,
            -- 16-byte hash of key, source, text, claimed_on and url: the
            -- same claim recorded twice has the same fingerprint.
            fingerprint BLOB NOT NULL UNIQUE
        )""",
        "CREATE INDEX claims_source ON claims(source)",
        # Claims are append-only: a correction is a new claim that supersedes.
        """CREATE TRIGGER claims_no_update BEFORE UPDATE ON claims
           BEGIN SELECT RAISE(ABORT, 'claims are append-only: record a correction with --supersedes'); END""",
        """CREATE TRIGGER claims_no_delete BEFORE DELETE ON claims
           BEGIN SELECT RAISE(ABORT, 'claims are append-only: record a correction with --supersedes'); END""",
    ):
        db.execute(sql)


def m002_resolutions(db: Any) -> None:
    """Resolutions of contradictions: who decided what about a finding, and why."""
    for sql in (
        """CREATE TABLE resolutions (
            id INTEGER PRIMARY KEY,
            finding_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('explained', 'accepted', 'wrong-claim')),
            claim_id INTEGER REFERENCES claims(id),
            note TEXT NOT NULL,
            resolved_by TEXT,
            resolved_at TEXT NOT NULL
        )""",
        "CREATE INDEX resolutions_finding ON resolutions(finding_id)",
        "CREATE INDEX resolutions_claim ON resolutions(claim_id)",
    ):
        db.execute(sql)


def m003_report_index(db: Any) -> None:
    """An index that covers the report's scan: it groups claims by key and
    decides which keys could conflict without reading the table."""
    db.execute(
        """CREATE INDEX claims_report ON claims(
            key, stance, value_kind, value_unit, value_normalized, value_date,
            value_lower, value_upper, value_amount, value_approx, claimed_on
        )"""
    )


def m004_claim_uid(db: Any) -> None:
    """A uid for every claim, unique in the ledger: the identity that travels with
    it between ledgers. Claims recorded before get a random one now."""
    for sql in (
        "ALTER TABLE claims ADD COLUMN uid TEXT",
        "DROP TRIGGER claims_no_update",
        "UPDATE claims SET uid = lower(hex(randomblob(16)))",
        """CREATE TRIGGER claims_no_update BEFORE UPDATE ON claims
           BEGIN SELECT RAISE(ABORT, 'claims are append-only: record a correction with --supersedes'); END""",
        "CREATE UNIQUE INDEX claims_uid ON claims(uid)",
    ):
        db.execute(sql)


def m005_source_name_keys(db: Any) -> None:
    """Source names are compared under text.name_key, which now folds text as
    every other comparison does (NFKC, case folded, NFKC again): store each
    name's key under that form, so a name whose key changed still matches.
    A name whose new key another name already holds keeps its old key."""
    from claimtrack.domain.text import name_key

    rows = db.execute("SELECT name_key, name FROM source_names").fetchall()
    taken = {key for key, _ in rows}
    for old, name in rows:
        new = name_key(name)
        if new != old and new not in taken:
            db.execute("UPDATE source_names SET name_key = ? WHERE name_key = ?", [new, old])
            taken.add(new)


def m006_unit_aliases(db: Any) -> None:
    """A ledger's own unit words: 来場者 counts people."""
    db.execute("CREATE TABLE unit_aliases (alias TEXT PRIMARY KEY, unit TEXT NOT NULL)")


def m007_rate_pins(db: Any) -> None:
    """Exchange rates a ledger fixes: USDJPY 150."""
    db.execute("CREATE TABLE rate_pins (pair TEXT PRIMARY KEY, rate TEXT NOT NULL)")


def m008_supersedes_index(db: Any) -> None:
    """The corrections, indexed: every report reads which claims were
    superseded, and without it that is a scan of the whole table."""
    db.execute("CREATE INDEX claims_supersedes ON claims(supersedes) WHERE supersedes IS NOT NULL")


def m009_value_periods(db: Any) -> None:
    """Dates as periods: every date value has its first and last day
    (``value_start``, ``value_end``) and the day a relative date was read
    against; a figure keeps the conversion it was told with. Dates recorded
    before were days, months or years: their ends are worked out here."""
    for sql in (
        "ALTER TABLE claims ADD COLUMN value_conversion_amount TEXT",
        "ALTER TABLE claims ADD COLUMN value_conversion_unit TEXT",
        "ALTER TABLE claims ADD COLUMN value_start TEXT",
        "ALTER TABLE claims ADD COLUMN value_end TEXT",
        "ALTER TABLE claims ADD COLUMN value_relative_to TEXT",
        "DROP TRIGGER claims_no_update",
        """UPDATE claims SET
            value_start = substr(value_date || '-01-01', 1, 10),
            value_end = CASE length(value_date)
                WHEN 4 THEN value_date || '-12-31'
                WHEN 7 THEN date(value_date || '-01', '+1 month', '-1 day')
                ELSE value_date END
           WHERE value_kind = 'date' AND value_date IS NOT NULL""",
        """CREATE TRIGGER claims_no_update BEFORE UPDATE ON claims
           BEGIN SELECT RAISE(ABORT, 'claims are append-only: record a correction with --supersedes'); END""",
    ):
        db.execute(sql)


def m010_decision_history(db: Any) -> None:
    """Decisions with a history: a decision may reopen a finding (status
    ``reopened``), each decision has a uid that travels between ledgers as a
    claim's does, and decisions, like claims, are append-only. SQLite cannot
    change a CHECK constraint in place, so the table is rebuilt."""
    for sql in (
        """CREATE TABLE resolutions_new (
            id INTEGER PRIMARY KEY,
            finding_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('explained', 'accepted', 'wrong-claim', 'reopened')),
            claim_id INTEGER REFERENCES claims(id),
            note TEXT NOT NULL,
            resolved_by TEXT,
            resolved_at TEXT NOT NULL,
            uid TEXT NOT NULL UNIQUE
        )""",
        """INSERT INTO resolutions_new
           SELECT id, finding_id, status, claim_id, note, resolved_by, resolved_at, lower(hex(randomblob(16)))
           FROM resolutions ORDER BY id""",
        "DROP TABLE resolutions",
        "ALTER TABLE resolutions_new RENAME TO resolutions",
        "CREATE INDEX resolutions_finding ON resolutions(finding_id)",
        "CREATE INDEX resolutions_claim ON resolutions(claim_id)",
        """CREATE TRIGGER resolutions_no_update BEFORE UPDATE ON resolutions
           BEGIN SELECT RAISE(ABORT, 'decisions are append-only: record a new one with claimtrack resolve'); END""",
        """CREATE TRIGGER resolutions_no_delete BEFORE DELETE ON resolutions
           BEGIN SELECT RAISE(ABORT, 'decisions are append-only: record a new one with claimtrack resolve'); END""",
    ):
        db.execute(sql)


def m011_hash_chain(db: Any) -> None:
    """A hash chain over claims and decisions (see store/chain.py), append-only
    like them. The records written before are linked now: claims in id order,
    then decisions in id order."""
    from claimtrack.store.chain import GENESIS, TABLES, hashed_columns, link

    for sql in (
        """CREATE TABLE chain (
            seq INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('claim', 'decision')),
            uid TEXT NOT NULL,
            hash BLOB NOT NULL
        )""",
        """CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain
           BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END""",
        """CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain
           BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END""",
    ):
        db.execute(sql)
    prev = GENESIS
    for kind, table in TABLES.items():
        cursor = db.execute(f"SELECT uid, {', '.join(hashed_columns(db.conn, kind))} FROM {table} ORDER BY id")
        while rows := cursor.fetchmany(10_000):
            links = []
            for row in rows:
                prev = link(prev, kind, row[1:])
                links.append((kind, row[0], prev))
            db.conn.executemany("INSERT INTO chain (kind, uid, hash) VALUES (?, ?, ?)", links)


def m012_replace_guards(db: Any) -> None:
    """Append-only against ``INSERT OR REPLACE`` too, which deletes the row it
    replaces without firing its delete triggers; and sources, which claims
    name, kept from being deleted or renumbered while a claim names them."""
    replaced = "BEGIN SELECT RAISE(ABORT, '{} are append-only: {}'); END"
    for sql in (
        # By id only: one lookup of the primary key per insert, as cheap as a guard can be on
        # the import path. A row replaced through its uid or fingerprint instead is a row the
        # chain no longer finds: `claimtrack verify` names it.
        """CREATE TRIGGER claims_no_replace BEFORE INSERT ON claims
           WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM claims WHERE id = NEW.id)
           """ + replaced.format("claims", "record a correction with --supersedes"),
        """CREATE TRIGGER resolutions_no_replace BEFORE INSERT ON resolutions
           WHEN EXISTS (SELECT 1 FROM resolutions WHERE id = NEW.id)
             OR EXISTS (SELECT 1 FROM resolutions WHERE uid = NEW.uid)
           """ + replaced.format("decisions", "record a new one with claimtrack resolve"),
        """CREATE TRIGGER chain_no_replace BEFORE INSERT ON chain
           WHEN NEW.seq IS NOT NULL AND EXISTS (SELECT 1 FROM chain WHERE seq = NEW.seq)
           """ + replaced.format("links of the chain", "each is written once"),
        """CREATE TRIGGER sources_no_replace BEFORE INSERT ON sources
           WHEN EXISTS (SELECT 1 FROM sources WHERE id = NEW.id)
           BEGIN SELECT RAISE(ABORT, 'a source is registered once: add names with claimtrack sources add'); END""",
        """CREATE TRIGGER sources_kept BEFORE DELETE ON sources
           WHEN EXISTS (SELECT 1 FROM claims WHERE source = OLD.id)
           BEGIN SELECT RAISE(ABORT, 'claims name this source: it cannot be deleted'); END""",
        """CREATE TRIGGER sources_id_kept BEFORE UPDATE OF id ON sources
           BEGIN SELECT RAISE(ABORT, 'a source keeps its id: claims name it'); END""",
    ):
        db.execute(sql)


def m013_search_index(db: Any) -> None:
    """The search index (store/search.py), filled with the claims there are.
    Left out where SQLite has no FTS5: the ledger works, `search` says why it cannot."""
    from claimtrack.store import search

    if search.available():
        search.create(db.conn)


STEPS: list[tuple[str, Callable[[Any], None]]] = [
    ("m001_ledger", m001_ledger),
    ("m002_resolutions", m002_resolutions),
    ("m003_report_index", m003_report_index),
    ("m004_claim_uid", m004_claim_uid),
    ("m005_source_name_keys", m005_source_name_keys),
    ("m006_unit_aliases", m006_unit_aliases),
    ("m007_rate_pins", m007_rate_pins),
    ("m008_supersedes_index", m008_supersedes_index),
    ("m009_value_periods", m009_value_periods),
    ("m010_decision_history", m010_decision_history),
    ("m011_hash_chain", m011_hash_chain),
    ("m012_replace_guards", m012_replace_guards),
    ("m013_search_index", m013_search_index),
]


def applied_names(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [row[0] for row in rows]


def build(steps: list[tuple[str, Callable[[Any], None]]] | None = None) -> Migrations:
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, fn in steps if steps is not None else STEPS:
        migrations(name=name)(fn)
    return migrations


def apply_pending(
    conn: sqlite3.Connection, steps: list[tuple[str, Callable[[Any], None]]] | None = None
) -> list[str]:
    """Apply what is pending; return the names applied. Cheap when nothing is."""
    steps = steps if steps is not None else STEPS
    done = set(applied_names(conn))
    if all(name in done for name, _ in steps):
        return []
    from sqlite_utils import Database

    # One writer migrates: the others wait for the write lock, then find nothing left to do.
    # (Many first users of a new or older ledger at once used to collide: "table chain already exists".)
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = set(applied_names(conn))
        pending = [name for name, _ in steps if name not in done]
        build(steps).apply(Database(conn, execute_plugins=False))
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if not conn.in_transaction:
        raise RuntimeError("a migration ended the transaction it runs in")
    conn.execute("COMMIT")
    return pending
