"""The pure diff: ordering, revisions, text diffs, by-source timelines, windows."""

from __future__ import annotations

import ast
import json
import re
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.domain import diff
from claimtrack.domain.diff import (
    TextDiff,
    build_timeline,
    by_source,
    compare,
    diff_text,
    order_claims,
    summarize_window,
)
from claimtrack.domain.model import Claim, Value
from claimtrack.domain.patterns import in_class
from claimtrack.domain.periods import Window
from claimtrack.errors import ClaimtrackError, ParseError

KEY = "minerals-deal/us-rights-value"



def old_text(td: TextDiff) -> str:
    """The old text a diff was made from: its equal and deleted segments."""
    return "".join(t for op, t in td.ops if op != "insert")


def new_text(td: TextDiff) -> str:
    """The new text: its equal and inserted segments."""
    return "".join(t for op, t in td.ops if op != "delete")

def usd(amount: str, raw: str | None = None) -> Value:
    return Value(kind="quantity", raw=raw or f"${amount}", amount=Decimal(amount), unit="USD")


def pct(amount: str) -> Value:
    return Value(kind="quantity", raw=f"{amount}%", amount=Decimal(amount), unit="%")


def claim(id: int, text: str = "The US gets mineral rights.", **kw) -> Claim:
    kw.setdefault("key", KEY)
    kw.setdefault("source", "forbes-japan")
    kw.setdefault("source_name", "Forbes Japan")
    kw.setdefault("recorded_at", f"2025-03-05T00:00:{id:02d}")
    return Claim(id=id, text=text, **kw)


# --- ordering ---------------------------------------------------------------


def test_timeline_orders_by_claim_date_with_coarse_dates_first_and_undated_last():
    claims = [
        claim(1, claimed_on=None),
        claim(2, claimed_on="2025-03-02"),
        claim(3, claimed_on="2025-03"),
        claim(4, claimed_on="2025"),
        claim(5, claimed_on="2025-03-01"),
        claim(6, claimed_on="2024-12-31"),
        claim(7, claimed_on="2025-04"),
        claim(8, claimed_on=""),
    ]
    ordered = [c.id for c in order_claims(claims)]
    assert ordered == [6, 4, 3, 5, 2, 7, 1, 8]


def test_same_date_orders_by_recorded_at_then_id():
    claims = [
        claim(3, claimed_on="2025-03-01", recorded_at="2025-03-05T10:00:00"),
        claim(1, claimed_on="2025-03-01", recorded_at="2025-03-05T11:00:00"),
        claim(2, claimed_on="2025-03-01", recorded_at="2025-03-05T10:00:00"),
    ]
    assert [c.id for c in order_claims(claims)] == [2, 3, 1]


def test_timeline_revisions_follow_the_order_not_the_input():
    a = claim(1, claimed_on="2025-02-19", value=usd("500000000000"))
    b = claim(2, claimed_on="2025-02-24", value=usd("350000000000"))
    t = build_timeline(KEY, [b, a])
    assert [c.id for c in t.claims] == [1, 2]
    assert [(r.old.id, r.new.id) for r in t.revisions] == [(1, 2)]


def test_timeline_refuses_a_claim_under_another_key():
    with pytest.raises(ClaimtrackError) as err:
        build_timeline(KEY, [claim(1), claim(2, key="ceasefire/start")])
    assert "ceasefire/start" in str(err.value)


def test_empty_and_single_claim_timelines_have_no_revisions():
    assert build_timeline(KEY, []).revisions == ()
    assert build_timeline(KEY, [claim(1)]).revisions == ()


# --- change kinds -----------------------------------------------------------


@pytest.mark.parametrize(
    "change, kw_old, kw_new",
    [
        ("value", {"value": usd("500")}, {"value": usd("350")}),
        ("stance", {"stance": "asserts"}, {"stance": "denies"}),
        (
            "source",
            {"source": "asahi", "source_name": "朝日新聞GLOBE+"},
            {"source": "jiji", "source_name": "時事ドットコム"},
        ),
        ("speaker", {"speaker": "Trump"}, {"speaker": "Zelensky"}),
    ],
)
def test_each_change_kind_is_named_alone(change, kw_old, kw_new):
    rev = compare(claim(1, **kw_old), claim(2, **kw_new))
    assert rev.changes == (change,)
    assert rev.to_json()["changes"] == [change]


