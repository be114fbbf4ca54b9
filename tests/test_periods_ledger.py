"""Periods and relative dates in the ledger: recorded with their days, read
against the claim's own date, kept through export and import, and compared by
whether their days overlap."""

from __future__ import annotations

import json
import sqlite3

import pytest
from msgspec import structs

from claimtrack.domain.records import claim_input
from claimtrack.domain.rules import check_key
from claimtrack.store import migrations
from claimtrack.store.db import connect


def _claim(i: int, value: str, on: str | None = None):
    record = {"key": "expo/opening", "text": value, "value": value, **({"claimed_on": on} if on else {})}
    return structs.replace(claim_input(record), id=i, source=f"s{i}", source_name=f"Source {i}")


@pytest.fixture
def asahi(cli, isolated_db):
    cli("sources", "add", "Asahi")
    return isolated_db


def test_a_relative_value_is_read_against_the_claims_date(cli, asahi):
    claim = cli.json("add", "expo/opening", "開幕は昨日", "--source", "Asahi", "--value", "昨日",
                     "--date", "2025-04-14")
    value = claim["value"]
    assert (value["raw"], value["date"], value["start"], value["end"], value["relative_to"]) == (
        "昨日", "2025-04-13", "2025-04-13", "2025-04-13", "2025-04-14")
    assert cli.json("show", str(claim["id"]))["value"]["relative_to"] == "2025-04-14"


def test_a_relative_as_of_is_read_against_the_claims_date(cli, asahi):
    claim = cli.json("add", "expo/visitors", "先月の来場者は500万人", "--source", "Asahi", "--value", "500万人",
                     "--as-of", "先月", "--date", "2025-06-02")
    assert claim["as_of"] == "2025-05"


@pytest.mark.parametrize(("extra", "message"), [
    ((), "--value: cannot read '昨日' as a date: it is relative to a day that is not given; write the calendar "
         "date, or give the claim's date (--date)"),
    (("--date", "2025-04"), "the claim's date, 2025-04, is not one day"),
    (("--date", "先週"), "--date: cannot read '先週' as a date: it is relative"),
])
def test_a_relative_value_without_a_day_to_read_it_against_is_refused(cli, asahi, extra, message):
    result = cli("add", "expo/opening", "開幕は昨日", "--source", "Asahi", "--value", "昨日", *extra, code=2)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert cli.json("log") == []


def test_add_reads_fy_under_the_chosen_convention(cli, asahi):
    japan = cli.json("add", "budget/year", "FY2025 budget", "--source", "Asahi", "--value", "FY2025")
    us = cli.json("add", "budget/year", "FY2025 budget (US)", "--source", "Asahi", "--value", "FY2025",
                  "--fiscal-year", "us")
    assert (japan["value"]["start"], japan["value"]["end"]) == ("2025-04-01", "2026-03-31")
    assert (us["value"]["start"], us["value"]["end"]) == ("2024-10-01", "2025-09-30")
    assert "--fiscal-year" in cli("add", "--help").stdout
    assert cli("add", "k/x", "t", "--fiscal-year", "martian", code=2).stderr


def test_periods_and_relative_values_survive_export_and_import(cli, asahi, tmp_path):
    cli("add", "expo/opening", "開幕は昨日", "--source", "Asahi", "--value", "昨日", "--date", "2025-04-14")
    cli("add", "expo/budget", "US FY2025", "--source", "Asahi", "--value", "FY2025", "--fiscal-year", "us")
    cli("add", "expo/period", "会期", "--source", "Asahi", "--value", "2025年4月13日〜10月13日")
    exported = tmp_path / "ledger.jsonl"
    exported.write_text(cli("export").stdout, encoding="utf-8")
    other = tmp_path / "other.db"
    cli("import", str(exported), "--db", str(other))  # FY2025 keeps the reading it was exported with
    again = cli("export", "--db", str(other)).stdout
    claims = [json.loads(line) for line in again.splitlines() if json.loads(line).get("type", "claim") == "claim"]
    values = {c["key"]: c["value"] for c in claims}
    assert values["expo/opening"]["date"] == "2025-04-13" and values["expo/opening"]["relative_to"] == "2025-04-14"
    assert values["expo/budget"]["start"] == "2024-10-01"
    assert (values["expo/period"]["start"], values["expo/period"]["end"]) == ("2025-04-13", "2025-10-13")


