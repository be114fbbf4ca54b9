"""`report` and `resolve` as a user runs them, on the example data and small ledgers."""

from __future__ import annotations

import csv
import io
import itertools
import json

import pytest


def test_example_data_shows_its_real_tensions(cli, seeded):
    out = cli.json("report")
    kinds = {(c["key"], c["kind"]) for c in out["contradictions"]}
    assert ("trump/title", "categorical") in kinds
    assert ("minerals-deal/security-guarantee", "stance") in kinds
    assert [(i["key"], i["reason"]) for i in out["not_compared"]] == [("minerals-deal/us-share", "units")]
    assert out["summary"]["claims"] >= 20 and out["summary"]["unresolved"] == len(out["contradictions"])
    for finding in out["contradictions"]:
        assert {"id", "key", "kind", "claims", "explanation", "resolved"} <= set(finding)
        assert len(finding["claims"]) == 2
    text = cli("report").stdout
    assert "大統領" in text and "前大統領" in text and "Forbes Japan" in text and "summary:" in text


def test_check_exits_1_then_0_after_each_finding_is_resolved(cli, seeded):
    result = cli("report", "--check", code=1)
    assert "trump/title" in result.stdout
    for _ in range(10):
        open_findings = [c for c in cli.json("report")["contradictions"] if not c["resolved"]]
        if not open_findings:
            break
        finding = open_findings[0]
        cli("resolve", finding["id"], "--note", "checked against the original articles")
    clean = cli("report", "--check")
    assert clean.stdout == "" and clean.stderr == ""
    assert cli.json("report")["contradictions"] == []
    shown = cli.json("report", "--all")["contradictions"]
    assert shown and all(c["resolved"] for c in shown)
    assert all(c["resolution"]["note"] == "checked against the original articles" for c in shown)
    assert all(c["resolution"]["status"] == "explained" and c["resolution"]["resolved_at"] for c in shown)


@pytest.fixture
def ledger(cli):
    cli("sources", "add", "Forbes Japan", "--domain", "forbesjapan.com")
    cli("sources", "add", "Jiji", "--alias", "時事ドットコム")
    cli("sources", "add", "Asahi")

    def add(key, text, source, *extra):
        return cli.json("add", key, text, "--source", source, *extra)["id"]

    return add


def test_approximate_500b_is_not_flagged_against_exact_500b(cli, ledger):
    ledger("minerals/value", "約5000億ドル相当", "Jiji", "--value", "約5000億ドル")
    ledger("minerals/value", "$500B in mineral rights", "Forbes Japan", "--value", "$500B")
    ledger("minerals/value", "at least 350 billion", "Asahi", "--value", "3,500億ドル以上")
    assert cli.json("report")["contradictions"] == []
    ledger("minerals/value", "$350B", "Asahi", "--value", "$350B")
    found = cli.json("report")["contradictions"]
    assert [f["kind"] for f in found] == ["value"]


def test_tolerance_option_widens_the_band(cli, ledger):
    ledger("k/v", "100 million", "Jiji", "--value", "100 million")
    ledger("k/v", "103 million", "Asahi", "--value", "103 million")
    assert len(cli.json("report")["contradictions"]) == 1
    assert cli.json("report", "--tolerance", "2%")["contradictions"] == []
    result = cli("report", "--tolerance", "lots", code=2)
    assert "Invalid value for '--tolerance': 'lots' is not a tolerance (e.g. 5% or 0.05)" in result.stderr
    result = cli("report", "--tolerance", "5", code=2)
    assert "'5' would be 500%; write 5% for 5 percent, or a fraction such as 0.05" in result.stderr
    assert cli.json("report", "--tolerance", "1")["contradictions"] == []  # 100% is allowed when written as 1


def test_one_day_apart_is_a_contradiction_unless_offsets_make_it_one_moment(cli, ledger):
    ledger("meeting/date", "2025年3月1日の会談", "Jiji", "--value", "2025年3月1日")
    ledger("meeting/date", "the February 28 meeting", "Asahi", "--value", "February 28, 2025")
    out = cli.json("report")
    assert [c["id"] for c in out["contradictions"]] == ["d-1-2"] and out["notes"] == []
    assert "two time zones" in out["contradictions"][0]["explanation"]
    assert cli("report", "--check", code=1)
    cli("resolve", "d-1-2", "--note", "Tokyo and Washington")  # what report prints can be resolved
    cli("report", "--check")
    ledger("meeting/time", "会談は3月1日午前", "Jiji", "--value", "2025-03-01T10:00:00+09:00")
    ledger("meeting/time", "the meeting on the evening of Feb 28", "Asahi", "--value", "2025-02-28T20:00:00-05:00")
    out = cli.json("report")
    assert [n["id"] for n in out["notes"]] == ["t-3-4"] and out["contradictions"] == []
    cli("resolve", "t-3-4", "--note", "one moment")  # a note can be resolved too
    assert cli.json("report")["notes"] == []


