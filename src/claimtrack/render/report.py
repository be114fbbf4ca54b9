"""Contradiction reports: one report, six formats.

``blocks`` turns a report into what every format shows: per key, each finding
with its label, its sentence and its resolution; the steps of the key's
figure over time; and the claims that were not compared, with why. Each
format is a thin writer over those blocks, chosen from ``WRITERS``: the
terminal (a rich layout in a terminal, plain lines in a pipe), JSON,
Markdown, CSV and a self-contained HTML page. Terminal and Markdown count the
claims not compared by reason and list them with ``--all``; JSON and HTML
always list them. Writers never query a database; rich is imported only by
the terminal writer.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from claimtrack.domain.model import Claim, Resolution
from claimtrack.domain.rules import Finding, NotCompared, Report, Step
from claimtrack.domain.text import is_web_url, spreadsheet_safe
from claimtrack.render import chart, page
from claimtrack.render.console import Console, PlainConsole, as_rich, make_console, visible
from claimtrack.render.wording import (
    REASON_LABELS,
    decision_text,
    describe_value,
    explain,
    explain_not_compared,
    explain_step,
    period_text,
    summary_line,
    verdict,
)

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console as RichConsole

__all__ = ["CSV_COLUMNS", "WRITERS", "Block", "Item", "blocks"]


@dataclass(frozen=True, slots=True)
class Item:
    """A finding as every format shows it."""

    finding: Finding
    sentence: str
    #: What a person decided about it; None while unresolved.
    resolution: Resolution | None

    @property
    def label(self) -> str:
        """``contradiction``, ``note`` or ``error``."""
        return self.finding.category

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        """(label, first claim, second claim) for each field either claim has;
        none for an error, whose two claims are only the ends of a scope."""
        if self.label == "error":
            return []
        a, b = self.finding.claims
        fa, fb = dict(claim_fields(a)), dict(claim_fields(b))
        return [(name, fa.get(name, ""), fb.get(name, "")) for name in FIELD_ORDER[1:] if name in fa or name in fb]


@dataclass(frozen=True, slots=True)
class Gap:
    """Claims not compared, as every format shows them."""

    entry: NotCompared
    sentence: str

    @property
    def label(self) -> str:
        return REASON_LABELS.get(self.entry.reason, self.entry.reason)


@dataclass(frozen=True, slots=True)
class Change:
    """One step of a key's figure over time, as every format shows it."""

    step: Step
    sentence: str

    @property
    def id(self) -> str:
        """``r-12-40``: the step from claim 12 to claim 40."""
        return f"r-{self.step.before.id}-{self.step.after.id}"


@dataclass(frozen=True, slots=True)
class Block:
    """One key of a report."""

    key: str
    #: Contradictions and errors in the order the rules found them, then notes.
    items: tuple[Item, ...]
    revisions: tuple[Change, ...]
    not_compared: tuple[Gap, ...]

    def shown(self, list_not_compared: bool) -> bool:
        """Whether a format that only counts the claims not compared has anything to show of this key."""
        return bool(self.items or self.revisions or (list_not_compared and self.not_compared))


def blocks(report: Report) -> Iterator[Block]:
    """What the report shows, key by key: the one walk every writer makes."""
    for result in report.results:
        ordered = sorted(result.findings, key=lambda f: f.category == "note")
        items = tuple(
            Item(
                finding=f,
                sentence=explain(f, report.config),
                resolution=report.resolutions.get(f.id),
            )
            for f in ordered
        )
        yield Block(
            result.key,
            items,
            tuple(Change(step, explain_step(step)) for step in result.revisions),
            tuple(Gap(entry, explain_not_compared(entry)) for entry in result.not_compared),
        )


def _not_compared_line(report: Report) -> str:
    """A pointer to the claims not compared when they are only counted, or ""."""
    if report.list_not_compared or not report.summary.not_compared:
        return ""
    return "Claims not compared are counted in the summary by reason; list them with --all."


FIELD_ORDER = (
    "claim", "source", "speaker", "said on", "as of", "stance", "value", "qualifiers", "quote", "text", "url"
)


