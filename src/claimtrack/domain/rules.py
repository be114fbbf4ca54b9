"""Contradiction rules: pure functions from the claims of one key to findings.

The pipeline for one key (``check_key``):

1. Set aside claims that no longer speak: a claim whose id is another input
   claim's ``supersedes``, and any id in ``excluded`` (marked wrong by a user).
2. Split the rest into *scopes* by ``as_of``, compared as written at its
   precision (``2025-03`` and ``2025-03-01`` are different times: equality
   keeps scopes a partition, where "the month contains the day" would not be
   transitive). ``None`` matches only ``None``. Different ``as_of`` values
   are change over time, never a contradiction.
3. Within a scope, claims with equal ``qualifiers`` form a *group*; only
   claims of one group are compared. Where claims of different groups would
   have made a finding (a price for ``ticket=adult`` against a price with no
   qualifier), they are listed as not compared, reason ``qualifiers``.
4. Time: claims that share an ``as_of`` speak about one time and are all
   compared, whenever they were made. Without ``as_of``, a claim's date
   stands for the time it speaks about: claims are compared only when their
   dates (``claimed_on``; a month covers the month) are no more than
   ``CheckConfig.window_days`` apart; undated claims are compared with all.
   First, a later claim from the same *origin* (source and speaker)
   replaces that origin's earlier claims in the group: a revision, not a
   contradiction, however long after it came. A dated claim is later than an
   undated one; two undated claims are in recorded order. What remains is
   cut into *windows*: for each claim, the claims dated from it to
   ``window_days`` after its last day, keeping only windows not inside
   another.
5. Every function in ``RULES`` runs on each window of two or more claims. A
   rule yields ``Finding`` objects (data, never sentences: render/ words
   them) and ``NotCompared`` entries for what it could not compare (units
   that do not map to one canonical unit, an amount whose currency has no
   rate, a value with no definite reading). A finding's ``category`` is a
   contradiction, a note (two claims that look different but were judged
   consistent, and why) or an error: a rule that raises becomes one finding
   of kind ``error`` naming the rule, and the other rules still run. When a
   group has several windows, overlapping windows can see one disagreement
   each in part: findings of one kind that share a claim on each side are
   merged into one.
6. Values of different kinds in one window (a quantity and a date or text)
   are listed as not compared, reason ``value_kinds``; text that holds a
   figure the parser could not read (``several billion yen``) as ``unreadable``.
7. Revisions: in each group, the dated assertions in timeline order give the
   key's figure over time. A step is recorded from the figure standing to a
   later claim whose value differs (beyond tolerance) and that either comes
   from the same origin or is dated beyond the window; a different figure
   from another origin within the window is a contradiction's business, not
   a revision.

Stance and values:

* ``value``, ``date`` and ``categorical`` compare only claims that both
  *assert*.
* ``stance`` pairs assertions with denials. A denial without a value denies
  the claim as a whole and meets every assertion in the window. A denial with
  a value ("it was not $500B") meets only assertions whose value agrees with
  the denied one under the same tolerance the value rules use; an assertion
  of $350B does not contradict a denial of $500B.

Units and currencies: quantities are compared by canonical unit
(``domain/units.py``: 人 and visitors both count people). Amounts in
different currencies are compared by converting one side at the rate of its
claim's date from ``CheckConfig.rates``, with ``fx_tolerance`` around the
converted amount for rounding in the telling; the finding carries the rates.

Pairs, not a flood:

* ``value`` and ``date`` sort intervals by their lower end and sweep. For
  each claim the claims lying wholly above it form a suffix of that order;
  claims with the same suffix are one finding, listing every source on each
  side. N agreeing claims and one outlier give one finding, not N, and never
  N*N comparisons: the work is O(N log N) plus the size of the findings.
* ``categorical`` groups claims by normalised value and reports one finding
  per pair of distinct values.
* ``stance`` reports one finding per group of identical denials, listing every
  asserting source it meets.
* A finding has two ``sides``; each names every claim and source on it and a
  representative claim: the lowest claim id on that side, which stays put as
  newer (higher-id) claims join it.

Finding ids are ``<letter>-<low id>-<high id>`` from the representative pair:
``v`` value, ``d`` date, ``c`` categorical, ``s`` stance, ``t`` time-zone
note; an error finding is ``e-<rule>-<low id>-<high id>`` over its window.
Short to type (``claimtrack resolve v-12-40``) and stable across runs.

Time zones: one event can fall on 1 March in Tokyo and on 28 February in
Washington, but a day's difference can as well be an error. Two dates within
``CheckConfig.date_slack_days`` (after precision is taken into account) are a
``date`` contradiction marked ``near``, worded as possibly two time zones, for
a person to resolve; only when every claim involved carries a UTC offset and
the offsets make the dates one moment are they a ``timezone`` note instead.
"""

from __future__ import annotations

import dataclasses
import itertools
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

from msgspec import structs

from claimtrack.domain import periods
from claimtrack.domain.diff import ValueChange, claim_sort_key, value_change
from claimtrack.domain.intervals import CheckConfig, date_span, has_interval, quantity_interval
from claimtrack.domain.model import Claim, Resolution, Value, value_identity
from claimtrack.domain.money import Rate, is_currency
from claimtrack.domain.text import fold
from claimtrack.domain.units import canonical, is_count
from claimtrack.domain.values import looks_like_a_figure

if TYPE_CHECKING:  # pragma: no cover
    from claimtrack.domain.plot import Plot

