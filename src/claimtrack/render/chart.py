"""Timeline charts: a key's figure over time, as inline SVG and in the terminal.

Draws a :class:`claimtrack.domain.plot.Plot`; never queries a database, and
decides nothing about where a claim belongs (the plot did). The SVG has no
script, no external reference and no font of its own; every piece of text
from a claim is escaped, and characters XML cannot carry (control codes) or
that would reorder a line (bidi overrides) are shown as ``\\x1b``-style text.

The picture (:func:`svg`), 600 units wide, scaling with its container:

- x is the time a claim speaks about, y its value in the series' one unit;
  tick labels are ISO dates and values written the way the claims write them
  (``1500億円`` for a Japanese key in yen, ``USD 500B`` for an English one),
  with as many decimals as it takes to tell ticks apart;
- one mark per claim, its shape and colour by source, with a legend (twelve
  shapes: the chart survives black-and-white printing up to twelve sources);
- an approximate value or a range is a vertical bar, a bound runs to the
  plot's edge and ends in an arrow, and a time longer than a day (a month, a
  fiscal year) is a horizontal bar across it;
- the claims of one origin (source and speaker) are joined by a line: how it
  revised itself;
- a claim in an open contradiction is ringed; a claim set aside (superseded,
  marked wrong) is hollow and faded, and so are the lines to it;
- marks that would cover one another stand side by side (moved right, by at
  most four marks' width, never out of the plot);
- undated claims stand in a column of their own at the right, and claims
  with no place on the value axis (no value, a denial, another unit) on a
  strip below it, each with a tooltip saying why.

Each mark is a ``<g class="mark" data-claim="ID">`` translated to its
position, so tests (and scripts) can read where a claim was drawn.
"""

from __future__ import annotations

import bisect
import html
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal

from claimtrack.domain.money import is_currency
from claimtrack.domain.plot import Plot, Point
from claimtrack.render.console import Console, as_rich, visible

__all__ = ["WIDTH", "compact", "svg", "terminal_chart"]

WIDTH = 600
FONT = 11
PLOT_HEIGHT = 220
UNDATED_WIDTH = 56
#: Okabe and Ito's palette for colour-blind readers (without its yellow, too pale on white).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
SHAPES = ("circle", "square", "triangle", "diamond", "down", "plus", "cross", "star",
          "pentagon", "hexagon", "bowtie", "hourglass")
#: The terminal's marks, in the order of SHAPES.
GLYPHS = "●■▲◆▼✚✖★⬟⬢⧓⧗"
TERMINAL_COLOURS = ("blue", "red", "green", "magenta", "yellow", "cyan", "white")
DISPUTED = "#b3261e"
INK = "#1d1d1f"
MUTED = "#5f6368"
RULE = "#d9d9de"

def _e(text: object) -> str:
    return html.escape(visible(str(text)), quote=True)


