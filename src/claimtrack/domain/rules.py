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
   returns ``Finding`` (a contradiction) and ``Note`` (an explained
   non-contradiction) objects. A rule that raises becomes one ``Finding`` of
   kind ``error`` naming the rule; the other rules still run.
4. Independently, list the units of the key's quantities when they differ
   (``Incomparable``): the key probably mixes two questions.

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
* A finding's ``claims`` is a representative pair: the lowest claim id on each
  side, which stays put as newer (higher-id) claims join a side.

Finding ids are ``<letter>-<low id>-<high id>`` from the representative pair:
``v`` value, ``d`` date, ``c`` categorical, ``s`` stance, ``t`` time-zone
note; an error finding is ``e-<rule>-<low id>-<high id>`` over its scope.
Short to type (``claimtrack resolve v-12-40``) and stable across runs.

Time zones: two dates one day apart (after precision is taken into account)
are consistent, because one event can fall on 1 March in Tokyo and on
28 February in Washington. They produce a ``Note`` of kind ``timezone`` so a
report can show why they were let through. ``CheckConfig.date_slack_days``
sets the allowance; 0 turns it off.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from decimal import Context, Decimal, localcontext
from typing import Any, Union

from claimtrack.domain import periods
from claimtrack.domain.model import Claim, Value, describe_value, value_identity

__all__ = [
    "CheckConfig",
    "Finding",
    "Note",
    "Incomparable",
    "KeyResult",
    "Summary",
    "Rule",
    "RULES",
    "FINDING_KINDS",
    "rule_value",
    "rule_date",
    "rule_categorical",
    "rule_stance",
    "incomparable_units",
    "check_key",
    "check",
    "finding_id",
    "quantity_interval",
    "date_span",
    "describe_value",
]

_INF = Decimal("Infinity")
_EXACT = Context(prec=400)
_NEG_INF = Decimal("-Infinity")

_ID_PREFIX = {
    "value": "v",
    "date": "d",
    "categorical": "c",
    "stance": "s",
    "timezone": "t",
    "error": "e",
}

#: Kinds a ``Finding`` can have, in the order rules run.
FINDING_KINDS = ("value", "date", "categorical", "stance", "error")

#: How many other source names an explanation spells out before "N more".
_NAMED_OTHERS = 2
#: Claim text longer than this is shortened inside explanations.
_TEXT_IN_SENTENCE = 80