__all__ = [
    "FINDING_KINDS",
    "REASONS",
    "RULES",
    "CheckConfig",
    "Finding",
    "KeyResult",
    "NotCompared",
    "Report",
    "Rule",
    "Side",
    "Step",
    "Summary",
    "Voice",
    "check",
    "check_key",
    "finding_id",
    "origin",
    "rate_day",
    "revision_steps",
    "rule_categorical",
    "rule_date",
    "rule_stance",
    "rule_value",
    "summarize",
    "units_of",
]

#: Orders claims by id, which is recorded order.
_BY_ID = attrgetter("id")

Category = Literal["contradiction", "note", "error"]

#: Each kind a finding can have: its id's letter and its category.
KINDS: Mapping[str, tuple[str, Category]] = {
    "value": ("v", "contradiction"),
    "date": ("d", "contradiction"),
    "categorical": ("c", "contradiction"),
    "stance": ("s", "contradiction"),
    "timezone": ("t", "note"),
    "error": ("e", "error"),
}
#: Kinds a contradiction or error can have, in the order rules run.
FINDING_KINDS = tuple(kind for kind, (_, category) in KINDS.items() if category != "note")

#: Why claims were not compared: their units do not map to one canonical unit;
#: an amount's currency has no rate for its date; their qualifiers differ;
#: their values are of different kinds; a value has no definite reading.
REASONS = ("units", "no_rate", "qualifiers", "value_kinds", "unreadable")


