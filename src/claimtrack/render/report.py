"""Contradiction reports: the same ``KeyResult`` stream as terminal text, JSON,
Markdown, CSV or a self-contained HTML page.

Renderers take domain results and a set of resolved finding ids; they never
query a database. Every writer consumes ``results`` once, in order, and
returns the ``Summary`` of what it wrote. Pass ``summary=None`` and the writer
counts as it goes; pass a ``Summary`` that is already complete, or one being
filled by ``summary.tap(results, resolved)`` upstream, and it is used as is.
Summaries are written last so nothing has to be held back; the HTML page
shows its summary first through CSS ordering.

rich is imported only by ``render_terminal``.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Set
from typing import IO, TYPE_CHECKING, Any

from claimtrack.domain.model import Claim
from claimtrack.domain.rules import Finding, Incomparable, KeyResult, Note, Summary, describe_value
from claimtrack.domain.text import is_web_url
from claimtrack.render.console import plain

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

__all__ = [
    "render_terminal",
    "to_json",
    "write_json",
    "write_markdown",
    "write_csv",
    "write_html",
    "CSV_COLUMNS",
    "finding_json",
    "note_json",
    "incomparable_json",
]

_NONE = frozenset[str]()


def _stream(
    results: Iterable[KeyResult], resolved: Set[str], summary: Summary | None
) -> tuple[Iterator[KeyResult], Summary]:
    if summary is None:
        summary = Summary()
        return summary.tap(results, resolved), summary
    return iter(results), summary


def _summary_line(summary: Summary) -> str:
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(summary.by_kind.items()))
    parts = [
        f"{summary.keys} key{'s' if summary.keys != 1 else ''}",
        f"{summary.claims} claim{'s' if summary.claims != 1 else ''}",
        f"{summary.findings} contradiction{'s' if summary.findings != 1 else ''}"
        + (f" ({kinds})" if kinds else ""),
        f"{summary.resolved} resolved",
        f"{summary.unresolved} unresolved",
    ]
    if summary.incomparable:
        parts.append(f"{summary.incomparable} key{'s' if summary.incomparable != 1 else ''} with mixed units")
    if summary.notes:
        parts.append(f"{summary.notes} note{'s' if summary.notes != 1 else ''}")
    if summary.set_aside:
        parts.append(f"{summary.set_aside} superseded or excluded")
    return ", ".join(parts)


_FIELD_ORDER = (
    "claim", "source", "speaker", "said on", "as of", "stance", "value", "qualifiers", "quote", "text", "url"
)


def _claim_fields(claim: Claim) -> list[tuple[str, str]]:
    """Label/text rows describing one claim; empty fields are left out."""
    rows = [
        ("claim", f"#{claim.id}"),
        ("source", claim.source_name),
        ("speaker", claim.speaker or ""),
        ("said on", claim.claimed_on or ""),
        ("as of", claim.as_of or ""),
        ("stance", claim.stance if claim.stance != "asserts" else ""),
        ("value", describe_value(claim.value)),
        ("qualifiers", ", ".join(f"{k}={v}" for k, v in sorted(claim.qualifiers.items()))),
        ("quote", claim.quote or ""),
        ("text", claim.text if not claim.quote else ""),
        ("url", claim.url or ""),
    ]
    return [(label, text) for label, text in rows if text]


def _field_rows(a: Claim, b: Claim) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Both claims' fields and the labels either of them has, in display order."""
    fa, fb = dict(_claim_fields(a)), dict(_claim_fields(b))
    labels = [lbl for lbl in _FIELD_ORDER if lbl != "claim" and (lbl in fa or lbl in fb)]
    return fa, fb, labels


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    """Text for a terminal: control characters (escape sequences, bells) removed."""
    return _CONTROL.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- terminal ------------------------------------------------------------------


def render_terminal(
    console: "Console",
    results: Iterable[KeyResult],
    resolved: Set[str] = _NONE,
    summary: Summary | None = None,
    *,
    show_notes: bool = True,
) -> Summary:
    """Findings grouped by key, both claims of each, then a summary line.

    Plain lines when ``render.console.plain(console)``; a rich layout otherwise.
    Keys with nothing to show are skipped.
    """
    stream, summary = _stream(results, resolved, summary)
    if plain(console):
        for result in stream:
            if not _has_output(result, show_notes):
                continue
            for line in _plain_lines(result, resolved, show_notes):
                console.out(_safe(line), highlight=False)
        console.out("summary: " + _summary_line(summary), highlight=False)
        return summary

    from rich.text import Text

    for result in stream:
        if not _has_output(result, show_notes):
            continue
        console.print()
        console.rule(Text(_safe(result.key), style="bold"), align="left")
        for finding in result.findings:
            _rich_item(console, finding, finding.id in resolved)
        if show_notes:
            for note in result.notes:
                _rich_item(console, note, False)
        if result.incomparable is not None:
            _rich_incomparable(console, result.incomparable)
    console.print()
    style = "bold red" if summary.unresolved else "bold green"
    console.print(Text("summary: ", style="bold") + Text(_summary_line(summary), style=style))
    return summary