def claim_fields(claim: Claim) -> list[tuple[str, str]]:
    """Label/text rows describing one claim; empty fields are left out."""
    rows = [
        ("claim", f"#{claim.id}"),
        ("source", claim.source_name),
        ("speaker", claim.speaker or ""),
        ("said on", period_text(claim.claimed_on)),
        ("as of", period_text(claim.as_of)),
        ("stance", claim.stance if claim.stance != "asserts" else ""),
        ("value", describe_value(claim.value)),
        ("qualifiers", ", ".join(f"{k}={v}" for k, v in sorted(claim.qualifiers.items()))),
        ("quote", claim.quote or ""),
        ("text", claim.text if not claim.quote else ""),
        ("url", claim.url or ""),
    ]
    return [(label, text) for label, text in rows if text]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sides(finding: Finding) -> str:
    """``Forbes Japan vs 時事ドットコム, 朝日新聞GLOBE+``, or "" when there is no second side."""
    a, b = finding.sides
    return f"{', '.join(a.sources)} vs {', '.join(b.sources)}" if b.sources else ""


# -- terminal ------------------------------------------------------------------


def write_terminal(report: Report, out: IO[str], console: Console | None = None) -> None:
    """The report for a terminal: a rich layout, or plain lines in a pipe or
    with NO_COLOR (``console``: an existing one to write to)."""
    console = console or make_console(out)
    rich = as_rich(console)
    if rich is None:
        _write_plain(report, console)
    else:
        _write_rich(report, rich)


def write_plain(report: Report, out: IO[str]) -> None:
    """Findings grouped by key, both claims of each, then a summary line: plain text."""
    _write_plain(report, PlainConsole(out))


def _write_plain(report: Report, console: Console) -> None:
    for block in blocks(report):
        if not block.shown(report.list_not_compared):
            continue
        for line in _plain_lines(block, report.list_not_compared):
            console.out(visible(line), highlight=False)
    if line := _not_compared_line(report):
        console.out(line, highlight=False)
    console.out("summary: " + summary_line(report.summary), highlight=False)


def _write_rich(report: Report, console: RichConsole) -> None:
    from rich.text import Text

    for block in blocks(report):
        if not block.shown(report.list_not_compared):
            continue
        console.print()
        console.rule(Text(visible(block.key), style="bold"), align="left")
        for item in block.items:
            _rich_item(console, item)
        for change in block.revisions:
            console.print(Text("revised ", style="bold blue") + Text(visible(change.sentence)))
        if report.list_not_compared:
            for gap in block.not_compared:
                console.print(Text("not compared ", style="bold yellow") + Text(gap.label, style="bold"))
                console.print(Text(visible(gap.sentence)))
    console.print()
    if line := _not_compared_line(report):
        console.print(Text(line, style="yellow"))
    style = "bold red" if report.summary.unresolved else "bold green"
    console.print(Text("summary: ", style="bold") + Text(summary_line(report.summary), style=style))


def _plain_lines(block: Block, list_not_compared: bool) -> Iterator[str]:
    yield block.key
    for item in block.items:
        f = item.finding
        done = " (resolved)" if item.resolution else ""
        yield f"  {item.label.upper()} {f.id} [{f.kind}]{done}: {item.sentence}"
        if item.resolution:
            yield f"    decision: {_one_line(decision_text(item.resolution))}"
        if _sides(f):
            yield f"    sources: {_sides(f)}"
        if item.label == "error":
            continue
        for claim in f.claims:
            fields = dict(claim_fields(claim))
            head = ", ".join(
                x for x in (f"#{claim.id} {claim.source_name}", fields.get("said on"), fields.get("value")) if x
            )
            yield f"    {_one_line(head)}"
            yield f"      “{_one_line(fields.get('quote') or fields.get('text', ''))}”"
            if claim.url:
                yield f"      {claim.url}"
    for change in block.revisions:
        yield f"  REVISED {change.id}: {change.sentence}"
    if list_not_compared:
        for gap in block.not_compared:
            yield f"  NOT COMPARED [{gap.label}]: {gap.sentence}"


