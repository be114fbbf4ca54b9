"""`rates pin | unpin | list`: exchange rates a ledger fixes over the ECB's."""

from typing import TYPE_CHECKING, Annotated

from claimtrack.cli.base import command, group
from claimtrack.cli.options import DbOption, JsonOption, argument, emit, open_db

if TYPE_CHECKING:
    from claimtrack.render.console import Console

app = group("Exchange rates: the report converts at the ECB's; pin your own.")


@command(app, "pin")
def pin(
    given: Annotated[str, argument("PAIR=RATE", "USDJPY=150: one US dollar is 150 yen, on every day.")],
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Pin an exchange rate: the report converts with it instead of the ECB's.

    A pin holds for every day and both ways (USDJPY=150 is also JPYUSD);
    `report --rate` wins over it. The ledger keeps its pins, and export and
    import carry them.

    \b
    Example:
      claimtrack rates pin USDJPY=150
    """
    from claimtrack.domain.records import rate_input
    from claimtrack.errors import ClaimtrackError
    from claimtrack.services import rates

    pair, equals, number = given.partition("=")
    if not equals:
        raise ClaimtrackError(f"'{given}' gives no rate: write PAIR=RATE, as in USDJPY=150", field="given")
    pinned = rate_input({"pair": pair, "rate": number})
    changed = rates.pin(open_db(db, create=True), pinned)
    said = f"{pinned.pair} is pinned at {pinned.rate}." if changed else f"{pinned.pair} was already pinned at " \
        f"{pinned.rate}."
    emit(json_, lambda: {**pinned.to_json(), "changed": changed},
         lambda out: out.print(said, markup=False, highlight=False))


@command(app, "unpin")
def unpin(
    pair: Annotated[str, argument("PAIR", "USDJPY (or JPYUSD: a pin holds both ways).")],
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Remove a pinned rate: the report goes back to the ECB's.

    \b
    Example:
      claimtrack rates unpin USDJPY
    """
    from claimtrack.domain.records import rate_input
    from claimtrack.services import rates

    checked = rate_input({"pair": pair, "rate": "1"}).pair
    removed = rates.unpin(open_db(db), checked)
    said = f"{removed} is no longer pinned." if removed else f"{checked} was not pinned."
    emit(json_, lambda: {"pair": removed or checked, "removed": removed is not None},
         lambda out: out.print(said, markup=False, highlight=False))


@command(app, "list")
def list_(json_: JsonOption = False, db: DbOption = None) -> None:
    """List the rates pinned in the ledger.

    \b
    Example:
      claimtrack rates list
    """
    from claimtrack.services import rates

    pins = rates.pinned(open_db(db))

    def human(out: "Console") -> None:
        if not pins:
            out.print("No rates pinned: the report converts at the ECB's reference rate of each claim's date.",
                      markup=False, highlight=False)
            return
        from claimtrack.render.claims import write_record

        write_record(out, [(p.pair, p.rate) for p in pins])

    emit(json_, lambda: (p.to_json() for p in pins), human, many=True)