def _has_output(result: KeyResult, show_notes: bool) -> bool:
    return bool(result.findings or result.incomparable or (show_notes and result.notes))


def _plain_lines(result: KeyResult, resolved: Set[str], show_notes: bool) -> Iterator[str]:
    yield result.key
    items: list[tuple[str, Finding | Note]] = [("CONTRADICTION", f) for f in result.findings]
    if show_notes:
        items += [("NOTE", n) for n in result.notes]
    for label, item in items:
        if item.kind == "error":
            label = "ERROR"
        done = " (resolved)" if item.id in resolved and isinstance(item, Finding) else ""
        yield f"  {label} {item.id} [{item.kind}]{done}: {item.explanation}"
        if item.side_b_sources:
            yield f"    sources: {', '.join(item.side_a_sources)} vs {', '.join(item.side_b_sources)}"
        if item.kind == "error":
            continue
        for claim in item.claims:
            fields = dict(_claim_fields(claim))
            head = ", ".join(
                x for x in (f"#{claim.id} {claim.source_name}", fields.get("said on"), fields.get("value")) if x
            )
            yield f"    {_one_line(head)}"
            yield f"      “{_one_line(fields.get('quote') or fields.get('text', ''))}”"
            if claim.url:
                yield f"      {claim.url}"
    if result.incomparable is not None:
        inc = result.incomparable
        units = ", ".join(u if u is not None else "no unit" for u in inc.units)
        ids = ", ".join(f"#{i}" for i in inc.claim_ids)
        yield f"  INCOMPARABLE units {units} in claims {ids}: {inc.explanation}"


def _rich_item(console: "Console", item: Finding | Note, is_resolved: bool) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if isinstance(item, Note):
        head = Text("note ", style="bold blue")
    elif item.kind == "error":
        head = Text("error ", style="bold magenta")
    else:
        head = Text("✗ ", style="dim" if is_resolved else "bold red")
    head += Text(item.kind, style="bold") + Text("  ") + Text(item.id, style="cyan")
    if is_resolved:
        head += Text("  resolved", style="green")
    console.print(head)
    console.print(Text(_safe(item.explanation), style="dim" if is_resolved else ""))
    if item.side_b_sources:
        console.print(
            Text(_safe(", ".join(item.side_a_sources)), style="bold")
            + Text("  vs  ", style="dim")
            + Text(_safe(", ".join(item.side_b_sources)), style="bold")
        )
    if item.kind == "error":
        return
    a, b = item.claims
    table = Table(box=box.SIMPLE_HEAD, show_header=True, pad_edge=False, expand=False)
    table.add_column("", style="dim", no_wrap=True)
    table.add_column(Text(f"#{a.id}"), overflow="fold")
    table.add_column(Text(f"#{b.id}"), overflow="fold")
    fa, fb, labels = _field_rows(a, b)
    for label in labels:
        table.add_row(label, Text(_safe(fa.get(label, ""))), Text(_safe(fb.get(label, ""))))
    console.print(table)


def _rich_incomparable(console: "Console", inc: Incomparable) -> None:
    from rich.text import Text

    units = ", ".join(u if u is not None else "no unit" for u in inc.units)
    console.print(Text("incomparable ", style="bold yellow") + Text(_safe(f"units {units}"), style="bold"))
    console.print(Text(_safe(inc.explanation)))
    console.print(Text("claims: " + ", ".join(f"#{i}" for i in inc.claim_ids), style="dim"))


# -- JSON ----------------------------------------------------------------------


def _pair_json(item: Finding | Note) -> dict[str, Any]:
    a, b = item.claims
    return {
        "id": item.id,
        "key": item.key,
        "kind": item.kind,
        "claims": [a.id, b.id],
        "explanation": item.explanation,
        "sources": [list(item.side_a_sources), list(item.side_b_sources)],
        "side_claims": [list(item.side_a_ids), list(item.side_b_ids)],
    }


def finding_json(finding: Finding, resolved: Set[str] | Mapping[str, Any] = _NONE) -> dict[str, Any]:
    """A finding; ``resolved`` holds resolved ids, or maps them to what was decided."""
    entry = {**_pair_json(finding), "resolved": finding.id in resolved}
    if isinstance(resolved, Mapping) and finding.id in resolved:
        entry["resolution"] = resolved[finding.id].to_json()
    return entry


