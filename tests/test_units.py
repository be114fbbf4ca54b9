"""Units across languages: 人 and visitors, 国・地域 and countries and regions, a ledger's own words."""

from __future__ import annotations

import json

import pytest

from claimtrack.domain.records import claim_input
from claimtrack.domain.rules import check_key
from claimtrack.domain.units import canonical
from claimtrack.domain.values import parse_value
from claimtrack.render.wording import explain


def _claim(i: int, value: str):
    from msgspec import structs

    draft = claim_input({"key": "expo/visitors", "text": value, "value": value})
    return structs.replace(draft, id=i, source=f"s{i}", source_name=f"Source {i}")


@pytest.mark.parametrize(("word", "unit"), [
    ("人", "people"), ("名", "people"), ("visitors", "people"), ("Visitors", "people"), ("persons", "people"),
    ("か国", "countries"), ("ヶ国", "countries"), ("nations", "countries"), ("国・地域", "countries and regions"),
    ("countries and regions", "countries and regions"), ("トン", "tonnes"), ("barrels", "barrels"),
    ("USD", "USD"), ("%", "%"), ("widgets", "widgets"), (None, None),
])
def test_unit_words_map_to_one_unit(word, unit):
    assert canonical(word) == unit


def test_the_parser_reads_units_the_table_knows():
    for text, amount, unit in [("158の国・地域", 158, "国・地域"), ("158 countries and regions", 158,
                                "countries and regions"), ("18.2 million visitors", 18_200_000, "visitors")]:
        value = parse_value(text)
        assert (value.kind, value.amount, value.unit) == ("quantity", amount, unit)


def test_the_same_figure_in_two_languages_is_compared():
    """2820万人 against 18.2 million visitors is a ten-million error, not two units."""
    r = check_key([_claim(1, "2820万人"), _claim(2, "18.2 million visitors")])
    assert [f.kind for f in r.findings] == ["value"] and r.not_compared == ()
    assert check_key([_claim(1, "2820万人"), _claim(2, "28.2 million visitors")]).findings == ()
    assert check_key([_claim(1, "158の国・地域"), _claim(2, "158 countries and regions")]).findings == ()
    off = check_key([_claim(1, "158の国・地域"), _claim(2, "150 countries and regions")])
    assert [f.kind for f in off.findings] == ["value"]


def test_a_bare_number_among_counts_of_one_thing_counts_it_and_says_so():
    r = check_key([_claim(1, "2820万人"), _claim(2, "28.2 million visitors"), _claim(3, "18200000")])
    (finding,) = r.findings
    assert finding.assumed_unit == "people" and r.not_compared == ()
    assert "The bare number is taken to count people" in explain(finding)
    # Money is not a count: a bare number beside dollars stays a unit of its own.
    assert [e.reason for e in check_key([_claim(1, "$500B"), _claim(2, "300000000000")]).not_compared] == ["units"]


def test_a_ledgers_own_unit_word_is_used_and_travels(cli, tmp_path):
    cli("sources", "add", "NHK")
    cli("sources", "add", "Reuters")
    cli("add", "expo/visitors", "2820万人", "--source", "NHK", "--value", "2820万人")
    cli("add", "expo/visitors", "18.2 million spectators", "--source", "Reuters", "--value", "18.2 million spectators")
    report = cli.json("report")
    assert report["contradictions"] == []
    assert [(i["reason"], i["details"]) for i in report["not_compared"]] == [("units", ["people", "spectators"])]
    assert cli("units", "alias", "Spectators", "visitors").stdout.strip() == "spectators now means people."
    assert [c["kind"] for c in cli.json("report")["contradictions"]] == ["value"]
    ledger = tmp_path / "ledger.jsonl"
    cli("export", "-o", ledger)
    assert {"type": "unit", "alias": "spectators", "unit": "people"} in map(json.loads, ledger.read_text().splitlines())
    copy = tmp_path / "copy.db"
    assert "1 unit word added or changed" in cli("import", ledger, "--db", copy).stdout
    assert [c["kind"] for c in cli.json("report", "--db", copy)["contradictions"]] == ["value"]


