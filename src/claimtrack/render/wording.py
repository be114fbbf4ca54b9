"""Wording: every sentence claimtrack says about values, findings and summaries.

The domain returns data; this module turns it into English for people, once,
for every format (terminal, Markdown, HTML, CSV and the ``explanation`` of
``report --json``). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from claimtrack.domain.model import ChainCheck, DateValue, Resolution, Value, decimal_str
from claimtrack.domain.money import is_currency

if TYPE_CHECKING:  # the rules are loaded only by the commands that report
    from claimtrack.domain.diff import ValueChange
    from claimtrack.domain.intervals import CheckConfig
    from claimtrack.domain.rules import Finding, NotCompared, Side, Step, Summary

#: How many other source names a sentence spells out before "N more".
NAMED_OTHERS = 2
#: Claim text longer than this is shortened inside sentences.
TEXT_IN_SENTENCE = 80

# -- values --------------------------------------------------------------------

MINUS = "\u2212"
ARROW = "→"


def group_digits(text: str) -> str:
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, dot, frac = text.partition(".")
    return sign + f"{int(whole):,}" + dot + frac


def format_amount(d: Decimal) -> str:
    """``Decimal("5E+11")`` -> ``500,000,000,000``; a typographic minus for negatives."""
    text = group_digits(decimal_str(d) or "0")
    return text.replace("-", MINUS)


def with_unit(number: str, unit: str | None) -> str:
    if unit is None:
        return number
    if unit == "%":
        return number + "%"
    if is_currency(unit):  # written before the number: USD 500
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
        return period_text(v.date) + (f" ({v.offset})" if v.offset else "")
    return v.raw


def period_text(date: str | None) -> str:
    """A stored date as people read it: ``2025-04-01/2026-03-31`` -> ``2025-04-01 to 2026-03-31``."""
    if not date:
        return ""
    return date.replace("/", " to ")


def date_reading(d: DateValue | Value) -> str:
    """What ``parse`` says of a date: the period, its precision, its UTC offset
    and the day a relative date was read against."""
    said = f"{period_text(d.date)}{f' {d.offset}' if d.offset else ''} ({d.precision})"
    return said + (f", read against {d.relative_to}" if d.relative_to else "")


def format_percent(relative: Decimal) -> str:
    """``Decimal("-0.3")`` -> ``−30%``; ``0.125`` -> ``+12.5%``; one decimal at most."""
    pct = relative * 100
    if pct == 0:
        return "±0%"
    sign = "+" if pct > 0 else MINUS
    q = abs(pct).quantize(Decimal("0.1"))
    if q == 0:
        return f"{sign}<0.1%"
    return sign + group_digits(decimal_str(q) or "0") + "%"


def format_value_change(vc: ValueChange) -> str:
    old, new = vc.old, vc.new
    if vc.comparable:
        assert vc.delta is not None
        sign = "+" if vc.delta > 0 else ""
        if vc.unit == "%":
            moves = [f"{sign}{format_amount(vc.delta)} pts"]
        else:
            show_unit = vc.unit is not None and not is_currency(vc.unit)
            moves = [sign + with_unit(format_amount(vc.delta), vc.unit if show_unit else None)]
        if vc.relative is not None:
            moves.append(format_percent(vc.relative))
        new_text = reading(new, unit=not is_currency(vc.unit))
        return f"{reading(old)} {ARROW} {new_text} ({', '.join(moves)})"
    text = f"{reading(old)} {ARROW} {reading(new)}"
    if old is not None and new is not None:
        if old.kind != new.kind:
            text += f" (incomparable: {old.kind} {ARROW} {new.kind})"
        elif old.kind == "quantity" and old.unit != new.unit:
            text += f" (incomparable: {old.unit or 'no unit'} {ARROW} {new.unit or 'no unit'})"
    return text


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


def _names(sources: Sequence[str]) -> str:
    """``Forbes Japan``, ``Asahi and Jiji``, ``A, B, C and 4 more``."""
    shown = NAMED_OTHERS + 1
    if len(sources) <= shown:
        return _and(sources)
    return ", ".join(sources[:shown]) + f" and {len(sources) - shown} more"


def _and(items: Sequence[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _says(side: Side, verb: tuple[str, str] = ("says", "say"), *, read: bool = False) -> str:
    """Each source with its own value: ``Nikkei says 1850億円 and Kyodo says
    約2300億円``; sources that gave one value share it (``Asahi and Jiji say
    1250億円``). ``read``: add how claimtrack reads each value (``5000億ドル
    (USD 500,000,000,000)``), for figures written in two languages."""
    by_value: dict[str, list[str]] = {}
    for voice in side.voices:
        shown = (describe_value(voice.value) if read else voice.value.raw) if voice.value is not None else "nothing"
        by_value.setdefault(shown, []).append(voice.source)
    phrases = [f"{_names(sources)} {verb[0] if len(sources) == 1 else verb[1]} {value}"
               for value, sources in by_value.items()]
    named = NAMED_OTHERS + 1
    if len(phrases) > named:
        phrases = [*phrases[:named], count(len(phrases) - named, "other figure")]
    return _and(phrases)


def _rates(finding: Finding, config: CheckConfig) -> str:
    """`` Converted at 1 USD = 134.19 JPY (ECB, 2023-05-01), allowing 15% for rounding.``"""
    if not finding.rates:
        return ""
    # As rates are quoted: one of the stronger currency (1 USD = 149.95 JPY, not 1 JPY = 0.006669 USD).
    quoted = (r if r.rate >= 1 else r.inverse() for r in finding.rates)
    texts = dict.fromkeys(
        f"1 {r.base} = {_rate_number(r.rate)} {r.quote} " + (f"(ECB, {r.on})" if r.source == "ECB" else "(pinned)")
        for r in quoted
    )
    shown = list(texts)[:2]
    more = len(texts) - len(shown)
    rates = "; ".join(shown) + (f"; and {count(more, 'other rate')}" if more > 0 else "")
    return f" Converted at {rates}, allowing {format_percent(config.fx_tolerance).lstrip('+')} for rounding."


def _rate_number(rate: Decimal) -> str:
    """``134.19``, ``1.0823``, ``0.007452``: enough digits to check the sum."""
    return f"{rate:,.2f}" if rate >= 100 else f"{rate:.4g}" if rate >= 1 else f"{rate:.4}"


def explain(finding: Finding, config: CheckConfig | None = None) -> str:
    """One or two sentences saying what a finding means, naming each source with
    its own value (``config``: the tolerances the report was judged with; the
    defaults if None)."""
    if config is None:
        from claimtrack.domain.intervals import CheckConfig

        config = CheckConfig()
    a, b = finding.sides
    first, second = finding.claims
    if finding.kind == "value":
        assumed = (
            f" The bare number is taken to count {finding.assumed_unit}, as the other figures do."
            if finding.assumed_unit else ""
        )
        return (
            f"{_says(a, read=True)}, but {_says(b, read=True)}: the figures do not overlap even allowing for "
            "rounding."
            f"{_rates(finding, config)}{assumed}"
        )
    dated = ("dates it", "date it")
    if finding.kind == "date" and finding.near:
        return (
            f"{_says(a, dated)}, but {_says(b, dated)}. One day apart, they may "
            "be the same day seen from two time zones (1 March in Tokyo is 28 February in Washington); if so, "
            "resolve it as explained, or record the dates with their UTC offsets."
        )
    if finding.kind == "date" and _date_gap(finding) < 0:
        return (
            f"{_says(a, dated)}, but {_says(b, dated)}: each states a run of days from its first to its last, "
            "and the runs differ."
        )
    if finding.kind == "date" and _date_gap(finding) == 0:
        return f"{_says(a, dated)}, but {_says(b, dated)}: these are two periods, one after the other."
    if finding.kind == "date":
        slack = config.date_slack_days
        return (
            f"{_says(a, dated)}, but {_says(b, dated)}: "
            f"more than {slack} day{'s' if slack != 1 else ''} apart, so they cannot be the same day "
            "even across time zones."
        )
    if finding.kind == "timezone":
        return (
            f"{_says(a, dated)} and {_says(b, dated)}: with their UTC "
            "offsets these are one moment seen from two time zones, so this is not counted as a contradiction."
        )
    if finding.kind == "categorical":
        return f"{_says(a)}, but {_says(b)}."
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
    return f"{_names(a.sources)} and {_names(b.sources)} disagree ({finding.kind})."


#: Each reason claims were not compared, as a report's count names it.
REASON_LABELS = {
    "units": "units differ",
    "no_rate": "no exchange rate",
    "qualifiers": "qualifiers differ",
    "value_kinds": "value kinds differ",
    "unreadable": "could not be read",
}


def _versus(items: Iterable[str | None], none: str) -> str:
    """``people vs USD``, ``ticket=adult vs no qualifiers``: items that may hold "and" or commas."""
    return " vs ".join(item or none for item in items)


def _date_gap(finding: Finding) -> int:
    """Days between the two sides' dates at their nearest (negative when they overlap)."""
    from claimtrack.domain.intervals import date_span

    def spans(side: Side) -> list[tuple[int, int]]:
        return [date_span(c.value) for c in side.claims if c.value is not None and c.value.date]

    return min(
        (max(b_lo - a_hi, a_lo - b_hi) - 1 for a_lo, a_hi in spans(finding.sides[0])
         for b_lo, b_hi in spans(finding.sides[1])),
        default=0,
    )


