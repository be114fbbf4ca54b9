"""Import is all or nothing and names file, line and field; export round-trips exactly."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

import pytest

SOURCE = {"type": "source", "id": "jiji", "name": "Jiji", "kind": "agency", "aliases": ["時事ドットコム"],
          "domains": ["jiji.com"]}


def claim(i: int, **extra):
    rec = {"key": f"topic/{i % 50}", "text": f"claim number {i}", "source": "jiji", "claimed_on": "2025-02-24",
           "value": f"{i}億ドル"}
    rec.update(extra)
    return rec


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def content(db_path):
    """Everything a user could read from the database, table by table."""
    conn = sqlite3.connect(db_path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    dump = {t: sorted(conn.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in tables}
    conn.close()
    return dump


def test_import_the_example_data(cli, isolated_db, example_file):
    out = cli.json("import", example_file)
    assert out["claims_added"] >= 20 and out["sources_changed"] == 3
    claims = cli.json("log")
    assert {c["source"] for c in claims} == {"forbes-japan", "jiji", "asahi-globe"}
    assert any("5000億ドル" in c["text"] for c in claims)
    again = cli.json("import", example_file)
    assert again["claims_added"] == 0 and again["claims_skipped"] == out["claims_added"]


def test_a_bad_record_at_the_end_of_10000_lines_changes_nothing(cli, tmp_path, isolated_db):
    cli("sources", "add", "Other", "--domain", "other.example.org")
    cli("add", "before/import", "already here", "--source", "other")
    before = content(isolated_db)
    records = [SOURCE] + [claim(i) for i in range(10_000)] + [claim(10_000, stance="maybe")]
    path = write_jsonl(tmp_path / "big.jsonl", records)
    result = cli("import", path, code=2)
    assert result.stderr.strip() == f"Error: {path}:10002: stance: 'maybe' is not a stance (use asserts or denies)"
    assert content(isolated_db) == before


@pytest.mark.parametrize("line, message", [
    ('{"key": "k/x", "source": "jiji"}', "text: is required and cannot be empty"),
    ('{"key": "k/x", "text": "t", "source": "jiji", "value": "2025年2月30日"}', "value:"),
    ('{"key": "k/x", "text": "t", "source": "jiji", "claimed_on": "1/3/2025"}', "claimed_on:"),
    ('{"key": "k/x", "text": "t", "source": "nobody"}', "source: unknown source 'nobody'"),
    ('{"key": "k/x", "text": "t", "source": "jiji", "colour": "red"}', "colour: unknown field"),
    ('{"key": "k/x", "text": "t", "source": "jiji", "supersedes": 5000}', "supersedes: claim 5000 does not exist"),
    ('{"key": "k/x", "text": "t"', "not valid JSON"),
    ('["k/x"]', "expected an object, got list"),
])
def test_each_kind_of_bad_line_names_file_line_and_field(cli, tmp_path, isolated_db, line, message):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(SOURCE) + "\n" + json.dumps(claim(1)) + "\n" + line + "\n", encoding="utf-8")
    result = cli("import", path, code=2)
    assert result.stderr.startswith(f"Error: {path}:3: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not isolated_db.exists(), "a rejected import into a new path leaves no empty database behind"


def test_json_array_and_csv_import(cli, tmp_path):
    arr = tmp_path / "claims.json"
    arr.write_text(json.dumps([SOURCE, claim(1), claim(2, qualifiers={"measure": "gross"})], indent=2,
                              ensure_ascii=False), encoding="utf-8")
    assert cli.json("import", arr)["claims_added"] == 2
    csv_file = tmp_path / "claims.csv"
    csv_file.write_text(
        "key,text,source,claimed_on,value,speaker,qualifiers\n"
        "minerals/x,米国が5000億ドル相当の権利を得る,時事ドットコム,2025年2月24日,5000億ドル,Trump,stage=promise\n"
        'minerals/y,"50%, into a fund",jiji,,50%,,\n',
        encoding="utf-8",
    )
    assert cli.json("import", csv_file)["claims_added"] == 2
    rows = {c["key"]: c for c in cli.json("log", "minerals")}
    assert rows["minerals/x"]["value"]["amount"] == "500000000000"
    assert rows["minerals/x"]["qualifiers"] == {"stage": "promise"}
    assert rows["minerals/y"]["text"] == "50%, into a fund"


def test_json_array_error_names_the_line_of_the_record(cli, tmp_path):
    path = tmp_path / "claims.json"
    path.write_text('[\n  {"type": "source", "id": "jiji", "name": "Jiji"},\n  {"key": "k/x", "text": "t",\n'
                    '   "source": "jiji", "stance": "no"}\n]\n', encoding="utf-8")
    result = cli("import", path, code=2)
    assert f"{path}:3: stance:" in result.stderr


def test_csv_error_names_the_line(cli, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("key,text,source\nk/a,t,nobody-known\n", encoding="utf-8")
    assert f"{path}:2: source: unknown source" in cli("import", path, code=2).stderr


def test_export_then_import_into_an_empty_database_reproduces_everything(cli, seeded, tmp_path):
    first = cli.json("log")
    fix = cli.json("add", "trump/title", "訂正: トランプ大統領", "--source", "jiji", "--supersedes", first[0]["id"],
                   "-q", "kind=correction")
    exported = tmp_path / "ledger.jsonl"
    cli("export", "-o", exported)
    other = tmp_path / "other.db"
    cli("import", exported, "--db", other)
    cli("export", "-o", tmp_path / "again.jsonl", "--db", other)
    assert (tmp_path / "again.jsonl").read_bytes() == exported.read_bytes()
    assert json.loads(cli("show", fix["id"], "--json", "--db", other).stdout) == cli.json("show", fix["id"])
    stdout_export = cli("export").stdout
    assert stdout_export.encode("utf-8") == exported.read_bytes()


def test_import_reports_unreadable_file(cli, tmp_path):
    result = cli("import", tmp_path / "missing.jsonl", code=2)
    assert "missing.jsonl: cannot read" in result.stderr


@pytest.mark.slow
def test_import_stays_flat_in_memory(tmp_path, conn):
    """Records stream: peak memory for 20,000 records is far below the file's size."""
    import tracemalloc

    from claimtrack.services.transfer import import_stream

    records = [SOURCE] + [claim(i, text=f"claim {i} " + "x" * 400, value="5億ドル") for i in range(20_000)]
    path = write_jsonl(tmp_path / "big.jsonl", records)
    size = path.stat().st_size
    tracemalloc.start()
    with open(path, "rb") as stream:
        result = import_stream(conn, stream, path.name)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.claims_added == 20_000
    assert peak < size / 4, f"peak {peak} bytes for a {size}-byte file"


