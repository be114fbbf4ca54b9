"""`demo`: the bundled example in a fresh database of its own."""

from __future__ import annotations

import typer


def demo() -> None:
    """Show the bundled example in a fresh temporary database.

    The example is a Japanese news digest on the Trump–Zelensky meeting and
    the minerals deal, citing Forbes Japan, Jiji and Asahi. Your own database is not touched. The demo database is kept so you can
    explore it; the command to do so is printed at the end.
    """
    import tempfile
    from pathlib import Path

    from claimtrack.render.claims import render_claims
    from claimtrack.render.console import make_console
    from claimtrack.services import demo as demo_service
    from claimtrack.store.db import connect
    from claimtrack.store.repo import iter_claims

    path = Path(tempfile.mkdtemp(prefix="claimtrack-demo-")) / "claims.db"
    conn = connect(path)
    result = demo_service.load(conn)
    console = make_console()
    render_claims(console, iter_claims(conn, order="key"))
    console.print(
        f"\n{result.claims_added} claims from {result.sources_added} sources loaded into {path}\n"
        f"Explore it:  claimtrack log --db {path}",
        markup=False, highlight=False, soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