def explain_not_compared(entry: NotCompared) -> str:
    """Why claims were not compared, and what would let them be."""
    details = entry.details
    ids = entry.claim_ids
    claims = ("Claim " if len(ids) == 1 else "Claims ") + ", ".join(f"#{i}" for i in ids)
    if entry.reason == "units":
        return (
            f"{claims} count different things ({_versus(details, 'no unit')}), so they were not compared. If "
            "two of these words mean one unit, say so with `claimtrack units alias WORD UNIT`; otherwise the "
            "key mixes two questions and could be split."
        )
    if entry.reason == "no_rate":
        missing = _and([d or "" for d in details[:3]]) + (f" and {len(details) - 3} more" if len(details) > 3 else "")
        base, _, quote = (details[0] or "").partition(" ")[0].partition("→") if details else ("", "", "")
        pair = f"{base}{quote}=RATE" if base and quote else "USDJPY=150"
        one = f" (one {base} in {quote})" if base and quote else ""
        return (
            f"{claims} give amounts in different currencies, and there is no exchange rate for "
            f"{missing} (the ECB publishes none for that currency or day), so they were not compared. "
            f"Give one with --rate {pair}{one}, or pin it with `claimtrack rates pin {pair}`."
        )
    if entry.reason == "qualifiers":
        return (
            f"{claims} would disagree, but their qualifiers differ ({_versus(details, 'no qualifiers')}), so "
            "they were not compared "
            "as being about different things. If they are about the same thing, record them with the same "
            "qualifiers."
        )
    if entry.reason == "value_kinds":
        kinds = _and([d or "" for d in details])
        return f"{claims} give values of different kinds ({kinds}), so they were not compared."
    if entry.reason == "unreadable":
        values = _and([f"“{shorten(d or '', 40)}”" for d in details])
        were = "it was" if len(ids) == 1 else "they were"
        return (
            f"{claims} ({values}) could not be read as a figure or date, so {were} not compared. Give the "
            "value in a form claimtrack reads (--value 3000億円)."
        )
    return f"{claims} were not compared ({entry.reason})."