def note_json(note: Note) -> dict[str, Any]:
    return _pair_json(note)


def incomparable_json(inc: Incomparable) -> dict[str, Any]:
    return {
        "key": inc.key,
        "units": list(inc.units),
        "claims": list(inc.claim_ids),
        "explanation": inc.explanation,
    }


def to_json(
    results: Iterable[KeyResult], resolved: Set[str] = _NONE, summary: Summary | None = None
) -> dict[str, Any]:
    """``{"contradictions": [...], "incomparable": [...], "notes": [...], "summary": {...}}``.

    Error findings (a rule that crashed) are contradictions of kind ``error``.
    """
    stream, summary = _stream(results, resolved, summary)
    contradictions: list[dict[str, Any]] = []
    incomparable: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for result in stream:
        contradictions.extend(finding_json(f, resolved) for f in result.findings)
        notes.extend(note_json(n) for n in result.notes)
        if result.incomparable is not None:
            incomparable.append(incomparable_json(result.incomparable))
    return {
        "contradictions": contradictions,
        "incomparable": incomparable,
        "notes": notes,
        "summary": summary.to_json(),
    }


def write_json(
    out: IO[str],
    results: Iterable[KeyResult],
    resolved: Set[str] = _NONE,
    summary: Summary | None = None,
) -> Summary:
    """The ``to_json`` object, written as findings arrive.

    Contradictions stream out; the (much smaller) incomparable and note lists
    are held until the contradictions are written.
    """
    stream, summary = _stream(results, resolved, summary)
    incomparable: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    out.write('{"contradictions": [')
    first = True
    for result in stream:
        for finding in result.findings:
            out.write(("\n  " if first else ",\n  ") + json.dumps(finding_json(finding, resolved), ensure_ascii=False))
            first = False
        notes.extend(note_json(n) for n in result.notes)
        if result.incomparable is not None:
            incomparable.append(incomparable_json(result.incomparable))
    out.write("\n],\n" if not first else "],\n")
    for name, items in (("incomparable", incomparable), ("notes", notes)):
        out.write(f'"{name}": [')
        out.write(",".join("\n  " + json.dumps(i, ensure_ascii=False) for i in items))
        out.write("\n],\n" if items else "],\n")
    out.write('"summary": ' + json.dumps(summary.to_json(), ensure_ascii=False) + "}\n")
    return summary