def test_different_as_of_and_qualifiers_are_not_conflicts(cli, ledger):
    ledger("poverty/rate", "15%", "Jiji", "--value", "15%", "--as-of", "2024")
    ledger("poverty/rate", "17%", "Asahi", "--value", "17%", "--as-of", "2025")
    ledger("poverty/rate", "9%", "Forbes Japan", "--value", "9%", "--as-of", "2025", "-q", "measure=absolute")
    assert cli.json("report")["contradictions"] == []


def test_a_correction_takes_the_old_claim_out(cli, ledger):
    old = ledger("k/v", "wrong figure", "Jiji", "--value", "$350B")
    ledger("k/v", "figure", "Asahi", "--value", "$500B")
    assert len(cli.json("report")["contradictions"]) == 1
    ledger("k/v", "corrected figure", "Jiji", "--value", "$500B", "--supersedes", str(old))
    assert cli.json("report")["contradictions"] == []


def test_the_summary_counts_every_claim_set_aside_in_what_the_report_covers(cli, ledger):
    """Superseded and marked-wrong claims are counted whether or not their key still holds a finding;
    the finding a wrong claim was found in is counted as a resolved contradiction, as any other."""
    old = ledger("k/quiet", "figure", "Jiji", "--value", "$500B")
    ledger("k/quiet", "same figure, reworded", "Jiji", "--value", "$500B", "--supersedes", str(old))
    ledger("k/title", "大統領", "Forbes Japan", "--value", "大統領")
    wrong = ledger("k/title", "前大統領", "Jiji", "--value", "前大統領")
    assert cli.json("report")["summary"]["set_aside"] == 1
    cli("resolve", "c-3-4", "--note", "n", "--status", "wrong-claim", "--claim", str(wrong))
    summary = cli.json("report")["summary"]
    assert (summary["claims"], summary["set_aside"], summary["contradictions"]) == (4, 2, 1)
    assert (summary["resolved"], summary["unresolved"]) == (1, 0)
    assert cli.json("report", "--key", "k/quiet")["summary"]["set_aside"] == 1


def test_wrong_claim_resolution(cli, ledger):
    ledger("trump/title", "トランプ大統領", "Forbes Japan", "--value", "大統領")
    wrong = ledger("trump/title", "トランプ前大統領", "Jiji", "--value", "前大統領")
    finding = cli.json("report")["contradictions"][0]
    result = cli("resolve", finding["id"], "--note", "x", "--status", "wrong-claim", code=2)
    assert "which claim is wrong?" in result.stderr
    result = cli("resolve", finding["id"], "--note", "x", "--status", "wrong-claim", "--claim", "999", code=2)
    assert "is not part of finding" in result.stderr
    done = cli.json("resolve", finding["id"], "--note", "Trump was president again from 20 January 2025",
                    "--status", "wrong-claim", "--claim", str(wrong), "--by", "editor")
    assert done["resolved_by"] == "editor" and done["status"] == "wrong-claim" and done["resolved_at"]
    assert cli.json("report")["summary"]["set_aside"] == 1
    shown = cli.json("show", str(wrong))
    assert shown["text"] == "トランプ前大統領"
    assert shown["marked_wrong"][0]["finding_id"] == finding["id"]
    assert shown["marked_wrong"][0]["resolved_by"] == "editor"
    assert f"marked wrong  in {finding['id']}" in cli("show", str(wrong)).stdout
    same = cli("resolve", finding["id"], "--note", "Trump was president again from 20 January 2025",
               "--status", "wrong-claim", "--claim", str(wrong), code=2)
    assert f"{finding['id']} is already resolved so (wrong-claim on " in same.stderr and "by editor" in same.stderr
    # A new decision replaces it; the claim it marked wrong is compared again.
    again = cli("resolve", finding["id"], "--note", "both titles were used that week", "--by", "desk").stdout
    assert again.startswith(f"Resolved {finding['id']} as explained. This replaces the decision claim {wrong} is "
                            "wrong by editor on ")
    assert cli.json("show", str(wrong))["marked_wrong"] == []
    (shown,) = cli.json("report", "--all")["contradictions"]
    assert shown["resolution"]["status"] == "explained" and cli.json("report")["summary"]["set_aside"] == 0


