"""`parse`: how claimtrack reads a value or a date, without storing anything."""

from __future__ import annotations

from typing import Annotated

import typer

from claimtrack.cli.base import command
from claimtrack.cli.options import JsonOption, argument, emit, flag


def parse(
    text: Annotated[str, argument("TEXT", "A value ('$500B', 約5000億ドル, 50%, 前大統領) or, with --date, a date.")],
    date: Annotated[
        bool, flag("--date", help="Read TEXT as a date (2025年3月1日, 令和7年3月1日, March 1, 2025).")
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Show how a value or a date will be recorded, without recording anything.

    \b
    Examples:
      claimtrack parse 5000億ドル
        USD 500,000,000,000  (quantity)
      claimtrack parse '3,500億ドル以上'
        ≥ USD 350,000,000,000  (quantity)
      claimtrack parse --date 令和7年3月1日
        2025-03-01 (day)
    """
    if date:
        from claimtrack.domain.dates import parse_date

        parsed = parse_date(text)
        offset = f" {parsed.offset}" if parsed.offset else ""
        said = f"{parsed.date}{offset} ({parsed.precision})"
        emit(json_, parsed.to_json, lambda out: out.print(said, markup=False, highlight=False))
        return
    from claimtrack.domain.values import parse_value
    from claimtrack.render.wording import reading

    value = parse_value(text)
    if value.kind == "quantity":
        said = f"{reading(value)}  (quantity{', approximate' if value.approx else ''})"
    elif value.kind == "date":
        said = f"{value.date} ({value.precision})  (date)"
    else:
        said = f"{value.normalized}  (categorical: compared as this text)"
    emit(json_, value.to_json, lambda out: out.print(said, markup=False, highlight=False))


def register(app: typer.Typer) -> None:
    command(app, "parse")(parse)
