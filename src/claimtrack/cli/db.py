"""`db path | info`: which database is in use, and what it holds."""

from __future__ import annotations

import sys

import typer

from claimtrack.cli.options import DbOption, JsonOption

app = typer.Typer(help="Which database is in use, and what it holds.", no_args_is_help=True)


@app.command("path")
def path(db: DbOption = None) -> None:
    """Print the database file in use (--db, else $CLAIMTRACK_DB, else the default)."""
    from claimtrack.store.db import resolve_path

    typer.echo(str(resolve_path(db)[0]))


@app.command("info")
def info(json_: JsonOption = False, db: DbOption = None) -> None:
    """Print the database in use, why it was chosen, and how many claims and sources it holds."""
    from claimtrack.services.ledger import info as ledger_info
    from claimtrack.store.db import resolve_path

    data = ledger_info(*resolve_path(db))
    if json_:
        from claimtrack.render.claims import write_json

        write_json(data, sys.stdout)
        return
    missing = "" if data["exists"] else ", not created yet"
    typer.echo(f"database  {data['path']}  (from {data['chosen_by']}{missing})")
    typer.echo(f"claims    {data['claims']}")
    typer.echo(f"sources   {data['sources']}")
    if data["migrations"]:
        typer.echo(f"schema    {', '.join(data['migrations'])}")
