"""`diff`: how a claim changed over time."""

from __future__ import annotations

from typing import Annotated

import typer

from claimtrack.cli.base import command
from claimtrack.cli.options import (
    DbOption,
    JsonOption,
    SinceOption,
    UntilOption,
    argument,
    date_window,
    emit,
    flag,
    open_db,
)
from claimtrack.errors import ClaimtrackError


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
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show how a claim changed over time, version by version.

    Claims under KEY in date order; between each pair, what changed: the
    value (with the absolute and relative change where comparable), the
    stance, the source, the speaker and the text (word by word, or character
    by character in Japanese). In plain text deletions read [-old-] and
    insertions {+new+}.

    \b
    Examples:
      claimtrack diff minerals-deal/us-share
      claimtrack diff trump/title --by-source
      claimtrack diff 10 16     # two claims, even under different keys
      claimtrack diff --since 2025-02-19 --until 2025-03-01 trump
    """
    from claimtrack.render import diff as render
    from claimtrack.services import claims as claim_service
    from claimtrack.services import timeline

    args = list(targets or [])
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
        emit(json_, lambda: render.by_source_json(key, groups, standing),
             lambda out: render.render_by_source(out, key, groups, standing))
        return
    line = timeline.timeline(conn, key)
    emit(
        json_,
        lambda: render.diff_json(key, line.claims, line.revisions, standing),
        lambda out: render.render_timeline(out, key, line.claims, line.revisions, standing),
    )


def register(app: typer.Typer) -> None:
    command(app, "diff")(diff)
