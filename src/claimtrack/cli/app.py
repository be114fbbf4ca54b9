"""The root command: combines one module per command group.

Command modules import only typer at the top; services, storage and rich
are imported inside the commands that need them, so start-up stays quick.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Annotated, Any, Optional

import click
import typer
from typer.core import TyperGroup

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError


class ClaimtrackGroup(TyperGroup):
    """Turns the project's errors into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimtrackError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except sqlite3.OperationalError as exc:
            click.echo(f"Error: database: {exc}", err=True)
            ctx.exit(2)


app = typer.Typer(
    name="claimtrack",
    cls=ClaimtrackGroup,
    help="Track claims across sources: record them, see how they changed, report contradictions.",
    epilog="Start with `claimtrack demo`. The database is chosen by --db, else $CLAIMTRACK_DB, "
    "else the per-user data folder (`claimtrack db path`).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """Track claims across sources: record them, see how they changed, report contradictions."""


def _register() -> None:
    from claimtrack.cli import claims, db, demo, diff, parse, report, sources, transfer

    claims.register(app)
    transfer.register(app)
    diff.register(app)
    report.register(app)
    parse.register(app)
    demo.register(app)
    app.add_typer(sources.app, name="sources")
    app.add_typer(db.app, name="db")


_register()


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `claimtrack log | head`
        sys.stderr.close()
        sys.exit(0)
