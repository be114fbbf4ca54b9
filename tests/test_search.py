"""`claimtrack search`: claims found by their words, in Japanese and English, at any length."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from rich.console import Console

from claimtrack.domain.model import Claim
from claimtrack.domain.text import search_terms, term_spans
from claimtrack.render.claims import render_found
from claimtrack.services import transfer
from claimtrack.store import migrations, search
from claimtrack.store.db import connect


def ids(cli, *args):
    return [c["id"] for c in cli.json("search", *args)]


@pytest.fixture
def desk(cli):
    """A few claims of the minerals story, in both languages."""
    cli("sources", "add", "Jiji", "--alias", "時事通信")
    cli("sources", "add", "Asahi")
    cli("sources", "add", "Reuters")
    cli("add", "minerals-deal/us-share", "米国が５０００億ドル相当の鉱物資源の権利を得る", "--source", "jiji",
        "--said-by", "Trump", "--date", "2025-02-20")                                                      # 1
    cli("add", "minerals-deal/fund", "収益の50%は共同基金に", "--source", "asahi", "--date", "2025-02-26")  # 2
    cli("add", "minerals-deal/fund", "Half of new mining revenue goes into a joint fund", "--source", "reuters",
        "--date", "2025-03-01", "--quote", "a reconstruction investment fund")                              # 3
    cli("add", "meeting/interpreter", "ゼレンスキー大統領は通訳を使わなかった", "--source", "jiji",
        "--said-by", "舛添要一", "--date", "2025-03-01")                                                    # 4
    cli("add", "meeting/tone", "ゼレンスキー氏は会談で声を荒らげた", "--source", "asahi", "--date", "2025-03-02")  # 5
    cli("add", "minerals-deal/signed", "The minerals agreement was not signed", "--source", "reuters",
        "--date", "2025-03-03", "--note", "停戦 talks stalled")                                               # 6
    cli("add", "ceasefire/status", "停戦", "--source", "菅", "--new-source", "--date", "2025-03-04")        # 7


def test_japanese_of_two_characters_is_found_inside_longer_words(cli, desk):
    assert ids(cli, "鉱物") == [1]
    assert ids(cli, "基金") == [2]  # 共同基金: the term ends the text


def test_a_term_is_found_whatever_its_length_and_wherever_it_sits(cli, desk):
    assert sorted(ids(cli, "停戦")) == [6, 7]  # a whole text of two characters; inside a note
    assert ids(cli, "菅", "--source", "菅") == []  # one character, but the source is not a searched field
    cli("add", "people/pm", "首相は菅氏", "--source", "asahi", "--said-by", "菅")
    assert ids(cli, "菅") == [8]


def test_every_term_must_match_and_mixed_queries_work(cli, desk):
    assert ids(cli, "ゼレンスキー 通訳") == [4]
    assert sorted(ids(cli, "ゼレンスキー")) == [4, 5]
    assert ids(cli, "5000億") == [1]  # written with full-width digits, found with ASCII ones
    assert ids(cli, "５０００億ドル") == [1]


def test_english_ignores_case_and_a_plural_finds_its_singular(cli, desk):
    assert ids(cli, "AGREEMENT") == [6]
    assert ids(cli, "agreements") == [6]
    # Keys are searched too: minerals-deal/... holds "mineral"; the claim whose text holds it comes first.
    assert ids(cli, "minerals")[0] == 6
    assert sorted(ids(cli, "mineral")) == [1, 2, 3, 6]
    assert ids(cli, "minerals", "agreement") == [6]
    assert ids(cli, "funds", "half") == [3]
    assert ids(cli, '"joint fund"') == [3]
    assert ids(cli, '"fund joint"') == []


def test_the_claims_own_text_ranks_above_a_match_elsewhere(cli, desk):
    cli("add", "minerals-deal/fund", "Fund managers were not consulted", "--source", "reuters",
        "--note", "fund")  # 8: in its text and note
    found = ids(cli, "fund")
    assert set(found) == {2, 3, 8}  # 2: its key, minerals-deal/fund
    assert found[-1] == 2  # only in the key: last
    cli("add", "other/x", "Unrelated", "--source", "asahi", "--note", "a fund was mentioned")  # 9
    assert ids(cli, "fund")[:2] in ([3, 8], [8, 3])  # in their text first


def test_filters_narrow_what_is_searched(cli, desk):
    assert sorted(ids(cli, "ゼレンスキー", "--key", "meeting/interpreter")) == [4]
    assert sorted(ids(cli, "ゼレンスキー", "--source", "時事通信")) == [4]
    assert sorted(ids(cli, "ゼレンスキー", "--since", "2025-03-02")) == [5]
    assert sorted(ids(cli, "ゼレンスキー", "--until", "2025年3月1日")) == [4]
    assert len(ids(cli, "minerals-deal", "--limit", "2")) == 2


def test_json_is_the_claims_as_log_gives_them(cli, desk):
    found = cli.json("search", "通訳")
    logged = [c for c in cli.json("log") if c["id"] == 4]
    assert found == logged


def test_a_pipe_gets_logs_lines_and_the_count_is_said_on_stderr(cli, desk):
    result = cli("search", "ゼレンスキー", "--limit", "1")
    assert result.stdout.count("\n") == 1 and "\tmeeting/" in result.stdout
    assert "The best 1 shown; --limit N shows more." in result.stderr
    nothing = cli("search", "存在しない語")
    assert nothing.stdout == "" and "No claims match." in nothing.stderr


def test_a_terminal_highlights_the_match_and_shows_one_outside_the_text(monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    claim = Claim(id=3, key="minerals-deal/fund", text="Half of new revenue goes into a joint fund", source="reuters",
                  source_name="Reuters", quote="The so-called reconstruction investment vehicle")
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=200, color_system="standard")
    render_found(console, [claim], search_terms("JOINT vehicle"))
    shown = buffer.getvalue()
    assert "\x1b[1;7mjoint\x1b[0m" in shown  # as written, highlighted
    assert "(quote: " in shown and "\x1b[1;7mvehicle\x1b[0m" in shown


def test_spans_map_back_to_the_text_as_written():
    text = "米国が５０００億ドルの鉱物資源"
    assert [text[a:b] for a, b in term_spans(text, search_terms("5000億 鉱物"))] == ["５０００億", "鉱物"]


def test_the_index_follows_every_write_and_an_all_or_nothing_import(cli, desk, tmp_path, monkeypatch):
    assert ids(cli, "lithium") == []
    cli("add", "minerals-deal/lithium", "Lithium is part of the deal", "--source", "reuters")
    assert ids(cli, "lithium") == [8]
    # A bulk import (a large file into a small ledger) indexes its claims in one pass at the end.
    monkeypatch.setattr(transfer, "BULK_MIN_BYTES", 0)
    monkeypatch.setattr(transfer, "BULK_BYTES_PER_CLAIM", 1)
    big = tmp_path / "more.jsonl"
    big.write_text("".join(json.dumps({"key": "bulk/x", "text": f"cobalt shipment {i}", "source": "reuters"}) + "\n"
                           for i in range(50)), encoding="utf-8")
    cli("import", big)
    assert len(ids(cli, "cobalt", "--limit", "100")) == 50
    cli("add", "after/bulk", "Nickel too", "--source", "reuters")  # row by row again
    assert len(ids(cli, "nickel")) == 1
    # A claim imported under a free id below the newest indexed one is indexed too.
    for claim_id, word in ((200, "graphite"), (150, "manganese")):
        one = tmp_path / f"{word}.jsonl"
        one.write_text(json.dumps({"id": claim_id, "key": "gap/x", "text": f"{word} deposits", "source": "reuters"})
                       + "\n", encoding="utf-8")
        cli("import", one)
        assert ids(cli, word) == [claim_id]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"key": "x/y", "text": "uranium"}) + "\n" + json.dumps({"key": "x/y"}) + "\n",
                   encoding="utf-8")
    cli("import", bad, code=2)
    assert ids(cli, "uranium") == []


def test_an_older_ledger_gets_its_claims_indexed_when_it_is_opened(tmp_path, cli):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    steps = [s for s in migrations.STEPS if s[0] != "m013_search_index"]
    migrations.apply_pending(old, steps)
    old.execute("INSERT INTO sources (id, name, kind, created_at) VALUES ('nhk', 'NHK', 'outlet', '2025-01-01')")
    old.execute("INSERT INTO claims (key, text, source, stance, recorded_at, qualifiers, uid, fingerprint) "
                "VALUES ('expo/cost', '会場建設費は2350億円', 'nhk', 'asserts', '2025-01-01', '{}', ?, x'01')",
                ["0" * 32])
    old.close()
    assert [c["id"] for c in cli.json("search", "建設費", "--db", path)] == [1]


def test_a_ledger_without_the_index_says_why(tmp_path, cli, monkeypatch):
    path = tmp_path / "no-fts.db"
    monkeypatch.setattr(search, "available", lambda: False)
    cli("add", "x/y", "something", "--source", "asahi", "--new-source", "--db", path)
    err = cli("search", "something", "--db", path, code=2).stderr
    assert err.startswith("Error: QUERY: search needs SQLite's full-text search (FTS5)")
    assert "every other command works" in err
    monkeypatch.undo()
    monkeypatch.setenv("NO_COLOR", "1")
    conn = connect(path)  # where FTS5 is there, the index is made when the ledger is opened
    conn.close()
    assert [c["id"] for c in cli.json("search", "something", "--db", path)] == [1]


def test_a_query_with_nothing_to_search_for_is_refused(cli, desk):
    assert "give a word, a number" in cli("search", "  ", code=2).stderr


def test_a_short_term_in_too_many_words_is_refused_not_slow(cli, desk, monkeypatch):
    monkeypatch.setattr(search, "MAX_SHORT_TERMS", 3)
    err = cli("search", "e", code=2).stderr
    assert "'e' is part of too many words to search for by itself" in err


def test_the_index_is_where_datasette_looks_for_it(isolated_db, cli, desk):
    """Datasette finds full-text search for a table by a virtual table declared with content="table"."""
    conn = sqlite3.connect(isolated_db)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'claims_fts'").fetchone()[0]
    assert 'content="claims"' in sql
    found = conn.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?", ['"ゼレンスキー"']).fetchall()
    assert sorted(found) == [(4,), (5,)]


def test_characters_nobody_sees_do_not_hide_a_claim(cli, desk):
    cli("add", "minerals-deal/fund", "共同\u200b基金の設立", "--source", "asahi")          # 8: a zero-width space
    cli("add", "minerals-deal/fund", "Infra\u00adstructure fund", "--source", "reuters")  # 9: a soft hyphen
    assert 8 in ids(cli, "共同基金")
    assert ids(cli, "infrastructure") == [9]
    assert ids(cli, "Infra\u00adstructure") == [9]


def test_quotes_as_people_type_them(cli, desk):
    assert ids(cli, "“joint fund”") == [3]   # curly, as a phone or a word processor writes them
    assert ids(cli, '"joint') == [3]         # a phrase left open
    assert ids(cli, "『基金』") == [2]


def test_claims_another_program_added_are_indexed_when_claimtrack_next_opens_the_ledger(cli, desk, isolated_db):
    other = sqlite3.connect(isolated_db, isolation_level=None)  # an older claimtrack, or the sqlite3 shell
    other.execute("INSERT INTO claims (key, text, source, stance, recorded_at, qualifiers, uid, fingerprint) "
                  "VALUES ('x/y', 'xylophone orchestra', 'asahi', 'asserts', '2025-01-01', '{}', ?, x'02')",
                  ["1" * 32])
    other.close()
    assert ids(cli, "xylophone") == [8]


def _merge_width(path) -> str | None:
    row = sqlite3.connect(path).execute("SELECT v FROM claims_fts_config WHERE k = 'automerge'").fetchone()
    return None if row is None else str(row[0])


def test_an_import_has_the_index_merge_eight_segments_at_a_time(tmp_path, cli):
    """A bulk fill of the index costs about 30% less than with FTS5's own width of 4;
    the ledger's format does not change for it (no migration: read-only ledgers still open)."""
    ledger = tmp_path / "ledger.db"
    cli("add", "x/y", "something", "--source", "asahi", "--new-source", "--db", ledger)
    assert _merge_width(ledger) is None  # a claim at a time: FTS5's own width
    rows = tmp_path / "claims.jsonl"
    rows.write_text(json.dumps({"key": "x/z", "text": "uranium deposits", "source": "asahi"}) + "\n",
                    encoding="utf-8")
    cli("import", rows, "--db", ledger)
    assert _merge_width(ledger) == "8"
    assert [c["id"] for c in cli.json("search", "uranium", "--db", ledger)] == [2]
