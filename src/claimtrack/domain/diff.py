"""How a claim changed over time: timelines, revisions and window summaries.

Pure: no I/O, no clock, nothing from store, services, cli or render.

Ordering (``claim_sort_key``)
    Claims are ordered by claim date (``claimed_on``), then ``recorded_at``,
    then ``id``. Dates sort as :func:`claimtrack.domain.periods.order_key`
    says: a coarser date at the start of its period and before every finer
    date inside it. Undated claims (no
    ``claimed_on``, or one that does not start with an ISO date) come after
    every dated claim, in the order they were recorded.

Text diffs
    What a diff shows changing are tokens: characters of unspaced scripts
    (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan, Bopomofo) one by one with
    any combining marks that follow; numbers (``500,000`` stays one token);
    words; runs of whitespace; any other character alone. A text mixing
    scripts is thus diffed word by word in its spaced parts and character by
    character in its unspaced parts; no per-text language guess is needed.

    Alignment is coarse to fine. Coarse tokens (a word, number or mark with
    its trailing whitespace; a run of kanji, of hiragana, of katakana...) are
    aligned first, then each changed stretch is aligned again in fine tokens.
    Each alignment sets the common prefix and suffix aside, cuts long
    stretches at tokens found exactly once on each side (patience diff), and
    hands what is left to ``difflib.SequenceMatcher(autojunk=False)`` with
    whitespace as junk (a match never starts on it but extends over it). A
    single whitespace token or a single unspaced character left equal between
    two changes is folded into them, so ``[-500-] [-billion-]`` reads as one
    change ``[-500 billion-]``.

Values
    Two values are the same when their normalised readings agree (amount,
    unit, approx flag and bounds; date, precision and offset; categorical
    normalised text), whatever their raw wording: ``5000億ドル`` and ``$500B``
    do not make a value change; the text diff shows the rewording.
    Quantities are comparable when both have an amount and the same unit.
    ``delta`` (new − old) is exact; ``ratio`` (new / old) is rounded to
    ``RATIO_DIGITS`` significant digits, and is None when old is zero.

Triviality
    A text change is trivial when every changed stretch differs only in
    whitespace and punctuation (Unicode category P). A revision is trivial
    when its only change is a trivial text change.

Windows (``summarize_window``)
    A claim falls in a window as :class:`claimtrack.domain.periods.Window`
    says (by the first day of its date's period). A revision belongs to the
    window when its newer claim does; the older claim may predate the window,
    so the summary shows what a key moved from as well as where it ended.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from functools import lru_cache
from typing import Any

from claimtrack.domain import periods
from claimtrack.domain.model import Claim, Value, decimal_str, value_identity
from claimtrack.domain.patterns import Ranges, in_class
from claimtrack.domain.text import fold
from claimtrack.errors import ClaimtrackError

CHANGE_KINDS = ("value", "stance", "source", "speaker", "text")
RATIO_DIGITS = 6

# --- ordering ---------------------------------------------------------------

_order_key = lru_cache(maxsize=4096)(periods.order_key)


def claim_sort_key(claim: Claim) -> tuple[Any, ...]:
    """The timeline order: claim date (coarse before fine), recorded_at, id; undated last."""
    parts = _order_key(claim.claimed_on)
    return (parts is None, parts or (0, 0, 0), claim.recorded_at or "", claim.id)


def order_claims(claims: Iterable[Claim]) -> list[Claim]:
    return sorted(claims, key=claim_sort_key)


# --- values -----------------------------------------------------------------


def same_value(a: Value | None, b: Value | None) -> bool:
    """Whether two values read the same once normalised (raw wording aside)."""
    return value_identity(a) == value_identity(b)


@dataclass(frozen=True, slots=True)
class ValueChange:
    """A value moving from ``old`` to ``new`` (either may be None).

    ``comparable``: both quantities with an amount and the same unit; then
    ``delta`` is new − old (exact) and ``ratio`` new / old (None if old is 0).
    ``unit`` is the unit both share, else None.
    """

    old: Value | None
    new: Value | None
    comparable: bool
    unit: str | None
    delta: Decimal | None
    ratio: Decimal | None

    @property
    def relative(self) -> Decimal | None:
        """ratio − 1: ``-0.3`` for a 30% fall."""
        return None if self.ratio is None else self.ratio - 1

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.old.raw if self.old else None,
            "to": self.new.raw if self.new else None,
            "delta": decimal_str(self.delta),
            "ratio": decimal_str(self.ratio),
            "unit": self.unit,
            "comparable": self.comparable,
        }


def _exact_sub(a: Decimal, b: Decimal) -> Decimal:
    """a - b without rounding, however many digits they carry (both are finite)."""
    exponents = [x.as_tuple().exponent for x in (a, b)]
    lowest = min(e for e in exponents if isinstance(e, int))
    digits = max(a.adjusted(), b.adjusted()) - lowest
    return Context(prec=max(28, digits + 2)).subtract(a, b)


def value_change(old: Value | None, new: Value | None) -> ValueChange:
    shared_unit = old.unit if (old and new and old.unit == new.unit) else None
    comparable = (
        old is not None
        and new is not None
        and old.kind == new.kind == "quantity"
        and old.unit == new.unit
        and old.amount is not None
        and new.amount is not None
        and old.amount.is_finite()
        and new.amount.is_finite()
    )
    delta = ratio = None
    if comparable:
        assert old is not None and new is not None
        assert old.amount is not None and new.amount is not None
        delta = _exact_sub(new.amount, old.amount)
        if old.amount != 0:
            ratio = Context(prec=RATIO_DIGITS, rounding=ROUND_HALF_EVEN).divide(
                new.amount, old.amount
            )
    return ValueChange(old, new, comparable, shared_unit, delta, ratio)


# --- text diff --------------------------------------------------------------

# Scripts written without spaces between words: diffed character by character.
# Each set is written once, as ranges of code points: the patterns below are
# made from them, and so is the test of one character (`_within`), which
# spares compiling two more patterns with classes this large.
_HAN: Ranges = ((0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                 (0x20000, 0x3FFFF))
_HIRAGANA: Ranges = ((0x3040, 0x309F),)
_KATAKANA: Ranges = ((0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
_OTHER_UNSPACED: Ranges = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3100, 0x312F),  # Bopomofo
)
_UNSPACED_RANGES = _HAN + _HIRAGANA + _KATAKANA + _OTHER_UNSPACED
# Marks that belong to the character before them (Thai vowels and tones,
# Myanmar and Khmer signs, kana voicing, variation selectors).
_COMBINING_RANGES: Ranges = (
    (0x0300, 0x036F),
    (0x0E31, 0x0E31), (0x0E34, 0x0E3A), (0x0E47, 0x0E4E),
    (0x0EB1, 0x0EB1), (0x0EB4, 0x0EBC), (0x0EC8, 0x0ECD),
    (0x0F71, 0x0F84),
    (0x102B, 0x103E),
    (0x17B4, 0x17D3),
    (0x3099, 0x309A),
    (0xFE00, 0xFE0F),
    (0xE0100, 0xE01EF),
)


def _bounds(ranges: Ranges) -> tuple[list[int], list[int]]:
    """Sorted firsts and lasts of the ranges, for :func:`_within`."""
    ordered = sorted(ranges)
    return [first for first, _ in ordered], [last for _, last in ordered]


def _within(char: str, bounds: tuple[list[int], list[int]]) -> bool:
    firsts, lasts = bounds
    code = ord(char)
    at = bisect.bisect_right(firsts, code) - 1
    return at >= 0 and code <= lasts[at]


_UNSPACED = in_class(_UNSPACED_RANGES)
_COMBINING = in_class(_COMBINING_RANGES)
_UNSPACED_BOUNDS = _bounds(_UNSPACED_RANGES)
_COMBINING_BOUNDS = _bounds(_COMBINING_RANGES)
_NUMBER = r"\d+(?:[.,]\d+)*"  # separators included: 500,000.5
# A word: letters and digits not of an unspaced script, with the marks on them
# and inner apostrophes (don't). The letter's class is written three times, not
# four: each copy of a class this large costs milliseconds to compile, and
# fewer copies (as alternatives of one repeat) would match more slowly.
_LETTER = rf"[^\W{_UNSPACED}]"
_WORD = rf"{_LETTER}+(?:(?:['’](?={_LETTER})|[{_COMBINING}]+){_LETTER}*)*"
# Fine tokens: what a diff shows changing.
_TOKEN = re.compile(
    rf"[{_UNSPACED}][{_COMBINING}]*|{_NUMBER}|{_WORD}|\s+|.",
    re.DOTALL,
)
# Coarse tokens: a word, number or punctuation mark with the whitespace after
# it, or a run of one unspaced script (kanji, hiragana, katakana, ...).
_COARSE = re.compile(
    rf"(?:[{in_class(_HAN)}{_COMBINING}]+|[{in_class(_HIRAGANA)}{_COMBINING}]+"
    rf"|[{in_class(_KATAKANA)}{_COMBINING}]+|[{in_class(_OTHER_UNSPACED)}{_COMBINING}]+|{_NUMBER}|{_WORD}|.)\s*",
    re.DOTALL,
)


def tokenize(text: str) -> tuple[str, ...]:
    """Split text into the tokens a diff shows; ``"".join(tokenize(t)) == t``."""
    return tuple(_TOKEN.findall(text))


@lru_cache(maxsize=64)
def _coarse_tokens(text: str) -> tuple[str, ...]:
    """Coarse tokens, cached for the few most recent texts: in a timeline
    each text is the new side of one revision and the old side of the next."""
    return tuple(_COARSE.findall(text))


def _is_content(ch: str) -> bool:
    return not (ch.isspace() or unicodedata.category(ch)[0] == "P")


def _same_content(a: str, b: str) -> bool:
    """Equal once whitespace and punctuation are removed; stops at the first difference."""
    missing = object()
    return all(
        x == y
        for x, y in itertools.zip_longest(
            filter(_is_content, a), filter(_is_content, b), fillvalue=missing
        )
    )


def _foldable(token: str) -> bool:
    """An equal token too small to stand between two changes on its own:
    whitespace, or a single unspaced character (with its marks)."""
    return token.isspace() or (
        _unspaced(token) and all(_within(mark, _COMBINING_BOUNDS) for mark in token[1:])
    )


def _unspaced(text: str) -> bool:
    """Whether the text starts with a character of an unspaced script."""
    return bool(text) and _within(text[0], _UNSPACED_BOUNDS)


# ("equal" | "change", i1, i2, j1, j2): a[i1:i2] stands against b[j1:j2].
_Span = tuple[str, int, int, int, int]

# Below this many tokens (both sides together) SequenceMatcher runs alone;
# above it, tokens found exactly once in each text anchor the alignment first.
ANCHOR_MIN_TOKENS = 40
# Gaps between anchors are anchored again, down to this depth at most.
ANCHOR_MAX_DEPTH = 8


def _align(
    a: Sequence[str],
    b: Sequence[str],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[_Span],
    depth: int = 0,
) -> None:
    """Append spans aligning a[alo:ahi] with b[blo:bhi].

    Long stretches are first cut at anchors, as in patience diff: tokens
    (other than whitespace) occurring exactly once in each stretch, kept where
    their order agrees (longest increasing run). SequenceMatcher aligns the
    gaps between anchors, so its quadratic worst case only meets short
    stretches. Short stretches go to SequenceMatcher directly.
    """
    if alo == ahi or blo == bhi:
        if alo < ahi or blo < bhi:
            out.append(("change", alo, ahi, blo, bhi))
        return
    a_part, b_part = a[alo:ahi], b[blo:bhi]
    common = set(a_part).intersection(b_part)
    if not common or all(tok.isspace() for tok in common):
        out.append(("change", alo, ahi, blo, bhi))
        return
    if len(a_part) + len(b_part) < ANCHOR_MIN_TOKENS or depth >= ANCHOR_MAX_DEPTH:
        _match(a, b, alo, ahi, blo, bhi, out)
        return
    count_a, count_b = Counter(a_part), Counter(b_part)
    once_b = {tok: j for j, tok in enumerate(b_part, blo) if count_b[tok] == 1}
    pairs = [
        (i, once_b[tok])
        for i, tok in enumerate(a_part, alo)
        if count_a[tok] == 1 and tok in once_b and not tok.isspace()
    ]
    anchors = _increasing(pairs)
    if not anchors:
        _match(a, b, alo, ahi, blo, bhi, out)
        return
    i0, j0 = alo, blo
    for i, j in anchors:
        if i != i0 or j != j0:
            _gap(a, b, i0, i, j0, j, out, depth + 1)
            out.append(("equal", i, i + 1, j, j + 1))
        elif out and out[-1][0] == "equal" and out[-1][2] == i and out[-1][4] == j:
            out[-1] = ("equal", out[-1][1], i + 1, out[-1][3], j + 1)
        else:
            out.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    _gap(a, b, i0, ahi, j0, bhi, out, depth + 1)


def _gap(
    a: Sequence[str],
    b: Sequence[str],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[_Span],
    depth: int,
) -> None:
    """Align the stretch between two anchors: trim what agrees at each end first."""
    i, j = alo, blo
    while i < ahi and j < bhi and a[i] == b[j]:
        i, j = i + 1, j + 1
    if i > alo:
        out.append(("equal", alo, i, blo, j))
    k, m = ahi, bhi
    while k > i and m > j and a[k - 1] == b[m - 1]:
        k, m = k - 1, m - 1
    _align(a, b, i, k, j, m, out, depth)
    if k < ahi:
        out.append(("equal", k, ahi, m, bhi))


def _match(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int, out: list[_Span]
) -> None:
    matcher = difflib.SequenceMatcher(str.isspace, a[alo:ahi], b[blo:bhi], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out.append(("equal" if tag == "equal" else "change", alo + i1, alo + i2, blo + j1, blo + j2))


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs (sorted by i) whose j also increases."""
    if all(p[1] < q[1] for p, q in itertools.pairwise(pairs)):
        return pairs
    tails: list[int] = []  # tails[k]: smallest j ending a run of length k + 1
    tail_at: list[int] = []  # index in pairs of that run's last pair
    back: list[int] = []
    for idx, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        back.append(tail_at[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            tail_at.append(idx)
        else:
            tails[k] = j
            tail_at[k] = idx
    run: list[tuple[int, int]] = []
    idx = tail_at[-1] if tail_at else -1
    while idx >= 0:
        run.append(pairs[idx])
        idx = back[idx]
    run.reverse()
    return run


def _coalesce(spans: list[_Span]) -> list[_Span]:
    out: list[_Span] = []
    for span in spans:
        if out and out[-1][0] == span[0]:
            kind, i1, _, j1, _ = out[-1]
            out[-1] = (kind, i1, span[2], j1, span[4])
        else:
            out.append(span)
    return out


@dataclass(frozen=True, slots=True)
class TextDiff:
    """A text diff as segments ``(op, text)``, op in ``equal|insert|delete``.

    Joining the equal and delete segments gives the old text; joining equal
    and insert gives the new one. A replacement is a delete then an insert.
    """

    ops: tuple[tuple[str, str], ...]
    trivial: bool = False

    def to_json(self) -> list[list[str]]:
        return [[op, text] for op, text in self.ops]


def _token_spans(a: Sequence[str], b: Sequence[str]) -> list[_Span]:
    """Align two token sequences into alternating equal and change spans."""
    n = min(len(a), len(b))
    lo = 0
    while lo < n and a[lo] == b[lo]:
        lo += 1
    hi = 0
    while hi < n - lo and a[-1 - hi] == b[-1 - hi]:
        hi += 1
    spans: list[_Span] = []
    if lo:
        spans.append(("equal", 0, lo, 0, lo))
    _align(a, b, lo, len(a) - hi, lo, len(b) - hi, spans)
    if hi:
        spans.append(("equal", len(a) - hi, len(a), len(b) - hi, len(b)))
    spans = _coalesce(spans)
    folded = False
    for k in range(1, len(spans) - 1):
        kind, i1, i2, j1, j2 = spans[k]
        if kind == "equal" and i2 - i1 == 1 and _foldable(a[i1]):
            spans[k] = ("change", i1, i2, j1, j2)
            folded = True
    return _coalesce(spans) if folded else spans


def _push(ops: list[tuple[str, str]], op: str, text: str) -> None:
    if not text:
        return
    if ops and ops[-1][0] == op:
        ops[-1] = (op, ops[-1][1] + text)
    else:
        ops.append((op, text))


def diff_text(old: str, new: str) -> TextDiff:
    """Word-level diff for spaced scripts, character-level for unspaced ones.

    Coarse tokens (words with their trailing whitespace, runs of one
    unspaced script) are aligned first; each changed stretch is then aligned
    again in fine tokens (words, whitespace, single unspaced characters), so
    the work grows with the size of the changes rather than of the texts.
    """
    if old == new:
        return TextDiff((("equal", old),) if old else ())
    a, b = _coarse_tokens(old), _coarse_tokens(new)
    ops: list[tuple[str, str]] = []
    trivial = True
    for kind, i1, i2, j1, j2 in _token_spans(a, b):
        old_part = "".join(a[i1:i2])
        if kind == "equal":
            _push(ops, "equal", old_part)
            continue
        new_part = "".join(b[j1:j2])
        if trivial and not _same_content(old_part, new_part):
            trivial = False
        if not (old_part and new_part) or set(old_part).isdisjoint(new_part):
            _push(ops, "delete", old_part)
            _push(ops, "insert", new_part)
            continue
        if i2 - i1 == 1 == j2 - j1 and not (
            _unspaced(old_part) or _unspaced(new_part)
        ):
            # One word, number or mark each side, each with its trailing whitespace.
            old_core, new_core = old_part.rstrip(), new_part.rstrip()
            old_ws, new_ws = old_part[len(old_core) :], new_part[len(new_core) :]
            if old_core == new_core:
                _push(ops, "equal", old_core)
            else:
                _push(ops, "delete", old_core)
                _push(ops, "insert", new_core)
            if old_ws == new_ws:
                _push(ops, "equal", old_ws)
            else:
                _push(ops, "delete", old_ws)
                _push(ops, "insert", new_ws)
            continue
        fa, fb = tokenize(old_part), tokenize(new_part)
        for fkind, p1, p2, q1, q2 in _token_spans(fa, fb):
            if fkind == "equal":
                _push(ops, "equal", "".join(fa[p1:p2]))
            else:
                _push(ops, "delete", "".join(fa[p1:p2]))
                _push(ops, "insert", "".join(fb[q1:q2]))
    return TextDiff(tuple(ops), trivial)


# --- revisions --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Revision:
    """What changed from ``old`` to ``new``.

    ``changes`` lists change names in ``CHANGE_KINDS`` order. ``value_change``
    is None when the value did not change. ``correction`` is True when ``new``
    supersedes ``old``. ``trivial`` is True when the only change is a text
    change in whitespace or punctuation.
    """

    old: Claim
    new: Claim
    changes: tuple[str, ...]
    value_change: ValueChange | None
    text_diff: TextDiff
    trivial: bool
    correction: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.old.id,
            "to": self.new.id,
            "changes": list(self.changes),
            "value_change": self.value_change.to_json() if self.value_change else None,
            "text_diff": self.text_diff.to_json(),
            "trivial": self.trivial,
            "correction": self.correction,
        }


def compare(old: Claim, new: Claim) -> Revision:
    """The revision from one claim to another, under the same key or not."""
    changes: list[str] = []
    vchange = None
    if not same_value(old.value, new.value):
        changes.append("value")
        vchange = value_change(old.value, new.value)
    if old.stance != new.stance:
        changes.append("stance")
    if old.source != new.source:
        changes.append("source")
    if old.speaker != new.speaker and fold(old.speaker or "") != fold(new.speaker or ""):
        changes.append("speaker")
    tdiff = diff_text(old.text, new.text)
    if old.text != new.text:
        changes.append("text")
    return Revision(
        old=old,
        new=new,
        changes=tuple(changes),
        value_change=vchange,
        text_diff=tdiff,
        trivial=changes == ["text"] and tdiff.trivial,
        correction=new.supersedes is not None and new.supersedes == old.id,
    )


def revisions(ordered: Sequence[Claim]) -> list[Revision]:
    """One revision per consecutive pair of already ordered claims."""
    return [compare(a, b) for a, b in itertools.pairwise(ordered)]


@dataclass(frozen=True, slots=True)
class Timeline:
    key: str
    claims: tuple[Claim, ...]
    revisions: tuple[Revision, ...]


def _check_key(key: str, claims: Iterable[Claim]) -> list[Claim]:
    out = list(claims)
    for c in out:
        if c.key != key:
            raise ClaimtrackError(
                f"claim {c.id} is under key {c.key!r}, not {key!r}", field="key"
            )
    return out


def build_timeline(key: str, claims: Iterable[Claim]) -> Timeline:
    """Claims under ``key`` in timeline order, with a revision per consecutive pair."""
    ordered = order_claims(_check_key(key, claims))
    return Timeline(key, tuple(ordered), tuple(revisions(ordered)))


@dataclass(frozen=True, slots=True)
class SourceTimeline:
    """One source's own claims under a key: how that source revised itself."""

    source: str
    source_name: str
    claims: tuple[Claim, ...]
    revisions: tuple[Revision, ...]


def by_source(key: str, claims: Iterable[Claim]) -> list[SourceTimeline]:
    """One timeline per source, sources in order of their first claim."""
    ordered = order_claims(_check_key(key, claims))
    groups: dict[str, list[Claim]] = {}
    for c in ordered:
        groups.setdefault(c.source, []).append(c)
    return [
        SourceTimeline(src, group[-1].source_name, tuple(group), tuple(revisions(group)))
        for src, group in groups.items()
    ]


# --- window summaries -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeySummary:
    """How one key moved within a window.

    ``first`` is the claim the first change in the window started from (it
    may predate the window); ``last`` is the last claim in the window.
    ``changes`` is every change name seen, in ``CHANGE_KINDS`` order;
    ``sources`` the source names involved, in order of appearance.
    ``value_change`` is the net move from ``first`` to ``last``, None when
    their values agree.
    """

    key: str
    changes: tuple[str, ...]
    sources: tuple[str, ...]
    first: Claim
    last: Claim
    value_change: ValueChange | None
    revisions: int
    corrections: int
    trivial: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "changes": list(self.changes),
            "sources": list(self.sources),
            "from": self.first.id,
            "to": self.last.id,
            "first_value": self.first.value.to_json() if self.first.value else None,
            "last_value": self.last.value.to_json() if self.last.value else None,
            "value_change": self.value_change.to_json() if self.value_change else None,
            "revisions": self.revisions,
            "corrections": self.corrections,
            "trivial": self.trivial,
        }


