"""The report judges like a careful editor: across currencies and time, with
nothing left out silently, and each source named with its own value."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from msgspec import structs

from claimtrack.domain.intervals import CheckConfig
from claimtrack.domain.money import PinnedRates, parse_pin
from claimtrack.domain.records import claim_input
from claimtrack.domain.rules import check_key
from claimtrack.render.wording import explain, explain_step


def _claim(i: int, value: str | None, *, source: str | None = None, on: str | None = None, speaker: str | None = None,
           stance: str = "asserts", **fields):
    record = {"key": "expo/venue-cost", "text": value or "t", "value": value, "stance": stance, **fields}
    draft = claim_input({k: v for k, v in record.items() if v is not None})
    name = source or f"Source {i}"
    return structs.replace(draft, id=i, source=name.lower(), source_name=name, claimed_on=on, speaker=speaker)


@pytest.fixture
def add(cli):
    for name in ("NHK", "Asahi", "Nikkei", "Kyodo", "Reuters", "Japan Times"):
        cli("sources", "add", name)

    def add(key, value, source, *extra):
        return cli.json("add", key, f"{source}: {value}", "--source", source, "--value", value, *extra)["id"]

    return add


# -- currencies ---------------------------------------------------------------

PINNED = CheckConfig(rates=PinnedRates(pins=(parse_pin("USDJPY=150"),)))


def test_amounts_in_two_currencies_are_compared_through_the_rate():
    """2350億円 against $16 billion is ten times off; against $1.6 billion it is the same figure rounded."""
    tenfold = check_key([_claim(1, "2350億円"), _claim(2, "$16 billion")], PINNED)
    (finding,) = tenfold.findings
    assert finding.kind == "value" and [r.pair for r in finding.rates] == ["JPYUSD"]
    assert "Converted at 1 USD = 150.00 JPY (pinned), allowing 15% for rounding." in explain(finding, PINNED)
    assert check_key([_claim(1, "2350億円"), _claim(2, "$1.6 billion")], PINNED).findings == ()
    # Within the band for a rounded conversion, beyond it not: 2350億円 is $1.567 billion at 150.
    assert check_key([_claim(1, "2350億円"), _claim(2, "$1.8 billion")], PINNED).findings == ()
    assert check_key([_claim(1, "2350億円"), _claim(2, "$1.9 billion")], PINNED).findings != ()
    tight = dataclasses.replace(PINNED, fx_tolerance=Decimal("0.05"))
    assert check_key([_claim(1, "2350億円"), _claim(2, "$1.8 billion")], tight).findings != ()


def test_without_a_rate_the_pair_is_listed_as_not_compared():
    result = check_key([_claim(1, "2350億円"), _claim(2, "$16 billion")])  # CheckConfig() has no rates
    assert result.findings == ()
    (entry,) = result.not_compared
    assert (entry.reason, entry.claim_ids, entry.details) == ("no_rate", (1, 2), ("JPY→USD latest",))


def test_the_report_converts_at_the_ecb_rate_of_the_claims_date(cli, add):
    add("expo/venue-cost", "2350億円", "NHK", "--date", "2023-10-20")
    add("expo/venue-cost", "$16 billion", "Reuters", "--date", "2023-10-20")
    (finding,) = cli.json("report")["contradictions"]
    (rate,) = finding["rates"]
    assert rate["pair"] == "JPYUSD" and rate["on"] == "2023-10-20" and rate["source"] == "ECB"
    assert Decimal("149") < 1 / Decimal(rate["rate"]) < Decimal("151")  # the ECB's USD/JPY that day: 149.94
    assert "Converted at 1 USD = 149.94 JPY (ECB, 2023-10-20)" in finding["explanation"]
    assert cli("report", "--check", code=1).stdout
    # A rate given for the report wins; so does one pinned in the ledger.
    assert cli.json("report", "--rate", "USDJPY=15")["contradictions"] == []
    assert cli("rates", "pin", "usd/jpy=15").stdout.strip() == "USDJPY is pinned at 15."
    assert cli.json("report")["contradictions"] == []
    assert cli.json("rates", "list") == [{"pair": "USDJPY", "rate": "15"}]
    assert cli("rates", "unpin", "JPYUSD").stdout.strip() == "USDJPY is no longer pinned."
    assert cli("rates", "unpin", "USDJPY").stdout.strip() == "USDJPY was not pinned."
    assert len(cli.json("report")["contradictions"]) == 1


def test_a_pinned_rate_travels_with_the_ledger(cli, add, tmp_path):
    add("k/budget", "UAH 1,000 billion", "Kyodo", "--date", "2025-03-01")
    add("k/budget", "$24 billion", "Reuters", "--date", "2025-03-01")
    # The ECB publishes no hryvnia rate: not compared, and the report says how to give one.
    (entry,) = cli.json("report")["not_compared"]
    assert entry["reason"] == "no_rate" and entry["details"] == ["UAH→USD 2025-03-01"]
    assert "Give one with --rate UAHUSD=RATE (one UAH in USD)" in entry["explanation"]
    cli("rates", "pin", "USDUAH=41.5")
    assert cli.json("report")["not_compared"] == []
    ledger = tmp_path / "ledger.jsonl"
    cli("export", "-o", ledger)
    assert {"type": "rate", "pair": "USDUAH", "rate": "41.5"} in map(json.loads, ledger.read_text().splitlines())
    copy = tmp_path / "copy.db"
    assert "1 rate pinned" in cli("import", ledger, "--db", copy).stdout
    assert cli.json("rates", "list", "--db", copy) == [{"pair": "USDUAH", "rate": "41.5"}]


@pytest.mark.parametrize(("given", "message"), [
    ("USDJPY", "'--rate': 'USDJPY' is not a rate; write it as USDJPY=150"),
    ("USDJPY=-3", "the rate must be a positive number"),
    ("USDUSD=1", "a rate converts one currency to another"),
    ("USDJPY=1e999999", "no two currencies are that far apart"),
])
def test_a_bad_rate_is_refused_with_how_to_write_one(cli, given, message):
    assert message in cli("report", "--rate", given, code=2).stderr


def test_a_conversion_band_of_100_percent_or_more_is_refused(cli):
    err = cli("report", "--fx-tolerance", "150%", code=2).stderr
    assert err.strip() == "Error: --fx-tolerance: 150% would allow any smaller amount; give less than 100%"
    assert "'USDJPY' gives no rate: write PAIR=RATE" in cli("rates", "pin", "USDJPY", code=2).stderr


def test_bad_rate_lines_in_an_import_name_line_and_field(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "rate", "pair": "USDJPY", "rate": "lots"}\n', encoding="utf-8")
    err = cli("import", bad, code=2).stderr
    assert "bad.jsonl:1: rate:" in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_the_rate_table_is_not_loaded_unless_a_key_mixes_currencies(tmp_path):
    script = f"""
