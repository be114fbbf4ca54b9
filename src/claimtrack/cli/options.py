"""Options shared by every command, defined once, and the helpers that read them."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimtrack.domain.vocabulary import FiscalYear

if TYPE_CHECKING:
    from claimtrack.domain.periods import Window

def option(*decls: str, metavar: str, help: str, show_default: bool | str = False, **more: Any) -> Any:
    """``typer.Option`` as every claimtrack option is declared: a metavar that
    names the value, help that teaches, and no default shown unless given."""
    return typer.Option(*decls, metavar=metavar, help=help, show_default=show_default, **more)


def flag(*decls: str, help: str) -> Any:
    """An on/off option: no value, so no metavar."""
    return typer.Option(*decls, metavar="", help=help)


def argument(metavar: str, help: str, **more: Any) -> Any:
    """``typer.Argument`` as every claimtrack argument is declared."""
    return typer.Argument(metavar=metavar, help=help, show_default=False, **more)


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Database file. Default: $CLAIMTRACK_DB, else the per-user data folder "
        "(see `claimtrack db path`).",
        show_default=False,
        metavar="PATH",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", metavar="", help="Print JSON only, to stdout (for scripts and other tools).")
]
SourceFilter = Annotated[
    str | None,
    typer.Option("--source", "-s", metavar="SOURCE", help="Only claims from this source (id, name or alias).",
                 show_default=False),
]
SpeakerFilter = Annotated[
    str | None,
    typer.Option("--said-by", metavar="SPEAKER", help="Only claims made by this speaker.", show_default=False),
]
FiscalYearOption = Annotated[
    FiscalYear,
    typer.Option("--fiscal-year", metavar="CONVENTION", show_default=True, help=(
        "How FY2025 (fiscal 2025, Q1 FY2025) is read: japan, from April 2025 to March 2026 as 2025年度 "
        "always is; us, the US federal year from October 2024 to September 2025; calendar, 2025 itself."
    )),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="Only claims dated on or after this date "
                 "(2025-02-19, 2025年2月19日, February 2025).", show_default=False),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="Only claims dated on or before this date.", show_default=False),
]


def open_db(db: Path | None, *, create: bool = False) -> sqlite3.Connection:
    """The database the user chose. Only commands that record something
    create it: a mistyped --db on a read command is an error, not a new file."""
    from claimtrack.store.db import connect, resolve_path

    path, chosen_by = resolve_path(db)
    return connect(path, create=create, chosen_by=chosen_by if chosen_by != "default" else "database")


def date_window(since: str | None, until: str | None) -> Window:
    """--since and --until, written any way a date can be, as one window."""
    from claimtrack.domain.dates import parse_date
    from claimtrack.domain.periods import Window
    from claimtrack.errors import ClaimtrackError

    dates: dict[str, str | None] = {}
    for name, text in (("since", since), ("until", until)):
        try:
            dates[name] = parse_date(text).date if text is not None else None
        except ClaimtrackError as exc:
            raise exc.located(field=name) from None
    return Window(**dates)


def emit(json_: bool, data: Callable[[], Any], human: Callable[[Any], Any], *, many: bool = False) -> None:
    """The one place a command chooses its output: with --json, ``data()`` as
    JSON and nothing else on stdout (``many``: a streamed list); otherwise
    ``human(console)``, rich in a terminal and plain text in a pipe."""
    if json_:
        from claimtrack.render.console import write_json, write_json_list

        (write_json_list if many else write_json)(data(), sys.stdout)
        return
    from claimtrack.render.console import make_console

    human(make_console())
