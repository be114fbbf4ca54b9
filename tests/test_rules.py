"""The contradiction rules, one at a time, then the pipeline around them."""

from __future__ import annotations

import ast
import itertools
import random
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.domain import intervals, rules
from claimtrack.domain.model import Claim, Value
from claimtrack.domain.rules import (
    RULES,
    CheckConfig,
    Finding,
    KeyResult,
    check,
    check_key,
    finding_id,
    summarize,
)
from claimtrack.render.wording import explain, explain_not_compared

B = Decimal(1_000_000_000)


# -- builders ------------------------------------------------------------------


def usd(
    amount: Decimal | int | str | None,
    *,
    raw: str | None = None,
    approx: bool = False,
    lower: Decimal | int | None = None,
    upper: Decimal | int | None = None,
    unit: str | None = "USD",
) -> Value:
    dec = lambda x: None if x is None else Decimal(x)  # noqa: E731
    return Value(
        kind="quantity",
        raw=raw or f"{amount} {unit}",
        amount=dec(amount),
        unit=unit,
        approx=approx,
        lower=dec(lower),
        upper=dec(upper),
    )


def day(iso: str, raw: str | None = None, offset: str | None = None) -> Value:
    precision = {1: "year", 2: "month", 3: "day"}[len(iso.split("-"))]
    return Value(kind="date", raw=raw or iso, date=iso, precision=precision, offset=offset)


def cat(text: str) -> Value:
    return Value(kind="categorical", raw=text, normalized=unicodedata.normalize("NFKC", text).casefold())


def claim(
    id: int,
    value: Value | None = None,
    *,
    source: str | None = None,
    key: str = "minerals-deal/us-rights-value",
    stance: str = "asserts",
    as_of: str | None = None,
    qualifiers: dict[str, str] | None = None,
    supersedes: int | None = None,
    text: str | None = None,
) -> Claim:
    name = source or f"Source {id}"
    return Claim(
        id=id,
        key=key,
        text=text or (value.raw if value else f"claim {id}"),
        source=name.lower().replace(" ", "-"),
        source_name=name,
        stance=stance,
        claimed_on="2025-03-01",
        as_of=as_of,
        value=value,
        qualifiers=qualifiers or {},
        supersedes=supersedes,
    )


def kinds(result: KeyResult) -> list[str]:
    """The kinds of what was found, notes left out."""
    return [f.kind for f in result.findings if f.category != "note"]


def notes(result: KeyResult) -> list[Finding]:
    return [f for f in result.findings if f.category == "note"]


def pair_ids(f: Finding) -> tuple[int, int]:
    return (f.claims[0].id, f.claims[1].id)


# -- value ---------------------------------------------------------------------


def test_same_value_written_differently_agrees():
    r = check_key([claim(1, usd(500 * B, raw="5000億ドル")), claim(2, usd(500 * B, raw="$500B"))])
    assert r.findings == () and r.not_compared == ()


def test_exact_350b_contradicts_500b():
    a = claim(1, usd(350 * B, raw="$350B"), source="Forbes Japan")
    b = claim(2, usd(500 * B, raw="5000億ドル"), source="時事ドットコム")
    r = check_key([a, b])
    assert kinds(r) == ["value"]
    f = r.findings[0]
    assert pair_ids(f) == (1, 2)
    assert f.sides[0].sources == ("Forbes Japan",) and f.sides[1].sources == ("時事ドットコム",)
    assert "$350B" in explain(f) and "5000億ドル" in explain(f)
    assert "Forbes Japan" in explain(f) and "時事ドットコム" in explain(f)
    assert explain(f).count(".") >= 1 and "\n" not in explain(f)


def test_tolerance_boundary_touching_is_consistent():
    # 1000 exact allows [995, 1005]; a range starting exactly at 1005 touches it.
    r = check_key([claim(1, usd(1000)), claim(2, usd(None, lower=1005, upper=1100))])
    assert r.findings == ()


def test_tolerance_just_beyond_boundary_is_a_contradiction():
    r = check_key([claim(1, usd(1000)), claim(2, usd(None, lower=Decimal("1005.01"), upper=1100))])
    assert kinds(r) == ["value"]


