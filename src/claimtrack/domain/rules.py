"""Contradiction rules: pure functions from the claims of one key to findings.

The pipeline for one key (``check_key``):

1. Set aside claims that no longer speak: a claim whose id is another input
   claim's ``supersedes``, and any id in ``excluded`` (marked wrong by a user).
2. Split the rest into *scopes*: claims with the same ``as_of`` and equal
   ``qualifiers``. Only claims in one scope can contradict; different ``as_of``
   values are change over time. ``as_of`` is compared as written at its
   precision, so ``2025-03`` and ``2025-03-01`` are different times: equality
   keeps scopes a partition, where "the month contains the day" would not be
   transitive (one month would join two days that differ from each other).
   ``None`` matches only ``None``.
3. Run every function in ``RULES`` on each scope of two or more claims. A rule
   returns ``Finding`` objects: data, never sentences (render/ words them).
   A finding's ``category`` is a contradiction, a note (two claims that look
   different but were judged consistent, and why) or an error: a rule that
   raises becomes one finding of kind ``error`` naming the rule, and the other
   rules still run.
4. Independently, list the units of the key's quantities when they differ
   (``Incomparable``).

Stance and values:

* ``value``, ``date`` and ``categorical`` compare only claims that both
  *assert*.
* ``stance`` pairs assertions with denials. A denial without a value denies
  the claim as a whole and meets every assertion in the scope. A denial with a
  value ("it was not $500B") meets only assertions whose value agrees with the
  denied one under the same tolerance the value rules use; an assertion of
  $350B does not contradict a denial of $500B.

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
note; an error finding is ``e-<rule>-<low id>-<high id>`` over its scope.
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
from decimal import Decimal
from typing import Any, Literal

from claimtrack.domain.intervals import CheckConfig, date_span, quantity_interval
from claimtrack.domain.model import Claim, Resolution, Value, value_identity
from claimtrack.domain.units import canonical, is_count

__all__ = [
    "FINDING_KINDS",
    "RULES",
    "CheckConfig",
    "Finding",
    "Incomparable",
    "KeyResult",
    "Report",
    "Rule",
    "Side",
    "Summary",
    "check",
    "check_key",
    "finding_id",
    "incomparable_units",
    "rule_categorical",
    "rule_date",
    "rule_stance",
    "rule_value",
    "summarize",
]

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


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a finding: every claim on it, their sources, and the
    representative claim (the lowest id)."""

    claim: Claim
    ids: tuple[int, ...]
    #: Display names of the sources, in claim-id order without repeats.
    sources: tuple[str, ...]

    @classmethod
    def of(cls, claims: Iterable[Claim]) -> Side:
        ordered = sorted(claims, key=lambda c: c.id)
        return cls(
            claim=ordered[0],
            ids=tuple(c.id for c in ordered),
            sources=tuple(dict.fromkeys(c.source_name for c in ordered)),
        )


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
    #: other quantity of its scope counts that unit; None when none was assumed.
    assumed_unit: str | None = None

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
class Incomparable:
    """Quantities under one key in different units (within equal qualifiers):
    not compared, and listed so a person can see why."""

    key: str
    units: tuple[str | None, ...]
    claim_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class KeyResult:
    """Everything the check found for one key.

    ``findings`` are in the order the rules produced them; ``set_aside`` lists
    the ids left out as superseded or excluded.
    """

    key: str
    findings: tuple[Finding, ...] = ()
    incomparable: Incomparable | None = None
    set_aside: tuple[int, ...] = ()


Rule = Callable[[Sequence[Claim], CheckConfig], Iterable[Finding]]


def finding_id(kind: str, a_id: int, b_id: int) -> str:
    """The stable id of a finding: ``v-12-40`` for a value finding on claims 12 and 40.

    The order of the ids does not matter. Unknown kinds use the kind itself
    as the prefix.
    """
    lo, hi = sorted((a_id, b_id))
    return f"{KINDS[kind][0] if kind in KINDS else kind}-{lo}-{hi}"


