"""`sources add | list | show`: the publications and channels claims come from."""

from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli.base import command, group
from claimtrack.cli.fields import record
from claimtrack.cli.options import DbOption, JsonOption, argument, emit, open_db, option
from claimtrack.domain.vocabulary import SOURCE_KINDS, SourceKind

if TYPE_CHECKING:
    from claimtrack.render.console import Console

app = group("Register and list sources: publications and channels claims come from.")


@command(app, "add")
def add(
    name: Annotated[str, argument("NAME", "Display name: Forbes Japan, 時事ドットコム.")],
    alias: Annotated[
        list[str] | None,
        option("--alias", "-a", metavar="NAME", help="Another name it goes by, in any script. Repeatable."),
    ] = None,
    domain: Annotated[
        list[str] | None,
        option("--domain", "-d", metavar="DOMAIN", help="Web domain of its articles (forbesjapan.com). Repeatable."),
    ] = None,
    kind: Annotated[
        SourceKind | None, option("--kind", metavar="KIND", help=f"{', '.join(SOURCE_KINDS)}. Default: outlet.")
    ] = None,
    id_: Annotated[
        str | None, option("--id", metavar="ID", help="Slug id. Default: made from the name (forbes-japan).")
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

    src = source_input(record(id_=id_, name=name, kind=kind, alias=alias or [], domain=domain or []))
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

    def human(out: "Console") -> None:
        if render_sources(out, rows) == 0:
            typer.echo("No sources yet. Add one with: claimtrack sources add NAME --domain DOMAIN", err=True)

    emit(json_, lambda: ({**s.to_json(), "claims": n} for s, n in rows), human, many=True)


@command(app, "show")
def show(
    ref: Annotated[str, argument("SOURCE", "Id, name or alias.")],
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
