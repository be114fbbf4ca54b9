"""Claims for people (a rich table, or plain lines in a pipe) and for machines (JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from claimtrack.domain.model import Claim, Resolution, Source, Value
from claimtrack.render.wording import describe_value, reading
from claimtrack.render.console import plain, write_plain

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console


def value_text(value: Value | None) -> str:
    """A value as written, with its reading when that adds something."""
    return describe_value(value)


def quantity_text(value: Value) -> str:
    return reading(value)


def write_json(obj: Any, out: IO[str]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, indent=2))
    out.write("\n")


def write_json_list(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Stream a JSON array, one item at a time; return how many were written."""
    count = 0
    out.write("[")
    for item in items:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _source_label(claim: Claim) -> str:
    return claim.source_name or claim.source


def render_claims(console: "Console", claims: Iterable[Claim]) -> int:
    """A table in a terminal, tab-separated lines in a pipe. Returns the count."""
    count = 0
    if plain(console):
        for claim in claims:
            fields = [
                str(claim.id), claim.claimed_on or "-", claim.source, claim.key,
                claim.speaker or "-", value_text(claim.value) or "-",
                ("[denies] " if claim.stance == "denies" else "") + claim.text,
            ]
            write_plain(console, "\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields))
            count += 1
        return count
    from rich.table import Table
    from rich.text import Text

    rows = list(claims)
    if not rows:
        return 0
    table = Table(show_lines=False, header_style="bold", expand=False)
    columns = [
        ("id", lambda c: str(c.id), {"justify": "right", "style": "cyan", "no_wrap": True}),
        ("date", lambda c: c.claimed_on or "", {"no_wrap": True}),
        ("source", _source_label, {"max_width": 18}),
        ("key", lambda c: c.key, {"style": "magenta", "overflow": "fold"}),
        ("speaker", lambda c: c.speaker or "", {"max_width": 14}),
        ("value", lambda c: value_text(c.value), {"max_width": 24}),
        ("text", lambda c: c.text if c.stance == "asserts" else f"[denies] {c.text}", {"ratio": 1, "min_width": 16}),
    ]
    # Columns nobody filled in (no dates, no speakers) only take room.
    shown = [col for col in columns if col[0] in ("id", "key", "text") or any(col[1](c) for c in rows)]
    for name, _, kwargs in shown:
        table.add_column(name, **kwargs)
    for claim in rows:
        # Text(), not str: claim text is never read as rich markup.
        table.add_row(*(Text(get(claim)) for _, get, _ in shown))
    console.print(table)
    return len(rows)


def render_claim(
    console: "Console", claim: Claim, *, created: bool | None = None, wrong: Sequence[Resolution] = ()
) -> None:
    """Every field of one claim, one per line."""
    rows: list[tuple[str, str]] = [
        ("id", str(claim.id)),
        ("key", claim.key),
        ("text", claim.text),
        ("source", f"{claim.source_name} ({claim.source})"),
        ("speaker", claim.speaker or ""),
        ("stance", claim.stance),
        ("claimed on", claim.claimed_on or ""),
        ("as of", claim.as_of or ""),
        ("value", value_text(claim.value)),
        ("qualifiers", ", ".join(f"{k}={v}" for k, v in claim.qualifiers.items())),
        ("url", claim.url or ""),
        ("quote", claim.quote or ""),
        ("note", claim.note or ""),
        ("lang", claim.lang or ""),
        ("supersedes", str(claim.supersedes) if claim.supersedes else ""),
        ("recorded at", claim.recorded_at),
        *(
            ("marked wrong", f"in {w.finding_id} on {w.resolved_at[:10]}"
             f"{' by ' + w.resolved_by if w.resolved_by else ''}: {w.note}")
            for w in wrong
        ),
    ]
    if created is False:
        write_plain(console, f"Already recorded as claim {claim.id}; nothing added.")
    elif created:
        write_plain(console, f"Recorded claim {claim.id}.")
    width = max(len(label) for label, _ in rows)
    for label, text in rows:
        if not text:
            continue
        if plain(console):
            write_plain(console, f"{label:<{width}}  {text}")
        else:
            from rich.text import Text

            line = Text(f"{label:<{width}}  ", style="bold")
            line.append(text)
            console.print(line, soft_wrap=True)


def render_sources(console: "Console", rows: Iterable[tuple[Source, int]]) -> int:
    count = 0
    if plain(console):
        for source, claims in rows:
            fields = [source.id, source.name, source.kind, str(claims),
                      ", ".join(source.aliases), ", ".join(source.domains)]
            write_plain(console, "\t".join(fields))
            count += 1
        return count
    from rich.table import Table

    from rich.text import Text

    table = Table(header_style="bold")
    for name, kwargs in (("id", {"style": "cyan"}), ("name", {}), ("kind", {}),
                         ("claims", {"justify": "right"}), ("aliases", {"ratio": 1}), ("domains", {})):
        table.add_column(name, **kwargs)
    for source, claims in rows:
        cells = (source.id, source.name, source.kind, str(claims), ", ".join(source.aliases), ", ".join(source.domains))
        table.add_row(*(Text(cell) for cell in cells))
        count += 1
    if count:
        console.print(table)
    return count


def render_source(console: "Console", source: Source, claims: int) -> None:
    for label, text in (
        ("id", source.id), ("name", source.name), ("kind", source.kind),
        ("aliases", ", ".join(source.aliases)), ("domains", ", ".join(source.domains)),
        ("claims", str(claims)), ("added", source.created_at or ""),
    ):
        if text:
            write_plain(console, f"{label:<8} {text}")
