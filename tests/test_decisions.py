"""Decisions with a history: a finding can be reopened and decided again,
nothing is overwritten, the decision that stands shows in every report
format, and `history` lists them all."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest


@pytest.fixture
def finding(cli, isolated_db):
    """A tenfold slip on the Expo's visitor count: (finding id, the right claim, the slip)."""
    for name in ("Asahi", "NHK"):
        cli("sources", "add", name)
    right = cli.json("add", "expo/visitors", "来場者は2820万人", "--source", "Asahi", "--value", "2820万人")["id"]
    slip = cli.json("add", "expo/visitors", "来場者は2億8200万人", "--source", "NHK", "--value", "2億8200万人")["id"]
    (found,) = cli.json("report")["contradictions"]
    return found["id"], right, slip


def test_a_reopened_finding_is_open_again_and_its_wrong_claim_compared_again(cli, finding):
    fid, _, slip = finding
    cli("resolve", fid, "--status", "wrong-claim", "--claim", str(slip), "--note", "a tenfold slip", "--by", "ana")
    assert cli.json("report")["contradictions"] == []
    said = cli("resolve", fid, "--reopen", "--note", "NHK stands by its figure", "--by", "ken").stdout
    assert said.startswith(f"Reopened {fid} (it was resolved: claim {slip} is wrong by ana on ")
    assert said.rstrip().endswith(f"Claim {slip} is compared again.")
    (open_again,) = cli.json("report")["contradictions"]
    assert open_again["id"] == fid and not open_again["resolved"]
    assert cli.json("show", str(slip))["marked_wrong"] == []
    cli("report", "--check", code=1)
    # Decided again, this time as explained: it stands, and the report says so.
    cli("resolve", fid, "--note", "NHK counted staff and re-entries", "--by", "ken")
    (shown,) = cli.json("report", "--all")["contradictions"]
    assert (shown["resolution"]["status"], shown["resolution"]["note"]) == ("explained",
                                                                           "NHK counted staff and re-entries")
    cli("report", "--check")


def test_history_lists_every_decision_oldest_first(cli, finding):
    fid, right, slip = finding
    cli("resolve", fid, "--status", "wrong-claim", "--claim", str(slip), "--note", "a tenfold slip", "--by", "ana")
    cli("resolve", fid, "--reopen", "--note", "NHK stands by its figure", "--by", "ken")
    cli("resolve", fid, "--note", "NHK counted staff and re-entries", "--by", "ken")
    found = cli.json("history", fid)
    assert [(d["status"], d["resolved_by"]) for d in found["decisions"]] == [
        ("wrong-claim", "ana"), ("reopened", "ken"), ("explained", "ken")]
    assert found["standing"]["note"] == "NHK counted staff and re-entries"
    assert all(len(d["uid"]) == 32 for d in found["decisions"])
    lines = cli("history", fid).stdout.splitlines()
    assert len(lines) == 4 and "  reopened by ken: NHK stands by its figure" in lines[1]
    assert lines[-1] == "Stands: explained."
    # A claim's history: the decisions that name it.
    about = cli.json("history", str(right))
    assert about["claim"] == right and len(about["decisions"]) == 3
    assert "No decision names this claim." not in cli("history", str(right)).stdout


def test_reopen_refuses_what_it_cannot_do(cli, finding):
    fid, _, slip = finding
    nothing = cli("resolve", fid, "--reopen", "--note", "why", code=2).stderr
    assert f"{fid} is not resolved: there is nothing to reopen" in nothing
    cli("resolve", fid, "--note", "first")
    both = cli("resolve", fid, "--reopen", "--status", "accepted", "--note", "why", code=2).stderr
    assert "--reopen opens the finding again: leave out --status" in both
    assert "names no claim" in cli("resolve", fid, "--reopen", "--claim", str(slip), "--note", "w", code=2).stderr
    assert "'x-1' is neither a finding id" in cli("history", "x-1", code=2).stderr
    assert "ID: r-1-2 is a revision" in cli("history", "r-1-2", code=2).stderr
    assert "ID: expected a claim id" in cli("history", "c-0-1", code=2).stderr
    assert "no claim with id 99" in cli("history", "99", code=2).stderr
    assert cli("history", "v-1-2").stdout.count("\n") >= 1


