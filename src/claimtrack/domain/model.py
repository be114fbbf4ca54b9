"""Immutable records: claims, sources, resolutions and values, each declared once.

Pure: nothing here imports storage, the CLI or rendering. A record's fields
are written down here and nowhere else: the store derives its columns, the
import its checks and every ``--json`` its shape from them
(:func:`field_names`), and records are always built by keyword. Records are
``msgspec`` structs: their methods are compiled code, where a dataclass has
its methods generated and compiled as each class is defined, at every
command's start-up. The annotations are objects, not strings (no ``from
__future__ import annotations``): the store and the checks read the
fields' types at import, and strings would be compiled anew each time.

A record read from a file or the command line but not yet recorded (a
*draft*) leaves empty what the ledger assigns (the fields marked
``RECORDED``: a claim's ``id`` is 0, its ``uid`` and ``recorded_at`` empty);
its ``source`` is the source as the user named it (an id, a name or an alias;
empty when the URL's domain is to say).
"""

from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from functools import cache
from operator import attrgetter
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from msgspec import Meta, Struct, field
from msgspec.structs import force_setattr

from claimtrack.domain.text import fold
from claimtrack.domain.vocabulary import DecisionStatus, Stance

#: A field's mark: the ledger sets this field when it records the claim; it
#: is not part of what the claim says (``id: Annotated[int, RECORDED]``).
RECORDED = Meta(extra={"recorded": True})
#: A field's mark: read from another record (the claim's source), not stored
#: with the claim.
JOINED = Meta(extra={"joined": True})


def field_names(record: type[Struct]) -> tuple[str, ...]:
    """A record type's fields, in declaration order."""
    return record.__struct_fields__


@cache
def _marked(record: type[Struct]) -> dict[str, frozenset[str]]:
    """Each field of a record type with its marks (``recorded``, ``joined``)."""
    hints = get_type_hints(record, include_extras=True)
    marks = {}
    for name in record.__struct_fields__:
        found = [meta.extra for meta in getattr(hints[name], "__metadata__", ()) if isinstance(meta, Meta)]
        marks[name] = frozenset(mark for extra in found if extra for mark in extra)
    return marks


def decimal_str(d: Decimal | None) -> str | None:
    """An exact decimal as a plain string: no exponent, no trailing zeros.

    ``Decimal("5E+11")`` -> ``"500000000000"``; ``Decimal("0.50")`` -> ``"0.5"``.
    """
    if d is None:
        return None
    if d == 0:
        return "0"
    # Formatting with "f" is exact at any length; normalize() would round to
    # the context's 28 digits.
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class DateValue(Struct, frozen=True, kw_only=True):
    """A date or period at its precision, with the UTC offset if one was given.

    ``date`` is ISO at the precision for a day, a month or a year (``2025-03-01``,
    ``2025-03``, ``2025``) and an ISO 8601 interval of days for any other period
    (``2025-04-01/2026-03-31``). ``start`` and ``end`` are its first and last
    day (inclusive; a day has start = end): left empty, they are worked out
    from ``date``. ``offset`` is ``+09:00``-style or None. ``relative_to`` is
    the day a relative date (``昨日``, ``last month``, ``3月1日`` without a
    year) was read against, or None.
    """

    date: str
    precision: str
    start: str = ""
    end: str = ""
    offset: str | None = None
    relative_to: str | None = None

    def __post_init__(self) -> None:
        if not self.start or not self.end:
            _fill_span(self)

    def to_json(self) -> dict[str, Any]:
        return record_json(self)


def _fill_span(record: Any) -> None:
    """Set ``start`` and ``end`` of a date record from its ``date``; a date
    that is not ISO (a ledger edited by hand) is left without them."""
    from claimtrack.domain.periods import span

    try:
        first, last = span(record.date)
    except ValueError:
        return
    force_setattr(record, "start", first.isoformat())
    force_setattr(record, "end", last.isoformat())


