"""`sources add | list | show`: the publications and channels claims come from."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from claimtrack.cli.options import DbOption, JsonOption, open_db
from claimtrack.errors import ClaimtrackError

app = typer.Typer(
    help="Register and list sources: publications and channels claims come from.",
    no_args_is_help=True,
)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Display name: Forbes Japan, 時事ドットコム.", show_default=False)],
    alias: Annotated[
        Optional[list[str]],
        typer.Option("--alias", "-a", metavar="NAME", help="Another name it goes by, in any script. Repeatable.", show_default=False),
    ] = None,
    domain: Annotated[
        Optional[list[str]],
        typer.Option("--domain", "-d", metavar="DOMAIN", help="Web domain of its articles (forbesjapan.com). Repeatable.", show_default=False),
    ] = None,
    kind: Annotated[
        Optional[str],
        typer.Option("--kind", metavar="KIND", help="outlet, agency, person, government or other. Default: outlet.", show_default=False),
    ] = None,
    id_: Annotated[
        Optional[str], typer.Option("--id", metavar="ID", help="Slug id. Default: made from the name (forbes-japan).", show_default=False)
    ] = None,
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Register a source, or add aliases and domains to an existing one (name its --id).

    Names are matched ignoring case, width and spacing: "Forbes Japan",
    "forbes japan" and "ＦＯＲＢＥＳ ＪＡＰＡＮ" are one source.

    \b
    Example:
      claimtrack sources add Jiji --id jiji --kind agency \\
          --alias 時事ドットコム --alias 時事通信社 --domain jiji.com
    """
    from claimtrack.domain.records import source_input
    from claimtrack.services.sources import add_source

    options = {"id": "--id", "name": "NAME", "kind": "--kind", "aliases": "--alias", "domains": "--domain"}
    try:
        src = source_input({"id": id_, "name": name, "kind": kind, "aliases": alias or [], "domains": domain or []})
        source, status = add_source(open_db(db, create=True), src)
    except ClaimtrackError as exc:
        exc.field = options.get(exc.field or "", exc.field)  # name the option the user typed
        raise
    if json_:
        from claimtrack.render.claims import write_json

        write_json({**source.to_json(), "status": status}, sys.stdout)
        return
    said = {"created": "Registered", "updated": "Added aliases or domains to", "unchanged": "Already registered:"}
    typer.echo(f"{said[status]} {source.name} ({source.id})")


@app.command("list")
def list_(json_: JsonOption = False, db: DbOption = None) -> None:
    """List sources with their aliases, domains and claim counts."""
    from claimtrack.services.sources import list_sources

    rows = list_sources(open_db(db))
    if json_:
        from claimtrack.render.claims import write_json_list

        write_json_list(({**s.to_json(), "claims": n} for s, n in rows), sys.stdout)
        return
    from claimtrack.render.claims import render_sources
    from claimtrack.render.console import make_console

    if render_sources(make_console(), rows) == 0:
        typer.echo("No sources yet. Add one with: claimtrack sources add NAME --domain DOMAIN", err=True)


@app.command("show")
def show(
    ref: Annotated[str, typer.Argument(metavar="SOURCE", help="Id, name or alias.", show_default=False)],
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show one source, found by id, name or alias in any script."""
    from claimtrack.services.sources import get
    from claimtrack.store.repo import source_claim_counts

    conn = open_db(db)
    source = get(conn, ref)
    claims = source_claim_counts(conn).get(source.id, 0)
    if json_:
        from claimtrack.render.claims import write_json

        write_json({**source.to_json(), "claims": claims}, sys.stdout)
        return
    from claimtrack.render.claims import render_source
    from claimtrack.render.console import make_console

    render_source(make_console(), source, claims)
