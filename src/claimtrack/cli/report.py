"""`report`, `resolve` and `history`: contradictions, and what people decided about them."""

import sys
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from claimtrack.cli.base import command, without_collector
from claimtrack.cli.options import (
    DbOption,
    JsonOption,
    SourceFilter,
    date_window,
    emit,
    open_db,
    option,
)
from claimtrack.domain.money import Rate
from claimtrack.domain.vocabulary import RESOLUTION_STATUSES, ResolutionStatus

if TYPE_CHECKING:
    from claimtrack.domain.intervals import CheckConfig

#: Report formats: each has a writer in render/report.py (a test keeps them in step).
ReportFormat = Literal["terminal", "plain", "json", "markdown", "csv", "html"]


class FindingKind(StrEnum):
    """What --kind narrows to: each kind of contradiction, error, the claims
    not compared, or the revisions."""

    value = "value"
    date = "date"
    categorical = "categorical"
    stance = "stance"
    error = "error"
    not_compared = "not-compared"
    revision = "revision"



def tolerance(text: str | Decimal) -> Decimal:
    """``5%`` or ``0.05`` -> Decimal('0.05'); the parser of --tolerance.

    A bare number above 1 is refused: ``5`` would be 500%, and is far more
    likely meant as 5%.
    """
    if isinstance(text, Decimal):  # the default
        return text
    raw = text.strip()
    percent = raw.endswith("%")
    try:
        value = Decimal(raw[:-1]) / 100 if percent else Decimal(raw)
    except (ArithmeticError, InvalidOperation):
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise ValueError(f"'{text}' is not a tolerance (e.g. 5% or 0.05)")
    if value > 1 and not percent:
        meant = format((value * 100).normalize(), "f")
        raise ValueError(f"'{text}' would be {meant}%; write {raw}% for {raw} percent, or a fraction such as 0.05")
    return value


def rate(text: str) -> Rate:
    """``USDJPY=150`` -> a pinned rate; the parser of --rate."""
    from claimtrack.domain.money import parse_pin

    return parse_pin(text)


# The options that decide what the rules find: `report` and `resolve` share
# them, so that a finding the report printed under them can be resolved.
ToleranceOption = Annotated[
    Decimal,
    typer.Option("--tolerance", metavar="BAND", parser=tolerance, show_default=False,
                 help="Relative band around an exact quantity: 5% or 0.05. Default: 0.5%."),
]
ApproxToleranceOption = Annotated[
    Decimal,
    typer.Option("--approx-tolerance", metavar="BAND", parser=tolerance, show_default=False,
                 help="Relative band around an approximate quantity (約, about). Default: 10%."),
]
FxToleranceOption = Annotated[
    Decimal,
    typer.Option("--fx-tolerance", metavar="BAND", parser=tolerance, show_default=False,
                 help="Relative band around an amount converted to another currency, for conversions rounded "
                 "in the telling. Default: 15%."),
]
RateOption = Annotated[
    list[Rate] | None,
    typer.Option("--rate", metavar="PAIR=RATE", parser=rate, show_default=False,
                 help="Convert at this rate instead of the ECB's: USDJPY=150 (one USD is 150 JPY). "
                 "Repeatable; wins over rates pinned in the ledger."),
]
WindowOption = Annotated[
    int,
    typer.Option("--window", metavar="DAYS", min=0, show_default=False,
                 help="Compare claims dated at most this many days apart; further apart they speak about "
                 "different times (a change, shown as a revision). Undated claims are compared with all. "
                 "Default: 30."),
]


def _judging(tolerance_: Decimal, approx_tolerance: Decimal, fx_tolerance: Decimal, window: int) -> "CheckConfig":
    from claimtrack.domain.intervals import CheckConfig
    from claimtrack.errors import ClaimtrackError

    if fx_tolerance >= 1:  # the converted amount's band would reach below zero
        raise ClaimtrackError(
            f"{format((fx_tolerance * 100).normalize(), 'f')}% would allow any smaller amount; give less than 100%",
            field="fx_tolerance",
        )
    return CheckConfig(
        tolerance=tolerance_, approx_tolerance=approx_tolerance, fx_tolerance=fx_tolerance, window_days=window
    )