class Value(Struct, frozen=True, kw_only=True):
    """A claim's value: the raw text and its normalised reading.

    kind ``quantity``: ``amount`` (None for a pure range), ``unit`` (ISO 4217
    code, ``%`` or a plain unit word, None for a bare number), ``approx``,
    ``lower``/``upper`` bounds (None where open or not a bound).
    A figure told with its conversion (``¥235 billion ($1.6 billion)``) keeps
    the conversion as ``conversion_amount`` and ``conversion_unit``.
    kind ``date``: ``date``, ``precision``, ``start`` and ``end`` (and
    ``offset``, ``relative_to``), as :class:`DateValue` has them.
    kind ``categorical``: ``normalized`` is the comparison text.
    """

    kind: str
    raw: str
    amount: Decimal | None = None
    unit: str | None = None
    approx: bool = False
    lower: Decimal | None = None
    upper: Decimal | None = None
    conversion_amount: Decimal | None = None
    conversion_unit: str | None = None
    date: str | None = None
    precision: str | None = None
    start: str | None = None
    end: str | None = None
    offset: str | None = None
    relative_to: str | None = None
    normalized: str | None = None

    def __post_init__(self) -> None:
        if self.date is not None and (self.start is None or self.end is None):
            _fill_span(self)

    def to_json(self) -> dict[str, Any]:
        return record_json(self)


def value_identity(value: Value | None) -> tuple[Any, ...] | None:
    """What makes two values the same value, whatever their wording.

    ``5000億ドル`` and ``$500B`` are one value (kind, unit, amount, approx and
    bounds agree); dates agree on the date at its precision (``2025-03`` is not
    ``2025-03-01``; a UTC offset says where, not which day); categorical text
    agrees once folded (:func:`claimtrack.domain.text.fold`). A value that was
    never read (no amount, bounds or date) is its folded raw text.
    """
    if value is None:
        return None
    if value.kind == "quantity" and not (value.amount is None and value.lower is None and value.upper is None):
        return (value.kind, value.unit, value.amount, value.approx, value.lower, value.upper)
    if value.kind == "date" and value.date is not None:
        return (value.kind, value.date)
    if value.kind == "categorical":
        return (value.kind, fold(value.normalized or value.raw))
    return (value.kind, value.unit, fold(value.raw))


class Source(Struct, frozen=True, kw_only=True):
    """A publication or channel claims come from.

    In a draft (a ``sources add`` or an import record), ``id`` may be empty
    (it is made from the name) and so may ``kind`` (outlet for a new source,
    left as it is for a known one).
    """

    id: str = ""
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    created_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return record_json(self)


class Claim(Struct, frozen=True, kw_only=True):
    """One statement as it appeared. Immutable once recorded.

    The fields, in this order, are the JSON contract's claim. A correction is
    a new claim whose ``supersedes`` is the id of the claim it corrects.
    """

    id: Annotated[int, RECORDED] = 0
    #: The claim's identity in every ledger (32 hex digits): local ids differ
    #: between ledgers, the uid travels with the claim through export and import.
    uid: Annotated[str, RECORDED] = ""
    key: str
    text: str
    source: str = ""
    source_name: Annotated[str, JOINED] = ""
    speaker: str | None = None
    url: str | None = None
    stance: Stance = "asserts"
    claimed_on: str | None = None
    as_of: str | None = None
    value: Value | None = None
    qualifiers: Mapping[str, str] = field(default_factory=dict)
    supersedes: int | None = None
    quote: str | None = None
    note: str | None = None
    lang: str | None = None
    recorded_at: Annotated[str, RECORDED] = ""

    def to_json(self) -> dict[str, Any]:
        return record_json(self)


class Resolution(Struct, frozen=True, kw_only=True):
    """What a person decided about a finding, who, when and why.

    ``claim_id`` names the claim found wrong (``status`` ``wrong-claim``);
    it leaves later comparisons but stays recorded. A decision is never
    changed: ``reopened`` undoes the one before it, and a new decision
    replaces it (see :class:`Decisions`).
    """

    finding_id: str
    status: DecisionStatus
    claim_id: int | None = None
    note: str
    resolved_by: str | None = None
    resolved_at: str = ""
    #: The decision's identity in every ledger, as a claim's uid.
    uid: Annotated[str, RECORDED] = ""

    def to_json(self) -> dict[str, Any]:
        return record_json(self)


#: What a decision is about: its finding's kind (the letter and, for a rule
#: error, the rule: ``c-``, ``e-rule-``) and the two claims its finding id
#: names. Claim ids change in a merge and a finding's id with them; the two
#: claims a decision was made on do not.
Pair = tuple[str, frozenset[int]]


def pair_of(finding_id: str) -> Pair:
    """``c-12-40`` -> ``("c-", {12, 40})``."""
    prefix, a, b = finding_id.rsplit("-", 2)
    return prefix + "-", frozenset((int(a), int(b)))


def holds(prefix: str, left: Collection[int], right: Collection[int], pair: Pair) -> bool:
    """Whether a finding (its id's prefix, the claim ids on each side) is about
    ``pair``: the same kind, one of the two claims on each side."""
    kind, claims = pair
    if kind != prefix or len(claims) != 2:
        return False
    a, b = claims
    if not right:  # a rule's error: one side holds the claims it failed on, from the first to the last
        return a in left and b in left
    return (a in left and b in right) or (b in left and a in right)


