"""Where `add`'s start-up and `diff KEY --json` spend their work, in instructions.

    python benchmarks/instructions.py                 # both, about 15 minutes
    python benchmarks/instructions.py --only startup  # about 2 minutes

Wall-clock time on a shared machine swings from run to run; the number of
instructions a process executes does not (valgrind's callgrind counts them,
whatever else the machine is doing). Each line is one process run under
callgrind; the steps are differences between processes that do a little
more each time, so each says what that step adds:

* start-up: the interpreter; importing typer; the typer app with `add`'s
  options (run.py's baseline); importing claimtrack's root command; and
  `claimtrack add` into a ledger.
* diff: reading the 10,000 claims of one key; building their timeline
  (the pure diff, on the ledger's claims); the JSON objects; orjson's
  encoding; the test for characters to escape and the write; and the
  command end to end (its start-up and typer's parsing are the rest).

Needs valgrind; the ledgers are built with the installed `claimtrack`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

ADD = ["bench/startup", "instructions", "--source", "Forbes Japan", "--value", "$500B", "--date", "2025-03-01"]

# One process per stage: each does what the one before did, and one thing more.
DIFF_STAGES = r"""
import gc, sys
gc.disable()
stage, db, key = sys.argv[1], sys.argv[2], sys.argv[3]
from claimtrack.store.db import connect
from claimtrack.services import claims as claim_service
from claimtrack.store import repo
from claimtrack.domain.diff import build_timeline
from claimtrack.render import diff as render
from claimtrack.render import console
conn = connect(db, create=False)
stages = ["imports", "read", "timeline", "objects", "json", "written"]
upto = stages.index(stage)
if upto >= 1:
    standing = claim_service.standing(conn)
    claims = repo.claims_for_key(conn, key)
if upto >= 2:
    line = build_timeline(key, claims)
if upto >= 3:
    obj = render.diff_json(line.key, line.claims, line.revisions, standing)
if upto >= 4:
    data = console._orjson_indented(obj)
if upto >= 5:  # what console.write_json does with it
    with open("/dev/null", "wb") as out:
        out.write(console.json_safe(data.decode()).encode() if console._json_has_unseen(data) else data)
"""


def instructions(command: list[str]) -> int:
    """Instructions callgrind counts for one run of ``command``."""
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out", *command],
                              capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"callgrind failed on {command[:3]}: {done.stderr[-500:]}")
    return int(found[1])


def claimtrack() -> list[str]:
    found = shutil.which("claimtrack", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("claimtrack is not installed next to this Python")
    return [found]


def show(rows: list[tuple[str, int, int | None]]) -> None:
    print("| step | instructions | what it adds |")
    print("|---|---|---|")
    for label, total, added in rows:
        print(f"| {label} | {total / 1e6:,.0f} M | {'' if added is None else f'{added / 1e6:+,.0f} M'} |")
    print()


def startup(work: Path) -> None:
    from run import MINIMAL_TYPER

    ct = claimtrack()
    db = work / "startup.db"
    subprocess.run([*ct, "add", *ADD[:2], "--source", "Forbes Japan", "--new-source", "--db", str(db)],
                   check=True, capture_output=True)
    minimal = work / "minimal_typer.py"
    minimal.write_text(MINIMAL_TYPER, encoding="utf-8")
    python = sys.executable
    steps = [
        ("the interpreter (`python -c pass`)", [python, "-c", "pass"]),
        ("importing typer", [python, "-c", "import typer"]),
        ("importing claimtrack's root command (what `claimtrack` imports first)",
         [python, "-c", "import claimtrack.cli.root"]),
    ]
    rows: list[tuple[str, int, int | None]] = []
    before: int | None = None
    for label, command in steps:
        count = instructions(command)
        rows.append((label, count, None if before is None else count - before))
        before = count
    typer_app = instructions([python, str(minimal), *ADD, "--db", str(db)])
    add = instructions([*ct, "add", *ADD[:1], f"instructions {time.time_ns()}", *ADD[2:], "--db", str(db)])
    rows.append(("the typer app with add's options (run.py's baseline)", typer_app, None))
    rows.append(("`claimtrack add` into a ledger", add, add - typer_app))
    print("`add` start-up (each row one process; the last against the typer app):\n")
    show(rows)
    print(f"add / typer app: {add / typer_app:.2f}× in instructions\n")


def diff(work: Path, claims: int) -> None:
    import generate
    from run import DIFF_KEY

    ct = claimtrack()
    data = work / f"diff-{claims}.jsonl"
    db = work / "diff.db"
    generate.generate_one_key(data, claims, DIFF_KEY)
    subprocess.run([*ct, "import", str(data), "--db", str(db)], check=True, capture_output=True)
    rows: list[tuple[str, int, int | None]] = []
    before: int | None = None
    for stage in ("imports", "read", "timeline", "objects", "json", "written"):
        count = instructions([sys.executable, "-c", DIFF_STAGES, stage, str(db), DIFF_KEY])
        rows.append((stage, count, None if before is None else count - before))
        before = count
    end_to_end = instructions([*ct, "diff", DIFF_KEY, "--json", "--db", str(db)])
    assert before is not None
    rows.append(("`claimtrack diff KEY --json`, end to end", end_to_end, end_to_end - before))
    pure_script = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import diff_bench; "
                   "from claimtrack.domain.diff import build_timeline; "
                   f"c = diff_bench.make_claims({claims}); " + "{}")
    setup = instructions([sys.executable, "-c", pure_script.format("pass")])
    pure = instructions([sys.executable, "-c", pure_script.format("build_timeline(diff_bench.KEY, c)")]) - setup
    print(f"`diff KEY --json`, one key with {claims:,} claims (each row one process doing one step more):\n")
    show(rows)
    print(f"the pure diff (run.py's baseline, diff_bench's claims): {pure / 1e6:,.0f} M; "
          f"the command end to end: {end_to_end / pure:.2f}× it in instructions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("startup", "diff"), help="one of the two")
    parser.add_argument("--claims", type=int, default=10_000, help="claims under the diffed key (default 10,000)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: instructions are counted with its callgrind")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if args.only in (None, "startup"):
            startup(work)
        if args.only in (None, "diff"):
            diff(work, args.claims)


if __name__ == "__main__":
    main()
