"""Tamper evidence: every claim and decision is linked into a hash chain as it
is recorded, and `verify` names the first record changed behind the tool's
back, in a ledger or in an export."""

from __future__ import annotations

import json
import sqlite3

import pytest


@pytest.fixture
def ledger(cli, isolated_db, example_file):
    """The bundled digest, with a decision on it; returns the database file."""
    cli("import", example_file)
    cli("resolve", "c-10-16", "--status", "wrong-claim", "--claim", "16", "--note", "Trump was president again")
    return isolated_db


def _tamper(path, *sql):
    """Change the ledger as the sqlite3 shell would, after dropping the triggers."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for name in ("claims_no_update", "claims_no_delete", "resolutions_no_update", "resolutions_no_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_an_untouched_ledger_and_its_export_verify_to_the_same_head(cli, ledger, tmp_path):
    said = cli("verify").stdout
    assert said.startswith("The chain holds: 32 claims and 1 decision in the ledger, each as it was recorded.")
    found = cli.json("verify")
    assert found["ok"] and (found["claims"], found["decisions"]) == (32, 1) and found["broken"] is None
    exported = tmp_path / "ledger.jsonl"
    exported.write_text(cli("export").stdout, encoding="utf-8")
    assert cli.json("verify", exported)["head"] == found["head"]
    # A record added later moves the head on, and the chain still holds.
    cli("add", "trump/title", "トランプ大統領", "--source", "Jiji", "--value", "大統領")
    later = cli.json("verify")
    assert later["ok"] and later["claims"] == 33 and later["head"] != found["head"]


@pytest.mark.parametrize(("sql", "message"), [
    ("UPDATE claims SET value_raw = '5000億ドル', value_amount = '500000000000' WHERE id = 12",
     "claim 12 (uid {uid12}) was changed after it was recorded: it no longer matches link 12 of the chain. "
     "The 11 claims and 0 decisions before it hold."),
    ("UPDATE resolutions SET note = 'no reason'",
     "decision 1 (uid {decision}) was changed after it was recorded: it no longer matches link 33"),
    ("DELETE FROM claims WHERE id = 20",
     "claim (uid {uid20}) is gone: link 20 of the chain has no record (deleted, or its uid changed)"),
    ("INSERT INTO claims (key, text, source, recorded_at, fingerprint, uid) "
     "VALUES ('trump/title', 'x', 'jiji', '2025-03-01T00:00:00+00:00', x'00', 'feed')",
     "claim 33 (uid feed) has no link in the chain: it was written behind claimtrack's back"),
])
def test_verify_names_the_first_record_changed_behind_its_back(cli, ledger, sql, message):
    uids = {c["id"]: c["uid"] for c in cli.json("log")}
    decision = cli.json("history", "c-10-16")["decisions"][0]["uid"]
    _tamper(ledger, sql)
    result = cli("verify", code=1)
    assert result.stdout.startswith(message.format(uid12=uids[12], uid20=uids[20], decision=decision))
    assert cli.json("verify", code=1)["ok"] is False


def test_an_edited_export_is_caught_at_its_line(cli, ledger, tmp_path):
    lines = cli("export").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if '"id": 5,' in line)
    edited = list(lines)
    record = json.loads(edited[at])
    record["text"] = record["text"] + "（編集）"
    edited[at] = json.dumps(record, ensure_ascii=False)
    path = tmp_path / "edited.jsonl"
    path.write_text("\n".join(edited) + "\n", encoding="utf-8")
    said = cli("verify", path, code=1).stdout
    assert said.startswith(f"{path}:{at + 1}: claim 5 (uid {record['uid']}) differs from what was exported")
    # A line dropped from the file breaks the link of the line after it.
    dropped = tmp_path / "dropped.jsonl"
    dropped.write_text("\n".join(lines[:at] + lines[at + 1:]) + "\n", encoding="utf-8")
    assert cli.json("verify", dropped, code=1)["broken"]["line"] == at + 1
    # A claim written into the file by hand has no hash.
    added = tmp_path / "added.jsonl"
    added.write_text("\n".join([*lines, json.dumps({"key": "k/x", "text": "x"})]) + "\n", encoding="utf-8")
    assert "has no hash: export did not write it" in cli("verify", added, code=1).stdout


def test_a_merged_ledger_verifies_and_so_does_its_export(cli, ledger, tmp_path):
    mine = tmp_path / "mine.jsonl"
    mine.write_text(cli("export").stdout, encoding="utf-8")
    desk = tmp_path / "desk.db"
    cli("sources", "add", "Jiji", "--kind", "agency", "--db", desk)
    cli("add", "expo/visitors", "来場者は2820万人", "--source", "Jiji", "--value", "2820万人", "--db", desk)
    cli("import", mine, "--db", desk)
    cli("import", mine, "--db", desk)  # a second import adds nothing, and links nothing
    found = cli.json("verify", "--db", desk)
    assert found["ok"] and (found["claims"], found["decisions"]) == (33, 1)
    merged = tmp_path / "merged.jsonl"
    merged.write_text(cli("export", "--db", desk).stdout, encoding="utf-8")
    assert cli.json("verify", merged)["head"] == found["head"]


def test_an_import_that_replays_a_batch_links_each_claim_once(cli, isolated_db, tmp_path):
    """A batch that holds a claim already recorded is rolled back and written claim by claim."""
    cli("sources", "add", "Jiji")
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps({"key": f"k/{i}", "text": f"t{i}", "source": "Jiji"}) + "\n"
                             for i in range(0, 300, 2)), encoding="utf-8")
    both = tmp_path / "both.jsonl"
    both.write_text("".join(json.dumps({"key": f"k/{i}", "text": f"t{i}", "source": "Jiji"}) + "\n"
                            for i in range(300)), encoding="utf-8")
    cli("import", first)
    assert cli.json("import", both)["claims_added"] == 150
    found = cli.json("verify")
    assert found["ok"] and found["claims"] == 300


def test_ledgers_recorded_before_the_chain_are_linked_when_opened(tmp_path, cli, example_file):
    from claimtrack.store import migrations

    path = tmp_path / "old.db"
    cli("import", example_file, "--db", path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE chain")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_hash_chain'")
    conn.commit()
    conn.close()
    assert "m011_hash_chain" not in migrations.applied_names(sqlite3.connect(path))
    found = cli.json("verify", "--db", path)
    assert found["ok"] and found["claims"] == 32


def test_a_field_export_never_writes_is_a_changed_line_not_a_crash(cli, ledger, tmp_path):
    lines = cli("export").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if '"id": 3,' in line)
    lines[at] = lines[at].replace('"id": 3,', '"id": 3.5,').replace('"qualifiers": {}', '"qualifiers": {"n": 1.5}')
    path = tmp_path / "odd.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("verify", path, code=1)
    assert result.stdout.startswith(f"{path}:{at + 1}: claim (uid ")
    assert "differs from what was exported" in result.stdout


def test_what_points_at_claims_is_covered_too(cli, ledger, tmp_path):
    """Swapping two claims' ids would move a decision onto the other claim: the chain covers ids,
    and an export's links by uid must name the claims its ids name."""
    lines = cli("export").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if '"type": "resolution"' in line)
    record = json.loads(lines[at])
    record["claim_uids"] = record["claim_uids"][::-1]
    swapped = tmp_path / "swapped.jsonl"
    swapped.write_text("\n".join([*lines[:at], json.dumps(record, ensure_ascii=False), *lines[at + 1:]]) + "\n",
                       encoding="utf-8")
    assert cli.json("verify", swapped, code=1)["broken"]["line"] == at + 1
    _tamper(ledger, "UPDATE claims SET id = -10 WHERE id = 10", "UPDATE claims SET id = 10 WHERE id = 16",
            "UPDATE claims SET id = 16 WHERE id = -10")
    broken = cli.json("verify", code=1)["broken"]
    assert (broken["kind"], broken["problem"], broken["id"]) == ("claim", "changed", 16)


@pytest.mark.parametrize(("text", "message"), [
    ("[1, 2]\n", ":1: expected an object, got list"),
    ('{"type": "source", "name": "Asahi"}\n', ": holds no claim and no decision: verify reads what"),
])
def test_verify_refuses_a_file_that_is_not_an_export(cli, isolated_db, tmp_path, text, message):
    path = tmp_path / "odd.jsonl"
    path.write_text(text, encoding="utf-8")
    assert f"Error: {path}{message}" in cli("verify", path, code=2).stderr


def test_a_supersedes_uid_on_a_claim_that_corrects_nothing_breaks_the_file(cli, ledger, tmp_path):
    lines = cli("export").stdout.splitlines()
    uids = {json.loads(line)["id"]: json.loads(line)["uid"] for line in lines if '"type": "claim"' in line}
    at = next(i for i, line in enumerate(lines) if '"id": 26,' in line)
    record = json.loads(lines[at])
    record["supersedes_uid"] = uids[10]
    path = tmp_path / "tampered.jsonl"
    path.write_text("\n".join([*lines[:at], json.dumps(record, ensure_ascii=False), *lines[at + 1:]]) + "\n",
                    encoding="utf-8")
    assert cli.json("verify", path, code=1)["broken"]["line"] == at + 1
