"""Find contradictions across the ledger, and record resolutions of them.

SQLite discards what cannot conflict (keys with one claim, or whose claims
all agree within tolerance) before Python looks at any row; the rest stream
key by key through the pure rules. The report is then complete data: what to
show, its summary and the resolutions, before anything is printed.
"""

from __future__ import annotations

import dataclasses
import getpass
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from claimtrack.domain.model import Claim, Decisions, History, Pair, Resolution, Standing, holds, pair_of
from claimtrack.domain.money import Rate
from claimtrack.domain.periods import Window
from claimtrack.domain.plot import Plot, plot
from claimtrack.domain.records import FINDING_ID, claim_id
from claimtrack.domain.rules import FINDING_KINDS, CheckConfig, Finding, KeyResult, Report, check, check_key, summarize
from claimtrack.domain.vocabulary import DecisionStatus, ResolutionStatus
from claimtrack.errors import ClaimtrackError, NotFound
from claimtrack.services import rates, units
from claimtrack.services import sources as source_service
from claimtrack.services.claims import new_uid
from claimtrack.services.sources import utc_now
from claimtrack.store import repo
from claimtrack.store.db import atomic

#: What a report can be narrowed to: a kind of contradiction, ``error``, the
#: claims not compared, or the revisions.
KINDS = (*FINDING_KINDS, "not-compared", "revision")


@dataclass(frozen=True, slots=True)
class ReportQuery:
    key_prefix: str | None = None
    source: str | None = None
    window: Window = Window()
    kinds: tuple[str, ...] = ()
    show_resolved: bool = False
    #: Place each shown key's claims on a chart (``Report.charts``): the
    #: formats that draw one ask for it.
    charts: bool = False


def decisions(conn: sqlite3.Connection) -> tuple[Decisions, frozenset[int]]:
    """Every decision, and the claims marked wrong."""
    made = repo.decisions(conn)
    return made, frozenset(made.wrong())


def _excluded(conn: sqlite3.Connection, wrong: frozenset[int]) -> frozenset[int]:
    """Claims out of every comparison: corrected by a later claim, or marked wrong."""
    return frozenset(repo.corrections(conn).keys() | wrong)


def _narrow(
    result: KeyResult, query: ReportQuery, source: str | None, seen: dict[int, Claim]
) -> KeyResult:
    """Keep what the query asks for: its kinds (a time-zone note goes with
    ``date``), its source, and its window: a finding, an entry of claims not
    compared or a revision step is kept when one of its claims is dated in
    the window and, with a source, one of its claims (not necessarily the
    same) is from that source. ``seen`` maps the key's claim ids to claims."""

    def wanted(ids: Iterable[int]) -> bool:
        claims = [seen[i] for i in ids if i in seen]
        if query.window.bounded and not any(query.window.contains(c.claimed_on) for c in claims):
            return False
        return source is None or any(c.source == source for c in claims)

    kinds = query.kinds
    findings = tuple(
        f for f in result.findings
        if (not kinds or f.kind in kinds or (f.category == "note" and f.rule in kinds)) and wanted(f.claim_ids)
    )
    skipped = result.not_compared if not kinds or "not-compared" in kinds else ()
    steps = result.revisions if not kinds or "revision" in kinds else ()
    return dataclasses.replace(
        result,
        findings=findings,
        not_compared=tuple(entry for entry in skipped if wanted(entry.claim_ids)),
        revisions=tuple(step for step in steps if wanted((step.before.id, step.after.id))),
    )


def _remember(claims: Iterator[Claim], seen: dict[str, dict[int, Claim]]) -> Iterator[Claim]:
    """Pass claims through, noting each under its key and id."""
    for claim in claims:
        seen.setdefault(claim.key, {})[claim.id] = claim
        yield claim


def with_ledger(conn: sqlite3.Connection, config: CheckConfig, pinned: Iterable[Rate] = ()) -> CheckConfig:
    """The tolerances with the ledger's own unit words over the shipped table,
    and exchange rates: ``pinned`` over the ledger's pins over the ECB's."""
    return dataclasses.replace(config, units=units.table(conn), rates=rates.rate_source(conn, pinned))