def _values_agree(a: Value, b: Value, config: CheckConfig) -> bool:
    """True when two values could describe the same fact (used by ``stance``)."""
    if a.kind != b.kind:
        return False
    if a.kind == "quantity":
        if canonical(a.unit, config.units) != canonical(b.unit, config.units):
            return False
        ia, ib = quantity_interval(a, config), quantity_interval(b, config)
        if ia is None or ib is None:
            return False
        return ia[0] <= ib[1] and ib[0] <= ia[1]
    if a.kind == "date":
        (alo, ahi), (blo, bhi) = date_span(a), date_span(b)
        slack = config.date_slack_days
        return alo <= bhi + slack and blo <= ahi + slack
    return value_identity(a) == value_identity(b)


def _finding(kind: str, rule: str, side_a: Sequence[Claim], side_b: Sequence[Claim], *, near: bool = False) -> Finding:
    a, b = Side.of(side_a), Side.of(side_b)
    return Finding(
        id=finding_id(kind, a.claim.id, b.claim.id), key=a.claim.key, kind=kind, sides=(a, b), rule=rule, near=near
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
    held = [(c, canonical(value.unit, config.units)) for c, value in quantities]
    named = {unit for _, unit in held if unit is not None}
    assumed = next(iter(named)) if len(named) == 1 and is_count(next(iter(named))) else None
    if assumed is None or all(unit is not None for _, unit in held):
        return {c.id: unit for c, unit in held}, None
    return {c.id: unit if unit is not None else assumed for c, unit in held}, assumed


def rule_value(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding]:
    """Asserted quantities in one canonical unit whose allowed intervals do not overlap.

    ``2820万人`` meets ``18.2 million visitors`` (both count people); a bare
    number meets them when every quantity with a unit counts one thing, and the
    finding says so.
    """
    asserted = _asserted(claims, "quantity")
    unit_of, assumed = units_of(asserted, config)
    bare = {c.id for c, value in asserted if value.unit is None}
    by_unit: dict[str | None, list[_Interval]] = {}
    for c, value in asserted:
        interval = quantity_interval(value, config)
        if interval is not None:
            by_unit.setdefault(unit_of[c.id], []).append((interval[0], interval[1], c))
    for unit in sorted(by_unit, key=lambda u: (u is None, u or "")):
        conflicts, _ = _sweep(by_unit[unit], Decimal(0))
        for lower, upper in conflicts:
            finding = _finding("value", "value", lower, upper)
            if assumed is not None and unit == assumed and bare & set(finding.claim_ids):
                finding = dataclasses.replace(finding, assumed_unit=assumed)
            yield finding


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


def rule_date(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding]:
    """Asserted dates that cannot be the same day.

    Dates no more than ``config.date_slack_days`` apart are still a
    contradiction, marked ``near`` (it could be one day seen from two time
    zones, which a person resolves), unless every claim on both sides carries
    a UTC offset that makes them one moment: then they are a ``timezone``
    note. A month and a day inside it overlap: no output.
    """
    items: list[_Interval] = []
    for c, value in _asserted(claims, "date"):
        lo, hi = date_span(value)
        items.append((lo, hi, c))
    conflicts, near = _sweep(items, config.date_slack_days)
    for lower, upper in conflicts:
        yield _finding("date", "date", lower, upper)
    for lower, upper in near:
        explained = all(
            a.value is not None and b.value is not None and _same_moment_possible(a.value, b.value)
            for a in lower
            for b in upper
        )
        if explained:
            yield _finding("timezone", "date", lower, upper)
        else:
            yield _finding("date", "date", lower, upper, near=True)


def rule_categorical(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding]:
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


def rule_stance(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding]:
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


#: The rules ``check_key`` runs on each scope, in order. A tuple: pass your own
#: sequence to ``check_key(rules=...)`` rather than changing this one.
RULES: tuple[Rule, ...] = (rule_value, rule_date, rule_categorical, rule_stance)


def incomparable_units(claims: Sequence[Claim], config: CheckConfig = CheckConfig()) -> Incomparable | None:
    """Quantities under one key whose canonical units differ, within equal qualifiers.

    ``as_of`` does not separate them: a key that moves from USD to % over time
    still mixes two questions. Qualifiers do: they are how a user says two
    claims are about different things.
    """
    by_quals: dict[tuple[tuple[str, str], ...], list[tuple[Claim, Value]]] = {}
    for c in claims:
        if c.value is not None and c.value.kind == "quantity":
            by_quals.setdefault(_quals(c), []).append((c, c.value))
    mixed: list[tuple[Claim, str | None]] = []
    for group in by_quals.values():
        unit_of, _ = units_of(group, config)
        if len(set(unit_of.values())) > 1:
            mixed.extend((c, unit_of[c.id]) for c, _ in group)
    if not mixed:
        return None
    mixed.sort(key=lambda pair: pair[0].id)
    return Incomparable(
        key=mixed[0][0].key,
        units=tuple(dict.fromkeys(unit for _, unit in mixed)),
        claim_ids=tuple(c.id for c, _ in mixed),
    )


# -- running the rules ---------------------------------------------------------


def _rule_name(rule: Callable[..., Any]) -> str:
    name = getattr(rule, "__name__", type(rule).__name__)
    return str(name).removeprefix("rule_")


def _quals(claim: Claim) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((claim.qualifiers or {}).items()))