_RICH_HEADS = {"contradiction": ("✗ ", "bold red"), "note": ("note ", "bold blue"), "error": ("error ", "bold magenta")}


def _rich_item(console: RichConsole, item: Item) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    f = item.finding
    mark, style = _RICH_HEADS[item.label]
    head = Text(mark, style="dim" if item.resolution else style)
    head += Text(f.kind, style="bold") + Text("  ") + Text(f.id, style="cyan")
    if item.resolution:
        head += Text("  resolved", style="green")
    console.print(head)
    console.print(Text(visible(item.sentence), style="dim" if item.resolution else ""))
    if item.resolution:
        console.print(Text("decision: ", style="bold green") + Text(visible(decision_text(item.resolution))))
    a, b = f.sides
    if b.sources:
        console.print(
            Text(visible(", ".join(a.sources)), style="bold")
            + Text("  vs  ", style="dim")
            + Text(visible(", ".join(b.sources)), style="bold")
        )
    if not item.rows:
        return
    first, second = f.claims
    table = Table(box=box.SIMPLE_HEAD, show_header=True, pad_edge=False, expand=False)
    table.add_column("", style="dim", no_wrap=True)
    table.add_column(Text(f"#{first.id}"), overflow="fold")
    table.add_column(Text(f"#{second.id}"), overflow="fold")
    for label, text_a, text_b in item.rows:
        table.add_row(label, Text(visible(text_a)), Text(visible(text_b)))
    console.print(table)


# -- JSON ----------------------------------------------------------------------


def item_json(item: Item) -> dict[str, Any]:
    """A finding in ``report --json``: ids, sides and the sentence; a
    contradiction also says whether (and, if so, how) it was resolved."""
    f = item.finding
    a, b = f.sides
    entry: dict[str, Any] = {
        "id": f.id,
        "key": f.key,
        "kind": f.kind,
        "claims": [c.id for c in f.claims],
        "explanation": item.sentence,
        "sources": [list(a.sources), list(b.sources)],
        "side_claims": [list(a.ids), list(b.ids)],
        "sides": [[v.to_json() for v in a.voices], [v.to_json() for v in b.voices]],
    }
    if f.rates:
        entry["rates"] = [r.to_json() for r in f.rates]
    if f.kind == "date":
        entry["near"] = f.near
    if f.assumed_unit is not None:
        entry["assumed_unit"] = f.assumed_unit
    entry["resolved"] = item.resolution is not None
    if item.resolution is not None:
        entry["resolution"] = item.resolution.to_json()
    return entry


def not_compared_json(gap: Gap) -> dict[str, Any]:
    entry = gap.entry
    return {
        "key": entry.key,
        "claims": list(entry.claim_ids),
        "reason": entry.reason,
        "details": list(entry.details),
        "explanation": gap.sentence,
    }


def step_json(change: Change) -> dict[str, Any]:
    step = change.step
    return {
        "id": change.id,
        "from": step.before.id,
        "to": step.after.id,
        "sources": [step.before.source_name, step.after.source_name],
        "dates": [step.before.claimed_on, step.after.claimed_on],
        "same_origin": step.same_origin,
        "value_change": step.change.to_json(),
        "explanation": change.sentence,
    }


def write_json(report: Report, out: IO[str]) -> None:
    """``{"contradictions": [...], "not_compared": [...], "revisions": [...],
    "notes": [...], "summary": {...}}``, one entry a line. Error findings are
    contradictions of kind ``error``.

    Contradictions are written as they are worded; the rest are held until
    the contradictions are out.
    """
    held: dict[str, list[dict[str, Any]]] = {"not_compared": [], "revisions": [], "notes": []}
    out.write('{"contradictions": [')
    first = True
    for block in blocks(report):
        for item in block.items:
            if item.label == "note":
                held["notes"].append(item_json(item))
                continue
            out.write(("\n  " if first else ",\n  ") + json.dumps(item_json(item), ensure_ascii=False))
            first = False
        held["not_compared"].extend(map(not_compared_json, block.not_compared))
        if block.revisions:
            held["revisions"].append({"key": block.key, "steps": [step_json(c) for c in block.revisions]})
    out.write("],\n" if first else "\n],\n")
    for name, items in held.items():
        out.write(f'"{name}": [')
        out.write(",".join("\n  " + json.dumps(i, ensure_ascii=False) for i in items))
        out.write("\n],\n" if items else "],\n")
    out.write('"summary": ' + json.dumps(report.summary.to_json(), ensure_ascii=False) + "}\n")


