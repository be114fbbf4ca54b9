"""The benchmark suite runs end to end at a tiny size, so it cannot rot.

No timing is asserted here: the figures of a 2,000-claim run mean nothing;
what matters is that every measurement still runs and is reported.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "benchmarks" / "run.py"

ROWS = [
    "import: stdlib sqlite3 streaming insert (floor), 2,000 claims",
    "import: claimtrack import, 2,000 claims",
    "import: claimtrack import, peak RSS, 2,000 claims",
    "import: sqlite-utils insert --nl (reference), 2,000 claims",
    "import: stdlib sqlite3 streaming insert (floor), 400 claims",
    "import: claimtrack import, 400 claims",
    *(f"import split, 400 claims in process: {phase}"
      for phase in ("reading", "checks", "rows", "insert", "chain", "search index", "indexes", "other")),
    "import bound, 400 claims: the stored rows, into a table with no index",
    "import bound, 400 claims: the search index, from forms made beforehand",
    "import bound, 400 claims: the most these two writes allow",
    "report --format json at 2,000 claims",
    "report --format json at 200 claims",
    "report growth: time(2,000) / time(200)",
    "diff: build_timeline, one key with 2,000 claims (pure)",
    "diff: claimtrack diff KEY --json, 2,000 claims (CLI)",
    "start-up: typer app with add's options, doing nothing (baseline)",
    "start-up: claimtrack --help",
    "start-up: claimtrack --version",
    "start-up: claimtrack add … (existing database)",
    "parse: parse_value, 2,000-value mixed stream (cached)",
    "search `鉱物資源協定` (1 term(s), shortest 6 character(s))",
]


@pytest.mark.slow
def test_benchmark_suite_runs_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    proc = subprocess.run(
        [sys.executable, str(RUN), "--claims", "2000", "--repeat", "1", "--out", str(out),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    table = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    labels = [line.split("|")[1].strip() for line in table[1:]]
    assert labels[:len(ROWS)] == ROWS, proc.stdout
    assert len(labels) == len(ROWS) + 13 and all(label.startswith("search `") for label in labels[len(ROWS):])
    assert "FAILED" not in proc.stdout
    assert "not installed" not in proc.stdout

    written = out.read_text(encoding="utf-8")
    assert written.startswith("# claimtrack benchmarks: 2,000 claims")
    for row in ROWS:
        assert f"| {row} " in written
    for field in ("- Command: `python benchmarks/run.py --claims 2000 --repeat 1", "- Commit: ", "- Machine: ",
                  "SQLite ", "- Date: "):
        assert field in written


@pytest.mark.slow
def test_the_reliability_probe_runs_and_loses_nothing():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "reliability.py"), "--quick"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 4 and all(row.split("|")[4].strip() == "0" for row in rows), done.stdout


@pytest.mark.slow
def test_search_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "search_bench.py"), "--claims", "1000", "--repeat", "1",
         "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "search on " in proc.stdout and "(1,000 claims)" in proc.stdout
    for query in ("`関係者` | 1 | 3 |", "`停戦` | 1 | 2 |", "`兆` | 1 | 1 |"):
        assert query in proc.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="instructions are counted with valgrind's callgrind")
def test_instruction_counts_run_at_a_tiny_size() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "instructions.py"), "--claims", "200"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for row in ("| importing typer |", "| `claimtrack add` into a ledger |", "| timeline |", "| written |",
                "| `claimtrack diff KEY --json`, end to end |"):
        assert row in proc.stdout, proc.stdout
    assert "add / typer app: " in proc.stdout and "the command end to end: " in proc.stdout