def explain_step(step: Step) -> str:
    """``Asahi revised 1250億円 (2018-05-01) to 1850億円 (2020-03-02), +48%.`` or,
    across sources, ``1250億円 (Asahi, 2018-05-01) became 1850億円 (Nikkei, 2020-03-02), +48%.``"""
    before, after = step.before, step.after
    old = before.value.raw if before.value is not None else "nothing"
    new = after.value.raw if after.value is not None else "nothing"
    vc = step.change
    move = f", {format_percent(vc.relative)}" if vc.comparable and vc.relative is not None else ""
    if step.same_origin:
        return f"{before.source_name} revised {old} ({before.claimed_on}) to {new} ({after.claimed_on}){move}."
    return (
        f"{old} ({before.source_name}, {before.claimed_on}) became {new} ({after.source_name}, "
        f"{after.claimed_on}){move}."
    )


def count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


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
    if summary.notes:
        parts.append(count(summary.notes, "note"))
    if summary.revisions:
        parts.append(count(summary.revisions, "revision"))
    if summary.not_compared:
        reasons = ", ".join(f"{REASON_LABELS.get(r, r)}: {n}" for r, n in summary.not_compared.items())
        sets = sum(summary.not_compared.values())
        parts.append(f"{sets} {'set' if sets == 1 else 'sets'} of claims not compared ({reasons})")
    if summary.set_aside:
        parts.append(f"{summary.set_aside} superseded or excluded")
    return ", ".join(parts)


