"""Timeline charts: where claims are placed (domain/plot.py) and how they are drawn (render/chart.py),
read back as a picture (SVG parsed as XML, marks by position) and as data."""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from claimtrack.domain.intervals import CheckConfig
from claimtrack.domain.model import Claim, Standing
from claimtrack.domain.money import PinnedRates, Rate
from claimtrack.domain.plot import plot
from claimtrack.domain.values import parse_value
from claimtrack.render.chart import compact, svg, terminal_chart

KEY = "expo/venue-cost"
SVG = "{http://www.w3.org/2000/svg}"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def claim(id: int, value: str | None, on: str | None = "2025-01-01", *, source: str = "asahi",
          name: str | None = None, **kw) -> Claim:
    return Claim(
        id=id, key=KEY, text=f"claim {id}", source=source, source_name=name or source.title(),
        claimed_on=on, value=parse_value(value) if value else None, recorded_at=f"2025-01-01T00:00:{id:02d}", **kw,
    )


def marks(drawing: str) -> dict[int, tuple[float, float]]:
    """Where each claim was drawn, read from the parsed SVG."""
    root = ET.fromstring(drawing)
    out = {}
    for g in root.iter(SVG + "g"):
        if "mark" in g.get("class", "").split():
            x, y = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\)", g.get("transform", "")).groups()
            assert int(g.get("data-claim")) not in out, "one mark per claim"
            out[int(g.get("data-claim"))] = (float(x), float(y))
    return out


def mark_classes(drawing: str) -> dict[int, set[str]]:
    root = ET.fromstring(drawing)
    return {int(g.get("data-claim")): set(g.get("class").split()) for g in root.iter(SVG + "g")
            if "mark" in g.get("class", "").split()}


# -- placing claims -------------------------------------------------------------


def test_one_figure_in_two_languages_is_one_height():
    p = plot(KEY, [claim(1, "5000億ドル", "2025-02-19"), claim(2, "$500B", "2025-02-20", source="jiji")])
    assert p.kind == "quantity" and p.unit == "USD"
    assert [pt.mid for pt in p.points] == [Decimal("5E+11"), Decimal("5E+11")]
    heights = {y for _, y in marks(svg(p)).values()}
    assert len(heights) == 1


def test_people_and_visitors_are_one_series():
    p = plot(KEY, [claim(1, "2820万人", "2025-10-01"), claim(2, "18.2 million visitors", "2025-10-02")])
    assert p.unit == "people" and all(pt.placed for pt in p.points)


def test_another_currency_is_converted_at_the_rate_as_the_report_converts_it():
    config = CheckConfig(rates=PinnedRates((Rate("USD", "JPY", Decimal("150"), source="pinned"),)))
    p = plot(KEY, [claim(1, "1850億円", "2020-12-21"), claim(2, "2350億円", "2023-10-20"),
                   claim(3, "$1.6 billion", "2023-10-20", source="reuters")], config)
    assert p.unit == "JPY"
    reuters = p.points[-1]
    assert reuters.mid == Decimal("2.4E+11") and reuters.rate is not None
    assert "converted at the rate" in svg(p)


def test_without_a_rate_the_claim_stays_a_mark_with_the_reason():
    p = plot(KEY, [claim(1, "1850億円"), claim(2, "2350億円"), claim(3, "$1.6 billion", source="reuters")])
    reuters = p.points[-1]
    assert not reuters.placed and reuters.why == "no rate USD→JPY 2025-01-01"
    drawing = svg(p)
    assert set(marks(drawing)) == {1, 2, 3} and "apart" in mark_classes(drawing)[3]
    assert "#3 no rate USD→JPY 2025-01-01" in drawing


def test_a_tenfold_error_is_drawn_ten_times_as_high():
    p = plot(KEY, [claim(1, "2350億円", "2023-10-20"), claim(2, "2兆3500億円", "2023-10-21", source="blog")])
    spots = marks(svg(p))
    zero = _y_of_tick(svg(p), "0円")
    assert (zero - spots[2][1]) == pytest.approx(10 * (zero - spots[1][1]), rel=0.01)


def _y_of_tick(drawing: str, label: str) -> float:
    root = ET.fromstring(drawing)
    for text in root.iter(SVG + "text"):
        if text.text == label:
            return float(text.get("y")) - 4
    raise AssertionError(f"no tick {label}")


def test_as_of_places_a_claim_in_time_before_its_date():
    p = plot(KEY, [claim(1, "100億円", "2025-06-01"), claim(2, "120億円", "2025-06-01", as_of="2024-12")])
    assert p.points[1].days == (_ordinal("2024-12-01"), _ordinal("2024-12-31"))
    spots = marks(svg(p))
    assert spots[2][0] < spots[1][0]


