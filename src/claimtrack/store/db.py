"""Open the database: the only place a connection is made.

WAL journal, a busy timeout, foreign keys on, pending migrations applied.
sqlite-utils is imported only when migrations are pending, so a command that
is typed many times a day (``claimtrack add``) does not pay for it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimtrack.errors import ClaimtrackError

ENV_VAR = "CLAIMTRACK_DB"
TIMEOUT_VAR = "CLAIMTRACK_TIMEOUT"
#: Seconds a command waits for another that is writing (a long import holds the ledger for a while).
BUSY_TIMEOUT = 30.0


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


#: ``--timeout`` as given to the command running (None: not given).
given_timeout: float | None = None


def busy_timeout() -> float:
    """How long, in seconds, a command waits for another one writing to the
    ledger: ``--timeout``, else ``CLAIMTRACK_TIMEOUT``, else BUSY_TIMEOUT seconds."""
    if given_timeout is not None:  # the option's parser has kept it within 0 to 86400
        return given_timeout
    given = os.environ.get(TIMEOUT_VAR, "").strip()
    try:
        seconds = float(given) if given else BUSY_TIMEOUT
    except ValueError:
        raise ClaimtrackError(f"'{given}' is not a number of seconds", field=TIMEOUT_VAR) from None
    if not 0 <= seconds <= 86_400:
        raise ClaimtrackError(f"{given} seconds: give from 0 to 86400", field=TIMEOUT_VAR)
    return seconds


#: The ledgers this process created, and their connections: a command that
#: fails before writing anything leaves no empty ledger behind (see discard_new).
_CREATED: dict[Path, sqlite3.Connection] = {}
#: The folders made for a new ledger, deepest first: removed with it when it is discarded.
_FOLDERS: dict[Path, list[Path]] = {}
#: The ledger this process opened last: what an error about a busy or damaged database names.
opened: Path | None = None


def connect(path: str | os.PathLike[str], *, create: bool = True, chosen_by: str = "--db") -> sqlite3.Connection:
    """Open and migrate the database at ``path``, creating it if ``create``.

    Looks before changing: a file that is not a ledger (another program's
    SQLite database, or not SQLite at all) is refused before any setting that
    persists (WAL) is made, and an empty file is a ledger only for a command
    that records something. A ledger that cannot be written (a read-only
    folder or file system) is opened read-only for a command that only
    reads. ``chosen_by`` names where the path came from (``--db``,
    ``CLAIMTRACK_DB``) so an error points at what the user should fix.
    """
    path = Path(path)
    memory = str(path) == ":memory:"
    new = False
    _WARNED.clear()
    if not memory:
        if path.is_dir():
            raise ClaimtrackError(f"{path} is a folder, not a database file", field=chosen_by)
        new = not path.exists() or path.stat().st_size == 0
        if new:  # a mark left by a ledger that is gone says nothing about the one made here
            damage_mark(path).unlink(missing_ok=True)
        if new and not create:
            raise ClaimtrackError(
                f"no database at {path} yet: `claimtrack add`, `claimtrack import` or "
                "`claimtrack sources add` creates it",
                field=chosen_by,
            )
        if not path.exists():
            folders = [p for p in (path.parent, *path.parent.parents) if not p.exists()]  # deepest first
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                _FOLDERS[path] = folders
            except OSError as exc:
                raise ClaimtrackError(f"cannot create {path.parent}: {exc.strerror}", field=chosen_by) from None
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=busy_timeout())
        try:
            _mine(conn, path, chosen_by, create)
        except sqlite3.OperationalError as exc:
            if create or not _read_only(exc):
                raise
            conn.close()
            return _read_only_connection(path, chosen_by)
        if not memory:
            _turn_to_wal(conn)
            # In WAL mode NORMAL cannot corrupt the database; a power cut may
            # lose the last commits, and each command skips an fsync.
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        from claimtrack.store import migrations

        migrations.apply_pending(conn)
        from claimtrack.store import search

        if not memory and damage_mark(path).exists():  # found damaged: read what can be read, write nothing
            conn.execute("PRAGMA query_only = ON")
        else:
            search.keep_in_step(conn)
    except sqlite3.OperationalError as exc:
        if not create and _read_only(exc):
            return _read_only_connection(path, chosen_by)
        if locked(exc):
            raise ClaimtrackError(busy(path), field=chosen_by) from None
        if _read_only(exc):
            raise ClaimtrackError(f"{path} cannot be written here ({exc}): check the permissions of the file and "
                                  "its folder, and the free space on its disk; commands that only read work",
                                  field=chosen_by) from None
        raise ClaimtrackError(f"cannot open {path} ({exc})", field=chosen_by) from None
    except sqlite3.DatabaseError as exc:
        raise ClaimtrackError(f"{path} is not a claimtrack database ({exc})", field=chosen_by) from None
    except OSError as exc:
        raise ClaimtrackError(f"cannot open {path}: {exc.strerror}", field=chosen_by) from None
    if new:
        _CREATED[path] = conn
    global opened
    opened = path
    return conn


def _turn_to_wal(conn: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode = WAL``, waiting for another writer as every other statement does.

    Turning a ledger to WAL (a new one: a ledger in WAL already is left as it
    is) upgrades a read lock to a write lock, and SQLite refuses that upgrade
    at once, without its busy handler, while another process holds the write
    lock: the first users of a new ledger, turning it at the same moment. The
    one refused lets go of its read lock and tries again, until the busy
    timeout has passed."""
    deadline: float | None = None
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not locked(exc):
                raise
            import time

            deadline = deadline if deadline is not None else time.monotonic() + busy_timeout()
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