def test_an_import_reads_relative_values_against_each_claims_date(cli, asahi, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"key": "expo/opening", "text": "a", "source": "Asahi", "value": "3月1日", "claimed_on": "2025-09-10"},
        {"key": "expo/opening", "text": "b", "source": "Asahi", "value": "先週の日曜日", "claimed_on": "2025-03-12"},
        {"key": "expo/opening", "text": "c", "source": "Asahi", "value": "昨日"},
    ]) + "\n", encoding="utf-8")
    result = cli("import", str(path), code=2)
    assert result.stderr.strip() == (
        f"Error: {path}:3: value: cannot read '昨日' as a date: it is relative to a day that is not given; "
        "write the calendar date, or give the claim's date (claimed_on)"
    )
    assert cli.json("log") == []  # all or nothing
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
    cli("import", str(path))
    dates = sorted((c["value"]["raw"], c["value"]["date"]) for c in cli.json("log"))
    assert dates == [("3月1日", "2025-03-01"), ("先週の日曜日", "2025-03-09")]


def test_parse_shows_the_period_and_what_a_relative_date_was_read_against(cli):
    assert cli("parse", "--date", "2025年度").stdout.strip() == "2025-04-01 to 2026-03-31 (fiscal-year)"
    assert cli("parse", "--date", "先週の日曜日", "--relative-to", "2025-03-12").stdout.strip() == (
        "2025-03-09 (day), read against 2025-03-12")
    assert cli("parse", "4月中旬", "--relative-to", "2025年3月12日").stdout.strip() == (
        "2025-04-11 to 2025-04-20 (ten-days), read against 2025-03-12  (date)")
    assert cli("parse", "--date", "FY2025", "--fiscal-year", "us").stdout.startswith("2024-10-01 to 2025-09-30")
    refused = cli("parse", "昨日", code=2).stderr.strip()
    assert refused.endswith("write the calendar date, or give the day it is relative to (--relative-to)")
    assert "is not one day" in cli("parse", "昨日", "--relative-to", "2025-03", code=2).stderr
    assert "--relative-to" in cli("parse", "--help").stdout


def test_parse_shows_a_figures_stated_conversion(cli):
    told = cli.json("parse", "¥235 billion ($1.6 billion)")
    assert (told["amount"], told["unit"], told["conversion_amount"], told["conversion_unit"]) == (
        "235000000000", "JPY", "1600000000", "USD")
    assert cli("parse", "2350億円（約16億ドル）").stdout.strip() == (
        "JPY 235,000,000,000  (quantity), told with its conversion USD 1,600,000,000")
    ranged = cli.json("parse", "2350億円（16〜17億ドル）")
    assert (ranged["conversion_amount"], ranged["conversion_unit"]) == (None, "USD")
    assert cli("parse", "2350億円（16〜17億ドル）").stdout.strip().endswith("told with a conversion in USD")


# -- comparisons ----------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "disagree"), [
    ("2025年4月中旬", "2025年4月13日", False),  # the day is in the period
    ("2025年4月中旬", "April 25, 2025", True),
    ("2025年度", "2026年3月31日", False),  # the last day of the fiscal year
    ("2025年度", "2026年4月1日", "near"),  # a day beside a period: maybe one moment, two time zones,
    ("FY2025", "2025年度", False),
    ("Q2 2025", "2025年5月", False),
    ("Q2 2025", "2025年7月1日", "near"),  # a day beside a period: maybe one moment, two time zones,
    ("2025年4月13日〜10月13日", "2025年10月13日", False),
    ("2025年4月13日〜10月13日", "2025年10月14日", "near"),  # a day beside a period: maybe one moment, two time zones,
    ("2024年末", "2024年12月25日", False),
    ("2024年末", "2025年1月5日", True),
    ("2025年上半期", "2025年下半期", True),
    ("Q1 2025", "Q2 2025", True),  # they touch: still two quarters, not one day seen from two time zones
    ("2025年4月上旬", "2025年4月中旬", True),
    ("2025年4月13日〜10月13日", "April 13 - October 13, 2025", False),
    ("2025年4月13日〜10月13日", "2025年4月13日〜10月31日", True),  # a range states both its ends
    ("2025年4月13日〜10月13日", "2025年10月2日〜10月31日", True),
    ("2025年4月〜10月", "2025年4月13日〜10月13日", False),  # whole months say no more than a quarter does
])
def test_two_dates_disagree_only_when_their_days_do_not_meet(a, b, disagree):
    findings = check_key([_claim(1, a), _claim(2, b)]).findings
    assert bool(findings) is bool(disagree), findings
    if disagree:
        assert findings[0].kind == "date" and findings[0].near is (disagree == "near")


