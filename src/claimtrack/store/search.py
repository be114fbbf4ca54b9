"""The search index: SQLite FTS5 over each claim's text, quote, key, speaker and note.

``claims_fts`` is an FTS5 table with the ``trigram`` tokenizer: every run of
three characters is a term, so one index serves Japanese, which has no
spaces between words, and English alike, and any substring of three or more
characters is found through it. It is declared with ``content="claims"`` (written
with double quotes, the form Datasette looks for) so that Datasette finds it
and offers search on ``claims``; rows are the claims' ids.

What is indexed is each field in the form search compares (``searchable``:
claimtrack's comparison form, ``fold``, where full-width digits and letters
become ASCII and case is folded, without characters that cannot be seen), followed by
:data:`END`, two characters no folded query holds. ``END`` gives every
character of a field, even the last two and a field of one or two
characters, a term that *starts* with it: a query of one or two characters
is the set of terms that start with it, read from the index's own term list
(``fts5vocab``), so short queries are indexed too. Because the indexed text
is not the column's text, the index is never rebuilt with FTS5's ``rebuild``
(which would read the columns as they are): :func:`fill` writes it.

The store keeps it in step: each connection that can write gets a temporary
trigger (:func:`keep_in_step`), so every claim inserted by claimtrack is
indexed in the same transaction, and an import drops that trigger and
indexes its new claims in one pass at the end (``repo.deferred_indexes``):
FTS5 writes out its pending terms at every statement a trigger runs in, so
claim by claim costs several times one pass.
Claims are append-only, so rows are never updated or removed from the index.
Other programs that add claims (an older claimtrack, the sqlite3 shell) do
not index them; the next claimtrack command to open the ledger where it can
write finds its newest claim missing from the index and fills in what is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import lru_cache

from claimtrack.domain.text import searchable

TABLE = "claims_fts"
#: The indexed fields, in the index's column order.
COLUMNS = ("text", "quote", "key", "speaker", "note")
#: After each indexed field: see the module's docstring.
END = "\x01\x01"
#: How much each column weighs in the ranking (bm25): the claim's own words first.
#: A released index keeps the weights it was made with (its config holds them).
WEIGHTS = (4.0, 2.0, 1.0, 2.0, 1.0)
#: A query shorter than three characters matches the terms that start with it;
#: past this many, it is too common to mean anything and is refused.
MAX_SHORT_TERMS = 5000
#: How many segments of the index FTS5 merges at once (its ``automerge``; 4 by
#: default), set by a bulk load (:func:`resume`). Filling the index for 1M claims
#: took 30% less time at 8; searches of three characters or more took as long,
#: a search for one character that matches almost every claim about a fifth
#: longer (benchmarks/README.md).
MERGE_WIDTH = 8
#: How many of the newest matches a search ranks (see ``repo.search_claims``).
RANKED = 5_000
_FORM = "claimtrack_search_form"


def search_form(text: str | None) -> str | None:
    """What the index holds for a field: the form search compares
    (``text.searchable``), then :data:`END`."""
    if not text:
        return None
    return searchable(text) + END


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether this Python's SQLite has FTS5 (most builds do; a few leave it out)."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE probe USING fts5(a, tokenize='trigram')")
    except sqlite3.OperationalError:
        return False
    return True


def has_index(conn: sqlite3.Connection) -> bool:
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]
    ).fetchone() is not None


def create(conn: sqlite3.Connection) -> None:
    """Make the index and fill it with the claims there are (a migration)."""
    conn.execute(
        f'CREATE VIRTUAL TABLE {TABLE} USING fts5({", ".join(COLUMNS)}, content="claims", content_rowid="id", '
        "tokenize='trigram')"
    )
    # The ranking ORDER BY rank uses, kept in the index's config (Datasette's too).
    conn.execute(f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('rank', ?)",
                 [f"bm25({', '.join(map(str, WEIGHTS))})"])
    fill(conn)


def set_merge_width(conn: sqlite3.Connection) -> None:
    """Set :data:`MERGE_WIDTH`, kept in the index's config."""
    conn.execute(f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('automerge', ?)", [MERGE_WIDTH])


def _register(conn: sqlite3.Connection) -> None:
    conn.create_function(_FORM, 1, search_form, deterministic=True)


def fill(conn: sqlite3.Connection, *, bulk: bool = False) -> None:
    """Index every claim the index does not hold yet.

    The claims past the newest indexed one, in one statement; then, only if
    the counts still differ (an import recorded a claim under a free id
    below it), every claim not indexed. A few claims added to a large ledger
    cost two counts (about 10 ms at 1M claims when the file is in the
    page cache), not a lookup for every claim. ``bulk``: a bulk load's fill,
    which sets :data:`MERGE_WIDTH` first.
    """
    _register(conn)
    if bulk:  # after the function: SQLite will not replace it once FTS5 has been written to
        set_merge_width(conn)
    newest = conn.execute(f"SELECT coalesce(max(id), 0) FROM {TABLE}_docsize").fetchone()[0]
    _index(conn, "id > ?", [newest])
    counts = conn.execute(f"SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM {TABLE}_docsize)").fetchone()
    if counts[0] != counts[1]:
        _index(conn, f"NOT EXISTS (SELECT 1 FROM {TABLE}_docsize d WHERE d.id = claims.id)", [])


def _index(conn: sqlite3.Connection, where: str, parameters: list[int]) -> None:
    forms = ", ".join(f"{_FORM}({column})" for column in COLUMNS)
    conn.execute(
        f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) SELECT id, {forms} FROM claims WHERE {where} ORDER BY id",
        parameters,
    )