def report(
    conn: sqlite3.Connection,
    query: ReportQuery = ReportQuery(),
    config: CheckConfig = CheckConfig(),
    pinned: Iterable[Rate] = (),
) -> Report:
    """Check every key the query covers; the report is complete when this returns.

    ``pinned``: exchange rates given for this report (``--rate USDJPY=150``).
    """
    config = with_ledger(conn, config, pinned)
    source_id = source_service.resolve(conn, query.source) if query.source else None
    made, wrong = decisions(conn)
    excluded = _excluded(conn, wrong)
    flt = repo.ClaimFilter(key_prefix=query.key_prefix, window=query.window)
    seen: dict[str, dict[int, Claim]] = {}
    claims = _remember(repo.report_candidates(conn, flt, config), seen)
    results = []
    drawn: dict[str, Iterable[Claim]] = {}
    for result in check(claims, config, excluded):
        of_key = seen.pop(result.key, {})
        result = _narrow(result, query, source_id, of_key)
        if result.shows_something:
            results.append(result)
            if query.charts:
                drawn[result.key] = of_key.values()
    resolved = {f.id: d for result in results for f in result.findings if made.made and (d := _decision_of(made, f))}
    results = _settled(conn, results, made, resolved, excluded, config, query, source_id)
    keys, claim_count, set_aside = repo.report_totals(conn, flt, excluded)
    summary = summarize(results, resolved.keys(), keys=keys, claims=claim_count, set_aside=set_aside)
    if not query.show_resolved:
        results = [_unresolved(result, resolved) for result in results]
        results = [r for r in results if r.shows_something]
    charts = {}
    if query.charts:
        standing = Standing(superseded_by=repo.corrections(conn), marked_wrong=made.wrong())
        for result in results:
            if result.findings or result.revisions:
                shown = drawn.get(result.key) or repo.claims_for_key(conn, result.key)
                charts[result.key] = plot(result.key, shown, config, standing, open_claims(result, resolved))
    return Report(
        results=tuple(results), summary=summary, resolutions=resolved, config=config,
        list_not_compared=query.show_resolved, charts=charts,
    )


def open_claims(result: KeyResult, resolved: Mapping[str, Resolution]) -> frozenset[int]:
    """The claims of a key held by a contradiction nobody has resolved."""
    return frozenset(
        claim for f in result.findings if f.category == "contradiction" and f.id not in resolved
        for claim in f.claim_ids
    )


def key_plot(conn: sqlite3.Connection, key: str, claims: Sequence[Claim]) -> Plot:
    """One key's claims placed on a chart, judged as the report judges them
    (with the ledger's unit words and pinned rates over the ECB's)."""
    config = with_ledger(conn, CheckConfig())
    made, wrong = decisions(conn)
    corrections = repo.corrections(conn)
    result = check_key(claims, config, frozenset(corrections.keys() | wrong))
    resolved = {f.id: d for f in result.findings if made.made and (d := _decision_of(made, f))}
    standing = Standing(superseded_by=corrections, marked_wrong=made.wrong())
    return plot(key, claims, config, standing, open_claims(result, resolved))


def _decision_of(made: Decisions, finding: Finding) -> Resolution | None:
    """The decision that stands for a finding (see Decisions)."""
    return made.of(_prefix(finding.id), finding.sides[0].ids, finding.sides[1].ids)


def _prefix(finding_id: str) -> str:
    """``c-12-40`` -> ``c-``: the kind part of a finding id."""
    return finding_id.rsplit("-", 2)[0] + "-"


def _covers(key_prefix: str | None, key: str) -> bool:
    """Whether ``--key`` takes in this key (as repo.ClaimFilter narrows)."""
    prefix = (key_prefix or "").rstrip("/")
    return not prefix or key == prefix or key.startswith(prefix + "/")