def test_every_report_format_shows_the_decision_that_stands(cli, finding, tmp_path):
    fid, _, slip = finding
    cli("resolve", fid, "--status", "wrong-claim", "--claim", str(slip), "--note", "a tenfold slip", "--by", "ana")
    said = f"claim {slip} is wrong by ana on "
    plain = cli("report", "--all").stdout
    assert f"decision: {said}" in plain and "a tenfold slip" in plain
    assert f"**Decision:** {said}" in cli("report", "--all", "--format", "markdown").stdout
    page = cli("report", "--all", "--format", "html").stdout
    assert f'<p class="decision"><strong>Decision:</strong> {said}' in page
    rows = list(csv.DictReader(io.StringIO(cli("report", "--all", "--format", "csv").stdout)))
    (row,) = [r for r in rows if r["id"] == fid]
    assert (row["resolved"], row["decision"], row["wrong_claim"], row["decided_by"], row["decision_note"]) == (
        "yes", "wrong-claim", str(slip), "ana", "a tenfold slip")
    (entry,) = cli.json("report", "--all")["contradictions"]
    assert entry["resolution"]["resolved_by"] == "ana" and entry["resolution"]["claim_id"] == slip
    # Without --all the finding is hidden, and counted as resolved.
    assert cli.json("report")["summary"]["resolved"] == 1


def test_decisions_and_links_travel_by_uid(cli, finding, tmp_path):
    """A file names the claims a correction or a decision is about by uid, so the
    links hold in a ledger that numbers those claims otherwise."""
    fid, right, slip = finding
    cli("resolve", fid, "--status", "wrong-claim", "--claim", str(slip), "--note", "a tenfold slip")
    cli("resolve", fid, "--reopen", "--note", "asked NHK again")
    cli("add", "expo/visitors", "来場者は2820万人（確定）", "--source", "Asahi", "--value", "2820万人",
        "--supersedes", str(right))
    exported = [json.loads(line) for line in cli("export").stdout.splitlines()]
    uids = {r["id"]: r["uid"] for r in exported if r["type"] == "claim"}
    (correction,) = [r for r in exported if r.get("supersedes")]
    assert correction["supersedes_uid"] == uids[right]
    decisions = [r for r in exported if r["type"] == "resolution"]
    assert [d["status"] for d in decisions] == ["wrong-claim", "reopened"]
    assert all(d["claim_uids"] == [uids[right], uids[slip]] for d in decisions)
    # Another ledger holds other claims first; the file's ids would point at them.
    other = tmp_path / "other.db"
    cli("sources", "add", "Asahi", "--db", other)
    for n in range(3):
        cli("add", "expo/cost", f"費用{n}", "--source", "Asahi", "--value", f"{1850 + n}億円", "--db", other)
    for r in exported:  # links by uid alone
        if r["type"] == "claim":
            r.pop("id")
            r.pop("supersedes")
    path = tmp_path / "shared.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in exported), encoding="utf-8")
    result = cli.json("import", path, "--db", other)
    assert (result["claims_added"], result["resolutions_added"]) == (3, 2)
    here = {c["text"]: c["id"] for c in cli.json("log", "--db", other)}
    shown = cli.json("show", str(here["来場者は2820万人"]), "--db", other)
    assert shown["superseded_by"] == [here["来場者は2820万人（確定）"]]
    history = cli.json("history", str(here["来場者は2億8200万人"]), "--db", other)["decisions"]
    assert [d["status"] for d in history] == ["wrong-claim", "reopened"]
    assert history[0]["claim_id"] == here["来場者は2億8200万人"]
    assert cli.json("import", path, "--db", other)["resolutions_added"] == 0
    # A link to a claim neither ledger nor file has is refused, with its line.
    lost = tmp_path / "lost.jsonl"
    lost.write_text(json.dumps({"key": "expo/visitors", "text": "x", "source": "Asahi",
                                "supersedes_uid": "f" * 32}) + "\n", encoding="utf-8")
    error = cli("import", lost, "--db", other, code=2).stderr
    assert f"{lost}:1: supersedes_uid: the claim it supersedes (uid {'f' * 32}) is neither in this ledger" in error


def test_decisions_are_append_only(isolated_db, cli, finding):
    fid, _, _ = finding
    cli("resolve", fid, "--note", "first")
    conn = sqlite3.connect(isolated_db)
    for sql in ("UPDATE resolutions SET note = 'edited'", "DELETE FROM resolutions"):
        with pytest.raises(sqlite3.IntegrityError, match="decisions are append-only"):
            conn.execute(sql)


