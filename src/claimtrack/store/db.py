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


def connect(path: str | os.PathLike[str], *, create: bool = True, chosen_by: str = "--db") -> sqlite3.Connection:
    """Open and migrate the database at ``path``, creating it if ``create``.

    ``chosen_by`` names where the path came from (``--db``, ``CLAIMTRACK_DB``)
    so an error points at what the user should fix.
    """
    path = Path(path)
    memory = str(path) == ":memory:"
    if not memory:
        if path.is_dir():
            raise ClaimtrackError(f"{path} is a folder, not a database file", field=chosen_by)
        if not path.exists():
            if not create:
                raise ClaimtrackError(
                    f"no database at {path} yet: `claimtrack add`, `claimtrack import` or "
                    "`claimtrack sources add` creates it",
                    field=chosen_by,
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ClaimtrackError(f"cannot create {path.parent}: {exc.strerror}", field=chosen_by) from None
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not memory:
            conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL cannot corrupt the database; a power cut may
            # lose the last commits, and each command skips an fsync.
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        from claimtrack.store import migrations

        if not migrations.applied_names(conn):
            others = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )]
            if others:
                conn.close()
                raise ClaimtrackError(
                    f"{path} is an SQLite database of something else (tables: {', '.join(others[:5])}); "
                    "claimtrack keeps its claims in a file of its own",
                    field=chosen_by,
                )
        migrations.apply_pending(conn)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise ClaimtrackError(f"{path} is locked by another program; try again", field=chosen_by) from None
        raise ClaimtrackError(f"cannot open {path} ({exc})", field=chosen_by) from None
    except sqlite3.DatabaseError as exc:
        raise ClaimtrackError(f"{path} is not a claimtrack database ({exc})", field=chosen_by) from None
    except OSError as exc:
        raise ClaimtrackError(f"cannot open {path}: {exc.strerror}", field=chosen_by) from None
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