def _holds(finding: Finding, finding_id: str, corrections: Mapping[int, Sequence[int]] | None = None) -> bool:
    """Whether ``finding`` is the one ``finding_id`` was given to: the same id,
    or (the ids having moved in a merge) the same kind with one of its two
    claims on each side. With ``corrections`` (claim -> the claims that
    correct it), a claim's corrections stand in for it."""
    if finding.id == finding_id:
        return True
    prefix, claims = pair_of(finding_id)
    left, right = finding.sides[0].ids, finding.sides[1].ids
    a, b = (_with_corrections(c, corrections or {}) for c in sorted(claims))
    return _prefix(finding.id) == prefix and any(
        holds(prefix, left, right, (prefix, frozenset((x, y)))) for x in a for y in b if x != y
    )


def _with_corrections(claim: int, corrections: Mapping[int, Sequence[int]]) -> set[int]:
    """A claim and every claim that corrects it, and corrects those, and so on."""
    found, todo = {claim}, [claim]
    while todo:
        for by in corrections.get(todo.pop(), ()):
            if by not in found:
                found.add(by)
                todo.append(by)
    return found


def _strictest(config: CheckConfig) -> CheckConfig:
    """The tolerances under which any two figures that differ disagree, and
    claims of any dates are compared: a decision made on a finding that only
    such options showed is still found again."""
    zero = Decimal(0)
    return dataclasses.replace(config, tolerance=zero, approx_tolerance=zero, fx_tolerance=zero,
                               window_days=STRICTEST_WINDOW_DAYS)


#: Claims this many days apart are still compared by :func:`_strictest` (a century).
STRICTEST_WINDOW_DAYS = 36_525


def _put_back(decision: Resolution, excluded: Iterable[int]) -> frozenset[int]:
    """What stays out of comparisons to find again the finding a wrong-claim
    decision was made on: all of ``excluded`` but the two claims of its pair
    (the other may since have been marked wrong too, or corrected)."""
    return frozenset(excluded) - pair_of(decision.finding_id)[1]


def _found_again(
    claims: Sequence[Claim], decision: Resolution, config: CheckConfig, excluded: frozenset[int],
    corrections: Mapping[int, Sequence[int]],
) -> Finding | None:
    """The finding a wrong-claim decision was made on, among its key's
    ``claims``: found with the two claims of its pair put back (a claim's
    corrections standing in for it), under ``config`` or, failing that, the
    strictest options (it may have been decided under ``--tolerance 0``)."""
    for judging in (config, _strictest(config)):
        result = check_key(claims, judging, _put_back(decision, excluded))
        found = next((f for f in result.findings if _holds(f, decision.finding_id, corrections)), None)
        if found is not None:
            return found
    return None


def _settled(
    conn: sqlite3.Connection, results: list[KeyResult], made: Decisions, resolved: dict[str, Resolution],
    excluded: frozenset[int], config: CheckConfig, query: ReportQuery, source: str | None,
) -> list[KeyResult]:
    """The results with one finding for each standing decision that marks a
    claim wrong, under the decision's own id.

    A wrong claim leaves every comparison, so the finding it was decided on
    is no longer found. It is found again here, on its key with the pair's
    claims put back, to be shown with its decision (``--all``) and counted
    as resolved; ``resolved`` gains it. The findings found now never hold
    that pair (its wrong claim is out), so every standing decision is shown
    once: a wrong-claim one here, the others with the findings holding
    their pairs.
    """
    settling = [d for d in made.standing() if d.status == "wrong-claim" and d.claim_id is not None]
    if not settling:
        return results
    shown = {f.id for result in results for f in result.findings}
    found: dict[str, list[Finding]] = {}
    corrections = repo.corrections(conn)
    for decision in settling:
        if decision.finding_id in shown or decision.claim_id is None:
            continue
        claim = repo.get_claim(conn, decision.claim_id)
        if claim is None or not _covers(query.key_prefix, claim.key):
            continue
        claims = repo.claims_for_key(conn, claim.key)
        finding = _found_again(claims, decision, config, excluded, corrections)
        if finding is None:
            continue
        again = _narrow(KeyResult(key=claim.key, findings=(finding,)), query, source, {c.id: c for c in claims})
        for finding in again.findings:
            shown.add(decision.finding_id)
            resolved[decision.finding_id] = decision
            found.setdefault(claim.key, []).append(dataclasses.replace(finding, id=decision.finding_id))
    if not found:
        return results
    by_key = {result.key: result for result in results}
    for key, findings in found.items():
        held = by_key.get(key, KeyResult(key=key))
        by_key[key] = dataclasses.replace(held, findings=held.findings + tuple(findings))
    return [by_key[key] for key in sorted(by_key)]


