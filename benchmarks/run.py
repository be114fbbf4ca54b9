"""claimtrack's benchmark suite: one command, one table, every figure next to its baseline.

    python benchmarks/run.py --claims 1000000          # the reference run (default size)
    python benchmarks/run.py --claims 2000 --repeat 1  # a smoke run, seconds

Generates a deterministic synthetic ledger (benchmarks/generate.py), then
measures, each figure the median of --repeat runs against a baseline measured
in the same run:

* import of the file: ``claimtrack import`` vs a stdlib ``sqlite3`` streaming
  insert (the floor), at the full size and at a fifth of it, with
  ``sqlite-utils insert --nl`` as a reference; rows/s and peak RSS; and where
  claimtrack's import spends its time, by phase (import_split.py);
* ``claimtrack report --format json`` vs a bare SQL scan for keys with spread
  values, at the full size and at a tenth of it (growth);
* ``diff`` of one key with 10,000 claims: the pure diff and the CLI end to end;
* start-up of ``--help``, ``--version`` and ``add`` vs a typer app that takes
  ``add``'s options and does nothing;
* ``parse_value`` throughput;
* ``claimtrack search`` on the full ledger vs a scan without the index (search_bench.py).

Commands run as subprocesses with this interpreter's environment (the
``claimtrack`` and ``sqlite-utils`` executables next to ``sys.executable``).
Peak RSS is read with ``os.wait4`` on the child's pid: the kernel's
``ru_maxrss`` for exactly that process (its VmHWM), no polling and no
arithmetic on ``RUSAGE_CHILDREN`` (which is a maximum over all children, so
deltas of it are meaningless). Work files go to benchmarks/work/ (git-ignored)
or --work. The table is printed and written to --out (benchmarks/results.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import importlib.util
import json
import os
import platform
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import generate  # noqa: E402

DIFF_KEY = "minerals-deal/us-rights-value"
MIB = 1 << 20

# The performance targets (ratios, so they hold on a noisy machine).
IMPORT_VS_FLOOR = 0.5       # claimtrack rows/s >= 0.5x the stdlib floor
IMPORT_RSS_MIB = 64.0       # peak RSS at 1M claims
REPORT_VS_SCAN = 10.0       # report <= 10x the bare scan
REPORT_RUNS = 5             # report and scan pairs at least, whatever --repeat says
REPORT_GROWTH = 11.0        # time(N) <= 11x time(N/10)
DIFF_VS_PURE = 1.5          # diff KEY --json end to end <= 1.5x the pure timeline
DIFF_RUNS = 5               # pure diff and command pairs at least, whatever --repeat says
ADD_VS_TYPER = 1.15         # add start-up <= 1.15x a typer app with the same options

# The bare scan: keys with more than one claim whose values spread (amounts,
# dates or categorical values that are not all equal) or whose stances differ.
# Columns as in src/claimtrack/store/migrations.py; the claims_report index
# (m003) covers every column it reads.
SCAN_SQL = """
SELECT key FROM claims GROUP BY key
HAVING count(*) > 1 AND (
    min(value_amount) <> max(value_amount) OR min(value_date) <> max(value_date)
    OR min(value_normalized) <> max(value_normalized) OR min(stance) <> max(stance)
)
"""

# The floor: what the machine can do with the stdlib. One transaction,
# json.loads per line, executemany in batches of 1,000, into a claim-shaped
# table with no index beyond the rowid.
FLOOR_SCRIPT = r"""
import json, sqlite3, sys
path, db = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db, isolation_level=None)
conn.execute('''CREATE TABLE sources (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT,
                aliases TEXT, domains TEXT)''')
conn.execute('''CREATE TABLE claims (id INTEGER PRIMARY KEY, key TEXT NOT NULL, text TEXT NOT NULL,
                source TEXT NOT NULL, speaker TEXT, url TEXT, stance TEXT NOT NULL, claimed_on TEXT,
                as_of TEXT, value TEXT, qualifiers TEXT NOT NULL, lang TEXT)''')
SQL = ('INSERT INTO claims (key, text, source, speaker, url, stance, claimed_on, as_of, value, qualifiers, lang) '
       'VALUES (?,?,?,?,?,?,?,?,?,?,?)')
