"""A claim's uid: its identity in every ledger, assigned once, carried by export and import."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from claimtrack.store import migrations
from claimtrack.store.db import connect

UID = re.compile(r"^[0-9a-f]{32}$")


def test_every_recorded_claim_has_its_own_uid(cli, seeded):
    uids = [c["uid"] for c in cli.json("log")]
    assert len(uids) == 32 and all(UID.match(u) for u in uids)
    assert len(set(uids)) == 32
    added = cli.json("add", "k/new", "a new claim", "--source", "jiji")
    assert UID.match(added["uid"]) and added["uid"] not in uids
    assert cli.json("show", added["id"])["uid"] == added["uid"]


def test_export_and_import_keep_each_claims_uid(cli, seeded, tmp_path):
    ledger = tmp_path / "ledger.jsonl"
    cli("export", "-o", ledger)
    exported = {c["id"]: c["uid"] for c in map(json.loads, ledger.read_text(encoding="utf-8").splitlines())
                if c["type"] == "claim"}
    copy = tmp_path / "copy.db"
    cli("import", ledger, "--db", copy)
    assert {c["id"]: c["uid"] for c in cli.json("log", "--db", copy)} == exported


def test_an_imported_uid_is_checked_and_kept(cli, tmp_path):
    cli("sources", "add", "Jiji", "--id", "jiji")
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"key": "k/a", "text": "t", "source": "jiji", "uid": "0123456789ABCDEF0123456789abcdef"}\n'
                     '{"key": "k/a", "text": "u", "source": "jiji", "uid": "not-a-uid"}\n', encoding="utf-8")
    error = cli("import", lines, code=2).stderr
    assert error.startswith(f"Error: {lines}:2: uid: 'not-a-uid' is not a uid (32 hex digits")
    assert cli.json("log") == []  # all or nothing
    lines.write_text('{"key": "k/a", "text": "t", "source": "jiji", "uid": "0123456789ABCDEF0123456789abcdef"}\n',
                     encoding="utf-8")
    cli("import", lines)
    assert [c["uid"] for c in cli.json("log")] == ["0123456789abcdef0123456789abcdef"]


def test_a_uid_that_another_claim_holds_is_an_error_naming_the_line(cli, tmp_path):
    cli("sources", "add", "Jiji", "--id", "jiji")
    taken = cli.json("add", "k/a", "first", "--source", "jiji")["uid"]
    lines = tmp_path / "in.jsonl"
    lines.write_text(f'{{"key": "k/a", "text": "second", "source": "jiji", "uid": "{taken}"}}\n', encoding="utf-8")
    error = cli("import", lines, code=2).stderr
    assert error.strip() == f"Error: {lines}:1: uid: claim 1 already has this uid and says something else"
    assert len(cli.json("log")) == 1


def test_claims_recorded_before_uids_existed_get_one(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrations.apply_pending(old, migrations.STEPS[:3])
    old.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('jiji', 'Jiji', 'agency', '2025-01-01')")
    for n in range(3):
        old.execute(
            "INSERT INTO claims (key, text, source, recorded_at, fingerprint) VALUES (?, ?, 'jiji', ?, ?)",
            ["k/a", f"claim {n}", "2025-01-01T00:00:00+00:00", bytes([n])],
        )
    old.close()
    conn = connect(path)
    uids = [row[0] for row in conn.execute("SELECT uid FROM claims ORDER BY id")]
    assert len(set(uids)) == 3 and all(UID.match(u) for u in uids)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE claims SET text = 'x' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute("INSERT INTO claims (key, text, source, recorded_at, fingerprint, uid) "
                     "VALUES ('k/b', 't', 'jiji', '2025', x'09', ?)", [uids[0]])


def test_a_claims_fingerprint_never_changes():
    """Ledgers already hold fingerprints: the same claim must hash the same, or a
    repeat would be recorded twice."""
    from claimtrack.domain.records import claim_input, fingerprint

    draft = claim_input({"key": "trump/title", "text": "近くトランプ前米大統領と個別に会談する予定です",
                         "claimed_on": "2025-02-24", "url": "https://www.jiji.com/jc/article?k=2025022400236&g=int"})
    assert fingerprint(draft, "jiji").hex() == "602e792efaeca232856df3d8d16257b0"
    assert fingerprint(draft, "jiji") != fingerprint(draft, "asahi-globe")
