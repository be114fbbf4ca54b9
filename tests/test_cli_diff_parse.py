"""`diff` and `parse` as a user runs them."""

from __future__ import annotations

import pytest


def test_diff_tells_the_minerals_story_in_order(cli, seeded):
    out = cli.json("diff", "minerals-deal/us-share")
    assert out["key"] == "minerals-deal/us-share"
    assert [c["value"]["raw"] for c in out["claims"]] == ["5000億ドル", "50%"]
    (rev,) = out["revisions"]
    assert rev["from"] == out["claims"][0]["id"] and rev["to"] == out["claims"][1]["id"]
    assert "value" in rev["changes"] and "text" in rev["changes"]
    assert rev["value_change"]["comparable"] is False
    assert {op for op, _ in rev["text_diff"]} <= {"equal", "insert", "delete"}
    text = cli("diff", "minerals-deal/us-share").stdout
    assert "USD 500,000,000,000 → 50% (incomparable: USD → %)" in text
    assert "Forbes Japan" in text and "\x1b[" not in text


def test_diff_shows_the_title_change_character_by_character(cli, seeded):
    out = cli.json("diff", "trump/title")
    title_change = [r for r in out["revisions"] if "value" in r["changes"]]
    assert title_change
    values = {(r["value_change"]["from"], r["value_change"]["to"]) for r in title_change}
    assert ("前大統領", "大統領") in values or ("大統領", "前大統領") in values
    plain = cli("diff", "trump/title").stdout
    assert "[-" in plain and "{+" in plain


def test_diff_of_two_ids_and_by_source(cli, seeded):
    claims = cli.json("log", "trump/title")
    a, b = sorted(c["id"] for c in claims)[:2]
    pair = cli.json("diff", str(a), str(b))
    assert pair["revision"]["from"] == a and pair["revision"]["to"] == b
    groups = cli.json("diff", "trump/title", "--by-source")["sources"]
    assert {g["source"] for g in groups} == {c["source"] for c in claims}


def test_diff_window_lists_keys_that_changed(cli):
    cli("sources", "add", "Jiji")
    cli("sources", "add", "Asahi")
    cli("add", "k/rate", "rate 5%", "--source", "Jiji", "--value", "5%", "--date", "2025-02-10")
    cli("add", "k/rate", "rate 7%", "--source", "Asahi", "--value", "7%", "--date", "2025-02-25")
    cli("add", "k/other", "same", "--source", "Jiji", "--value", "1", "--date", "2025-01-01")
    window = cli.json("diff", "--since", "2025-02-19", "--until", "2025年3月1日")
    assert [k["key"] for k in window["keys"]] == ["k/rate"]
    assert cli.json("diff", "--since", "2025-03-02")["keys"] == []


@pytest.mark.parametrize("args, message", [
    (("diff", "no/such-key"), "no claims under key 'no/such-key'"),
    (("diff", "999", "1000"), "no claim with id 999"),
    (("diff", "a", "b"), "ID: expected a claim id"),
    (("diff", "²", "3"), "ID: expected a claim id"),
    (("diff", "1", "2", "--by-source"), "--by-source goes with a KEY"),
    (("show", "99999999999999999999"), "ID: expected a claim id"),
    (("show", "abc"), "ID: expected a claim id"),
    (("resolve", "v-99999999999999999999-1", "--note", "x"), "FINDING-ID: expected a claim id"),
    (("diff",), "give one KEY, two claim ids"),
    (("diff", "--since", "yesterday"), "--since:"),
])
def test_diff_errors_are_one_line_exit_2(cli, seeded, args, message):
    result = cli(*args, code=2)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_parse_shows_the_reading_without_storing(cli, isolated_db):
    value = cli.json("parse", "約5000億ドル")
    assert value == {**value, "kind": "quantity", "raw": "約5000億ドル", "amount": "500000000000",
                     "unit": "USD", "approx": True, "lower": None, "upper": None}
    assert cli.json("parse", "$500B")["amount"] == value["amount"]
    assert cli.json("parse", "３，５００億ドル以上")["lower"] == "350000000000"
    assert cli.json("parse", "前大統領")["kind"] == "categorical"
    date = cli.json("parse", "--date", "令和7年3月1日")
    assert date == {"date": "2025-03-01", "precision": "day", "start": "2025-03-01", "end": "2025-03-01",
                    "offset": None, "relative_to": None}
    assert cli.json("parse", "--date", "2025-02-28T15:00:00-05:00")["offset"] == "-05:00"
    assert cli("parse", "5割").stdout.startswith("50%")
    assert not isolated_db.exists()


@pytest.mark.parametrize("args", [("parse", "--date", "2025年2月30日"), ("parse", "--date", "yesterday"),
                                  ("parse", "--date", "1/3/2025"), ("parse", "")])
def test_parse_refuses_to_guess(cli, args):
    result = cli(*args, code=2)
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
