"""What every command does alike: help, option names in errors, --db anywhere, choices."""

from __future__ import annotations

import json
import re
import typing

import pytest
import typer

from claimtrack.cli.app import app
from claimtrack.cli.report import FindingKind, ReportFormat
from claimtrack.cli.transfer import ImportFormat
from claimtrack.render.report import WRITERS
from claimtrack.services.report import KINDS
from claimtrack.services.transfer import READERS


def _command_paths() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    paths = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            paths += [(name, sub) for sub in subcommands]
        else:
            paths.append((name,))
    return paths


COMMANDS = _command_paths()


def test_every_command_is_listed():
    assert {" ".join(p) for p in COMMANDS} >= {
        "add", "show", "log", "import", "export", "diff", "report", "resolve", "parse", "demo",
        "sources add", "sources list", "sources show", "db path", "db info",
    }


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda p: " ".join(p) or "claimtrack")
def test_help_names_values_by_metavar_never_by_python_type(cli, path):
    out = cli(*path, "--help").stdout
    assert not re.search(r"<(str|int|path|bool|float|list\[[^\]]*\]|decimal|file)>", out, re.I), out
    usage = next(line for line in out.splitlines() if "Usage:" in line)
    for word in re.findall(r"[{\[]([^}\]]+)[}\]]", usage):
        if word != "OPTIONS":
            assert word == word.upper(), usage  # arguments are KEY, TEXT, ID: never {key}


def test_no_arguments_shows_help_for_groups_too(cli):
    for group in ((), ("sources",), ("db",)):
        out = cli(*group).stdout
        assert "Usage:" in out and "Commands" in out


def test_db_is_accepted_before_the_command(cli, tmp_path, example_file):
    db = tmp_path / "elsewhere.db"
    cli("--db", db, "import", example_file)
    assert db.exists()
    assert len(cli.json("--db", db, "log")) == 32
    assert cli.json("--db", db, "db", "path")["path"] == str(db)
    after = tmp_path / "after.db"
    cli("--db", db, "sources", "add", "Nikkei", "--db", after)
    assert [s["name"] for s in cli.json("sources", "list", "--db", after)] == ["Nikkei"]  # the later --db wins


@pytest.mark.parametrize("args, message", [
    (("add", "k/a", "t", "--source", "jiji", "--date", "yesterday"), "--date: cannot read 'yesterday' as a date"),
    (("add", "k/a", "t", "--source", "jiji", "--said-by", " "), None),
    (("add", "k/a", "t", "--source", "jiji", "--qualifier", "oops"), "--qualifier: expected NAME=VALUE"),
    (("add", "Bad Key", "t", "--source", "jiji"), "KEY: 'Bad Key' is not a key"),
    (("show", "x"), "ID: expected a claim id"),
    (("resolve", "c-10-16", "--note", "n", "--status", "wrong-claim"), "--claim: which claim is wrong? name one of"),
    (("resolve", "c-10-16", "--note", "n", "--claim", "16"), "--claim: only --status wrong-claim names a claim"),
    (("resolve", "nope", "--note", "n"), "FINDING-ID: 'nope' is not a finding id"),
    (("sources", "add", "!!!"), "NAME: cannot make an id from '!!!'; give one with --id"),
    (("sources", "add", "Forbes.Japan"), "--id: the id 'forbes-japan' is taken by Forbes Japan; to add 'Forbes.Japan' "
                                         "to it as an alias, give --id forbes-japan, or choose another --id"),
    (("diff", "no/such-key"), "KEY: no claims under key 'no/such-key'"),
    (("log", "--since", "2025-03", "--until", "2025-02"), "--since: 2025-03 is after --until 2025-02"),
])
def test_errors_name_the_option_the_user_typed(seeded, cli, args, message):
    result = cli(*args, code=2 if message else 0)
    if message:
        assert result.stderr.startswith(f"Error: {message}"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "advice"), [
    (("show", "999"), "ID: no claim with id 999; `claimtrack log` lists the claims and their ids"),
    (("diff", "10", "999"), "ID: no claim with id 999; `claimtrack log` lists the claims and their ids"),
    (("resolve", "c-10-99", "--note", "n"), "`claimtrack report --all` lists the findings and their ids"),
])
def test_an_id_that_does_not_exist_says_where_the_ids_are(seeded, cli, args, advice):
    assert advice in cli(*args, code=2).stderr


