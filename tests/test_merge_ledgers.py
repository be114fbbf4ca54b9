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
    add(b, "expo/cost", "会場建設費は2350億円（上振れ）", "Nikkei", "2350億円", "--supersedes", str(cost))
    (dispute,) = [f for f in cli.json("report", "--db", str(b))["contradictions"] if f["kind"] == "value"]
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
    assert (into_a["claims_added"], into_a["claims_skipped"], into_a["resolutions_added"]) == (3, 1, 1)
    assert (into_b["claims_added"], into_b["claims_skipped"], into_b["resolutions_added"]) == (2, 1, 1)
    merged_a, merged_b = _shape(cli, a), _shape(cli, b)
    assert merged_a == merged_b
    claims, corrections, decisions, findings = merged_a
    assert len(claims) == 6 and len(corrections) == 2 and len(decisions) == 2
    assert [d[:2] for d in decisions] == [("explained", "the estimate was revised in 2023"),
                                         ("wrong-claim", "tenfold slip")]
    # Each decision still sits on its own pair of claims: the explained finding stays resolved, and the
    # claim marked wrong stays out of comparisons (so its finding is not reported at all).
    assert [f[2] for f in findings] == ["explained"]
    for db, again in ((a, b_file), (b, a_file)):  # a second import is a no-op, and says so
        second = cli.json("import", str(again), "--db", str(db))
        assert (second["claims_added"], second["resolutions_added"]) == (0, 0)
        said = cli("import", str(again), "--db", str(db)).stdout
        assert said.startswith("Imported 0 claims") and "already recorded" in said
    assert _shape(cli, a) == merged_a


def test_a_merge_says_which_claims_took_new_ids(cli, ledgers, tmp_path):
    a, b = ledgers
    b_file = tmp_path / "b.jsonl"
    b_file.write_text(cli("export", "--db", str(b)).stdout, encoding="utf-8")
    said = cli("import", str(b_file), "--db", str(a)).stdout
    assert "3 claims under a new id (links and decisions follow)" in said