# -- Markdown ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")
# What GitHub turns into a link by itself: a scheme's colon, www., an e-mail's @.
_MD_AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<=\bwww)\.|@", re.IGNORECASE)
_MD_LABELS = {"contradiction": "Contradiction", "note": "Note", "error": "Error"}


def _md(text: str) -> str:
    """Inline Markdown text: one line, punctuation that means something escaped,
    and nothing GitHub would link by itself (``http://``, ``www.``, ``a@b``)."""
    text = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0), _MD_SPECIAL.sub(r"\\\1", _one_line(text)))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_code(text: str) -> str:
    text = _one_line(text)
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _md_cell(label: str, text: str) -> str:
    if label == "url" and is_web_url(text.strip()):
        return f"<{_one_line(text).replace('>', '%3E').replace(' ', '%20')}>"
    return _md(text)


TITLE = "claimtrack report"


def write_markdown(report: Report, out: IO[str]) -> None:
    """A heading per key, a section per finding with a two-claim table."""
    out.write(f"# {_md(TITLE)}\n")
    for block in blocks(report):
        if not block.shown(report.list_not_compared):
            continue
        out.write(f"\n## {_md_code(block.key)}\n")
        for item in block.items:
            f = item.finding
            done = " — resolved" if item.resolution else ""
            out.write(f"\n### {_MD_LABELS[item.label]}: {f.kind} {_md_code(f.id)}{done}\n\n")
            out.write(_md(item.sentence) + "\n")
            if item.resolution:
                out.write(f"\n**Decision:** {_md(decision_text(item.resolution))}\n")
            a, b = f.sides
            if b.sources:
                out.write(f"\n**Sources:** {_md(', '.join(a.sources))} *vs* {_md(', '.join(b.sources))}\n")
            if item.rows:
                first, second = f.claims
                out.write(f"\n| | claim {first.id} | claim {second.id} |\n|---|---|---|\n")
                for label, text_a, text_b in item.rows:
                    out.write(f"| {label} | {_md_cell(label, text_a)} | {_md_cell(label, text_b)} |\n")
        if block.revisions:
            out.write("\n### Revisions\n\n")
            for change in block.revisions:
                out.write(f"- {_md_code(change.id)} {_md(change.sentence)}\n")
        if report.list_not_compared and block.not_compared:
            out.write("\n### Not compared\n\n")
            for gap in block.not_compared:
                out.write(f"- **{_md(gap.label)}:** {_md(gap.sentence)}\n")
    out.write("\n## Summary\n\n" + _md(summary_line(report.summary)) + "\n")
    if line := _not_compared_line(report):
        out.write("\n" + _md(line) + "\n")


# -- CSV -----------------------------------------------------------------------

#: Column order of the CSV report; ``sources_*`` and ``claims_*`` are ``; `` joined.
CSV_COLUMNS = (
    "id", "key", "kind", "resolved", "claim_a", "claim_b", "source_a", "source_b", "value_a", "value_b",
    "claimed_on_a", "claimed_on_b", "sources_a", "sources_b", "claims_a", "claims_b", "explanation",
    "decision", "wrong_claim", "decided_by", "decided_at", "decision_note",
    "text_a", "text_b", "url_a", "url_b",
)


