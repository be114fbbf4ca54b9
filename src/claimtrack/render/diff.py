"""Render timelines, revisions and window summaries: rich, plain text, JSON and HTML.

Takes results from ``claimtrack.domain.diff``; never queries a database.
Human output is built once as lines of styled spans, then written either as
rich ``Text`` (deletions red and struck through, insertions green and
underlined) or as plain text with git's word-diff markers ``[-old-]{+new+}``
and no escape codes, as ``render.console.plain`` decides.

A timeline reads top to bottom, one claim per block::

    2025-02-19  朝日新聞GLOBE+  Trump  value 5000億ドル  #1
                米国が5000億ドル相当の鉱物資源の権利を得る
      ↓ value: USD 500,000,000,000 → 50% (incomparable: USD → %)  ·  source: 朝日新聞GLOBE+ → Forbes Japan
        text: 米国[-が5000億ドル相当の鉱物資源の権利を得る-]{+は収益の50%をファンドに拠出する+}
    2025-02-24  Forbes Japan  Trump  value 50%  #2
                米国は収益の50%をファンドに拠出する
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from claimtrack.domain.diff import KeySummary, Revision, SourceTimeline, TextDiff
from claimtrack.domain.model import NOTHING_SET_ASIDE, Claim, Standing
from claimtrack.domain.periods import Window
from claimtrack.render import page
from claimtrack.render.console import Console, as_rich
from claimtrack.render.page import escape
from claimtrack.render.wording import ARROW, format_value_change, period_text, reading

if TYPE_CHECKING:  # a chart is judged as the report judges (rules, values): `diff --json` does not pay for that
    from claimtrack.domain.plot import Plot

SEP = "  ·  "
DATE_WIDTH = 10
CLAIM_INDENT = DATE_WIDTH + 2
REVISION_INDENT = 2
DETAIL_INDENT = 4

STYLES = {
    "date": "bold",
    "source": "cyan",
    "speaker": "",
    "stance": "bold magenta",
    "value": "yellow",
    "id": "dim",
    "arrow": "dim",
    "label": "bold",
    "note": "dim italic",
    "heading": "bold underline",
    "del": "red strike",
    "ins": "green underline",
}

# A line is (indent, spans); a span is (text, style name or "").
Span = tuple[str, str]
Line = tuple[int, list[Span]]


# --- formatting values ------------------------------------------------------


# --- building lines ---------------------------------------------------------


def _claim_lines(c: Claim, standing: Standing = NOTHING_SET_ASIDE) -> list[Line]:
    spans: list[Span] = [((period_text(c.claimed_on) or "undated").ljust(DATE_WIDTH), "date"), ("  ", "")]
    spans.append((c.source_name or c.source, "source"))
    if c.speaker:
        spans += [("  ", ""), (c.speaker, "speaker")]
    if c.stance != "asserts":
        spans += [("  ", ""), (c.stance, "stance")]
    if c.value is not None:
        spans += [("  ", ""), ("value ", "label"), (c.value.raw, "value")]
    spans += [("  ", ""), (f"#{c.id}", "id")]
    if c.supersedes is not None:
        spans += [("  ", ""), (f"corrects #{c.supersedes}", "note")]
    for mark in standing.marks(c):  # superseded by #12, marked wrong: out of comparisons, still recorded
        spans += [("  ", ""), (mark, "note")]
    lines: list[Line] = [(0, spans)]
    if c.text:
        lines.append((CLAIM_INDENT, [(c.text, "")]))
    return lines


def _text_diff_spans(td: TextDiff) -> list[Span]:
    style = {"equal": "", "delete": "del", "insert": "ins"}
    return [(text, style[op]) for op, text in td.ops]


def _revision_lines(rev: Revision) -> list[Line]:
    parts: list[list[Span]] = []
    if rev.correction:
        parts.append([(f"correction of #{rev.old.id}", "label")])
    for kind in rev.changes:
        if kind == "value":
            assert rev.value_change is not None
            parts.append([("value: ", "label"), (format_value_change(rev.value_change), "")])
        elif kind == "stance":
            parts.append([("stance: ", "label"), (f"{rev.old.stance} {ARROW} {rev.new.stance}", "")])
        elif kind == "source":
            parts.append(
                [("source: ", "label"), (f"{rev.old.source_name} {ARROW} {rev.new.source_name}", "")]
            )
        elif kind == "speaker":
            parts.append(
                [("speaker: ", "label"), (f"{rev.old.speaker or '—'} {ARROW} {rev.new.speaker or '—'}", "")]
            )
        elif kind == "text":
            note = " (whitespace/punctuation only)" if rev.text_diff.trivial else ""
            parts.append([("text" + note, "label")])
    if not rev.changes:
        parts.append([("no change", "note")])
    head: list[Span] = [("↓ ", "arrow")]
    for i, part in enumerate(parts):
        if i:
            head.append((SEP, "arrow"))
        head.extend(part)
    lines: list[Line] = [(REVISION_INDENT, head)]
    if "text" in rev.changes:
        lines.append((DETAIL_INDENT, [("text: ", "label"), *_text_diff_spans(rev.text_diff)]))
    return lines


def _timeline_lines(claims: Sequence[Claim], revisions: Sequence[Revision], standing: Standing) -> list[Line]:
    if not claims:
        return [(0, [("no claims", "note")])]
    lines = _claim_lines(claims[0], standing)
    for rev in revisions:
        lines += _revision_lines(rev)
        lines += _claim_lines(rev.new, standing)
    return lines


def _summary_lines(s: KeySummary) -> list[Line]:
    counts = f"{s.revisions} revision{'s' if s.revisions != 1 else ''}"
    if s.corrections:
        counts += f", {s.corrections} correction{'s' if s.corrections != 1 else ''}"
    if s.trivial:
        counts += ", whitespace/punctuation only"
    lines: list[Line] = [
        (0, [(s.key, "label"), ("  ", ""), (", ".join(s.changes), ""), ("  ", ""), (f"({counts})", "note")])
    ]
    if s.value_change is not None:
        value = format_value_change(s.value_change)
    else:
        value = f"{reading(s.first.value)} (unchanged)"
    lines.append((DETAIL_INDENT, [("value: ", "label"), (value, "")]))
    lines.append((DETAIL_INDENT, [("sources: ", "label"), (f" {ARROW} ".join(s.sources), "source")]))
    lines.append(
        (DETAIL_INDENT, [("claims: ", "label"), (f"#{s.first.id} {ARROW} #{s.last.id}", "id")])
    )
    return lines


# --- writing ----------------------------------------------------------------


def _plain_line(indent: int, spans: list[Span]) -> str:
    out = [" " * indent]
    for text, style in spans:
        if style == "del":
            out.append(f"[-{text}-]")
        elif style == "ins":
            out.append(f"{{+{text}+}}")
        else:
            out.append(text)
    return "".join(out)


def _write(console: Console, lines: Iterable[Line]) -> None:
    rich = as_rich(console)
    if rich is None:
        for indent, spans in lines:
            console.out(_plain_line(indent, spans), highlight=False)
        return
    from rich.padding import Padding
    from rich.text import Text

    for indent, spans in lines:
        text = Text(no_wrap=False)
        for chunk, style in spans:
            text.append(chunk, style=STYLES.get(style, "") or None)
        rich.print(Padding(text, (0, 0, 0, indent), expand=False) if indent else text, highlight=False)


def _heading(text: str) -> list[Line]:
    return [(0, [(text, "heading")])]


def render_timeline(
    console: Console, key: str, claims: Sequence[Claim], revisions: Sequence[Revision],
    standing: Standing = NOTHING_SET_ASIDE, plot: Plot | None = None,
) -> None:
    """A key's claims in timeline order, a revision between each consecutive pair.

    ``revisions`` are those of ``build_timeline``: ``revisions[i]`` goes from
    ``claims[i]`` to ``claims[i + 1]``. A claim set aside is marked (``superseded
    by #12``, ``marked wrong``). With ``plot``, a terminal first gets a compact
    chart of the figure (see :func:`claimtrack.render.chart.terminal_chart`).
    """
    n = len(claims)
    _write(console, _heading(f"{key}  ({n} claim{'s' if n != 1 else ''})"))
    if plot is not None:
        from claimtrack.render.chart import terminal_chart

        terminal_chart(console, plot)
    _write(console, _timeline_lines(claims, revisions, standing))


def render_by_source(
    console: Console, key: str, groups: Sequence[SourceTimeline], standing: Standing = NOTHING_SET_ASIDE,
    plot: Plot | None = None,
) -> None:
    """One timeline per source: how each source revised itself (after the
    key's chart in a terminal, as :func:`render_timeline`)."""
    _write(console, _heading(f"{key}  by source ({len(groups)} source{'s' if len(groups) != 1 else ''})"))
    if plot is not None:
        from claimtrack.render.chart import terminal_chart

        terminal_chart(console, plot)
    if not groups:
        _write(console, [(0, [("no claims", "note")])])
    for g in groups:
        n = len(g.claims)
        _write(console, [(0, [])])
        counted = f"  ({g.source}, {n} claim{'s' if n != 1 else ''})"
        _write(console, [(0, [("── ", "arrow"), (g.source_name, "source"), (counted, "note")])])
        _write(console, _timeline_lines(g.claims, g.revisions, standing))


def render_pair(console: Console, revision: Revision, standing: Standing = NOTHING_SET_ASIDE) -> None:
    """Two claims compared directly, possibly under different keys."""
    a, b = revision.old, revision.new
    title = a.key if a.key == b.key else f"{a.key} {ARROW} {b.key}"
    _write(console, _heading(f"{title}  #{a.id} {ARROW} #{b.id}"))
    _write(console, _claim_lines(a, standing) + _revision_lines(revision) + _claim_lines(b, standing))


def render_window(console: Console, summaries: Iterable[KeySummary]) -> None:
    """One block per key that moved in the window; streams the summaries."""
    count = 0
    for s in summaries:
        if count:
            _write(console, [(0, [])])
        _write(console, _summary_lines(s))
        count += 1
    if not count:
        _write(console, [(0, [("no key changed in this window", "note")])])


# --- HTML -------------------------------------------------------------------

_CSS = """
.timeline { margin: 0; padding: 0; list-style: none; }
.timeline p { margin: 0; }
.timeline .head { margin-top: .9rem; }
.timeline .said { padding-left: 1.5rem; }
.timeline .change, .timeline .detail { color: var(--muted); font-size: .92rem; }
.timeline .change { padding-left: .75rem; margin-top: .35rem; }
.timeline .detail { padding-left: 1.75rem; }
.date { font-weight: 600; font-variant-numeric: tabular-nums; }
.source { color: var(--note); }
.value { font-weight: 600; }
.stance { color: var(--bad); font-weight: 600; }
.label { font-weight: 600; }
.id, .note, .arrow { color: var(--muted); }
.note { font-style: italic; }
del { color: var(--bad); }
ins { color: var(--ok); }
"""

#: Each kind of line, by its indent: a claim's heading, what it said, a
#: revision, and the detail of a revision.
_LINE_CLASS = {0: "head", CLAIM_INDENT: "said", REVISION_INDENT: "change", DETAIL_INDENT: "detail"}


def _html_line(indent: int, spans: list[Span]) -> str:
    parts = []
    for text, style in spans:
        if style in ("del", "ins"):
            parts.append(f"<{style}>{escape(text)}</{style}>")
        elif style:
            parts.append(f'<span class="{style}">{escape(text)}</span>')
        else:
            parts.append(escape(text))
    return f'<p class="{_LINE_CLASS.get(indent, "detail")}">{"".join(parts)}</p>\n'


def write_html(
    out: IO[str], key: str, timelines: Sequence[tuple[str | None, Sequence[Claim], Sequence[Revision]]],
    standing: Standing = NOTHING_SET_ASIDE, plot: Plot | None = None,
) -> None:
    """One self-contained page: the key's chart, then each timeline (one, or one
    per source under its name) as the terminal shows it, with deletions as
    ``<del>`` and insertions as ``<ins>``."""
    from claimtrack.render.chart import svg

    page.open_page(out, key, _CSS)
    out.write("<main>\n")
    drawn = svg(plot) if plot is not None else ""
    if drawn:
        out.write(f'<figure class="chart">{drawn}</figure>\n')
    elif plot is not None:
        out.write('<p class="note">No chart: no claim under this key has both a date and a figure to draw.</p>\n')
    for name, claims, revisions in timelines:
        n = len(claims)
        title = f"{name}: " if name else ""
        out.write(f"<section>\n<h2>{escape(title)}{n} claim{'s' if n != 1 else ''}</h2>\n<div class=\"timeline\">\n")
        out.write("".join(_html_line(indent, spans) for indent, spans in _timeline_lines(claims, revisions, standing)))
        out.write("</div>\n</section>\n")
    out.write("</main>\n")
    page.close(out)


# --- JSON -------------------------------------------------------------------


def diff_json(
    key: str, claims: Sequence[Claim], revisions: Sequence[Revision], standing: Standing = NOTHING_SET_ASIDE
) -> dict[str, Any]:
    """The ``diff --json`` object: ``{"key", "claims", "revisions"}``; each
    claim as ``log --json`` writes it."""
    return {
        "key": key,
        "claims": [{**c.to_json(), **standing.of(c)} for c in claims],
        "revisions": [r.to_json() for r in revisions],
    }


def by_source_json(
    key: str, groups: Sequence[SourceTimeline], standing: Standing = NOTHING_SET_ASIDE
) -> dict[str, Any]:
    return {
        "key": key,
        "sources": [
            {
                "source": g.source,
                "source_name": g.source_name,
                "claims": [{**c.to_json(), **standing.of(c)} for c in g.claims],
                "revisions": [r.to_json() for r in g.revisions],
            }
            for g in groups
        ],
    }


def pair_json(revision: Revision, standing: Standing = NOTHING_SET_ASIDE) -> dict[str, Any]:
    return {
        "claims": [{**c.to_json(), **standing.of(c)} for c in (revision.old, revision.new)],
        "revision": revision.to_json(),
    }


def window_json(summaries: Iterable[KeySummary], window: Window) -> dict[str, Any]:
    return {"since": window.since, "until": window.until, "keys": [s.to_json() for s in summaries]}