def _ordinal(text: str) -> int:
    from datetime import date

    return date.fromisoformat(text).toordinal()


def test_bounds_are_open_and_approximate_values_have_a_band():
    p = plot(KEY, [claim(1, "最大2350億円"), claim(2, "約2300億円"), claim(3, "more than 25 billion yen")])
    upto, about, more = p.points
    assert (upto.low, upto.high) == (None, Decimal("2.35E+11"))
    assert about.approx and about.low < about.mid < about.high
    assert more.high is None and more.low is not None
    drawing = svg(p)
    assert drawing.count('class="band"') == 3 and "arrow: open" in drawing


def test_a_date_series_is_drawn_in_days():
    p = plot(KEY, [claim(1, "2025年4月13日", "2025-04-13"), claim(2, "2025年4月12日", "2025-04-14", source="blog")])
    assert p.kind == "date"
    spots = marks(svg(p))
    assert spots[1][1] < spots[2][1], "the later date is drawn higher"
    assert "2025-04-13" in svg(p)


def test_what_cannot_be_placed_still_has_a_mark_and_says_why():
    claims = [
        claim(1, "1250億円", "2018-11-24"), claim(2, "1850億円", "2020-12-21"),
        claim(3, None, "2021-01-01"), claim(4, "50%", "2021-02-01"),
        claim(5, "1850億円", "2021-03-01", stance="denies"), claim(6, "2300億円", None),
    ]
    p = plot(KEY, claims)
    why = {pt.claim.id: pt.why for pt in p.points}
    assert why == {1: "", 2: "", 3: "no value", 4: "another unit (%)", 5: "a denial", 6: ""}
    drawing = svg(p)
    spots = marks(drawing)
    assert set(spots) == {1, 2, 3, 4, 5, 6}
    assert spots[6][0] > max(x for i, (x, _) in spots.items() if i != 6), "undated: the column on the right"
    assert spots[3][1] == spots[4][1] == spots[5][1] > spots[1][1], "no figure: the strip below the plot"
    assert ">undated<" in drawing and ">no figure<" in drawing


# -- the picture -----------------------------------------------------------------


def test_higher_values_are_drawn_higher_and_later_dates_further_right():
    values = ["1250億円", "1850億円", "2300億円", "2350億円", "900億円"]
    days = ["2018-11-24", "2020-12-21", "2023-10-19", "2024-03-01", "2025-06-30"]
    p = plot(KEY, [claim(i + 1, v, d, source=f"s{i}") for i, (v, d) in enumerate(zip(values, days, strict=True))])
    spots = marks(svg(p))
    by_value = sorted(spots, key=lambda i: p.points[i - 1].mid)
    assert [spots[i][1] for i in by_value] == sorted((spots[i][1] for i in by_value), reverse=True)
    assert [spots[i][0] for i in (1, 2, 3, 4, 5)] == sorted(spots[i][0] for i in (1, 2, 3, 4, 5))


def test_claims_of_one_day_stand_side_by_side_in_their_order():
    p = plot(KEY, [claim(i, "2350億円", "2023-10-20", source=f"s{i}") for i in (1, 2, 3)])
    xs = [marks(svg(p))[i][0] for i in (1, 2, 3)]
    assert xs == sorted(xs) and min(b - a for a, b in itertools.pairwise(xs)) >= 8


def test_sources_get_a_shape_and_colour_each_with_a_legend():
    p = plot(KEY, [claim(1, "1250億円", "2018-11-24", source="asahi", name="Asahi Shimbun"),
                   claim(2, "1850億円", "2020-12-21", source="nikkei", name="Nikkei")])
    root = ET.fromstring(svg(p))
    legend = [t.itertext() for t in root.iter(SVG + "text")]
    texts = ["".join(t) for t in legend]
    assert any("Asahi Shimbun" in t for t in texts) and any("Nikkei" in t for t in texts)
    groups = [g for g in root.iter(SVG + "g") if "mark" in g.get("class", "")]
    assert shape_of(groups[0]) != shape_of(groups[1]), "told apart in black and white, not by colour alone"


def elements(drawing: str, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in ET.fromstring(drawing).iter(SVG + tag) if cls in (e.get("class") or "").split()]


