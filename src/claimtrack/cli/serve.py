"""`serve`: browse and search the ledger in a web browser, through Datasette."""

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

    Needs the optional extra: pip install 'claimtrack\\[web]' (--metadata
    does not). The ledger is opened read-only, as it is: claims link to
    their sources, search finds words of three characters or more in claims
    (as `?_search=`), facets sort claims by key, source and speaker, and
    canned queries list the claims under a key, from a source, and every
    decision. Claims recorded while it runs show up on the next page load.
    Ctrl-C stops it.

    To open it to your network: claimtrack serve --host 0.0.0.0. To publish
    a read-only copy, see "In Datasette" in the README.
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
    port = _free(host, port)
    with tempfile.TemporaryDirectory(prefix="claimtrack-serve-") as folder:
        argv = datasette_command(Path(ledger).resolve(), Path(folder) / "metadata.json", host=host, port=port)
        typer.echo(f"Serving {ledger} at http://{host}:{port}/ (Ctrl-C stops it)", err=True)
        try:
            code = subprocess.call(argv)
        except KeyboardInterrupt:
            code = 0
    if code:
        raise typer.Exit(code)


def _free(host: str, port: int) -> int:
    """The port to serve on, checked before saying so: a port another server
    holds is an error here (a browser would show that server); 0 picks one."""
    import socket

    from claimtrack.errors import ClaimtrackError

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
            return int(probe.getsockname()[1])
    except OSError as exc:
        raise ClaimtrackError(f"cannot listen on {host}:{port} ({exc.strerror}): another server may hold it; "
                              "choose another with --port", field="port") from None


def register(app: typer.Typer) -> None:
    command(app, "serve")(serve)