@dataclass(frozen=True, slots=True)
class Voice:
    """One source's say on a side of a finding: the value it gave (None for a
    claim without a value) and the claims that gave it."""

    source: str
    claim_ids: tuple[int, ...]
    value: Value | None

    def to_json(self) -> dict[str, Any]:
        """The value as written: ``{"source": "Asahi", "claims": [3], "value": "1250億円"}``."""
        return {
            "source": self.source, "claims": list(self.claim_ids),
            "value": self.value.raw if self.value is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a finding: every claim on it, their sources, and the
    representative claim (the lowest id)."""

    claim: Claim
    ids: tuple[int, ...]
    #: Display names of the sources, in claim-id order without repeats.
    sources: tuple[str, ...]
    #: Every claim on the side, in id order.
    claims: tuple[Claim, ...] = ()
    #: :attr:`voices` once worked out (a report words each side twice).
    _voices: tuple[Voice, ...] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, claims: Iterable[Claim]) -> Side:
        ordered = sorted(claims, key=_BY_ID)
        return cls(
            claim=ordered[0],
            ids=tuple([c.id for c in ordered]),
            sources=tuple(dict.fromkeys([c.source_name for c in ordered])),
            claims=tuple(ordered),
        )

    @property
    def voices(self) -> tuple[Voice, ...]:
        """Each source with each value it gave on this side, in claim-id order."""
        if self._voices is not None:
            return self._voices
        held: dict[tuple[str, str | None], list[Claim]] = {}
        for c in self.claims:
            held.setdefault((c.source_name, c.value.raw if c.value is not None else None), []).append(c)
        voices = tuple([
            Voice(source=source, claim_ids=tuple([c.id for c in claims]), value=claims[0].value)
            for (source, _), claims in held.items()
        ])
        object.__setattr__(self, "_voices", voices)  # frozen, but this is a cache of its own fields
        return voices


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found about two sides of a key: data, worded by render/.

    ``rule`` is the rule that produced it (for an ``error``, the rule that
    failed, and ``error`` the exception it raised). ``near`` marks dates no
    further apart than ``CheckConfig.date_slack_days``: possibly one day seen
    from two time zones, which a person can resolve as explained.
    """

    id: str
    key: str
    kind: str
    sides: tuple[Side, Side]
    rule: str
    error: str = ""
    near: bool = False
    #: The unit a bare number on either side was taken to count, because every
    #: other quantity of its window counts that unit; None when none was assumed.
    assumed_unit: str | None = None
    #: The exchange rates the comparison converted with, when the sides are in
    #: different currencies.
    rates: tuple[Rate, ...] = ()

    @property
    def category(self) -> Category:
        return KINDS[self.kind][1]

    @property
    def claims(self) -> tuple[Claim, Claim]:
        """The representative pair: one claim from each side."""
        return self.sides[0].claim, self.sides[1].claim

    @property
    def claim_ids(self) -> tuple[int, ...]:
        """Every claim the finding involves."""
        return tuple(dict.fromkeys((*self.sides[0].ids, *self.sides[1].ids, *(c.id for c in self.claims))))


@dataclass(frozen=True, slots=True)
class NotCompared:
    """Claims under one key that were not compared with each other, and why
    (one of ``REASONS``)."""

    key: str
    reason: str
    claim_ids: tuple[int, ...]
    #: What kept them apart, one item each: the canonical units (None: no
    #: unit), the currency conversions without a rate (``USD→JPY 1998-05-01``),
    #: the qualifier sets (``ticket=adult``; empty: none), the value kinds, or
    #: the values that could not be read.
    details: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Step:
    """One change of a key's figure over time: from the claim that stood to
    the later claim that changed it."""

    before: Claim
    after: Claim
    change: ValueChange
    #: The same source and speaker changed its own figure.
    same_origin: bool


@dataclass(frozen=True, slots=True)
class KeyResult:
    """Everything the check found for one key.

    ``findings`` are in the order the rules produced them; ``not_compared``
    has one entry per reason, in the order of ``REASONS``; ``revisions`` are
    the steps of the key's figure in timeline order; ``set_aside`` lists the
    ids left out as superseded or excluded.
    """

    key: str
    findings: tuple[Finding, ...] = ()
    not_compared: tuple[NotCompared, ...] = ()
    revisions: tuple[Step, ...] = ()
    set_aside: tuple[int, ...] = ()

    @property
    def shows_something(self) -> bool:
        return bool(self.findings or self.not_compared or self.revisions)


Rule = Callable[[Sequence[Claim], CheckConfig], Iterable[Finding | NotCompared]]


def finding_id(kind: str, a_id: int, b_id: int) -> str:
    """The stable id of a finding: ``v-12-40`` for a value finding on claims 12 and 40.

    The order of the ids does not matter. Unknown kinds use the kind itself
    as the prefix.
    """
    lo, hi = (a_id, b_id) if a_id <= b_id else (b_id, a_id)
    return f"{KINDS[kind][0] if kind in KINDS else kind}-{lo}-{hi}"


#: Each quantity's canonical unit and interval under a config, by the value's
#: identity: the overlapping windows of a key meet one claim several times.
#: Holding the value keeps its id from being reused; check_key empties it.
_READINGS: dict[int, tuple[Value, CheckConfig, str | None, tuple[Decimal, Decimal] | None]] = {}


def _reading(value: Value, config: CheckConfig) -> tuple[str | None, tuple[Decimal, Decimal] | None]:
    """A quantity's canonical unit and :func:`quantity_interval`, remembered while a key is checked."""
    held = _READINGS.get(id(value))
    if held is not None and held[0] is value and held[1] is config:
        return held[2], held[3]
    unit, interval = canonical(value.unit, config.units), quantity_interval(value, config)
    if len(_READINGS) >= 100_000:  # rules called outside check_key: stay bounded
        _READINGS.clear()
    _READINGS[id(value)] = (value, config, unit, interval)
    return unit, interval


def _values_agree(a: Value, b: Value, config: CheckConfig) -> bool:
    """True when two values could describe the same fact (used by ``stance``
    and by the revision steps)."""
    if a.kind != b.kind:
        return False
    if a.kind == "quantity":
        (unit_a, ia), (unit_b, ib) = _reading(a, config), _reading(b, config)
        if unit_a != unit_b:
            return False
        if ia is None or ib is None:
            return False
        return ia[0] <= ib[1] and ib[0] <= ia[1]
    if a.kind == "date":
        (alo, ahi), (blo, bhi) = date_span(a), date_span(b)
        slack = config.date_slack_days
        return alo <= bhi + slack and blo <= ahi + slack
    return value_identity(a) == value_identity(b)


def _finding(
    kind: str, rule: str, side_a: Sequence[Claim], side_b: Sequence[Claim], *, near: bool = False,
    rates: tuple[Rate, ...] = (),
) -> Finding:
    a, b = Side.of(side_a), Side.of(side_b)
    return Finding(
        id=finding_id(kind, a.claim.id, b.claim.id), key=a.claim.key, kind=kind, sides=(a, b), rule=rule, near=near,
        rates=rates,
    )


def _not_compared(reason: str, claims: Iterable[Claim], details: Iterable[str | None]) -> NotCompared:
    ordered = sorted({c.id: c for c in claims}.values(), key=_BY_ID)
    return NotCompared(
        key=ordered[0].key, reason=reason, claim_ids=tuple(c.id for c in ordered), details=tuple(dict.fromkeys(details))
    )


# -- the sweep -----------------------------------------------------------------

_Interval = tuple[Any, Any, Claim]
_Groups = list[tuple[list[Claim], list[Claim]]]


def _sweep(items: list[_Interval], slack: Any) -> tuple[_Groups, _Groups]:
    """Pairs of claim groups whose intervals are apart, from one sorted pass.

    Returns ``(conflicts, near)``. A conflict pair (lower group, upper group)
    has every upper interval starting more than ``slack`` above the end of
    every lower one. A near pair is apart but within ``slack``. Claims whose
    set of upper partners is the same form one lower group, so the output
    grows with the distinct groups, not with the number of claim pairs.
    """
    items = sorted(items, key=lambda t: (t[0], t[2].id))
    los = [t[0] for t in items]
    n = len(items)
    conflicts: dict[int, list[Claim]] = {}
    near: dict[tuple[int, int], list[Claim]] = {}
    for _lo, hi, claim in items:
        # No arithmetic without slack: Decimal addition rounds to 28 digits.
        start = bisect_right(los, hi + slack if slack else hi)
        if start < n:
            conflicts.setdefault(start, []).append(claim)
        if slack:
            first_apart = bisect_right(los, hi)
            if first_apart < start:
                near.setdefault((first_apart, start), []).append(claim)
    upper = [t[2] for t in items]
    return (
        [(lower, upper[s:]) for s, lower in sorted(conflicts.items())],
        [(lower, upper[a:b]) for (a, b), lower in sorted(near.items())],
    )


def _asserted(claims: Iterable[Claim], kind: str) -> list[tuple[Claim, Value]]:
    """The claims that assert a value of ``kind``, with that value."""
    return [(c, c.value) for c in claims if c.stance == "asserts" and c.value is not None and c.value.kind == kind]


# -- the rules -----------------------------------------------------------------


def units_of(
    quantities: Iterable[tuple[Claim, Value]], config: CheckConfig
) -> tuple[dict[int, str | None], str | None]:
    """The canonical unit of each quantity (by claim id), and the unit a bare
    number was taken to count: when every quantity with a unit counts one
    thing (people, countries), a bare number beside them counts it too."""
    held = [(c, _reading(value, config)[0]) for c, value in quantities]
    named = {unit for _, unit in held if unit is not None}
    assumed = next(iter(named)) if len(named) == 1 and is_count(next(iter(named))) else None
    if assumed is None or all(unit is not None for _, unit in held):
        return {c.id: unit for c, unit in held}, None
    return {c.id: unit if unit is not None else assumed for c, unit in held}, assumed


def rate_day(claim: Claim) -> date | None:
    """The day whose exchange rate converts a claim's amount: its date, else
    the time it speaks about, else None (the latest rate)."""
    for text in (claim.claimed_on, claim.as_of):
        if text:
            try:
                return periods.span(text)[0]
            except ValueError:
                continue
    return None


def _across(
    base: str, quote: str, by_unit: Mapping[str | None, list[_Interval]], config: CheckConfig
) -> Iterator[Finding | NotCompared]:
    """Amounts in ``base`` against amounts in ``quote``: each ``base`` amount
    is converted at the rate of its claim's day and given ``fx_tolerance``
    around it; a finding keeps only pairs across the two currencies."""
    items: list[_Interval] = list(by_unit[quote])
    rate_of: dict[int, Rate] = {}
    missing: list[tuple[Claim, date | None]] = []
    widen_down, widen_up = 1 - config.fx_tolerance, 1 + config.fx_tolerance
    for lo, hi, claim in by_unit[base]:
        day = rate_day(claim)
        rate = config.rates.rate(base, quote, day)
        if rate is None:
            missing.append((claim, day))
            continue
        rate_of[claim.id] = rate
        lo, hi = lo * rate.rate, hi * rate.rate
        items.append((lo * (widen_down if lo > 0 else widen_up), hi * (widen_up if hi > 0 else widen_down), claim))
    if missing:
        yield _not_compared(
            "no_rate",
            [c for c, _ in missing] + [t[2] for t in by_unit[quote]],
            (f"{base}→{quote} {day.isoformat() if day else 'latest'}" for _, day in missing),
        )
    if not rate_of:
        return
    conflicts, _ = _sweep(items, Decimal(0))
    for lower, upper in conflicts:
        for low, up in (
            ([c for c in lower if c.id in rate_of], [c for c in upper if c.id not in rate_of]),
            ([c for c in lower if c.id not in rate_of], [c for c in upper if c.id in rate_of]),
        ):
            if low and up:
                used = tuple(dict.fromkeys(rate_of[c.id] for c in sorted((*low, *up), key=_BY_ID)
                                           if c.id in rate_of))
                yield _finding("value", "value", low, up, rates=used)


def rule_value(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding | NotCompared]:
    """Asserted quantities in one canonical unit whose allowed intervals do not overlap.

    ``2820万人`` meets ``18.2 million visitors`` (both count people); a bare
    number meets them when every quantity with a unit counts one thing, and the
    finding says so. Amounts in two currencies meet through the exchange rate.
    Quantities whose units do not map to one unit (or money) are not compared.
    """
    asserted = _asserted(claims, "quantity")
    unit_of, assumed = units_of(asserted, config)
    bare = {c.id for c, value in asserted if value.unit is None}
    by_unit: dict[str | None, list[_Interval]] = {}
    unreadable: list[Claim] = []
    for c, value in asserted:
        interval = _reading(value, config)[1]
        if interval is None:
            unreadable.append(c)
        else:
            by_unit.setdefault(unit_of[c.id], []).append((interval[0], interval[1], c))
    if unreadable:
        yield _not_compared("unreadable", unreadable, (c.value.raw for c in unreadable if c.value is not None))
    currencies = sorted(u for u in by_unit if u is not None and is_currency(u))
    measures = {u for u in by_unit if not is_currency(u)}
    if len(measures) + bool(currencies) > 1:
        yield _not_compared(
            "units", (t[2] for group in by_unit.values() for t in group),
            sorted(by_unit, key=lambda u: (u is None, u or "")),
        )
    for unit in sorted(by_unit, key=lambda u: (u is None, u or "")):
        conflicts, _ = _sweep(by_unit[unit], Decimal(0))
        for lower, upper in conflicts:
            finding = _finding("value", "value", lower, upper)
            if assumed is not None and unit == assumed and bare & set(finding.claim_ids):
                finding = dataclasses.replace(finding, assumed_unit=assumed)
            yield finding
    for base, quote in itertools.combinations(currencies, 2):
        yield from _across(base, quote, by_unit, config)


def _same_moment_possible(a: Value, b: Value) -> bool:
    """Whether two day-precision dates with UTC offsets can be one instant seen
    from two places: the days, each shifted back by its offset, overlap."""
    if a.precision != "day" or b.precision != "day" or a.offset is None or b.offset is None:
        return False
    start_a = date_span(a)[0] * _MINUTES_A_DAY - _offset_minutes(a.offset)
    start_b = date_span(b)[0] * _MINUTES_A_DAY - _offset_minutes(b.offset)
    return abs(start_a - start_b) < _MINUTES_A_DAY


_MINUTES_A_DAY = 24 * 60


def _offset_minutes(offset: str) -> int:
    sign = -1 if offset.startswith("-") else 1
    hours, _, minutes = offset.lstrip("+-").partition(":")
    return sign * (int(hours) * 60 + int(minutes or 0))


def rule_date(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding | NotCompared]:
    """Asserted dates that cannot be the same day.

    Dates no more than ``config.date_slack_days`` apart are still a
    contradiction, marked ``near`` (it could be one day seen from two time
    zones, which a person resolves), unless every claim on both sides carries
    a UTC offset that makes them one moment: then they are a ``timezone``
    note. A month and a day inside it overlap: no output. Periods that only
    touch (Q1 and Q2) are a contradiction, never a time-zone note; two stated
    ranges that overlap but differ in an end are one too.
    """
    items: list[_Interval] = []
    unreadable: list[Claim] = []
    for c, value in _asserted(claims, "date"):
        try:
            lo, hi = date_span(value)
        except ValueError:
            unreadable.append(c)
            continue
        items.append((lo, hi, c))
    if unreadable:
        yield _not_compared("unreadable", unreadable, (c.value.raw for c in unreadable if c.value is not None))
    conflicts, near = _sweep(items, config.date_slack_days)
    for lower, upper in conflicts:
        yield _finding("date", "date", lower, upper)
    yield from _different_extents(items)
    for lower, upper, one_moment in _touching(near):
        if not one_moment:
            yield _finding("date", "date", lower, upper)
            continue
        explained = all(
            a.value is not None and b.value is not None and _same_moment_possible(a.value, b.value)
            for a in lower
            for b in upper
        )
        if explained:
            yield _finding("timezone", "date", lower, upper)
        else:
            yield _finding("date", "date", lower, upper, near=True)


def _is_day(claim: Claim) -> bool:
    return claim.value is not None and claim.value.precision == "day"


def _touching(near: _Groups) -> Iterator[tuple[list[Claim], list[Claim], bool]]:
    """The near pairs split by whether they may be one moment: a day and the
    day or period beside it may be one moment seen from two time zones (True);
    two periods that only touch (Q1 and Q2, 2025年度 and 2026年度) may not (False)."""
    for lower, upper in near:
        lower_days = [c for c in lower if _is_day(c)]
        lower_periods = [c for c in lower if not _is_day(c)]
        upper_days = [c for c in upper if _is_day(c)]
        upper_periods = [c for c in upper if not _is_day(c)]
        for side, other in ((lower_days, upper), (lower_periods, upper_days)):
            if side and other:
                yield side, other, True
        if lower_periods and upper_periods:
            yield lower_periods, upper_periods, False


def _whole_months(lo: int, hi: int) -> bool:
    """Whether days ``lo`` to ``hi`` (ordinals) are whole months: a range such as
    2025年4月〜10月 is as vague about its days as a quarter is."""
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    return first.day == 1 and (last + timedelta(days=1)).day == 1


def _different_extents(items: list[_Interval]) -> Iterator[Finding]:
    """Stated ranges of days (``2025年4月13日〜10月13日``) that overlap but are
    not the same run of days: a range gives both its ends, so another end is
    another claim (a period such as ``4月中旬``, or a range of whole months,
    only says when, and overlap is agreement)."""
    extents: dict[tuple[int, int], list[Claim]] = {}
    for lo, hi, claim in items:
        if claim.value is not None and claim.value.precision == "range" and not _whole_months(lo, hi):
            extents.setdefault((lo, hi), []).append(claim)
    for a, b in itertools.combinations(sorted(extents), 2):
        if a[0] <= b[1] and b[0] <= a[1]:  # apart, they are already a conflict of the sweep
            yield _finding("date", "date", extents[a], extents[b])


def rule_categorical(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding | NotCompared]:
    """Asserted categorical values that differ once normalised.

    One finding per pair of distinct values; its representative claims are
    the lowest ids holding each value.
    """
    groups: dict[Any, list[Claim]] = {}
    for c, value in _asserted(claims, "categorical"):
        groups.setdefault(value_identity(value), []).append(c)
    ordered = sorted(groups.values(), key=lambda g: min(c.id for c in g))
    for left, right in itertools.combinations(ordered, 2):
        yield _finding("categorical", "categorical", left, right)


def rule_stance(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding | NotCompared]:
    """An assertion and a denial of the same thing.

    Denials are grouped by the value they deny; each group gives one finding
    against every assertion it meets (see the module notes).
    """
    asserting = [c for c in claims if c.stance == "asserts"]
    denials: dict[Any, list[Claim]] = {}
    for c in claims:
        if c.stance == "denies":
            denials.setdefault(value_identity(c.value), []).append(c)
    for group in sorted(denials.values(), key=lambda g: min(c.id for c in g)):
        denied = group[0].value
        if denied is None:
            met = asserting
        else:
            met = [c for c in asserting if c.value is not None and _values_agree(c.value, denied, config)]
        if met:
            yield _finding("stance", "stance", met, group)


#: The rules ``check_key`` runs on each window, in order. A tuple: pass your own
#: sequence to ``check_key(rules=...)`` rather than changing this one.
RULES: tuple[Rule, ...] = (rule_value, rule_date, rule_categorical, rule_stance)


def _kinds_apart(claims: Sequence[Claim]) -> Iterator[NotCompared]:
    """Values of different kinds in one window: a quantity, a date, text. Text
    that holds a figure the parser could not read is ``unreadable`` instead."""
    valued = [c for c in claims if c.value is not None]
    kinds = {c.value.kind for c in valued if c.value is not None}
    if len(kinds) < 2:
        return
    if kinds & {"quantity", "date"}:
        figures = [c for c in valued if c.value is not None and c.value.kind == "categorical"
                   and looks_like_a_figure(c.value.raw)]
        if figures:
            yield _not_compared("unreadable", figures, (c.value.raw for c in figures if c.value is not None))
            unread = {c.id for c in figures}
            valued = [c for c in valued if c.id not in unread]
            kinds = {c.value.kind for c in valued if c.value is not None}
    if len(kinds) > 1:
        yield _not_compared("value_kinds", valued, sorted(kinds))


# -- time: windows, origins, revisions ----------------------------------------


@lru_cache(maxsize=4096)
def _days(text: str | None) -> tuple[int, int] | None:
    """First and last day (ordinals) of a claim date; None when undated."""
    if not text:
        return None
    try:
        first, last = periods.span(text)
    except ValueError:
        return None
    return first.toordinal(), last.toordinal()


@lru_cache(maxsize=4096)
def _speaker(speaker: str | None) -> str | None:
    return fold(speaker) if speaker else None


def origin(claim: Claim) -> tuple[str, str | None]:
    """Who said it: the source and the speaker (folded). A later claim of one origin revises its earlier ones."""
    return claim.source, _speaker(claim.speaker)


def _later(claim: Claim) -> tuple[bool, int, int]:
    """Orders an origin's claims: dated after undated, then by date, then recorded order."""
    days = _days(claim.claimed_on)
    return (days is not None, days[0] if days else 0, claim.id)


def _current(claims: Sequence[Claim]) -> list[Claim]:
    """Each origin's latest claim: a later claim replaces its origin's earlier ones."""
    latest: dict[tuple[str, str | None], tuple[tuple[bool, int, int], Claim]] = {}
    for c in claims:
        who, when = origin(c), _later(c)
        held = latest.get(who)
        if held is None or when > held[0]:
            latest[who] = (when, c)
    if len(latest) == len(claims):
        return list(claims)
    kept = {c.id for _, c in latest.values()}
    return [c for c in claims if c.id in kept]


def _windows(group: Sequence[Claim], window: int) -> list[list[Claim]]:
    """The claims that may be compared with each other, as windows (see the
    module notes); each window holds every undated claim too."""
    dated: list[tuple[int, int, Claim]] = []
    undated: list[Claim] = []
    for c in group:
        days = _days(c.claimed_on)
        if days is None:
            undated.append(c)
        else:
            dated.append((days[0], days[1], c))
    if not dated or max(t[0] for t in dated) - min(t[1] for t in dated) <= window:
        return [list(group)]
    dated.sort(key=lambda t: (t[0], t[2].id))
    firsts = [t[0] for t in dated]
    windows: list[list[Claim]] = []
    reached = 0
    for i, (_, last, _c) in enumerate(dated):
        end = bisect_right(firsts, last + window)
        if end > reached:
            windows.append([t[2] for t in dated[i:end]] + undated)
            reached = end
    return windows


def _readable(value: Value) -> bool:
    """A value with a definite reading: a quantity with an interval, a date
    that is an ISO date, or text."""
    if value.kind == "quantity":
        return has_interval(value)
    if value.kind == "date":
        return _days(value.date) is not None
    return True


def revision_steps(group: Sequence[Claim], config: CheckConfig, *, windowed: bool = True) -> list[Step]:
    """How one group's figure changed over time (see the module notes, 7).

    Quantities are compared, and their change computed, in canonical units
    (``2820万人`` to ``28.2 million visitors`` is no change). ``windowed``:
    False when the group shares an ``as_of``, so that all its claims were
    compared and only an origin's own change is a step.
    """
    dated = [
        c for c in group if c.stance == "asserts" and c.value is not None and _days(c.claimed_on) and _readable(c.value)
    ]
    if len(dated) < 2:
        return []
    unit_of, _ = units_of(((c, c.value) for c in dated if c.value is not None and c.value.kind == "quantity"), config)
    values = {
        c.id: structs.replace(c.value, unit=unit_of[c.id]) if unit_of.get(c.id, c.value.unit) != c.value.unit
        else c.value
        for c in dated if c.value is not None
    }
    steps: list[Step] = []
    standing = None
    for c in sorted(dated, key=claim_sort_key):
        if standing is None:
            standing = c
            continue
        old, new = values[standing.id], values[c.id]
        if _values_agree(old, new, config):
            continue
        same_origin = origin(standing) == origin(c)
        before, after = _days(standing.claimed_on), _days(c.claimed_on)
        assert before is not None and after is not None
        if same_origin or (windowed and after[0] - before[1] > config.window_days):
            steps.append(Step(before=standing, after=c, change=value_change(old, new), same_origin=same_origin))
            standing = c
    return steps


# -- running the rules ---------------------------------------------------------


def _rule_name(rule: Callable[..., Any]) -> str:
    name = getattr(rule, "__name__", type(rule).__name__)
    return str(name).removeprefix("rule_")


def _quals(claim: Claim) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(claim.qualifiers.items())) if claim.qualifiers else ()