def _indexes(db_path):
    conn = sqlite3.connect(db_path)
    names = sorted(
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims'")
    )
    conn.close()
    return names


def test_bulk_import_rebuilds_its_indexes_and_rolls_back_cleanly(cli, tmp_path, isolated_db, monkeypatch):
    from claimtrack.services import transfer

    monkeypatch.setattr(transfer, "BULK_MIN_BYTES", 0)
    cli("sources", "add", "Someone")
    indexes = _indexes(isolated_db)
    assert "claims_report" in indexes and "claims_source" in indexes
    bad = write_jsonl(tmp_path / "bad.jsonl",
                      [SOURCE] + [claim(i) for i in range(3000)] + [claim(1, text="x", supersedes=9999)])
    result = cli("import", bad, code=2)
    assert f"{bad}:3002: supersedes: claim 9999 does not exist" in result.stderr
    assert _indexes(isolated_db) == indexes and cli.json("log") == []
    good = write_jsonl(tmp_path / "good.jsonl", [SOURCE] + [claim(i) for i in range(3000)] + [claim(5)])
    out = cli.json("import", good)
    assert out["claims_added"] == 3000 and out["claims_skipped"] == 1
    assert _indexes(isolated_db) == indexes
    assert len(cli.json("log", "topic/7")) == 60


def test_a_bad_supersedes_inside_a_batch_names_its_line(cli, tmp_path):
    records = [SOURCE] + [claim(i) for i in range(10)] + [claim(10, supersedes=777)] + [claim(i) for i in range(11, 20)]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    assert f"{path}:12: supersedes: claim 777 does not exist" in cli("import", path, code=2).stderr
    cli("sources", "add", "Someone")  # the ledger exists now: a rejected import leaves it as it was
    assert cli("import", path, code=2).stderr and cli.json("log") == []


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 1 << 16])
def test_json_array_reader_handles_records_across_chunk_boundaries(chunk_size):
    import io

    from claimtrack.services.transfer import read_json_array

    records = [{"n": 12345, "text": "トランプ前米大統領 " * 3, "nested": {"a": [1, 2.5, None]}} for _ in range(5)]
    text = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"
    got = list(read_json_array(io.BytesIO(text.encode("utf-8")), "x.json", chunk_size=chunk_size))
    assert [r for _, r in got] == records
    assert [line for line, _ in got] == [2, 3, 4, 5, 6]
    numbers = list(read_json_array(io.BytesIO(b"[1, 22, 333]"), "n.json", chunk_size=chunk_size))
    assert [n for _, n in numbers] == [1, 22, 333]