# -- Markdown ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def _md(text: str) -> str:
    """Inline Markdown text: one line, punctuation that means something escaped."""
    text = _MD_SPECIAL.sub(r"\\\1", _one_line(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_code(text: str) -> str:
    text = _one_line(text)
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def write_markdown(
    out: IO[str],
    results: Iterable[KeyResult],
    resolved: Set[str] = _NONE,
    summary: Summary | None = None,
    *,
    title: str = "claimtrack report",
    show_notes: bool = True,
) -> Summary:
    """A heading per key, a section per finding with a two-claim table."""
    stream, summary = _stream(results, resolved, summary)
    out.write(f"# {_md(title)}\n")
    for result in stream:
        if not _has_output(result, show_notes):
            continue
        out.write(f"\n## {_md_code(result.key)}\n")
        items: list[Finding | Note] = list(result.findings) + (list(result.notes) if show_notes else [])
        for item in items:
            is_note = isinstance(item, Note)
            label = "Note" if is_note else ("Error" if item.kind == "error" else "Contradiction")
            done = " — resolved" if not is_note and item.id in resolved else ""
            out.write(f"\n### {label}: {item.kind} {_md_code(item.id)}{done}\n\n")
            out.write(_md(item.explanation) + "\n")
            if item.side_b_sources:
                out.write(
                    f"\n**Sources:** {_md(', '.join(item.side_a_sources))} *vs* "
                    f"{_md(', '.join(item.side_b_sources))}\n"
                )
            if item.kind == "error":
                continue
            a, b = item.claims
            fa, fb, labels = _field_rows(a, b)
            out.write(f"\n| | claim {a.id} | claim {b.id} |\n|---|---|---|\n")
            for lbl in labels:
                out.write(f"| {lbl} | {_md_cell(lbl, fa.get(lbl, ''))} | {_md_cell(lbl, fb.get(lbl, ''))} |\n")
        if result.incomparable is not None:
            inc = result.incomparable
            units = ", ".join(u if u is not None else "no unit" for u in inc.units)
            out.write(f"\n### Incomparable units: {_md(units)}\n\n{_md(inc.explanation)}\n\n")
            out.write("Claims: " + ", ".join(str(i) for i in inc.claim_ids) + "\n")
    out.write("\n## Summary\n\n" + _md(_summary_line(summary)) + "\n")
    return summary


def _md_cell(label: str, text: str) -> str:
    if label == "url" and is_web_url(text.strip()):
        return f"<{_one_line(text).replace('>', '%3E').replace(' ', '%20')}>"
    return _md(text)


# -- CSV -----------------------------------------------------------------------

#: Column order of ``write_csv``; ``sources_*`` and ``claims_*`` are ``; `` joined.
CSV_COLUMNS = (
    "id",
    "key",
    "kind",
    "resolved",
    "claim_a",
    "claim_b",
    "source_a",
    "source_b",
    "value_a",
    "value_b",
    "claimed_on_a",
    "claimed_on_b",
    "sources_a",
    "sources_b",
    "claims_a",
    "claims_b",
    "explanation",
)


def write_csv(
    out: IO[str],
    results: Iterable[KeyResult],
    resolved: Set[str] = _NONE,
    summary: Summary | None = None,
) -> Summary:
    """One row per finding (error findings included), with a header row.

    Open ``out`` with ``newline=""`` when it is a file, as the csv module asks.
    """
    stream, summary = _stream(results, resolved, summary)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for result in stream:
        for f in result.findings:
            a, b = f.claims
            writer.writerow(
                (
                    f.id,
                    f.key,
                    f.kind,
                    "yes" if f.id in resolved else "no",
                    a.id,
                    b.id,
                    a.source_name,
                    b.source_name,
                    a.value.raw if a.value else "",
                    b.value.raw if b.value else "",
                    a.claimed_on or "",
                    b.claimed_on or "",
                    "; ".join(f.side_a_sources),
                    "; ".join(f.side_b_sources),
                    "; ".join(map(str, f.side_a_ids)),
                    "; ".join(map(str, f.side_b_ids)),
                    f.explanation,
                )
            )
    return summary


# -- HTML ----------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9de;
  --bad: #b3261e; --note: #1a5fb4; --warn: #8a5a00; --ok: #1e7d32; --paper: #fff; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0 auto; max-width: 62rem; padding: 2rem 1.25rem 3rem; color: var(--ink);
  background: var(--paper); line-height: 1.6; display: flex; flex-direction: column;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Noto Sans CJK JP",
    "Yu Gothic", YuGothic, Meiryo, sans-serif;
  text-rendering: optimizeLegibility;
  overflow-wrap: anywhere; }
:lang(ja) { font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP",
  "Noto Sans CJK JP", "Yu Gothic", YuGothic, Meiryo, system-ui, sans-serif; line-height: 1.75; }
body > header { order: -2; }
.summary { order: -1; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2.25rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--rule); }
h2 code { font-size: 1em; }
code, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK JP", monospace; }
.summary { margin: 1rem 0 0; padding: .75rem 1rem; border: 1px solid var(--rule); border-radius: 6px; }
.summary p { margin: 0; }
.summary .bad { color: var(--bad); font-weight: 600; }
.summary .ok { color: var(--ok); font-weight: 600; }
article { margin: 0 0 1.5rem; padding: .75rem 1rem 1rem; border-left: 4px solid var(--bad); background: #fcfcfd; }
article.note { border-left-color: var(--note); }
article.error, article.incomparable { border-left-color: var(--warn); }
article.resolved { border-left-color: var(--rule); opacity: .75; }
article h3 { font-size: 1rem; margin: 0 0 .35rem; display: flex; gap: .6rem; flex-wrap: wrap; align-items: baseline; }
.kind { text-transform: uppercase; letter-spacing: .04em; font-size: .8rem; color: var(--bad); }
.note .kind { color: var(--note); }
.error .kind, .incomparable .kind { color: var(--warn); }
.id { color: var(--muted); font-weight: normal; font-size: .9rem; }
.badge { font-size: .75rem; font-weight: 600; color: var(--ok); border: 1px solid currentColor;
  border-radius: 999px; padding: 0 .5rem; }
.explanation { margin: 0 0 .5rem; }
.sides { margin: 0 0 .75rem; color: var(--muted); font-size: .92rem; }
.sides strong { color: var(--ink); font-weight: 600; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.claim { border: 1px solid var(--rule); border-radius: 6px; padding: .6rem .8rem; background: var(--paper); }
.claim dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; font-size: .92rem; }
.claim dt { color: var(--muted); }
.claim dd { margin: 0; }
blockquote { margin: .5rem 0 0; padding: 0 0 0 .75rem; border-left: 2px solid var(--rule); white-space: pre-line; }
a { color: var(--note); }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) { .pair { grid-template-columns: 1fr; } }
@media print {
  :root { --paper: #fff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; line-height: 1.45; }
  article { background: none; break-inside: avoid; page-break-inside: avoid; opacity: 1; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .pair { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 15mm; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _lang_attr(claim: Claim) -> str:
    return f' lang="{_e(claim.lang)}"' if claim.lang else ""


def write_html(
    out: IO[str],
    results: Iterable[KeyResult],
    resolved: Set[str] = _NONE,
    summary: Summary | None = None,
    *,
    title: str = "claimtrack report",
    lang: str = "en",
    show_notes: bool = True,
) -> Summary:
    """One self-contained page: inline CSS, no scripts, no external requests.

    Every piece of claim text is escaped. A claim's URL becomes a link only
    when it is http(s); anything else is shown as text. ``lang`` is the
    language of the page's own labels; claim text carries the claim's
    ``lang`` when known.
    """
    stream, summary = _stream(results, resolved, summary)
    out.write(
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1></header>\n<main>\n"
    )
    for result in stream:
        if not _has_output(result, show_notes):
            continue
        out.write(f'<section class="key">\n<h2><code>{_e(result.key)}</code></h2>\n')
        for finding in result.findings:
            out.write(_html_item(finding, finding.id in resolved))
        if show_notes:
            for note in result.notes:
                out.write(_html_item(note, False))
        if result.incomparable is not None:
            out.write(_html_incomparable(result.incomparable))
        out.write("</section>\n")
    out.write("</main>\n")
    status = "bad" if summary.unresolved else "ok"
    verdict = (
        f"{summary.unresolved} unresolved contradiction{'s' if summary.unresolved != 1 else ''}"
        if summary.unresolved
        else "No unresolved contradictions"
    )
    out.write(
        '<section class="summary" aria-label="summary">\n'
        f'<p><span class="{status}">{_e(verdict)}.</span> {_e(_summary_line(summary))}.</p>\n'
        "</section>\n<footer>Generated by claimtrack.</footer>\n</body>\n</html>\n"
    )
    return summary


def _html_item(item: Finding | Note, is_resolved: bool) -> str:
    is_note = isinstance(item, Note)
    classes = ["note" if is_note else ("error" if item.kind == "error" else "finding")]
    if is_resolved:
        classes.append("resolved")
    parts = [
        f'<article class="{" ".join(classes)}" id="{_e(item.id)}">\n<h3>'
        f'<span class="kind">{"note: " if is_note else ""}{_e(item.kind)}</span>'
        f'<span class="id">{_e(item.id)}</span>'
        + ('<span class="badge">resolved</span>' if is_resolved else "")
        + "</h3>\n",
        f'<p class="explanation">{_e(item.explanation)}</p>\n',
    ]
    if item.side_b_sources:
        parts.append(
            f'<p class="sides"><strong>{_e(", ".join(item.side_a_sources))}</strong> vs '
            f'<strong>{_e(", ".join(item.side_b_sources))}</strong></p>\n'
        )
    if item.kind != "error":
        parts.append('<div class="pair">\n')
        parts.extend(_html_claim(c) for c in item.claims)
        parts.append("</div>\n")
    parts.append("</article>\n")
    return "".join(parts)


def _html_claim(claim: Claim) -> str:
    rows = []
    quote = ""
    for label, text in _claim_fields(claim):
        if label in ("quote", "text"):
            quote = f"<blockquote{_lang_attr(claim)}>{_e(text)}</blockquote>\n"
            continue
        if label == "url":
            shown = _e(text)
            value = f'<a href="{shown}" rel="noreferrer noopener">{shown}</a>' if is_web_url(text.strip()) else shown
        elif label in ("value", "qualifiers"):
            value = f"<span{_lang_attr(claim)}>{_e(text)}</span>"
        else:
            value = _e(text)
        rows.append(f"<dt>{_e(label)}</dt><dd>{value}</dd>")
    return f'<div class="claim">\n<dl>{"".join(rows)}</dl>\n{quote}</div>\n'


def _html_incomparable(inc: Incomparable) -> str:
    units = ", ".join(u if u is not None else "no unit" for u in inc.units)
    claims = ", ".join(f"#{i}" for i in inc.claim_ids)
    return (
        '<article class="incomparable">\n<h3><span class="kind">incomparable units</span>'
        f'<span class="id">{_e(units)}</span></h3>\n'
        f'<p class="explanation">{_e(inc.explanation)}</p>\n'
        f'<p class="sides">claims {_e(claims)}</p>\n</article>\n'
    )
