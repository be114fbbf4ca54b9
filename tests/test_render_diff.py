"""Rendering timelines, pairs, by-source views and window summaries."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from claimtrack.domain.diff import build_timeline, by_source, compare, summarize_window
from claimtrack.domain.model import Claim, Value
from claimtrack.domain.periods import Window
from claimtrack.render import diff as render
from claimtrack.render.console import indented_json
from claimtrack.render.wording import format_percent, reading

KEY = "minerals-deal/us-rights-value"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def usd(amount: str, raw: str) -> Value:
    return Value(kind="quantity", raw=raw, amount=Decimal(amount), unit="USD")


CLAIMS = [
    Claim(
        id=1,
        key=KEY,
        text="トランプ大統領は米国が5000億ドル相当の権利を得ると述べた",
        source="asahi",
        source_name="朝日新聞GLOBE+",
        speaker="Trump",
        claimed_on="2025-02-19",
        value=usd("500000000000", "5000億ドル"),
        recorded_at="2025-03-05T10:00:00",
    ),
    Claim(
        id=2,
        key=KEY,
        text="トランプ前大統領は米国が3500億ドル相当の権利を得ると述べた",
        source="asahi",
        source_name="朝日新聞GLOBE+",
        speaker="Trump",
        claimed_on="2025-02-20",
        value=usd("350000000000", "3500億ドル"),
        supersedes=1,
        recorded_at="2025-03-05T10:01:00",
    ),
    Claim(
        id=3,
        key=KEY,
        text="50% of new mining revenue goes into a jointly managed fund",
        source="forbes-japan",
        source_name="Forbes Japan",
        stance="denies",
        claimed_on="2025-02-24",
        value=Value(kind="quantity", raw="50%", amount=Decimal("50"), unit="%"),
        recorded_at="2025-03-05T10:02:00",
    ),
    Claim(
        id=4,
        key=KEY,
        text="50% of new mining revenue goes into a jointly managed fund.",
        source="forbes-japan",
        source_name="Forbes Japan",
        stance="denies",
        claimed_on=None,
        value=Value(kind="quantity", raw="50%", amount=Decimal("50"), unit="%"),
        recorded_at="2025-03-05T10:03:00",
    ),
]


def plain_console() -> Console:
    return Console(file=io.StringIO(), width=100)


def colour_console() -> Console:
    return Console(file=io.StringIO(), width=100, force_terminal=True, color_system="standard")


def timeline_output(console: Console) -> str:
    t = build_timeline(KEY, CLAIMS)
    render.render_timeline(console, t.key, t.claims, t.revisions)
    return console.file.getvalue()


@pytest.fixture(autouse=True)
def _colour_allowed(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_plain_timeline_marks_the_text_diff_and_has_no_escape_codes():
    out = timeline_output(plain_console())
    assert "\x1b" not in out
    assert "トランプ{+前+}大統領は米国が[-5000-]{+3500+}億ドル" in out
    assert "into a jointly managed fund{+.+}" in out


def test_plain_timeline_reads_as_a_story():
    lines = timeline_output(plain_console()).splitlines()
    claim_lines = [line for line in lines if re.match(r"(\d{4}-\d{2}-\d{2}|undated)\s", line)]
    assert [line.split()[0] for line in claim_lines] == ["2025-02-19", "2025-02-20", "2025-02-24", "undated"]
    assert "朝日新聞GLOBE+  Trump  value 5000億ドル  #1" in claim_lines[0]
    assert "corrects #1" in claim_lines[1]
    assert "denies" in claim_lines[2]


def test_plain_revision_lines_name_each_change():
    out = timeline_output(plain_console())
    assert "↓ correction of #1" in out
    assert "value: USD 500,000,000,000 → 350,000,000,000 (−150,000,000,000, −30%)" in out
    assert "value: USD 350,000,000,000 → 50% (incomparable: USD → %)" in out
    assert "stance: asserts → denies" in out
    assert "source: 朝日新聞GLOBE+ → Forbes Japan" in out
    assert "speaker: Trump → —" in out
    assert "text (whitespace/punctuation only)" in out


def test_colour_timeline_paints_deletions_red_and_insertions_green():
    out = timeline_output(colour_console())
    assert re.search(r"\x1b\[[0-9;]*31m5000\x1b\[0m", out)
    assert re.search(r"\x1b\[[0-9;]*32m3500\x1b\[0m", out)
    assert re.search(r"\x1b\[[0-9;]*32m前\x1b\[0m", out)
    assert "[-" not in out and "{+" not in out
    assert "トランプ前大統領は米国が" in ANSI.sub("", out)


def test_no_color_gives_plain_markers_even_in_a_terminal(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = timeline_output(colour_console())
    assert "{+前+}" in out
    assert "\x1b" not in out


def test_user_text_with_brackets_is_not_taken_for_markup():
    old = Claim(id=1, key=KEY, text="[bold]fund[/bold] :smile:", source="a", source_name="A")
    new = Claim(id=2, key=KEY, text="[bold]funds[/bold] :smile:", source="a", source_name="A")
    rev = compare(old, new)
    for console in (plain_console(), colour_console()):
        render.render_pair(console, rev)
        assert "[bold]" in ANSI.sub("", console.file.getvalue())
        assert ":smile:" in ANSI.sub("", console.file.getvalue())


def test_pair_across_keys_names_both_keys():
    other = Claim(id=9, key="ceasefire/start", text="停戦は3月1日に始まる", source="jiji", source_name="時事ドットコム")
    console = plain_console()
    render.render_pair(console, compare(CLAIMS[0], other))
    out = console.file.getvalue()
    assert f"{KEY} → ceasefire/start  #1 → #9" in out
    assert "value: USD 500,000,000,000 → none" in out


def test_by_source_gives_each_source_its_own_timeline():
    console = plain_console()
    render.render_by_source(console, KEY, by_source(KEY, CLAIMS))
    out = console.file.getvalue()
    asahi, forbes = out.split("── 朝日新聞GLOBE+")[1].split("── Forbes Japan")
    assert "#1" in asahi and "#2" in asahi and "#3" not in asahi
    assert "↓ correction of #1" in asahi
    assert "source:" not in asahi and "source:" not in forbes
    assert "fund{+.+}" in forbes


def test_window_summary_lines():
    console = plain_console()
    render.render_window(console, summarize_window(CLAIMS, Window("2025-02-20", "2025-02-28")))
    out = console.file.getvalue()
    assert out.splitlines()[0].startswith(f"{KEY}  value, stance, source, speaker, text  (2 revisions, 1 correction)")
    assert "value: USD 500,000,000,000 → 50% (incomparable: USD → %)" in out
    assert "sources: 朝日新聞GLOBE+ → Forbes Japan" in out


def test_empty_window_says_so():
    console = plain_console()
    render.render_window(console, iter(()))
    assert "no key changed in this window" in console.file.getvalue()


def test_empty_timeline_says_so():
    console = plain_console()
    render.render_timeline(console, KEY, [], [])
    assert "no claims" in console.file.getvalue()


@pytest.mark.parametrize(
    "relative, text",
    [("-0.3", "−30%"), ("0.125", "+12.5%"), ("0", "±0%"), ("0.0001", "+<0.1%"), ("9", "+900%")],
)
def test_percent_is_rounded_for_reading(relative, text):
    assert format_percent(Decimal(relative)) == text


def test_values_are_written_as_a_reader_would_say_them():
    assert reading(Value(kind="quantity", raw="約50%", amount=Decimal("50"), unit="%", approx=True)) == "~50%"
    assert reading(Value(kind="quantity", raw="5t", amount=Decimal("5"), unit="t")) == "5 t"
    assert (
        reading(Value(kind="quantity", raw="$1-2B", lower=Decimal("1E9"), upper=Decimal("2E9"), unit="USD"))
        == "USD 1,000,000,000–2,000,000,000"
    )
    assert reading(Value(kind="date", raw="令和7年3月1日", date="2025-03-01", precision="day")) == "2025-03-01"


def test_percentage_change_is_shown_in_points():
    a = Claim(id=1, key=KEY, text="x", source="a", source_name="A",
              value=Value(kind="quantity", raw="50%", amount=Decimal("50"), unit="%"))
    b = Claim(id=2, key=KEY, text="x", source="a", source_name="A",
              value=Value(kind="quantity", raw="40%", amount=Decimal("40"), unit="%"))
    console = plain_console()
    render.render_pair(console, compare(a, b))
    assert "value: 50% → 40% (−10 pts, −20%)" in console.file.getvalue()


def test_diff_json_is_the_contract_shape():
    t = build_timeline(KEY, CLAIMS)
    data = json.loads(json.dumps(render.diff_json(t.key, t.claims, t.revisions), ensure_ascii=False))
    assert data["key"] == KEY
    assert [c["id"] for c in data["claims"]] == [1, 2, 3, 4]
    first = data["revisions"][0]
    assert (first["from"], first["to"], first["correction"]) == (1, 2, True)
    assert first["changes"] == ["value", "text"]
    assert first["value_change"]["delta"] == "-150000000000"
    assert data["revisions"][-1]["trivial"] is True


def test_other_json_builders():
    groups = render.by_source_json(KEY, by_source(KEY, CLAIMS))
    assert [g["source"] for g in groups["sources"]] == ["asahi", "forbes-japan"]
    pair = render.pair_json(compare(CLAIMS[0], CLAIMS[2]))
    assert [c["id"] for c in pair["claims"]] == [1, 3]
    window = render.window_json(summarize_window(CLAIMS, Window("2025-02")), Window("2025-02"))
    assert window["keys"][0]["key"] == KEY
    json.dumps([groups, pair, window])


def test_json_is_written_as_json_dumps_writes_it():
    t = build_timeline(KEY, CLAIMS)
    timeline = render.diff_json(t.key, t.claims, t.revisions)
    assert indented_json(timeline) == json.dumps(timeline, ensure_ascii=False, indent=2)


class _Name(str):
    pass


_SCALARS = (st.none() | st.booleans() | st.integers() | st.text()
            | st.text().map(_Name) | st.just(Decimal("1.5")))


def _trees(scalars):
    return st.recursive(scalars, lambda inner: (
        st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text() | st.integers() | st.none(), inner, max_size=4)
    ), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_trees(_SCALARS))
def test_any_json_is_written_byte_for_byte_as_json_dumps_writes_it(tree):
    """Strings, integers past 64 bits, nesting, keys that are not strings, a value JSON cannot hold:
    the text, or the error."""
    try:
        expected = json.dumps(tree, ensure_ascii=False, indent=2)
    except TypeError as exc:
        with pytest.raises(TypeError, match=re.escape(str(exc))):
            indented_json(tree)
    else:
        assert indented_json(tree) == expected


@settings(max_examples=100, deadline=None)
@given(_trees(_SCALARS | st.floats(allow_nan=False, allow_infinity=False)))
def test_floats_are_written_as_the_same_numbers(tree):
    """A float may be spelt otherwise (``1e16``, not ``1e+16``): it reads back as the same number."""
    try:
        expected = json.dumps(tree, ensure_ascii=False, indent=2)
    except TypeError:
        return
    assert json.loads(indented_json(tree)) == json.loads(expected)


_NEAR_UNSEEN = st.sampled_from(
    [chr(c) for c in (0x7E, 0x7F, 0x80, 0x9F, 0xA0, 0x61B, 0x61C, 0x61D, 0x200D, 0x200E, 0x200F, 0x2010, 0x2019,
                      0x2026, 0x2027, 0x2028, 0x202E, 0x202F, 0x2065, 0x2066, 0x2069, 0x206A, 0x3000, 0xFF10, 0xFFFD,
                      0xFFFE, 0xFFFF, 0x1F600)]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_NEAR_UNSEEN | st.characters(), max_size=8), max_size=5))
def test_encoded_json_is_found_to_need_escaping_exactly_when_its_text_does(texts):
    """The byte test that lets clean JSON skip the text layer agrees with the pattern over the text."""
    import orjson

    from claimtrack.render.console import _JSON_UNSEEN, _json_has_unseen

    try:
        data = orjson.dumps(texts)
    except orjson.JSONEncodeError:  # a lone surrogate: written by json.dumps, through the text path
        return
    assert _json_has_unseen(data) == bool(_JSON_UNSEEN.search(data.decode()))