def _mine(conn: sqlite3.Connection, path: Path, chosen_by: str, create: bool) -> None:
    """Refuse a database of something else, having changed nothing in it."""
    from claimtrack.store import migrations

    if migrations.applied_names(conn):
        return
    others = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type DESC, name"
    )]
    marks = [f"{pragma} {value}" for pragma in ("application_id", "user_version")
             if (value := conn.execute(f"PRAGMA {pragma}").fetchone()[0])]
    if (others or marks) and migrations.applied_names(conn):
        return  # another claimtrack made it a ledger between the two looks: its first use, racing ours
    if others or marks:
        conn.close()
        what = f"tables: {', '.join(others[:5])}" if others else f"marked {', '.join(marks)}"
        raise ClaimtrackError(
            f"{path} is an SQLite database of something else ({what}); "
            "claimtrack keeps its claims in a file of its own",
            field=chosen_by,
        )
    if not create:  # an empty SQLite database: a ledger only for a command that records something
        conn.close()
        raise ClaimtrackError(
            f"no database at {path} yet: `claimtrack add`, `claimtrack import` or `claimtrack sources add` creates it",
            field=chosen_by,
        )


def locked(exc: sqlite3.Error) -> bool:
    """SQLite gave up waiting for another command writing to the ledger."""
    text = str(exc)
    return "locked" in text or "busy" in text


def _read_only(exc: sqlite3.OperationalError) -> bool:
    """SQLite cannot write beside the ledger: a read-only folder or file
    system, or a full disk (where even the files a WAL read needs cannot be made)."""
    text = str(exc)
    return any(sign in text for sign in ("readonly", "read-only", "unable to open", "disk I/O error", "disk is full"))


def _read_only_connection(path: Path, chosen_by: str) -> sqlite3.Connection:
    """The ledger opened for reading only, as it is on disk: where it cannot be
    written (a read-only folder or file system, a full disk), SQLite cannot make
    the files WAL reads need, so it is read as an unchanging file."""
    from urllib.parse import quote

    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?immutable=1", uri=True, isolation_level=None)
        from claimtrack.store import migrations

        done = set(migrations.applied_names(conn))
        if not done:
            raise ClaimtrackError(f"{path} is not a claimtrack database", field=chosen_by)
        if any(name not in done for name, _ in migrations.STEPS):
            raise ClaimtrackError(
                f"{path} is read-only and was made by an older claimtrack: open it once where it can be "
                "written, so that it is brought up to date",
                field=chosen_by,
            )
    except sqlite3.DatabaseError as exc:
        raise ClaimtrackError(f"cannot open {path} ({exc})", field=chosen_by) from None
    global opened
    opened = path
    with contextlib.suppress(OSError):
        if Path(f"{path}-wal").stat().st_size > 0:  # writes SQLite has not yet moved into the file itself
            sys.stderr.write(f"warning: {path} is read as its file holds it: the latest writes, still in "
                             f"{path.name}-wal, cannot be read where the ledger cannot be written; open it once "
                             "where it can be\n")
    return conn


def busy(path: Path | str) -> str:
    """What a command says when the ledger stayed locked past the timeout."""
    return (f"{path} is busy: another command is writing to it (a long import?); try again when it is done, "
            f"or wait longer with --timeout SECONDS or {TIMEOUT_VAR} (now {busy_timeout():g} s)")


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own check of the file's structure: [] when sound, else what is damaged.

    What it finds is kept beside the ledger (:func:`damage_mark`): until a
    check finds the file sound again, commands open it for reading only."""
    try:
        found = [row[0] for row in conn.execute("PRAGMA quick_check(20)")]
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    damage = [] if found == ["ok"] else found
    if opened is not None and str(opened) != ":memory:":
        mark = damage_mark(opened)
        with contextlib.suppress(OSError):  # a folder that cannot be written: nothing can be written there anyway
            if damage:
                mark.write_text("\n".join(damage) + "\n", encoding="utf-8")
            else:
                mark.unlink(missing_ok=True)
    return damage


def damage_mark(path: Path) -> Path:
    """The file beside a ledger that says a check found it damaged (``claims.db.damaged``),
    beside the file itself when the ledger is reached through a link."""
    real = Path(path).resolve()
    return real.with_name(real.name + ".damaged")


def damaged_since(path: Path | None) -> str | None:
    """What the last check found wrong with the ledger at ``path``, if it is marked damaged."""
    if path is None:
        return None
    try:
        lines = damage_mark(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    # quick_check's first line may only name the database ("*** in database main ***").
    return next((line for line in lines if not line.startswith("***")), lines[0] if lines else "damaged")


#: What damage this command has warned about, so that each kind is said once.
_WARNED: set[str] = set()


def damaged(kind: str, message: str) -> None:
    """A one-line warning on stderr, once per ``kind`` of damage and command:
    the command goes on with the rest; `claimtrack verify` checks the ledger."""
    if kind in _WARNED:
        return
    _WARNED.add(kind)
    sys.stderr.write(f"warning: {message} (`claimtrack verify` checks the ledger; later ones like it are not "
                     "repeated)\n")


def forget_new() -> None:
    """The command is over: what it created stays, whatever it holds."""
    _CREATED.clear()
    _FOLDERS.clear()


def discard_new() -> None:
    """Remove the ledgers this process created and wrote nothing into: a
    command that failed (a rejected import, an unknown source) leaves no
    empty database behind."""
    for path, conn in list(_CREATED.items()):
        del _CREATED[path]
        try:
            held = sum(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                       for table in ("claims", "sources", "resolutions", "unit_aliases", "rate_pins"))
            conn.close()
        except sqlite3.Error:
            continue
        if held == 0:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            for folder in _FOLDERS.pop(path, []):  # the folders made for it, while empty
                try:
                    folder.rmdir()
                except OSError:
                    break
    _FOLDERS.clear()


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