def test_decisions_recorded_before_a_history_are_kept_and_get_a_uid(tmp_path, cli):
    from claimtrack.store import migrations
    from claimtrack.store.db import connect

    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    done = [name for name, _ in migrations.STEPS].index("m010_decision_history")
    migrations.apply_pending(old, migrations.STEPS[:done])
    old.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('jiji', 'Jiji', 'agency', '2025-01-01')")
    for i, value in enumerate(("500", "5000")):
        old.execute(
            "INSERT INTO claims (key, text, source, recorded_at, fingerprint, uid, value_raw, value_kind, value_amount,"
            " value_normalized) VALUES ('k', ?, 'jiji', '2025-01-01T00:00:00+00:00', ?, ?, ?, 'quantity', ?, ?)",
            (f"t{i}", bytes([i]), f"{i:032x}", value, value, value),
        )
    old.execute("INSERT INTO resolutions (finding_id, status, claim_id, note, resolved_by, resolved_at) "
                "VALUES ('v-1-2', 'wrong-claim', 2, 'a slip', 'ana', '2025-02-01T00:00:00+00:00')")
    old.close()
    conn = connect(path)
    (row,) = conn.execute("SELECT finding_id, status, claim_id, note, resolved_by, uid FROM resolutions").fetchall()
    assert row[:5] == ("v-1-2", "wrong-claim", 2, "a slip", "ana") and len(row[5]) == 32
    conn.close()
    said = cli("resolve", "v-1-2", "--reopen", "--note", "checked again", "--db", path).stdout
    assert said.startswith("Reopened v-1-2")


@pytest.fixture
def twins(cli, tmp_path):
    """Two ledgers with the same three claims recorded in another order: in P,
    X=1, Y=2, Z=3; in Q, Z=1, X=2, Y=3. X says 大統領, Y and Z 前大統領."""
    p, q = tmp_path / "p.db", tmp_path / "q.db"
    claims = {"X": ("X says president", "S1", "大統領"), "Y": ("Y says former", "S2", "前大統領"),
              "Z": ("Z says former", "S3", "前大統領")}
    for db, order in ((p, "XYZ"), (q, "ZXY")):
        for source in ("S1", "S2", "S3"):
            cli("sources", "add", source, "--db", db)
        for name in order:
            text, source, value = claims[name]
            cli("add", "t/title", text, "--source", source, "--value", value, "--db", db)
    return p, q


def _merge(cli, tmp_path, p, q):
    for src in (p, q):
        path = tmp_path / f"{src.stem}.jsonl"
        path.write_text(cli("export", "--db", src).stdout, encoding="utf-8")
    cli("import", tmp_path / "p.jsonl", "--db", q)
    cli("import", tmp_path / "q.jsonl", "--db", p)


def _decided(cli, db):
    """Each contradiction of a ledger as its claims' texts, with the decision that stands."""
    text = {c["id"]: c["text"] for c in cli.json("log", "--db", db)}
    return sorted((tuple(sorted(text[i] for side in f["side_claims"] for i in side)),
                   f["resolution"]["status"] if f["resolved"] else "open",
                   f["resolution"]["note"] if f["resolved"] else "")
                  for f in cli.json("report", "--all", "--db", db)["contradictions"])


def test_merged_ledgers_agree_which_decision_stands_whatever_the_finding_ids(cli, twins, tmp_path):
    p, q = twins
    cli("resolve", "c-1-2", "--note", "desk first", "--db", q, "--by", "desk")
    cli("resolve", "c-1-2", "--status", "accepted", "--note", "later", "--db", p, "--by", "ana")
    _merge(cli, tmp_path, p, q)
    assert _decided(cli, p) == _decided(cli, q)
    (decided,) = _decided(cli, p)
    assert decided[1:] == ("accepted", "later")
    assert [d["note"] for d in cli.json("history", "c-1-2", "--db", q)["decisions"]] == ["desk first", "later"]
    # Reopening in either ledger opens the finding, whichever ledger the decisions came from.
    cli("resolve", "c-1-2", "--reopen", "--note", "asked again", "--db", q)
    assert [f[1] for f in _decided(cli, q)] == ["open"]
    cli("report", "--check", "--db", q, code=1)