def _unresolved(result: KeyResult, resolved: Mapping[str, Resolution]) -> KeyResult:
    if not any(f.id in resolved for f in result.findings):
        return result
    return dataclasses.replace(result, findings=tuple(f for f in result.findings if f.id not in resolved))


def _checked(finding_id: str, field: str = "finding_id") -> tuple[int, int]:
    """The two claim ids of a finding id, or an error saying what it is not."""
    match = FINDING_ID.match(finding_id)
    if match and match.group(1) == "r":
        raise ClaimtrackError(
            f"{finding_id} is a revision (a figure that changed over time), not a finding: it has no decisions",
            field=field,
        )
    if not match:
        raise ClaimtrackError(
            f"'{finding_id}' is not a finding id (they look like c-12-40; see `claimtrack report`)", field=field
        )
    return claim_id(match.group(2), field), claim_id(match.group(3), field)


def _finding(
    conn: sqlite3.Connection, finding_id: str, config: CheckConfig, pinned: Iterable[Rate], wrong: frozenset[int]
) -> Finding:
    """The finding ``finding_id`` names, as the report finds it now with the
    claims in ``wrong`` (and the corrected ones) left out."""
    first_id = _checked(finding_id)[0]
    first = repo.get_claim(conn, first_id)
    if first is None:
        raise NotFound(f"no finding {finding_id}: claim {first_id} does not exist", field="finding_id")
    result = check_key(repo.claims_for_key(conn, first.key), with_ledger(conn, config, pinned), _excluded(conn, wrong))
    found = next((f for f in result.findings if f.id == finding_id), None)
    found = found or next((f for f in result.findings if _holds(f, finding_id)), None)
    if found is None:
        raise NotFound(
            f"no current finding {finding_id} under key {first.key}: the report for that key lists what it has now "
            "(a finding the report made with --window, --rate or a tolerance is resolved with the same options)",
            field="finding_id",
        )
    return found


def _said(decision: Resolution) -> str:
    """``explained on 2026-11-20 by ana``: a decision, in a message."""
    by = f" by {decision.resolved_by}" if decision.resolved_by else ""
    return f"{decision.status} on {decision.resolved_at[:10]}{by}"


@dataclass(frozen=True, slots=True)
class _About:
    """What a finding id names: the finding (None if it is found no more),
    the pairs of claims with decisions about it (a new decision acts on
    every one whose decision stands), and the id a decision about it goes
    on under (None while there is none)."""

    finding: Finding | None
    pairs: list[Pair]
    home: str | None


def _about(conn: sqlite3.Connection, made: Decisions, finding_id: str, config: CheckConfig,
           pinned: Iterable[Rate]) -> _About:
    """What ``finding_id`` names, for ``resolve`` and ``history``: what
    ``report --all`` lists under that id.

    An id whose pair's standing decision marks a claim wrong names that
    pair, and the finding it was made on, found again with the pair's
    claims put back. Any other id names the finding found now under it, or
    holding its two claims, and every pair of claims that finding holds, as
    well as the id's own pair.
    """
    own = pair_of(finding_id)
    latest = made.latest()
    wrong = made.wrong()
    home = f"{own[0]}{min(own[1])}-{max(own[1])}" if own in latest else None
    settled = latest.get(own)
    if settled is not None and settled.status == "wrong-claim" and settled.claim_id is not None:
        claim = repo.get_claim(conn, settled.claim_id)
        again = claim and _found_again(
            repo.claims_for_key(conn, claim.key), settled, with_ledger(conn, config, pinned),
            _excluded(conn, frozenset(wrong)), repo.corrections(conn),
        )
        return _About(again or None, [own], home)
    try:
        finding: Finding | None = _finding(conn, finding_id, config, pinned, frozenset(wrong))
    except NotFound:
        finding = None
    held = made.held(_prefix(finding.id), finding.sides[0].ids, finding.sides[1].ids) if finding else []
    pairs = list(dict.fromkeys([*held, own])) if own in latest else held
    standing = made.standing(pairs)
    return _About(finding, pairs, home or (standing[-1].finding_id if standing else None))


