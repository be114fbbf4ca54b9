"""Where an import's time goes: one in-process import of a JSON Lines file, timed by phase.

    python benchmarks/import_split.py benchmarks/work/run-1000000/claims-1000000-*.jsonl
    python benchmarks/import_split.py --claims 20000      # generates its own file first

Runs ``services.transfer.import_stream`` (what ``claimtrack import`` runs)
into a fresh ledger, with a timer around each phase:

* reading: the file read and each line decoded as JSON (``read_jsonl``);
* checks: every field checked and normalised, dates and values read
  (``records.claim_input``);
* rows: the source resolved, the fingerprint hashed, the uid drawn, the
  row built (``Recorder.new_row``);
* insert: the rows written to the claims table (``executemany``);
* chain: each claim's link hashed and written (``chain.append``);
* search index: the new claims indexed in one pass (``search.resume``);
* indexes: the report and source indexes made again after the load;
* other: the rest (the transaction, sources, the loop itself).

The timers cost a little (a clock read around each call); the total is
shown, and ``benchmarks/run.py`` puts it next to the end-to-end import.

Then :func:`bounds` times the two writes no import of these claims can do
without, on their own: the ledger's claim rows, as stored, inserted into a
fresh table of the same columns with no index, constraint or trigger; and
the search index filled from its forms computed beforehand. Their sum is
the least any import of the file into claimtrack's schema takes, however
fast its checks: ``run.py`` sets it against the floor.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

PHASES = ("reading", "checks", "rows", "insert", "chain", "search index", "indexes", "other")


def run(path: Path, db: Path) -> dict[str, Any]:
    """Import ``path`` into a fresh ``db``; seconds by phase, the total and the claims added."""
    from claimtrack.services import claims as claim_service
    from claimtrack.services import transfer
    from claimtrack.store import chain, repo, search
    from claimtrack.store.db import connect

    spent = dict.fromkeys(PHASES, 0.0)

    def timed(owner: Any, name: str, phase: str) -> Callable[[], None]:
        original = getattr(owner, name)

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[phase] += time.perf_counter() - start

        setattr(owner, name, wrapper)
        return lambda: setattr(owner, name, original)

    reader = transfer.READERS["jsonl"]

    def reading(stream: Any, name: str) -> Iterator[tuple[int, Any]]:
        records = reader(stream, name)
        while True:
            start = time.perf_counter()
            item = next(records, None)
            spent["reading"] += time.perf_counter() - start
            if item is None:
                return
            yield item

    deferred = repo.deferred_indexes

    @contextlib.contextmanager
    def rebuilt(conn: Any, **options: Any) -> Iterator[None]:
        before = spent["search index"]
        with deferred(conn, **options):
            yield
            loaded = time.perf_counter()
        spent["indexes"] += time.perf_counter() - loaded - (spent["search index"] - before)

    undo = [
        timed(transfer, "claim_input", "checks"),
        timed(claim_service.Recorder, "new_row", "rows"),
        timed(repo, "insert_new_claims", "insert"),
        timed(chain, "append", "chain"),
        timed(search, "resume", "search index"),
    ]
    transfer.READERS["jsonl"] = reading
    repo.deferred_indexes = rebuilt  # type: ignore[assignment]
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        conn = connect(db)
        start = time.perf_counter()
        with open(path, "rb") as stream:
            result = transfer.import_stream(conn, stream, str(path), new_sources=True, size=path.stat().st_size)
        total = time.perf_counter() - start
        conn.close()
    finally:
        for restore in undo:
            restore()
        transfer.READERS["jsonl"] = reader
        repo.deferred_indexes = deferred  # type: ignore[assignment]
    spent["insert"] -= spent["chain"]  # chain.append runs inside insert_new_claims
    spent["other"] = total - sum(seconds for phase, seconds in spent.items() if phase != "other")
    return {"seconds": spent, "total": total, "claims": result.claims_added}


def bounds(ledger: Path, work: Path) -> dict[str, float]:
    """Seconds for the bare writes of ``ledger``'s claims (see the module): ``rows``, ``search index``."""
    import sqlite3

    from claimtrack.store import search

    source = sqlite3.connect(ledger)
    try:
        columns = [row[1] for row in source.execute("PRAGMA table_info(claims)")]
        rows = source.execute(f"SELECT {', '.join(columns)} FROM claims ORDER BY id").fetchall()
        fields = ", ".join(search.COLUMNS)
        forms = [(row[0], *map(search.search_form, row[1:]))
                 for row in source.execute(f"SELECT id, {fields} FROM claims ORDER BY id")]
    finally:
        source.close()
    db = work / "bounds.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")  # as claimtrack opens a ledger
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"CREATE TABLE claims ({', '.join(columns)})")
        conn.execute(f'CREATE VIRTUAL TABLE {search.TABLE} USING fts5({fields}, content="claims", '
                     "content_rowid=\"id\", tokenize='trigram')")
        search.set_merge_width(conn)  # as an import configures the index
        spent = {}
        for phase, sql, batch in (
            ("rows", f"INSERT INTO claims VALUES ({', '.join('?' for _ in columns)})", rows),
            ("search index", f"INSERT INTO {search.TABLE} (rowid, {fields}) VALUES (?{', ?' * len(search.COLUMNS)})",
             forms),
        ):
            start = time.perf_counter()
            conn.execute("BEGIN")
            conn.executemany(sql, batch)
            conn.execute("COMMIT")
            spent[phase] = time.perf_counter() - start
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    return spent


def table(figures: dict[str, Any]) -> str:
    total = figures["total"]
    lines = ["| phase | seconds | share |", "|---|---|---|"]
    for phase in PHASES:
        seconds = figures["seconds"][phase]
        lines.append(f"| {phase} | {seconds:.2f} | {seconds / total:.0%} |")
    lines.append(f"| total ({figures['claims']:,} claims) | {total:.2f} | 100% |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, help="a JSON Lines file (default: generate --claims)")
    parser.add_argument("--claims", type=int, default=20_000, help="claims to generate when no file is given")
    parser.add_argument("--work", type=Path, default=None, help="where the ledger (and a generated file) go")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        path = args.file
        if path is None:
            import generate

            path = work / f"claims-{args.claims}.jsonl"
            generate.generate(path, args.claims)
        figures = run(path, work / "split.db")
        print(f"import of {path.name} ({os.path.getsize(path) / (1 << 20):.1f} MiB), in process, timed by phase:\n")
        print(table(figures))
        bare = bounds(work / "split.db", work)
        print(f"\nthe same claims' bare writes: rows {bare['rows']:.2f} s, search index {bare['search index']:.2f} s")


if __name__ == "__main__":
    main()