def test_revisions_of_one_origin_are_joined_and_set_aside_claims_faded():
    claims = [claim(1, "1250億円", "2018-11-24"), claim(2, "1850億円", "2020-12-21"),
              claim(3, "1900億円", "2020-12-22", source="nikkei"), claim(4, "2000億円", "2023-01-01", source="nikkei"),
              claim(5, "1000億円", "2021-06-01", source="jiji")]
    standing = Standing(superseded_by={1: [2]})
    drawing = svg(plot(KEY, claims, standing=standing, disputed={2, 3}))
    spots = marks(drawing)
    segments = {((float(e.get("x1")), float(e.get("y1"))), (float(e.get("x2")), float(e.get("y2")))): e
                for e in elements(drawing, "line", "revision")}
    assert set(segments) == {(spots[1], spots[2]), (spots[3], spots[4])}, "each origin's own claims, in order"
    assert segments[(spots[1], spots[2])].get("stroke-dasharray"), "a step from a claim set aside is faded"
    assert not segments[(spots[3], spots[4])].get("stroke-dasharray")
    classes = mark_classes(drawing)
    assert "set-aside" in classes[1] and "set-aside" not in classes[2]
    faded = [g for g in ET.fromstring(drawing).iter(SVG + "g") if g.get("opacity")]
    assert len(faded) == 1, "the set-aside mark is drawn faded, the others are not"
    rings = {(float(e.get("cx")), float(e.get("cy"))) for e in elements(drawing, "circle", "ring")}
    assert rings == {spots[2], spots[3]}, "a ring around each claim in an open contradiction, and no other"
    assert "superseded by #2" in drawing and "in an open contradiction" in drawing


def test_approximate_values_and_bounds_are_bars_and_periods_span_their_days():
    drawing = svg(plot(KEY, [claim(1, "約2300億円", "2023-10-19"), claim(2, "最大2350億円", "2023-10-20"),
                             claim(3, "2000億円", "2023-10-21", as_of="2023-09")]))
    spots = marks(drawing)
    bands = {float(e.get("x1")): e for e in elements(drawing, "line", "band")}
    about = bands[spots[1][0]]
    low, high = sorted((float(about.get("y1")), float(about.get("y2"))))
    assert low < spots[1][1] < high and spots[1][1] - low == pytest.approx(high - spots[1][1], abs=0.2), (
        "an approximate value sits mid-band")
    (arrow,) = elements(drawing, "path", "open")
    tip_x, tip_y = map(float, re.search(r"L([-\d.]+) ([-\d.]+)L", arrow.get("d")).groups())
    assert tip_x == spots[2][0] and tip_y > spots[2][1], "'up to' is open downwards, to an arrow"
    (month,) = elements(drawing, "line", "period")
    assert float(month.get("x1")) < spots[3][0] < float(month.get("x2")), "as of a month: a bar across the month"
    assert "a time longer than a day" in drawing


def test_hostile_text_stays_text():
    evil = '</text><script>alert(1)</script>\x1b]0;pwned\x07\u202e<a href="javascript:x">'
    p = plot(KEY, [claim(1, "1250億円", "2018-11-24", source="evil", name=evil, speaker=evil),
                   claim(2, "1850億円", "2020-12-21")])
    drawing = svg(p, title=evil)
    root = ET.fromstring(drawing)  # still well-formed XML
    tags = {e.tag for e in root.iter()}
    assert SVG + "script" not in tags and SVG + "a" not in tags and "script" not in tags
    assert "\x1b" not in drawing and "\u202e" not in drawing and "\x07" not in drawing
    assert any("<script>alert(1)</script>" in "".join(t.itertext()) for t in root.iter(SVG + "text"))
    assert "\\x1b]0;pwned\\x07" in "".join(root.itertext())


@pytest.mark.parametrize("values", [
    ("10000000000000000000000000000", "20000000000000000000000000000", "1e40"),  # beyond 28 digits
    ("0.001", "0.002", "0.0015"),
    ("2820万人", "2821万人", "2820.5万人"),
])
def test_any_figures_get_ticks_that_tell_them_apart(values):
    drawing = svg(plot(KEY, [claim(i, v, f"2025-01-0{i}", source=f"s{i}") for i, v in enumerate(values, 1)]))
    ticks = ["".join(e.itertext()) for e in ET.fromstring(drawing).iter(SVG + "text") if e.get("text-anchor") == "end"]
    assert len(ticks) >= 3 and len(set(ticks)) == len(ticks), ticks


@pytest.mark.parametrize("typo", ["0205-04-13", "9205-04-13", "0001-01-01", "9999-12-31"])
def test_a_date_far_off_the_others_is_drawn_far_off(typo):
    drawing = svg(plot(KEY, [claim(1, "2025-04-13", "2025-01-01"), claim(2, typo, "2025-01-02", source="blog")]))
    spots = marks(drawing)
    assert set(spots) == {1, 2} and spots[1][1] != spots[2][1]


