"""Two reporters' ledgers, built apart, merged either way: the same claims, the
same corrections, the same decisions on the same pairs of claims, the same
findings; and a second import of the same file adds nothing."""

from __future__ import annotations

import pytest


@pytest.fixture
def ledgers(cli, tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"

    def add(db, key, text, source, value, *extra):
        return cli.json("add", key, text, "--source", source, "--value", value, "--date", "2025-10-14", *extra,
                        "--db", str(db))["id"]

    for db, names in ((a, ("Asahi", "NHK")), (b, ("Nikkei", "NHK", "Asahi"))):
        for name in names:
            cli("sources", "add", name, "--db", str(db))
    # Reporter A: a visitor count, a tenfold slip, and a correction.
    first = add(a, "expo/visitors", "来場者は2820万人", "Asahi", "2820万人")
    slip = add(a, "expo/visitors", "来場者は2億9000万人", "NHK", "2億9000万人")
    add(a, "expo/visitors", "来場者は2900万人（訂正）", "Asahi", "2900万人", "--supersedes", str(first))
    value = [f for f in cli.json("report", "--db", str(a))["contradictions"] if f["kind"] == "value"]
    for finding in value:
        cli("resolve", finding["id"], "--status", "wrong-claim", "--claim", str(slip), "--note", "tenfold slip",
            "--db", str(a))
    # Reporter B: the venue cost with its own correction, and one claim A also has.
    cost = add(b, "expo/cost", "会場建設費は1850億円", "Nikkei", "1850億円")
    add(b, "expo/cost", "会場建設費は1850億円のまま", "NHK", "1850億円")
    add(b, "expo/visitors", "来場者は2820万人", "Asahi", "2820万人")  # the same claim as A's first
    revised = add(b, "expo/cost", "会場建設費は2350億円（上振れ）", "Nikkei", "2350億円", "--supersedes", str(cost))
    add(b, "expo/cost", "会場建設費は2350億円（確定）", "Nikkei", "2350億円", "--supersedes", str(revised))
    (dispute,) = [f for f in cli.json("report", "--db", str(b))["contradictions"] if f["kind"] == "value"]
    cli("resolve", dispute["id"], "--note", "first look", "--db", str(b))
    cli("resolve", dispute["id"], "--reopen", "--note", "asked Nikkei", "--db", str(b))
    cli("resolve", dispute["id"], "--note", "the estimate was revised in 2023", "--db", str(b))
    return a, b


def _shape(cli, db):
    """What a ledger says, in words: claims, corrections, decisions, findings (no local ids)."""
    claims = {c["id"]: c for c in cli.json("log", "--db", str(db))}
    text = {i: (c["key"], c["source"], c["text"]) for i, c in claims.items()}
    exported = [line for line in cli("export", "--db", str(db)).stdout.splitlines() if '"resolution"' in line]
    report = cli.json("report", "--all", "--db", str(db))

    def pair(finding_id):
        a, b = (int(x) for x in finding_id.rsplit("-", 2)[1:])
        return tuple(sorted((text[a], text[b])))

    import json

    decisions = sorted((json.loads(r)["status"], json.loads(r)["note"], pair(json.loads(r)["finding_id"]))
                       for r in exported)
    findings = sorted((f["kind"], pair(f["id"]), f["resolution"]["status"] if f["resolved"] else "open")
                      for f in report["contradictions"])
    return (
        sorted(text.values()),
        sorted((text[i], text[c["supersedes"]]) for i, c in claims.items() if c["supersedes"]),
        decisions,
        findings,
    )


def test_two_ledgers_merge_either_way_into_the_same_ledger(cli, ledgers, tmp_path):
    a, b = ledgers
    a_file, b_file = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a_file.write_text(cli("export", "--db", str(a)).stdout, encoding="utf-8")
    b_file.write_text(cli("export", "--db", str(b)).stdout, encoding="utf-8")
    into_a = cli.json("import", str(b_file), "--db", str(a))
    into_b = cli.json("import", str(a_file), "--db", str(b))
    assert (into_a["claims_added"], into_a["claims_skipped"], into_a["resolutions_added"]) == (4, 1, 3)
    assert (into_b["claims_added"], into_b["claims_skipped"], into_b["resolutions_added"]) == (2, 1, 1)
    merged_a, merged_b = _shape(cli, a), _shape(cli, b)
    assert merged_a == merged_b
    claims, corrections, decisions, findings = merged_a
    assert len(claims) == 7 and len(corrections) == 3 and len(decisions) == 4
    assert [d[:2] for d in decisions] == [
        ("explained", "first look"), ("explained", "the estimate was revised in 2023"), ("reopened", "asked Nikkei"),
        ("wrong-claim", "tenfold slip")]
    # Each decision still sits on its own pair of claims: the explained finding stays resolved, and the
    # claim marked wrong stays out of comparisons (its finding is listed, resolved, with --all).
    assert sorted(f[2] for f in findings) == ["explained", "wrong-claim"]
    for db, again in ((a, b_file), (b, a_file)):  # a second import is a no-op, and says so
        second = cli.json("import", str(again), "--db", str(db))
        assert (second["claims_added"], second["resolutions_added"]) == (0, 0)
        said = cli("import", str(again), "--db", str(db)).stdout
        assert said.startswith("Imported 0 claims") and "already recorded" in said
        assert cli.json("verify", "--db", str(db))["ok"]
    assert _shape(cli, a) == merged_a


def test_a_merge_says_which_claims_took_new_ids(cli, ledgers, tmp_path):
    a, b = ledgers
    b_file = tmp_path / "b.jsonl"
    b_file.write_text(cli("export", "--db", str(b)).stdout, encoding="utf-8")
    said = cli("import", str(b_file), "--db", str(a)).stdout
    assert "4 claims under a new id (links and decisions follow)" in said


def _lines(path, *records):
    import json

    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_claim_recorded_by_a_ledger_keeps_its_correction_even_across_keys(cli, isolated_db, tmp_path):
    """Ledgers recorded before corrections were held to their key still export and import."""
    old = _lines(tmp_path / "old.jsonl",
                 {"type": "source", "id": "nikkei", "name": "Nikkei"},
                 {"id": 1, "uid": "0" * 31 + "1", "key": "expo/cost", "text": "1850億円", "source": "nikkei"},
                 {"id": 2, "uid": "0" * 31 + "2", "key": "expo/budget", "text": "2350億円", "source": "nikkei",
                  "supersedes": 1})
    cli("import", str(old))
    assert cli.json("show", "1")["superseded_by"] == [2]


def test_the_same_decision_made_in_two_ledgers_is_one_decision(cli, ledgers, tmp_path):
    import re

    a, _ = ledgers
    a_file = tmp_path / "a.jsonl"
    a_file.write_text(cli("export", "--db", str(a)).stdout, encoding="utf-8")
    copy = tmp_path / "copy.db"
    cli("import", str(a_file), "--db", str(copy))
    # The same decision (its uid) at another time, and the same decision made apart (no uid): nothing new.
    retimed = a_file.read_text(encoding="utf-8").replace('"resolved_at": "20', '"resolved_at": "19')
    (tmp_path / "later.jsonl").write_text(retimed, encoding="utf-8")
    assert cli.json("import", str(tmp_path / "later.jsonl"), "--db", str(copy))["resolutions_added"] == 0
    apart = re.sub(r'("type": "resolution".*?)"uid": "[0-9a-f]{32}", ', r"\1", retimed)
    assert apart != retimed
    (tmp_path / "apart.jsonl").write_text(apart, encoding="utf-8")
    assert cli.json("import", str(tmp_path / "apart.jsonl"), "--db", str(copy))["resolutions_added"] == 0
    # Another ledger decided otherwise, earlier: its decision joins the history; the later one still stands.
    other = apart.replace('"note": "tenfold slip"', '"note": "a real figure"')
    (tmp_path / "other.jsonl").write_text(other, encoding="utf-8")
    assert cli.json("import", str(tmp_path / "other.jsonl"), "--db", str(copy))["resolutions_added"] == 1
    (wrong,) = [f for f in cli.json("report", "--all", "--db", str(copy))["contradictions"] if f["resolved"]
                and f["resolution"]["status"] == "wrong-claim"]
    assert wrong["resolution"]["note"] == "tenfold slip"
    notes = [d["note"] for d in cli.json("history", wrong["id"], "--db", str(copy))["decisions"]]
    assert notes == ["a real figure", "tenfold slip"]


@pytest.mark.parametrize(("record", "message"), [
    ({"type": "resolution", "finding_id": "v-1-2", "status": "wrong-claim", "claim_id": 3, "note": "x",
      "resolved_at": "2025-01-01T00:00:00+00:00"}, "claim_id: claim 3 is not one of the claims of v-1-2"),
    ({"type": "resolution", "finding_id": "r-1-3", "status": "explained", "note": "x",
      "resolved_at": "2025-01-01T00:00:00+00:00"}, "finding_id: r-1-3 is a revision, not a finding to resolve"),
])
def test_import_refuses_a_decision_resolve_would_refuse(cli, ledgers, tmp_path, record, message):
    a, _ = ledgers
    assert message in cli("import", str(_lines(tmp_path / "r.jsonl", record)), "--db", str(a), code=2).stderr


def test_a_source_that_shares_only_an_alias_is_not_merged(cli, isolated_db, tmp_path):
    cli("sources", "add", "TV Asahi", "--alias", "Asahi")
    theirs = _lines(tmp_path / "t.jsonl", {"type": "source", "name": "Asahi Shimbun", "aliases": ["Asahi"]})
    refused = cli("import", str(theirs), code=2).stderr.strip()
    assert refused.endswith("source 'Asahi Shimbun' shares only the alias 'Asahi' with source 'tv-asahi'; if they "
                            "are one, give its id tv-asahi in the file, otherwise drop the alias")
    person = _lines(tmp_path / "p.jsonl", {"type": "source", "name": "TV Asahi", "kind": "person"})
    assert "registered as outlet, not person" in cli("import", str(person), code=2).stderr


def test_a_decision_still_resolves_its_finding_when_a_merged_claim_takes_a_lower_id(cli, tmp_path):
    """The finding id is made of the lowest claim id on each side; after a merge a claim with a lower id can
    join a side, and the finding is renamed. The decision holds for its two claims, so it stays resolved."""
    a, k = tmp_path / "a.db", tmp_path / "k.db"
    for db in (a, k):
        for name in ("NHK", "Reuters", "Kyodo"):
            cli("sources", "add", name, "--db", str(db))
    cli("add", "expo/cost", "1850億円", "--source", "NHK", "--value", "1850億円", "--db", str(a))
    cli("add", "expo/cost", "2400億円", "--source", "Reuters", "--value", "2400億円", "--db", str(a))
    (finding,) = cli.json("report", "--db", str(a))["contradictions"]
    cli("resolve", finding["id"], "--note", "different scopes", "--db", str(a))
    cli("add", "expo/cost", "1850億円（共同）", "--source", "Kyodo", "--value", "1850億円", "--db", str(k))
    exported = tmp_path / "a.jsonl"
    exported.write_text(cli("export", "--db", str(a)).stdout, encoding="utf-8")
    cli("import", str(exported), "--db", str(k))
    merged = cli.json("report", "--all", "--db", str(k))["contradictions"]
    assert [(f["resolved"], f["resolution"]["note"]) for f in merged] == [(True, "different scopes")]
    assert merged[0]["id"] != finding["id"]  # renamed: Kyodo's claim 1 is now the lowest on its side
    cli("report", "--check", "--db", str(k))  # nothing unresolved: exit 0


def test_keep_ours_merges_a_claim_noted_otherwise_and_lists_what_differs(cli, isolated_db, tmp_path):
    """Two reporters recorded the same claim with another note and speaker: by default the
    import stops there; with --keep-ours the desk keeps its own and is told what the file says."""
    cli("sources", "add", "Asahi")
    mine = cli.json("add", "expo/visitors", "来場者は2820万人", "--source", "Asahi", "--value", "2820万人",
                    "--note", "from the press release")["id"]
    theirs = _lines(tmp_path / "theirs.jsonl",
                    {"key": "expo/visitors", "text": "来場者は2820万人", "source": "Asahi", "value": "2820万人",
                     "note": "checked with the organisers", "speaker": "万博協会"},
                    {"key": "expo/cost", "text": "会場建設費は2350億円", "source": "Asahi", "value": "2350億円"})
    stopped = cli("import", str(theirs), code=2).stderr
    assert f"{theirs}:1: speaker: claim {mine} already records this text" in stopped and "--keep-ours" in stopped
    assert len(cli.json("log")) == 1
    said = cli("import", str(theirs), "--keep-ours").stdout
    assert "Imported 1 claim" in said and "Kept 1 claim as this ledger has it; the file says otherwise:" in said
    assert f"  claim {mine} note: 'from the press release' here, 'checked with the organisers' in the file" in said
    assert f"  claim {mine} speaker: none here, '万博協会' in the file" in said
    assert cli.json("show", str(mine))["note"] == "from the press release"
    again = cli.json("import", str(theirs), "--keep-ours")
    assert again["claims_added"] == 0 and {d["field"] for d in again["differences"]} == {"note", "speaker"}