def _as_of(claim: Claim) -> tuple[bool, str]:
    as_of = claim.as_of.strip() if claim.as_of is not None else None
    return (as_of is not None, as_of or "")


def _error_finding(rule: str, scope: Sequence[Claim], exc: BaseException) -> Finding:
    first, last = scope[0], scope[-1]
    everyone = Side.of(scope)
    return Finding(
        id=f"e-{rule}-{first.id}-{last.id}",
        key=first.key,
        kind="error",
        sides=(everyone, Side(claim=last, ids=(), sources=())),
        rule=rule,
        error=f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__,
    )


class _Judged:
    """What the rules said about one group of claims, across its windows.

    Overlapping windows find the same disagreement more than once, each time
    with the claims of that window: findings of one kind that share a claim
    on each side are merged into one.
    """

    def __init__(self, merge: bool) -> None:
        self.skipped: list[NotCompared] = []
        self._merge = merge
        # Each finding so far, and (when merging) the claims on each of its sides.
        self._held: list[tuple[Finding, dict[int, Claim], dict[int, Claim]]] = []

    def add(self, finding: Finding) -> None:
        if self._merge and finding.kind != "error":
            a, b = finding.sides[0].claims, finding.sides[1].claims
            a_ids, b_ids = finding.sides[0].ids, finding.sides[1].ids
            for i, (held, ha, hb) in enumerate(self._held):
                if held.kind != finding.kind:
                    continue
                if not ha.keys().isdisjoint(a_ids) and not hb.keys().isdisjoint(b_ids):
                    pass
                elif not hb.keys().isdisjoint(a_ids) and not ha.keys().isdisjoint(b_ids):
                    a, b = b, a
                else:
                    continue
                ha.update((c.id, c) for c in a)
                hb.update((c.id, c) for c in b)
                self._held[i] = (_joined(held, finding), ha, hb)
                return
        if not any(held.id == finding.id for held, _, _ in self._held):
            self._held.append((finding, {c.id: c for c in finding.sides[0].claims},
                               {c.id: c for c in finding.sides[1].claims}))

    @property
    def findings(self) -> list[Finding]:
        if not self._merge:
            return [finding for finding, _, _ in self._held]
        out = []
        for finding, a_claims, b_claims in self._held:
            if len(a_claims) == len(finding.sides[0].ids) and len(b_claims) == len(finding.sides[1].ids):
                out.append(finding)
                continue
            a, b = Side.of(a_claims.values()), Side.of(b_claims.values())
            out.append(dataclasses.replace(finding, id=finding_id(finding.kind, a.claim.id, b.claim.id), sides=(a, b)))
        return out