def test_many_claims_close_together_stay_on_the_chart_near_their_date():
    claims = [claim(i + 1, f"{100 + i // 3}億円", f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}", source=f"s{i % 2}")
              for i in range(90)]
    claims += [claim(91 + i, "150億円", "2025-02-01", source=f"t{i}") for i in range(12)]
    drawing = svg(plot(KEY, claims))
    spots = marks(drawing)
    axis = next(e for e in ET.fromstring(drawing).iter(SVG + "line") if e.get("stroke") == "#5f6368")
    left, right = float(axis.get("x1")), float(axis.get("x2"))
    assert len(spots) == 102 and all(left <= x <= right for x, _ in spots.values())
    same_day = sorted(spots[91 + i][0] for i in range(12))
    assert same_day[-1] - same_day[0] <= 8 * 9 + 1, "moved at most four marks' width either way"


def shape_of(mark: ET.Element) -> tuple[str, str]:
    """What a mark is drawn as: its element and geometry (colour aside)."""
    drawn = next(g for g in mark.iter(SVG + "g") if g is not mark)[0]
    return drawn.tag, drawn.get("d") or drawn.get("points") or drawn.get("r") or drawn.get("width")


def test_twelve_sources_get_twelve_shapes():
    drawing = svg(plot(KEY, [claim(i, f"{i}億円", f"2025-01-{i:02d}", source=f"s{i}") for i in range(1, 13)]))
    assert len({shape_of(mark) for mark in elements(drawing, "g", "mark")}) == 12


def test_nothing_to_draw_draws_nothing():
    assert svg(plot(KEY, [claim(1, None), claim(2, "yes")])) == ""


@pytest.mark.parametrize(("amount", "unit", "lang", "label"), [
    ("150000000000", "JPY", "ja", "1500億円"), ("25000000", "people", "ja", "2500万人"),
    ("500000000000", "USD", "ja", "5000億ドル"), ("500000000000", "USD", "en", "USD 500B"),
    ("25000000", "people", "en", "25M people"), ("50", "%", "en", "50%"), ("2500000000000", "JPY", "ja", "2.5兆円"),
])
def test_axis_labels_are_written_as_the_claims_write_them(amount, unit, lang, label):
    assert compact(Decimal(amount), unit, lang) == label


def test_japanese_figures_get_japanese_labels():
    ja = svg(plot(KEY, [claim(1, "1250億円", "2018-11-24"), claim(2, "1850億円", "2020-12-21")]))
    en = svg(plot(KEY, [claim(1, "¥125 billion", "2018-11-24"), claim(2, "¥185 billion", "2020-12-21")]))
    assert ">1400億円<" in ja and ">JPY 140B<" in en


# -- the terminal ------------------------------------------------------------------


def test_the_terminal_chart_draws_every_point_with_the_axis_ends(monkeypatch):
    from rich.console import Console

    monkeypatch.delenv("NO_COLOR")
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, color_system="standard")
    p = plot(KEY, [claim(1, "1250億円", "2018-11-24", source="asahi", name="Asahi"),
                   claim(2, "1850億円", "2020-12-21", source="nikkei", name="Nikkei"),
                   claim(3, "2350億円", "2023-10-20", source="nhk", name="NHK")])
    assert terminal_chart(console, p)
    text = ANSI.sub("", buffer.getvalue())
    lines = text.splitlines()
    assert lines[0].strip().startswith("2350億円") and "1250億円" in lines[7]
    assert "2018-11-24" in text and "2023-10-20" in text and "● Asahi" in text and "▲ NHK" in text
    assert sum(text.count(g) for g in "●■▲") == 3 + 3  # three marks, three legend entries


def test_the_terminal_chart_keeps_one_days_claims_in_order_and_dims_those_set_aside(monkeypatch):
    from rich.console import Console

    monkeypatch.delenv("NO_COLOR")
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, color_system="standard")
    claims = [claim(1, "1250億円", "2018-11-24", source="a", name="A")]
    claims += [claim(i, "2350億円", "2023-10-20", source=s, name=s.upper()) for i, s in ((2, "b"), (3, "c"), (4, "d"))]
    assert terminal_chart(console, plot(KEY, claims, standing=Standing(superseded_by={2: [3]})))
    top = buffer.getvalue().splitlines()[0]
    assert ANSI.sub("", top).rstrip().endswith("■▲◆"), "B, C, D in the order they were said"
    assert "\x1b[2;31m■" in top, "B, set aside, is dim"


