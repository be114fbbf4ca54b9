"""`db path | info`: which database is in use, and what it holds."""

from __future__ import annotations

from claimtrack.cli.base import command, group
from claimtrack.cli.options import DbOption, JsonOption, emit

app = group("Which database is in use, and what it holds.")


@command(app, "path")
def path(json_: JsonOption = False, db: DbOption = None) -> None:
    """Print the database file in use (--db, else $CLAIMTRACK_DB, else the default)."""
    from claimtrack.store.db import resolve_path

    file, chosen_by = resolve_path(db)
    emit(json_, lambda: {"path": str(file), "chosen_by": chosen_by}, lambda out: out.print(str(file), markup=False, highlight=False, soft_wrap=True))


@command(app, "info")
def info(json_: JsonOption = False, db: DbOption = None) -> None:
    """Print the database in use, why it was chosen, and how many claims and sources it holds."""
    from claimtrack.services.ledger import info as ledger_info
    from claimtrack.store.db import resolve_path

    data = ledger_info(*resolve_path(db))

    def human(out) -> None:
        missing = "" if data["exists"] else ", not created yet"
        lines = [f"database  {data['path']}  (from {data['chosen_by']}{missing})",
                 f"claims    {data['claims']}", f"sources   {data['sources']}"]
        if data["migrations"]:
            lines.append(f"schema    {', '.join(data['migrations'])}")
        out.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)

    emit(json_, lambda: data, human)