def resolve(
    conn: sqlite3.Connection,
    finding_id: str,
    *,
    note: str,
    status: ResolutionStatus = "explained",
    claim_id: int | None = None,
    reopen: bool = False,
    by: str | None = None,
    config: CheckConfig = CheckConfig(),
    pinned: Iterable[Rate] = (),
    now: str | None = None,
) -> tuple[int, Resolution, list[Resolution]]:
    """Record a decision about a finding: who, when and why. A wrong claim
    leaves later comparisons.

    Nothing is overwritten. A decision about a resolved finding replaces the
    one that stood, which stays in the finding's history; ``reopen`` records
    that a resolved finding is open again (a claim it marked wrong is
    compared again). Returns the new decision's id, the decision, and the
    standing decisions it replaces or reopens, oldest first.

    A decision is filed under the finding id it was given, if decisions were
    filed there before; else under the pair of claims of the decision it
    replaces, or of the finding; a wrong claim's under that claim and the
    first claim of the other side. It is never dated before the decision it
    replaces: a colleague's clock may have run ahead.

    ``config`` and ``pinned`` judge as the report that printed the finding did.
    """
    if not note.strip():
        raise ClaimtrackError("say why: the note cannot be empty", field="note")
    _checked(finding_id)
    # What stands is read and the decision written in one write transaction: two people resolving
    # one finding at once are taken in turn, and the second sees the first's decision.
    with atomic(conn):
        decisions, standing = _decide(conn, finding_id, note=note.strip(), status=status, claim_id=claim_id,
                                      reopen=reopen, by=by, config=config, pinned=pinned, now=now)
        ids = [repo.insert_resolution(conn, decision) for decision in decisions]
    return ids[0], decisions[0], standing


def _decide(
    conn: sqlite3.Connection, finding_id: str, *, note: str, status: ResolutionStatus, claim_id: int | None,
    reopen: bool, by: str | None, config: CheckConfig, pinned: Iterable[Rate], now: str | None,
) -> tuple[list[Resolution], list[Resolution]]:
    """The decisions :func:`resolve` records, and the standing ones they replace."""
    made = repo.decisions(conn)
    about = _about(conn, made, finding_id, config, pinned)
    finding, home = about.finding, about.home
    standing = made.standing(about.pairs)
    earlier = standing[-1] if standing else None
    if reopen:
        if claim_id is not None:
            raise ClaimtrackError("a reopened finding names no claim: leave out {field:claim_id}", field="claim_id")
        if earlier is None:
            raise ClaimtrackError(
                f"{finding_id} is not resolved: there is nothing to reopen (`claimtrack history {finding_id}` "
                "lists its decisions)",
                field="finding_id",
            )
        filed: dict[str, DecisionStatus] = {d.finding_id: "reopened" for d in standing}  # every pair standing
    else:
        if finding is None:  # not found now: say why
            finding = _finding(conn, finding_id, config, pinned, frozenset(made.wrong()))
        _check_status(finding, status, claim_id)
        if earlier is not None and (earlier.status, earlier.claim_id, earlier.note) == (status, claim_id, note):
            raise ClaimtrackError(
                f"{finding_id} is already resolved so ({_said(earlier)}): there is nothing new to record",
                field="finding_id",
            )
        # The decision replaces every standing one about the finding, and the one of the pair it is
        # filed under: filed under their pairs (a wrong claim's only under its own, the others reopened).
        first = _filed_under(finding, claim_id, home or finding.id)
        about = dataclasses.replace(about, pairs=list(dict.fromkeys([*about.pairs, pair_of(first)])))
        standing = made.standing(about.pairs)
        others: DecisionStatus = status if claim_id is None else "reopened"
        filed = {first: status, **{d.finding_id: others for d in standing if d.finding_id != first}}
    if by is None:
        try:
            by = getpass.getuser()
        except Exception:  # no user name in this environment
            by = None
    at = now or utc_now()
    before = made.of_pairs(about.pairs)
    if before and before[-1].resolved_at >= at:
        at = _just_after(before[-1].resolved_at)
    decisions = [
        Resolution(finding_id=fid, status=what, claim_id=claim_id if what == "wrong-claim" else None,
                   note=note, resolved_by=by, resolved_at=at, uid=new_uid())
        for fid, what in filed.items()
    ]
    return decisions, standing


