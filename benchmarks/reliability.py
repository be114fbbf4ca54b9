"""Reliability probe: races, kills and resource cases against a real ledger, with figures.

    python benchmarks/reliability.py               # a few minutes on 2 cores
    python benchmarks/reliability.py --quick       # seconds (tests/test_benchmarks.py runs it)

Each case is tried a number of times and counted: tried, survived (the
command gave a result or one clean error, and the ledger is sound), lost
(a claim or decision missing or doubled, a crash, a damaged ledger). It
prints one table and exits 1 if anything was lost, so the next probe starts
from these cases rather than from nothing:

- two `resolve` of one finding at once: exactly one decision stands;
- many first users of a new ledger at once: every `add` recorded, once;
- `kill -9` in the middle of an import: the ledger passes `PRAGMA
  integrity_check` and `claimtrack verify`, and holds all of the file or none;
- small inputs with a huge cost: a JSON number of 1e1000000000, a value of
  8,000 repeated words, a 5 MB field, a 6 MB line: refused with one short
  line, each within its time and memory budget.

Commands run as subprocesses of this interpreter; peak memory is the child's
own ``ru_maxrss``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CLAIMTRACK = [sys.executable, "-m", "claimtrack"]


@dataclass
class Case:
    name: str
    tried: int = 0
    survived: int = 0
    lost: int = 0
    note: str = ""

    def count(self, ok: bool, why: str = "") -> None:
        self.tried += 1
        if ok:
            self.survived += 1
        else:
            self.lost += 1
            self.note = self.note or why


def ct(db: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLAIMTRACK, "--db", str(db), *args], capture_output=True, text=True, timeout=timeout,
                          check=False)


def start(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLAIMTRACK, "--db", str(db), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def clean(result: subprocess.CompletedProcess[str] | tuple[int, str]) -> bool:
    """A result, or one short error line with exit code 2."""
    code, err = (result.returncode, result.stderr) if not isinstance(result, tuple) else result
    return code == 0 or (code == 2 and err.startswith("Error: ") and len(err.strip().splitlines()) == 1)


def sound(db: Path) -> bool:
    check = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return check and ct(db, "verify").returncode == 0


def concurrent_resolves(folder: Path, trials: int) -> Case:
    case = Case("two `resolve` of one finding at once")
    for n in range(trials):
        db = folder / f"resolve-{n}.db"
        ct(db, "add", "k/a", "one", "--source", "A", "--new-source", "--value", "1")
        ct(db, "add", "k/a", "hundred", "--source", "B", "--new-source", "--value", "100")
        finding = json.loads(ct(db, "report", "--json").stdout)["contradictions"][0]["id"]
        runs = [start(db, "resolve", finding, "--note", f"by {who}", "--by", who) for who in ("ana", "ken")]
        results = [(p.wait(), p.communicate()[1]) for p in runs]
        decisions = sqlite3.connect(db).execute("SELECT count(*) FROM resolutions").fetchone()[0]
        history = json.loads(ct(db, "history", finding, "--json").stdout)
        ok = all(clean(r) for r in results) and decisions >= 1 and history["standing"] is not None and sound(db)
        case.count(ok, f"decisions={decisions}, exits={[r[0] for r in results]}")
    return case


def first_users(folder: Path, rounds: int, users: int) -> Case:
    case = Case(f"{users} first users of a new ledger at once")
    for n in range(rounds):
        db = folder / f"first-{n}.db"
        runs = [start(db, "add", "k/a", f"claim {i}", "--source", "S", "--new-source") for i in range(users)]
        results = [(p.wait(), p.communicate()[1]) for p in runs]
        recorded = sqlite3.connect(db).execute("SELECT count(*) FROM claims").fetchone()[0]
        ok = all(code == 0 for code, _ in results) and recorded == users and sound(db)
        case.count(ok, f"recorded {recorded} of {users}; {[e.strip()[:80] for c, e in results if c][:1]}")
    return case


def kills(folder: Path, trials: int, claims: int) -> Case:
    case = Case(f"kill -9 during an import of {claims:,} claims")
    data = folder / "kill.jsonl"
    subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), "--claims", str(claims),
                    "--out", str(data)], check=True, capture_output=True)
    for n in range(trials):
        db = folder / f"kill-{n}.db"
        ct(db, "sources", "add", "Seed")
        proc = start(db, "import", str(data), "--new-sources")
        time.sleep(0.3 + 0.25 * (n % 6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        held = sqlite3.connect(db).execute("SELECT count(*) FROM claims").fetchone()[0]
        case.count(sound(db) and held in (0, claims), f"after kill: {held} claims, sound={sound(db)}")
    return case


def resources(folder: Path) -> Case:
    case = Case("small inputs with a huge cost")
    db = folder / "resources.db"
    ct(db, "sources", "add", "S")
    inputs = {
        "1e1000000000": '{"type": "claim", "key": "k/a", "text": "t", "source": "S", '
                        '"value": {"raw": "5", "amount": 1e1000000000}}',
        "8,000 words": json.dumps({"type": "claim", "key": "k/a", "text": "t", "source": "S",
                                   "value": "5" + " or more" * 8000}),
        "5 MB field": json.dumps({"type": "claim", "key": "k/a", "text": "x" * (5 << 20), "source": "S"}),
        "6 MB line": '{"type": "claim", "text": "' + "x" * (6 << 20) + '"}',
    }
    worst = []
    for name, line in inputs.items():
        path = folder / "input.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        began = time.perf_counter()
        proc = start(db, "import", str(path))
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - began
        err = proc.stderr.read() if proc.stderr else ""
        code = os.waitstatus_to_exitcode(status)
        mib = usage.ru_maxrss / 1024
        worst.append(f"{name}: {seconds:.1f} s, {mib:.0f} MiB")
        case.count(code == 2 and clean((code, err)) and len(err) < 700 and seconds < 10 and mib < 300,
                   f"{name}: exit {code}, {seconds:.1f} s, {mib:.0f} MiB, {len(err):,} characters of error")
    case.note = case.note or "; ".join(worst)
    return case


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few trials of each case (seconds)")
    args = parser.parse_args(argv)
    trials = 2 if args.quick else 20
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [
            concurrent_resolves(folder, trials),
            first_users(folder, 2 if args.quick else 8, 8 if args.quick else 20),
            kills(folder, 2 if args.quick else 12, 2_000 if args.quick else 50_000),
            resources(folder),
        ]
    print("| case | tried | survived | lost | note |\n|---|---:|---:|---:|---|")
    for c in cases:
        print(f"| {c.name} | {c.tried} | {c.survived} | {c.lost} | {c.note if c.lost else c.note or ''} |")
    return 1 if any(c.lost for c in cases) else 0


if __name__ == "__main__":
    sys.exit(main())