def test_a_decision_about_claims_that_moved_is_changed_under_its_own_id(cli, twins, tmp_path):
    p, q = twins
    cli("resolve", "c-1-2", "--status", "wrong-claim", "--claim", "2", "--note", "Y is wrong", "--db", p)
    _merge(cli, tmp_path, p, q)
    assert _decided(cli, p) == _decided(cli, q)
    (moved,) = {d["finding_id"] for d in cli.json("history", "3", "--db", q)["decisions"]}
    assert moved == "c-2-3"  # Y is claim 3 in Q, X claim 2
    said = cli("resolve", moved, "--note", "Y was right after all", "--db", q).stdout
    assert said.startswith("Resolved c-2-3 as explained. This replaces the decision claim 3 is wrong")
    assert cli.json("show", "3", "--db", q)["marked_wrong"] == []
    assert [f[1:] for f in _decided(cli, q)] == [("explained", "Y was right after all")]


def test_a_wrong_claim_that_is_not_its_sides_first_leaves_the_rest_open(cli, isolated_db, example_file):
    """c-10-16 holds claims 16 and 26 on one side: marking 26 wrong settles 10 against 26, not 10 against 16."""
    cli("import", example_file)
    said = cli("resolve", "c-10-16", "--status", "wrong-claim", "--claim", "26", "--note", "Asahi is wrong").stdout
    assert said.startswith("Resolved c-10-26 as wrong-claim; claim 26 is out of later comparisons.")
    found = {f["id"]: f for f in cli.json("report", "--all")["contradictions"] if f["key"] == "trump/title"}
    assert not found["c-10-16"]["resolved"] and found["c-10-26"]["resolution"]["claim_id"] == 26
    cli("report", "--check", code=1)


def test_every_wrong_claim_decision_is_listed_even_when_its_finding_id_is_taken(cli, isolated_db, example_file):
    cli("import", example_file)
    cli("resolve", "c-10-16", "--status", "wrong-claim", "--claim", "16", "--note", "16 is wrong")
    cli("resolve", "c-10-26", "--status", "wrong-claim", "--claim", "26", "--note", "26 is wrong")
    cli("resolve", "c-10-16", "--reopen", "--note", "16 may be right")
    found = {f["id"]: f for f in cli.json("report", "--all")["contradictions"] if f["key"] == "trump/title"}
    assert not found["c-10-16"]["resolved"]
    assert found["c-10-26"]["resolution"]["note"] == "26 is wrong"
    assert cli.json("report")["summary"]["resolved"] == 1


def test_a_new_decision_stands_even_after_one_dated_ahead(cli, finding, tmp_path):
    """A colleague's clock ran ahead: a decision made here after importing theirs still replaces it."""
    fid, right, slip = finding
    uids = {c["id"]: c["uid"] for c in cli.json("log")}
    ahead = tmp_path / "ahead.jsonl"
    ahead.write_text(json.dumps({"type": "resolution", "finding_id": fid, "status": "accepted", "note": "ahead",
                                 "resolved_at": "2099-01-01T00:00:00+00:00",
                                 "claim_uids": [uids[right], uids[slip]]}) + "\n", encoding="utf-8")
    cli("import", ahead)
    cli("resolve", fid, "--reopen", "--note", "reopened here")
    assert cli.json("report")["contradictions"][0]["id"] == fid
    assert cli.json("history", fid)["standing"] is None


@pytest.mark.parametrize("order", [("c-10-26", "c-10-16"), ("c-10-16", "c-10-26")])
def test_two_wrong_claims_of_one_finding_reopen_one_by_one(cli, isolated_db, example_file, order):
    cli("import", example_file)
    cli("resolve", "c-10-16", "--status", "wrong-claim", "--claim", "16", "--note", "16 is wrong")
    cli("resolve", "c-10-26", "--status", "wrong-claim", "--claim", "26", "--note", "26 is wrong")
    for fid in order:
        assert cli("resolve", fid, "--reopen", "--note", "asked again").stdout.startswith(f"Reopened {fid}")
    assert cli.json("show", "16")["marked_wrong"] == [] and cli.json("show", "26")["marked_wrong"] == []
    assert cli.json("history", "c-10-16")["standing"] is None
    assert cli.json("report")["summary"]["resolved"] == 0


