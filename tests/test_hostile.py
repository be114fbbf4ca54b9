"""Hostile text and hostile files: what a claim holds never drives the terminal,
reorders a line or links itself; small inputs cost little; every mistake is one
short line with exit code 2."""

from __future__ import annotations

import json

import pytest

ESC_TITLE = "\x1b]0;PWNED\x07"
CLEAR = "\x1b[2J"
RTL = "\u202e"
CSI = "\x9b"
UNSEEN = (ESC_TITLE[0], "\x07", RTL, CSI)


@pytest.fixture
def hostile(cli):
    """Two claims whose every field carries control codes and a bidi override."""
    evil = f"{ESC_TITLE}{CLEAR}{RTL}{CSI}"
    for day, value in (("2025-01-01", "5"), ("2025-01-02", "7")):
        cli("add", "k/a", f"text {evil}", "--source", f"Src {evil}", "--new-source", "--said-by", f"Sp {evil}",
            "--quote", f"Q {evil}", "--note", f"N {evil}", "--value", value, "--date", day)
    return evil


def raw_controls(text: str) -> list[str]:
    return [c for c in UNSEEN if c in text]


@pytest.mark.parametrize("args", [
    ("show", "1"), ("log",), ("diff", "k/a"), ("diff", "1", "2"), ("diff", "k/a", "--format", "html"),
    ("sources", "list"), ("sources", "show", "src-0-pwned-2j"), ("history", "1"),
    ("report",), ("report", "--format", "plain"), ("report", "--format", "markdown"),
    ("report", "--format", "csv"), ("report", "--format", "html"),
])
def test_human_output_writes_control_characters_out(cli, hostile, args):
    out = cli(*args).stdout
    assert raw_controls(out) == []
    if args[0] in ("show", "log", "report"):
        assert "\\x1b" in out and "PWNED" in out, "written out, not dropped"


def test_json_escapes_c1_and_bidi_controls_and_keeps_the_data(cli, hostile, tmp_path):
    shown = cli("show", "1", "--json").stdout
    assert raw_controls(shown) == [] and "\\u202e" in shown and "\\u009b" in shown
    assert json.loads(shown)["text"] == f"text {hostile}"
    exported = cli("export").stdout
    assert raw_controls(exported) == []
    copy = tmp_path / "copy.jsonl"
    copy.write_text(exported, encoding="utf-8")
    cli("import", copy, "--db", tmp_path / "other.db")
    assert cli.json("show", "1", "--db", tmp_path / "other.db")["speaker"] == f"Sp {hostile}"


@pytest.mark.parametrize("args", [
    ("sources", "show", f"nope{ESC_TITLE}"), ("diff", f"k/{CLEAR}"), ("log", "--source", f"x{ESC_TITLE}"),
    ("add", "k/a", "t", "--source", "nobody", "--date", f"2025{CLEAR}{RTL}"),
])
def test_errors_write_control_characters_out(cli, hostile, args):
    error = cli(*args, code=2).stderr
    assert error.startswith("Error: ") and raw_controls(error) == [] and len(error.strip().splitlines()) == 1


def test_an_error_quoting_a_long_input_stays_one_short_line(cli, hostile):
    error = cli("sources", "show", "x" * 5000, code=2).stderr
    assert len(error) <= len('Error: ') + 600 + 1 and error.rstrip().endswith("…")


def test_markdown_links_nothing_by_itself(cli):
    cli("add", "k/m", "see http://evil.example or www.evil.example, mail a@evil.example", "--source", "A",
        "--new-source", "--said-by", "![img](http://evil.example/x.png)", "--value", "1", "--date", "2025-01-01")
    cli("add", "k/m", "other", "--source", "B", "--new-source", "--value", "100", "--date", "2025-01-01")
    page = cli("report", "--format", "markdown").stdout
    assert "http\\://evil.example" in page and "www\\.evil" in page and "a\\@evil" in page
    assert "![" not in page and "](http://" not in page


