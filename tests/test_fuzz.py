"""Fuzzing: whatever a file or a value holds, claimtrack answers with a result
or one short error line (exit 2), never a crash, and a rejected import
changes nothing. CLAIMTRACK_FUZZ_EXAMPLES=1000 digs deeper than the suite's 40."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.cli.app import app
from claimtrack.domain.dates import parse_date
from claimtrack.domain.values import parse_value
from claimtrack.errors import ClaimtrackError

# Text as it comes: any character, control codes and bidi overrides included,
# with the words and figures the grammars look for mixed in.
WORDS = st.sampled_from(["5000億ドル", "$500B", "約", "以上", "or more", "2025年", "3月1日", "令和7年", "FY2025",
                         "mid-April", "先週", "1e400", "１２３", "〜", "-", "%", "人", "visitors", "\x1b[2J", "\u202e"])
TEXT = st.one_of(st.text(max_size=40), st.lists(WORDS, max_size=6).map(" ".join))
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=6,
)
FIELDS = ["type", "key", "text", "source", "speaker", "url", "stance", "claimed_on", "as_of", "value", "qualifiers",
          "supersedes", "quote", "note", "lang", "recorded_at", "id", "uid", "colour"]
GOOD = {"type": "claim", "key": "k/a", "text": "t", "source": "S"}
RECORD = st.builds(
    lambda base, extra: {**base, **extra},
    st.just(GOOD),
    st.dictionaries(st.sampled_from(FIELDS), st.one_of(JSON_VALUE, TEXT), max_size=5),
)
FUZZ = settings(
    max_examples=int(os.environ.get("CLAIMTRACK_FUZZ_EXAMPLES", "40")), deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _count(db) -> int:
    return sqlite3.connect(db).execute("SELECT count(*) FROM claims").fetchone()[0]


def _jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _json(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False)


def _csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, sorted({name for r in records for name in r} - {"type"}))
    writer.writeheader()
    for r in records:
        writer.writerow({k: v if isinstance(v, str) else json.dumps(v) for k, v in r.items() if k != "type"})
    return out.getvalue()


@pytest.mark.parametrize(("suffix", "written"), [("jsonl", _jsonl), ("json", _json), ("csv", _csv)])
@FUZZ
@given(records=st.lists(RECORD, min_size=1, max_size=3))
def test_import_answers_or_refuses_cleanly_and_a_refusal_changes_nothing(cli, tmp_path_factory, suffix, written,
                                                                          records):
    db = tmp_path_factory.mktemp("fuzz") / "ledger.db"
    cli("sources", "add", "S", "--db", db)
    path = db.parent / f"in.{suffix}"
    path.write_text(written(records), encoding="utf-8", errors="surrogatepass")
    before = _count(db)
    result = cli.runner.invoke(app, ["import", str(path), "--db", str(db)])
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr, result.exception)
    if result.exit_code == 2:
        error = result.stderr.strip()
        assert error.startswith("Error: ") and "\n" not in error and len(error) <= 620, error
        assert _count(db) == before, "a rejected import changed the ledger"


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_parse_reads_or_refuses_any_text(text):
    for parse in (parse_value, parse_date):
        with contextlib.suppress(ClaimtrackError):
            parse(text)
