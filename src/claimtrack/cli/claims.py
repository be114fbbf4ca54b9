"""`add`, `show`, `log` and `search`: record a claim and read claims back."""

from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli.base import command
from claimtrack.cli.fields import record
from claimtrack.cli.options import (
    DbOption,
    FiscalYearOption,
    JsonOption,
    SinceOption,
    SourceFilter,
    SpeakerFilter,
    UntilOption,
    argument,
    date_window,
    emit,
    flag,
    open_db,
    option,
)
from claimtrack.domain.vocabulary import DEFAULT_FISCAL, STANCES, Stance

if TYPE_CHECKING:
    from claimtrack.render.console import Console

def add(
    key: Annotated[str, argument("KEY", "What the claim is about, as a slug path: minerals-deal/us-share.")],
    text: Annotated[str, argument("TEXT", "The claim exactly as it appeared.")],
    source: Annotated[
        str | None,
        option("--source", "-s", metavar="SOURCE", help="Where it appeared: a source id, name or alias in any "
               "script (Forbes Japan, 時事ドットコム). Default: the source registered for --url's domain."),
    ] = None,
    url: Annotated[str | None, option("--url", metavar="URL", help="Address of the article.")] = None,
    date: Annotated[
        str | None,
        option("--date", metavar="DATE", help="When the claim was made or published "
               "(2025-02-24, 2025年2月24日, March 2025). A relative --value or --as-of (昨日, 先月, "
               "3月1日 without a year) is read against it."),
    ] = None,
    as_of: Annotated[
        str | None, option("--as-of", metavar="DATE", help="The time the claim speaks about, if not its own date: "
                           "a day or a period (2025年度, Q2 2024, 4月中旬).")
    ] = None,
    value: Annotated[
        str | None,
        option("--value", metavar="VALUE", help="The value claimed, as written: '$500B', 5000億ドル, 50%, "
               "2025年3月1日, 2025年度, 前大統領. See how it reads with `claimtrack parse`."),
    ] = None,
    said_by: Annotated[
        str | None, option("--said-by", metavar="SPEAKER", help="Who made the claim (Trump, 舛添要一).")
    ] = None,
    stance: Annotated[
        Stance, option("--stance", metavar="STANCE", help=f"{' or '.join(STANCES)}.", show_default=True)
    ] = "asserts",
    quote: Annotated[str | None, option("--quote", metavar="TEXT", help="The passage the claim rests on.")] = None,
    lang: Annotated[str | None, option("--lang", metavar="TAG", help="Language of the text (ja, en).")] = None,
    supersedes: Annotated[
        str | None, option("--supersedes", metavar="ID", help="Id of the claim this one corrects: a claim under the "
                           "same key that no other claim corrects yet.")
    ] = None,
    force: Annotated[
        bool, flag("--force", help="Let --supersedes correct a claim that is already corrected (two versions of "
                   "one correction); --note must say why.")
    ] = False,
    note: Annotated[str | None, option("--note", metavar="TEXT", help="Your own note (a gloss, a caveat).")] = None,
    qualifier: Annotated[
        list[str] | None,
        option("--qualifier", "-q", metavar="NAME=VALUE", help="NAME=VALUE that separates legitimately different "
               "claims under one key (measure=relative-poverty). Repeatable."),
    ] = None,
    new_source: Annotated[
        bool, flag("--new-source", help="Register --source as a new source if it is not known.")
    ] = False,
    fiscal_year: FiscalYearOption = DEFAULT_FISCAL,
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Record a claim, exactly as it appeared.

    \b
    Examples:
      claimtrack add minerals-deal/us-share 'US gets $500B in minerals' \\
          --url https://forbesjapan.com/articles/detail/77508 \\
          --value '$500B' --said-by Trump
      claimtrack add trump/title "近くトランプ前米大統領と会談" \\
          --source 時事ドットコム --value 前大統領 --date 2025-02-24

    Adding the exact same claim twice (same key, source, text, date and URL)
    is reported and nothing is added.
    """
    from claimtrack.domain.records import claim_input
    from claimtrack.errors import ClaimtrackError
    from claimtrack.services import claims as claim_service

    if force and supersedes is None:
        raise ClaimtrackError("goes with --supersedes: it lets a correction correct an already corrected claim",
                              field="force")
    if force and not (note and note.strip()):
        raise ClaimtrackError("needs --note saying why this claim is corrected twice", field="force")
    draft = claim_input(record(
        key=key, text=text, source=source, url=url, date=date, as_of=as_of, value=value, said_by=said_by,
        stance=stance, quote=quote, lang=lang, supersedes=supersedes, note=note, qualifier=list(qualifier or []),
    ), fiscal=fiscal_year)
    claim, created = claim_service.record(open_db(db, create=True), draft, new_source=new_source, force=force)
    from claimtrack.render.claims import render_claim

    emit(json_, lambda: {**claim.to_json(), "created": created}, lambda out: render_claim(out, claim, created=created))


def show(
    id_: Annotated[str, argument("ID", "The claim's id (from `log` or `add`).")],
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show one claim with every field, and whether it was superseded or marked wrong.

    \b
    Example:
      claimtrack show 1
    """
    from claimtrack.domain.records import claim_id
    from claimtrack.services import claims as claim_service

    claim, standing = claim_service.show(open_db(db), claim_id(id_, "id"))
    from claimtrack.render.claims import render_claim

    emit(json_, lambda: {**claim.to_json(), **standing.of(claim)},
         lambda out: render_claim(out, claim, standing=standing))


def log(
    key_prefix: Annotated[str | None, argument("KEY-PREFIX", "Only keys under this prefix (minerals-deal).")] = None,
    source: SourceFilter = None,
    said_by: SpeakerFilter = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int | None, option("--limit", "-n", metavar="N", min=1, help="Show at most this many.")] = None,
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List claims, newest first.

    \b
    Examples:
      claimtrack log minerals-deal
      claimtrack log --source jiji --since 2025-02-01
      claimtrack log trump --json
    """
    from claimtrack.services import claims as claim_service

    conn = open_db(db)
    claims = claim_service.log(
        conn, key_prefix=key_prefix, source=source, speaker=said_by, window=date_window(since, until), limit=limit,
    )
    standing = claim_service.standing(conn)
    from claimtrack.render.claims import render_claims

    def human(out: "Console") -> None:
        if render_claims(out, claims, standing) == 0:
            typer.echo("No claims match.", err=True)

    emit(json_, lambda: ({**c.to_json(), **standing.of(c)} for c in claims), human, many=True)


def search(
    query: Annotated[list[str], argument("QUERY", "Words, numbers or a \"phrase\" in any script: 基金, 5000億, "
                                         "ゼレンスキー 通訳, minerals.")],
    key_prefix: Annotated[
        str | None, option("--key", "-k", metavar="KEY-PREFIX", help="Only keys under this prefix (minerals-deal).")
    ] = None,
    source: SourceFilter = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, option("--limit", "-n", metavar="N", min=1, help="Show at most this many.",
                                 show_default=True)] = 20,
    json_: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Find claims by their words: text, quote, key, speaker and note, best match first.

    A claim matches when it holds every term of the query, anywhere, even inside
    a longer word: `基金` finds 共同基金, `5000億` finds 5000億ドル. Terms are
    compared as `claimtrack` compares text: full-width and half-width alike
    (５０００億 is 5000億), case ignored. Words in double quotes (or 「」) are
    one term. An English plural finds its singular too (`minerals` finds
    mineral). In a terminal, the matches are highlighted; a match outside the
    text is shown after it. A query that starts with '-' follows '--':
    claimtrack search -- -5%.

    \b
    Examples:
      claimtrack search 鉱物
      claimtrack search ゼレンスキー 通訳
      claimtrack search '"jointly managed"'
      claimtrack search minerals --json
      claimtrack search 5000億 --key minerals-deal --limit 5
    """
    from claimtrack.services import claims as claim_service

    conn = open_db(db)
    terms, found = claim_service.search(conn, " ".join(query), key_prefix=key_prefix, source=source,
                                        window=date_window(since, until), limit=limit)
    standing = claim_service.standing(conn)
    from claimtrack.render.claims import render_found

    def human(out: "Console") -> None:
        if render_found(out, found, terms, standing) == 0:
            typer.echo("No claims match.", err=True)
        elif len(found) == limit:
            typer.echo(f"The best {limit} shown; --limit N shows more.", err=True)

    emit(json_, lambda: ({**c.to_json(), **standing.of(c)} for c in found), human, many=True)


def register(app: typer.Typer) -> None:
    command(app, "add")(add)
    command(app, "show")(show)
    command(app, "log")(log)
    command(app, "search")(search)