def test_two_exact_values_each_get_their_band():
    # 1000 -> [995, 1005]; 1010 -> [1004.95, 1015.05]: overlap. 1011 -> [1005.945, ...]: apart.
    assert check_key([claim(1, usd(1000)), claim(2, usd(1010))]).findings == ()
    assert kinds(check_key([claim(1, usd(1000)), claim(2, usd(1011))])) == ["value"]


def test_tolerance_comes_from_config():
    pair = [claim(1, usd(1000)), claim(2, usd(1001))]
    assert check_key(pair).findings == ()
    assert kinds(check_key(pair, CheckConfig(tolerance=Decimal(0)))) == ["value"]
    assert CheckConfig(tolerance=0.01).tolerance == Decimal("0.01")
    with pytest.raises(ValueError):
        CheckConfig(tolerance=Decimal("-0.1"))


def test_lower_bound_consistent_with_value_above_it():
    at_least = usd(350 * B, raw="3,500億ドル以上", lower=350 * B)
    assert check_key([claim(1, at_least), claim(2, usd(500 * B, raw="$500B"))]).findings == ()


def test_lower_bound_contradicts_value_below_it():
    at_least = usd(350 * B, raw="3,500億ドル以上", lower=350 * B)
    assert kinds(check_key([claim(1, at_least), claim(2, usd(300 * B, raw="$300B"))])) == ["value"]


def test_upper_bound_and_range():
    up_to = usd(None, raw="up to $400B", upper=400 * B)
    assert kinds(check_key([claim(1, up_to), claim(2, usd(500 * B))])) == ["value"]
    assert check_key([claim(1, up_to), claim(2, usd(390 * B))]).findings == ()
    between = usd(None, raw="$400B-$450B", lower=400 * B, upper=450 * B)
    assert check_key([claim(1, between), claim(2, usd(420 * B))]).findings == ()
    assert kinds(check_key([claim(1, between), claim(2, usd(500 * B))])) == ["value"]


def test_approx_500b_agrees_with_500b():
    approx = usd(500 * B, raw="約5000億ドル", approx=True)
    assert check_key([claim(1, approx), claim(2, usd(500 * B, raw="$500B"))]).findings == ()


def test_approx_500b_contradicts_400b():
    approx = usd(500 * B, raw="約5000億ドル", approx=True)
    r = check_key([claim(1, approx), claim(2, usd(400 * B, raw="$400B"))])
    assert kinds(r) == ["value"]
    assert "約5000億ドル (~USD 500,000,000,000)" in explain(r.findings[0])


def test_approx_band_edge():
    approx = usd(500 * B, approx=True)  # [450B, 550B]
    assert check_key([claim(1, approx), claim(2, usd(None, lower=550 * B, upper=600 * B))]).findings == ()
    assert kinds(check_key([claim(1, approx), claim(2, usd(None, lower=551 * B, upper=600 * B))])) == ["value"]


def test_quantity_without_amount_or_bounds_is_skipped():
    vague = Value(kind="quantity", raw="巨額", unit="USD")
    assert check_key([claim(1, vague), claim(2, usd(500 * B))]).findings == ()


def test_different_units_are_not_value_contradictions_but_not_compared():
    r = check_key(
        [
            claim(1, usd(500 * B, raw="$500B")),
            claim(2, usd(50, raw="50%", unit="%")),
            claim(3, usd(350 * B, raw="$350B")),
        ]
    )
    assert [pair_ids(f) for f in r.findings] == [(3, 1)]  # only the two USD values
    (entry,) = r.not_compared
    assert (entry.reason, entry.details, entry.claim_ids) == ("units", ("%", "USD"), (1, 2, 3))
    assert "count different things (% vs USD)" in explain_not_compared(entry)