@pytest.mark.parametrize("args, message", [
    (("resolve", "nonsense", "--note", "x"), "'nonsense' is not a finding id"),
    (("resolve", "c-1-2", "--note", "x"), "no finding c-1-2"),
    (("report", "--format", "pdf"), "Invalid value for '--format' / '-f': 'pdf' is not one of 'terminal', 'plain'"),
    (("report", "--kind", "vibes"), "Invalid value for '--kind': 'vibes' is not one of 'value', 'date'"),
    (("report", "--json", "--format", "html"), "--json: --json asks for JSON, --format for html"),
    (("report", "--source", "Nobody"), "unknown source 'Nobody'"),
])
def test_usage_errors_exit_2_with_one_line(cli, ledger, args, message):
    result = cli(*args, code=2)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_every_format_on_the_example(cli, seeded):
    findings = cli.json("report")["contradictions"]
    md = cli("report", "--format", "markdown").stdout
    assert all(f["id"] in md for f in findings)
    rows = list(csv.DictReader(io.StringIO(cli("report", "--format", "csv").stdout)))
    assert sorted(r["id"] for r in rows) == sorted(f["id"] for f in findings)
    page = cli("report", "--format", "html").stdout
    assert page.lstrip().lower().startswith("<!doctype html>") and "前大統領" in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert json.loads(cli("report", "--format", "json").stdout) == json.loads(cli("report", "--json").stdout)


