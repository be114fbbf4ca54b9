"""Open the database: the only place a connection is made.

WAL journal, a busy timeout, foreign keys on, pending migrations applied.
sqlite-utils is imported only when migrations are pending, so a command that
is typed many times a day (``claimtrack add``) does not pay for it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimtrack.errors import ClaimtrackError

ENV_VAR = "CLAIMTRACK_DB"
BUSY_TIMEOUT_MS = 5000


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("claimtrack", appauthor=False) / "claims.db"


def resolve_path(explicit: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
    """Where the database lives, and why: ``--db``, ``CLAIMTRACK_DB`` or the default."""
    if explicit:
        return Path(explicit).expanduser(), "--db"
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser(), ENV_VAR
    return default_path(), "default"


def connect(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``."""
    path = Path(path)
    if str(path) != ":memory:":
        if path.is_dir():
            raise ClaimtrackError(f"{path} is a folder, not a database file", field="--db")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ClaimtrackError(f"cannot create {path.parent}: {exc.strerror}", field="--db") from None
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL cannot corrupt the database; a power cut may
            # lose the last commits, and each command skips an fsync.
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        raise ClaimtrackError(f"{path} is not a claimtrack database ({exc})", field="--db") from None
    from claimtrack.store import migrations

    try:
        migrations.apply_pending(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ClaimtrackError(f"{path} is not a claimtrack database ({exc})", field="--db") from None
    return conn


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing: a transaction, or a savepoint when one is already open.

    The same contract as sqlite-utils' ``Database.atomic()``, on the plain
    connection every command already holds.
    """
    if conn.in_transaction:
        name = f"claimtrack_{id(conn)}_{os.urandom(4).hex()}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
    else:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