def test_units_not_compared_is_one_entry_per_key_and_respects_qualifiers_and_time():
    r = check_key(
        [
            claim(1, usd(500 * B), qualifiers={"measure": "rights"}),
            claim(2, usd(50, unit="%"), qualifiers={"measure": "revenue share"}),
        ]
    )
    assert r.not_compared == ()
    r = check_key(
        [claim(1, usd(500 * B)), claim(2, usd(50, unit="%")), claim(3, usd(5, unit=None), as_of="2025-04")]
    )
    assert [(e.reason, e.details) for e in r.not_compared] == [("units", ("%", "USD"))]


# -- scoping -------------------------------------------------------------------


def test_qualifiers_keep_claims_apart():
    r = check_key(
        [
            claim(1, usd(500 * B), qualifiers={"scope": "total"}),
            claim(2, usd(350 * B), qualifiers={"scope": "first tranche"}),
        ]
    )
    assert r.findings == ()
    r = check_key(
        [
            claim(1, usd(500 * B), qualifiers={"scope": "total"}),
            claim(2, usd(350 * B), qualifiers={"scope": "total"}),
        ]
    )
    assert kinds(r) == ["value"]


def test_as_of_separates_change_over_time():
    assert check_key([claim(1, usd(500 * B), as_of="2025-02"), claim(2, usd(350 * B), as_of="2025-03")]).findings == ()
    assert kinds(check_key([claim(1, usd(500 * B), as_of="2025-03"), claim(2, usd(350 * B), as_of="2025-03")])) == [
        "value"
    ]


def test_as_of_none_matches_only_none():
    assert check_key([claim(1, usd(500 * B)), claim(2, usd(350 * B), as_of="2025-03")]).findings == ()
    assert kinds(check_key([claim(1, usd(500 * B)), claim(2, usd(350 * B))])) == ["value"]


def test_as_of_month_and_day_inside_it_are_different_times():
    r = check_key([claim(1, usd(500 * B), as_of="2025-03"), claim(2, usd(350 * B), as_of="2025-03-01")])
    assert r.findings == ()


def test_superseded_claim_is_set_aside():
    old = claim(1, usd(350 * B))
    correction = claim(3, usd(500 * B), supersedes=1)
    r = check_key([old, claim(2, usd(500 * B)), correction])
    assert r.findings == ()
    assert r.set_aside == (1,)


def test_excluded_claim_is_set_aside():
    cs = [claim(1, usd(350 * B)), claim(2, usd(500 * B))]
    assert kinds(check_key(cs)) == ["value"]
    r = check_key(cs, excluded=frozenset({1}))
    assert r.findings == () and r.set_aside == (1,)


def test_claim_superseding_an_id_outside_the_input_changes_nothing():
    r = check_key([claim(1, usd(350 * B), supersedes=99), claim(2, usd(500 * B))])
    assert kinds(r) == ["value"]


# -- dates ---------------------------------------------------------------------


def test_one_day_apart_is_a_contradiction_that_says_it_may_be_time_zones():
    tokyo = claim(1, day("2025-03-01", raw="2025年3月1日"), source="Forbes Japan")
    washington = claim(2, day("2025-02-28", raw="Feb 28, 2025"), source="Reuters")
    r = check_key([tokyo, washington])
    assert [(f.id, f.kind, f.near) for f in r.findings] == [("d-1-2", "date", True)]
    said = explain(r.findings[0])
    assert "2025年3月1日" in said and "Feb 28, 2025" in said and "two time zones" in said


def test_one_day_apart_with_offsets_that_make_one_moment_is_a_timezone_note():
    """10:00 on 1 March in Tokyo is 20:00 on 28 February in Washington: one moment."""
    tokyo = claim(1, day("2025-03-01", raw="2025-03-01T10:00+09:00", offset="+09:00"), source="Forbes Japan")
    washington = claim(2, day("2025-02-28", raw="2025-02-28T20:00-05:00", offset="-05:00"), source="Reuters")
    r = check_key([tokyo, washington])
    assert kinds(r) == []
    (note,) = notes(r)
    assert (note.id, note.kind, pair_ids(note)) == ("t-1-2", "timezone", (2, 1))  # earlier date first
    assert "one moment seen from two time zones" in explain(note)
    # Offsets that cannot make one moment (both in Tokyo) leave it a contradiction.
    other = claim(2, day("2025-02-28", offset="+09:00"), source="Reuters")
    assert [(f.kind, f.near) for f in check_key([tokyo, other]).findings] == [("date", True)]


