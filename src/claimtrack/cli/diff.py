"""`diff`: how a claim changed over time."""

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from claimtrack.cli import options
from claimtrack.cli.base import command, without_collector
from claimtrack.cli.options import (
    DbOption,
    JsonOption,
    SinceOption,
    UntilOption,
    argument,
    date_window,
    flag,
    open_db,
)
from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    import sqlite3

    from claimtrack.domain.model import Claim
    from claimtrack.domain.plot import Plot
    from claimtrack.render.console import Console

#: What `diff` prints: text (rich in a terminal, plain in a pipe), plain text, JSON, or an HTML page.
DiffFormat = Literal["terminal", "plain", "json", "html"]


def diff(
    targets: Annotated[
        list[str] | None,
        argument("KEY | ID1 ID2 | KEY-PREFIX", "A key; two claim ids; or, with --since/--until, "
                 "an optional key prefix."),
    ] = None,
    by_source: Annotated[
        bool, flag("--by-source", help="One timeline per source: a source revising itself, told apart from the "
                   "story moving between sources.")
    ] = False,
    since: SinceOption = None,
    until: UntilOption = None,
    format_: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="terminal (plain text in a pipe), plain, json, or "
                     "html: one self-contained page with a chart of KEY's figure over time, then its revisions."),
    ] = "terminal",
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show how a claim changed over time, version by version.

    Claims under KEY in date order; between each pair, what changed: the
    value (with the absolute and relative change where comparable), the
    stance, the source, the speaker and the text (word by word, or character
    by character in Japanese). In plain text deletions read [-old-] and
    insertions {+new+}. In a terminal, a key with three or more dated figures
    first gets a small chart of them; --format html draws the full chart.

    \b
    Examples:
      claimtrack diff minerals-deal/us-share
      claimtrack diff trump/title --by-source
      claimtrack diff 10 16     # two claims, even under different keys
      claimtrack diff --since 2025-02-19 --until 2025-03-01 trump
      claimtrack diff minerals-deal/us-share --format html > us-share.html
    """
    from claimtrack.render import diff as render
    from claimtrack.render.console import as_rich
    from claimtrack.services import claims as claim_service
    from claimtrack.services import timeline

    if json_ and format_ not in ("terminal", "json"):
        raise ClaimtrackError(f"--json asks for JSON, --format for {format_}: give one of them", field="json")
    json_ = json_ or format_ == "json"
    args = list(targets or [])
    if format_ == "html" and (since is not None or until is not None or len(args) != 1):
        raise ClaimtrackError("html draws one KEY's timeline: give one KEY (not two ids or a window)",
                              field="format")
    emit = _emitter(format_)
    # As in `report`: a timeline of thousands of claims builds records and JSON that hold no
    # cycles, and the process ends when it is printed; the cyclic collector would only walk them
    # again and again (about a tenth of `diff KEY --json` with 10,000 claims).
    without_collector()
    conn = open_db(db)
    if since is not None or until is not None:
        if len(args) > 1:
            raise ClaimtrackError("with --since/--until give at most one KEY-PREFIX", field="key_prefix")
        window = date_window(since, until)
        summaries = timeline.window(conn, window, args[0] if args else None)
        emit(json_, lambda: render.window_json(summaries, window), lambda out: render.render_window(out, summaries))
        return
    if len(args) == 2:
        from claimtrack.domain.records import claim_id

        if by_source:
            raise ClaimtrackError("--by-source goes with a KEY, not with two claim ids", field="by_source")
        ids = [claim_id(arg, "id") for arg in args]
        revision = timeline.pair(conn, ids[0], ids[1])
        standing = claim_service.standing(conn)
        emit(json_, lambda: render.pair_json(revision, standing),
             lambda out: render.render_pair(out, revision, standing))
        return
    if len(args) != 1:
        raise ClaimtrackError("give one KEY, two claim ids, or --since/--until (see claimtrack diff --help)",
                              field="key")
    key = args[0]
    standing = claim_service.standing(conn)
    if by_source:
        groups = timeline.timelines_by_source(conn, key)
        if format_ == "html":
            claims = [c for g in groups for c in g.claims]
            render.write_html(sys.stdout, key, [(g.source_name, g.claims, g.revisions) for g in groups],
                              standing, _plot(conn, key, claims))
            return

        def per_source(out: "Console") -> None:
            claims = [c for g in groups for c in g.claims]
            plot = _plot(conn, key, claims) if as_rich(out) is not None else None
            render.render_by_source(out, key, groups, standing, plot)

        emit(json_, lambda: render.by_source_json(key, groups, standing), per_source)
        return
    line = timeline.timeline(conn, key)
    if format_ == "html":
        render.write_html(sys.stdout, key, [(None, line.claims, line.revisions)], standing,
                          _plot(conn, key, line.claims))
        return

    def human(out: "Console") -> None:
        # The chart is drawn only in a terminal: a pipe does not pay for judging the key.
        plot = _plot(conn, key, line.claims) if as_rich(out) is not None else None
        render.render_timeline(out, key, line.claims, line.revisions, standing, plot)

    emit(json_, lambda: render.diff_json(key, line.claims, line.revisions, standing), human)


def _plot(conn: "sqlite3.Connection", key: str, claims: "Sequence[Claim]") -> "Plot":
    """The key's claims placed on a chart, judged as the report judges them."""
    from claimtrack.services.report import key_plot

    return key_plot(conn, key, claims)


def _emitter(format_: str) -> Callable[..., None]:
    """How a human format prints: ``plain`` is plain text even in a terminal."""
    if format_ != "plain":
        return options.emit

    def plain(json_: bool, data: Callable[[], Any], human: Callable[["Console"], Any], **_: Any) -> None:
        from claimtrack.render.console import PlainConsole

        human(PlainConsole(sys.stdout))

    return plain


def register(app: typer.Typer) -> None:
    command(app, "diff")(diff)