def _summarize_key(key: str, claims: list[Claim], window: periods.Window) -> KeySummary | None:
    ordered = order_claims(claims)
    moved: list[Revision] = []
    for a, b in itertools.pairwise(ordered):
        if window.contains(b.claimed_on):
            rev = compare(a, b)
            if rev.changes:
                moved.append(rev)
    if not moved:
        return None
    seen: set[str] = set()
    for rev in moved:
        seen.update(rev.changes)
    names: list[str] = []
    for rev in moved:
        for c in (rev.old, rev.new):
            if c.source_name not in names:
                names.append(c.source_name)
    first, last = moved[0].old, moved[-1].new
    return KeySummary(
        key=key,
        changes=tuple(k for k in CHANGE_KINDS if k in seen),
        sources=tuple(names),
        first=first,
        last=last,
        value_change=None if same_value(first.value, last.value) else value_change(first.value, last.value),
        revisions=len(moved),
        corrections=sum(r.correction for r in moved),
        trivial=all(r.trivial for r in moved),
    )


def summarize_window(claims: Iterable[Claim], window: periods.Window = periods.Window()) -> Iterator[KeySummary]:
    """One summary per key whose claims changed within ``window``.

    ``claims`` must arrive grouped by key (as from ``ORDER BY key``); only one
    key's claims are held at a time. A key seen again after another key
    raises ClaimtrackError.
    """
    done: set[str] = set()
    for key, group in itertools.groupby(claims, key=lambda c: c.key):
        if key in done:
            raise ClaimtrackError(f"claims are not grouped by key: {key!r} seen twice", field="key")
        done.add(key)
        summary = _summarize_key(key, list(group), window)
        if summary is not None:
            yield summary