def test_a_rules_error_is_resolved_by_its_decision():
    """An error finding has its claims on one side: a decision on its id still resolves it."""
    from claimtrack.domain.model import Claim, Decisions, Resolution
    from claimtrack.domain.rules import check_key

    def rule_broken(claims, config):
        raise RuntimeError("boom")

    claims = [Claim(id=i, key="k", text=f"t{i}", source=f"s{i}", source_name=f"S{i}") for i in (1, 2)]
    (error,) = check_key(claims, rules=(rule_broken,)).findings
    decision = Resolution(finding_id=error.id, status="accepted", note="known", resolved_at="2025-01-01T00:00:00")
    made = Decisions((decision,))
    prefix = error.id.rsplit("-", 2)[0] + "-"
    assert error.id == "e-broken-1-2" and made.of(prefix, *(side.ids for side in error.sides)) == decision


def test_importing_a_file_twice_adds_nothing_the_second_time(cli, tmp_path, example_file):
    """Both ledgers decided alike; one then reopened: the other imports it once, and then nothing."""
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    for db in (one, two):
        cli("import", example_file, "--db", db)
        cli("resolve", "s-5-6", "--note", "same", "--db", db)
    cli("resolve", "s-5-6", "--reopen", "--note", "not so sure", "--db", two)
    shared = tmp_path / "two.jsonl"
    shared.write_text(cli("export", "--db", two).stdout, encoding="utf-8")
    first = cli.json("import", shared, "--db", one)
    assert cli.json("import", shared, "--db", one)["resolutions_added"] == 0
    assert first["resolutions_added"] == 1
    assert [d["status"] for d in cli.json("history", "s-5-6", "--db", one)["decisions"]] == ["explained", "reopened"]


def _listed(cli):
    """report --all on trump/title: each finding id with its decision (status, wrong claim), or open."""
    return {f["id"]: (f["resolution"]["status"], f["resolution"]["claim_id"]) if f["resolved"] else "open"
            for f in cli.json("report", "--all", "--key", "trump/title")["contradictions"]}


def test_every_standing_wrong_claim_decision_is_listed_once_under_its_own_id(cli, isolated_db, example_file):
    cli("import", example_file)
    cli("resolve", "c-10-16", "--status", "wrong-claim", "--claim", "16", "--note", "Jiji wrong")
    cli("resolve", "c-10-26", "--status", "wrong-claim", "--claim", "10", "--note", "Forbes wrong after all")
    assert _listed(cli) == {"c-10-16": ("wrong-claim", 16), "c-10-26": ("wrong-claim", 10)}
    summary = cli.json("report", "--key", "trump/title")["summary"]
    assert (summary["contradictions"], summary["resolved"]) == (2, 2)
    assert cli.json("history", "c-10-16")["standing"]["claim_id"] == 16


def test_report_history_and_reopen_tell_the_same_story(cli, isolated_db, example_file):
    cli("import", example_file)
    cli("resolve", "c-10-16", "--status", "wrong-claim", "--claim", "16", "--note", "N16")
    cli("resolve", "c-10-26", "--status", "wrong-claim", "--claim", "26", "--note", "N26")
    cli("resolve", "c-10-16", "--note", "E16: both right, different moments")
    assert _listed(cli) == {"c-10-16": ("explained", None), "c-10-26": ("wrong-claim", 26)}
    for fid, (status, _) in _listed(cli).items():
        assert cli.json("history", fid)["standing"]["status"] == status
    said = cli("resolve", "c-10-26", "--reopen", "--note", "26 back").stdout
    assert said.startswith("Reopened c-10-26 (it was resolved: claim 26 is wrong by ")
    assert said.rstrip().endswith("Claim 26 is compared again.")
    # Claim 26 is compared again; it joins 16's side of c-10-16, whose explanation still stands.
    assert _listed(cli) == {"c-10-16": ("explained", None)} and cli.json("show", "26")["marked_wrong"] == []
    assert cli.json("history", "c-10-26")["standing"]["note"] == "E16: both right, different moments"


def test_a_rules_error_is_accepted_not_given_a_wrong_claim(conn, monkeypatch):
    from claimtrack.domain import rules
    from claimtrack.domain.model import Source
    from claimtrack.domain.records import claim_input
    from claimtrack.errors import ClaimtrackError
    from claimtrack.services import claims as claim_service
    from claimtrack.services import report as report_service
    from claimtrack.services.sources import add_source

    def rule_broken(claims, config):
        raise RuntimeError("boom")

    real = rules.check_key
    monkeypatch.setattr(report_service, "check_key",
                        lambda claims, config, excluded: real(claims, config, excluded, rules=(rule_broken,)))
    monkeypatch.setattr(report_service, "check",
                        lambda claims, config, excluded: rules.check(claims, config, excluded, rules=(rule_broken,)))
    for name in ("A", "B"):
        add_source(conn, Source(id=name.lower(), name=name))
        claim_service.record(conn, claim_input({"key": "k", "text": name, "source": name.lower(), "value": name}))
    with pytest.raises(ClaimtrackError, match="a rule that failed, not a disagreement"):
        report_service.resolve(conn, "e-broken-1-2", note="n", status="wrong-claim", claim_id=1)
    report_service.resolve(conn, "e-broken-1-2", note="a known fault", status="accepted")
    (result,) = report_service.report(conn, report_service.ReportQuery(show_resolved=True)).results
    (error,) = result.findings
    assert error.id == "e-broken-1-2"
    assert report_service.report(conn).summary.unresolved == 0