class Decisions:
    """Every decision about findings, oldest first (by ``resolved_at``).

    Decisions are grouped by the pair of claims they were filed under
    (:func:`pair_of`): a pair's latest decision is its own, and it *stands*
    unless it reopened the pair. A claim is wrong while a standing decision
    says so (:meth:`wrong`). A finding is resolved while a pair it holds has
    a standing decision; the most recent of those is the finding's
    (:meth:`of`).
    """

    __slots__ = ("_latest", "_naming", "_pairs", "made")

    def __init__(self, made: tuple[Resolution, ...] = ()) -> None:
        self.made = made
        #: Each decision's pair; the decisions (by index) naming each claim;
        #: each pair's latest decision, by index.
        self._pairs = tuple(pair_of(d.finding_id) for d in made)
        naming: dict[int, list[int]] = {}
        for i, (_, claims) in enumerate(self._pairs):
            for claim in claims:
                naming.setdefault(claim, []).append(i)
        self._naming = {claim: tuple(at) for claim, at in naming.items()}
        self._latest = {pair: i for i, pair in enumerate(self._pairs)}

    def __repr__(self) -> str:
        return f"Decisions({self.made!r})"

    def latest(self) -> dict[Pair, Resolution]:
        """Each pair's latest decision."""
        return {pair: self.made[i] for pair, i in self._latest.items()}

    def standing(self, pairs: Collection[Pair] | None = None) -> list[Resolution]:
        """The standing decisions (of these pairs), oldest first."""
        chosen = self._latest.values() if pairs is None else [self._latest[p] for p in pairs if p in self._latest]
        return [self.made[i] for i in sorted(chosen) if self.made[i].status != "reopened"]

    def wrong(self) -> dict[int, list[Resolution]]:
        """Each claim a standing decision marks wrong, with those decisions."""
        found: dict[int, list[Resolution]] = {}
        for d in self.standing():
            if d.status == "wrong-claim" and d.claim_id is not None:
                found.setdefault(d.claim_id, []).append(d)
        return found

    def naming(self, claim_id: int) -> list[Resolution]:
        """The decisions whose pair holds this claim, oldest first."""
        return [self.made[i] for i in self._naming.get(claim_id, ())]

    def held(self, prefix: str, left: Collection[int], right: Collection[int]) -> list[Pair]:
        """The pairs with decisions that a finding (its id's prefix, its sides) holds."""
        near = {i for claim in (*left, *right) for i in self._naming.get(claim, ())}
        return list(dict.fromkeys(self._pairs[i] for i in sorted(near) if holds(prefix, left, right, self._pairs[i])))

    def of(self, prefix: str, left: Collection[int], right: Collection[int]) -> Resolution | None:
        """A finding's decision: the most recent standing one of the pairs it holds."""
        standing = self.standing(self.held(prefix, left, right))
        return standing[-1] if standing else None

    def of_pairs(self, pairs: Collection[Pair]) -> list[Resolution]:
        """Every decision filed under these pairs, oldest first."""
        return [d for d, pair in zip(self.made, self._pairs, strict=True) if pair in pairs]


class History(Struct, frozen=True):
    """The decisions about a finding, or those that name a claim, oldest first;
    for a claim, also the claim it corrects and the claims that correct it."""

    finding_id: str | None = None
    claim: Claim | None = None
    decisions: tuple[Resolution, ...] = ()
    superseded_by: tuple[int, ...] = ()
    #: A finding's decision that stands, if any.
    standing: Resolution | None = None

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        if self.claim is not None:
            entry.update(claim=self.claim.id, supersedes=self.claim.supersedes, superseded_by=list(self.superseded_by))
        else:
            entry["finding_id"] = self.finding_id
        entry["decisions"] = [d.to_json() for d in self.decisions]
        entry["standing"] = self.standing.to_json() if self.standing else None
        return entry


class Standing(Struct, frozen=True):
    """What became of recorded claims: the corrections that supersede them
    (claim id -> ids of its correcting claims) and the resolutions that marked
    them wrong. Either sets a claim aside from comparisons; it stays recorded."""

    superseded_by: Mapping[int, Sequence[int]] = field(default_factory=dict)
    marked_wrong: Mapping[int, Sequence[Resolution]] = field(default_factory=dict)

    def of(self, claim: Claim) -> dict[str, Any]:
        """The claim's standing as ``show``, ``log`` and ``diff`` add it to its JSON."""
        return {
            "superseded_by": list(self.superseded_by.get(claim.id, ())),
            "marked_wrong": [w.to_json() for w in self.marked_wrong.get(claim.id, ())],
        }

    def marks(self, claim: Claim) -> list[str]:
        """What people are told: ``superseded by #12``, ``marked wrong``."""
        by = self.superseded_by.get(claim.id, ())
        marks = [f"superseded by {', '.join(f'#{i}' for i in by)}"] if by else []
        return marks + (["marked wrong"] if self.marked_wrong.get(claim.id) else [])