# -- small inputs, bounded cost ------------------------------------------------------


def write(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("number", ["1e1000000000", "1e-1000000000", "9" * 4400])
@pytest.mark.parametrize("form", ["jsonl", "json"])
def test_a_number_out_of_range_is_refused_before_any_arithmetic(cli, tmp_path, number, form):
    value = '{"raw": "5", "amount": ' + number + "}"
    record = '{"type": "claim", "key": "k/a", "text": "t", "source": "S", "value": ' + value + "}"
    path = tmp_path / f"big.{form}"
    write(path, [record] if form == "jsonl" else ["[", record, "]"])
    error = cli("import", path, code=2).stderr
    assert error.startswith(f"Error: {path}:") and "not valid JSON: " in error and len(error) < 300
    assert "sys.set_int_max_str_digits" not in error


@pytest.mark.parametrize(("field", "size"), [("text", 100_001), ("note", 100_001), ("value", 1_001),
                                             ("speaker", 2_001), ("key", 501)])
def test_every_field_has_one_length_limit_in_every_format(cli, tmp_path, field, size):
    long = ("k/" + "a" * (size - 2)) if field == "key" else "5" * size if field == "value" else "x" * size
    record = {"type": "claim", "key": "k/a", "text": "t", "source": "S", field: long}
    errors = set()
    for form in ("jsonl", "json", "csv"):
        path = tmp_path / f"long.{form}"
        if form == "jsonl":
            write(path, [json.dumps(record)])
        elif form == "json":
            write(path, [json.dumps([record])])
        else:
            del record["type"]
            write(path, [",".join(record), ",".join(record.values())])
        error = cli("import", path, code=2).stderr
        errors.add(error.split(": ", 2)[2].strip())
    assert errors == {f"{field}: is {size:,} characters long; {field} takes at most {size - 1:,}"}


def test_a_line_longer_than_a_record_may_be_is_refused_unread(cli, tmp_path):
    path = tmp_path / "huge.jsonl"
    path.write_bytes(b'{"type": "claim", "text": "' + b"x" * (4 << 20) + b'"}\n')
    assert "a record runs past 4,194,304 characters" in cli("import", path, code=2).stderr


@pytest.mark.parametrize("field", ["recorded_at", "claimed_on"])
def test_a_moment_at_the_calendars_edge_is_a_clean_answer(cli, tmp_path, field):
    path = write(tmp_path / "edge.jsonl", [json.dumps(
        {"type": "claim", "key": "k/a", "text": "t", "source": "S", field: "9999-12-31T23:59:59-23:59"})])
    cli("sources", "add", "S")
    result = cli("import", path, code=2 if field == "recorded_at" else 0)
    if field == "recorded_at":
        assert "falls outside the calendar (years 1 to 9999) in UTC" in result.stderr


def test_a_speaker_given_as_a_number_is_named_as_one(cli, tmp_path):
    path = write(tmp_path / "n.jsonl", ['{"type": "claim", "key": "k/a", "text": "t", "source": "S", "speaker": 1.5}'])
    assert cli("import", path, code=2).stderr.strip().endswith("speaker: expected text, got a number: '1.5'")


def test_qualifiers_at_their_limit_survive_a_round_trip(cli, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("key,text,source,qualifiers\nk/q,t,S,m=" + "v" * 1998 + "\n", encoding="utf-8")
    cli("sources", "add", "S")
    cli("import", path)
    exported = tmp_path / "out.jsonl"
    exported.write_text(cli("export").stdout, encoding="utf-8")
    cli("import", exported, "--db", tmp_path / "copy.db")
    assert cli.json("show", "1", "--db", tmp_path / "copy.db")["qualifiers"] == {"m": "v" * 1998}
    assert "--qualifier: is 2,001 characters long" in cli("add", "k/q", "t", "--source", "S", "-q",
                                                          "m=" + "v" * 1999, code=2).stderr
