"""`units alias | list`: the words a ledger uses for a unit."""

from typing import TYPE_CHECKING, Annotated

from claimtrack.cli.base import command, group
from claimtrack.cli.options import DbOption, JsonOption, argument, emit, open_db

if TYPE_CHECKING:
    from claimtrack.render.console import Console

app = group("Unit words: 人 and visitors both count people; add your own.")


@command(app, "alias")
def alias_(
    alias: Annotated[str, argument("WORD", "A word for a unit, as claims write it (来場者, attendees).")],
    unit: Annotated[str, argument("UNIT", "The unit it means: people, countries, tonnes, ... or a word that "
                                          "means one (visitors).")],
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Say that WORD means UNIT, so claims in either are compared.

    The ledger keeps its words, and export and import carry them.

    \b
    Example:
      claimtrack units alias 来場者数 visitors
    """
    from claimtrack.domain.records import unit_input
    from claimtrack.services.units import add_alias

    done = add_alias(open_db(db, create=True), unit_input({"alias": alias, "unit": unit}))
    alias, unit = done.alias.alias, done.alias.unit
    said = f"{alias} now means {unit}." if done.changed else f"{alias} already means {unit}."
    if done.new_unit:
        said += f" No other word means {unit}: claims in it are compared only with words you alias to it."
    emit(json_, lambda: {**done.alias.to_json(), "changed": done.changed, "new_unit": done.new_unit},
         lambda out: out.print(said, markup=False, highlight=False))


@command(app, "list")
def list_(json_: JsonOption = False, db: DbOption = None) -> None:
    """List every unit and the words that mean it: the shipped table and the ledger's own.

    \b
    Example:
      claimtrack units list
    """
    from claimtrack.services.units import table

    words = table(open_db(db))
    by_unit: dict[str, list[str]] = {}
    for word, unit in words.items():
        by_unit.setdefault(unit, []).append(word)

    def human(out: "Console") -> None:
        from claimtrack.render.claims import write_record

        write_record(out, [(unit, ", ".join(names)) for unit, names in sorted(by_unit.items())])

    emit(json_, lambda: ({"unit": unit, "words": names} for unit, names in sorted(by_unit.items())), human, many=True)