def test_text_change_is_named():
    rev = compare(claim(1, "Trump met Zelensky."), claim(2, "Trump met Putin."))
    assert rev.changes == ("text",)
    assert rev.value_change is None


def test_changes_are_listed_in_a_fixed_order():
    old = claim(1, "a", value=usd("1"), speaker="Trump", source="asahi", source_name="Asahi")
    new = claim(2, "b", value=usd("2"), speaker=None, stance="denies")
    assert compare(old, new).changes == ("value", "stance", "source", "speaker", "text")


def test_identical_claims_show_no_change():
    rev = compare(claim(1, value=usd("5")), claim(2, value=usd("5")))
    assert rev.changes == ()
    assert rev.trivial is False
    assert rev.to_json()["value_change"] is None


def test_same_quantity_in_other_words_is_not_a_value_change():
    old = claim(1, value=usd("500000000000", raw="5000億ドル"))
    new = claim(2, value=Value(kind="quantity", raw="$500B", amount=Decimal("5E+11"), unit="USD"))
    assert "value" not in compare(old, new).changes


def test_speaker_spelled_with_other_case_or_width_is_the_same_speaker():
    assert compare(claim(1, speaker="Trump"), claim(2, speaker="ＴＲＵＭＰ")).changes == ()


def test_value_appearing_or_disappearing_is_a_value_change():
    rev = compare(claim(1), claim(2, value=usd("5")))
    assert rev.changes == ("value",)
    assert rev.to_json()["value_change"]["from"] is None
    assert rev.to_json()["value_change"]["to"] == "$5"


# --- values -----------------------------------------------------------------


def test_comparable_quantities_give_exact_delta_and_ratio():
    rev = compare(
        claim(1, value=usd("500000000000", raw="5000億ドル")),
        claim(2, value=usd("350000000000", raw="$350B")),
    )
    vc = rev.value_change
    assert vc.comparable
    assert vc.delta == Decimal("-150000000000")
    assert vc.relative == Decimal("-0.3")
    assert rev.to_json()["value_change"] == {
        "from": "5000億ドル",
        "to": "$350B",
        "delta": "-150000000000",
        "ratio": "0.7",
        "unit": "USD",
        "comparable": True,
    }


def test_ratio_is_rounded_to_six_significant_digits_and_delta_stays_exact():
    vc = compare(claim(1, value=usd("300.05")), claim(2, value=usd("100"))).value_change
    assert vc.to_json()["ratio"] == "0.333278"
    assert vc.to_json()["delta"] == "-200.05"


def test_delta_is_exact_even_beyond_default_decimal_precision():
    old = usd("12345678901234567890123456789012")
    new = usd("12345678901234567890123456789013.5")
    assert compare(claim(1, value=old), claim(2, value=new)).value_change.delta == Decimal("1.5")


def test_growth_from_zero_has_a_delta_but_no_ratio():
    vc = compare(claim(1, value=usd("0")), claim(2, value=usd("10"))).value_change
    assert vc.delta == Decimal("10")
    assert vc.ratio is None and vc.relative is None


def test_different_units_are_incomparable():
    rev = compare(claim(1, value=usd("500000000000")), claim(2, value=pct("50")))
    assert rev.to_json()["value_change"] == {
        "from": "$500000000000",
        "to": "50%",
        "delta": None,
        "ratio": None,
        "unit": None,
        "comparable": False,
    }


def test_a_range_without_amount_is_not_comparable():
    ranged = Value(kind="quantity", raw="$1-2B", lower=Decimal("1E9"), upper=Decimal("2E9"), unit="USD")
    vc = compare(claim(1, value=ranged), claim(2, value=usd("3000000000"))).value_change
    assert not vc.comparable and vc.delta is None
    assert vc.unit == "USD"


def test_date_values_show_old_and_new_without_arithmetic():
    tokyo = Value(kind="date", raw="2025年3月1日", date="2025-03-01", precision="day")
    washington = Value(kind="date", raw="February 28, 2025", date="2025-02-28", precision="day")
    rev = compare(claim(1, value=tokyo), claim(2, value=washington))
    assert rev.changes == ("value",)
    assert rev.to_json()["value_change"] == {
        "from": "2025年3月1日",
        "to": "February 28, 2025",
        "delta": None,
        "ratio": None,
        "unit": None,
        "comparable": False,
    }