def test_days_further_apart_contradict():
    r = check_key([claim(1, day("2025-03-01")), claim(2, day("2025-02-26"))])
    assert kinds(r) == ["date"] and notes(r) == []
    assert r.findings[0].id == "d-1-2"
    assert "2025-03-01" in explain(r.findings[0])


def test_two_days_apart_contradict():
    assert kinds(check_key([claim(1, day("2025-03-01")), claim(2, day("2025-02-27"))])) == ["date"]


def test_month_and_a_day_inside_it_agree_without_note():
    r = check_key([claim(1, day("2025-03", raw="2025年3月")), claim(2, day("2025-03-15"))])
    assert r.findings == ()


def test_month_and_a_day_outside_it():
    assert kinds(check_key([claim(1, day("2025-03")), claim(2, day("2025-04-02"))])) == ["date"]
    r = check_key([claim(1, day("2024-02")), claim(2, day("2024-03-01"))])  # leap month end + 1 day
    assert [(f.kind, f.near) for f in r.findings] == [("date", True)]


def test_year_precision():
    assert check_key([claim(1, day("2025")), claim(2, day("2025-12-31"))]).findings == ()
    assert kinds(check_key([claim(1, day("2025")), claim(2, day("2026-01-05"))])) == ["date"]


def test_date_slack_zero_makes_a_day_apart_a_contradiction():
    cs = [claim(1, day("2025-03-01")), claim(2, day("2025-02-28"))]
    r = check_key(cs, CheckConfig(date_slack_days=0))
    assert kinds(r) == ["date"] and notes(r) == []


# -- categorical ---------------------------------------------------------------


def test_president_vs_former_president():
    r = check_key(
        [
            claim(1, cat("大統領"), source="時事ドットコム", key="trump/title"),
            claim(2, cat("前大統領"), source="Forbes Japan", key="trump/title"),
        ]
    )
    assert kinds(r) == ["categorical"]
    f = r.findings[0]
    assert f.id == "c-1-2"
    assert "大統領" in explain(f) and "前大統領" in explain(f)


def test_categorical_normalisation_agrees():
    r = check_key([claim(1, cat("ＰＲＥＳＩＤＥＮＴ")), claim(2, cat("President"))])
    assert r.findings == ()


def test_categorical_one_finding_per_pair_of_values():
    cs = [claim(i, cat("大統領"), source=f"S{i}") for i in range(1, 6)]
    cs += [claim(i, cat("前大統領"), source=f"S{i}") for i in range(6, 9)]
    r = check_key(cs)
    assert len(r.findings) == 1
    f = r.findings[0]
    assert pair_ids(f) == (1, 6)
    assert f.sides[0].sources == ("S1", "S2", "S3", "S4", "S5")
    assert f.sides[1].sources == ("S6", "S7", "S8")
    cs.append(claim(9, cat("元大統領")))
    assert len(check_key(cs).findings) == 3


# -- stance --------------------------------------------------------------------


def test_assert_vs_deny_lists_all_sources_on_each_side():
    r = check_key(
        [
            claim(1, None, source="Forbes Japan", text="協定は署名されなかった"),
            claim(2, None, source="時事ドットコム", text="協定は署名されなかった"),
            claim(3, None, source="朝日新聞GLOBE+", stance="denies", text="協定は署名された"),
        ]
    )
    assert kinds(r) == ["stance"]
    f = r.findings[0]
    assert f.sides[0].sources == ("Forbes Japan", "時事ドットコム")
    assert f.sides[1].sources == ("朝日新聞GLOBE+",)
    assert f.id == "s-1-3"
    assert "Forbes Japan and 時事ドットコム assert" in explain(f) and "朝日新聞GLOBE+ denies" in explain(f)


def test_only_assertions_or_only_denials_do_not_conflict():
    assert check_key([claim(1), claim(2)]).findings == ()
    assert check_key([claim(1, stance="denies"), claim(2, stance="denies")]).findings == ()


