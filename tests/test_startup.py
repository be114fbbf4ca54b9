"""Start-up: a command builds and imports only what it needs, and nothing a
user sees changes for it (root help, suggestions, options before the command)."""

from __future__ import annotations

import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from claimtrack.cli import root as root_module
from claimtrack.cli.app import app
from claimtrack.cli.root import COMMANDS, named_command
from claimtrack.domain.patterns import deferred

PROBE = """
import atexit, sys
from claimtrack.cli.root import app, main  # what the `claimtrack` script runs
atexit.register(lambda: print("BUILT", " ".join(info.name for info in app.registered_commands), file=sys.stderr))
atexit.register(lambda: print("LOADED", " ".join(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["claimtrack", *sys.argv[1:]]
main()
"""


def _claimtrack(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                          check=False)


def _loaded(done: subprocess.CompletedProcess[str]) -> set[str]:
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED "))
    return set(line.split()[1:])


def test_add_keeps_rich_sqlite_utils_and_exchange_rates_off_its_path(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    first = _claimtrack("add", "deal/us-share", "US gets $500B", "--source", "Forbes Japan", "--new-source",
                        "--db", db)
    assert first.returncode == 0, first.stderr
    done = _claimtrack("add", "deal/us-share", "米国に5000億ドル", "--source", "Forbes Japan", "--value", "5000億ドル",
                       "--date", "2025年3月1日", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "USD 500,000,000,000" in done.stdout
    loaded = _loaded(done)
    for heavy in ("rich", "sqlite_utils", "currency_converter", "dateutil", "orjson"):
        assert not any(name == heavy or name.startswith(heavy + ".") for name in loaded), heavy
    assert "claimtrack.services.report" not in loaded and "claimtrack.services.transfer" not in loaded
    assert {name for name in loaded if name.startswith("claimtrack.cli.")} <= {
        "claimtrack.cli.root", "claimtrack.cli.claims", "claimtrack.cli.base", "claimtrack.cli.fields",
        "claimtrack.cli.options"}  # no other command's module
    built = next(line for line in done.stderr.splitlines() if line.startswith("BUILT "))
    assert built == "BUILT add"  # typer read no other command's signature


PROGRAM = """
import atexit, gc, sys
from claimtrack import __main__ as program  # what the `claimtrack` script runs
atexit.register(lambda: print("GC", gc.isenabled(), gc.get_freeze_count(), file=sys.stderr))
sys.argv = ["claimtrack", *sys.argv[1:]]
program.main()
"""


def test_the_command_runs_with_the_garbage_collector_that_start_up_did_without(tmp_path: Path) -> None:
    """Start-up runs without the cyclic collector; the command (a long import, `serve`) runs with
    it, and the objects start-up made are set aside rather than walked again."""
    done = subprocess.run([sys.executable, "-c", PROGRAM, "add", "deal/us-share", "US gets $500B", "--source",
                           "Forbes Japan", "--new-source", "--db", str(tmp_path / "ledger.db")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Recorded claim 1." in done.stdout
    enabled, frozen = next(line for line in done.stderr.splitlines() if line.startswith("GC ")).split()[1:]
    assert enabled == "True" and int(frozen) > 10_000


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["nosuch"], ["add"]])
def test_the_program_run_in_process_gives_the_collector_back_whatever_happens(args: list[str]) -> None:
    code = subprocess.run([sys.executable, "-c", f"""
import gc, sys
from claimtrack import __main__ as program
sys.argv = ["claimtrack", *{args!r}]
try:
    program.main()
except SystemExit:
    pass
print("GC", gc.isenabled(), gc.get_freeze_count())
"""], capture_output=True, text=True, timeout=120, check=False)
    assert code.stdout.strip().splitlines()[-1] == "GC True 0", code.stdout + code.stderr


def test_a_host_keeps_its_collector_as_it_set_it(tmp_path: Path) -> None:
    """Running a command in process (tests, an embedding) leaves the host's collector as it set it."""
    from typer.testing import CliRunner

    gc.disable()
    try:
        done = CliRunner().invoke(app, ["parse", "500"])
        assert done.exit_code == 0, done.output
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()
    db = str(tmp_path / "ledger.db")
    CliRunner().invoke(app, ["add", "k/a", "US gets $500B", "--source", "Jiji", "--new-source", "--db", db])
    done = CliRunner().invoke(app, ["report", "--db", db])
    assert done.exit_code == 0, done.output
    assert gc.isenabled()  # the report turns it off only in a process of its own


@pytest.mark.parametrize("args", [["-h", "add"], ["--help"], []])
def test_root_help_lists_every_command_whatever_follows(args: list[str]) -> None:
    done = _claimtrack(*args)
    assert done.returncode == 0, done.stderr
    for command in ("add", "log", "diff", "report", "import", "sources", "db"):
        assert re.search(rf"│ {command} ", done.stdout), (command, done.stdout)


def test_a_misspelt_command_is_still_suggested() -> None:
    done = _claimtrack("ad", "x", "y")
    assert done.returncode == 2
    assert "No such command 'ad'. Did you mean 'add'?" in done.stderr


def test_root_options_before_a_command_and_a_group(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    made = _claimtrack(f"--db={db}", "--timeout", "5", "sources", "add", "Jiji Press", "--id", "jiji")
    assert made.returncode == 0, made.stderr
    listed = _claimtrack("--db", str(db), "sources", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Jiji Press" in listed.stdout


@pytest.mark.parametrize(
    ("args", "name"),
    [(["add", "k", "t"], "add"), (["--db", "x.db", "log"], "log"), (["--db=x.db", "--timeout", "3", "sources",
     "list"], "sources"), (["--timeout=3", "report"], "report"), (["-h", "add"], None), (["--version"], None),
     (["ad"], None), ([], None), (["--db"], None)],
)
def test_the_command_named_is_found_past_the_root_options(args: list[str], name: str | None) -> None:
    assert named_command(args) == name


def test_the_table_of_commands_names_every_command_and_its_module() -> None:
    """main() imports only the module the table gives for the command named."""
    found = {info.name: info.callback.__module__ for info in app.registered_commands}
    for info in app.registered_groups:
        found[info.name] = next(name for name, module in sys.modules.items() if name.startswith("claimtrack.cli.")
                                and name not in ("claimtrack.cli.app", "claimtrack.cli.root")
                                and getattr(module, "app", None) is info.typer_instance)
    assert {name: f"claimtrack.cli.{module}" for name, module in COMMANDS.items()} == found
    assert [info.name for info in app.registered_commands] == [
        name for name, module in COMMANDS.items() if module not in root_module._GROUPS]  # help's order


def test_every_root_option_that_takes_a_value_is_skipped_when_looking_for_the_command() -> None:
    root = typer.main.get_command(app)
    taking = {name for param in root.params if not getattr(param, "is_flag", True) for name in param.opts}
    assert taking == set(root_module._ROOT_VALUES)  # a new root option with a value must be added there
    for option in taking:  # its value is never taken for the command, even when it is a command's name
        assert named_command([option, "log", "add", "k", "t"]) == "add"


def test_a_deferred_pattern_reads_as_the_compiled_one() -> None:
    pattern = deferred(r"(?P<n>\d+)\s*億", re.I)
    assert pattern.search("約 5000 億ドル")["n"] == "5000"  # type: ignore[index]
    assert pattern.sub("N億", "3億と4 億") == "N億とN億"
    assert [m["n"] for m in pattern.finditer("1億 2億")] == ["1", "2"]
    assert pattern.groupindex == {"n": 1}
    assert pattern.pattern == r"(?P<n>\d+)\s*億"
    assert pattern.flags & re.I


def _callbacks(typer_app: typer.Typer) -> list[object]:
    found: list[object] = [typer_app.registered_callback.callback] if typer_app.registered_callback else []
    found += [info.callback for info in typer_app.registered_commands]
    for group in typer_app.registered_groups:
        assert group.typer_instance is not None
        found += _callbacks(group.typer_instance)
    return found


def test_command_signatures_are_read_without_compiling_their_annotations():
    """typer reads the signature of the command it builds on every run: annotations
    written as strings (``from __future__ import annotations``) are compiled anew each
    time, several milliseconds of `add`'s start-up."""
    import inspect

    callbacks = _callbacks(app)
    assert len(callbacks) > 20
    for callback in callbacks:
        as_strings = [name for name, hint in inspect.get_annotations(callback).items() if isinstance(hint, str)]
        assert not as_strings, f"{callback.__module__}.{callback.__qualname__}: {as_strings}"