def _readme_flow(cli, example_file):
    cli("import", example_file)
    cli("resolve", "c-10-16", "--status", "wrong-claim", "--claim", "16", "--note", "n1")
    cli("resolve", "c-10-26", "--status", "wrong-claim", "--claim", "26", "--note", "n2")


def test_resolve_names_every_decision_it_replaces(cli, isolated_db, example_file):
    _readme_flow(cli, example_file)
    cli("resolve", "c-10-16", "--status", "wrong-claim", "--claim", "10", "--note", "w10")
    done = cli.json("resolve", "c-10-26", "--status", "wrong-claim", "--claim", "16", "--note", "w16")
    assert {d["note"] for d in done["replaces"]} == {"n2", "w10"}
    assert cli.json("show", "10")["marked_wrong"] == [] and cli.json("show", "26")["marked_wrong"] == []
    assert [w["note"] for w in cli.json("show", "16")["marked_wrong"]] == ["w16"]


def test_a_wrong_claim_decision_stays_listed_after_the_other_claim_is_corrected(cli, isolated_db, example_file):
    _readme_flow(cli, example_file)
    cli("add", "trump/title", "トランプ大統領の会談", "--source", "forbes-japan", "--value", "大統領",
        "--supersedes", "10")
    listed = _listed(cli)
    assert listed["c-10-16"] == ("wrong-claim", 16) and listed["c-10-26"] == ("wrong-claim", 26)


def test_a_wrong_claim_decided_under_a_tolerance_is_listed_without_it(cli, isolated_db):
    """Only --tolerance 0 shows Reuters' "about 28 million" against 28.2 million; a claim marked wrong
    there is still listed by a plain report --all, as show says it is marked wrong."""
    from pathlib import Path

    cli("import", Path(__file__).parents[1] / "data" / "expo-2025.jsonl")
    strict = ("--tolerance", "0", "--approx-tolerance", "0")
    assert "v-18-19" in {f["id"] for f in cli.json("report", *strict)["contradictions"]}
    assert "v-18-19" not in {f["id"] for f in cli.json("report", "--all")["contradictions"]}
    cli("resolve", "v-18-19", *strict, "--status", "wrong-claim", "--claim", "19", "--note", "rounded")
    listed = {f["id"]: f for f in cli.json("report", "--all")["contradictions"]}
    assert listed["v-18-19"]["resolution"]["claim_id"] == 19 and cli.json("show", "19")["marked_wrong"]


def test_two_people_resolving_one_finding_at_once_are_taken_in_turn(finding, isolated_db):
    """The second sees the first's decision: reading what stands and writing happen in one transaction."""
    import threading

    from claimtrack.errors import ClaimtrackError
    from claimtrack.services.report import resolve
    from claimtrack.store.db import connect

    fid, _, slip = finding
    first = connect(isolated_db)
    first.execute("BEGIN IMMEDIATE")  # the first is writing its decision and has not committed yet
    resolve(first, fid, note="a tenfold slip", status="wrong-claim", claim_id=slip, by="ana")
    outcome: list[object] = []

    def at_the_same_time() -> None:
        try:
            outcome.append(resolve(connect(isolated_db), fid, note="a tenfold slip", status="wrong-claim",
                                   claim_id=slip, by="ken"))
        except ClaimtrackError as exc:
            outcome.append(exc)

    racer = threading.Thread(target=at_the_same_time)
    racer.start()
    racer.join(0.5)
    assert racer.is_alive(), "the second waits for the first to finish"
    first.execute("COMMIT")
    racer.join(10)
    (result,) = outcome
    assert isinstance(result, ClaimtrackError) and "already resolved so" in str(result)
    assert len(first.execute("SELECT * FROM resolutions").fetchall()) == 1
