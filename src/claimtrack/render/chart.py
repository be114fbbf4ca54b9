"""Timeline charts: a key's figure over time, as inline SVG and in the terminal.

Draws a :class:`claimtrack.domain.plot.Plot`; never queries a database, and
decides nothing about where a claim belongs (the plot did). The SVG has no
script, no external reference and no font of its own; every piece of text
from a claim is escaped, and characters XML cannot carry (control codes) or
that would reorder a line (bidi overrides) are shown as ``\\x1b``-style text.

The picture (:func:`svg`), 600 units wide, scaling with its container:

- x is the time a claim speaks about, y its value in the series' one unit;
  tick labels are ISO dates and values written the way the claims write them
  (``1500億円`` for a Japanese key in yen, ``USD 500B`` for an English one);
- one mark per claim, its shape and colour by source, with a legend (shape
  and colour both, so the chart survives black-and-white printing);
- an approximate value, a range or a period longer than a day is a bar; a
  bound runs to the plot's edge and ends in an arrow;
- the claims of one origin (source and speaker) are joined by a line: how it
  revised itself;
- a claim in an open contradiction is ringed; a claim set aside (superseded,
  marked wrong) is hollow and faded;
- undated claims stand in a column of their own at the right, and claims
  with no place on the value axis (no value, a denial, another unit) on a
  strip below it, each with a tooltip saying why.

Each mark is a ``<g class="mark" data-claim="ID">`` translated to its
position, so tests (and scripts) can read where a claim was drawn.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from claimtrack.domain.money import is_currency
from claimtrack.domain.plot import Plot, Point
from claimtrack.render.console import Console, as_rich

__all__ = ["WIDTH", "compact", "svg", "terminal_chart"]

WIDTH = 600
FONT = 11
PLOT_HEIGHT = 220
UNDATED_WIDTH = 56
#: Okabe and Ito's palette for colour-blind readers (without its yellow, too pale on white).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
SHAPES = ("circle", "square", "triangle", "diamond", "down", "plus", "cross", "star")
#: The terminal's marks, in the order of SHAPES.
GLYPHS = "●■▲◆▼✚✖★"
TERMINAL_COLOURS = ("blue", "red", "green", "magenta", "yellow", "cyan", "white")
DISPUTED = "#b3261e"
INK = "#1d1d1f"
MUTED = "#5f6368"
RULE = "#d9d9de"

# Characters XML 1.0 cannot hold, and those that reorder a line of text.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def _visible(text: str) -> str:
    r"""Text with control codes and bidi overrides written out (``\x1b``, ``\u202e``)."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def _e(text: object) -> str:
    return html.escape(_visible(str(text)), quote=True)


def _text_width(text: str, size: float = FONT) -> float:
    """About how wide a line of text is drawn: wide (CJK) characters one em, others 0.6."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- numbers as the claims write them -----------------------------------------

_JA_UNITS = {"JPY": "円", "USD": "ドル", "EUR": "ユーロ", "CNY": "元", "KRW": "ウォン", "GBP": "ポンド",
             "people": "人", "countries": "か国", "countries and regions": "か国・地域", "companies": "社",
             "households": "世帯", "cases": "件", "seats": "議席", "votes": "票"}
_JA_STEPS = ((Decimal("1e12"), "兆"), (Decimal("1e8"), "億"), (Decimal("1e4"), "万"))
_EN_STEPS = ((Decimal("1e12"), "T"), (Decimal("1e9"), "B"), (Decimal("1e6"), "M"), (Decimal("1e3"), "K"))
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def _trim(d: Decimal) -> str:
    """A number to four significant digits at most, two decimals at most, no trailing zeros."""
    if d != 0:
        d = round(d, max(0, min(2, 3 - d.adjusted())))
    text = format(d.normalize(), "f") if d != d.to_integral_value() else format(d.to_integral_value(), "f")
    return text.replace("-", "\u2212")


def compact(amount: Decimal, unit: str | None, lang: str = "en") -> str:
    """An axis label: ``1500億円`` and ``2500万人`` in Japanese, ``JPY 150B`` and
    ``25M people`` in English, ``50%`` in both."""
    if unit == "%":
        return _trim(amount) + "%"
    size = abs(amount)
    if lang == "ja":
        number = _trim(amount)
        for step, word in _JA_STEPS:
            if size >= step:
                number = _trim(amount / step) + word
                break
        return number + _JA_UNITS.get(unit or "", unit or "")
    number = _trim(amount)
    for step, word in _EN_STEPS:
        if size >= step:
            number = _trim(amount / step) + word
            break
    if unit is None:
        return number
    return f"{unit} {number}" if is_currency(unit) else f"{number} {unit}"


def _language(plot: Plot) -> str:
    """``ja`` when most placed values are written in Japanese."""
    raws = [p.claim.value.raw for p in plot.points if p.mid is not None and p.claim.value is not None]
    japanese = sum(1 for raw in raws if _JAPANESE.search(raw))
    return "ja" if raws and japanese * 2 > len(raws) else "en"


# -- ticks ---------------------------------------------------------------------


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _value_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers from at or below ``low`` to at or above ``high``."""
    step = _nice_step(high - low, count)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [k * step for k in range(first, last + 1)]