def _filed_under(finding: Finding, claim_id: int | None, home: str) -> str:
    """The finding id a new decision is filed under: a wrong claim's own pair
    (the claim, and the first claim of the other side), else ``home`` (the
    pair of the decisions it follows, or of the finding)."""
    if claim_id is None:
        return home
    left, right = finding.sides[0].ids, finding.sides[1].ids
    other = min(right if claim_id in left else left)
    return f"{_prefix(finding.id)}{min(claim_id, other)}-{max(claim_id, other)}"


def _just_after(moment: str) -> str:
    """A timestamp a microsecond after ``moment`` (UTC ISO, as stored)."""
    from datetime import datetime, timedelta

    try:
        return (datetime.fromisoformat(moment) + timedelta(microseconds=1)).isoformat(timespec="microseconds")
    except ValueError:
        return moment


def _check_status(finding: Finding, status: ResolutionStatus, claim_id: int | None) -> None:
    """``wrong-claim`` names one of the finding's claims; no other status names
    one; a rule's error (its claims all on one side) has no wrong claim."""
    if status == "wrong-claim" and not finding.sides[1].ids:
        raise ClaimtrackError(
            f"{finding.id} is a rule that failed, not a disagreement: resolve it as accepted or explained",
            field="status",
        )
    if status == "wrong-claim":
        sides = set(finding.claim_ids)
        if claim_id is None:
            raise ClaimtrackError(
                f"which claim is wrong? name one of {', '.join(map(str, sorted(sides)))}", field="claim_id"
            )
        if claim_id not in sides:
            raise ClaimtrackError(
                f"claim {claim_id} is not part of finding {finding.id} (its claims: "
                f"{', '.join(map(str, sorted(sides)))})",
                field="claim_id",
            )
    elif claim_id is not None:
        raise ClaimtrackError("only {field:status} wrong-claim names a claim", field="claim_id")


def history(conn: sqlite3.Connection, ident: str, config: CheckConfig = CheckConfig()) -> History:
    """The history of a finding id (``c-12-40``) or of a claim id (``12``)."""
    made = repo.decisions(conn)
    ident = ident.strip()
    if ident.isdigit():
        claim = repo.get_claim(conn, claim_id(ident, "id"))
        if claim is None:
            raise NotFound(f"no claim with id {ident}", field="id")
        naming = tuple(d for d in made.made if d.claim_id == claim.id or d in made.naming(claim.id))
        by = tuple(repo.corrections(conn, claim.id).get(claim.id, ()))
        return History(claim=claim, decisions=naming, superseded_by=by)
    if not FINDING_ID.match(ident):
        raise ClaimtrackError(f"'{ident}' is neither a finding id (c-12-40) nor a claim id (12)", field="id")
    missing = [i for i in _checked(ident, "id") if repo.get_claim(conn, i) is None]
    if missing:
        raise NotFound(f"no finding {ident}: claim {missing[0]} does not exist", field="id")
    about = _about(conn, made, ident, config, ())
    standing = made.standing(about.pairs)
    # A decision filed under several pairs (it replaced each) is shown once.
    shown = {(d.status, d.claim_id, d.note, d.resolved_by, d.resolved_at): d for d in made.of_pairs(about.pairs)}
    return History(finding_id=ident, decisions=tuple(shown.values()), standing=standing[-1] if standing else None)
