"""`import` and `export`: exchange claims and sources as files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import typer

from claimtrack.cli.base import command
from claimtrack.cli.options import DbOption, JsonOption, open_db
from claimtrack.errors import ClaimtrackError

#: What import reads: each has a reader in services/transfer.py (a test keeps them in step).
ImportFormat = Literal["jsonl", "json", "csv"]

PROGRESS_MIN_BYTES = 4 << 20


def import_(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="JSON Lines, a JSON array or CSV with the field names `export` "
                       "writes; '-' reads stdin.", show_default=False),
    ],
    format_: Annotated[
        Optional[ImportFormat],
        typer.Option("--format", "-f", metavar="FORMAT", help="jsonl, json or csv. Default: from the file name or "
                     "its first character.", show_default=False),
    ] = None,
    new_sources: Annotated[
        bool, typer.Option("--new-sources", metavar="", help="Register unknown sources instead of stopping at them.")
    ] = False,
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import claims (and sources) from a file: all of it, or nothing.

    Each line of JSON Lines is one record. A record with "type": "source"
    registers a source (id, name, kind, aliases, domains); "type":
    "resolution" records a resolution (finding_id, status, claim_id, note,
    resolved_by, resolved_at); any other record is a claim (key, text,
    source, speaker, url, stance, claimed_on, as_of, value, qualifiers,
    supersedes, quote, note, lang). Claims already recorded are skipped. The
    first bad record stops the import with FILE:LINE: FIELD and leaves the
    database unchanged.

    \b
    Examples:
      claimtrack import data/seed-digest.jsonl
      claimtrack import data/seed-digest.jsonl --db copy.db --json
    """
    from claimtrack.services.transfer import import_stream

    name = "<stdin>" if str(file) == "-" else str(file)
    if str(file) == "-":
        stream = sys.stdin.buffer
        size = 0
    else:
        try:
            stream = open(file, "rb")
        except OSError as exc:
            raise ClaimtrackError(f"cannot read: {exc.strerror}", file=name) from None
        size = file.stat().st_size
    conn = open_db(db, create=True)
    with stream:
        with _progress(size) as progress:
            result = import_stream(
                conn, stream, name, fmt=format_, new_sources=new_sources, progress=progress, size=size
            )
    if json_:
        from claimtrack.render.console import write_json

        write_json(result.to_json(), sys.stdout)
        return
    skipped = f", {result.claims_skipped} already recorded" if result.claims_skipped else ""
    typer.echo(f"Imported {result.claims_added} claims from {name}{skipped}; "
               f"{result.sources_changed} sources added or updated.")


class _progress:
    """A progress bar on stderr for long files, only when stderr is a terminal."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.bar = None

    def __enter__(self):
        if self.size < PROGRESS_MIN_BYTES:
            return None
        from claimtrack.render.console import make_console, plain

        console = make_console(stderr=True)
        if plain(console):  # not a terminal, or NO_COLOR: no bar
            return None
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

        self.bar = Progress("Importing", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                            console=console, transient=True)
        self.bar.start()
        task = self.bar.add_task("import", total=self.size)
        return lambda done: self.bar.update(task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def export(
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file (replaced as a whole once the export is complete) "
                     "instead of stdout.", show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Export every source, claim and resolution as JSON Lines (what `import` reads back).

    \b
    Example:
      claimtrack export -o ledger.jsonl
    """
    from claimtrack.services.transfer import export_lines

    conn = open_db(db)
    if output is None or str(output) == "-":
        for line in export_lines(conn):
            sys.stdout.write(line + "\n")
        return
    if output.is_dir() or not output.name:
        raise ClaimtrackError(f"{output} is a folder; name a file to write", field="output")
    tmp = output.with_name(output.name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            for line in export_lines(conn):
                out.write(line + "\n")
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ClaimtrackError(f"cannot write: {exc.strerror}", file=str(output)) from None
    typer.echo(f"Exported to {output}.", err=True)


def register(app: typer.Typer) -> None:
    command(app, "import")(import_)
    command(app, "export")(export)