# -- decisions -----------------------------------------------------------------


def decision_text(decision: Resolution, *, dated: bool = True) -> str:
    """``explained by ana on 2026-11-20: the two dates are one moment``: a
    decision as the report and ``history`` show it (``dated``: with its day)."""
    what: str = decision.status
    if decision.status == "wrong-claim" and decision.claim_id is not None:
        what = f"claim {decision.claim_id} is wrong"
    by = f" by {decision.resolved_by}" if decision.resolved_by else ""
    on = f" on {decision.resolved_at[:10]}" if dated else ""
    return f"{what}{by}{on}: {decision.note}"


def decided(named: str, decision: Resolution, replaced: Sequence[Resolution]) -> str:
    """What ``resolve`` says it recorded (``named``: the finding id given;
    ``replaced``: the standing decisions it replaces or reopens, oldest first)."""
    back = sorted({d.claim_id for d in replaced if d.claim_id is not None and d.claim_id != decision.claim_id})
    again = f" {'Claims' if len(back) > 1 else 'Claim'} {_and([str(i) for i in back])} " \
            f"{'are' if len(back) > 1 else 'is'} compared again." if back else ""
    more = f" and {count(len(replaced) - 1, 'other')}" if len(replaced) > 1 else ""
    if decision.status == "reopened":
        assert replaced  # only a resolved finding is reopened
        return f"Reopened {named} (it was resolved: {decision_text(replaced[-1])}{more}).{again}"
    out_of = f"; claim {decision.claim_id} is out of later comparisons" if decision.claim_id is not None else ""
    said = f"Resolved {decision.finding_id} as {decision.status}{out_of}."
    if replaced:
        said += f" This replaces the decision {decision_text(replaced[-1])}{more} (`claimtrack history` keeps them)."
    return said + again


# -- the hash chain --------------------------------------------------------------


def verified(found: ChainCheck, where: str) -> str:
    """What ``verify`` says about a ledger or an export (``where``: its name)."""
    held = f"{count(found.claims, 'claim')} and {count(found.decisions, 'decision')}"
    broken = found.broken
    if broken is None:
        return f"The chain holds: {held} in {where}, each as it was recorded.\nhead {found.head.hex()}"
    record = f"{'decision' if broken.kind == 'decision' else 'claim'}" + (
        f" {broken.record_id}" if broken.record_id is not None else "") + f" (uid {broken.uid or 'none'})"
    if broken.line is not None:  # an export
        at = f"{where}:{broken.line}: "
        what = ("differs from what was exported, or a line before it was removed or changed"
                if broken.problem == "changed" else "has no hash: export did not write it")
    else:
        at = ""
        what = {
            "changed": f"was changed after it was recorded: it no longer matches link {broken.seq} of the chain",
            "missing": f"is gone: link {broken.seq} of the chain has no record (deleted, or its uid changed)",
            "unlinked": "has no link in the chain: it was written behind claimtrack's back",
        }[broken.problem]
    return f"{at}{record} {what}. The {held} before it hold."
