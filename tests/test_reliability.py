"""Races, files that are not ours, damaged and busy ledgers: clean answers, nothing lost, nothing changed
that was not ours to change."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack.store import migrations
from claimtrack.store.db import connect


def sqlite_file(path: Path, *statements: str) -> Path:
    """A database made by another program: the statements, and nothing of claimtrack's."""
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return path


def tamper(ledger: Path, sql: str) -> None:
    """Change a claim behind claimtrack's back, past its update guard, and put the guard back."""
    conn = sqlite3.connect(ledger, isolation_level=None)
    (guard,) = [r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'claims_no_update'")]
    conn.execute("DROP TRIGGER claims_no_update")
    conn.execute(sql)
    conn.execute(guard)
    conn.close()


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMTRACK_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "claimtrack", *args], capture_output=True, text=True, env=env,
                          check=False)


@pytest.mark.parametrize("older", [True, False], ids=["an older ledger", "a new ledger"])
def test_many_first_users_at_once_all_succeed(tmp_path, older):
    """Migrations are applied by one process at a time; the others find nothing left to do."""
    db = tmp_path / "ledger.db"
    if older:
        old = sqlite3.connect(db, isolation_level=None)
        migrations.apply_pending(old, migrations.STEPS[:-1])
        old.close()
    env = {**os.environ, "CLAIMTRACK_DB": str(db)}
    commands = [["add", "k/a", f"claim {i}", "--source", "S", "--new-source"] for i in range(6)]
    commands += [["sources", "list"]] * 4 if older else []
    procs = [subprocess.Popen([sys.executable, "-m", "claimtrack", *c], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for c in commands]
    errors = [p.communicate()[1] for p in procs if p.wait() != 0]
    assert errors == []
    assert migrations.applied_names(connect(db)) == [name for name, _ in migrations.STEPS]
    assert run("log", db=db).stdout.count("claim ") == 6


def test_another_programs_database_is_refused_unchanged(tmp_path, cli):
    other = sqlite_file(tmp_path / "other.db", "CREATE TABLE t (x)")
    before = other.read_bytes()
    for args in (("log",), ("add", "k/a", "t", "--source", "S", "--new-source"), ("db", "info")):
        assert "is an SQLite database of something else" in cli(*args, "--db", other, code=2).stderr
    assert other.read_bytes() == before
    assert sqlite3.connect(other).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_read_command_leaves_an_empty_file_empty(tmp_path, cli):
    empty = tmp_path / "empty.db"
    empty.touch()
    for args in (("log",), ("report",), ("show", "1"), ("export",), ("verify",)):
        assert "no database at" in cli(*args, "--db", empty, code=2).stderr
    assert empty.stat().st_size == 0
    cli("sources", "add", "S", "--db", empty)  # a command that records something makes it a ledger
    assert empty.stat().st_size > 0


def test_a_failed_first_write_leaves_nothing_behind(tmp_path, cli):
    db = tmp_path / "new.db"
    assert "unknown source" in cli("add", "k/a", "t", "--source", "nobody", "--db", db, code=2).stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def damage(db: Path) -> bytes:
    """Overwrite a page in the middle of a ledger's file (its writes moved into it first, as the last command
    to close it does); return the file as it was, sound."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    sound = db.read_bytes()
    with open(db, "r+b") as f:
        f.seek(4096 * 6)
        f.write(os.urandom(4096))
    return sound


def test_a_damaged_ledger_is_named_so(tmp_path, cli, example_file):
    db = tmp_path / "damaged.db"
    cli("import", example_file, "--db", db)
    damage(db)
    info = cli("db", "info", "--db", db, code=1).stdout
    assert "damaged" in info and "keep a copy of the file" in info
    assert "The ledger's file is damaged" in cli("verify", "--db", db, code=1).stdout
    assert cli.json("verify", "--db", db, code=1)["damaged"]


def test_a_ledger_found_damaged_is_not_written_into_until_it_is_sound(tmp_path, cli, example_file):
    db = tmp_path / "damaged.db"
    cli("import", example_file, "--db", db)
    sound = damage(db)  # a page of the chain's index, say: SQLite itself would write on
    cli("db", "info", "--db", db, code=1)
    before = db.read_bytes()
    err = cli("sources", "add", "Kyodo", "--db", db, code=2).stderr
    assert err.startswith(f"Error: {db} was found damaged (")
    assert "nothing is written into it" in err and "`claimtrack verify` lifts this" in err
    assert db.read_bytes() == before
    assert "Forbes" in cli("sources", "list", "--db", db).stdout  # reading what can be read goes on
    assert "*** in database" not in err  # what is wrong, not quick_check's heading
    db.write_bytes(sound)  # restored from a backup
    cli("verify", "--db", db)  # sound: the mark is lifted
    assert not (tmp_path / "damaged.db.damaged").exists()
    cli("sources", "add", "Kyodo", "--db", db)
    cli("db", "info", "--db", db)


def test_a_damage_mark_goes_with_the_ledger_it_describes(tmp_path, cli, example_file):
    db = tmp_path / "gone.db"
    (tmp_path / "gone.db.damaged").write_text("Page 7: btreeInitPage() returns error code 11\n", encoding="utf-8")
    cli("sources", "add", "Kyodo", "--db", db)  # a new ledger where a damaged one was deleted
    assert not (tmp_path / "gone.db.damaged").exists()
    link = tmp_path / "link.db"
    link.symlink_to(db)
    (tmp_path / "gone.db.damaged").write_text("Page 7: btreeInitPage() returns error code 11\n", encoding="utf-8")
    err = cli("sources", "add", "Asahi", "--db", link, code=2).stderr  # the mark is beside the file, not the link
    assert "was found damaged (Page 7: btreeInitPage()" in err


def test_a_writer_kept_waiting_is_told_who_holds_the_ledger_and_how_to_wait_longer(tmp_path, cli):
    db = tmp_path / "busy.db"
    cli("sources", "add", "S", "--db", db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a long import, say
    try:
        error = cli("--timeout", "0.2", "add", "k/a", "t", "--source", "S", "--db", db, code=2).stderr
    finally:
        holder.execute("ROLLBACK")
    assert error.startswith(f"Error: {db} is busy: another command is writing to it")
    assert "--timeout SECONDS or CLAIMTRACK_TIMEOUT (now 0.2 s)" in error
    cli("add", "k/a", "t", "--source", "S", "--db", db)  # once it is free, the write goes through


def test_a_timeout_that_is_not_a_number_is_a_clean_error(cli, monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_TIMEOUT", "soon")
    assert "CLAIMTRACK_TIMEOUT: 'soon' is not a number of seconds" in cli("sources", "add", "S", code=2).stderr


@pytest.fixture
def ledger(tmp_path, cli, example_file):
    db = tmp_path / "ledger.db"
    cli("import", example_file, "--db", db)
    return db


@pytest.mark.parametrize("sql", [
    "INSERT OR REPLACE INTO claims (id, uid, key, text, source, recorded_at, fingerprint) "
    "SELECT id, uid, key, 'rewritten', source, recorded_at, fingerprint FROM claims WHERE id = 1",
    "REPLACE INTO chain SELECT * FROM chain WHERE seq = 1",
    "DELETE FROM sources WHERE id = 'jiji'",
    "UPDATE sources SET id = 'jiji-2' WHERE id = 'jiji'",
    "INSERT OR REPLACE INTO sources (id, name, kind, created_at) VALUES ('jiji', 'Other', 'outlet', '2025-01-01')",
])
def test_the_history_cannot_be_rewritten_from_the_sqlite_shell(ledger, sql):
    conn = sqlite3.connect(ledger)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute(sql)


def test_claims_whose_source_was_deleted_are_shown_and_named_by_verify(ledger, cli):
    conn = sqlite3.connect(ledger, isolation_level=None)
    conn.execute("DROP TRIGGER sources_kept")  # damage done by hand, past every guard
    conn.execute("PRAGMA foreign_keys = OFF")
    for table, column in (("source_names", "source_id"), ("source_domains", "source_id"), ("sources", "id")):
        conn.execute(f"DELETE FROM {table} WHERE {column} = 'jiji'")
    result = cli("log", "--db", ledger)
    assert len(result.stdout.splitlines()) == 32, "no claim vanishes"
    assert result.stderr.count("warning:") == 1 and "names source 'jiji', which is missing" in result.stderr
    verify = cli("verify", "--db", ledger, code=1).stdout
    assert verify.startswith("The chain holds")
    assert "11 claims name a source missing from the ledger's sources" in verify
    found = cli.json("verify", "--db", ledger, code=1)
    assert not found["ok"] and found["missing_sources"]["claims"] == 11


def test_a_damaged_value_is_read_as_text_with_a_warning_and_named_by_verify(ledger, cli):
    tamper(ledger, "UPDATE claims SET value_amount = 'abc' WHERE id = 1")
    for args in (("show", "1"), ("log",), ("export",), ("diff", "1", "2")):
        result = cli(*args, "--db", ledger)
        assert "warning: claim 1's stored value is damaged" in result.stderr
    assert "claim 1 (uid" in cli("verify", "--db", ledger, code=1).stdout


def test_a_text_column_overwritten_with_bytes_is_read_with_a_warning(ledger, cli):
    tamper(ledger, "UPDATE claims SET text = x'ff00' WHERE id = 14")
    for args in (("log",), ("log", "--json"), ("export",), ("show", "14")):
        result = cli(*args, "--db", ledger)
        assert "warning: claim 14's stored text is damaged" in result.stderr


def test_an_empty_sqlite_file_marked_by_another_program_is_refused_unchanged(tmp_path, cli):
    other = sqlite_file(tmp_path / "marked.db", "PRAGMA application_id = 1234")
    before = other.read_bytes()
    assert "marked application_id 1234" in cli("log", "--db", other, code=2).stderr
    assert "marked application_id 1234" in cli("sources", "add", "S", "--db", other, code=2).stderr
    assert other.read_bytes() == before


@pytest.mark.parametrize("args", [("log",), ("log", "--json"), ("export",), ("search", "claim", "--limit", "3000")])
def test_a_reader_that_stops_reading_ends_the_command_as_a_shell_expects(tmp_path, args):
    """`claimtrack log | head -1`: exit 141 (128 + SIGPIPE), no traceback, never 1 (a finding) or 3 (a bug)."""
    db = tmp_path / "ledger.db"
    lines = tmp_path / "many.jsonl"
    lines.write_text("".join(f'{{"key": "k/{i}", "text": "claim {i} {"x" * 200}", "source": "s"}}\n'
                             for i in range(3000)), encoding="utf-8")
    assert run("import", str(lines), "--new-sources", db=db).returncode == 0
    env = {**os.environ, "CLAIMTRACK_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-m", "claimtrack", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader has had enough
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141, err
    assert err == ""


def test_a_ledger_read_where_it_cannot_be_written_says_when_its_latest_writes_are_out_of_reach(tmp_path, cli,
                                                                                              capsys):
    """Where the folder is read-only, SQLite cannot read a -wal; the ledger is read as its file holds it, and
    the user is told that the latest writes are not in what they see."""
    from claimtrack.store import db as store

    ledger = tmp_path / "l.db"
    cli("sources", "add", "NHK", "--db", ledger)
    done = sqlite3.connect(ledger)
    done.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # as the last command to close it does
    done.close()
    writer = (  # a writer that ends before SQLite moves its writes into the file
        f"import os, sqlite3; c = sqlite3.connect({str(ledger)!r}, isolation_level=None); "
        "c.execute('PRAGMA wal_autocheckpoint=0'); "
        "c.execute(\"INSERT INTO sources (id, name, kind, created_at) VALUES ('t', 'T', 'outlet', '2025')\"); "
        "os._exit(0)")
    subprocess.run([sys.executable, "-c", writer], check=True)
    assert (tmp_path / "l.db-wal").stat().st_size > 0
    conn = store._read_only_connection(ledger, "--db")  # what connect falls back to in a read-only folder
    assert [r[0] for r in conn.execute("SELECT id FROM sources")] == ["nhk"]
    assert "the latest writes, still in l.db-wal, cannot be read" in capsys.readouterr().err


def test_a_ledger_made_by_another_first_user_between_two_looks_is_ours(tmp_path, cli, monkeypatch):
    """Two first users: one looks for the migrations' record before the other commits, and for tables after."""
    from claimtrack.store import db as store

    ledger = tmp_path / "new.db"
    cli("sources", "add", "NHK", "--db", ledger)  # the other user, done
    real = migrations.applied_names
    looks: list[int] = []

    def applied(conn):
        looks.append(1)
        return [] if len(looks) == 1 else real(conn)  # the first look: nothing yet

    monkeypatch.setattr(migrations, "applied_names", applied)
    conn = sqlite3.connect(ledger)
    store._mine(conn, ledger, "--db", True)  # no "an SQLite database of something else"
    assert len(looks) == 2


def test_a_first_user_waits_while_another_turns_the_new_ledger_to_wal(tmp_path):
    """Turning a new ledger to WAL upgrades a read lock to a write lock, which SQLite refuses at once, busy
    timeout or not, while another first user holds the write lock: it is waited for, as any writer is."""
    import threading
    import time

    db = tmp_path / "new.db"
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another first user, in the middle of its own switch to WAL
    threading.Timer(0.5, other.execute, ["ROLLBACK"]).start()
    began = time.monotonic()
    conn = connect(db)
    assert time.monotonic() - began >= 0.4
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert migrations.applied_names(conn) == [name for name, _ in migrations.STEPS]
    other.close()