TRIGGER = "claims_search_index"


def keep_in_step(conn: sqlite3.Connection) -> None:
    """Index each claim this connection inserts, as it is inserted.

    A temporary trigger: it lives in this connection only, so another
    program opening the ledger never meets a function it does not have. A
    ledger last opened where SQLite had no FTS5 gets its index here.
    """
    if not has_index(conn):
        if not available():
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            if not has_index(conn):
                create(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    _register(conn)
    if _behind(conn):  # claims another program (an older claimtrack, the sqlite3 shell) added unindexed
        conn.execute("BEGIN IMMEDIATE")
        try:
            fill(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    forms = ", ".join(f"{_FORM}(NEW.{column})" for column in COLUMNS)
    conn.execute(
        f"CREATE TEMP TRIGGER IF NOT EXISTS {TRIGGER} AFTER INSERT ON main.claims BEGIN "
        f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) VALUES (NEW.id, {forms}); END"
    )


def _behind(conn: sqlite3.Connection) -> bool:
    """Whether the newest claim is missing from the index: two lookups of a
    largest key, cheap enough for every command that opens the ledger."""
    newest = conn.execute("SELECT max(id) FROM claims").fetchone()[0]
    return newest is not None and conn.execute(
        f"SELECT 1 FROM {TABLE}_docsize WHERE id = ?", [newest]
    ).fetchone() is None


def pause(conn: sqlite3.Connection) -> bool:
    """Stop indexing row by row (a bulk load); True if it was on."""
    on = conn.execute(
        "SELECT 1 FROM sqlite_temp_master WHERE type = 'trigger' AND name = ?", [TRIGGER]
    ).fetchone() is not None
    if on:
        conn.execute(f"DROP TRIGGER temp.{TRIGGER}")
    return on


def resume(conn: sqlite3.Connection) -> None:
    """Index what a bulk load added, merging :data:`MERGE_WIDTH` segments at a
    time from now on, and go on row by row."""
    fill(conn, bulk=True)
    keep_in_step(conn)


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def expression(conn: sqlite3.Connection, terms: Sequence[str]) -> str | None:
    """The FTS5 query for ``terms`` (each in comparison form), all of which
    must match; None when a short term is in no claim at all.

    A term of three characters or more is a phrase of its trigrams; a shorter
    one is any of the index's terms that start with it (see the module).
    Raises ValueError naming a short term too common to search by itself.
    """
    parts = []
    for term in terms:
        if len(term) >= 3:
            parts.append(_phrase(term))
            continue
        starting = _terms_starting(conn, term)
        if not starting:
            return None
        if len(starting) > MAX_SHORT_TERMS:
            raise ValueError(term)
        parts.append("(" + " OR ".join(map(_phrase, starting)) + ")")
    return " AND ".join(parts)


def _terms_starting(conn: sqlite3.Connection, prefix: str) -> list[str]:
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TABLE}_terms USING fts5vocab(main, {TABLE}, 'row')")
    rows = conn.execute(
        f"SELECT term FROM temp.{TABLE}_terms WHERE term >= ? AND term < ? LIMIT ?",
        [prefix, prefix + "\U0010ffff", MAX_SHORT_TERMS + 1],
    )
    return [row[0] for row in rows]
