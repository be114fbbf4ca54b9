"""`sources add | list | show`: the publications and channels claims come from."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from claimtrack.cli.base import command, group
from claimtrack.cli.options import DbOption, JsonOption, emit, open_db
from claimtrack.domain.model import SOURCE_KINDS, SourceKind

app = group("Register and list sources: publications and channels claims come from.")


@command(app, "add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Display name: Forbes Japan, 時事ドットコム.",
                                        show_default=False)],
    alias: Annotated[
        Optional[list[str]],
        typer.Option("--alias", "-a", metavar="NAME", help="Another name it goes by, in any script. Repeatable.", show_default=False),
    ] = None,
    domain: Annotated[
        Optional[list[str]],
        typer.Option("--domain", "-d", metavar="DOMAIN", help="Web domain of its articles (forbesjapan.com). Repeatable.", show_default=False),
    ] = None,
    kind: Annotated[
        Optional[SourceKind],
        typer.Option("--kind", metavar="KIND", help=f"{', '.join(SOURCE_KINDS)}. Default: outlet.", show_default=False),
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

    src = source_input({"id": id_, "name": name, "kind": kind, "aliases": alias or [], "domains": domain or []})
    source, status = add_source(open_db(db, create=True), src)
    said = {"created": "Registered", "updated": "Added aliases or domains to", "unchanged": "Already registered:"}
    emit(json_, lambda: {**source.to_json(), "status": status},
         lambda out: out.print(f"{said[status]} {source.name} ({source.id})", markup=False, highlight=False))


@command(app, "list")
def list_(json_: JsonOption = False, db: DbOption = None) -> None:
    """List sources with their aliases, domains and claim counts.

    \b
    Example:
      claimtrack sources list
    """
    from claimtrack.services.sources import list_sources

    rows = list_sources(open_db(db))
    from claimtrack.render.claims import render_sources

    def human(out) -> None:
        if render_sources(out, rows) == 0:
            typer.echo("No sources yet. Add one with: claimtrack sources add NAME --domain DOMAIN", err=True)

    emit(json_, lambda: ({**s.to_json(), "claims": n} for s, n in rows), human, many=True)


@command(app, "show")
def show(
    ref: Annotated[str, typer.Argument(metavar="SOURCE", help="Id, name or alias.", show_default=False)],
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show one source, found by id, name or alias in any script.

    \b
    Examples:
      claimtrack sources show jiji
      claimtrack sources show 時事ドットコム
    """
    from claimtrack.services.sources import show as show_source

    source, claims = show_source(open_db(db), ref)
    from claimtrack.render.claims import render_source

    emit(json_, lambda: {**source.to_json(), "claims": claims}, lambda out: render_source(out, source, claims))
