"""Wording: every sentence claimtrack says about values, findings and summaries.

The domain returns data; this module turns it into English for people, once,
for every format (terminal, Markdown, HTML, CSV and the ``explanation`` of
``report --json``). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from claimtrack.domain.model import Claim, Value, decimal_str

if TYPE_CHECKING:  # the rules are loaded only by the commands that report
    from claimtrack.domain.intervals import CheckConfig
    from claimtrack.domain.rules import Finding, Incomparable, Side, Summary

#: How many other source names a sentence spells out before "N more".
NAMED_OTHERS = 2
#: Claim text longer than this is shortened inside sentences.
TEXT_IN_SENTENCE = 80

# -- values --------------------------------------------------------------------

MINUS = "\u2212"


def group_digits(text: str) -> str:
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, dot, frac = text.partition(".")
    return sign + f"{int(whole):,}" + dot + frac


def format_amount(d: Decimal) -> str:
    """``Decimal("5E+11")`` -> ``500,000,000,000``; a typographic minus for negatives."""
    text = group_digits(decimal_str(d) or "0")
    return text.replace("-", MINUS)


def is_currency_code(unit: str | None) -> bool:
    """An ISO 4217-style code, written before the number: ``USD 500``."""
    return unit is not None and len(unit) == 3 and unit.isalpha() and unit.isupper()


def with_unit(number: str, unit: str | None) -> str:
    if unit is None:
        return number
    if unit == "%":
        return number + "%"
    if is_currency_code(unit):
        return f"{unit} {number}"
    return f"{number} {unit}"


def reading(v: Value | None, *, unit: bool = True) -> str:
    """How claimtrack reads a value, as a person would say it: ``USD 500,000,000,000``,
    ``~50%``, ``≥ USD 350,000,000,000``, ``2025-03-01``. ``unit=False`` leaves the unit out."""
    if v is None:
        return "none"
    if v.kind == "quantity":
        u = v.unit if unit else None
        if v.amount is not None:
            number = with_unit(format_amount(v.amount), u)
            if v.lower == v.amount and v.upper is None:
                number = "≥ " + number
            elif v.upper == v.amount and v.lower is None:
                number = "≤ " + number
        elif v.lower is not None and v.upper is not None:
            number = with_unit(f"{format_amount(v.lower)}–{format_amount(v.upper)}", u)
        elif v.lower is not None:
            number = "≥ " + with_unit(format_amount(v.lower), u)
        elif v.upper is not None:
            number = "≤ " + with_unit(format_amount(v.upper), u)
        else:
            return v.raw
        return ("~" + number) if v.approx else number
    if v.kind == "date" and v.date:
        return v.date + (f" ({v.offset})" if v.offset else "")
    return v.raw


def describe_value(value: Value | None) -> str:
    """A value as written plus, where it adds something, its reading:
    ``5000億ドル (USD 500,000,000,000)``, ``令和7年3月1日 (2025-03-01)``."""
    if value is None:
        return ""
    text = reading(value)
    return value.raw if text in (value.raw, "none") else f"{value.raw} ({text})"


# -- findings ------------------------------------------------------------------


def shorten(text: str, limit: int = TEXT_IN_SENTENCE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _who(side: Side) -> str:
    """``Jiji`` or ``Jiji (with Asahi, Reuters and 3 more)``: the representative's source first."""
    rep = side.claim.source_name
    others = [s for s in side.sources if s != rep]
    if not others:
        return rep
    rest = len(others) - NAMED_OTHERS
    return f"{rep} (with {', '.join(others[:NAMED_OTHERS])}{f' and {rest} more' if rest > 0 else ''})"


def _names(sources: Sequence[str]) -> str:
    """``Forbes Japan, Jiji`` or ``A, B, C and 4 more``."""
    shown = NAMED_OTHERS + 1
    rest = len(sources) - shown
    return ", ".join(sources[:shown]) + (f" and {rest} more" if rest > 0 else "")