def test_date_value_precision_change_is_a_change():
    month = Value(kind="date", raw="2025年3月", date="2025-03", precision="month")
    day = Value(kind="date", raw="2025年3月1日", date="2025-03-01", precision="day")
    assert compare(claim(1, value=month), claim(2, value=day)).changes == ("value",)


def test_categorical_values_compare_by_normalised_text():
    old = Value(kind="categorical", raw="President", normalized="president")
    same = Value(kind="categorical", raw="president ", normalized="president")
    former = Value(kind="categorical", raw="前大統領", normalized="former president")
    assert compare(claim(1, value=old), claim(2, value=same)).changes == ()
    rev = compare(claim(1, value=old), claim(2, value=former))
    assert rev.changes == ("value",)
    assert rev.value_change.to_json()["to"] == "前大統領"


# --- text diffs -------------------------------------------------------------


def test_japanese_is_diffed_character_by_character():
    td = diff_text("トランプ大統領", "トランプ前大統領")
    assert td.to_json() == [["equal", "トランプ"], ["insert", "前"], ["equal", "大統領"]]


def test_japanese_replacement_inside_a_sentence():
    td = diff_text("ゼレンスキー大統領は述べた", "ゼレンスキー大統領は語った")
    assert td.to_json() == [
        ["equal", "ゼレンスキー大統領は"],
        ["delete", "述べ"],
        ["insert", "語っ"],
        ["equal", "た"],
    ]


def test_english_is_diffed_word_by_word():
    td = diff_text("The US gets $500 billion in rights", "The US gets $350 billion in rites")
    assert td.to_json() == [
        ["equal", "The US gets $"],
        ["delete", "500"],
        ["insert", "350"],
        ["equal", " billion in "],
        ["delete", "rights"],
        ["insert", "rites"],
    ]


def test_neighbouring_changed_words_read_as_one_change():
    td = diff_text("worth 500 billion dollars", "worth 350 million dollars")
    assert td.to_json() == [
        ["equal", "worth "],
        ["delete", "500 billion"],
        ["insert", "350 million"],
        ["equal", " dollars"],
    ]


def test_mixed_scripts_are_word_level_in_latin_and_character_level_in_japanese():
    td = diff_text("President トランプ大統領 met Zelensky", "Former president トランプ前大統領 met Zelensky")
    ops = td.to_json()
    assert ["delete", "President"] in ops
    assert ["insert", "Former president"] in ops
    assert ["insert", "前"] in ops
    assert ["equal", "大統領 met Zelensky"] in ops


def test_thai_is_diffed_by_character_keeping_marks_on_their_letter():
    td = diff_text("ราคาน้ำมันขึ้น", "ราคาน้ำมันลง")
    assert td.to_json() == [["equal", "ราคาน้ำมัน"], ["delete", "ขึ้น"], ["insert", "ลง"]]


def test_punctuation_only_change_is_trivial_but_shown():
    rev = compare(claim(1, "Trump said, hello world"), claim(2, "Trump said hello  world."))
    assert rev.changes == ("text",)
    assert rev.trivial and rev.text_diff.trivial
    assert rev.to_json()["trivial"] is True
    assert ["delete", ","] in rev.to_json()["text_diff"]


def test_japanese_punctuation_only_change_is_trivial():
    rev = compare(claim(1, "トランプ大統領は、停戦を求めた。"), claim(2, "トランプ大統領は停戦を求めた"))
    assert rev.trivial


def test_whitespace_removed_between_words_is_trivial():
    assert diff_text("foo bar", "foobar").trivial


def test_a_word_change_is_not_trivial():
    rev = compare(claim(1, "Trump said hello."), claim(2, "Trump said goodbye."))
    assert not rev.trivial and not rev.text_diff.trivial


def test_a_symbol_change_is_not_trivial():
    assert not diff_text("50% of revenue", "50$ of revenue").trivial


def test_trivial_text_beside_a_real_change_does_not_make_the_revision_trivial():
    rev = compare(claim(1, "It is $5.", value=usd("5")), claim(2, "It is $5!", value=usd("6")))
    assert rev.text_diff.trivial
    assert not rev.trivial