def _joined(held: Finding, new: Finding) -> Finding:
    """What ``held`` says once ``new`` is merged into it (its sides are set at the end)."""
    near = held.near and new.near
    assumed = held.assumed_unit or new.assumed_unit
    rates = tuple(dict.fromkeys((*held.rates, *new.rates)))
    if (near, assumed, rates) == (held.near, held.assumed_unit, held.rates):
        return held
    return dataclasses.replace(held, near=near, assumed_unit=assumed, rates=rates)


def _say_the_same(claims: Sequence[Claim]) -> bool:
    """Whether every claim has one stance and one readable value: the shipped
    rules find nothing there, so a window of them is not checked."""
    first = claims[0]
    if first.value is not None and not _readable(first.value):
        return False
    same = value_identity(first.value)
    return all(c.stance == first.stance and value_identity(c.value) == same for c in claims)


def _judge(
    group: Sequence[Claim], config: CheckConfig, rules: Sequence[Rule], windowed: bool, *, mixed_only: bool = False
) -> _Judged:
    """Run the rules on every window of a group (``windowed``: cut the group
    into windows by claim date; False when the group shares an ``as_of``).
    ``mixed_only``: only the windows whose claims have different qualifiers."""
    current = _current(group)
    windows = _windows(current, config.window_days) if windowed else [current]
    judged = _Judged(merge=len(windows) > 1)
    for window in windows:
        if len(window) < 2 or (rules is RULES and _say_the_same(window)):
            continue
        if mixed_only and len({_quals(c) for c in window}) < 2:
            continue
        judged.skipped.extend(_kinds_apart(window))
        for rule in rules:
            try:
                for item in rule(window, config):
                    if isinstance(item, NotCompared):
                        judged.skipped.append(item)
                    else:
                        judged.add(item)
            except Exception as exc:  # a broken rule must not kill the report
                judged.add(_error_finding(_rule_name(rule), window, exc))
    return judged


