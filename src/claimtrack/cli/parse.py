"""`parse`: how claimtrack reads a value or a date, without storing anything."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from claimtrack.cli.options import JsonOption


def parse(
    text: Annotated[str, typer.Argument(help="A value ('$500B', 約5000億ドル, 50%, 前大統領) or, with --date, a date.",
                                        show_default=False)],
    date: Annotated[bool, typer.Option("--date", metavar="", help="Read TEXT as a date (2025年3月1日, 令和7年3月1日, March 1, 2025).")] = False,
    json_: JsonOption = False,
) -> None:
    """Show how a value or a date will be recorded, without recording anything.

    \b
    Examples:
      claimtrack parse 5000億ドル          USD 500,000,000,000
      claimtrack parse '3,500億ドル以上'    USD ≥ 350,000,000,000
      claimtrack parse --date 令和7年3月1日  2025-03-01 (day)
    """
    if date:
        from claimtrack.domain.dates import parse_date

        parsed = parse_date(text)
        if json_:
            from claimtrack.render.claims import write_json

            write_json(parsed.to_json(), sys.stdout)
            return
        offset = f" {parsed.offset}" if parsed.offset else ""
        typer.echo(f"{parsed.date}{offset} ({parsed.precision})")
        return
    from claimtrack.domain.values import parse_value
    from claimtrack.render.claims import quantity_text

    value = parse_value(text)
    if json_:
        from claimtrack.render.claims import write_json

        write_json(value.to_json(), sys.stdout)
        return
    if value.kind == "quantity":
        reading = quantity_text(value)
        typer.echo(f"{reading}  (quantity{', approximate' if value.approx else ''})")
    elif value.kind == "date":
        typer.echo(f"{value.date} ({value.precision})  (date)")
    else:
        typer.echo(f"{value.normalized}  (categorical: compared as this text)")


def register(app: typer.Typer) -> None:
    app.command("parse")(parse)
