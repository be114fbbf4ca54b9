"""`serve`: browse and search the ledger in a web browser, through Datasette."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from claimtrack.cli.base import command
from claimtrack.cli.options import DbOption, flag, open_db, option


def serve(
    host: Annotated[str, option("--host", metavar="HOST", help="Address to listen on; 0.0.0.0 opens it to your "
                                "network.", show_default=True)] = "127.0.0.1",
    port: Annotated[int, option("--port", "-p", metavar="PORT", min=0, max=65535, help="Port to listen on.",
                                show_default=True)] = 8001,
    metadata_only: Annotated[bool, flag("--metadata", help="Print Datasette's metadata for the ledger file (titles, "
                                        "facets, search, queries) as JSON and exit, without opening it: for "
                                        "`datasette publish` and `datasette FILE --metadata metadata.json`.")] = False,
    db: DbOption = None,
) -> None:
    """Browse and search the ledger in a web browser, with Datasette.

    Needs the optional extra: pip install 'claimtrack[web]' (--metadata does
    not). The ledger is
    opened read-only, as it is: claims link to their sources, search finds
    words of three characters or more in claims (as `?_search=`), facets
    sort claims by key, source and speaker, and canned queries list the
    claims under a key, from a source, and every decision. Claims recorded
    while it runs show up on the next page load. Ctrl-C stops it.

    To open it to your network: claimtrack serve --host 0.0.0.0. To publish
    a copy that does not change, see "Publishing the ledger" in the README.
    """
    from claimtrack.services.serve import datasette_command
    from claimtrack.store.db import resolve_path

    ledger, _ = resolve_path(db)
    if metadata_only:  # names the file, never opens it: a copy to publish stays as it is
        from claimtrack.render.console import write_json
        from claimtrack.store.datasette import metadata

        write_json(metadata(Path(ledger)), sys.stdout)
        return
    open_db(db).close()  # a ledger, up to date: refused here, not in the browser
    with tempfile.TemporaryDirectory(prefix="claimtrack-serve-") as folder:
        argv = datasette_command(Path(ledger).resolve(), Path(folder) / "metadata.json", host=host, port=port)
        typer.echo(f"Serving {ledger} at http://{host}:{port}/ (Ctrl-C stops it)", err=True)
        try:
            code = subprocess.call(argv)
        except KeyboardInterrupt:
            code = 0
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    command(app, "serve")(serve)