def test_export_destinations(cli, seeded, tmp_path, monkeypatch):
    for bad in ("", ".", str(tmp_path)):
        result = cli("export", "-o", bad, code=2)
        assert "--output:" in result.stderr and "is a folder" in result.stderr
    assert cli("export", "-o", "-").stdout == cli("export").stdout
    monkeypatch.chdir(tmp_path)
    cli("export", "-o", "ledger.jsonl")
    assert (tmp_path / "ledger.jsonl").read_text(encoding="utf-8") == cli("export").stdout
    assert not (tmp_path / "ledger.jsonl.part").exists()


def test_reimport_with_a_changed_field_names_the_line(cli, tmp_path):
    records = [SOURCE] + [claim(i) for i in range(5)]
    path = write_jsonl(tmp_path / "a.jsonl", records)
    assert cli.json("import", path)["claims_added"] == 5
    assert cli.json("import", path)["claims_skipped"] == 5
    records[4] = claim(3, note="checked again")
    changed = write_jsonl(tmp_path / "b.jsonl", records)
    result = cli("import", changed, code=2)
    assert f"{changed}:5: note: claim 4 already records this text from this source with note none" in result.stderr


@pytest.mark.parametrize("line, message", [
    ('{"key": "k/x", "text": "t", "source": "jiji", "value": {"kind": "bogus"}}',
     "value: a value object needs its 'raw'"),
    ('{"key": "k/x", "text": "t", "source": "jiji", "lang": "klingon"}', "lang: 'klingon' is not a language tag"),
    ('{"key": "k/x", "text": "t", "source": "jiji", "supersedes": 99999999999999999999}',
     "supersedes: expected a claim id"),
    ('{"key": "k/x", "text": "t", "source": "jiji", "supersedes": "①"}', "supersedes: expected a claim id"),
    ('{"key": "k/x", "text": "t", "source": "jiji", "id": true}', "id: expected a claim id"),
])
def test_more_bad_fields(cli, tmp_path, line, message):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(SOURCE) + "\n" + line + "\n", encoding="utf-8")
    assert f"{path}:2: {message}" in cli("import", path, code=2).stderr