def _time_ticks(first: int, last: int, room: int = 6) -> list[tuple[int, str]]:
    """Ticks for a span of days (ordinals), labelled in ISO at their precision."""
    start, end = date.fromordinal(first), date.fromordinal(last)
    days = last - first
    if days <= 60:
        step = max(1, math.ceil(days / room))
        step = next(s for s in (1, 2, 7, 14, 21, 28, 35, 42, 49, 56, 63) if s >= step)
        return [(d, date.fromordinal(d).isoformat()) for d in range(first, last + 1, step)]
    months = (end.year - start.year) * 12 + end.month - start.month
    if months <= 36:
        step = next(s for s in (1, 2, 3, 4, 6, 12) if months / s <= room)
        out = []
        y, m = start.year, start.month
        while True:
            d = date(y, m, 1)
            if d.toordinal() >= first and (m - 1) % step == 0:
                out.append((d.toordinal(), f"{y:04d}-{m:02d}"))
            if d >= end:
                break
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return [t for t in out if t[0] <= last]
    years = end.year - start.year
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if years / s <= room)
    return [(date(y, 1, 1).toordinal(), f"{y:04d}") for y in range(start.year + 1, end.year + 1)
            if y % step == 0 and date(y, 1, 1).toordinal() <= last]


# -- the picture ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Look:
    shape: str
    colour: str
    glyph: str
    terminal: str


def _looks(points: Iterable[Point]) -> dict[str, tuple[_Look, str]]:
    """Each source's shape and colour, in order of its first claim, with its name."""
    out: dict[str, tuple[_Look, str]] = {}
    for p in points:
        if p.claim.source not in out:
            n = len(out)
            look = _Look(SHAPES[n % len(SHAPES)], COLOURS[n % len(COLOURS)], GLYPHS[n % len(GLYPHS)],
                         TERMINAL_COLOURS[n % len(TERMINAL_COLOURS)])
            out[p.claim.source] = (look, p.claim.source_name or p.claim.source)
    return out


def _shape(shape: str, r: float = 5) -> str:
    """An SVG element for a mark centred on 0,0 (fill and stroke set by the caller's group)."""
    if shape == "circle":
        return f'<circle r="{r}"/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{-s}" y="{-s}" width="{2 * s}" height="{2 * s}"/>'
    if shape == "triangle":
        return f'<path d="M0 {-r * 1.15}L{r * 1.05} {r * 0.8}H{-r * 1.05}Z"/>'
    if shape == "down":
        return f'<path d="M0 {r * 1.15}L{r * 1.05} {-r * 0.8}H{-r * 1.05}Z"/>'
    if shape == "diamond":
        s = r * 1.25
        return f'<path d="M0 {-s}L{s} 0L0 {s}L{-s} 0Z"/>'
    if shape == "plus":
        a, b = r * 1.1, r * 0.4
        return (f'<path d="M{-b} {-a}H{b}V{-b}H{a}V{b}H{b}V{a}H{-b}V{b}H{-a}V{-b}H{-b}Z"/>')
    if shape == "cross":
        return f'<path d="M{-r} {-r}L{r} {r}M{-r} {r}L{r} {-r}" stroke-width="3" fill="none"/>'
    # a five-pointed star
    points = []
    for k in range(10):
        radius = r * 1.3 if k % 2 == 0 else r * 0.55
        angle = math.pi / 5 * k - math.pi / 2
        points.append(f"{radius * math.cos(angle):.2f},{radius * math.sin(angle):.2f}")
    return f'<polygon points="{" ".join(points)}"/>'


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _value_label(plot: Plot, v: float, lang: str) -> str:
    if plot.kind == "date":
        return date.fromordinal(round(v)).isoformat()
    return compact(Decimal(repr(v)), plot.unit, lang)


