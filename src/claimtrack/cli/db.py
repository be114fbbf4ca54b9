"""`db path | info`: which database is in use, and what it holds."""

from typing import TYPE_CHECKING

import typer

from claimtrack.cli.base import command, group
from claimtrack.cli.options import DbOption, JsonOption, emit

if TYPE_CHECKING:
    from claimtrack.render.console import Console

app = group("Which database is in use, and what it holds.")


@command(app, "path")
def path(json_: JsonOption = False, db: DbOption = None) -> None:
    """Print the database file in use (--db, else $CLAIMTRACK_DB, else the default)."""
    from claimtrack.store.db import resolve_path

    file, chosen_by = resolve_path(db)
    emit(
        json_,
        lambda: {"path": str(file), "chosen_by": chosen_by},
        lambda out: out.print(str(file), markup=False, highlight=False, soft_wrap=True),
    )


@command(app, "info")
def info(json_: JsonOption = False, db: DbOption = None) -> None:
    """Print the database in use, why it was chosen, how many claims, sources
    and decisions it holds, and the last link of its hash chain (`claimtrack
    verify` checks the chain). SQLite checks the file's structure first: a
    damaged file is said so, with exit code 1."""
    from claimtrack.services.ledger import info as ledger_info
    from claimtrack.store.db import resolve_path

    data = ledger_info(*resolve_path(db))

    def human(out: "Console") -> None:
        from claimtrack.render.claims import write_record

        missing = "" if data["exists"] else ", not created yet"
        if data["damaged"]:
            write_record(out, [
                ("database", f"{data['path']}  (from {data['chosen_by']})"),
                ("damaged", "; ".join(data["damaged"][:3])),
                ("what now", "keep a copy of the file; `claimtrack export` may still read much of it; "
                             "restore from a backup or an export"),
            ])
            return
        write_record(out, [
            ("database", f"{data['path']}  (from {data['chosen_by']}{missing})"),
            ("claims", str(data["claims"])),
            ("sources", str(data["sources"])),
            ("decisions", str(data["decisions"])),
            ("chain head", data["chain_head"] or ""),
            ("schema", ", ".join(data["migrations"])),
        ])

    emit(json_, lambda: data, human)
    if data["damaged"]:
        raise typer.Exit(1)
