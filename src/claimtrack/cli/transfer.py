"""`import`, `export` and `verify`: exchange claims and sources as files, and check them."""

import json
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Annotated, Literal

import typer

from claimtrack.cli.base import command
from claimtrack.cli.options import DbOption, FiscalYearOption, JsonOption, argument, flag, open_db, option
from claimtrack.domain.vocabulary import DEFAULT_FISCAL
from claimtrack.errors import ClaimtrackError

#: What import reads: each has a reader in services/transfer.py (a test keeps them in step).
ImportFormat = Literal["jsonl", "json", "csv", "claimreview"]
#: What export writes.
ExportFormat = Literal["jsonl", "csv", "claimreview"]

PROGRESS_MIN_BYTES = 4 << 20


def import_(
    file: Annotated[
        Path, argument("FILE", "JSON Lines, a JSON array or CSV with the field names `export` writes, or "
                       "ClaimReview JSON-LD; '-' reads stdin.")
    ],
    format_: Annotated[
        ImportFormat | None,
        option("--format", "-f", metavar="FORMAT", help="jsonl, json, csv or claimreview. Default: from the file "
               "name (.jsonl, .json, .csv, .jsonld) or how it starts."),
    ] = None,
    new_sources: Annotated[
        bool, flag("--new-sources", help="Register unknown sources instead of stopping at them.")
    ] = False,
    keep_ours: Annotated[
        bool, flag("--keep-ours", help="When a claim this ledger has is recorded otherwise in the file (another "
                   "note, speaker or value), keep this ledger's and list what differs, instead of stopping.")
    ] = False,
    fiscal_year: FiscalYearOption = DEFAULT_FISCAL,
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import claims (and sources) from a file: all of it, or nothing.

    Each line of JSON Lines is one record, with the fields `export` writes:
    "type": "source" registers a source, "type": "resolution" records a
    resolution, and any other record is a claim (`claimtrack show 1 --json`
    shows one). Only key and text are required. Claims already recorded are
    skipped. The first bad record stops the import with FILE:LINE: FIELD and
    leaves the database unchanged.

    CSV has the same fields as columns (`export --format csv` writes it).
    ClaimReview JSON-LD (one review, a list, or a @graph, as fact-checkers
    publish it) gives each reviewed claim; a review `export --format
    claimreview` wrote also gives its decision back. Another fact-checker's
    verdict is recorded as what it is, a claim by that fact-checker (denying
    the claim when the rating reads false, with a decision marking it wrong);
    FILE:N then names the N-th review.

    \b
    Examples:
      claimtrack import data/seed-digest.jsonl
      claimtrack import data/seed-digest.jsonl --db copy.db --json
    """
    from claimtrack.services.transfer import import_stream

    name = "<stdin>" if str(file) == "-" else str(file)
    with ExitStack() as stack:
        if str(file) == "-":
            stream, size = sys.stdin.buffer, 0
        else:
            try:
                stream = stack.enter_context(open(file, "rb"))
            except OSError as exc:
                raise ClaimtrackError(f"cannot read: {exc.strerror}", file=name) from None
            size = file.stat().st_size
        conn = open_db(db, create=True)
        progress = stack.enter_context(_progress(size))
        result = import_stream(conn, stream, name, fmt=format_, new_sources=new_sources, progress=progress, size=size,
                               fiscal=fiscal_year, keep_ours=keep_ours)
    if json_:
        from claimtrack.render.console import write_json

        write_json(result.to_json(), sys.stdout)
        return
    from claimtrack.render.wording import count

    skipped = f", {result.claims_skipped} already recorded" if result.claims_skipped else ""
    if result.claims_renumbered:  # merged into a ledger that had used their ids
        skipped += f", {count(result.claims_renumbered, 'claim')} under a new id (links and decisions follow)"
    units = f"; {count(result.units_changed, 'unit word')} added or changed" if result.units_changed else ""
    units += f"; {count(result.rates_changed, 'rate')} pinned" if result.rates_changed else ""
    units += f"; {count(result.resolutions_added, 'resolution')} added" if result.resolutions_added else ""
    units += (f"; {count(result.resolutions_skipped, 'resolution')} already recorded"
              if result.resolutions_skipped else "")
    typer.echo(f"Imported {count(result.claims_added, 'claim')} from {name}{skipped}; "
               f"{count(result.sources_changed, 'source')} added or updated{units}.")
    if result.differences:
        kept = {d.claim_id for d in result.differences}
        typer.echo(f"Kept {count(len(kept), 'claim')} as this ledger has {'it' if len(kept) == 1 else 'them'}; "
                   "the file says otherwise:")
        for d in result.differences:
            ours, theirs = ("none" if v is None else repr(v) for v in (d.ours, d.theirs))
            typer.echo(f"  claim {d.claim_id} {d.field}: {ours} here, {theirs} in the file")


@contextmanager
def _progress(size: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long files, only when stderr is a terminal.

    Yields what the import calls with the bytes read so far, or None.
    """
    if size < PROGRESS_MIN_BYTES:
        yield None
        return
    from claimtrack.render.console import as_rich, make_console

    console = as_rich(make_console(stderr=True))
    if console is None:  # not a terminal, or NO_COLOR: no bar
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress("Importing", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("import", total=size)
        yield lambda done: bar.update(task, completed=done)


def export(
    output: Annotated[
        Path | None,
        option("--output", "-o", metavar="FILE", help="Write to this file (replaced as a whole once the export is "
               "complete) instead of stdout."),
    ] = None,
    format_: Annotated[
        ExportFormat,
        option("--format", "-f", metavar="FORMAT", help="jsonl (every record, what import reads back), csv (the "
               "same records, a row each, for spreadsheets; import reads it back too) or claimreview (schema.org "
               "ClaimReview JSON-LD of every claim a decision names, for publishing).", show_default=True),
    ] = "jsonl",
    publisher: Annotated[
        str | None,
        option("--publisher", metavar="NAME", help="With claimreview: who publishes the reviews (your desk).")
    ] = None,
    url_template: Annotated[
        str | None,
        option("--url-template", metavar="URL", help="With claimreview: each review's address, where {id} (or "
               "{uid}) and {key} are the claim's: 'https://factcheck.example.org/claims/{id}'.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the ledger: every source, claim and resolution (what `import` reads back).

    CSV cells that a spreadsheet would run as a formula (starting with =, +,
    -, @) are written with a leading ' ; plain numbers stay numbers.

    ClaimReview carries what `import` needs to give the same claims back,
    each claim's note among it, and who made each decision: read it before
    you publish it.

    \b
    Examples:
      claimtrack export -o ledger.jsonl
      claimtrack export --format csv -o ledger.csv
      claimtrack export --format claimreview --publisher "Example Desk" \\
          --url-template 'https://factcheck.example.org/claims/{id}'
    """
    write = _export_writer(format_, publisher, url_template)
    conn = open_db(db)
    if output is None or str(output) == "-":
        from claimtrack.render.console import underneath

        # CSV has no escapes: into a file or a pipe it is written as it is; a terminal gets control
        # characters written out, as every command's output (JSON keeps them as \u escapes either way).
        write(conn, sys.stdout if format_ != "csv" or sys.stdout.isatty() else underneath(sys.stdout))
        return
    if output.is_dir() or not output.name:
        raise ClaimtrackError(f"{output} is a folder; name a file to write", field="output")
    tmp = output.with_name(output.name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8", newline="" if format_ == "csv" else None) as out:
            write(conn, out)
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ClaimtrackError(f"cannot write: {exc.strerror}", file=str(output)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    typer.echo(f"Exported to {output}.", err=True)


def _export_writer(
    format_: str, publisher: str | None, url_template: str | None
) -> Callable[[sqlite3.Connection, IO[str]], None]:
    """How export writes ``format_``, its options checked before anything is read."""
    from claimtrack.services import transfer

    if format_ != "claimreview":
        for given, name in ((publisher, "publisher"), (url_template, "url_template")):
            if given is not None:
                raise ClaimtrackError("is for --format claimreview only", field=name)
    if format_ == "csv":
        return transfer.write_csv
    if format_ == "jsonl":
        def lines(conn: sqlite3.Connection, out: IO[str]) -> None:
            for line in transfer.export_lines(conn):
                out.write(line + "\n")

        return lines
    if not publisher or not publisher.strip():
        raise ClaimtrackError("is needed with --format claimreview: who publishes the reviews", field="publisher")
    if not url_template or not any(p in url_template for p in ("{id}", "{uid}")):
        raise ClaimtrackError("is needed with --format claimreview, with {id} or {uid} in it: each review "
                              "has an address of its own", field="url_template")
    unknown = sorted(set(re.findall(r"\{[^}]*\}", url_template)) - {"{id}", "{uid}", "{key}"})
    if unknown:
        raise ClaimtrackError(f"{unknown[0]} is not a placeholder (use {{id}}, {{uid}} or {{key}})",
                              field="url_template")
    from claimtrack.domain.text import is_web_url

    if not is_web_url(url_template.replace("{", "").replace("}", "")):
        raise ClaimtrackError(f"'{url_template}' is not a web address (expected https://...)", field="url_template")

    def reviews(conn: sqlite3.Connection, out: IO[str]) -> None:
        from claimtrack.render.console import json_safe

        out.write("[")
        n = 0
        for n, review in enumerate(transfer.claimreviews(conn, publisher.strip(), url_template), start=1):
            out.write(("," if n > 1 else "") + "\n" + json_safe(json.dumps(review, ensure_ascii=False)))
        out.write("\n]\n")
        if not n:
            typer.echo("No claim has a decision yet: there is nothing to review (`claimtrack resolve` records "
                       "one).", err=True)

    return reviews


def verify(
    file: Annotated[
        Path | None,
        argument("FILE", "An export to check instead of the ledger ('-' reads stdin)."),
    ] = None,
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Check that no claim or decision was changed behind claimtrack's back.

    Each claim and decision is linked into a hash chain as it is recorded:
    its link covers what it says and the link before it. verify recomputes
    every link from the ledger as it is now and exits 1 naming the first
    record that was changed, deleted or added by other means (the sqlite3
    shell, say). Export writes each record's link, so an export can be
    checked too: `claimtrack verify ledger.jsonl`. The last link (the
    head) printed for a ledger and for its export is the same, unless the
    file was cut short.

    \b
    Examples:
      claimtrack verify
      claimtrack verify --json
    """
    from claimtrack.render.wording import verified

    damage: list[str] = []
    lost = 0
    first: list[tuple[int, str]] = []
    if file is None:
        from claimtrack.services.ledger import orphans
        from claimtrack.store.chain import verify as verify_ledger
        from claimtrack.store.db import quick_check

        conn = open_db(db)
        damage = quick_check(conn)
        if damage:  # SQLite's own check first: the chain cannot be read from a damaged file
            if json_:
                from claimtrack.render.console import write_json

                write_json({"ok": False, "damaged": damage}, sys.stdout)
            else:
                typer.echo(f"The ledger's file is damaged: {'; '.join(damage[:3])}. Keep a copy of the file; "
                           "`claimtrack export` may still read much of it.")
            raise typer.Exit(1)
        found = verify_ledger(conn)
        where = "the ledger"
        lost, first = orphans(conn)  # sources are not in the chain: their rows are checked here
    else:
        from claimtrack.services.transfer import verify_file

        name = "<stdin>" if str(file) == "-" else str(file)
        where = name
        with ExitStack() as stack:
            try:
                stream = sys.stdin.buffer if str(file) == "-" else stack.enter_context(open(file, "rb"))
            except OSError as exc:
                raise ClaimtrackError(f"cannot read: {exc.strerror}", file=name) from None
            found = verify_file(stream, name)
    if json_:
        from claimtrack.render.console import write_json

        broken = found.broken
        write_json({
            "ok": broken is None and not lost, "claims": found.claims, "decisions": found.decisions,
            "head": found.head.hex(),
            "broken": None if broken is None else {
                "kind": broken.kind, "id": broken.record_id, "uid": broken.uid, "problem": broken.problem,
                "link": broken.seq, "line": broken.line,
            },
            "missing_sources": {"claims": lost, "first": [{"claim": c, "source": s} for c, s in first]},
        }, sys.stdout)
    else:
        typer.echo(verified(found, where))
        if lost:
            named = ", ".join(f"claim {claim} names '{source}'" for claim, source in first)
            typer.echo(f"{lost} claim{'s' if lost != 1 else ''} name a source missing from the ledger's sources "
                       f"(deleted behind claimtrack's back): {named}. Register the source again with "
                       "`claimtrack sources add NAME --id ID`.")
    if found.broken is not None or lost:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    command(app, "import")(import_)
    command(app, "export")(export)
    command(app, "verify")(verify)