def _mid_day(p: Point) -> float:
    assert p.days is not None
    return (p.days[0] + p.days[1]) / 2


def _tooltip(p: Point) -> str:
    c = p.claim
    parts = [f"#{c.id}", c.source_name or c.source]
    if c.speaker:
        parts.append(c.speaker)
    parts.append(c.as_of or c.claimed_on or "undated")
    if c.value is not None:
        parts.append(c.value.raw)
    if p.rate is not None:
        parts.append(f"at {p.rate.base}{p.rate.quote} {p.rate.rate.normalize():f}")
    if p.why:
        parts.append(f"not on the value axis: {p.why}")
    parts.extend(p.set_aside)
    if p.disputed:
        parts.append("in an open contradiction")
    return " · ".join(parts)


def svg(plot: Plot, *, title: str | None = None) -> str:
    """The chart as one ``<svg>`` element (see the module docstring); "" when
    no claim has both a time and a value."""
    if not plot.worth_drawing:
        return ""
    lang = _language(plot)
    looks = _looks(plot.points)
    placed = [p for p in plot.points if p.mid is not None]
    ends = [float(x) for p in placed for x in (p.mid, p.low, p.high) if x is not None]
    low, high = min(ends), max(ends)
    if plot.kind == "quantity" and low > 0 and low < high * 0.5:
        low = 0.0  # a figure that grows from small reads truer from zero
    if high == low:
        pad = abs(high) * 0.1 or (3 if plot.kind == "date" else 1)
        low, high = low - pad, high + pad
    if plot.kind == "date":  # calendar ticks fall inside the range: give the range room around the dates
        room = (high - low) * 0.12
        low, high = low - room, high + room
        ticks = [(float(d), label) for d, label in _time_ticks(math.ceil(low), math.floor(high), 5)]
    else:
        ticks = [(t, _value_label(plot, t, lang)) for t in _value_ticks(low, high)]
    if ticks:
        low, high = min(low, ticks[0][0]), max(high, ticks[-1][0])
    margin = (high - low) * 0.06
    low, high = low - margin, high + margin

    left = max(_text_width(label) for _, label in ticks) + 14 if ticks else 40
    undated = [p for p in plot.points if p.days is None]
    right_edge = WIDTH - 12 - (UNDATED_WIDTH if undated else 0)
    top, bottom = 12.0, 12.0 + PLOT_HEIGHT
    days = [d for p in plot.points if p.days for d in p.days]
    first, last = (min(days), max(days)) if days else (0, 1)
    if last - first < 10:
        first, last = first - 15, last + 15
    day_pad = (last - first) * 0.04
    x_lo, x_hi = first - day_pad, last + day_pad

    def x_of(day: float) -> float:
        return left + (day - x_lo) / (x_hi - x_lo) * (right_edge - left)

    def y_of(v: float) -> float:
        return bottom - (v - low) / (high - low) * (bottom - top)

    out: list[str] = []
    # grid and axes
    for v, label in ticks:
        y = y_of(v)
        out.append(f'<line x1="{_fmt(left)}" x2="{_fmt(right_edge)}" y1="{_fmt(y)}" y2="{_fmt(y)}" '
                   f'stroke="{RULE}" stroke-width="1"/>')
        out.append(f'<text x="{_fmt(left - 6)}" y="{_fmt(y + 4)}" text-anchor="end">{_e(label)}</text>')
    out.append(f'<line x1="{_fmt(left)}" x2="{_fmt(right_edge)}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}"/>')
    if days:
        for d, label in _time_ticks(first, last):
            x = x_of(d)
            out.append(f'<line x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{bottom}" y2="{bottom + 4}" stroke="{MUTED}"/>')
            out.append(f'<text x="{_fmt(x)}" y="{bottom + 16}" text-anchor="middle">{_e(label)}</text>')

    # where each point goes
    spots: dict[int, tuple[float, float]] = {}
    column = right_edge + 8, WIDTH - 8
    for n, p in enumerate(undated):
        step = (column[1] - column[0]) / (len(undated) + 1)
        spots[p.claim.id] = (column[0] + step * (n + 1), 0.0)
    if undated:
        out.append(f'<line x1="{_fmt(right_edge + 4)}" x2="{_fmt(right_edge + 4)}" y1="{top}" y2="{bottom}" '
                   f'stroke="{RULE}" stroke-dasharray="3 3"/>')
        out.append(f'<text x="{_fmt((column[0] + column[1]) / 2)}" y="{bottom + 16}" '
                   f'text-anchor="middle">undated</text>')
    strip = bottom + 34
    apart = [p for p in plot.points if p.mid is None]
    if apart:
        out.append(f'<text x="{_fmt(left - 6)}" y="{strip + 4}" text-anchor="end" fill="{MUTED}">no figure</text>')
        out.append(f'<line x1="{_fmt(left)}" x2="{_fmt(WIDTH - 8)}" y1="{strip}" y2="{strip}" stroke="{RULE}" '
                   'stroke-dasharray="1 3"/>')
    for p in plot.points:
        x = spots[p.claim.id][0] if p.days is None else x_of(_mid_day(p))
        y = strip if p.mid is None else y_of(float(p.mid))
        spots[p.claim.id] = (x, y)
    _dodge(spots, [p.claim.id for p in plot.points if p.days is not None])

    # revisions of one origin, joined
    lines: dict[tuple[str, str | None], list[Point]] = {}
    for p in placed:
        if p.days is not None:
            lines.setdefault(p.origin, []).append(p)
    for group in lines.values():
        if len(group) < 2:
            continue
        look = looks[group[0].claim.source][0]
        path = " ".join(f"{_fmt(spots[p.claim.id][0])},{_fmt(spots[p.claim.id][1])}"
                        for p in sorted(group, key=_mid_day))
        out.append(f'<polyline class="revision" points="{path}" fill="none" stroke="{look.colour}" '
                   'stroke-width="1.5" stroke-opacity=".7"/>')

    # bars: what a value allows, and a period longer than a day
    for p in plot.points:
        x, y = spots[p.claim.id]
        colour = looks[p.claim.source][0].colour
        faded = ' stroke-opacity=".4"' if p.set_aside else ""
        if p.days is not None and p.days[1] > p.days[0]:
            out.append(f'<line class="period" x1="{_fmt(x_of(p.days[0]))}" x2="{_fmt(x_of(p.days[1] + 1))}" '
                       f'y1="{_fmt(y)}" y2="{_fmt(y)}" stroke="{colour}" stroke-width="2"{faded}/>')
        if p.mid is None or (p.low == p.mid == p.high):
            continue
        y1 = top if p.high is None else y_of(float(p.high))
        y2 = bottom if p.low is None else y_of(float(p.low))
        bound = p.low is None or p.high is None
        out.append(f'<line class="band" x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{_fmt(y1)}" y2="{_fmt(y2)}" '
                   f'stroke="{colour}" stroke-width="1.5"{faded}'
                   + (' stroke-dasharray="2 3"' if bound else "") + "/>")
        for end, open_ in ((y1, p.high is None), (y2, p.low is None)):
            if open_:
                tip = -1 if end == top else 1
                out.append(f'<path d="M{_fmt(x - 4)} {_fmt(end - 5 * tip)}L{_fmt(x)} {_fmt(end)}'
                           f'L{_fmt(x + 4)} {_fmt(end - 5 * tip)}" fill="none" stroke="{colour}"{faded}/>')
            else:
                out.append(f'<line x1="{_fmt(x - 4)}" x2="{_fmt(x + 4)}" y1="{_fmt(end)}" y2="{_fmt(end)}" '
                           f'stroke="{colour}"{faded}/>')

    # the marks, over the rings of those in an open contradiction (a ring never hides a mark)
    for p in plot.points:
        if p.disputed:
            x, y = spots[p.claim.id]
            out.append(f'<circle class="ring" cx="{_fmt(x)}" cy="{_fmt(y)}" r="8.5" fill="#fff" '
                       f'stroke="{DISPUTED}" stroke-width="1.75"/>')
    for p in plot.points:
        x, y = spots[p.claim.id]
        look = looks[p.claim.source][0]
        if p.set_aside:
            paint = f'fill="#fff" stroke="{look.colour}" stroke-width="1.5" opacity=".55"'
        else:
            paint = f'fill="{look.colour}" stroke="#fff" stroke-width="1"'
        if look.shape == "cross":
            paint = f'stroke="{look.colour}"' + (' opacity=".55"' if p.set_aside else "")
        state = " set-aside" if p.set_aside else ""
        state += " disputed" if p.disputed else ""
        state += " apart" if p.mid is None else ""
        out.append(
            f'<g class="mark{state}" data-claim="{p.claim.id}" transform="translate({_fmt(x)} {_fmt(y)})">'
            f"<title>{_e(_tooltip(p))}</title><g {paint}>{_shape(look.shape)}</g></g>"
        )

    # legend and notes
    y = (strip if apart else bottom) + 30
    x = 12.0
    legend: list[str] = []
    entries = [(look, name) for look, name in looks.values()]
    for look, name in entries:
        shown = _shorten(name, 40)
        width = 20 + _text_width(shown) + 18
        if x + width > WIDTH - 8 and x > 12:
            x, y = 12.0, y + 18
        paint = (f'stroke="{look.colour}" stroke-width="1"' if look.shape == "cross"
                 else f'fill="{look.colour}"')
        legend.append(f'<g transform="translate({_fmt(x + 6)} {_fmt(y - 4)})" {paint}>{_shape(look.shape, 4.5)}</g>'
                      f'<text x="{_fmt(x + 16)}" y="{_fmt(y)}"><title>{_e(name)}</title>{_e(shown)}</text>')
        x += width
    keys = []
    if any(p.disputed for p in plot.points):
        keys.append(("ring", "in an open contradiction"))
    if any(p.set_aside for p in plot.points):
        keys.append(("hollow", "set aside (superseded or marked wrong)"))
    if any(p.mid is not None and not (p.low == p.mid == p.high) for p in plot.points):
        keys.append(("bar", "approximate, a range, or a bound (arrow: open)"))
    if len(lines) < len(placed) and any(len(g) > 1 for g in lines.values()):
        keys.append(("line", "one source revising itself"))
    y += 20
    x = 12.0
    for sign, text in keys:
        width = 22 + _text_width(text) + 18
        if x + width > WIDTH - 8 and x > 12:
            x, y = 12.0, y + 18
        if sign == "ring":
            legend.append(f'<circle cx="{_fmt(x + 6)}" cy="{_fmt(y - 4)}" r="6" fill="none" stroke="{DISPUTED}" '
                          'stroke-width="2"/>')
        elif sign == "hollow":
            legend.append(f'<circle cx="{_fmt(x + 6)}" cy="{_fmt(y - 4)}" r="4.5" fill="#fff" stroke="{INK}" '
                          'opacity=".55"/>')
        elif sign == "bar":
            legend.append(f'<path d="M{_fmt(x + 6)} {_fmt(y - 11)}V{_fmt(y + 3)}M{_fmt(x + 2)} {_fmt(y - 11)}'
                          f'H{_fmt(x + 10)}M{_fmt(x + 2)} {_fmt(y + 3)}H{_fmt(x + 10)}" stroke="{INK}"/>')
        else:
            legend.append(f'<line x1="{_fmt(x)}" x2="{_fmt(x + 14)}" y1="{_fmt(y - 4)}" y2="{_fmt(y - 4)}" '
                          f'stroke="{INK}" stroke-width="1.5"/>')
        legend.append(f'<text x="{_fmt(x + 18)}" y="{_fmt(y)}" fill="{MUTED}">{_e(text)}</text>')
        x += width
    notes = _notes(plot, lang)
    for note in notes:
        y += 18
        legend.append(f'<text x="12" y="{_fmt(y)}" fill="{MUTED}">{_e(note)}</text>')
    height = y + 12
    name = title or f"{plot.key}: {len(plot.points)} claims over time"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {_fmt(height)}" '
        f'width="{WIDTH}" height="{_fmt(height)}" role="img" font-size="{FONT}" fill="{INK}" '
        'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, \'Hiragino Sans\', \'Noto Sans CJK JP\', '
        'sans-serif">'
        f"<title>{_e(name)}</title>"
        + "".join(out) + "".join(legend) + "</svg>"
    )


