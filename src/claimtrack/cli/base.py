"""The command classes every claimtrack command and group is made of.

They hold what the command line does the same everywhere: one line on stderr
and exit code 2 for every mistake, options named as the user typed them, and
help that names values by metavar. An unexpected exception (a bug) is one
line too, with exit code 3 so that a pipeline never takes it for a finding
(exit 1); ``CLAIMTRACK_DEBUG=1`` shows its traceback.
"""

import contextlib
import gc
import io
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from claimtrack.cli.fields import for_the_command_line
from claimtrack.errors import ClaimtrackError

#: Exit codes besides 0: 1 is a command's own "found something" (``report
#: --check``, ``verify``), 2 a mistake in what was asked, 3 a bug, 130 Ctrl-C.
BUG = 3
INTERRUPTED = 130
#: A closed pipe (`claimtrack log | head`): 128 + SIGPIPE, as a shell reports a program it stopped reading.
PIPE_CLOSED = 141


#: The longest error message shown: a message quoting what it was given stays one readable line.
MESSAGE_LIMIT = 600


def shown(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """An error message as a terminal may show it: control characters in what
    it quotes written out, and cut to ``limit`` characters."""
    from claimtrack.render.console import visible

    message = visible(message).replace("\n", "\\n")  # one line, whatever it quotes
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _discard_new() -> None:
    from claimtrack.store import db

    db.discard_new()


def _forget_new() -> None:
    """The command is over: the ledgers it created are no longer new."""
    from claimtrack.store import db

    db.forget_new()


def _database_error(exc: sqlite3.Error) -> str:
    """What SQLite said, with the ledger it is about and what to do."""
    from claimtrack.store import db

    text = str(exc)
    where = db.opened or "the database"
    if db.locked(exc):
        return db.busy(where)
    if "malformed" in text or "corrupt" in text:
        return (f"{where} is damaged ({text}): `claimtrack db info` checks it; keep a copy of the file, then "
                "restore from a backup or an export")
    found = db.damaged_since(db.opened)
    if found is not None and "readonly" in text:
        return (f"{where} was found damaged ({found}), so nothing is written into it: keep a copy of the file, "
                "then restore from a backup or an export (`claimtrack export` reads what it can); "
                f"`claimtrack verify` lifts this once the file is sound ({db.damage_mark(Path(where)).name} "
                "records it)")
    if "readonly" in text or "read-only" in text or "disk is full" in text or "disk I/O" in text:
        return (f"{where} cannot be written here ({text}): check the permissions of the file and its folder, "
                "and the free space on its disk")
    return f"database: {text}"


def _first_line(exc: BaseException) -> str:
    """What an unexpected exception says, on one short line."""
    return shown(" ".join(str(exc).split()) or "(no message)", 200)


class _Argument(TyperArgument):
    """An argument whose help shows its metavar and no Python type."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class ClaimtrackCommand(TyperCommand):
    """A command whose help names values by metavar (``KEY``, ``DATE``), never
    by Python type (``<str>``, ``<bool>``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                param.__class__ = _Argument

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    def invoke(self, ctx: Any) -> Any:
        """Run the command with what it prints written :func:`~claimtrack.render.console.visible`:
        text from a claim (a source name, a note) cannot drive the terminal or reorder a line."""
        from claimtrack.render.console import Shown

        collect_from_here()
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = Shown(out), Shown(err)
        try:
            return super().invoke(ctx)
        finally:
            sys.stdout, sys.stderr = out, err


#: Set by the program (:mod:`claimtrack.__main__`): the process is the
#: command's, and so is its cyclic garbage collector.
program = False
#: Set by the program when it started without the collector, for the command
#: to turn it back on.
collect_from_command = False


def without_collector() -> None:
    """The cyclic garbage collector off for the rest of the command, where the
    process is the program's: for a command that builds many objects holding
    no cycles and ends when it has printed them (``report``, ``diff``)."""
    if program:
        gc.disable()


def collect_from_here() -> None:
    """Turn the cyclic garbage collector back on if the program's start-up
    left it off, with every object made so far set aside for good: they live
    until the process ends. A program that runs the command line itself
    (tests, an embedding) keeps its collector as it set it."""
    global collect_from_command
    if collect_from_command:
        collect_from_command = False
        gc.freeze()
        gc.enable()


class ClaimtrackGroup(TyperGroup):
    """Turns every user mistake into one line on stderr and exit code 2.

    Our own errors are caught around the command and named as the command
    line names them (see cli/fields.py); usage errors from the parser (an
    unknown option, a missing argument, a value not among the choices) are
    caught around parsing in ``main`` and shown as one line too.
    """

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except BrokenPipeError:  # `claimtrack log | head`: the reader had enough; not a bug, not a finding
            _pipe_closed()
        except BaseException as exc:
            _discard_new()  # a command that failed leaves no empty ledger behind
            self._failed(ctx, exc)
        finally:
            _forget_new()

    def _failed(self, ctx: Any, exc: BaseException) -> None:
        """Say what went wrong in one line, and exit with its code."""
        if isinstance(exc, ClaimtrackError):
            name = ctx.invoked_subcommand or ""
            command = self.get_command(ctx, name)
            if command is not None and not isinstance(command, TyperGroup):
                exc = for_the_command_line(exc, command, " ".join([*_path_below_root(ctx), name]))
            typer.echo(f"Error: {shown(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        if isinstance(exc, sqlite3.Error):
            typer.echo(f"Error: {shown(_database_error(exc))}", err=True)
            ctx.exit(2)
        if isinstance(exc, UnicodeEncodeError):
            typer.echo(f"Error: {_unencodable(exc)}", err=True)
            ctx.exit(2)
        if not isinstance(exc, Exception):  # Ctrl-C, an exit: not ours to word
            raise exc
        # The last resort: a bug, never shown as a finding's exit code 1.
        if os.environ.get("CLAIMTRACK_DEBUG"):
            traceback.print_exception(exc)
        else:
            typer.echo(f"Error: unexpected {type(exc).__name__}: {_first_line(exc)}. This is a bug in "
                       "claimtrack; run again with CLAIMTRACK_DEBUG=1 to see where it happened.", err=True)
        ctx.exit(BUG)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> Any:
            return super(ClaimtrackGroup, self).main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )

        if not standalone_mode:
            return run()
        from claimtrack.render.console import fit_to_encoding

        fit_to_encoding(sys.stdout)
        try:
            code = run()
            sys.stdout.flush()  # what is still buffered meets a closed pipe here
        except BrokenPipeError:
            _pipe_closed()
        except typer.TyperException as exc:  # the parser's usage errors
            ctx = getattr(exc, "ctx", None)
            where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            # Choices and parsers are validated by pydantic, whose prefix says nothing to a user.
            message = " ".join(exc.format_message().split()).replace("Value error, ", "")
            typer.echo(f"Error: {shown(message)}{where}", err=True)
            sys.exit(getattr(exc, "exit_code", 2))
        except typer.Abort:  # Ctrl-C: the shell's code for an interrupted command, not a finding's 1
            typer.echo("Aborted.", err=True)
            sys.exit(INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


def _unencodable(exc: UnicodeEncodeError) -> str:
    """What could not be encoded, in words: arguments that were not UTF-8
    reach Python as lone surrogates; anything else is an output's encoding."""
    held = exc.object[exc.start : exc.end]
    if any("\ud800" <= char <= "\udfff" for char in held):
        return "an argument holds text that is not valid Unicode (bytes that are not UTF-8)"
    return f"the output's encoding ({exc.encoding}) cannot hold {held!a}; write UTF-8 (PYTHONIOENCODING=utf-8)"


def _pipe_closed() -> NoReturn:
    """Exit as a program the reader stopped reading does in a shell (128 +
    SIGPIPE), with nothing more written: not 0 (the output was cut short),
    not 1 (what `report --check` exits with when it finds something)."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):  # not a real file: a test's capture
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own last flush goes nowhere
    sys.exit(PIPE_CLOSED)


def _path_below_root(ctx: Any) -> list[str]:
    """The names of the groups between the root command and ``ctx`` (``sources``)."""
    names: list[str] = []
    while ctx.parent is not None:
        names.insert(0, ctx.info_name)
        ctx = ctx.parent
    return names


def group(help: str) -> typer.Typer:
    """A command group that shows its help when called without a command."""
    sub = typer.Typer(cls=ClaimtrackGroup, help=help, add_completion=False)

    @sub.callback(invoke_without_command=True)
    def show_help(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            typer.echo(ctx.get_help())
            raise typer.Exit()

    return sub


def command(app: typer.Typer, name: str) -> Callable[[Callable[..., Any]], Any]:
    """Register a function as command ``name`` of ``app``."""
    return app.command(name, cls=ClaimtrackCommand)
