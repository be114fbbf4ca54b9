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
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
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


def test_a_damaged_ledger_is_named_so(tmp_path, cli, example_file):
    db = tmp_path / "damaged.db"
    cli("import", example_file, "--db", db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(db, "r+b") as f:  # overwrite a page in the middle of the file
        f.seek(4096 * 6)
        f.write(os.urandom(4096))
    info = cli("db", "info", "--db", db, code=1).stdout
    assert "damaged" in info and "keep a copy of the file" in info
    assert "The ledger's file is damaged" in cli("verify", "--db", db, code=1).stdout


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
