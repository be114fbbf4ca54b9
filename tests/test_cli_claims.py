"""`add`, `show`, `log` as a user runs them."""

from __future__ import annotations

import json

import pytest

CONTRACT = {"id", "key", "text", "source", "source_name", "speaker", "url", "stance", "claimed_on",
            "as_of", "value", "qualifiers", "supersedes", "recorded_at"}
FORBES = "https://forbesjapan.com/articles/detail/77508"


@pytest.fixture
def ledger(cli):
    cli("sources", "add", "Forbes Japan", "--alias", "フォーブスジャパン", "--domain", "forbesjapan.com")
    cli("sources", "add", "Jiji", "--id", "jiji", "--kind", "agency", "--alias", "時事ドットコム",
        "--domain", "jiji.com")
    return cli


def test_add_attaches_the_claim_to_the_source_of_the_url(ledger):
    out = ledger.json("add", "minerals-deal/us-rights-value", "The US gets $500B in Ukrainian mineral rights",
                      "--url", FORBES, "--value", "$500B", "--said-by", "Trump")
    assert out["source"] == "forbes-japan" and out["source_name"] == "Forbes Japan"
    assert out["created"] is True and out["speaker"] == "Trump"
    assert out["value"]["raw"] == "$500B" and out["value"]["kind"] == "quantity"
    assert out["value"]["amount"] == "500000000000" and out["value"]["unit"] == "USD"


def test_add_resolves_a_japanese_source_name(ledger):
    out = ledger.json("add", "trump/title", "近くトランプ前米大統領と個別に会談する予定です",
                      "--source", "時事ドットコム", "--value", "前大統領", "--date", "公開日:2025/02/24")
    assert out["source"] == "jiji" and out["claimed_on"] == "2025-02-24"
    assert out["value"]["kind"] == "categorical"


def test_show_json_has_every_contract_field(ledger):
    added = ledger.json("add", "meeting/date", "2025年3月1日のホワイトハウス会談", "--source", "Forbes Japan",
                        "--value", "2025年3月1日", "--as-of", "2025年3月", "--lang", "ja", "--quote", "q",
                        "--note", "n", "-q", "tz=Asia/Tokyo")
    shown = ledger.json("show", added["id"])
    assert set(shown) >= CONTRACT
    assert shown["value"]["kind"] == "date" and shown["value"]["date"] == "2025-03-01"
    assert shown["value"]["precision"] == "day"
    assert shown["as_of"] == "2025-03" and shown["qualifiers"] == {"tz": "Asia/Tokyo"}
    assert shown["recorded_at"] and shown["stance"] == "asserts"


def test_the_same_claim_twice_is_reported_not_duplicated(ledger):
    args = ("add", "us-aid/paused", "Trump paused military aid", "--source", "jiji", "--date", "2025-03-04")
    first = ledger.json(*args)
    again = ledger(*args)
    assert f"Already recorded as claim {first['id']}" in again.stdout
    assert len(ledger.json("log")) == 1


def test_supersedes_must_name_an_existing_claim(ledger):
    result = ledger("add", "k/x", "text", "--source", "jiji", "--supersedes", "99", code=2)
    assert "supersedes: claim 99 does not exist" in result.stderr
    first = ledger.json("add", "k/x", "text", "--source", "jiji")
    fix = ledger.json("add", "k/x", "text, corrected", "--source", "jiji", "--supersedes", first["id"])
    assert fix["supersedes"] == first["id"]