def _scope_key(claim: Claim) -> tuple[Any, ...]:
    as_of = claim.as_of.strip() if claim.as_of is not None else None
    return (as_of is not None, as_of or "", _quals(claim))


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
    ordered = sorted(claims, key=lambda c: c.id)
    if not ordered:
        raise ValueError("check_key needs at least one claim")
    key = ordered[0].key
    if any(c.key != key for c in ordered):
        raise ValueError(f"check_key got claims of more than one key, starting with {key!r}")

    superseded = {c.supersedes for c in ordered if c.supersedes is not None and c.supersedes != c.id}
    live = [c for c in ordered if c.id not in superseded and c.id not in excluded]
    set_aside = tuple(c.id for c in ordered if c.id in superseded or c.id in excluded)

    scopes: dict[tuple[Any, ...], list[Claim]] = {}
    for c in live:
        scopes.setdefault(_scope_key(c), []).append(c)

    findings: list[Finding] = []
    for scope_key in sorted(scopes):
        scope = scopes[scope_key]
        if len(scope) < 2:
            continue
        for rule in rules:
            try:
                findings.extend(rule(scope, config))
            except Exception as exc:  # a broken rule must not kill the report
                findings.append(_error_finding(_rule_name(rule), scope, exc))

    incomparable: Incomparable | None = None
    try:
        incomparable = incomparable_units(live, config)
    except Exception as exc:
        findings.append(_error_finding("incomparable", live or ordered, exc))

    return KeyResult(key=key, findings=tuple(findings), incomparable=incomparable, set_aside=set_aside)


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
    covered, including keys with nothing to show; the rest count findings.
    Contradictions include error findings (a rule that failed).
    """

    keys: int = 0
    claims: int = 0
    set_aside: int = 0
    by_kind: Mapping[str, int] = field(default_factory=dict)
    resolved: int = 0
    notes: int = 0
    incomparable: int = 0

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
            "incomparable": self.incomparable,
        }


def summarize(
    results: Iterable[KeyResult], resolved: Set[str], *, keys: int, claims: int, set_aside: int
) -> Summary:
    """The summary of ``results``, given what was covered (``keys``, ``claims``,
    ``set_aside``: counted by the store over every key, not only those with findings)."""
    by_kind: Counter[str] = Counter()
    resolved_count = notes = incomparable = 0
    for result in results:
        incomparable += result.incomparable is not None
        for finding in result.findings:
            if finding.category == "note":
                notes += 1
                continue
            by_kind[finding.kind] += 1
            resolved_count += finding.id in resolved
    return Summary(
        keys=keys, claims=claims, set_aside=set_aside, by_kind=dict(by_kind), resolved=resolved_count,
        notes=notes, incomparable=incomparable,
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
