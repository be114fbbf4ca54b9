"""Storage: pragmas, migrations recorded and applied on open, append-only claims."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from claimtrack.store import migrations
from claimtrack.store.db import atomic, connect, resolve_path


def test_open_sets_wal_busy_timeout_and_foreign_keys(tmp_path):
    conn = connect(tmp_path / "x.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_migrations_are_numbered_recorded_and_not_reapplied(tmp_path):
    path = tmp_path / "x.db"
    conn = connect(path)
    names = migrations.applied_names(conn)
    assert names == [name for name, _ in migrations.STEPS]
    assert all(name[:1] == "m" and name[1:4].isdigit() for name in names)
    conn.close()
    assert migrations.apply_pending(connect(path)) == []


def test_a_database_at_the_first_migration_upgrades_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrations.apply_pending(old, migrations.STEPS[:1])
    old.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('jiji', 'Jiji', 'agency', '2025-01-01')")
    old.execute(
        "INSERT INTO claims (key, text, source, recorded_at, fingerprint) "
        "VALUES ('trump/title', '前大統領', 'jiji', '2025-01-01T00:00:00+00:00', x'01')"
    )
    old.close()
    conn = connect(path)
    assert migrations.applied_names(conn) == [name for name, _ in migrations.STEPS]
    assert conn.execute("SELECT key, text FROM claims").fetchall() == [("trump/title", "前大統領")]
    assert conn.execute("SELECT count(*) FROM resolutions").fetchone()[0] == 0


def test_claims_are_append_only(conn):
    conn.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('s', 'S', 'outlet', 'now')")
    conn.execute("INSERT INTO claims (key, text, source, recorded_at, fingerprint) "
                 "VALUES ('k', 't', 's', 'now', x'02')")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE claims SET text = 'rewritten'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM claims")
    assert conn.execute("SELECT text FROM claims").fetchone()[0] == "t"


def test_atomic_rolls_back_everything_and_nests(conn):
    conn.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('a', 'A', 'outlet', 'now')")
    with pytest.raises(RuntimeError), atomic(conn):
        conn.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('b', 'B', 'outlet', 'now')")
        with atomic(conn):
            conn.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('c', 'C', 'outlet', 'now')")
        raise RuntimeError("boom")
    assert [r[0] for r in conn.execute("SELECT id FROM sources")] == ["a"]
    with atomic(conn):
        with pytest.raises(RuntimeError), atomic(conn):
            conn.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('d', 'D', 'outlet', 'now')")
            raise RuntimeError("inner only")
        conn.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('e', 'E', 'outlet', 'now')")
    assert [r[0] for r in conn.execute("SELECT id FROM sources ORDER BY id")] == ["a", "e"]


def test_database_location_order(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_DB", str(tmp_path / "env.db"))
    assert resolve_path(tmp_path / "flag.db") == (tmp_path / "flag.db", "--db")
    assert resolve_path(None) == (tmp_path / "env.db", "CLAIMTRACK_DB")
    monkeypatch.delenv("CLAIMTRACK_DB")
    path, reason = resolve_path(None)
    assert reason == "default" and path.name == "claims.db" and "claimtrack" in str(path)


def test_db_info_says_which_database_and_how_many_claims(cli, seeded):
    info = cli.json("db", "info")
    assert info["path"] == str(seeded) and info["chosen_by"] == "CLAIMTRACK_DB"
    assert info["claims"] >= 20 and info["sources"] == 3 and info["decisions"] == 0
    assert info["chain_head"] == cli.json("verify")["head"]
    assert cli("db", "path").stdout.strip() == str(seeded)


def test_a_file_that_is_not_a_database_is_a_one_line_error(cli, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n" * 100)
    result = cli("log", "--db", bad, code=2)
    assert "is not a claimtrack database" in result.stderr


def test_source_names_stored_under_an_older_key_still_match(tmp_path):
    """m005 re-keys names whose comparison form changed when text folding became one function."""
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrations.apply_pending(old, migrations.STEPS[:4])
    old.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('eph', 'Εφημερίδα ΐ', 'outlet', '2025')")
    # The key the previous name_key made: NFKC, then case folded, spaces removed (no second NFKC).
    stale = unicodedata.normalize("NFKC", "Εφημερίδα ΐ").casefold().replace(" ", "")
    old.execute("INSERT INTO source_names (name_key, name, source_id) VALUES (?, 'Εφημερίδα ΐ', 'eph')", [stale])
    old.close()
    from claimtrack.domain.text import name_key
    from claimtrack.services.sources import resolve

    assert stale != name_key("Εφημερίδα ΐ")
    assert resolve(connect(path), "εφημερίδα ΐ") == "eph"


def test_the_window_in_sql_selects_what_window_contains_says(conn):
    """periods.FIRST_DAY_SQL mirrors Window.contains: random dates and windows agree."""
    import random

    from claimtrack.domain.periods import Window
    from claimtrack.store.repo import ClaimFilter

    rng = random.Random(11)

    def some_date() -> str | None:
        year, month, day = rng.choice([2024, 2025]), rng.randint(1, 12), rng.randint(1, 28)
        return rng.choice([None, f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])

    dates = [some_date() for _ in range(300)]
    conn.execute("CREATE TEMP TABLE t (i INTEGER, claimed_on TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(dates)))
    from claimtrack.errors import ParseError

    checked = 0
    while checked < 200:
        try:
            window = Window(some_date(), some_date())
        except ParseError:  # since after until
            continue
        checked += 1
        where, params = ClaimFilter(window=window).where(alias="")
        in_sql = {i for (i,) in conn.execute("SELECT i FROM t" + where, params)}
        in_python = {i for i, d in enumerate(dates) if window.contains(d)}
        assert in_sql == in_python, window