def report(
    format_: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="terminal (plain text in a pipe), plain, json, "
                     "markdown, csv or html (one self-contained page, with a chart of each key's figure "
                     "over time)."),
    ] = "terminal",
    json_: JsonOption = False,
    check: Annotated[
        bool,
        typer.Option("--check", metavar="", help="Print nothing and exit 0 when no unresolved contradiction remains; "
                     "otherwise print them and exit 1. For publishing pipelines."),
    ] = False,
    all_: Annotated[
        bool, typer.Option("--all", metavar="", help="Also show findings already resolved, and list every claim "
                           "not compared (by default only counted).")
    ] = False,
    key: Annotated[
        str | None, typer.Option("--key", "-k", metavar="PREFIX", help="Only keys under this prefix.",
                                    show_default=False),
    ] = None,
    source: SourceFilter = None,
    since: Annotated[
        str | None,
        option("--since", metavar="DATE", help="Only findings with a claim dated on or after this date. The whole "
               "key is still judged, so a new claim meets the older ones within --window days."),
    ] = None,
    until: Annotated[
        str | None, option("--until", metavar="DATE", help="Only findings with a claim dated on or before this date.")
    ] = None,
    kind: Annotated[
        list[FindingKind] | None,
        typer.Option("--kind", metavar="KIND", help=f"Only this kind: {', '.join(FindingKind)}. Repeatable.",
                     show_default=False),
    ] = None,
    tolerance_: ToleranceOption = Decimal("0.005"),
    approx_tolerance: ApproxToleranceOption = Decimal("0.10"),
    fx_tolerance: FxToleranceOption = Decimal("0.15"),
    rates: RateOption = None,
    window: WindowOption = 30,
    db: DbOption = None,
) -> None:
    """List contradictions: claims under one key that cannot all hold.

    Values whose tolerance bands do not overlap, dates that cannot be the same
    day (one day apart may be one day in two time zones: it is listed, to be
    resolved, unless UTC offsets show it is one moment), different
    categorical values, and one claim asserting what another denies.
    Figures are compared across languages and units (2820万人 and 18.2
    million visitors) and across currencies at the ECB rate of the claim's
    date (2350億円 and $16 billion).

    Claims compare only when they speak about the same time: the same
    --as-of, or dates within --window days. A later claim from the same
    source and speaker replaces that origin's earlier ones. How a figure
    changed over time is listed under revisions. Claims that could not be
    compared (units that do not map, no exchange rate, different qualifiers
    or kinds of value, a value that could not be read) are counted, and
    listed with --all. Superseded claims and claims marked wrong are left out.

    \b
    Examples:
      claimtrack report
      claimtrack report --key minerals-deal --format markdown
      claimtrack report --format html > report.html
      claimtrack report --rate USDJPY=150 --all
      claimtrack report --check     # exits 1 while one is unresolved
    """
    from claimtrack.errors import ClaimtrackError
    from claimtrack.services import report as report_service

    if json_ and format_ not in ("terminal", "json"):
        raise ClaimtrackError(f"--json asks for JSON, --format for {format_}: give one of them", field="json")
    config = _judging(tolerance_, approx_tolerance, fx_tolerance, window)
    query = report_service.ReportQuery(
        key_prefix=key, source=source, window=date_window(since, until), kinds=tuple(k.value for k in kind or ()),
        show_resolved=all_, charts=format_ == "html" and not json_,
    )
    # The report builds hundreds of thousands of records that hold no cycles,
    # and the process ends when it is printed: the cyclic collector would only
    # walk them again and again (about 7% of the time at 1M claims).
    without_collector()
    result = report_service.report(open_db(db), query, config, pinned=rates or ())
    if check and result.summary.unresolved == 0:
        raise typer.Exit(0)  # a clean ledger prints nothing at all
    from claimtrack.render.report import WRITERS

    WRITERS["json" if json_ else format_](result, sys.stdout)
    if check:
        raise typer.Exit(1)