def test_the_report_says_which_unit_a_bare_number_was_taken_to_count(cli):
    cli("sources", "add", "NHK")
    cli("sources", "add", "Kyodo")
    cli("add", "expo/visitors", "来場者は2820万人", "--source", "NHK", "--value", "2820万人")
    cli("add", "expo/visitors", "来場者は1820万", "--source", "Kyodo", "--value", "1820万")
    (finding,) = cli.json("report")["contradictions"]
    assert finding["assumed_unit"] == "people"
    assert "taken to count people" in cli("report", "--format", "plain").stdout


def test_an_alias_says_what_it_changed(cli):
    assert cli("units", "alias", "人", "visitors").stdout.strip() == "人 already means people."
    said = cli("units", "alias", "観客", "audience").stdout
    assert said.startswith("観客 now means audience. No other word means audience")
    assert cli("units", "alias", "spectators", "観客").stdout.strip() == "spectators now means audience."
    listed = {u["unit"]: u["words"] for u in cli.json("units", "list")}
    assert set(listed["audience"]) == {"観客", "spectators"} and "人" in listed["people"]


def test_a_word_is_taken_as_claims_write_it_and_follows_what_it_meant(cli):
    """Case and width do not matter; a word that meant another follows it; a
    unit word must be one the parser reads after a number."""
    cli("sources", "add", "NHK")
    cli("sources", "add", "Reuters")
    cli("add", "expo/visitors", "2820万人", "--source", "NHK", "--value", "2820万人")
    cli("add", "expo/visitors", "18.2 million fans", "--source", "Reuters", "--value", "18.2 million fans")
    assert cli("units", "alias", "ＦＡＮＳ", "Spectators").stdout.startswith("fans now means spectators.")
    assert cli("units", "alias", "spectators", "people").stdout.strip() == "spectators now means people."
    assert {u["unit"]: set(u["words"]) >= {"fans", "spectators"} for u in cli.json("units", "list")}["people"]
    assert [c["kind"] for c in cli.json("report")["contradictions"]] == ["value"]
    # Aliasing a word to one that means it makes no loop: the word stands for itself.
    cli("units", "alias", "crowd", "audience")
    assert cli("units", "alias", "audience", "crowd").stdout.startswith("audience already means audience.")
    assert {u["unit"]: u["words"] for u in cli.json("units", "list")}["audience"] == ["crowd"]
    assert "paying guests' is not read as a unit" in cli("units", "alias", "paying guests", "people", code=2).stderr
    assert "WORD: 'people' is already a unit (people)" in cli("units", "alias", "people", "humans", code=2).stderr
    assert "WORD: '円' is already a unit (JPY)" in cli("units", "alias", "円", "people", code=2).stderr
    # Full-width letters name the unit the table knows.
    assert cli("units", "alias", "観衆", "ＶＩＳＩＴＯＲＳ").stdout.strip() == "観衆 now means people."


def test_import_adds_unit_words_and_pins_as_the_commands_do(cli, tmp_path):
    cli("units", "alias", "guests", "people")
    cli("rates", "pin", "USDJPY=15")
    ledger = tmp_path / "in.jsonl"
    ledger.write_text(
        '{"type": "unit", "alias": "Fans", "unit": "guests"}\n{"type": "rate", "pair": "JPYUSD", "rate": "0.0067"}\n',
        encoding="utf-8",
    )
    cli("import", ledger)
    words = {u["unit"]: u["words"] for u in cli.json("units", "list")}
    assert "fans" in words["people"]  # through guests, as `units alias Fans guests` would
    assert [p["pair"] for p in cli.json("rates", "list")] == ["JPYUSD"]  # one pin per pair of currencies
    assert cli("rates", "pin", "USDJPY=15").stdout.strip() == "USDJPY is pinned at 15."
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "unit", "alias": "paying guests", "unit": "people"}\n', encoding="utf-8")
    assert "bad.jsonl:1: alias: 'paying guests' is not read as a unit" in cli("import", bad, code=2).stderr