def write_csv(report: Report, out: IO[str]) -> None:
    """One row per contradiction (error findings included), then one per
    revision step (kind ``revision``: claim a before, claim b after), with a
    header row. Each row carries its two claims' text, value, source, date and
    URL, and the decision. A cell a spreadsheet would run as a formula (a
    claim reading ``=HYPERLINK(...)``) starts with ``'``; numbers stay numbers.

    Open ``out`` with ``newline=""`` when it is a file, as the csv module asks.
    """
    writer = _SafeRows(csv.writer(out))
    writer.writerow(CSV_COLUMNS)
    for block in blocks(report):
        for item in block.items:
            if item.label == "note":
                continue
            f = item.finding
            (side_a, side_b), (a, b) = f.sides, f.claims
            writer.writerow((
                f.id, f.key, f.kind, "yes" if item.resolution else "no", a.id, b.id, a.source_name, b.source_name,
                a.value.raw if a.value else "", b.value.raw if b.value else "", a.claimed_on or "", b.claimed_on or "",
                "; ".join(side_a.sources), "; ".join(side_b.sources),
                "; ".join(map(str, side_a.ids)), "; ".join(map(str, side_b.ids)), item.sentence,
                *_csv_decision(item.resolution), a.text, b.text, a.url or "", b.url or "",
            ))
        for change in block.revisions:
            a, b = change.step.before, change.step.after
            writer.writerow((
                change.id, block.key, "revision", "", a.id, b.id, a.source_name, b.source_name,
                a.value.raw if a.value else "", b.value.raw if b.value else "", a.claimed_on or "", b.claimed_on or "",
                a.source_name, b.source_name, a.id, b.id, change.sentence, *_csv_decision(None),
                a.text, b.text, a.url or "", b.url or "",
            ))