def _to_decimal(x: Decimal | float | int | str) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Tolerances for the rules. Pass it in; there is no global setting.

    ``tolerance``: relative band around an exact quantity (0.005 = ±0.5%).
    ``approx_tolerance``: relative band around an approximate quantity.
    Bounds (以上, "up to", ranges) are taken as given, with no band.
    Each claim gets its own band and two claims agree when their bands
    overlap, so two exact values agree up to about twice ``tolerance`` apart.
    ``date_slack_days``: dates this many days apart or fewer are the same day
    seen from different time zones (a note, not a contradiction).
    """

    tolerance: Decimal = Decimal("0.005")
    approx_tolerance: Decimal = Decimal("0.10")
    date_slack_days: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "tolerance", _to_decimal(self.tolerance))
        object.__setattr__(self, "approx_tolerance", _to_decimal(self.approx_tolerance))
        if self.tolerance < 0 or self.approx_tolerance < 0 or self.date_slack_days < 0:
            raise ValueError("tolerances must not be negative")


_DEFAULT_CONFIG = CheckConfig()


@dataclass(frozen=True, slots=True)
class _Pair:
    """Two claims (a representative pair) and what was judged about them.

    ``side_a_sources``/``side_b_sources`` are the display names of every
    source on each side, in claim-id order without repeats; ``side_a_ids``
    and ``side_b_ids`` are the claim ids. ``claims[0]`` is on side a.
    """

    key: str
    kind: str
    claims: tuple[Claim, Claim]
    explanation: str
    side_a_sources: tuple[str, ...]
    side_b_sources: tuple[str, ...]
    id: str
    side_a_ids: tuple[int, ...] = ()
    side_b_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding(_Pair):
    """A contradiction: two claims that cannot both hold."""


@dataclass(frozen=True, slots=True)
class Note(_Pair):
    """Two claims that look different but were judged consistent, and why.

    It never counts as a contradiction. The only kind today is ``timezone``.
    """


@dataclass(frozen=True, slots=True)
class Incomparable:
    """Quantities under one key in different units: not a contradiction."""

    key: str
    units: tuple[str | None, ...]
    claim_ids: tuple[int, ...]
    explanation: str


@dataclass(frozen=True, slots=True)
class KeyResult:
    """Everything the check found for one key.

    ``claim_count`` counts the claims given; ``set_aside`` lists the ids left
    out as superseded or excluded.
    """

    key: str
    findings: tuple[Finding, ...] = ()
    incomparable: Incomparable | None = None
    notes: tuple[Note, ...] = ()
    claim_count: int = 0
    set_aside: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.findings or self.incomparable or self.notes)


Rule = Callable[[Sequence[Claim], CheckConfig], Iterable[Union[Finding, Note]]]


def finding_id(kind: str, a_id: int, b_id: int) -> str:
    """The stable id of a finding: ``v-12-40`` for a value finding on claims 12 and 40.

    The order of the ids does not matter. Unknown kinds use the kind itself
    as the prefix.
    """
    lo, hi = sorted((a_id, b_id))
    return f"{_ID_PREFIX.get(kind, kind)}-{lo}-{hi}"


# -- values as intervals -------------------------------------------------------


def quantity_interval(value: Value, config: CheckConfig = _DEFAULT_CONFIG) -> tuple[Decimal, Decimal] | None:
    """The closed interval a quantity allows, or None when it allows nothing definite.

    Bounds are taken as given (an open side is infinite). An exact amount gets
    ``config.tolerance`` on each side, an approximate one
    ``config.approx_tolerance``.
    """
    if value.lower is not None or value.upper is not None:
        lo = value.lower if value.lower is not None else _NEG_INF
        hi = value.upper if value.upper is not None else _INF
        return (lo, hi) if lo <= hi else (hi, lo)
    if value.amount is None:
        return None
    rel = config.approx_tolerance if value.approx else config.tolerance
    with localcontext(_EXACT):  # amounts may carry more digits than the default 28
        band = abs(value.amount) * rel
        return value.amount - band, value.amount + band


def date_span(value: Value) -> tuple[int, int]:
    """First and last day (as proleptic ordinals) a date value covers at its precision.

    Raises ValueError for a value whose date is not an ISO date.
    """
    first, last = periods.span(value.date or "")
    return first.toordinal(), last.toordinal()


def _values_agree(a: Value, b: Value, config: CheckConfig) -> bool:
    """True when two values could describe the same fact (used by ``stance``)."""
    if a.kind != b.kind:
        return False
    if a.kind == "quantity":
        if a.unit != b.unit:
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


# -- wording -------------------------------------------------------------------


def _shorten(text: str, limit: int = _TEXT_IN_SENTENCE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _who(rep: Claim, sources: Sequence[str]) -> str:
    """``Jiji`` or ``Jiji (with Asahi, Reuters and 3 more)``."""
    others = [s for s in sources if s != rep.source_name]
    if not others:
        return rep.source_name
    named = ", ".join(others[:_NAMED_OTHERS])
    rest = len(others) - _NAMED_OTHERS
    return f"{rep.source_name} (with {named}{f' and {rest} more' if rest > 0 else ''})"


def _names(sources: Sequence[str]) -> str:
    """``Forbes Japan, Jiji`` or ``A, B, C and 4 more``."""
    shown = _NAMED_OTHERS + 1
    rest = len(sources) - shown
    return ", ".join(sources[:shown]) + (f" and {rest} more" if rest > 0 else "")


def _sources(claims: Iterable[Claim]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.source_name for c in sorted(claims, key=lambda c: c.id)))


def _ids(claims: Iterable[Claim]) -> tuple[int, ...]:
    return tuple(sorted(c.id for c in claims))


def _pair(
    cls: type[Finding] | type[Note],
    kind: str,
    side_a: Sequence[Claim],
    side_b: Sequence[Claim],
    explain: Callable[[Claim, Claim, tuple[str, ...], tuple[str, ...]], str],
) -> Finding | Note:
    a = min(side_a, key=lambda c: c.id)
    b = min(side_b, key=lambda c: c.id)
    src_a, src_b = _sources(side_a), _sources(side_b)
    return cls(
        key=a.key,
        kind=kind,
        claims=(a, b),
        explanation=explain(a, b, src_a, src_b),
        side_a_sources=src_a,
        side_b_sources=src_b,
        id=finding_id(kind, a.id, b.id),
        side_a_ids=_ids(side_a),
        side_b_ids=_ids(side_b),
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


def _asserting(claims: Iterable[Claim], kind: str) -> list[Claim]:
    return [c for c in claims if c.stance == "asserts" and c.value is not None and c.value.kind == kind]


# -- the rules -----------------------------------------------------------------


def rule_value(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding]:
    """Asserted quantities in the same unit whose allowed intervals do not overlap."""
    by_unit: dict[str | None, list[_Interval]] = {}
    for c in _asserting(claims, "quantity"):
        interval = quantity_interval(c.value, config)  # type: ignore[arg-type]
        if interval is not None:
            by_unit.setdefault(c.value.unit, []).append((interval[0], interval[1], c))  # type: ignore[union-attr]

    def explain(a: Claim, b: Claim, sa: tuple[str, ...], sb: tuple[str, ...]) -> str:
        return (
            f"{_who(a, sa)} says {describe_value(a.value)} but {_who(b, sb)} says "  # type: ignore[arg-type]
            f"{describe_value(b.value)}, and the two do not overlap even allowing for rounding."  # type: ignore[arg-type]
        )

    for unit in sorted(by_unit, key=lambda u: (u is None, u or "")):
        conflicts, _ = _sweep(by_unit[unit], Decimal(0))
        for lower, upper in conflicts:
            yield _pair(Finding, "value", lower, upper, explain)  # type: ignore[misc]


def rule_date(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding | Note]:
    """Asserted dates that cannot be the same day, allowing for time zones.

    Dates within ``config.date_slack_days`` of each other give a ``timezone``
    note instead of a finding. A month and a day inside it overlap: no output.
    """
    items: list[_Interval] = []
    for c in _asserting(claims, "date"):
        lo, hi = date_span(c.value)  # type: ignore[arg-type]
        items.append((lo, hi, c))
    slack = config.date_slack_days

    def explain_conflict(a: Claim, b: Claim, sa: tuple[str, ...], sb: tuple[str, ...]) -> str:
        return (
            f"{_who(a, sa)} dates it {a.value.raw} but {_who(b, sb)} dates it {b.value.raw}, "  # type: ignore[union-attr]
            f"more than {slack} day{'s' if slack != 1 else ''} apart, so they cannot be the same day "
            "even across time zones."
        )

    def explain_near(a: Claim, b: Claim, sa: tuple[str, ...], sb: tuple[str, ...]) -> str:
        return (
            f"{_who(a, sa)} dates it {a.value.raw} and {_who(b, sb)} dates it {b.value.raw}: "  # type: ignore[union-attr]
            "close enough to be the same day seen from two time zones (1 March in Tokyo is "
            "28 February in Washington), so this is not counted as a contradiction."
        )

    conflicts, near = _sweep(items, slack)
    for lower, upper in conflicts:
        yield _pair(Finding, "date", lower, upper, explain_conflict)  # type: ignore[misc]
    for lower, upper in near:
        yield _pair(Note, "timezone", lower, upper, explain_near)  # type: ignore[misc]


def rule_categorical(claims: Sequence[Claim], config: CheckConfig) -> Iterator[Finding]:
    """Asserted categorical values that differ once normalised.

    One finding per pair of distinct values; its representative claims are
    the lowest ids holding each value.
    """
    groups: dict[Any, list[Claim]] = {}
    for c in _asserting(claims, "categorical"):
        groups.setdefault(value_identity(c.value), []).append(c)  # type: ignore[arg-type]
    ordered = sorted(groups.values(), key=lambda g: min(c.id for c in g))

    def explain(a: Claim, b: Claim, sa: tuple[str, ...], sb: tuple[str, ...]) -> str:
        return f"{_who(a, sa)} says {a.value.raw} but {_who(b, sb)} says {b.value.raw}."  # type: ignore[union-attr]

    for left, right in itertools.combinations(ordered, 2):
        yield _pair(Finding, "categorical", left, right, explain)  # type: ignore[misc]


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

    def explain(a: Claim, b: Claim, sa: tuple[str, ...], sb: tuple[str, ...]) -> str:
        verb_a = "assert" if len(sa) > 1 else "asserts"
        verb_b = "deny" if len(sb) > 1 else "denies"
        return (
            f"{_names(sa)} {verb_a} “{_shorten(a.text)}” but {_names(sb)} {verb_b} it "
            f"(“{_shorten(b.text)}”)."
        )

    for group in sorted(denials.values(), key=lambda g: min(c.id for c in g)):
        denied = group[0].value
        if denied is None:
            met = asserting
        else:
            met = [c for c in asserting if c.value is not None and _values_agree(c.value, denied, config)]
        if met:
            yield _pair(Finding, "stance", met, group, explain)  # type: ignore[misc]


#: The rules ``check_key`` runs on each scope, in order. A tuple: pass your own
#: sequence to ``check_key(rules=...)`` rather than changing this one.
RULES: tuple[Rule, ...] = (rule_value, rule_date, rule_categorical, rule_stance)


def incomparable_units(claims: Sequence[Claim]) -> Incomparable | None:
    """Quantities under one key whose units differ, within equal qualifiers.

    ``as_of`` does not separate them: a key that moves from USD to % over time
    still mixes two questions. Qualifiers do: they are how a user says two
    claims are about different things.
    """
    by_quals: dict[tuple[tuple[str, str], ...], list[Claim]] = {}
    for c in claims:
        if c.value is not None and c.value.kind == "quantity":
            by_quals.setdefault(_quals(c), []).append(c)
    mixed: list[Claim] = []
    for group in by_quals.values():
        if len({c.value.unit for c in group}) > 1:  # type: ignore[union-attr]
            mixed.extend(group)
    if not mixed:
        return None
    mixed.sort(key=lambda c: c.id)
    units = tuple(dict.fromkeys(c.value.unit for c in mixed))  # type: ignore[union-attr]
    shown = ", ".join(u if u is not None else "no unit" for u in units)
    return Incomparable(
        key=mixed[0].key,
        units=units,
        claim_ids=tuple(c.id for c in mixed),
        explanation=(
            f"Quantities under this key come in different units ({shown}), so they were not "
            "compared; the key probably mixes two questions and could be split."
        ),
    )


# -- running the rules ---------------------------------------------------------


def _rule_name(rule: Callable[..., Any]) -> str:
    name = getattr(rule, "__name__", type(rule).__name__)
    return name.removeprefix("rule_")


def _quals(claim: Claim) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((claim.qualifiers or {}).items()))


def _scope_key(claim: Claim) -> tuple[Any, ...]:
    as_of = claim.as_of.strip() if claim.as_of is not None else None
    return (as_of is not None, as_of or "", _quals(claim))


def _error_finding(rule: str, scope: Sequence[Claim], exc: BaseException) -> Finding:
    first, last = scope[0], scope[-1]
    message = str(exc) or type(exc).__name__
    return Finding(
        key=first.key,
        kind="error",
        claims=(first, last),
        explanation=(
            f"The {rule} rule failed on claims {first.id}–{last.id} "
            f"({type(exc).__name__}: {_shorten(message)}), so they were not checked by it."
        ),
        side_a_sources=_sources(scope),
        side_b_sources=(),
        id=f"e-{rule}-{first.id}-{last.id}",
        side_a_ids=_ids(scope),
    )


def check_key(
    claims: Sequence[Claim],
    config: CheckConfig = _DEFAULT_CONFIG,
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
    notes: list[Note] = []
    for scope_key in sorted(scopes):
        scope = scopes[scope_key]
        if len(scope) < 2:
            continue
        for rule in rules:
            try:
                produced = list(rule(scope, config))
            except Exception as exc:  # a broken rule must not kill the report
                findings.append(_error_finding(_rule_name(rule), scope, exc))
                continue
            for item in produced:
                (notes if isinstance(item, Note) else findings).append(item)  # type: ignore[arg-type]

    incomparable: Incomparable | None = None
    try:
        incomparable = incomparable_units(live)
    except Exception as exc:
        findings.append(_error_finding("incomparable", live or ordered, exc))

    return KeyResult(
        key=key,
        findings=tuple(findings),
        incomparable=incomparable,
        notes=tuple(notes),
        claim_count=len(ordered),
        set_aside=set_aside,
    )


def check(
    claims_sorted_by_key: Iterable[Claim],
    config: CheckConfig = _DEFAULT_CONFIG,
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


@dataclass
class Summary:
    """Counts over a run, filled as results pass by.

    ``add`` one result at a time, or wrap the stream with ``tap`` so a
    renderer and a caller (e.g. an exit code under ``--check``) share it.
    """

    keys: int = 0
    claims: int = 0
    set_aside: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    resolved: int = 0
    notes: int = 0
    incomparable: int = 0

    def add(self, result: KeyResult, resolved: Set[str] = frozenset()) -> None:
        self.keys += 1
        self.claims += result.claim_count
        self.set_aside += len(result.set_aside)
        self.notes += len(result.notes)
        self.incomparable += result.incomparable is not None
        for f in result.findings:
            self.by_kind[f.kind] += 1
            self.resolved += f.id in resolved

    def tap(self, results: Iterable[KeyResult], resolved: Set[str] = frozenset()) -> Iterator[KeyResult]:
        for result in results:
            self.add(result, resolved)
            yield result

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