def _text_width(text: str, size: float = FONT) -> float:
    """About how wide a line of text is drawn: wide (CJK) characters one em, others 0.6."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- numbers as the claims write them -----------------------------------------

_JA_UNITS = {"JPY": "円", "USD": "ドル", "EUR": "ユーロ", "CNY": "元", "KRW": "ウォン", "GBP": "ポンド",
             "people": "人", "countries": "か国", "countries and regions": "か国・地域", "companies": "社",
             "households": "世帯", "cases": "件", "seats": "議席", "votes": "票"}
_JA_STEPS = ((Decimal("1e12"), "兆"), (Decimal("1e8"), "億"), (Decimal("1e4"), "万"))
_EN_STEPS = ((Decimal("1e12"), "T"), (Decimal("1e9"), "B"), (Decimal("1e6"), "M"), (Decimal("1e3"), "K"))
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def _trim(d: Decimal, decimals: int | None = None) -> str:
    """A number with ``decimals`` places (by default: four significant digits,
    at most two places from 1 up), without trailing zeros, at any size."""
    if decimals is None:
        decimals = max(0, 3 - d.adjusted()) if d.adjusted() < 0 else min(2, max(0, 3 - d.adjusted()))
    decimals = min(decimals, 12)
    exact = Context(prec=max(28, d.adjusted() + decimals + 3))
    d = d.quantize(Decimal(1).scaleb(-decimals), context=exact)
    text = format(d.normalize(exact), "f") if d != d.to_integral_value(context=exact) else format(
        d.to_integral_value(context=exact), "f")
    return text.replace("-", "\u2212")


def compact(amount: Decimal, unit: str | None, lang: str = "en", step: Decimal | None = None) -> str:
    """An axis label: ``1500億円`` and ``2500万人`` in Japanese, ``JPY 150B`` and
    ``25M people`` in English, ``50%`` in both. With ``step`` (the distance
    between ticks), as many decimals as it takes to tell the ticks apart."""
    scale, word = Decimal(1), ""
    if unit != "%":
        for size, name in _JA_STEPS if lang == "ja" else _EN_STEPS:
            if abs(amount) >= size:
                scale, word = size, name
                break
    decimals = None
    if step is not None and step > 0:
        decimals = max(0, -(step / scale).adjusted())
    number = _trim(amount / scale, decimals) + word
    if unit == "%":
        return number + "%"
    if lang == "ja":
        return number + _JA_UNITS.get(unit or "", unit or "")
    if unit is None:
        return number
    return f"{unit} {number}" if is_currency(unit) else f"{number} {unit}"


def _language(plot: Plot) -> str:
    """``ja`` when most placed values are written in Japanese (those set aside count only when all are)."""
    valued = [p for p in plot.points if p.mid is not None]
    speaking = [p for p in valued if not p.set_aside] or valued
    raws = [p.claim.value.raw for p in speaking if p.claim.value is not None]
    japanese = sum(1 for raw in raws if _JAPANESE.search(raw))
    return "ja" if raws and japanese * 2 > len(raws) else "en"


# -- ticks ---------------------------------------------------------------------

#: The days a date can be (Python's calendar): a range is clamped to them.
_FIRST_DAY, _LAST_DAY = date.min.toordinal(), date.max.toordinal()


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _value_ticks(low: float, high: float, count: int = 5) -> tuple[list[float], float]:
    """Round numbers from at or below ``low`` to at or above ``high``, and their step."""
    step = _nice_step(high - low, count)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [k * step for k in range(first, last + 1)], step


def _day(ordinal: float) -> date:
    return date.fromordinal(min(max(math.floor(ordinal), _FIRST_DAY), _LAST_DAY))


def _time_ticks(first: int, last: int, room: int = 6) -> list[tuple[int, str]]:
    """Ticks for a span of days (ordinals), labelled in ISO at their precision."""
    first, last = max(first, _FIRST_DAY), min(last, _LAST_DAY)
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
        while (y, m) <= (end.year, end.month):
            d = date(y, m, 1)
            if d.toordinal() >= first and (m - 1) % step == 0:
                out.append((d.toordinal(), f"{y:04d}-{m:02d}"))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    years = end.year - start.year
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if years / s <= room), 10000)
    return [(date(y, 1, 1).toordinal(), f"{y:04d}") for y in range(start.year, end.year + 1)
            if y % step == 0 and first <= date(y, 1, 1).toordinal() <= last]


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


def _polygon(corners: int, r: float, turn: float = 0) -> str:
    points = []
    for k in range(corners):
        angle = 2 * math.pi * k / corners - math.pi / 2 + turn
        points.append(f"{_fmt(r * math.cos(angle))},{_fmt(r * math.sin(angle))}")
    return f'<polygon points="{" ".join(points)}"/>'


def _shape(shape: str, r: float = 5) -> str:
    """An SVG element for a mark centred on 0,0 (fill and stroke set by the caller's group)."""
    a, b = _fmt(r), _fmt(-r)
    if shape == "circle":
        return f'<circle r="{a}"/>'
    if shape == "square":
        return f'<rect x="{_fmt(-r * 0.9)}" y="{_fmt(-r * 0.9)}" width="{_fmt(r * 1.8)}" height="{_fmt(r * 1.8)}"/>'
    if shape in ("triangle", "down"):
        tip = -1 if shape == "triangle" else 1
        return f'<path d="M0 {_fmt(tip * r * 1.15)}L{_fmt(r * 1.05)} {_fmt(-tip * r * 0.8)}H{_fmt(-r * 1.05)}Z"/>'
    if shape == "diamond":
        return _polygon(4, r * 1.25)
    if shape == "plus":
        c, d = _fmt(r * 1.1), _fmt(r * 0.4)
        return f'<path d="M-{d} -{c}H{d}V-{d}H{c}V{d}H{d}V{c}H-{d}V{d}H-{c}V-{d}H-{d}Z"/>'
    if shape == "cross":
        return f'<path d="M{b} {b}L{a} {a}M{b} {a}L{a} {b}" stroke-width="3" fill="none"/>'
    if shape == "pentagon":
        return _polygon(5, r * 1.15)
    if shape == "hexagon":
        return _polygon(6, r * 1.1, math.pi / 6)
    if shape == "bowtie":
        return f'<path d="M{b} {b}L{a} {a}V{b}L{b} {a}Z"/>'
    if shape == "hourglass":
        return f'<path d="M{b} {b}H{a}L{b} {a}H{a}Z"/>'
    corners = []  # a five-pointed star
    for k in range(10):
        radius = r * 1.3 if k % 2 == 0 else r * 0.55
        angle = math.pi / 5 * k - math.pi / 2
        corners.append(f"{_fmt(radius * math.cos(angle))},{_fmt(radius * math.sin(angle))}")
    return f'<polygon points="{" ".join(corners)}"/>'


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _value_label(plot: Plot, v: float, lang: str, step: float | None = None) -> str:
    if plot.kind == "date":
        return _day(v).isoformat()
    return compact(Decimal(repr(v)), plot.unit, lang, Decimal(repr(step)) if step else None)


def _mid_day(p: Point) -> float:
    """The middle of the days a claim speaks about (a day's mark sits mid-day)."""
    assert p.days is not None
    return (p.days[0] + p.days[1] + 1) / 2


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


#: Marks closer than this (in x, and in y) are moved apart along x.
_GAP_X, _GAP_Y = 9.0, 10.0
#: How many neighbours a mark looks at, and how many times it moves, before it
#: stays where it is: in a crowd of thousands, marks cover one another anyway.
_LOOK = 16


def _spread(spots: dict[int, tuple[float, float]], ids: list[int], right: float) -> None:
    """Move marks that would cover earlier ones to the right, by at most four
    marks' width and never past ``right``: claims of one day stand side by
    side in their order. ``ids`` in timeline order."""
    bands: dict[int, list[tuple[float, float]]] = {}  # marks placed, by band of height _GAP_Y, in x order

    def taken(x: float, y: float) -> float | None:
        """The x of a placed mark this one would cover, if any."""
        band = math.floor(y / _GAP_Y)
        for near in (band - 1, band, band + 1):
            row = bands.get(near, [])
            k = bisect.bisect_right(row, (x - _GAP_X, math.inf))
            for near_x, near_y in row[k:k + _LOOK]:  # a crowd is a crowd: looking further costs n²
                if near_x >= x + _GAP_X:
                    break
                if abs(near_y - y) < _GAP_Y:
                    return near_x
        return None

    for i in ids:
        x, y = spots[i]
        limit = min(x + 4 * _GAP_X, right)
        moved = x
        for _ in range(_LOOK):
            hit = taken(moved, y) if moved < limit else None
            if hit is None:
                break
            moved = min(max(hit, moved) + _GAP_X, limit)
        spots[i] = (moved, y)
        bisect.insort(bands.setdefault(math.floor(y / _GAP_Y), []), (moved, y))


def svg(plot: Plot, *, title: str | None = None) -> str:
    """The chart as one ``<svg>`` element (see the module docstring); "" when
    no claim has both a time and a value."""
    if not plot.worth_drawing:
        return ""
    lang = _language(plot)
    looks = _looks(plot.points)
    valued = [p for p in plot.points if p.mid is not None]
    ends = [float(x) for p in valued for x in (p.mid, p.low, p.high) if x is not None]
    low, high = min(ends), max(ends)
    if plot.kind == "quantity" and 0 < low < high * 0.5:
        low = 0.0  # a figure that grows from small reads truer from zero
    if high == low:
        pad = abs(high) * 0.1 or (3 if plot.kind == "date" else 1)
        low, high = low - pad, high + pad
    if plot.kind == "date":  # calendar ticks fall inside the range: give the range room around the dates
        room = (high - low) * 0.12
        low, high = max(low - room, _FIRST_DAY), min(high + room, _LAST_DAY)
        ticks = [(float(d), label) for d, label in _time_ticks(math.ceil(low), math.floor(high), 5)]
    else:
        values, step = _value_ticks(low, high)
        ticks = [(t, _value_label(plot, t, lang, step)) for t in values]
        low, high = min(low, values[0]), max(high, values[-1])
    margin = (high - low) * 0.06
    low, high = low - margin, high + margin

    apart = [p for p in plot.points if p.mid is None]
    labels = [label for _, label in ticks] + (["no figure"] if apart else [])
    left = max((_text_width(label) for label in labels), default=30) + 14
    undated = [p for p in plot.points if p.days is None]
    right_edge = WIDTH - 12 - (UNDATED_WIDTH if undated else 0)
    top, bottom = 12.0, 12.0 + PLOT_HEIGHT
    days = [d for p in plot.points if p.days for d in (p.days[0], p.days[1] + 1)]
    first, last = (min(days), max(days)) if days else (0, 1)
    if last - first < 10:
        first, last = first - 15, last + 15
    # Room at the right for claims of the last day to stand side by side (see _spread).
    x_lo, x_hi = first - (last - first) * 0.04, last + (last - first) * 0.1

    def x_of(day: float) -> float:
        return left + (day - x_lo) / (x_hi - x_lo) * (right_edge - left)

    def y_of(v: float) -> float:
        return bottom - (v - low) / (high - low) * (bottom - top)

    out: list[str] = []
    for v, label in ticks:
        y = y_of(v)
        out.append(f'<line x1="{_fmt(left)}" x2="{_fmt(right_edge)}" y1="{_fmt(y)}" y2="{_fmt(y)}" '
                   f'stroke="{RULE}" stroke-width="1"/>')
        out.append(f'<text x="{_fmt(left - 6)}" y="{_fmt(y + 4)}" text-anchor="end">{_e(label)}</text>')
    out.append(f'<line x1="{_fmt(left)}" x2="{_fmt(right_edge)}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}"/>')
    if any(p.days for p in plot.points):
        for d, label in _time_ticks(math.ceil(x_lo), math.floor(x_hi)):
            x = x_of(d)
            out.append(f'<line x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{bottom}" y2="{bottom + 4}" stroke="{MUTED}"/>')
            out.append(f'<text x="{_fmt(x)}" y="{bottom + 16}" text-anchor="middle">{_e(label)}</text>')

    # where each mark goes
    strip = bottom + 34
    spots: dict[int, tuple[float, float]] = {}
    column = right_edge + 8, WIDTH - 8
    if undated:
        out.append(f'<line x1="{_fmt(right_edge + 4)}" x2="{_fmt(right_edge + 4)}" y1="{top}" y2="{bottom}" '
                   f'stroke="{RULE}" stroke-dasharray="3 3"/>')
        out.append(f'<text x="{_fmt((column[0] + column[1]) / 2)}" y="{bottom + 16}" '
                   f'text-anchor="middle">undated</text>')
    if apart:
        out.append(f'<text x="{_fmt(left - 6)}" y="{strip + 4}" text-anchor="end" fill="{MUTED}">no figure</text>')
        out.append(f'<line x1="{_fmt(left)}" x2="{_fmt(WIDTH - 8)}" y1="{strip}" y2="{strip}" stroke="{RULE}" '
                   'stroke-dasharray="1 3"/>')
    for n, p in enumerate(undated):
        spots[p.claim.id] = (column[0] + (column[1] - column[0]) * (n + 1) / (len(undated) + 1), 0.0)
    for p in plot.points:
        x = spots[p.claim.id][0] if p.days is None else x_of(_mid_day(p))
        spots[p.claim.id] = (x, strip if p.mid is None else y_of(float(p.mid)))
    _spread(spots, [p.claim.id for p in plot.points if p.days is not None], right_edge - 4)

    # revisions of one origin, joined; a step to or from a claim set aside is faded
    lines: dict[tuple[str, str | None], list[Point]] = {}
    for p in valued:
        if p.days is not None:
            lines.setdefault(p.origin, []).append(p)
    joined = False
    for group in lines.values():
        ordered = sorted(group, key=_mid_day)
        colour = looks[group[0].claim.source][0].colour
        for a, b in itertools.pairwise(ordered):
            (x1, y1), (x2, y2) = spots[a.claim.id], spots[b.claim.id]
            faded = ' stroke-opacity=".35" stroke-dasharray="3 2"' if a.set_aside or b.set_aside else (
                ' stroke-opacity=".7"')
            out.append(f'<line class="revision" x1="{_fmt(x1)}" y1="{_fmt(y1)}" x2="{_fmt(x2)}" y2="{_fmt(y2)}" '
                       f'stroke="{colour}" stroke-width="1.5"{faded}/>')
            joined = True

    # bars: what a value allows, and a time longer than a day
    periods = False
    for p in plot.points:
        x, y = spots[p.claim.id]
        colour = looks[p.claim.source][0].colour
        faded = ' stroke-opacity=".4"' if p.set_aside else ""
        if p.days is not None and p.days[1] > p.days[0]:
            periods = True
            out.append(f'<line class="period" x1="{_fmt(x_of(p.days[0]))}" x2="{_fmt(x_of(p.days[1] + 1))}" '
                       f'y1="{_fmt(y)}" y2="{_fmt(y)}" stroke="{colour}" stroke-width="2"{faded}/>')
        if p.mid is None or (p.low == p.mid == p.high):
            continue
        y1 = top if p.high is None else y_of(float(p.high))
        y2 = bottom if p.low is None else y_of(float(p.low))
        dashed = ' stroke-dasharray="2 3"' if p.low is None or p.high is None else ""
        out.append(f'<line class="band" x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{_fmt(y1)}" y2="{_fmt(y2)}" '
                   f'stroke="{colour}" stroke-width="1.5"{faded}{dashed}/>')
        for end, open_ in ((y1, p.high is None), (y2, p.low is None)):
            if open_:
                tip = -1 if end == top else 1
                out.append(f'<path class="open" d="M{_fmt(x - 4)} {_fmt(end - 5 * tip)}L{_fmt(x)} {_fmt(end)}'
                           f'L{_fmt(x + 4)} {_fmt(end - 5 * tip)}" fill="none" stroke="{colour}"{faded}/>')
            else:
                out.append(f'<line class="cap" x1="{_fmt(x - 4)}" x2="{_fmt(x + 4)}" y1="{_fmt(end)}" '
                           f'y2="{_fmt(end)}" stroke="{colour}"{faded}/>')

    # the marks, over the rings of those in an open contradiction (a ring never hides a mark)
    for p in plot.points:
        if p.disputed:
            x, y = spots[p.claim.id]
            out.append(f'<circle class="ring" cx="{_fmt(x)}" cy="{_fmt(y)}" r="7.5" fill="#fff" '
                       f'stroke="{DISPUTED}" stroke-width="1.75"/>')
    for p in plot.points:
        x, y = spots[p.claim.id]
        look = looks[p.claim.source][0]
        if look.shape == "cross":
            paint = f'stroke="{look.colour}"' + (' opacity=".45" stroke-dasharray="2 1.5"' if p.set_aside else "")
        elif p.set_aside:
            paint = f'fill="#fff" stroke="{look.colour}" stroke-width="1.5" opacity=".55"'
        else:
            paint = f'fill="{look.colour}" stroke="#fff" stroke-width="1"'
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
    for look, name in looks.values():
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
    if periods:
        keys.append(("period", "a time longer than a day (a month, a year, as of)"))
    if joined:
        keys.append(("line", "one source revising itself"))
    if keys:
        y += 20
        x = 12.0
    for sign, text in keys:
        width = 22 + _text_width(text) + 18
        if x + width > WIDTH - 8 and x > 12:
            x, y = 12.0, y + 18
        legend.append(_legend_sign(sign, x, y))
        legend.append(f'<text x="{_fmt(x + 18)}" y="{_fmt(y)}" fill="{MUTED}">{_e(text)}</text>')
        x += width
    for note in _notes(plot):
        y += 18
        legend.append(f'<text x="12" y="{_fmt(y)}" fill="{MUTED}">{_e(note)}</text>')
    height = y + 12
    name = title or f"{plot.key}: {_plural(len(plot.points), 'claim')} over time"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {_fmt(height)}" '
        f'width="{WIDTH}" height="{_fmt(height)}" role="img" font-size="{FONT}" fill="{INK}" '
        'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, \'Hiragino Sans\', \'Noto Sans CJK JP\', '
        'sans-serif">'
        f"<title>{_e(name)}</title>"
        + "".join(out) + "".join(legend) + "</svg>"
    )