def test_html_escapes_claim_text(cli, ledger):
    ledger("k/c", "<script>alert(1)</script>", "Jiji", "--value", "signed")
    ledger("k/c", "not <b>signed</b>", "Asahi", "--value", "unsigned")
    page = cli("report", "--format", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_filters_narrow_the_report(cli, seeded):
    assert {c["key"] for c in cli.json("report", "--key", "trump")["contradictions"]} == {"trump/title"}
    assert {c["kind"] for c in cli.json("report", "--kind", "stance")["contradictions"]} == {"stance"}
    asahi = cli.json("report", "--source", "朝日新聞GLOBE+")["contradictions"]
    assert asahi and all("朝日新聞GLOBE+" in itertools.chain.from_iterable(c["sources"]) for c in asahi)


@pytest.mark.parametrize(("tolerance", "approx_tolerance", "seed"),
                         [("0", "0", 7), ("0.005", "0.1", 8), ("0.005", "0.1", 9), ("0.02", "0.3", 10)])
def test_sqlite_prefilter_never_drops_a_finding(conn, tolerance, approx_tolerance, seed):
    """Whatever SQLite discards, the pure check over every claim agrees: random
    ledgers with denials, corrections and claims marked wrong."""
    import random
    from decimal import Decimal

    from claimtrack.domain.model import Source
    from claimtrack.domain.records import claim_input
    from claimtrack.domain.rules import CheckConfig, check
    from claimtrack.services import claims as claim_service
    from claimtrack.services import report as report_service
    from claimtrack.services.sources import add_source
    from claimtrack.store import repo

    config = CheckConfig(tolerance=Decimal(tolerance), approx_tolerance=Decimal(approx_tolerance))
    rng = random.Random(seed)
    for name in ("A", "B", "C"):
        add_source(conn, Source(id=name.lower(), name=name))
    values = ["$500B", "$501B", "$503B", "$505B", "$510B", "約$520B", "$350B", "3,500億ドル以上", "up to $505B",
              "$400-550B", "50%", "51%",
              "500", "500.0000000001", "10000000000", "10000000001", "2025-03-01", "2025-02-28", "2025-02-20",
              "2025-03", "署名", "未署名", None]
    recorded: dict[str, list[int]] = {}
    for i in range(500):
        key = f"k/{rng.randrange(60)}"
        rec = {"key": key, "text": f"t{i}", "source": rng.choice("abc"),
               "value": rng.choice(values), "stance": "denies" if rng.random() < 0.1 else "asserts"}
        if recorded.get(key) and rng.random() < 0.3:  # a correction, at times a second one of the same claim
            rec["supersedes"] = rng.choice(recorded[key])
        recorded.setdefault(key, []).append(claim_service.record(conn, claim_input(rec), force=True)[0].id)
    for _ in range(5):  # mark some claims of current findings wrong
        findings = [f for r in report_service.report(conn, config=config).results for f in r.findings
                    if f.category == "contradiction"]
        if findings:
            finding = rng.choice(findings)
            report_service.resolve(conn, finding.id, note="n", status="wrong-claim", claim_id=finding.claims[1].id,
                                   config=config)
    _, wrong = report_service.decisions(conn)
    excluded = report_service._excluded(conn, wrong)
    everything = list(check(repo.iter_claims(conn, order="key"), config, excluded))
    expected = sorted(f.id for r in everything for f in r.findings if f.category != "note")
    expected_notes = sorted(n.id for r in everything for n in r.findings if n.category == "note")
    expected_skips = sorted((r.key, e.reason, e.claim_ids) for r in everything for e in r.not_compared)
    result = report_service.report(conn, report_service.ReportQuery(show_resolved=True), config=config)
    got = list(result.results)
    assert expected, "the random ledger should hold some findings"
    # With --all, the findings resolved by marking a claim wrong are listed too, that claim put back.
    settled = {fid for fid, d in result.resolutions.items() if d.status == "wrong-claim"}
    assert len(settled) == len(wrong)
    assert sorted(f.id for r in got for f in r.findings if f.category != "note" and f.id not in settled) == expected
    assert settled <= {f.id for r in got for f in r.findings}
    assert sorted(n.id for r in got for n in r.findings if n.category == "note") == expected_notes
    assert sorted((r.key, e.reason, e.claim_ids) for r in got for e in r.not_compared) == expected_skips


def test_prefilter_keeps_edge_cases_the_rules_flag(cli):
    cli("sources", "add", "A")
    cli("sources", "add", "B")
    cli("add", "k/bare", "500", "--source", "A", "--value", "500")
    cli("add", "k/bare", "$500", "--source", "B", "--value", "$500")
    cli("add", "k/edge", "ten billion", "--source", "A", "--value", "10000000000")
    cli("add", "k/edge", "ten billion and one", "--source", "B", "--value", "10000000001")
    assert [i["key"] for i in cli.json("report")["not_compared"]] == ["k/bare"]
    assert [c["key"] for c in cli.json("report", "--tolerance", "0")["contradictions"]] == ["k/edge"]
    assert [i["key"] for i in cli.json("report", "--source", "A")["not_compared"]] == ["k/bare"]


def test_prefilter_discards_keys_that_cannot_conflict(conn):
    from claimtrack.domain.intervals import CheckConfig
    from claimtrack.domain.model import Source
    from claimtrack.domain.records import claim_input
    from claimtrack.services import claims as claim_service
    from claimtrack.services.sources import add_source
    from claimtrack.store import repo

    add_source(conn, Source(id="a", name="A"))
    for i, value in enumerate(["$500B", "5000億ドル", "500 billion dollars"]):
        claim_service.record(conn, claim_input({"key": "k/agree", "text": f"t{i}", "source": "a", "value": value}))
    claim_service.record(conn, claim_input({"key": "k/alone", "text": "t", "source": "a", "value": "$1"}))
    claim_service.record(conn, claim_input({"key": "k/spread", "text": "t1", "source": "a", "value": "$1"}))
    claim_service.record(conn, claim_input({"key": "k/spread", "text": "t2", "source": "a", "value": "$2"}))
    for i, value in enumerate(["3,500億ドル以上", "$500B", "up to $600B", "$400-550B"]):
        claim_service.record(conn, claim_input({"key": "k/bounds", "text": f"t{i}", "source": "a", "value": value}))
    kept = {c.key for c in repo.report_candidates(conn, repo.ClaimFilter(), CheckConfig())}
    assert kept == {"k/spread"}


def test_amounts_longer_than_28_digits_stay_exact(cli):
    cli("sources", "add", "A")
    cli("sources", "add", "B")
    cli("add", "k/p", "a", "--source", "A", "--value", "1234567890123456789012345678901")
    cli("add", "k/p", "b", "--source", "B", "--value", "1234567890123456789012345678902")
    amounts = sorted(c["value"]["amount"] for c in cli.json("log"))
    assert amounts == ["1234567890123456789012345678901", "1234567890123456789012345678902"]
    assert [c["kind"] for c in cli.json("report", "--tolerance", "0")["contradictions"]] == ["value"]


def test_a_window_finds_what_a_new_claim_contradicts_however_old(cli, ledger):
    """report --since asks what new conflicts appeared: a claim in the window meets the older claims of its key."""
    ledger("expo/visitors", "2820万人", "Jiji", "--value", "2820万人", "--date", "2025-04-20")
    ledger("expo/visitors", "2820万人", "Asahi", "--value", "2820万人", "--date", "2025-05-02")
    ledger("expo/visitors", "2530万人", "Forbes Japan", "--value", "2530万人", "--date", "2025-05-03")
    ledger("expo/cost", "2350億円", "Jiji", "--value", "2350億円", "--date", "2025-04-01")
    ledger("expo/cost", "1850億円", "Asahi", "--value", "1850億円", "--date", "2025-04-02")
    found = cli.json("report", "--since", "2025-05-01")["contradictions"]
    assert [(f["key"], f["side_claims"]) for f in found] == [("expo/visitors", [[3], [1, 2]])]
    assert cli.json("report", "--since", "2025-05-01")["summary"]["claims"] == 2  # what the window covers
    assert [f["key"] for f in cli.json("report", "--until", "2025-04-30")["contradictions"]] == [
        "expo/cost", "expo/visitors"]
