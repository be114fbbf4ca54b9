"""Claims and sources for people: a table or a record, built once, written
as rich in a terminal or as plain lines in a pipe.

A list (``log``, ``sources list``) is rows of :class:`Column` cells: plain
output is one tab-separated line a row, every column, ``-`` where a claim
column is empty; a terminal gets a rich table without the columns nobody
filled in. One item (``show``, ``sources show``) is label/text rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from msgspec import Struct, field, structs

from claimtrack.domain.model import NOTHING_SET_ASIDE, Claim, History, Source, Standing, field_names, joined_fields
from claimtrack.domain.text import term_spans
from claimtrack.render.console import Console, as_rich, write_plain
from claimtrack.render.wording import decision_text, describe_value, period_text


class Column(Struct, frozen=True):
    name: str
    cell: Callable[[Any], str]
    #: The cell in plain output, when it differs (a source's id rather than its name).
    plain_cell: Callable[[Any], str] | None = None
    #: What plain output writes for an empty cell.
    blank: str = ""
    #: Shown even when every cell is empty.
    always: bool = False
    style: dict[str, Any] = field(default_factory=dict)
    #: Where the cell's text is highlighted in a terminal: ``(start, end)`` spans.
    marks: Callable[[Any], Sequence[tuple[int, int]]] | None = None


def _text(claim: Claim) -> str:
    return claim.text if claim.stance == "asserts" else f"[{claim.stance}] {claim.text}"


CLAIM_COLUMNS = (
    Column("id", lambda c: str(c.id), always=True, style={"justify": "right", "style": "cyan", "no_wrap": True}),
    Column("date", lambda c: period_text(c.claimed_on), blank="-", style={"no_wrap": True}),
    Column("source", lambda c: c.source_name or c.source, plain_cell=lambda c: c.source, style={"max_width": 18}),
    Column("key", lambda c: c.key, always=True, style={"style": "magenta", "overflow": "fold"}),
    Column("speaker", lambda c: c.speaker or "", blank="-", style={"max_width": 14}),
    Column("value", lambda c: describe_value(c.value), blank="-", style={"max_width": 24}),
    Column("text", _text, always=True, style={"ratio": 1, "min_width": 16}),
)
SOURCE_COLUMNS = (
    Column("id", lambda r: r[0].id, always=True, style={"style": "cyan"}),
    Column("name", lambda r: r[0].name, always=True),
    Column("kind", lambda r: r[0].kind, always=True),
    Column("claims", lambda r: str(r[1]), always=True, style={"justify": "right"}),
    Column("aliases", lambda r: ", ".join(r[0].aliases), always=True, style={"ratio": 1}),
    Column("domains", lambda r: ", ".join(r[0].domains), always=True),
)


def write_table(console: Console, columns: Sequence[Column], rows: Iterable[Any]) -> int:
    """Rows as a table; returns how many. Plain output streams row by row."""
    count = 0
    rich = as_rich(console)
    if rich is None:
        for row in rows:
            cells = ((col.plain_cell or col.cell)(row) or col.blank for col in columns)
            write_plain(console, "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
            count += 1
        return count
    from rich.table import Table
    from rich.text import Text

    held = list(rows)
    if not held:
        return 0
    shown = [col for col in columns if col.always or any(col.cell(row) for row in held)]
    table = Table(header_style="bold", expand=False)
    for col in shown:
        table.add_column(col.name, **col.style)
    for row in held:
        # Text(), not str: claim text is never read as rich markup.
        texts = [Text(col.cell(row)) for col in shown]
        for text, col in zip(texts, shown, strict=True):
            for start, end in col.marks(row) if col.marks else ():
                text.stylize("bold reverse", start, end)
        table.add_row(*texts)
    rich.print(table)
    return len(held)


def write_record(console: Console, rows: Sequence[tuple[str, str]]) -> None:
    """One item as ``label  text`` lines; empty fields are left out."""
    rows = [(label, text) for label, text in rows if text]
    width = max((len(label) for label, _ in rows), default=0)
    rich = as_rich(console)
    for label, text in rows:
        if rich is None:
            write_plain(console, f"{label:<{width}}  {text}")
        else:
            from rich.text import Text

            line = Text(f"{label:<{width}}  ", style="bold")
            line.append(text)
            rich.print(line, soft_wrap=True)


def render_claims(console: Console, claims: Iterable[Claim], standing: Standing = NOTHING_SET_ASIDE) -> int:
    """Claims as a table (``log``), each set-aside claim's text led by what set
    it aside: ``[superseded by #12]``, ``[marked wrong]``. Returns the count."""
    return write_table(console, CLAIM_COLUMNS, (_marked(c, standing) for c in claims))


def render_found(console: Console, claims: Iterable[Claim], terms: Sequence[str],
                 standing: Standing = NOTHING_SET_ASIDE) -> int:
    """Claims a search found (``search``), as ``log`` lists them, with a match
    in the quote, note or speaker, when the text and key have none, shown after
    the text. In a terminal each term is highlighted where it occurs."""
    found = [_with_match(_marked(c, standing), terms) for c in claims]
    text_at = next(i for i, col in enumerate(CLAIM_COLUMNS) if col.name == "text")
    columns = [structs.replace(col, marks=lambda c: term_spans(_text(c), terms)) if i == text_at else col
               for i, col in enumerate(CLAIM_COLUMNS)]
    return write_table(console, columns, found)


_ELSEWHERE = ("quote", "note", "speaker")
_AROUND = 30


def _with_match(claim: Claim, terms: Sequence[str]) -> Claim:
    """The claim, its text followed by ``(quote: …match…)`` for the terms
    found in another field only."""
    missing = [t for t in terms if not term_spans(claim.text, [t]) and not term_spans(claim.key, [t])]
    extra = []
    for name in _ELSEWHERE:
        held = getattr(claim, name) or ""
        spans = term_spans(held, missing)
        if not spans:
            continue
        start, end = spans[0]
        cut, stop = max(0, start - _AROUND), end + _AROUND
        extra.append(f"({name}: {'…' if cut else ''}{held[cut:stop]}{'…' if stop < len(held) else ''})")
        missing = [t for t in missing if not term_spans(held, [t])]
    return structs.replace(claim, text=" ".join([claim.text, *extra])) if extra else claim


def _marked(claim: Claim, standing: Standing) -> Claim:
    marks = standing.marks(claim)
    return structs.replace(claim, text=" ".join([*(f"[{m}]" for m in marks), claim.text])) if marks else claim


def render_sources(console: Console, rows: Iterable[tuple[Source, int]]) -> int:
    """Sources with their claim counts (``sources list``). Returns the count."""
    return write_table(console, SOURCE_COLUMNS, rows)


#: How show writes a field that is not plain text; the rest is written as it is.
_SHOWN: dict[str, Callable[[Claim], str]] = {
    "source": lambda c: f"{c.source_name} ({c.source})",
    "value": lambda c: describe_value(c.value),
    "claimed_on": lambda c: period_text(c.claimed_on),
    "as_of": lambda c: period_text(c.as_of),
    "qualifiers": lambda c: ", ".join(f"{k}={v}" for k, v in c.qualifiers.items()),
}
_NOT_SHOWN = frozenset(joined_fields(Claim))  # shown with the field they belong to


def claim_rows(claim: Claim) -> list[tuple[str, str]]:
    """Every field of a claim as ``show`` labels it, in the record's order."""
    rows = []
    for name in field_names(Claim):
        if name in _NOT_SHOWN:
            continue
        shown = _SHOWN.get(name)
        given = shown(claim) if shown else getattr(claim, name)
        rows.append((name.replace("_", " "), "" if given is None else str(given)))
    return rows


def render_claim(
    console: Console,
    claim: Claim,
    *,
    created: bool | None = None,
    standing: Standing = NOTHING_SET_ASIDE,
) -> None:
    """Every field of one claim, one per line, then the claims that supersede it
    and when it was marked wrong."""
    if created is False:
        write_plain(console, f"Already recorded as claim {claim.id}; nothing added.")
    elif created:
        write_plain(console, f"Recorded claim {claim.id}.")
    write_record(console, [
        *claim_rows(claim),
        *(("superseded by", f"claim {i}") for i in standing.superseded_by.get(claim.id, ())),
        *(
            ("marked wrong", f"in {w.finding_id} on {w.resolved_at[:10]}"
             f"{' by ' + w.resolved_by if w.resolved_by else ''}: {w.note}")
            for w in standing.marked_wrong.get(claim.id, ())
        ),
    ])


def render_source(console: Console, source: Source, claims: int) -> None:
    """One source, one field per line (``sources show``)."""
    write_record(console, [
        ("id", source.id), ("name", source.name), ("kind", source.kind),
        ("aliases", ", ".join(source.aliases)), ("domains", ", ".join(source.domains)),
        ("claims", str(claims)), ("added", source.created_at),
    ])


def write_history(found: History, console: Console) -> None:
    """A finding's or a claim's decisions, oldest first, then which one stands."""
    if found.claim is not None:
        claim = found.claim
        rows = [("claim", f"#{claim.id} {claim.key}: {claim.text}")]
        if claim.supersedes is not None:
            rows.append(("corrects", f"claim {claim.supersedes}"))
        rows += [("superseded by", f"claim {i}") for i in found.superseded_by]
        write_record(console, rows)
        if not found.decisions:
            write_plain(console, "No decision names this claim.")
    elif not found.decisions:
        write_plain(console, f"No decisions about {found.finding_id} yet.")
    for d in found.decisions:
        about = f"{d.finding_id}  " if found.claim is not None or d.finding_id != found.finding_id else ""
        write_plain(console, f"{d.resolved_at[:16].replace('T', ' ')}  {about}{decision_text(d, dated=False)}")
    if found.finding_id is not None and found.decisions:
        standing = found.standing
        write_plain(console, f"Stands: {standing.status}." if standing else "Open: the last decision reopened it.")