@pytest.mark.parametrize("args, message", [
    (("add", "Bad Key", "t", "--source", "jiji"), "KEY: 'Bad Key' is not a key"),
    (("add", "k/x", "t", "--source", "jiji", "--stance", "maybe"),
     "Invalid value for '--stance': 'maybe' is not one of 'asserts', 'denies'."),
    (("add", "k/x", "t", "--source", "jiji", "--date", "2025年2月30日"), "--date:"),
    (("add", "k/x", "t", "--source", "jiji", "--date", "yesterday"), "--date:"),
    (("add", "k/x", "t", "--source", "jiji", "--url", "forbesjapan.com/x"),
     "--url: 'forbesjapan.com/x' is not a web address"),
    (("add", "k/x", "t", "--source", "Forbs Japan"), "did you mean Forbes Japan (forbes-japan)?"),
    (("add", "k/x", "t"), "no source given"),
    (("add", "k/x", "t", "--source", "jiji", "-q", "novalue"), "--qualifier: expected NAME=VALUE"),
    (("show", "42"), "no claim with id 42"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_recorded(ledger, args, message):
    result = ledger(*args, code=2)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert ledger.json("log") == []


def test_new_source_creates_it_explicitly(ledger):
    out = ledger.json("add", "k/x", "t", "--source", "Nikkei Asia", "--new-source")
    assert out["source"] == "nikkei-asia"
    assert "nikkei-asia" in [s["id"] for s in ledger.json("sources", "list")]


def test_log_filters_and_limits(cli, seeded):
    all_claims = cli.json("log")
    assert len(all_claims) >= 20
    minerals = cli.json("log", "minerals-deal")
    assert minerals and all(c["key"].startswith("minerals-deal/") for c in minerals)
    jiji = cli.json("log", "--source", "時事ドットコム")
    assert jiji and {c["source"] for c in jiji} == {"jiji"}
    zelensky = cli.json("log", "--said-by", "zelensky")
    assert zelensky and {c["speaker"] for c in zelensky} == {"Zelensky"}
    feb24 = cli.json("log", "--since", "2025-02-20", "--until", "2025年2月28日")
    assert feb24 and {c["claimed_on"] for c in feb24} == {"2025-02-24"}
    assert len(cli.json("log", "--limit", "3")) == 3
    dates = [c["claimed_on"] for c in all_claims if c["claimed_on"]]
    assert dates == sorted(dates, reverse=True)


def test_log_in_a_pipe_is_plain_tab_separated_text(cli, seeded):
    out = cli("log", "trump/title").stdout
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert all(len(line.split("\t")) == 7 for line in lines)
    assert "\x1b[" not in out and "前大統領" in out


def test_read_commands_never_create_a_database(cli, isolated_db, tmp_path):
    for args in (("log",), ("show", "1"), ("report",), ("diff", "k/x"), ("export",), ("sources", "list")):
        result = cli(*args, code=2)
        assert "no database at" in result.stderr and "CLAIMTRACK_DB" in result.stderr
    typo = tmp_path / "typo" / "claimz.db"
    assert "--db: no database at" in cli("log", "--db", typo, code=2).stderr
    assert not isolated_db.exists() and not typo.parent.exists()
    assert cli.json("db", "info")["exists"] is False
    assert not isolated_db.exists()


def test_another_programs_sqlite_file_is_left_alone(cli, tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE foo (x)")
    conn.close()
    result = cli("add", "k/x", "t", "--source", "S", "--new-source", "--db", other, code=2)
    assert "SQLite database of something else (tables: foo)" in result.stderr
    conn = sqlite3.connect(other)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["foo"]


def test_log_on_an_empty_ledger_says_so_on_stderr(cli):
    cli("sources", "add", "Jiji")
    result = cli("log")
    assert result.stdout == "" and "No claims match." in result.stderr
    assert json.loads(cli("log", "--json").stdout) == []


def test_help_teaches_with_examples(cli):
    out = cli("add", "--help").stdout
    assert "--source" in out and "Examples" in out and "時事ドットコム" in out


def test_version_touches_no_database(cli, isolated_db):
    assert cli("--version").stdout.startswith("claimtrack ")
    cli("--help")
    assert not isolated_db.exists()


@pytest.mark.parametrize("args, message", [
    (("log", "--limit", "abc"), "Invalid value for '--limit'"),
    (("log", "--limit", "0"), "'--limit'"),
    (("add", "k/a"), "Missing argument 'TEXT'"),
    (("--bogus",), "No such option: --bogus"),
    (("frobnicate",), "No such command 'frobnicate'"),
    (("resolve", "c-1-2"), "Missing option '--note'"),
])
def test_usage_errors_are_one_line_too(cli, args, message):
    result = cli(*args, code=2)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "--help" in result.stderr


def test_no_arguments_shows_help(cli):
    assert "Usage:" in cli().stdout


def test_a_repeat_that_says_something_else_is_not_dropped(ledger):
    first = ledger.json("add", "k/rate", "rate rose", "--source", "jiji", "--value", "7%")
    result = ledger("add", "k/rate", "rate rose", "--source", "jiji", "--value", "5%", code=2)
    assert f"claim {first['id']} already records this text from this source with value '7%', not '5%'" in result.stderr
    assert f"supersedes {first['id']}" in result.stderr
    fix = ledger.json("add", "k/rate", "rate rose", "--source", "jiji", "--value", "5%", "--supersedes", first["id"])
    assert fix["created"] is True and fix["supersedes"] == first["id"]
    assert len(ledger.json("log")) == 2


def test_date_windows_count_a_claim_from_the_first_day_of_its_period(ledger):
    for date in ("2025", "2025-02", "2025-02-28", "2025-03", "2025-03-01"):
        ledger("add", "k/d", f"dated {date}", "--source", "jiji", "--date", date)
    def dates(*args):
        return sorted(c["claimed_on"] for c in ledger.json("log", *args))
    assert dates("--since", "2025-03-01") == ["2025-03", "2025-03-01"]
    assert dates("--since", "2025-02-15") == ["2025-02-28", "2025-03", "2025-03-01"]
    assert dates("--until", "2025-02") == ["2025", "2025-02", "2025-02-28"]
    assert dates("--since", "2025年3月", "--until", "2025年3月") == ["2025-03", "2025-03-01"]


@pytest.mark.parametrize("command", [("log",), ("report",), ("diff",)])
def test_a_window_that_ends_before_it_starts_is_an_error_everywhere(ledger, command):
    ledger("add", "k/d", "t", "--source", "jiji", "--date", "2025-03-01")
    result = ledger(*command, "--since", "2025-03-01", "--until", "2025-02-01", code=2)
    assert "--since: 2025-03-01 is after --until 2025-02-01" in result.stderr


def test_said_by_matches_as_every_comparison_does(cli, seeded):
    """Full-width, case and spacing aside, a speaker is one speaker: --said-by folds as diff does."""
    trump = [c["id"] for c in cli.json("log", "--said-by", "Trump")]
    assert trump and [c["id"] for c in cli.json("log", "--said-by", "ＴＲＵＭＰ")] == trump
    assert [c["id"] for c in cli.json("log", "--said-by", " trump ", "--limit", "1")] == trump[:1]
