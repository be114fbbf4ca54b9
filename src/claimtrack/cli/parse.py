"""`parse`: how claimtrack reads a value or a date, without storing anything."""

from typing import Annotated

import typer

from claimtrack.cli.base import command
from claimtrack.cli.options import FiscalYearOption, JsonOption, argument, emit, flag, option
from claimtrack.domain.vocabulary import DEFAULT_FISCAL


def parse(
    text: Annotated[str, argument("TEXT", "A value ('$500B', 約5000億ドル, 50%, 前大統領) or, with --date, a date.")],
    date: Annotated[
        bool, flag("--date", help="Read TEXT as a date or a period (2025年3月1日, 令和7年度, Q2 2024, mid-April 2025).")
    ] = False,
    relative_to: Annotated[
        str | None,
        option("--relative-to", metavar="DATE", help="The day a relative date is read against (昨日, last month, "
               "3月1日 without a year): in `add` and `import`, the claim's own date."),
    ] = None,
    fiscal_year: FiscalYearOption = DEFAULT_FISCAL,
    json_: JsonOption = False,
) -> None:
    """Show how a value or a date will be recorded, without recording anything.

    A date is a period from its first to its last day (for one day, the
    same day). A relative date needs --relative-to, and says which day it
    was read against.

    \b
    Examples:
      claimtrack parse 5000億ドル
        USD 500,000,000,000  (quantity)
      claimtrack parse '3,500億ドル以上'
        ≥ USD 350,000,000,000  (quantity)
      claimtrack parse --date 令和7年3月1日
        2025-03-01 (day)
      claimtrack parse --date 2025年度
        2025-04-01 to 2026-03-31 (fiscal-year)
      claimtrack parse --date 先週の日曜日 --relative-to 2025-03-12
        2025-03-09 (day), read against 2025-03-12
    """
    from claimtrack.domain.dates import parse_date
    from claimtrack.domain.model import Value
    from claimtrack.domain.values import parse_value
    from claimtrack.errors import ClaimtrackError, RelativeDate
    from claimtrack.render.wording import date_reading, reading

    reference = None
    if relative_to is not None:
        try:
            day = parse_date(relative_to)
        except ClaimtrackError as exc:
            raise exc.located(field="relative_to") from None
        if day.precision != "day":
            raise ClaimtrackError(f"'{relative_to}' is not one day ({day.precision})", field="relative_to")
        import datetime

        reference = datetime.date.fromisoformat(day.date)
    try:
        if date:
            parsed = parse_date(text, reference=reference, fiscal=fiscal_year)
        else:
            value = parse_value(text, reference=reference, fiscal=fiscal_year)
    except RelativeDate as exc:
        raise exc.replaced(message=exc.message + ", or give the day it is relative to ({field:relative_to})") from None
    if date:
        said = date_reading(parsed)
        emit(json_, parsed.to_json, lambda out: out.print(said, markup=False, highlight=False))
        return
    if value.kind == "quantity":
        said = f"{reading(value)}  (quantity{', approximate' if value.approx else ''})"
        if value.conversion_unit is not None:
            told = Value(kind="quantity", raw="", amount=value.conversion_amount, unit=value.conversion_unit)
            said += (f", told with its conversion {reading(told)}" if told.amount is not None
                     else f", told with a conversion in {told.unit}")
    elif value.kind == "date":
        said = f"{date_reading(value)}  (date)"
    else:
        said = f"{value.normalized}  (categorical: compared as this text)"
    emit(json_, value.to_json, lambda out: out.print(said, markup=False, highlight=False))


def register(app: typer.Typer) -> None:
    command(app, "parse")(parse)