def resolve(
    finding_id: Annotated[
        str, typer.Argument(metavar="FINDING-ID", help="As shown by `report` (c-12-40).", show_default=False)
    ],
    note: Annotated[
        str, typer.Option("--note", "-m", metavar="TEXT", help="Why: what you checked and what you concluded.",
                          show_default=False),
    ],
    status: Annotated[
        ResolutionStatus | None,
        typer.Option("--status", metavar="STATUS", help=f"{', '.join(RESOLUTION_STATUSES)}. Default: explained.",
                     show_default=False),
    ] = None,
    claim: Annotated[
        str | None,
        typer.Option("--claim", metavar="ID", help="With --status wrong-claim: the claim that is wrong. It stays "
                     "recorded but leaves later comparisons.", show_default=False),
    ] = None,
    reopen: Annotated[
        bool, typer.Option("--reopen", metavar="", help="Open a resolved finding again, saying why in --note. A "
                           "claim it marked wrong is compared again.")
    ] = False,
    by: Annotated[
        str | None, typer.Option("--by", metavar="NAME", help="Who decided. Default: your user name.",
                                    show_default=False),
    ] = None,
    tolerance_: ToleranceOption = Decimal("0.005"),
    approx_tolerance: ApproxToleranceOption = Decimal("0.10"),
    fx_tolerance: FxToleranceOption = Decimal("0.15"),
    rates: RateOption = None,
    window: WindowOption = 30,
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Record a decision about a finding: who, when and why.

    Resolved findings are hidden from `report` (shown with --all, with the
    decision) and no longer fail `report --check`. A finding the report
    found only under --tolerance, --rate, --window and the like is resolved
    with the same options.

    Decisions are never changed. Resolving a resolved finding again records
    a new decision that replaces the old one; --reopen records that it is
    open again. `claimtrack history FINDING-ID` lists them all.

    \b
    Examples:
      claimtrack resolve c-10-16 --status wrong-claim --claim 16 \\
          --note "Trump took office again in January 2025"
      claimtrack resolve s-5-6 --status explained \\
          --note "the draft lacked what Zelensky sought"
      claimtrack resolve s-5-6 --reopen --note "Kyiv denied it on 3 March"
    """
    from claimtrack.domain.records import claim_id
    from claimtrack.errors import ClaimtrackError
    from claimtrack.render.wording import decided
    from claimtrack.services import report as report_service

    if reopen and status is not None:
        raise ClaimtrackError("--reopen opens the finding again: leave out --status", field="status")
    wrong = claim_id(claim, "claim_id") if claim is not None else None
    rid, decision, replaced = report_service.resolve(
        open_db(db), finding_id, note=note, status=status or "explained", claim_id=wrong, reopen=reopen, by=by,
        config=_judging(tolerance_, approx_tolerance, fx_tolerance, window), pinned=rates or (),
    )
    emit(json_, lambda: {"id": rid, **decision.to_json(), "replaces": [d.to_json() for d in replaced]},
         lambda out: out.print(decided(finding_id, decision, replaced), markup=False, highlight=False))


def history(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="A finding id (c-12-40) or a claim id (12).", show_default=False)
    ],
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List the decisions about a finding, or those that name a claim, oldest first.

    Every decision is kept: a resolution, a later one that replaced it, a
    reopening. The last one stands. For a claim, the history also says which
    claim it corrects and which claims correct it.

    \b
    Examples:
      claimtrack history c-10-16
      claimtrack history 16 --json
    """
    from claimtrack.render.claims import write_history
    from claimtrack.services import report as report_service

    found = report_service.history(open_db(db), ident)
    emit(json_, found.to_json, lambda out: write_history(found, out))


def register(app: typer.Typer) -> None:
    command(app, "report")(report)
    command(app, "resolve")(resolve)
    command(app, "history")(history)