def _dodge(spots: dict[int, tuple[float, float]], ids: list[int], gap: float = 8) -> None:
    """Spread marks drawn closer than ``gap`` apart across, keeping their left-to-right
    order: claims of one day stay side by side instead of on top of each other."""
    order = sorted(ids, key=lambda i: spots[i][0])
    cluster: list[int] = []
    for i in [*order, None]:
        if i is not None and cluster and spots[i][0] - spots[cluster[-1]][0] < gap:
            cluster.append(i)
            continue
        if len(cluster) > 1:
            centre = sum(spots[c][0] for c in cluster) / len(cluster)
            for n, c in enumerate(cluster):
                spots[c] = (centre + (n - (len(cluster) - 1) / 2) * gap, spots[c][1])
        cluster = [i] if i is not None else []


def _notes(plot: Plot, lang: str) -> list[str]:
    """The lines under the legend: the unit, conversions, and claims with no place on the value axis."""
    notes = []
    converted = sorted({p.rate.base for p in plot.points if p.rate is not None})
    if plot.kind == "quantity" and plot.unit:
        unit = f"in {plot.unit}" + (f"; {', '.join(converted)} converted at the rate of each claim's date"
                                    if converted else "")
        notes.append(unit)
    apart = [p for p in plot.points if p.mid is None]
    if apart:
        told = "; ".join(f"#{p.claim.id} {p.why}" for p in apart[:8])
        more = f"; and {len(apart) - 8} more" if len(apart) > 8 else ""
        for line in _wrap(f"No figure on this axis: {told}{more}", WIDTH - 24):
            notes.append(line)
    return notes


