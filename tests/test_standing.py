"""What became of a claim is visible where it is read: show and log say when
a correction supersedes it and when a decision marked it wrong."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def ledger(cli, isolated_db):
    for name in ("Asahi", "NHK"):
        cli("sources", "add", name)
    first = cli.json("add", "expo/visitors", "来場者は2820万人", "--source", "Asahi", "--value", "2820万人")["id"]
    fixed = cli.json("add", "expo/visitors", "来場者は2900万人（訂正）", "--source", "Asahi", "--value", "2900万人",
                     "--supersedes", str(first))["id"]
    other = cli.json("add", "expo/visitors", "来場者は2億9000万人", "--source", "NHK", "--value", "2億9000万人")["id"]
    return first, fixed, other


def test_show_names_the_correction_that_supersedes_a_claim(cli, ledger):
    first, fixed, _ = ledger
    assert cli.json("show", str(first))["superseded_by"] == [fixed]
    assert cli.json("show", str(fixed))["superseded_by"] == []
    shown = cli("show", str(first)).stdout
    assert f"superseded by  claim {fixed}" in shown
    assert "superseded by" not in cli("show", str(fixed)).stdout


def test_log_marks_superseded_and_wrong_claims(cli, ledger):
    first, fixed, other = ledger
    (finding,) = [f for f in cli.json("report")["contradictions"] if f["kind"] == "value"]
    cli("resolve", finding["id"], "--status", "wrong-claim", "--claim", str(other), "--note", "a tenfold typo")
    lines = {int(line.split("\t")[0]): line for line in cli("log").stdout.splitlines()}
    assert lines[first].endswith(f"[superseded by #{fixed}] 来場者は2820万人")
    assert lines[other].endswith("[marked wrong] 来場者は2億9000万人")
    assert lines[fixed].endswith("\t来場者は2900万人（訂正）")
    items = {item["id"]: item for item in cli.json("log")}
    assert items[first]["superseded_by"] == [fixed] and items[first]["marked_wrong"] == []
    assert [w["note"] for w in items[other]["marked_wrong"]] == ["a tenfold typo"]
    assert cli.json("show", str(other))["marked_wrong"][0]["finding_id"] == finding["id"]


def test_diff_marks_set_aside_claims_in_the_timeline(cli, ledger):
    first, fixed, other = ledger
    (finding,) = [f for f in cli.json("report")["contradictions"] if f["kind"] == "value"]
    cli("resolve", finding["id"], "--status", "wrong-claim", "--claim", str(other), "--note", "a tenfold typo")
    heads = {line.split("#")[1].split()[0]: line for line in cli("diff", "expo/visitors").stdout.splitlines()
             if "#" in line and not line.startswith(" ")}
    assert heads[str(first)].rstrip().endswith(f"superseded by #{fixed}")
    assert heads[str(other)].rstrip().endswith("marked wrong")
    assert "superseded" not in heads[str(fixed)] and "wrong" not in heads[str(fixed)]
    claims = {c["id"]: c for c in cli.json("diff", "expo/visitors")["claims"]}
    assert claims[first]["superseded_by"] == [fixed] and claims[other]["marked_wrong"][0]["note"] == "a tenfold typo"
    by_source = cli.json("diff", "expo/visitors", "--by-source")["sources"]
    assert any(c["superseded_by"] == [fixed] for s in by_source for c in s["claims"])
    pair = cli("diff", str(first), str(fixed)).stdout
    assert f"superseded by #{fixed}" in pair


def test_a_correction_must_name_a_claim_under_its_own_key(cli, ledger):
    first, _, _ = ledger
    cli("add", "expo/cost", "会場建設費は2350億円", "--source", "Asahi", "--value", "2350億円")
    before = len(cli.json("log"))
    result = cli("add", "expo/cost", "会場建設費は2350億円（訂正）", "--source", "Asahi", "--supersedes", str(first),
                 code=2)
    assert result.stderr.strip() == (f"Error: --supersedes: claim {first} is under expo/visitors, not expo/cost: "
                                     "a correction supersedes a claim under its own key")
    assert len(cli.json("log")) == before


def test_a_claim_corrected_twice_needs_force_and_a_reason(cli, ledger, tmp_path):
    first, fixed, _ = ledger
    again = ("add", "expo/visitors", "来場者は2880万人（再訂正）", "--source", "Asahi", "--value", "2880万人",
             "--supersedes", str(first))
    refused = cli(*again, code=2).stderr.strip()
    assert refused == (f"Error: --supersedes: claim {first} is already superseded by claim {fixed}; supersede "
                       f"{fixed} instead, or pass --force with a --note saying why")
    assert "needs --note saying why" in cli(*again, "--force", code=2).stderr
    assert "goes with --supersedes" in cli("add", "expo/visitors", "x", "--source", "Asahi", "--force", "--note", "n",
                                           code=2).stderr
    second = cli.json(*again, "--force", "--note", "two desks corrected the same figure")["id"]
    assert cli.json("show", str(first))["superseded_by"] == [fixed, second]
    # The export of such a ledger imports again, but a hand-written file may not fork a claim.
    exported = tmp_path / "ledger.jsonl"
    exported.write_text(cli("export").stdout, encoding="utf-8")
    cli("import", str(exported), "--db", str(tmp_path / "copy.db"))
    assert cli.json("show", str(first), "--db", str(tmp_path / "copy.db"))["superseded_by"] == [fixed, second]
    hand = tmp_path / "hand.jsonl"
    hand.write_text(json.dumps({"key": "expo/visitors", "text": "3度目", "source": "Asahi", "supersedes": first},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    assert f"{hand}:1: supersedes: claim {first} is already superseded" in cli("import", str(hand), code=2).stderr


def test_import_refuses_a_decision_about_claims_it_does_not_have(cli, isolated_db, tmp_path):
    path = tmp_path / "decisions.jsonl"
    path.write_text(json.dumps({"type": "resolution", "finding_id": "v-900-901", "status": "explained", "note": "x",
                                "resolved_at": "2025-01-01T00:00:00+00:00"}) + "\n", encoding="utf-8")
    refused = cli("import", str(path), code=2).stderr.strip()
    assert refused == f"Error: {path}:1: finding_id: v-900-901 is about claims 900 and 901, which do not exist"


def test_import_counts_the_decisions_it_adds(cli, ledger, tmp_path):
    _, _, other = ledger
    (finding,) = [f for f in cli.json("report")["contradictions"] if f["kind"] == "value"]
    cli("resolve", finding["id"], "--status", "wrong-claim", "--claim", str(other), "--note", "a tenfold typo")
    exported = tmp_path / "ledger.jsonl"
    exported.write_text(cli("export").stdout, encoding="utf-8")
    said = cli("import", str(exported), "--db", str(tmp_path / "copy.db")).stdout.strip()
    assert said.startswith("Imported 3 claims from") and said.endswith("; 1 resolution added.")
    again = cli.json("import", str(exported), "--db", str(tmp_path / "copy.db"))
    assert (again["resolutions_added"], again["resolutions_skipped"]) == (0, 1)
    assert cli("import", str(exported), "--db", str(tmp_path / "copy.db")).stdout.strip().endswith(
        "; 1 resolution already recorded.")