def test_unchanged_text_is_one_equal_segment():
    assert diff_text("same", "same").to_json() == [["equal", "same"]]
    assert diff_text("", "").to_json() == []


def test_long_texts_with_scattered_edits_keep_the_unchanged_words():
    base = " ".join(f"word{i}" for i in range(300))
    edited = base.replace("word10 ", "WORD10 ").replace("word250 ", "").replace("word299", "end")
    td = diff_text(base, edited)
    assert old_text(td) == base and new_text(td) == edited
    changed = [(op, t) for op, t in td.ops if op != "equal"]
    assert changed == [
        ("delete", "word10"),
        ("insert", "WORD10"),
        ("delete", "word250 "),
        ("delete", "word299"),
        ("insert", "end"),
    ]


texts = st.text(
    alphabet=st.sampled_from(list("ab cd,.。、トランプ大統領前 \n500$%")) | st.characters(),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_text_diff_reconstructs_both_texts(old, new):
    td = diff_text(old, new)
    assert old_text(td) == old
    assert new_text(td) == new
    assert all(op in ("equal", "insert", "delete") and text for op, text in td.ops)
    assert all(a[0] != b[0] for a, b in pairwise(td.ops))
    assert any(op != "equal" for op, _ in td.ops) == (old != new)


# --- corrections and by-source ----------------------------------------------


def test_a_claim_superseding_the_previous_one_is_a_correction():
    old = claim(10, "トランプ大統領", claimed_on="2025-02-19")
    new = claim(11, "トランプ前大統領", claimed_on="2025-02-20", supersedes=10)
    rev = build_timeline(KEY, [old, new]).revisions[0]
    assert rev.correction is True
    assert rev.to_json()["correction"] is True


def test_superseding_some_other_claim_is_not_a_correction_of_this_one():
    rev = compare(claim(10), claim(11, supersedes=3))
    assert rev.correction is False


def test_by_source_separates_self_revision_from_the_story_moving():
    claims = [
        claim(1, "5000億ドル", source="asahi", source_name="朝日新聞GLOBE+", claimed_on="2025-02-19"),
        claim(2, "50%", source="forbes-japan", source_name="Forbes Japan", claimed_on="2025-02-24"),
        claim(
            3,
            "5000億ドル相当",
            source="asahi",
            source_name="朝日新聞GLOBE+",
            claimed_on="2025-02-25",
            supersedes=1,
        ),
    ]
    whole = build_timeline(KEY, claims)
    assert [r.changes for r in whole.revisions] == [("source", "text"), ("source", "text")]
    assert not any(r.correction for r in whole.revisions)

    groups = by_source(KEY, claims)
    assert [(g.source, [c.id for c in g.claims]) for g in groups] == [
        ("asahi", [1, 3]),
        ("forbes-japan", [2]),
    ]
    asahi = groups[0]
    assert asahi.source_name == "朝日新聞GLOBE+"
    assert [(r.old.id, r.new.id, r.changes, r.correction) for r in asahi.revisions] == [
        (1, 3, ("text",), True)
    ]
    assert groups[1].revisions == ()


# --- window summaries -------------------------------------------------------


def _window_claims():
    rights = "minerals-deal/us-rights-value"
    ceasefire = "ceasefire/start"
    quiet = "meeting/date"
    return [
        claim(1, key=ceasefire, claimed_on="2025-02-10", source="jiji", source_name="時事ドットコム"),
        claim(2, key=ceasefire, claimed_on="2025-03-02", source="jiji", source_name="時事ドットコム", stance="denies"),
        claim(3, key=quiet, claimed_on="2025-02-28"),
        claim(4, key=quiet, claimed_on="2025-03-01"),
        claim(5, key=rights, claimed_on="2025-02-19", value=usd("500000000000"),
              source="asahi", source_name="朝日新聞GLOBE+"),
        claim(6, key=rights, claimed_on="2025-02-24", value=usd("350000000000"),
              source="forbes-japan", source_name="Forbes Japan"),
        claim(7, key=rights, claimed_on="2025-03-04", value=pct("50"),
              source="forbes-japan", source_name="Forbes Japan"),
        claim(8, key=rights, claimed_on=None, value=pct("40")),
    ]


def test_window_summary_names_what_moved_between_which_sources():
    summaries = list(summarize_window(_window_claims(), Window("2025-02-20", "2025-03-03")))
    assert [s.key for s in summaries] == ["ceasefire/start", "minerals-deal/us-rights-value"]
    ceasefire, rights = summaries
    assert ceasefire.changes == ("stance",)
    assert (ceasefire.first.id, ceasefire.last.id) == (1, 2)
    assert rights.changes == ("value", "source")
    assert rights.sources == ("朝日新聞GLOBE+", "Forbes Japan")
    assert rights.first.value.amount == Decimal("500000000000")
    assert rights.last.value.amount == Decimal("350000000000")
    assert rights.value_change.relative == Decimal("-0.3")
    assert rights.to_json()["value_change"]["ratio"] == "0.7"


def test_window_until_a_month_runs_to_its_last_day_and_skips_undated_claims():
    summaries = {s.key: s for s in summarize_window(_window_claims(), Window("2025-03", "2025-03"))}
    rights = summaries["minerals-deal/us-rights-value"]
    assert (rights.first.id, rights.last.id) == (6, 7)
    assert rights.to_json()["value_change"]["comparable"] is False
    assert set(summaries) == {"ceasefire/start", "minerals-deal/us-rights-value"}


def test_window_with_no_change_yields_nothing():
    assert list(summarize_window(_window_claims(), Window("2026", "2026"))) == []


def test_unbounded_window_counts_every_claim_including_undated():
    rights = next(s for s in summarize_window(_window_claims()) if s.key.startswith("minerals"))
    assert rights.last.id == 8
    assert rights.revisions == 3


def test_window_summary_streams_one_key_at_a_time():
    seen: list[int] = []

    def feed():
        for c in _window_claims():
            seen.append(c.id)
            yield c

    summaries = summarize_window(feed(), Window("2025-02-20"))
    first = next(summaries)
    assert first.key == "ceasefire/start"
    assert max(seen) <= 3  # the next key's first claim at most


def test_window_refuses_claims_not_grouped_by_key():
    claims = _window_claims()
    with pytest.raises(ClaimtrackError, match="grouped by key"):
        list(summarize_window(claims[:1] + claims[4:] + claims[1:4]))


@pytest.mark.parametrize("since", ["yesterday", "2025-13", "2025-02-30", "2025-3-1"])
def test_window_rejects_a_bad_date(since):
    with pytest.raises(ParseError) as err:
        Window(since)
    assert err.value.field == "since"


def test_window_rejects_since_after_until():
    with pytest.raises(ParseError) as err:
        Window("2025-04", "2025-03")
    assert err.value.field == "since"


# --- JSON and purity --------------------------------------------------------


def test_revision_json_is_plain_json():
    rev = compare(claim(1, "トランプ大統領", value=usd("5")), claim(2, "トランプ前大統領", value=usd("6")))
    data = json.loads(json.dumps(rev.to_json(), ensure_ascii=False))
    assert set(data) == {"from", "to", "changes", "value_change", "text_diff", "trivial", "correction"}
    assert data["text_diff"] == [["equal", "トランプ"], ["insert", "前"], ["equal", "大統領"]]
    assert data["value_change"]["delta"] == "1"


def test_domain_diff_imports_nothing_impure():
    source = Path(diff.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    banned_top = {"rich", "typer", "sqlite3", "sqlite_utils", "datetime", "time", "os", "io"}
    banned_pkg = ("claimtrack.store", "claimtrack.services", "claimtrack.cli", "claimtrack.render")
    impure = [m for m in imported if m.split(".")[0] in banned_top or m.startswith(banned_pkg)]
    assert impure == []


@pytest.mark.parametrize("ranges", ["_UNSPACED_RANGES", "_COMBINING_RANGES"])
def test_the_one_character_test_agrees_with_the_patterns_class(ranges):
    """Tokens are cut by classes made from these ranges, and a lone character is
    tested by bisecting them: both must say the same of every character."""
    held = getattr(diff, ranges)
    bounds = diff._bounds(held)
    pattern = re.compile(f"[{in_class(held)}]")
    edges = {code + step for first, last in held for code in (first, last) for step in (-1, 0, 1)}
    for code in sorted(set(range(0x10000)) | edges):
        char = chr(code)
        assert diff._within(char, bounds) == bool(pattern.match(char)), f"U+{code:04X}"