def test_no_terminal_chart_in_a_pipe_or_for_two_points(monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    from claimtrack.render.console import PlainConsole

    three = plot(KEY, [claim(i, f"{i}00億円", f"202{i}-01-01") for i in (1, 2, 3)])
    assert not terminal_chart(PlainConsole(io.StringIO()), three)
    from rich.console import Console

    console = Console(file=io.StringIO(), force_terminal=True)
    assert not terminal_chart(console, plot(KEY, [claim(1, "1億円"), claim(2, "2億円", "2025-02-01")]))


# -- where charts appear -------------------------------------------------------------


@pytest.fixture
def venue_cost(cli):
    for source, value, day in (("Asahi", "1250億円", "2018-11-24"), ("Nikkei", "1850億円", "2020-12-21"),
                               ("NHK", "2350億円", "2023-10-20"), ("Blog", "235億円", "2023-10-21")):
        cli("add", KEY, f"会場建設費は{value}", "--source", source, "--new-source", "--value", value, "--date", day)
    cli("add", "expo/other", "quiet", "--source", "NHK", "--value", "1", "--date", "2023-10-21")
    return cli


def test_the_html_report_draws_each_key_with_a_finding(venue_cost):
    page = venue_cost("report", "--format", "html", code=0).stdout
    figures = re.findall(r'<figure class="chart">(.*?)</figure>', page, re.S)
    assert len(figures) == 1
    spots = marks(figures[0])
    assert set(spots) == {1, 2, 3, 4}
    assert {"disputed"} <= mark_classes(figures[0])[4], "the tenfold error is ringed"
    assert page.index("<figure") < page.index('id="v-')
    for other in ("markdown", "csv", "plain"):
        assert "<svg" not in venue_cost("report", "--format", other).stdout


def test_diff_html_is_one_page_chart_then_revisions(venue_cost):
    page = venue_cost("diff", KEY, "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert page.index("<svg") < page.index("4 claims") < page.index("<del>")
    assert set(marks(re.search(r"<svg.*?</svg>", page, re.S)[0])) == {1, 2, 3, 4}
    by_source = venue_cost("diff", KEY, "--format", "html", "--by-source").stdout
    assert "<svg" in by_source and "Nikkei: 1 claim<" in by_source


def test_the_diff_page_keeps_hostile_text_text(cli):
    evil = "Evil \u202eRTL \x1b]0;pwned\x07 <b>"
    for day, value in (("2025-01-01", "100億円"), ("2025-02-01", "120億円")):
        cli("add", "k/evil", f"x {evil}", "--source", evil, "--new-source", "--said-by", evil, "--value", value,
            "--date", day)
    page = cli("diff", "k/evil", "--format", "html").stdout
    assert "\u202e" not in page and "\x1b" not in page and "\x07" not in page and "<b>" not in page
    assert "\\u202e" in page and "\\x1b]0;pwned\\x07" in page and "&lt;b&gt;" in page


def test_a_key_with_no_dated_figure_says_why_it_has_no_chart(cli):
    cli("add", "k/undated", "a", "--source", "A", "--new-source", "--value", "5000億ドル")
    cli("add", "k/undated", "b", "--source", "B", "--new-source", "--value", "50%")
    page = cli("diff", "k/undated", "--format", "html").stdout
    assert "<svg" not in page and "No chart: no claim under this key has both a date and a figure" in page


def test_diff_html_needs_one_key(venue_cost):
    result = venue_cost("diff", "1", "2", "--format", "html", code=2)
    assert result.stderr.startswith("Error: --format: html draws one KEY's timeline: give one KEY")
    result = venue_cost("diff", KEY, "--format", "html", "--json", code=2)
    assert "give one of them" in result.stderr


def test_diff_draws_a_chart_in_a_terminal_only(venue_cost, monkeypatch):
    assert "└" not in venue_cost("diff", KEY).stdout  # NO_COLOR
    monkeypatch.delenv("NO_COLOR")
    assert "└" not in venue_cost("diff", KEY).stdout  # a pipe
    monkeypatch.setenv("FORCE_COLOR", "1")
    shown = ANSI.sub("", venue_cost("diff", KEY).stdout)
    assert "└" in shown and "2350億円 │" in shown and shown.index("└") < shown.index("2018-11-24  Asahi")
    assert "└" not in ANSI.sub("", venue_cost("diff", KEY, "--format", "plain").stdout)


def test_a_marked_wrong_claim_is_drawn_faded(venue_cost):
    venue_cost("resolve", "v-3-4", "--status", "wrong-claim", "--claim", "4", "--note", "a typo: 2350")
    page = venue_cost("diff", KEY, "--format", "html").stdout
    classes = mark_classes(re.search(r"<svg.*?</svg>", page, re.S)[0])
    assert "set-aside" in classes[4] and "disputed" not in classes[3]