#: The standing of claims in a view that does not ask: nothing set aside.
NOTHING_SET_ASIDE = Standing()


@cache
def joined_fields(record: type[Struct]) -> frozenset[str]:
    """The fields of a record type read from another record (``JOINED``)."""
    return frozenset(name for name, marks in _marked(record).items() if "joined" in marks)


class UnitAlias(Struct, frozen=True, kw_only=True):
    """A ledger's own word for a unit: ``来場者`` counts ``people``."""

    alias: str
    unit: str

    def to_json(self) -> dict[str, Any]:
        return record_json(self)


class RatePin(Struct, frozen=True, kw_only=True):
    """An exchange rate a ledger fixes for every day: ``USDJPY`` ``150``
    (one US dollar is 150 yen). It wins over the ECB's rates."""

    pair: str
    rate: str

    def to_json(self) -> dict[str, Any]:
        return record_json(self)


def stated_fields(record: type[Struct]) -> tuple[str, ...]:
    """The fields of a record type that say something: neither set by the
    ledger when it records (``RECORDED``) nor read from another record (``JOINED``)."""
    return tuple(name for name, marks in _marked(record).items() if not marks)


def record_json(record: Any) -> dict[str, Any]:
    """A record as the JSON contract writes it: every field in declaration
    order, exact decimals as strings, nested records as objects, tuples as lists."""
    read, names, converted = _json_plan(record.__class__)
    held = dict(zip(names, read(record), strict=True))
    for name in converted:
        held[name] = _json(held[name])
    return held


@cache
def _json_plan(record: type[Any]) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[str, ...], tuple[str, ...]]:
    """How ``record_json`` writes a record type: all its fields read at once, in
    declaration order, and the names of those whose type JSON does not hold as
    it is (a Decimal, a nested record, a mapping), which go through ``_json``.
    A field whose type cannot be read here goes through ``_json`` too."""
    names = field_names(record)
    try:
        hints = get_type_hints(record)
    except NameError:
        hints = {}
    converted = tuple(name for name in names if not _json_as_is(hints.get(name)))
    if len(names) > 1:
        return attrgetter(*names), names, converted
    return (lambda held: tuple(getattr(held, name) for name in names)), names, converted  # a tuple even of one


def _json_as_is(hint: Any) -> bool:
    """Whether JSON holds every value of this type as it is (text, numbers, flags, nothing)."""
    if hint in (str, int, bool, type(None)):
        return True
    if get_origin(hint) is Literal:
        return all(type(choice) in (str, int, bool) for choice in get_args(hint))
    if get_origin(hint) in (Union, UnionType):
        return all(_json_as_is(arg) for arg in get_args(hint))
    return False


def _json(value: Any) -> Any:
    if value is None or isinstance(value, (str, int)):  # a tuple: ``str | int`` would be built at every call
        return value
    if isinstance(value, Decimal):
        return decimal_str(value)
    if type(value) is dict:  # a claim's qualifiers: before the slower test of Mapping's ABC below
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, Struct):
        return record_json(value)
    if isinstance(value, (tuple, list)):
        return [_json(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _json(item) for key, item in value.items()}
    raise TypeError(f"{type(value).__name__} has no JSON form")


# -- the hash chain (see store/chain.py) -------------------------------------

#: What a chain links: claims and decisions.
ChainKind = Literal["claim", "decision"]
#: What breaks a chain: a record changed since it was linked, a link whose
#: record is gone, a record without a link.
ChainProblem = Literal["changed", "missing", "unlinked"]


class ChainBreak(Struct, frozen=True):
    """Where a hash chain does not hold: the link's position, the record, what is wrong."""

    seq: int
    kind: ChainKind
    uid: str
    #: The record's local id, if the record is still there.
    record_id: int | None
    problem: ChainProblem
    #: In a file, the record's line.
    line: int | None = None


class ChainCheck(Struct, frozen=True):
    """What ``verify`` found: links checked, by kind; the head; the first break."""

    claims: int
    decisions: int
    head: bytes
    broken: ChainBreak | None