def _raw(claim: Claim) -> str:
    return claim.value.raw if claim.value is not None else "none"


def explain(finding: Finding, config: CheckConfig | None = None) -> str:
    """One or two sentences saying what a finding means, naming sources and values
    (``config``: the tolerances the report was judged with; the defaults if None)."""
    a, b = finding.sides
    first, second = finding.claims
    if finding.kind == "value":
        assumed = (
            f" The bare number is taken to count {finding.assumed_unit}, as the other figures do."
            if finding.assumed_unit else ""
        )
        return (
            f"{_who(a)} says {describe_value(first.value)} but {_who(b)} says {describe_value(second.value)}, "
            f"and the two do not overlap even allowing for rounding.{assumed}"
        )
    if finding.kind == "date" and finding.near:
        return (
            f"{_who(a)} dates it {_raw(first)} but {_who(b)} dates it {_raw(second)}. One day apart, they may "
            "be the same day seen from two time zones (1 March in Tokyo is 28 February in Washington); if so, "
            "resolve it as explained, or record the dates with their UTC offsets."
        )
    if finding.kind == "date":
        if config is None:
            from claimtrack.domain.intervals import CheckConfig

            config = CheckConfig()
        slack = config.date_slack_days
        return (
            f"{_who(a)} dates it {_raw(first)} but {_who(b)} dates it {_raw(second)}, "
            f"more than {slack} day{'s' if slack != 1 else ''} apart, so they cannot be the same day "
            "even across time zones."
        )
    if finding.kind == "timezone":
        return (
            f"{_who(a)} dates it {_raw(first)} and {_who(b)} dates it {_raw(second)}: with their UTC "
            "offsets these are one moment seen from two time zones, so this is not counted as a contradiction."
        )
    if finding.kind == "categorical":
        return f"{_who(a)} says {_raw(first)} but {_who(b)} says {_raw(second)}."
    if finding.kind == "stance":
        verb_a = "assert" if len(a.sources) > 1 else "asserts"
        verb_b = "deny" if len(b.sources) > 1 else "denies"
        return (
            f"{_names(a.sources)} {verb_a} “{shorten(first.text)}” but {_names(b.sources)} {verb_b} it "
            f"(“{shorten(second.text)}”)."
        )
    if finding.kind == "error":
        return (
            f"The {finding.rule} rule failed on claims {first.id}–{second.id} ({shorten(finding.error)}), "
            "so they were not checked by it."
        )
    return f"{_who(a)} and {_who(b)} disagree ({finding.kind})."


def units_text(units: Sequence[str | None]) -> str:
    return ", ".join(unit if unit is not None else "no unit" for unit in units)


def explain_incomparable(incomparable: Incomparable) -> str:
    return (
        f"Quantities under this key come in different units ({units_text(incomparable.units)}), so they were "
        "not compared; the key probably mixes two questions and could be split."
    )


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def verdict(summary: Summary) -> str:
    """``2 unresolved contradictions`` or ``No unresolved contradictions``."""
    if summary.unresolved:
        return count(summary.unresolved, "unresolved contradiction")
    return "No unresolved contradictions"


def summary_line(summary: Summary) -> str:
    """``28 keys, 32 claims, 2 contradictions (1 categorical, 1 stance), 0 resolved, ...``."""
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(summary.by_kind.items()))
    parts = [
        count(summary.keys, "key"),
        count(summary.claims, "claim"),
        count(summary.findings, "contradiction") + (f" ({kinds})" if kinds else ""),
        f"{summary.resolved} resolved",
        f"{summary.unresolved} unresolved",
    ]
    if summary.incomparable:
        parts.append(f"{count(summary.incomparable, 'key')} with mixed units")
    if summary.notes:
        parts.append(count(summary.notes, "note"))
    if summary.set_aside:
        parts.append(f"{summary.set_aside} superseded or excluded")
    return ", ".join(parts)