def _merge(key: str, skipped: Iterable[NotCompared]) -> tuple[NotCompared, ...]:
    """One entry per reason, in the order of ``REASONS``."""
    by_reason: dict[str, tuple[dict[int, None], dict[str | None, None]]] = {}
    for entry in skipped:
        ids, details = by_reason.setdefault(entry.reason, ({}, {}))
        ids.update(dict.fromkeys(entry.claim_ids))
        details.update(dict.fromkeys(entry.details))
    return tuple(
        NotCompared(key=key, reason=reason, claim_ids=tuple(sorted(by_reason[reason][0])),
                    details=tuple(by_reason[reason][1]))
        for reason in REASONS
        if reason in by_reason
    )


def _quals_text(quals: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{name}={value}" for name, value in quals)


def check_key(
    claims: Sequence[Claim],
    config: CheckConfig = CheckConfig(),
    excluded: Set[int] = frozenset(),
    *,
    rules: Sequence[Rule] = RULES,
) -> KeyResult:
    """Run the rules on the claims of one key. Pure: the claims are all it sees.

    Raises ValueError when ``claims`` is empty or mixes keys.
    """
    ordered = sorted(claims, key=_BY_ID)
    if not ordered:
        raise ValueError("check_key needs at least one claim")
    key = ordered[0].key
    if any(c.key != key for c in ordered):
        raise ValueError(f"check_key got claims of more than one key, starting with {key!r}")

    superseded = {c.supersedes for c in ordered if c.supersedes is not None and c.supersedes != c.id}
    live = [c for c in ordered if c.id not in superseded and c.id not in excluded]
    set_aside = tuple(c.id for c in ordered if c.id in superseded or c.id in excluded)

    scopes: dict[tuple[bool, str], list[Claim]] = {}
    for c in live:
        scopes.setdefault(_as_of(c), []).append(c)

    findings: list[Finding] = []
    skipped: list[NotCompared] = []
    steps: list[Step] = []
    for scope_key in sorted(scopes):
        scope = scopes[scope_key]
        groups: dict[tuple[tuple[str, str], ...], list[Claim]] = {}
        for c in scope:
            groups.setdefault(_quals(c), []).append(c)
        windowed = not scope_key[0]  # claims that state their time are compared whenever they were made
        for quals in sorted(groups):
            group = groups[quals]
            steps.extend(revision_steps(group, config, windowed=windowed))
            if len(group) > 1:
                judged = _judge(group, config, rules, windowed)
                findings.extend(judged.findings)
                skipped.extend(judged.skipped)
        if len(groups) > 1:
            skipped.extend(_qualifiers_apart(scope, config, rules, windowed))

    _READINGS.clear()
    return KeyResult(key=key, findings=tuple(findings), not_compared=_merge(key, skipped),
                     revisions=tuple(steps), set_aside=set_aside)


def _qualifiers_apart(
    scope: Sequence[Claim], config: CheckConfig, rules: Sequence[Rule], windowed: bool
) -> Iterator[NotCompared]:
    """Claims with different qualifiers that would have made a finding had
    their qualifiers matched: listed, since nothing else would show them."""
    for finding in _judge(scope, config, rules, windowed, mixed_only=True).findings:
        if finding.kind == "error":
            continue
        involved = [c for side in finding.sides for c in side.claims]
        sets = {_quals(c) for c in involved}
        if len(sets) > 1:
            yield _not_compared("qualifiers", involved, (_quals_text(q) for q in sorted(sets)))


def check(
    claims_sorted_by_key: Iterable[Claim],
    config: CheckConfig = CheckConfig(),
    excluded: Set[int] = frozenset(),
    *,
    rules: Sequence[Rule] = RULES,
) -> Iterator[KeyResult]:
    """Check a stream of claims sorted by key, one key at a time.

    Holds one key's claims at a time. Supersession is seen within a key only;
    a correction filed under another key must be passed in ``excluded``.
    Raises ValueError if the keys are seen out of order (the stream is not
    sorted), since a key split in two would be checked in halves.
    """
    previous: str | None = None
    for key, group in itertools.groupby(claims_sorted_by_key, key=lambda c: c.key):
        if previous is not None and key <= previous:
            raise ValueError(f"claims are not sorted by key: {key!r} came after {previous!r}")
        previous = key
        yield check_key(list(group), config, excluded, rules=rules)


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a report: what was checked and what was found.

    ``keys``, ``claims`` and ``set_aside`` count every claim the report
    covered, including keys with nothing to show; the rest count findings,
    entries of claims not compared (by reason) and revision steps.
    Contradictions include error findings (a rule that failed).
    """

    keys: int = 0
    claims: int = 0
    set_aside: int = 0
    by_kind: Mapping[str, int] = field(default_factory=dict)
    resolved: int = 0
    notes: int = 0
    not_compared: Mapping[str, int] = field(default_factory=dict)
    revisions: int = 0

    @property
    def findings(self) -> int:
        return sum(self.by_kind.values())

    @property
    def unresolved(self) -> int:
        return self.findings - self.resolved

    @property
    def errors(self) -> int:
        return self.by_kind.get("error", 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "keys": self.keys,
            "claims": self.claims,
            "set_aside": self.set_aside,
            "contradictions": self.findings,
            "resolved": self.resolved,
            "unresolved": self.unresolved,
            "by_kind": {k: self.by_kind[k] for k in sorted(self.by_kind)},
            "errors": self.errors,
            "notes": self.notes,
            "not_compared": sum(self.not_compared.values()),
            "not_compared_by_reason": {r: self.not_compared[r] for r in REASONS if r in self.not_compared},
            "revisions": self.revisions,
        }


def summarize(
    results: Iterable[KeyResult], resolved: Set[str], *, keys: int, claims: int, set_aside: int
) -> Summary:
    """The summary of ``results``, given what was covered (``keys``, ``claims``,
    ``set_aside``: counted by the store over every key, not only those with findings)."""
    by_kind: Counter[str] = Counter()
    not_compared: Counter[str] = Counter()
    resolved_count = notes = revisions = 0
    for result in results:
        not_compared.update(entry.reason for entry in result.not_compared)
        revisions += len(result.revisions)
        for finding in result.findings:
            if finding.category == "note":
                notes += 1
                continue
            by_kind[finding.kind] += 1
            resolved_count += finding.id in resolved
    return Summary(
        keys=keys, claims=claims, set_aside=set_aside, by_kind=dict(by_kind), resolved=resolved_count,
        notes=notes, not_compared=dict(not_compared), revisions=revisions,
    )


@dataclass(frozen=True, slots=True)
class Report:
    """A finished report: the keys with something to show, in key order; the
    summary of everything covered; every resolution, by finding id; and the
    tolerances it was judged with."""

    results: tuple[KeyResult, ...]
    summary: Summary
    resolutions: Mapping[str, Resolution]
    config: CheckConfig = CheckConfig()
    #: List every entry of claims not compared, not only their count (``--all``).
    list_not_compared: bool = False
    #: Each shown key's figure over time, by key, for the formats that draw it
    #: (only when the report was asked for charts).
    charts: Mapping[str, Plot] = field(default_factory=dict)