conn.execute('BEGIN')
batch = []
n = 0
with open(path, 'rb') as f:
    for line in f:
        r = json.loads(line)
        if r.get('type') == 'source':
            conn.execute('INSERT INTO sources VALUES (?,?,?,?,?)', (r['id'], r['name'], r.get('kind'),
                         json.dumps(r.get('aliases', []), ensure_ascii=False), json.dumps(r.get('domains', []))))
            continue
        batch.append((r['key'], r['text'], r['source'], r.get('speaker'), r.get('url'), r.get('stance') or 'asserts',
                      r.get('claimed_on'), r.get('as_of'), r.get('value'),
                      json.dumps(r.get('qualifiers') or {}, ensure_ascii=False), r.get('lang')))
        if len(batch) >= 1000:
            conn.executemany(SQL, batch)
            n += len(batch)
            batch.clear()
if batch:
    conn.executemany(SQL, batch)
    n += len(batch)
conn.execute('COMMIT')
print(n)
"""

# The start-up baseline: a typer app with one command taking the options
# `claimtrack add` takes (same names, types and kinds), which does nothing.
MINIMAL_TYPER = """from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

app = typer.Typer()


@app.command()
def add(
    key: str,
    text: str,
    source: Annotated[Optional[str], typer.Option("--source", "-s")] = None,
    url: Annotated[Optional[str], typer.Option("--url")] = None,
    date: Annotated[Optional[str], typer.Option("--date")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of")] = None,
    value: Annotated[Optional[str], typer.Option("--value")] = None,
    said_by: Annotated[Optional[str], typer.Option("--said-by")] = None,
    stance: Annotated[Literal["asserts", "denies"], typer.Option("--stance")] = "asserts",
    quote: Annotated[Optional[str], typer.Option("--quote")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang")] = None,
    supersedes: Annotated[Optional[str], typer.Option("--supersedes")] = None,
    force: Annotated[bool, typer.Option("--force")] = False,
    note: Annotated[Optional[str], typer.Option("--note")] = None,
    qualifier: Annotated[Optional[list[str]], typer.Option("--qualifier", "-q")] = None,
    new_source: Annotated[bool, typer.Option("--new-source")] = False,
    fiscal_year: Annotated[Literal["japan", "us", "calendar"], typer.Option("--fiscal-year")] = "japan",
    json_: Annotated[bool, typer.Option("--json")] = False,
    db: Annotated[Optional[Path], typer.Option("--db")] = None,
) -> None:
    pass


app()
"""


# --- running things -----------------------------------------------------------

@dataclass
class Run:
    seconds: float
    rss_mib: float
    rc: int
    error: str = ""


class Failed(Exception):
    pass


def tool(name: str, module: str) -> list[str] | None:
    """The executable next to this interpreter, else ``python -m module``, else None."""
    exe = Path(sys.executable).parent / name
    if exe.exists():
        return [str(exe)]
    if importlib.util.find_spec(module) is not None:
        return [sys.executable, "-m", module]
    return None


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env.pop("CLAIMTRACK_DB", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


ENV = child_env()


def run(cmd: Sequence[str], stdout: Path | None = None) -> Run:
    """Run ``cmd``; wall time and peak RSS of exactly that process (os.wait4)."""
    with (
        tempfile.TemporaryFile() as err,
        open(stdout, "wb") if stdout else contextlib.nullcontext(subprocess.DEVNULL) as out,
    ):
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss / (MIB if sys.platform == "darwin" else 1024)
        message = ""
        if proc.returncode != 0:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            message = lines[-1] if lines else ""
        return Run(seconds, rss, proc.returncode, message)


def checked(cmd: Sequence[str], stdout: Path | None = None) -> Run:
    result = run(cmd, stdout)
    if result.rc != 0:
        raise Failed(f"{Path(cmd[0]).name} {cmd[1] if len(cmd) > 1 else ''} exited {result.rc}: {result.error}")
    return result


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


# --- the table ------------------------------------------------------------------

@dataclass
class Row:
    measurement: str
    figure: str
    baseline: str = "–"
    ratio: str = "–"
    target: str = "–"
    met: str = "–"


def at_least(value: float, target: float) -> str:
    if value >= target:
        return "yes"
    return f"NO: {value:.2f}× vs ≥ {target:g}×, needs {target / value:.2f}× more"


def at_most(value: float, target: float, unit: str = "×") -> str:
    if value <= target:
        return "yes"
    over = f"{value / target:.2f}× over" if unit == "×" else f"{value - target:.1f} {unit} over ({value / target:.2f}×)"
    return (f"NO: {value:.2f}{'' if unit == '×' else ' '}{unit} "
            f"vs ≤ {target:g}{'' if unit == '×' else ' '}{unit}, {over}")


def failed_row(measurement: str, exc: Exception) -> Row:
    return Row(measurement, f"FAILED: {exc}", met="FAILED")


def rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f} rows/s ({seconds:.2f} s)"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def markdown_table(rows: list[Row]) -> str:
    head = ("measurement", "figure", "baseline (same run)", "ratio", "target", "met")
    cells = [head] + [(r.measurement, r.figure, r.baseline, r.ratio, r.target, r.met) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(c[i].ljust(widths[i]) for i in range(len(head))) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


# --- the suite ------------------------------------------------------------------

class Suite:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.claims: int = args.claims
        self.repeat: int = max(1, args.repeat)
        self.work: Path = args.work
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.failed = False
        self.ct = tool("claimtrack", "claimtrack")
        self.su = tool("sqlite-utils", "sqlite_utils")
        self.full_db = self.work / "claimtrack-full.db"
        self.tenth_db = self.work / "claimtrack-tenth.db"

    def log(self, message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def add(self, row: Row) -> None:
        if row.met.startswith("FAILED"):
            self.failed = True
        self.rows.append(row)

    # data sets

    def dataset(self, claims: int) -> Path:
        """Generate once per size and generator version; reuse afterwards."""
        digest = hashlib.sha1()
        for name in ("generate.py", "diff_bench.py"):
            digest.update((HERE / name).read_bytes())
        path = self.work / f"claims-{claims}-{digest.hexdigest()[:8]}.jsonl"
        if not path.exists():
            for stale in self.work.glob(f"claims-{claims}-*.jsonl"):
                stale.unlink()
            self.log(f"generating {claims:,} claims -> {path}")
            start = time.perf_counter()
            stats = generate.generate(path, claims)
            self.log(f"  {stats['bytes'] / MIB:.1f} MiB in {time.perf_counter() - start:.1f} s")
        return path

    # 2. import

    def _imports(self, path: Path, tools: dict[str, Callable[[Path], list[str]] | None],
                 dbs: dict[str, Path]) -> dict[str, tuple[float, float] | str]:
        """Each tool's import of ``path``, interleaved run by run: (median seconds, median peak RSS),
        or why there is none."""
        results: dict[str, list[Run] | str] = {name: [] if make else "not installed" for name, make in tools.items()}
        for i in range(self.repeat):
            for name, make in tools.items():
                got = results[name]
                if make is None or isinstance(got, str):
                    continue
                self.log(f"import {path.name} {i + 1}/{self.repeat}: {name}")
                remove_db(dbs[name])
                try:
                    got.append(checked(make(dbs[name])))
                except Failed as exc:
                    results[name] = f"FAILED: {exc}"
        return {name: got if isinstance(got, str) else (median([r.seconds for r in got]),
                                                          median([r.rss_mib for r in got]))
                for name, got in results.items()}

    def bench_import(self) -> None:
        path = self.dataset(self.claims)
        size = path.stat().st_size
        self.notes.append(f"Data set: {self.claims:,} claims under {generate.key_count(self.claims):,} keys and "
                          f"{len(generate.SOURCES)} sources, {size / MIB:.1f} MiB "
                          f"({size / (self.claims + len(generate.SOURCES)):.0f} bytes a line), seed {generate.SEED}.")
        fifth = max(20, self.claims // 5)
        floor_at_fifth: float | None = None
        for n, data, db in ((self.claims, path, self.full_db),
                            (fifth, self.dataset(fifth), self.work / "claimtrack-fifth.db")):
            tools: dict[str, Callable[[Path], list[str]] | None] = {
                "claimtrack": (lambda out, d=data: [*self.ct, "import", str(d), "--db", str(out)]) if self.ct else None,
                "floor": lambda out, d=data: [sys.executable, "-c", FLOOR_SCRIPT, str(d), str(out)],
            }
            if n == self.claims:  # the reference: what a general tool does with the same file
                tools["sqlite-utils"] = ((lambda out: [*self.su, "insert", str(out), "claims", str(path), "--nl"])
                                         if self.su else None)
            dbs = {"claimtrack": db, "floor": self.work / "floor.db", "sqlite-utils": self.work / "sqlite-utils.db"}
            got = self._imports(data, tools, dbs)
            for name in ("floor", "sqlite-utils"):
                remove_db(dbs[name])
            self._import_rows(n, got, full=n == self.claims)
            if n != self.claims:
                remove_db(db)
                floor = got["floor"]
                floor_at_fifth = None if isinstance(floor, str) else floor[0]
        if self.full_db.exists():
            self.notes.append(f"Import: median of {self.repeat} run(s) each, interleaved, a fresh database file each "
                              f"run; rows/s counts claim rows. claimtrack's database after importing "
                              f"{self.claims:,} claims: {self.full_db.stat().st_size / MIB:.0f} MiB (with its "
                              "indexes and the search index).")
        self._import_split(self.dataset(fifth), fifth, floor_at_fifth)

    def _import_rows(self, n: int, got: dict[str, tuple[float, float] | str], full: bool) -> None:
        ct, fl, su = got["claimtrack"], got["floor"], got.get("sqlite-utils")
        at = f"{n:,} claims"
        if isinstance(fl, str):
            self.add(failed_row(f"import: stdlib sqlite3 streaming insert (floor), {at}", Failed(fl)))
        else:
            self.add(Row(f"import: stdlib sqlite3 streaming insert (floor), {at}", f"{rate(n, fl[0])}, {fl[1]:.1f} MiB",
                         ratio="the baseline"))
        if isinstance(ct, str):
            self.add(failed_row(f"import: claimtrack import, {at}", Failed(ct)))
        elif not isinstance(fl, str):
            ratio = fl[0] / ct[0]
            self.add(Row(f"import: claimtrack import, {at}", rate(n, ct[0]), "floor: " + rate(n, fl[0]),
                         f"{ratio:.2f}× floor", f"≥ {IMPORT_VS_FLOOR:g}× floor", at_least(ratio, IMPORT_VS_FLOOR)))
        if full and not isinstance(ct, str):
            self.add(Row(f"import: claimtrack import, peak RSS, {at}", f"{ct[1]:.1f} MiB",
                         f"floor: {fl[1]:.1f} MiB" if not isinstance(fl, str) else "–",
                         f"{ct[1] / fl[1]:.2f}×" if not isinstance(fl, str) else "–",
                         f"≤ {IMPORT_RSS_MIB:g} MiB" + ("" if n == 1_000_000 else " (at 1M)"),
                         at_most(ct[1], IMPORT_RSS_MIB, "MiB")))
        if su is None:
            return
        if isinstance(su, str):
            self.add(Row(f"import: sqlite-utils insert --nl (reference), {at}", su,
                         met="FAILED" if su.startswith("FAILED") else "–"))
        elif not isinstance(fl, str):
            self.add(Row(f"import: sqlite-utils insert --nl (reference), {at}", f"{rate(n, su[0])}, {su[1]:.1f} MiB",
                         "floor: " + rate(n, fl[0]), f"{fl[0] / su[0]:.2f}× floor"
                         + ("" if isinstance(ct, str) else f"; claimtrack at {su[0] / ct[0]:.2f}× it")))

    def _import_split(self, path: Path, n: int, floor: float | None) -> None:
        import import_split

        self.log(f"import split: {n:,} claims in process")
        figures = import_split.run(path, self.work / "split.db")
        self.log(f"import bounds: {n:,} claims' bare writes")
        bare = import_split.bounds(self.work / "split.db", self.work)
        remove_db(self.work / "split.db")
        total = figures["total"]
        for phase in import_split.PHASES:
            seconds = figures["seconds"][phase]
            self.add(Row(f"import split, {n:,} claims in process: {phase}", secs(seconds),
                         f"of {secs(total)}", f"{seconds / total:.0%}"))
        against = f"floor: {secs(floor)}" if floor is not None else "–"
        self.add(Row(f"import bound, {n:,} claims: the stored rows, into a table with no index", secs(bare["rows"]),
                     against, f"{bare['rows'] / floor:.2f}× the floor's time" if floor else "–"))
        self.add(Row(f"import bound, {n:,} claims: the search index, from forms made beforehand",
                     secs(bare["search index"]), against,
                     f"{bare['search index'] / floor:.2f}× the floor's time" if floor else "–"))
        writes = bare["rows"] + bare["search index"]
        self.add(Row(f"import bound, {n:,} claims: the most these two writes allow", f"{floor / writes:.2f}× floor"
                     if floor else "–", against, "–", f"≥ {IMPORT_VS_FLOOR:g}× floor",
                     at_least(floor / writes, IMPORT_VS_FLOOR) if floor else "–"))
        self.notes.append("Import split: one in-process `import_stream` of the file at a fifth of the size, a timer "
                          "around each phase (benchmarks/import_split.py says what each covers); the timers' own cost "
                          "is in the total. Import bound: the same claims' two writes alone, in the same process "
                          "(`import_split.bounds`): their rows as stored, inserted into a table of the same columns "
                          "with no index, constraint or trigger, and the search index filled from forms computed "
                          "beforehand. No import into this schema can be quicker than their sum: the last bound row "
                          "is the floor's time over it.")

    # 3. report

    def _scan(self, db: Path) -> tuple[float, int]:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            start = time.perf_counter()
            keys = conn.execute(SCAN_SQL).fetchall()
            return time.perf_counter() - start, len(keys)
        finally:
            conn.close()

    def _report_pair(self, db: Path, label: str) -> tuple[float, float, dict[str, Any], int]:
        out = self.work / f"report-{label}.json"
        reports, scans = [], []
        scan_keys = 0
        runs = max(self.repeat, REPORT_RUNS)  # each run is seconds; more runs steady the median
        for i in range(runs):
            self.log(f"report {label} {i + 1}/{runs}")
            reports.append(checked([*self.ct, "report", "--format", "json", "--db", str(db)], stdout=out).seconds)
            seconds, scan_keys = self._scan(db)
            scans.append(seconds)
        summary = json.loads(out.read_text(encoding="utf-8")).get("summary", {})
        return median(reports), median(scans), summary, scan_keys

    def bench_report(self) -> None:
        if self.ct is None or not self.full_db.exists():
            self.add(failed_row(f"report --format json at {self.claims:,}", "no database (import failed)"))
            return
        tenth = max(20, self.claims // 10)
        try:
            path = self.dataset(tenth)
            remove_db(self.tenth_db)
            self.log(f"importing {tenth:,} claims for the growth figure")
            checked([*self.ct, "import", str(path), "--db", str(self.tenth_db)])
            full = self._report_pair(self.full_db, "full")
            small = self._report_pair(self.tenth_db, "tenth")
        except Failed as exc:
            self.add(failed_row("report --format json", exc))
            return
        for n, (rep, scan, summary, keys) in ((self.claims, full), (tenth, small)):
            ratio = rep / scan
            self.add(Row(f"report --format json at {n:,} claims", secs(rep), f"bare SQL scan: {secs(scan)}",
                         f"{ratio:.1f}×", f"≤ {REPORT_VS_SCAN:g}× scan" if n == self.claims else "–",
                         at_most(ratio, REPORT_VS_SCAN) if n == self.claims else "–"))
            self.notes.append(f"Report at {n:,}: {summary.get('contradictions', '?')} contradiction(s) "
                              f"({summary.get('by_kind', {})}) over {summary.get('keys', '?')} keys; "
                              f"the bare scan found {keys} key(s) with spread values or stances.")
        growth = full[0] / small[0]
        self.add(Row(f"report growth: time({self.claims:,}) / time({tenth:,})", f"{growth:.1f}×",
                     f"{secs(full[0])} vs {secs(small[0])}", f"{growth:.1f}×", f"≤ {REPORT_GROWTH:g}×",
                     at_most(growth, REPORT_GROWTH)))

    # 4. diff

    def bench_diff(self) -> None:
        import diff_bench

        n = min(10_000, self.claims)
        label = f"diff: claimtrack diff KEY --json, {n:,} claims"
        ct = self.ct
        if ct is None:
            self.add(failed_row(label, "claimtrack not found"))
            return
        db = self.work / "diff.db"
        path = self.work / f"diff-{n}.jsonl"
        times: list[float] = []

        def command() -> None:
            self.log(f"diff: pure and CLI {len(times) + 1}/{runs}")
            times.append(checked([*ct, "diff", DIFF_KEY, "--json", "--db", str(db)],
                                 stdout=self.work / "diff.json").seconds)

        runs = max(self.repeat, DIFF_RUNS)  # a run is about a second; more runs steady the medians
        try:
            generate.generate_one_key(path, n, DIFF_KEY)
            remove_db(db)
            checked([*ct, "import", str(path), "--db", str(db)])
            pure = diff_bench.run(n, runs, between=command)  # the pure diff and the command take turns
        except Failed as exc:
            self.add(failed_row(label, exc))
            return
        self.add(Row(f"diff: build_timeline, one key with {n:,} claims (pure)", secs(pure["median_s"]),
                     ratio=f"{pure['revisions']:,} revisions"))
        end_to_end = median(times)
        ratio = end_to_end / pure["median_s"]
        self.add(Row(f"{label} (CLI)", secs(end_to_end),
                     f"pure diff: {secs(pure['median_s'])}", f"{ratio:.2f}×", f"≤ {DIFF_VS_PURE:g}× pure",
                     at_most(ratio, DIFF_VS_PURE)))

    # 5. start-up

    def bench_startup(self) -> None:
        if self.ct is None or not self.full_db.exists():
            self.add(failed_row("start-up: claimtrack add", "no claimtrack or no database"))
            return
        minimal = self.work / "minimal_typer.py"
        minimal.write_text(MINIMAL_TYPER, encoding="utf-8")
        runs = self.args.startup_runs or max(5, 5 * self.repeat)
        counter = iter(range(10**9))
        stamp = time.time_ns()

        def add_args() -> list[str]:
            return ["bench/startup", f"start-up probe {stamp}-{next(counter)}", "--source", "Forbes Japan",
                    "--value", "$500B", "--date", "2025-03-01", "--db", str(self.full_db)]

        commands: dict[str, Callable[[], list[str]]] = {
            "typer": lambda: [sys.executable, str(minimal), *add_args()],
            "help": lambda: [*self.ct, "--help"],  # type: ignore[misc]
            "version": lambda: [*self.ct, "--version"],  # type: ignore[misc]
            "add": lambda: [*self.ct, "add", *add_args()],  # type: ignore[misc]
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        try:
            for make in commands.values():  # warm-up: bytecode caches, page cache
                checked(make())
            self.log(f"start-up: {runs} rounds")
            for _ in range(runs):  # interleaved, so drift on a shared machine hits all alike
                for name, make in commands.items():
                    times[name].append(checked(make()).seconds)
        except Failed as exc:
            self.add(failed_row("start-up", exc))
            return
        base = median(times["typer"])
        self.add(Row("start-up: typer app with add's options, doing nothing (baseline)", ms(base)))
        for name, label in (("help", "claimtrack --help"), ("version", "claimtrack --version"),
                            ("add", "claimtrack add … (existing database)")):
            t = median(times[name])
            ratio = t / base
            is_add = name == "add"
            self.add(Row(f"start-up: {label}", ms(t), f"typer app: {ms(base)}", f"{ratio:.2f}×",
                         f"≤ {ADD_VS_TYPER:g}× typer app" if is_add else "–",
                         at_most(ratio, ADD_VS_TYPER) if is_add else "–"))
        self.notes.append(f"Start-up: median of {runs} interleaved runs each after one warm-up; `add` writes a new "
                          f"claim into the {self.claims:,}-claim database each run.")

    # 6. parse

    def bench_parse(self) -> None:
        import parse_bench

        n = min(self.claims, 1_000_000)
        self.log(f"parse: {n:,} values")
        r = parse_bench.run(n)
        self.add(Row(f"parse: parse_value, {n:,}-value mixed stream (cached)",
                     f"{r['stream_values_per_second']:,.0f} values/s",
                     f"cold, {r['distinct']:,} distinct: {r['cold_values_per_second']:,.0f} values/s",
                     f"{r['stream_values_per_second'] / r['cold_values_per_second']:.1f}×"))

    # 7. search

    def bench_search(self) -> None:
        import search_bench

        if not self.full_db.exists():
            self.add(failed_row("search", Failed("no database (import failed)")))
            return
        self.log("search: the full ledger")
        for r in search_bench.run(self.full_db, max(5, self.repeat)):
            target = r["target_ms"]
            self.add(Row(f"search `{r['query']}` ({r['terms']} term(s), shortest {r['shortest_term']} "
                         f"character(s))", f"{r['ms']:.0f} ms",
                         f"scan without the index: {r['scan_ms']:.0f} ms",
                         f"{r['matching_claims_by_scan']:,} claims match",
                         "–" if target is None else f"< {target:.0f} ms",
                         "–" if target is None else "yes" if r["met"] else f"NO: {r['ms']:.0f} ms"))
        self.notes.append("Search: `services.claims.search` (what `claimtrack search` runs), best 20 ranked, in "
                          "process on a warm cache, the median of its runs; the baseline is one `instr()` scan of "
                          "every claim's searched fields (benchmarks/search_bench.py).")

    def all(self) -> None:
        for step in (self.bench_import, self.bench_report, self.bench_diff, self.bench_startup, self.bench_parse,
                     self.bench_search):
            try:
                step()
            except Exception as exc:  # one broken step must not hide the others
                self.add(failed_row(step.__name__.replace("bench_", ""), exc))


# --- the record ---------------------------------------------------------------------

def _shown(path: Path) -> str:
    """A path as results.md may show it: relative to the repository, never one machine's absolute path."""
    try:
        return str(path.relative_to(Path(__file__).resolve().parents[1]))
    except ValueError:
        return path.name


def machine() -> list[str]:
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / (1 << 20):.1f} GiB"
                break
    except OSError:
        cpu = platform.processor() or cpu
    return [
        f"- Machine: {platform.platform()}; CPU: {cpu}; {os.cpu_count()} cores; memory {memory}",
        f"- Python {platform.python_version()} ({_shown(Path(sys.executable))}); SQLite {sqlite3.sqlite_version}",
    ]


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + (" (dirty)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def version_of(cmd: list[str] | None) -> str:
    if cmd is None:
        return "not installed"
    try:
        out = subprocess.run([*cmd, "--version"], capture_output=True, text=True, env=ENV, timeout=60)
        return out.stdout.strip() or out.stderr.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def results_markdown(suite: Suite, table: str, command: str, started: datetime.datetime, wall: float,
                     commit: str) -> str:
    lines = [
        f"# claimtrack benchmarks: {suite.claims:,} claims",
        "",
        f"- Command: `{command}`",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC; the whole run took {wall / 60:.1f} min",
        f"- Commit: {commit} (at the start of the run)",
        *machine(),
        f"- {version_of(suite.ct)}; {version_of(suite.su)}",
        "",
        "Figures come from a shared 2-core machine and are noisy: compare the ratios, each measured "
        "against its baseline in the same run, not the absolute figures across runs.",
        "",
        table,
        "",
        "## Notes",
        "",
        *[f"- {note}" for note in suite.notes],
        "- Peak RSS: `ru_maxrss` of exactly the child process, from `os.wait4` on its pid.",
        "- Diff: `claimtrack diff KEY --json` end to end as a subprocess (interpreter start-up included) and "
        f"the pure `build_timeline` in process (benchmarks/diff_bench.py) take turns, at least {DIFF_RUNS} "
        "runs each; the medians are compared.",
        "- Report: `claimtrack report --format json` end to end as a subprocess (interpreter start-up included), "
        f"the median of at least {REPORT_RUNS} runs, each followed by the bare scan: the query below, timed "
        "in-process with the stdlib `sqlite3` on the same database file (read-only), the median of its runs:",
        "",
        "```sql",
        SCAN_SQL.strip(),
        "```",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="size of the data set (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported (default 3)")
    parser.add_argument("--startup-runs", type=int, default=0,
                        help="runs per start-up figure (default 15, or 5 x --repeat when that is less)")
    parser.add_argument("--out", type=Path, default=HERE / "results.md", help="results file (benchmarks/results.md)")
    parser.add_argument("--work", type=Path, default=None,
                        help="work files (default benchmarks/work/run-CLAIMS, git-ignored)")
    args = parser.parse_args(argv)
    if args.claims < 20:
        parser.error("--claims must be at least 20")
    if not args.startup_runs:
        args.startup_runs = min(15, max(5, 5 * args.repeat))
    args.work = (args.work or HERE / "work" / f"run-{args.claims}").resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    command = shlex.join(["python", os.path.relpath(Path(sys.argv[0]).resolve(), Path.cwd()), *sys.argv[1:]]) \
        if argv is None else shlex.join(["python", "benchmarks/run.py", *argv])
    started = datetime.datetime.now(datetime.UTC)
    commit = git_commit()
    t0 = time.perf_counter()
    suite = Suite(args)
    suite.all()
    wall = time.perf_counter() - t0
    table = markdown_table(suite.rows)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(results_markdown(suite, table, command, started, wall, commit), encoding="utf-8")
    print(f"\nWritten to {args.out} ({wall:.0f} s).", file=sys.stderr)
    return 1 if suite.failed else 0


if __name__ == "__main__":
    sys.exit(main())
