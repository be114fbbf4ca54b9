"""The root command: combines one module per command group.

Command modules import only typer at the top; services, storage and rich
are imported inside the commands that need them, so start-up stays quick.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

# typer vendors click (from 0.26 on); its usage errors are defined there.
from typer._click import exceptions as cli_errors

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError


class ClaimtrackGroup(TyperGroup):
    """Turns every user mistake into one line on stderr and exit code 2.

    Our own errors are caught around the command; click's usage errors (an
    unknown option, a missing argument, a value of the wrong type) are caught
    around parsing and shown as one line too, instead of a boxed panel.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimtrackError as exc:
            typer.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except sqlite3.Error as exc:
            typer.echo(f"Error: database: {exc}", err=True)
            ctx.exit(2)
        except UnicodeEncodeError:
            # Arguments that were not UTF-8 reach Python as lone surrogates.
            typer.echo("Error: an argument holds text that is not valid Unicode (bytes that are not UTF-8)", err=True)
            ctx.exit(2)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except cli_errors.NoArgsIsHelpError as exc:
            # Asking with no arguments is asking for help, not a mistake. With
            # rich help the text was already printed when the error was made.
            if exc.format_message().strip():
                typer.echo(exc.format_message())
            sys.exit(0)
        except cli_errors.UsageError as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
            message = " ".join(exc.format_message().split())
            typer.echo(f"Error: {message}{where}", err=True)
            sys.exit(exc.exit_code)
        except cli_errors.ClickException as exc:
            typer.echo(f"Error: {' '.join(exc.format_message().split())}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


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
        typer.Option("--version", metavar="", callback=_version, is_eager=True, help="Print the version and exit."),
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
