"""The root command, and the run of one command line.

A command line names one command: only the module that holds it is
imported, and only its signature read by typer (:func:`main`). Every
command together, as help and the tests see them, is
:mod:`claimtrack.cli.app`. Command modules import only typer (and small
pure domain modules: the vocabulary, money) at the top; services, storage
and rich are imported inside the commands that need them. They do without
``from __future__ import annotations``: typer reads the signature of the
command it builds on every run, and annotations kept as strings would be
compiled anew each time (about 5 ms of `add`).
"""

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from claimtrack import __version__
from claimtrack.cli.base import ClaimtrackGroup

app = typer.Typer(
    name="claimtrack",
    cls=ClaimtrackGroup,
    help="Track claims across sources: record them, see how they changed, report contradictions.",
    epilog="Start with `claimtrack demo`. The database is chosen by --db (before or after the command), "
    "else $CLAIMTRACK_DB, else the per-user data folder (`claimtrack db path`).",
    pretty_exceptions_show_locals=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


def _db_for_every_command(group_: Any, db: str) -> dict[str, Any]:
    """``--db`` given before the command, as the default of every command's ``--db``."""
    return {
        name: _db_for_every_command(command, db) if isinstance(command, TyperGroup) else {"db": db}
        for name, command in group_.commands.items()
    }


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", metavar="PATH", help="Database file, for any command (also accepted after it).",
                     show_default=False),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", metavar="SECONDS", min=0, max=86_400, show_default=False,
                     help="How long to wait while another command writes to the database (also "
                     "$CLAIMTRACK_TIMEOUT; 30 by default)."),
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", metavar="", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """Track claims across sources: record them, see how they changed, report contradictions."""
    from claimtrack.store import db as store

    store.given_timeout = timeout  # for this command only: None falls back to $CLAIMTRACK_TIMEOUT
    if db is not None:
        ctx.default_map = _db_for_every_command(ctx.command, str(db))
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


#: Every command and group of the root, in the order help lists them, and
#: the module of ``claimtrack.cli`` that holds it (a test keeps the two in step).
COMMANDS = {
    "add": "claims", "show": "claims", "log": "claims", "search": "claims",
    "import": "transfer", "export": "transfer", "verify": "transfer",
    "diff": "diff",
    "report": "report", "resolve": "report", "history": "report",
    "parse": "parse", "demo": "demo", "serve": "serve",
    "sources": "sources", "units": "units", "rates": "rates", "db": "db",
}
#: The modules whose ``app`` is a group of commands, named as the module.
_GROUPS = frozenset({"sources", "units", "rates", "db"})
_registered: set[str] = set()


def register(*modules: str) -> None:
    """Add the commands of these modules of ``claimtrack.cli`` to the root
    (of all of them when none is named), each module once."""
    for name in modules or dict.fromkeys(COMMANDS.values()):
        if name in _registered:
            continue
        _registered.add(name)
        module = importlib.import_module(f"claimtrack.cli.{name}")
        if name in _GROUPS:
            app.add_typer(module.app, name=name)
        else:
            module.register(app)


#: The root's options that take a value: what follows them is not a command's name.
_ROOT_VALUES = ("--db", "--timeout")


def named_command(args: list[str]) -> str | None:
    """The command the arguments name (``add`` in ``--db x.db add …``), or
    None when they name none the root has: root help, a typo, nothing."""
    args_ = iter(args)
    for arg in args_:
        if arg in _ROOT_VALUES:
            next(args_, None)
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
        elif not arg.startswith(tuple(f"{name}=" for name in _ROOT_VALUES)):
            return None  # --help, --version, or what the root does not know: it speaks, so all stay
    return None


def _build_only(name: str | None) -> None:
    """Leave the root with only the command ``name``, if one is named.

    typer reads the signature of every command's function each time it
    builds the command line, about 60 ms for all of claimtrack's; a command
    runs sooner when only its own module is imported and its own signature
    read. Without a known name (``--help``, a misspelt command that wants
    suggestions) every command is there.
    """
    if name is None:
        register()
        return
    register(COMMANDS[name])
    app.registered_commands = [info for info in app.registered_commands if info.name == name]
    app.registered_groups = [info for info in app.registered_groups if info.name == name]


def main() -> None:
    _build_only(named_command(sys.argv[1:]))
    try:
        app()
    except BrokenPipeError:  # `claimtrack log | head`, met outside a command (its help, say)
        from claimtrack.cli.base import PIPE_CLOSED

        sys.stderr.close()
        sys.exit(PIPE_CLOSED)