def test_a_message_that_names_another_field_names_its_option(cli, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("just words\n", encoding="utf-8")
    assert cli("import", notes, code=2).stderr.strip() == (
        f"Error: --format: cannot tell the format of {notes}: name the file .jsonl, .json, .csv or .jsonld, or give "
        "--format"
    )


def test_errors_in_a_file_name_the_files_fields(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"key": "k/a", "text": "t", "source": "jiji", "claimed_on": "yesterday"}\n', encoding="utf-8")
    cli("sources", "add", "Jiji", "--id", "jiji")
    assert cli("import", bad, code=2).stderr.startswith(f"Error: {bad}:1: claimed_on: cannot read 'yesterday'")


def test_choices_are_checked_by_the_parser_and_match_what_the_code_does():
    assert set(typing.get_args(ReportFormat)) == set(WRITERS)
    assert set(typing.get_args(ImportFormat)) == set(READERS)
    assert [k.value for k in FindingKind] == list(KINDS)


HUGE = "9" * 4400


@pytest.mark.parametrize("args", [
    ("show", HUGE), ("diff", "10", HUGE), ("resolve", "c-10-16", "--status", "wrong-claim", "--claim", HUGE,
                                           "--note", "n"),
    ("add", "k/a", "t", "--source", "jiji", "--supersedes", HUGE),
])
def test_an_id_of_thousands_of_digits_is_a_short_error(seeded, cli, args):
    error = cli(*args, code=2).stderr
    assert "expected a claim id" in error and len(error) < 300 and len(error.strip().splitlines()) == 1


def test_a_bug_is_one_line_with_its_own_exit_code_and_a_way_to_the_traceback(seeded, cli, monkeypatch):
    from claimtrack.services import claims

    def broken(*args, **kwargs):
        raise KeyError("value_amount")

    monkeypatch.setattr(claims, "show", broken)
    result = cli("show", "10", code=3)
    assert result.stderr.strip() == (
        "Error: unexpected KeyError: 'value_amount'. This is a bug in claimtrack; run again with "
        "CLAIMTRACK_DEBUG=1 to see where it happened."
    )
    monkeypatch.setenv("CLAIMTRACK_DEBUG", "1")
    traced = cli("show", "10", code=3).stderr
    assert traced.startswith("Traceback (most recent call last):") and "in broken" in traced


def test_an_output_that_cannot_hold_japanese_gets_it_escaped_not_an_error(cli):
    """On a Latin-1 terminal the command still does its work and says so: what
    the encoding cannot hold is written as JSON writes it, so JSON keeps its data."""
    from typer.testing import CliRunner

    latin1 = CliRunner(charset="latin-1")
    cli("sources", "add", "Jiji", "--id", "jiji")
    added = latin1.invoke(app, ["add", "k/x", "5000億ドル 😀 café", "--source", "jiji", "--value", "5000億ドル"])
    assert added.exit_code == 0, added.stderr
    assert "Recorded claim 1." in added.stdout and "\\u5104" in added.stdout
    shown = latin1.invoke(app, ["show", "1", "--json"])
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["text"] == "5000億ドル 😀 café" == cli.json("show", "1")["text"]


def test_what_could_not_be_encoded_is_named_for_what_it_is():
    from claimtrack.cli.base import _unencodable

    argument = _unencodable(UnicodeEncodeError("utf-8", "bad\udcff", 3, 4, "surrogates not allowed"))
    output = _unencodable(UnicodeEncodeError("latin-1", "5000億", 4, 5, "ordinal not in range"))
    assert "an argument holds text that is not valid Unicode" in argument
    assert output.startswith("the output's encoding (latin-1) cannot hold '\\u5104'")