def test_denial_of_one_value_meets_only_assertions_of_that_value():
    denied = claim(1, usd(500 * B, raw="$500B"), stance="denies")
    assert check_key([denied, claim(2, usd(350 * B))]).findings == ()
    r = check_key([denied, claim(2, usd(500 * B, raw="約5000億ドル", approx=True))])
    assert kinds(r) == ["stance"]


def test_denial_without_value_meets_every_assertion():
    r = check_key([claim(1, usd(500 * B)), claim(2, None, stance="denies")])
    assert kinds(r) == ["stance"]


def test_value_rules_ignore_denials():
    r = check_key([claim(1, cat("大統領")), claim(2, cat("前大統領"), stance="denies")])
    assert r.findings == ()


def test_stance_respects_scope():
    r = check_key([claim(1, as_of="2025-02"), claim(2, stance="denies", as_of="2025-03")])
    assert r.findings == ()


# -- the sweep -----------------------------------------------------------------


@pytest.mark.parametrize("outlier_amount", [350, 700])
def test_many_agreeing_and_one_outlier(outlier_amount):
    agreeing = [claim(i, usd(500 * B), source=f"Outlet {i}") for i in range(1, 101)]
    outlier = claim(101, usd(outlier_amount * B), source="Odd One")
    r = check_key([*agreeing, outlier])
    assert len(r.findings) == 1  # not 100, and not 100*100
    f = r.findings[0]
    assert 101 in pair_ids(f)
    odd_side = f.sides[0].ids if f.sides[0].ids == (101,) else f.sides[1].ids
    other_side = f.sides[1].ids if odd_side is f.sides[0].ids else f.sides[0].ids
    assert odd_side == (101,) and other_side == tuple(range(1, 101))
    assert len(f.sides[0].sources) + len(f.sides[1].sources) == 101


def test_varied_agreeing_values_and_one_outlier():
    rng = random.Random(7)
    agreeing = []
    for i in range(1, 101):
        roll = rng.random()
        if roll < 0.3:
            v = usd(500 * B, approx=True)
        elif roll < 0.5:
            v = usd(None, lower=400 * B)
        else:
            v = usd(500 * B + rng.randint(-2, 2) * B)
        agreeing.append(claim(i, v))
    r = check_key([*agreeing, claim(101, usd(100 * B))])
    assert r.findings, "the outlier must be found"
    for f in r.findings:
        assert 101 in pair_ids(f)
    covered = {(a, b) for f in r.findings for a in f.sides[0].ids for b in f.sides[1].ids}
    assert all(101 in p for p in covered)
    assert len(covered) == 100