import sys
from claimtrack.services import claims, report
from claimtrack.domain.records import claim_input
from claimtrack.domain.model import Source
from claimtrack.services.sources import add_source
from claimtrack.store.db import connect
conn = connect({str(tmp_path / "c.db")!r})
add_source(conn, Source(id="a", name="A"))
add_source(conn, Source(id="b", name="B"))
claims.record(conn, claim_input({{"key": "k", "text": "t", "source": "a", "value": "2350億円"}}))
claims.record(conn, claim_input({{"key": "k", "text": "u", "source": "b", "value": "1850億円"}}))
assert report.report(conn).summary.findings == 1
print("currency_converter" in sys.modules)
claims.record(conn, claim_input({{"key": "k", "text": "v", "source": "b", "value": "$16 billion"}}))
report.report(conn)
print("currency_converter" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


# -- time ---------------------------------------------------------------------


def test_an_estimate_revised_over_years_is_revisions_not_contradictions(cli, add):
    add("expo/venue-cost", "1250億円", "Asahi", "--date", "2018-11-24")
    add("expo/venue-cost", "1850億円", "Nikkei", "--date", "2020-12-21")
    add("expo/venue-cost", "約2350億円", "Kyodo", "--date", "2023-10-19")
    add("expo/venue-cost", "2350億円", "NHK", "--date", "2023-10-20")
    out = cli.json("report")
    assert out["contradictions"] == []
    (revisions,) = out["revisions"]
    assert [(s["from"], s["to"], s["value_change"]["ratio"]) for s in revisions["steps"]] == [
        (1, 2, "1.48"), (2, 3, "1.27027")]
    assert out["summary"]["revisions"] == 2
    # Every format carries them.
    assert "1250億円 (Asahi, 2018-11-24) became 1850億円 (Nikkei, 2020-12-21), +48%." in cli("report").stdout
    assert "### Revisions" in cli("report", "--format", "markdown").stdout
    rows = list(csv.DictReader(io.StringIO(cli("report", "--format", "csv").stdout)))
    assert [(r["id"], r["kind"]) for r in rows] == [("r-1-2", "revision"), ("r-2-3", "revision")]
    assert 'id="r-2-3"' in cli("report", "--format", "html").stdout
    # A window as wide as the years compares them all: then they contradict.
    assert {c["kind"] for c in cli.json("report", "--window", "2000")["contradictions"]} == {"value"}


def test_a_later_claim_from_the_same_origin_replaces_its_earlier_one():
    """Asahi said 1250億円, then 1850億円; Nikkei said 1850億円 in between: Asahi revised, nobody contradicts."""
    claims = [
        _claim(1, "1250億円", source="Asahi", on="2025-03-01"),
        _claim(2, "1850億円", source="Nikkei", on="2025-03-05"),
        _claim(3, "1850億円", source="Asahi", on="2025-03-10"),
    ]
    result = check_key(claims)
    assert result.findings == ()
    (step,) = result.revisions
    assert (step.before.id, step.after.id, step.same_origin) == (1, 3, True)
    assert explain_step(step) == "Asahi revised 1250億円 (2025-03-01) to 1850億円 (2025-03-10), +48%."
    # However long after: Asahi's correction six weeks on still replaces its first figure.
    later = [*claims[:2], structs.replace(claims[2], claimed_on="2025-04-15")]
    assert check_key(later).findings == ()
    assert [(s.before.id, s.after.id) for s in check_key(later).revisions] == [(1, 3)]
    # Another speaker at the same outlet is another origin.
    quoted = [*claims[:2], structs.replace(claims[2], speaker="知事")]
    assert [f.kind for f in check_key(quoted).findings] == ["value"]


def test_claims_a_window_apart_are_compared_and_undated_ones_with_all():
    far = [_claim(1, "$350B", on="2025-01-01"), _claim(2, "$500B", on="2025-03-15")]
    assert check_key(far).findings == ()
    assert [f.kind for f in check_key(far, CheckConfig(window_days=90)).findings] == ["value"]
    undated = [*far, _claim(3, "$200B")]
    assert sorted(f.id for f in check_key(undated).findings) == ["v-1-3", "v-2-3"]


def test_what_the_report_found_under_its_options_is_resolved_under_them(cli, add):
    """A finding that exists only under --window 90, or only at a given
    --rate, is resolved with the same options; a revision id is not a finding."""
    add("expo/venue-cost", "1250億円", "Asahi", "--date", "2025-01-01")
    add("expo/venue-cost", "2350億円", "Nikkei", "--date", "2025-03-15")
    add("expo/ticket-sales", "2350億円", "NHK", "--date", "2025-03-15")
    add("expo/ticket-sales", "$1.6 billion", "Reuters", "--date", "2025-03-15")
    (revision,) = cli.json("report")["revisions"][0]["steps"]
    err = cli("resolve", revision["id"], "-m", "x", code=2).stderr
    assert f"{revision['id']} is a revision (a figure that changed over time), not a finding" in err
    assert [c["id"] for c in cli.json("report", "--window", "90")["contradictions"]] == ["v-1-2"]
    assert "resolved with the same options" in cli("resolve", "v-1-2", "-m", "revised", code=2).stderr
    cli("resolve", "v-1-2", "-m", "the estimate was revised", "--window", "90")
    assert cli("report", "--window", "90", "--check").stdout == ""
    # At the ECB's rate (about 149) $1.6 billion is 2350億円; at 100 it is not.
    assert [c["id"] for c in cli.json("report", "--rate", "USDJPY=100")["contradictions"]] == ["v-3-4"]
    cli("resolve", "v-3-4", "-m", "the rate in the wire copy was wrong", "--rate", "USDJPY=100")
    assert cli("report", "--rate", "USDJPY=100", "--check").stdout == ""


def test_one_disagreement_seen_from_overlapping_windows_is_one_finding():
    """NHK and Asahi against Nikkei and Kyodo, spread over seven weeks: each
    30-day window sees part of it, and the report says it once, naming all four."""
    claims = [
        _claim(1, "2820万人", source="NHK", on="2025-01-01"),
        _claim(2, "28.2 million visitors", source="Asahi", on="2025-01-20"),
        _claim(3, "1820万人", source="Nikkei", on="2025-01-25"),
        _claim(4, "18.2 million people", source="Kyodo", on="2025-02-15"),
    ]
    (finding,) = check_key(claims).findings
    assert (finding.id, [side.ids for side in finding.sides]) == ("v-1-3", [(3, 4), (1, 2)])
    said = explain(finding, CheckConfig())
    assert said.startswith("Nikkei says 1820万人 (18,200,000 人) and Kyodo says 18.2 million people")
    assert ", but NHK says 2820万人 (28,200,000 人) and Asahi says 28.2 million visitors" in said



def test_claims_that_state_their_time_are_compared_whenever_made():
    """The same as_of is the same time, however far apart the claims were made."""
    claims = [
        _claim(1, "2820万人", on="2023-12-01", as_of="2025"),
        _claim(2, "1820万人", on="2025-10-14", as_of="2025"),
    ]
    assert [f.kind for f in check_key(claims).findings] == ["value"]


# -- nothing silent -----------------------------------------------------------


@pytest.mark.parametrize(("values", "reason", "detail"), [
    (["2820万人", "$16 billion"], "units", ["USD", "people"]),
    (["1000 widgets", "28.2 million visitors"], "units", ["people", "widgets"]),
    (["2350億円", "2025年4月13日"], "value_kinds", ["date", "quantity"]),
    (["2350億円", "several billion yen"], "unreadable", ["several billion yen"]),
    (["$1.6 billion", "several billion dollars"], "unreadable", ["several billion dollars"]),
])
def test_every_pair_not_compared_is_listed_with_its_reason(cli, add, values, reason, detail):
    for value, source in zip(values, ("NHK", "Reuters"), strict=True):
        add("k/x", value, source)
    out = cli.json("report")
    assert [(e["key"], e["reason"], e["details"]) for e in out["not_compared"]] == [("k/x", reason, detail)]
    assert out["summary"]["not_compared_by_reason"] == {reason: 1}


def test_different_qualifiers_that_would_disagree_are_listed(cli, add):
    add("expo/ticket-price", "7,500円", "NHK", "--qualifier", "ticket=adult")
    add("expo/ticket-price", "¥6,000", "Japan Times")
    add("expo/ticket-price", "7500円", "Asahi", "--qualifier", "ticket=adult")
    (entry,) = cli.json("report")["not_compared"]
    assert (entry["reason"], entry["claims"], entry["details"]) == ("qualifiers", [1, 2, 3], ["", "ticket=adult"])
    assert "qualifiers differ (no qualifiers vs ticket=adult)" in entry["explanation"]
    # Agreeing claims need no entry, whatever their qualifiers.
    add("expo/ticket-price-child", "4,000円", "NHK", "--qualifier", "ticket=child")
    add("expo/ticket-price-child", "4000円", "Asahi")
    assert [e["key"] for e in cli.json("report")["not_compared"]] == ["expo/ticket-price"]


def test_terminal_and_markdown_count_by_reason_and_list_with_all(cli, add):
    add("k/x", "2820万人", "NHK")
    add("k/x", "$16 billion", "Reuters")
    plain = cli("report").stdout
    assert "1 set of claims not compared (units differ: 1)" in plain and "list them with --all" in plain
    assert "NOT COMPARED" not in plain and "k/x" not in plain
    listed = cli("report", "--all").stdout
    assert "NOT COMPARED [units differ]: Claims #1, #2 count different things (USD vs people)" in listed
    assert "### Not compared" not in cli("report", "--format", "markdown").stdout
    assert "### Not compared" in cli("report", "--format", "markdown", "--all").stdout
    assert [e["reason"] for e in cli.json("report", "--kind", "not-compared")["not_compared"]] == ["units"]


# -- wording ------------------------------------------------------------------


def test_each_source_is_named_with_its_own_value(cli, add):
    add("expo/venue-cost", "1250億円", "Asahi", "--date", "2023-10-01")
    add("expo/venue-cost", "1850億円", "Nikkei", "--date", "2023-10-02")
    add("expo/venue-cost", "約2000億円", "Kyodo", "--date", "2023-10-03")
    (finding,) = cli.json("report")["contradictions"]
    assert finding["explanation"].startswith(
        "Asahi says 1250億円 (JPY 125,000,000,000), but Nikkei says 1850億円 (JPY 185,000,000,000) and "
        "Kyodo says 約2000億円 (~JPY 200,000,000,000)")
    assert finding["sides"] == [
        [{"source": "Asahi", "claims": [1], "value": "1250億円"}],
        [{"source": "Nikkei", "claims": [2], "value": "1850億円"},
         {"source": "Kyodo", "claims": [3], "value": "約2000億円"}],
    ]


def test_sources_that_gave_one_figure_share_it():
    claims = [_claim(1, "$350B", source="Jiji"), _claim(2, "$500B", source="Forbes Japan"),
              _claim(3, "5000億ドル", source="Asahi")]
    (finding,) = check_key(claims).findings
    assert explain(finding).startswith(
        "Jiji says $350B (USD 350,000,000,000), but Forbes Japan says $500B (USD 500,000,000,000) and "
        "Asahi says 5000億ドル (USD 500,000,000,000)")
    dates = [_claim(1, "2025年4月12日", source="Blog"), _claim(2, "April 13, 2025", source="Kyodo"),
             _claim(3, "April 13, 2025", source="Reuters")]
    (near,) = check_key(dates).findings
    assert explain(near).startswith("Blog dates it 2025年4月12日, but Kyodo and Reuters date it April 13, 2025.")


def test_a_soft_bound_is_near_its_figure_on_both_sides():
    """'nearly 2 million' is not 500,000; 950人 is 1000人弱; 1万人強 is not 3万人."""
    assert [f.kind for f in check_key([_claim(1, "nearly 2 million people"), _claim(2, "500,000 people")]).findings] \
        == ["value"]
    assert check_key([_claim(1, "1000人弱"), _claim(2, "950人")]).findings == ()
    assert check_key([_claim(1, "1000人弱"), _claim(2, "1,200人")]).findings != ()
    assert check_key([_claim(1, "1万人強"), _claim(2, "3万人")]).findings != ()
    # A hard bound stays open: 'more than 10,000' agrees with 30,000.
    assert check_key([_claim(1, "1万人超"), _claim(2, "3万人")]).findings == ()