def _legend_sign(sign: str, x: float, y: float) -> str:
    cx, cy = _fmt(x + 6), _fmt(y - 4)
    if sign == "ring":
        return f'<circle cx="{cx}" cy="{cy}" r="6" fill="none" stroke="{DISPUTED}" stroke-width="1.75"/>'
    if sign == "hollow":
        return f'<circle cx="{cx}" cy="{cy}" r="4.5" fill="#fff" stroke="{INK}" opacity=".55"/>'
    if sign == "bar":
        return (f'<path d="M{cx} {_fmt(y - 11)}V{_fmt(y + 3)}M{_fmt(x + 2)} {_fmt(y - 11)}H{_fmt(x + 10)}'
                f'M{_fmt(x + 2)} {_fmt(y + 3)}H{_fmt(x + 10)}" stroke="{INK}"/>')
    width = "2" if sign == "period" else "1.5"
    return f'<line x1="{_fmt(x)}" x2="{_fmt(x + 14)}" y1="{cy}" y2="{cy}" stroke="{INK}" stroke-width="{width}"/>'


def _notes(plot: Plot) -> list[str]:
    """The lines under the legend: the unit, conversions, and claims with no place on the value axis."""
    notes = []
    converted = sorted({p.rate.base for p in plot.points if p.rate is not None})
    if plot.kind == "quantity" and plot.unit:
        notes.append(f"in {plot.unit}" + (f"; {', '.join(converted)} converted at the rate of each claim's date"
                                           if converted else ""))
    apart = [p for p in plot.points if p.mid is None]
    if apart:
        told = "; ".join(f"#{p.claim.id} {p.why}" for p in apart[:8])
        more = f"; and {len(apart) - 8} more" if len(apart) > 8 else ""
        notes.extend(_wrap(f"No figure on this axis: {told}{more}", WIDTH - 24))
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
#: Columns kept free at the right of the terminal chart, so that claims of the
#: last day can stand side by side in their order.
_ROOM = 3


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
    looks = _looks(points)
    values = [float(p.mid) for p in points if p.mid is not None]
    low, high = min(values), max(values)
    labels = (_value_label(plot, high, lang), _value_label(plot, low, lang))
    pad = max(_width(label) for label in labels) + 1
    cols = max(20, min(64, rich.width - pad - 2))
    days = [_mid_day(p) for p in points]
    first, last = min(days), max(days)
    span = cols - 1 - _ROOM
    grid: list[list[tuple[str, str] | None]] = [[None] * cols for _ in range(TERMINAL_ROWS)]
    for p, day in zip(points, days, strict=True):
        col = 0 if last == first else round((day - first) / (last - first) * span)
        assert p.mid is not None
        row = 0 if high == low else round((high - float(p.mid)) / (high - low) * (TERMINAL_ROWS - 1))
        look = looks[p.claim.source][0]
        style = look.terminal + (" dim" if p.set_aside else "") + (" bold underline" if p.disputed else "")
        # A cell holds one mark: a claim landing on a taken one moves right (later), else left.
        free = [c for c in [*range(col, cols), *range(col - 1, -1, -1)] if grid[row][c] is None]
        if free:
            grid[row][free[0]] = (look.glyph, style)
    for r, cells in enumerate(grid):
        label = labels[0] if r == 0 else labels[1] if r == TERMINAL_ROWS - 1 else ""
        line = Text(" " * (pad - _width(label)) + label + " │", style="dim")
        for cell in cells:
            line.append(cell[0] if cell else " ", style=cell[1] if cell else "")
        rich.print(line, soft_wrap=True)
    rich.print(Text(" " * pad + " └" + "─" * cols, style="dim"), soft_wrap=True)
    start = _day(min(p.days[0] for p in points if p.days)).isoformat()
    end = _day(max(p.days[1] for p in points if p.days)).isoformat()
    gap = max(1, span + 1 - len(start) - len(end))
    rich.print(Text(" " * (pad + 2) + start + " " * gap + end, style="dim"), soft_wrap=True)
    entries = [(look.glyph + " ", look.terminal, _shorten(name, 40)) for look, name in looks.values()]
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