def test_csv_row_with_fewer_cells_than_the_header(cli, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("key,text,source,claimed_on,value,speaker\nk/one,first,jiji,2025-02-24,5%,Trump\nk/two,second,jiji\n",
                    encoding="utf-8")
    cli("sources", "add", "Jiji", "--id", "jiji")
    assert f"{path}:3: fewer cells than header columns" in cli("import", path, code=2).stderr


@pytest.mark.parametrize("text, message", [
    ('[\n {"a": 1},\n {"a": "unterminated\n', ":3: not valid JSON: Invalid control character"),
    ('[\n {"a": 1}\n', ":3: the JSON array is not closed"),
    ('[{"a": 1}] trailing', ":1: unexpected text after the closing ']'"),
    ('\ufeff[\n {"a": 1},\n {"a": 2 "b": 3}\n]', ":3: not valid JSON: Expecting ',' delimiter (column"),
])
def test_json_array_errors_name_the_line(tmp_path, text, message):
    import io

    from claimtrack.errors import ClaimtrackError
    from claimtrack.services.transfer import read_json_array

    with pytest.raises(ClaimtrackError) as err:
        list(read_json_array(io.BytesIO(text.encode("utf-8")), "x.json", chunk_size=8))
    assert message in str(err.value)


def test_a_malformed_record_does_not_pull_in_the_rest_of_the_file(monkeypatch):
    import io

    from claimtrack.errors import ClaimtrackError
    from claimtrack.services import transfer

    monkeypatch.setattr(transfer, "MAX_RECORD_CHARS", 1000)
    data = b'[{"a": "' + b"x" * 100_000 + b'"}]'
    stream = io.BytesIO(data)
    with pytest.raises(ClaimtrackError, match="runs past 1,000 characters"):
        list(transfer.read_json_array(stream, "big.json", chunk_size=256))
    assert stream.tell() < 5_000


def test_recorded_at_is_kept_in_utc(cli, tmp_path):
    path = write_jsonl(tmp_path / "t.jsonl", [SOURCE, claim(1, recorded_at="2025-03-01T09:00:00+09:00")])
    cli("import", path)
    assert cli.json("log")[0]["recorded_at"] == "2025-03-01T00:00:00.000000+00:00"
    naive = write_jsonl(tmp_path / "n.jsonl", [SOURCE, claim(2, recorded_at="2025-03-01T09:00:00")])
    assert "recorded_at: '2025-03-01T09:00:00' has no UTC offset" in cli("import", naive, code=2).stderr


def test_import_finds_sources_by_url_when_none_is_named(cli, tmp_path):
    other = {"type": "source", "id": "asahi", "name": "Asahi", "domains": ["globe.asahi.com"]}
    records = [SOURCE, other]
    for i in range(6):
        url = f"https://www.jiji.com/a/{i}" if i % 2 else f"https://globe.asahi.com/article/{i}"
        records.append({"key": "k/x", "text": f"t{i}", "url": url})
    cli("import", write_jsonl(tmp_path / "u.jsonl", records))
    by_url = {c["url"]: c["source"] for c in cli.json("log")}
    assert all(src == ("jiji" if "jiji" in url else "asahi") for url, src in by_url.items())
    assert len(by_url) == 6


def test_progress_bar_only_for_long_files_on_a_terminal(monkeypatch):
    import io as _io
    import sys

    from claimtrack.cli import transfer as cli_transfer

    class FakeTerminal(_io.StringIO):
        def isatty(self):
            return True

    term = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", term)
    monkeypatch.delenv("NO_COLOR", raising=False)
    with cli_transfer._progress(100) as update:
        assert update is None  # a short file: no bar
    with cli_transfer._progress(cli_transfer.PROGRESS_MIN_BYTES) as update:
        assert callable(update)
        update(cli_transfer.PROGRESS_MIN_BYTES // 2)
    assert "Importing" in term.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    with cli_transfer._progress(cli_transfer.PROGRESS_MIN_BYTES) as update:
        assert update is None


def test_resolutions_travel_with_the_export(cli, seeded, tmp_path):
    for finding in cli.json("report")["contradictions"]:
        cli("resolve", finding["id"], "--note", "checked", "--by", "desk")
    cli("report", "--check")
    exported = tmp_path / "all.jsonl"
    cli("export", "-o", exported)
    assert '"type": "resolution"' in exported.read_text(encoding="utf-8")
    other = tmp_path / "other.db"
    out = cli.json("import", exported, "--db", other)
    assert out["resolutions_added"] == len(cli.json("report", "--all")["contradictions"])
    cli("report", "--check", "--db", other)
    assert cli("export", "--db", other).stdout == exported.read_text(encoding="utf-8")
    assert cli.json("import", exported, "--db", other)["resolutions_added"] == 0
    bad = write_jsonl(tmp_path / "r.jsonl", [{"type": "resolution", "finding_id": "c-1-2", "status": "wrong-claim",
                                              "claim_id": 999, "note": "x",
                                              "resolved_at": "2025-03-01T00:00:00+00:00"}])
    assert f"{bad}:1: claim_id: claim 999 does not exist" in cli("import", bad, "--db", other, code=2).stderr


@pytest.mark.parametrize("line, message", [
    ('{"key": "k/x", "text": "t", "source": "jiji", "value": {"raw": "5000億ドル", "amount": "1", "unit": "EUR"}}',
     "value: amount '1' is not how '5000億ドル' reads ('500000000000')"),
    ('{"key": "k/x", "text": "t", "source": "jiji", "value": NaN}', "not valid JSON: NaN is not a number"),
    ('{"key": "k/x", "text": "\\ud800", "source": "jiji"}', "not valid Unicode"),
    ("[" * 100_000, "nested too deeply"),
])
def test_input_that_used_to_crash_or_change_silently(cli, tmp_path, line, message):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(SOURCE) + "\n" + line + "\n", encoding="utf-8")
    result = cli("import", path, code=2)
    assert f"{path}:2: " in result.stderr and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_json_numbers_are_kept_as_written(cli, tmp_path):
    records = [SOURCE, claim(1, value=Decimal("1.10")), claim(2, value=12345678901234567890)]
    path = tmp_path / "n.jsonl"
    path.write_text("".join(json.dumps(r, default=str).replace('"1.10"', "1.10") + "\n" for r in records),
                    encoding="utf-8")
    cli("import", path)
    raws = sorted(c["value"]["raw"] for c in cli.json("log"))
    assert raws == ["1.10", "12345678901234567890"]


def test_arguments_that_are_not_utf8_are_one_line(cli):
    cli("sources", "add", "Jiji", "--id", "jiji")
    result = cli("add", "k/x", "bad\udcff", "--source", "jiji", code=2)
    assert "not valid Unicode" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_csv_header_with_a_column_twice(cli, tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("key,text,source,key\nz/a,ok,jiji,z/b\n", encoding="utf-8")
    assert f"{path}:1: column 'key' appears twice in the header" in cli("import", path, code=2).stderr


def test_a_rejected_import_into_new_folders_leaves_no_folder_behind(cli, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"key": "k/x"}\n', encoding="utf-8")
    (tmp_path / "desk").mkdir()  # already there: stays
    ledger = tmp_path / "desk" / "2025" / "march" / "claims.db"
    cli("import", path, "--db", ledger, code=2)
    assert sorted(p.name for p in (tmp_path / "desk").iterdir()) == []
    good = tmp_path / "good.jsonl"
    good.write_text('{"key": "k/x", "text": "t", "source": "s"}\n', encoding="utf-8")
    cli("import", good, "--new-sources", "--db", ledger)
    assert ledger.exists()