def test_sweep_scales():
    many = [claim(i, usd(500 * B + (i % 7) * B // 10)) for i in range(1, 20_001)]
    r = check_key([*many, claim(20_001, usd(1 * B))])
    assert len(r.findings) == 1


def _brute_force_conflicts(cs: list[Claim], config: CheckConfig) -> set[frozenset[int]]:
    out = set()
    for a, b in itertools.combinations(cs, 2):
        ia, ib = intervals.quantity_interval(a.value, config), intervals.quantity_interval(b.value, config)
        if ia and ib and (ia[1] < ib[0] or ib[1] < ia[0]):
            out.add(frozenset((a.id, b.id)))
    return out


quantities = st.one_of(
    st.builds(lambda a: usd(a), st.integers(0, 60)),
    st.builds(lambda a: usd(a, approx=True), st.integers(0, 60)),
    st.builds(lambda a: usd(a, lower=a), st.integers(0, 60)),
    st.builds(lambda a: usd(None, upper=a), st.integers(0, 60)),
    st.builds(lambda a, w: usd(None, lower=a, upper=a + w), st.integers(0, 60), st.integers(0, 10)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(quantities, min_size=2, max_size=25))
def test_sweep_finds_exactly_the_disjoint_pairs_once(values):
    cs = [claim(i, v) for i, v in enumerate(values, start=1)]
    config = CheckConfig()
    r = check_key(cs, config)
    covered: list[frozenset[int]] = []
    for f in r.findings:
        assert f.kind == "value"
        assert f.claims[0].id in f.sides[0].ids and f.claims[1].id in f.sides[1].ids
        assert f.claims[0].id == min(f.sides[0].ids) and f.claims[1].id == min(f.sides[1].ids)
        covered += [frozenset((a, b)) for a in f.sides[0].ids for b in f.sides[1].ids]
    assert len(covered) == len(set(covered))
    assert set(covered) == _brute_force_conflicts(cs, config)
    assert len({f.id for f in r.findings}) == len(r.findings)


dates = st.builds(
    lambda d, p: day(f"2025-{1 + d // 28:02d}" if p == "month" else f"2025-{1 + d // 28:02d}-{1 + d % 28:02d}"),
    st.integers(0, 28 * 3 - 1),
    st.sampled_from(["month", "day", "day"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(dates, min_size=2, max_size=20))
def test_date_sweep_matches_brute_force(values):
    cs = [claim(i, v) for i, v in enumerate(values, start=1)]
    r = check_key(cs)
    spans = {c.id: intervals.date_span(c.value) for c in cs}
    want_conflict, want_near = set(), set()
    for a, b in itertools.combinations(cs, 2):
        (alo, ahi), (blo, bhi) = spans[a.id], spans[b.id]
        gap = max(blo - ahi, alo - bhi)
        one_day = a.value.precision == "day" or b.value.precision == "day"
        if gap > 1 or (gap == 1 and not one_day):  # two months that touch are two months
            want_conflict.add(frozenset((a.id, b.id)))
        elif gap == 1:
            want_near.add(frozenset((a.id, b.id)))
    def pairs(found):
        return {frozenset((x, y)) for f in found for x in f.sides[0].ids for y in f.sides[1].ids}

    # Without UTC offsets nothing explains a one-day gap: it is a contradiction marked near.
    assert pairs(f for f in r.findings if f.kind == "date" and not f.near) == want_conflict
    assert pairs(f for f in r.findings if f.kind == "date" and f.near) == want_near
    assert notes(r) == []


# -- ids -----------------------------------------------------------------------


def test_finding_id_format_and_order():
    assert finding_id("value", 40, 12) == "v-12-40"
    assert finding_id("value", 12, 40) == "v-12-40"
    assert finding_id("stance", 3, 1) == "s-1-3"
    assert finding_id("timezone", 1, 2) == "t-1-2"


def test_finding_ids_stable_across_runs_order_and_later_claims():
    cs = [claim(12, usd(350 * B)), claim(40, usd(500 * B)), claim(41, usd(500 * B))]
    first = check_key(cs)
    assert [f.id for f in first.findings] == ["v-12-40"]
    assert [f.id for f in check_key(list(reversed(cs))).findings] == ["v-12-40"]
    later = check_key([*cs, claim(77, usd(501 * B))])
    assert [f.id for f in later.findings] == ["v-12-40"]
    assert later.findings[0].sides[1].ids == (40, 41, 77)


# -- errors --------------------------------------------------------------------


def test_crashing_rule_becomes_an_error_finding():
    def rule_broken(claims, config):
        raise RuntimeError("boom")

    cs = [claim(1, usd(350 * B)), claim(2, usd(500 * B))]
    r = check_key(cs, rules=(rule_broken, *RULES))
    assert kinds(r) == ["error", "value"]
    err = r.findings[0]
    assert "broken" in explain(err) and "boom" in explain(err)
    assert err.id == "e-broken-1-2"


def test_crashing_generator_rule_is_caught_too():
    def rule_lazy(claims, config):
        yield from ()
        raise KeyError("late")

    r = check_key([claim(1), claim(2)], rules=(rule_lazy,))
    assert kinds(r) == ["error"]


def test_a_malformed_date_is_listed_as_unreadable_not_a_crash():
    bad = Value(kind="date", raw="someday", date="someday", precision="day")
    r = check_key([claim(1, bad), claim(2, day("2025-03-01")), claim(3, cat("x")), claim(4, cat("y"))])
    assert sorted(kinds(r)) == ["categorical"]
    assert [(e.reason, e.claim_ids, e.details) for e in r.not_compared if e.reason == "unreadable"] == [
        ("unreadable", (1,), ("someday",))
    ]


def test_check_key_rejects_empty_or_mixed_keys():
    with pytest.raises(ValueError):
        check_key([])
    with pytest.raises(ValueError):
        check_key([claim(1, key="a"), claim(2, key="b")])


# -- streaming -----------------------------------------------------------------


def test_check_streams_key_by_key():
    consumed: list[int] = []

    def stream():
        for c in [
            claim(1, usd(350 * B), key="a"),
            claim(2, usd(500 * B), key="a"),
            claim(3, cat("大統領"), key="b"),
            claim(4, cat("前大統領"), key="b"),
        ]:
            consumed.append(c.id)
            yield c

    results = check(stream())
    first = next(results)
    assert first.key == "a" and kinds(first) == ["value"]
    assert consumed == [1, 2, 3]  # groupby looks one claim ahead, no further
    second = next(results)
    assert second.key == "b" and kinds(second) == ["categorical"]
    assert next(results, None) is None


def test_check_rejects_unsorted_input():
    with pytest.raises(ValueError, match="sorted"):
        list(check([claim(1, key="b"), claim(2, key="a")]))
    with pytest.raises(ValueError, match="sorted"):
        list(check([claim(1, key="a"), claim(2, key="b"), claim(3, key="a")]))


def test_check_passes_excluded_and_config():
    cs = [claim(1, usd(1000), key="a"), claim(2, usd(1001), key="a")]
    assert [kinds(r) for r in check(cs)] == [[]]
    assert [kinds(r) for r in check(cs, CheckConfig(tolerance=Decimal(0)))] == [["value"]]
    assert [kinds(r) for r in check(cs, CheckConfig(tolerance=Decimal(0)), frozenset({2}))] == [[]]


def test_summary_counts():
    results = list(
        check(
            [
                claim(1, usd(350 * B), key="a"),
                claim(2, usd(500 * B), key="a"),
                claim(3, usd(50, unit="%"), key="a"),
                claim(4, day("2025-03-01", offset="+09:00"), key="b"),
                claim(5, day("2025-02-28", offset="-05:00"), key="b"),
                claim(6, cat("大統領"), key="c"),
                claim(7, cat("前大統領"), key="c", supersedes=6),
                claim(8, cat("前大統領"), key="c"),
                claim(9, key="d"),
                claim(10, key="d", stance="denies"),
            ]
        )
    )
    summary = summarize(results, {"v-1-2"}, keys=4, claims=10, set_aside=1)
    assert summary.keys == 4 and summary.claims == 10 and summary.set_aside == 1
    assert summary.by_kind == {"value": 1, "stance": 1}
    assert summary.findings == 2 and summary.resolved == 1 and summary.unresolved == 1
    assert summary.notes == 1 and summary.not_compared == {"units": 1} and summary.errors == 0
    j = summary.to_json()
    assert j["contradictions"] == 2 and j["by_kind"] == {"stance": 1, "value": 1}


# -- purity --------------------------------------------------------------------


def test_rules_module_is_pure():
    source = Path(rules.__file__).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    banned = ("rich", "typer", "sqlite3", "sqlite_utils", "claimtrack.store", "claimtrack.services",
              "claimtrack.cli", "claimtrack.render", "os", "time", "io", "pathlib")
    assert not {m for m in imported if any(m == b or m.startswith(b + ".") for b in banned)}
    assert "datetime.now" not in source and "date.today" not in source


def test_denials_of_one_day_are_one_group_whatever_their_offsets():
    """A UTC offset says where a date was seen, not which date: two denials of
    1 March, one with +09:00, deny one thing and give one finding."""
    cs = [
        claim(1, day("2025-03-01")),
        claim(2, day("2025-03-01"), stance="denies"),
        claim(3, day("2025-03-01", offset="+09:00"), stance="denies"),
    ]
    r = check_key(cs)
    assert [(f.id, f.sides[1].ids) for f in r.findings] == [("s-1-2", (2, 3))]