class _SafeRows:
    """A csv writer whose cells a spreadsheet shows as they are (``text.spreadsheet_safe``)."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: Iterable[Any]) -> None:
        self.writer.writerow([spreadsheet_safe(str(cell)) for cell in row])


def _csv_decision(decision: Resolution | None) -> tuple[str, str, str, str, str]:
    """The decision columns of a CSV row: empty while unresolved."""
    if decision is None:
        return ("", "", "", "", "")
    wrong = str(decision.claim_id) if decision.claim_id is not None else ""
    return (decision.status, wrong, decision.resolved_by or "", decision.resolved_at, decision.note)


# -- HTML ----------------------------------------------------------------------

_CSS = """
.summary { margin: 1rem 0 0; padding: .75rem 1rem; border: 1px solid var(--rule); border-radius: 6px; }
.summary p { margin: 0; }
.summary .bad { color: var(--bad); font-weight: 600; }
.summary .ok { color: var(--ok); font-weight: 600; }
article { margin: 0 0 1.5rem; padding: .75rem 1rem 1rem; border-left: 4px solid var(--bad); background: #fcfcfd; }
article.note { border-left-color: var(--note); }
article.error, article.not-compared { border-left-color: var(--warn); }
article.revisions { border-left-color: var(--note); }
article ul { margin: 0; padding-left: 1.25rem; }
article.resolved { border-left-color: var(--rule); opacity: .75; }
article h3 { font-size: 1rem; margin: 0 0 .35rem; display: flex; gap: .6rem; flex-wrap: wrap; align-items: baseline; }
.kind { text-transform: uppercase; letter-spacing: .04em; font-size: .8rem; color: var(--bad); }
.note .kind { color: var(--note); }
.error .kind, .not-compared .kind { color: var(--warn); }
.revisions .kind { color: var(--note); }
.id { color: var(--muted); font-weight: normal; font-size: .9rem; }
.badge { font-size: .75rem; font-weight: 600; color: var(--ok); border: 1px solid currentColor;
  border-radius: 999px; padding: 0 .5rem; }
.explanation { margin: 0 0 .5rem; }
.sides { margin: 0 0 .75rem; color: var(--muted); font-size: .92rem; }
.decision { margin: 0 0 .75rem; padding: .4rem .6rem; background: #eef7ee; border-radius: 4px; }
.sides strong { color: var(--ink); font-weight: 600; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.claim { border: 1px solid var(--rule); border-radius: 6px; padding: .6rem .8rem; background: var(--paper); }
.claim dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; font-size: .92rem; }
.claim dt { color: var(--muted); }
.claim dd { margin: 0; }
blockquote { margin: .5rem 0 0; padding: 0 0 0 .75rem; border-left: 2px solid var(--rule); white-space: pre-line; }
@media (max-width: 40rem) { .pair { grid-template-columns: 1fr; } }
@media print {
  article { background: none; break-inside: avoid; page-break-inside: avoid; opacity: 1; }
  .pair { grid-template-columns: 1fr 1fr; }
}
"""


_e = page.escape


def _lang_attr(claim: Claim) -> str:
    return f' lang="{_e(claim.lang)}"' if claim.lang else ""


def write_html(report: Report, out: IO[str]) -> None:
    """One self-contained page: inline CSS, no scripts, no external requests.

    Each key with a finding or a revision opens with its chart (inline SVG,
    see render/chart.py) when the report was asked for charts.

    Every piece of claim text is escaped. A claim's URL becomes a link only
    when it is http(s); anything else is shown as text. The page's own labels
    are English (``lang="en"``); claim text carries the claim's ``lang`` when
    known.
    """
    summary = report.summary
    status = "bad" if summary.unresolved else "ok"
    page.open_page(out, TITLE, _CSS)
    out.write(
        '<section class="summary" aria-label="summary">\n'
        f'<p><span class="{status}">{_e(verdict(summary))}.</span> {_e(summary_line(summary))}.</p>\n'
        "</section>\n<main>\n"
    )
    for block in blocks(report):
        out.write(f'<section class="key">\n<h2><code>{_e(block.key)}</code></h2>\n')
        drawn = chart.svg(report.charts[block.key]) if block.key in report.charts else ""
        if drawn:
            out.write(f'<figure class="chart">{drawn}</figure>\n')
        for item in block.items:
            out.write(_html_item(item))
        if block.revisions:
            out.write('<article class="revisions">\n<h3><span class="kind">revisions</span></h3>\n<ul>\n')
            out.write("".join(
                f'<li id="{_e(c.id)}"><span class="id">{_e(c.id)}</span> {_e(c.sentence)}</li>\n'
                for c in block.revisions
            ))
            out.write("</ul>\n</article>\n")
        out.write("".join(map(_html_not_compared, block.not_compared)))
        out.write("</section>\n")
    out.write("</main>\n")
    page.close(out)


_HTML_CLASSES = {"contradiction": "finding", "note": "note", "error": "error"}


def _html_item(item: Item) -> str:
    f = item.finding
    classes = _HTML_CLASSES[item.label] + (" resolved" if item.resolution else "")
    parts = [
        f'<article class="{classes}" id="{_e(f.id)}">\n<h3>'
        f'<span class="kind">{"note: " if item.label == "note" else ""}{_e(f.kind)}</span>'
        f'<span class="id">{_e(f.id)}</span>'
        + ('<span class="badge">resolved</span>' if item.resolution else "")
        + "</h3>\n",
        f'<p class="explanation">{_e(item.sentence)}</p>\n',
    ]
    if item.resolution:
        parts.append(f'<p class="decision"><strong>Decision:</strong> {_e(decision_text(item.resolution))}</p>\n')
    a, b = f.sides
    if b.sources:
        parts.append(
            f'<p class="sides"><strong>{_e(", ".join(a.sources))}</strong> vs '
            f'<strong>{_e(", ".join(b.sources))}</strong></p>\n'
        )
    if item.rows:
        parts.append('<div class="pair">\n')
        parts.extend(_html_claim(c) for c in f.claims)
        parts.append("</div>\n")
    parts.append("</article>\n")
    return "".join(parts)


def _html_claim(claim: Claim) -> str:
    rows = []
    quote = ""
    for label, text in claim_fields(claim):
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


def _html_not_compared(gap: Gap) -> str:
    return (
        '<article class="not-compared">\n<h3><span class="kind">not compared</span>'
        f'<span class="id">{_e(gap.label)}</span></h3>\n'
        f'<p class="explanation">{_e(gap.sentence)}</p>\n</article>\n'
    )


#: Each report format and its writer.
WRITERS: dict[str, Callable[[Report, IO[str]], None]] = {
    "terminal": write_terminal,
    "plain": write_plain,
    "json": write_json,
    "markdown": write_markdown,
    "csv": write_csv,
    "html": write_html,
}