def test_the_report_says_why_ranges_and_touching_periods_disagree():
    from claimtrack.render.wording import explain

    (runs,) = check_key([_claim(1, "2025年4月13日〜10月13日"), _claim(2, "2025年4月13日〜10月31日")]).findings
    assert "each states a run of days from its first to its last, and the runs differ" in explain(runs)
    (quarters,) = check_key([_claim(1, "Q1 2025"), _claim(2, "Q2 2025")]).findings
    assert "these are two periods, one after the other" in explain(quarters)
    for finding in (runs, quarters):
        assert "time zones" not in explain(finding)


def test_a_relative_date_is_compared_as_the_day_it_was_read_as():
    same = check_key([_claim(1, "昨日", on="2025-04-14"), _claim(2, "2025年4月13日")]).findings
    other = check_key([_claim(1, "昨日", on="2025-04-15"), _claim(2, "2025年4月13日")]).findings
    assert same == () and other != ()


def test_the_report_names_a_period_by_its_days(cli, asahi):
    cli("sources", "add", "NHK")
    cli("add", "expo/opening", "a", "--source", "Asahi", "--value", "2025年4月中旬")
    cli("add", "expo/opening", "b", "--source", "NHK", "--value", "2025-05-01")
    out = cli("report", "--format", "plain").stdout
    assert "2025-04-11 to 2025-04-20" in out and "2025-05-01" in out


# -- storage ----------------------------------------------------------------------

def test_dates_recorded_before_periods_get_their_days(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    done = [name for name, _ in migrations.STEPS].index("m009_value_periods")
    migrations.apply_pending(old, migrations.STEPS[:done])
    old.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('jiji', 'Jiji', 'agency', '2025-01-01')")
    for i, (date, precision) in enumerate([("2025-03-01", "day"), ("2024-02", "month"), ("2025", "year")]):
        old.execute(
            "INSERT INTO claims (key, text, source, recorded_at, fingerprint, uid, value_raw, value_kind, "
            "value_date, value_precision) VALUES ('k', ?, 'jiji', '2025-01-01T00:00:00+00:00', ?, ?, ?, 'date', ?, ?)",
            (f"t{i}", bytes([i]), f"{i:032x}", date, date, precision),
        )
    old.close()
    conn = connect(path)
    rows = conn.execute("SELECT value_date, value_start, value_end FROM claims ORDER BY id").fetchall()
    assert rows == [("2025-03-01", "2025-03-01", "2025-03-01"), ("2024-02", "2024-02-01", "2024-02-29"),
                    ("2025", "2025-01-01", "2025-12-31")]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE claims SET value_start = NULL")


def test_a_period_as_of_survives_export_and_import(cli, asahi, tmp_path):
    cli("add", "budget/total", "予算は3兆円", "--source", "Asahi", "--value", "3兆円", "--as-of", "2025年度")
    exported = tmp_path / "ledger.jsonl"
    exported.write_text(cli("export").stdout, encoding="utf-8")
    other = tmp_path / "other.db"
    cli("import", str(exported), "--db", str(other))
    (claim,) = cli.json("log", "--db", str(other))
    assert claim["as_of"] == "2025-04-01/2026-03-31"
    shown = " ".join(cli("show", str(claim["id"]), "--db", str(other)).stdout.split())
    assert "as of 2025-04-01 to 2026-03-31" in shown


def test_an_export_written_before_dates_were_periods_still_imports(cli, asahi, tmp_path):
    """Then 2030年度 read as 2030 of a unit 年度; today it is a fiscal year, and the file is not held against it."""
    earlier = {"kind": "quantity", "raw": "2030年度", "amount": "2030", "unit": "年度", "approx": False, "lower": None,
               "upper": None, "date": None, "precision": None, "offset": None, "normalized": None}
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps({"key": "expo/ir", "text": "IR開業は2030年度", "source": "Asahi", "value": earlier},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    cli("import", str(path))
    (claim,) = cli.json("log")
    assert (claim["value"]["kind"], claim["value"]["start"]) == ("date", "2030-04-01")
    earlier.update(raw="5000億ドル", amount="700000000000", unit="JPY", kind="quantity")
    path.write_text(json.dumps({"key": "k/x", "text": "t", "source": "Asahi", "value": earlier},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    refused = cli("import", str(path), code=2).stderr
    assert "amount '700000000000' is not how '5000億ドル' reads" in refused  # a figure is still checked