def _wrap(text: str, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if line and _text_width(trial) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


# -- the terminal --------------------------------------------------------------

TERMINAL_ROWS = 8


def terminal_chart(console: Console, plot: Plot, *, least: int = 3) -> bool:
    """A compact chart of the dated, placed points, in a terminal only (never in
    a pipe or under NO_COLOR), when there are at least ``least`` of them. Says
    whether it drew."""
    rich = as_rich(console)
    points = [p for p in plot.points if p.placed]
    if rich is None or len(points) < least:
        return False
    from rich.text import Text

    lang = _language(plot)
    looks = _looks(plot.points)
    values = [float(p.mid) for p in points if p.mid is not None]
    low, high = min(values), max(values)
    labels = (_value_label(plot, high, lang), _value_label(plot, low, lang))
    pad = max(_width(label) for label in labels) + 1
    cols = max(20, min(64, rich.width - pad - 2))
    days = [_mid_day(p) for p in points]
    first, last = min(days), max(days)
    grid: list[list[tuple[str, str] | None]] = [[None] * cols for _ in range(TERMINAL_ROWS)]
    for p, day in zip(points, days, strict=True):
        col = 0 if last == first else round((day - first) / (last - first) * (cols - 1))
        assert p.mid is not None
        row = 0 if high == low else round((high - float(p.mid)) / (high - low) * (TERMINAL_ROWS - 1))
        look = looks[p.claim.source][0]
        style = look.terminal + (" dim" if p.set_aside else "") + (" bold underline" if p.disputed else "")
        # A cell holds one mark: a claim landing on a taken one goes to the nearest free cell of its row.
        free = [c for c in sorted(range(cols), key=lambda c: (abs(c - col), c)) if grid[row][c] is None]
        if free:
            grid[row][free[0]] = (look.glyph, style)
    for r, cells in enumerate(grid):
        label = labels[0] if r == 0 else labels[1] if r == TERMINAL_ROWS - 1 else ""
        line = Text(" " * (pad - _width(label)) + label + " │", style="dim")
        for cell in cells:
            line.append(cell[0] if cell else " ", style=cell[1] if cell else "")
        rich.print(line, soft_wrap=True)
    start, end = date.fromordinal(math.floor(first)).isoformat(), date.fromordinal(math.floor(last)).isoformat()
    axis = Text(" " * pad + " └" + "─" * cols, style="dim")
    rich.print(axis, soft_wrap=True)
    gap = max(1, cols - len(start) - len(end))
    rich.print(Text(" " * (pad + 2) + start + " " * gap + end, style="dim"), soft_wrap=True)
    entries = [(look.glyph + " ", look.terminal, _visible(name)) for look, name in looks.values()]
    if any(p.disputed for p in points):
        entries.append(("", "dim", "underlined: in an open contradiction"))
    if any(p.set_aside for p in points):
        entries.append(("", "dim", "dim: set aside"))
    indent = " " * (pad + 2)
    line, used = Text(indent), pad + 2
    for glyph, style, text in entries:
        width = _width(glyph) + _width(text) + 3
        if used > pad + 2 and used + width > rich.width:
            rich.print(line, soft_wrap=True)
            line, used = Text(indent), pad + 2
        line.append(glyph, style=style)
        line.append(text + "   ", style="dim" if not glyph else "")
        used += width
    rich.print(line, soft_wrap=True)
    rich.print()
    return True


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

