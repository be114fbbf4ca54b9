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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from claimtrack.domain.model import Claim, History, Resolution
from claimtrack.domain.money import Rate
from claimtrack.domain.periods import Window
from claimtrack.domain.records import FINDING_ID, claim_id, finding_claims
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


def resolutions(conn: sqlite3.Connection) -> tuple[dict[str, Resolution], frozenset[int]]:
    """Resolved findings (id -> the decision that stands), and the claims marked wrong."""
    made = repo.decisions(conn)
    return made.standing(), frozenset(made.wrong())


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
    resolved, wrong = resolutions(conn)
    excluded = _excluded(conn, wrong)
    flt = repo.ClaimFilter(key_prefix=query.key_prefix, window=query.window)
    seen: dict[str, dict[int, Claim]] = {}
    claims = _remember(repo.report_candidates(conn, flt, config), seen)
    results = []
    for result in check(claims, config, excluded):
        result = _narrow(result, query, source_id, seen.pop(result.key, {}))
        if result.shows_something:
            results.append(result)
    resolved = _by_claims(results, resolved)
    results = _settled(conn, results, resolved, excluded, config, query, source_id)
    keys, claim_count, set_aside = repo.report_totals(conn, flt, excluded)
    summary = summarize(results, resolved.keys(), keys=keys, claims=claim_count, set_aside=set_aside)
    if not query.show_resolved:
        results = [_unresolved(result, resolved) for result in results]
        results = [r for r in results if r.shows_something]
    return Report(
        results=tuple(results), summary=summary, resolutions=resolved, config=config,
        list_not_compared=query.show_resolved,
    )


def _by_claims(results: Iterable[KeyResult], resolved: Mapping[str, Resolution]) -> dict[str, Resolution]:
    """The resolutions, each also under the finding that now holds the two
    claims it names. A finding id is made of the lowest claim id on each side:
    after a merge gives claims new ids, a lower one may join a side, and the
    finding a decision was made on gets another id. The decision still holds
    for its two claims, so it still resolves that finding (same kind, one
    claim on each side)."""
    found = {f.id for result in results for f in result.findings}
    orphans: dict[int, list[tuple[str, int, Resolution]]] = {}
    for finding_id, resolution in resolved.items():
        m = FINDING_ID.match(finding_id)
        if finding_id in found or not m:
            continue
        a, b = int(m.group(2)), int(m.group(3))
        orphans.setdefault(a, []).append((finding_id[0], b, resolution))
        orphans.setdefault(b, []).append((finding_id[0], a, resolution))
    out = dict(resolved)
    if not orphans:
        return out
    for result in results:
        for finding in result.findings:
            if finding.id in out:
                continue
            left, right = set(finding.sides[0].ids), set(finding.sides[1].ids)
            for side, other in ((left, right), (right, left)):
                for claim in side & orphans.keys():
                    match = next((r for kind, partner, r in orphans[claim]
                                  if kind == finding.id[0] and partner in other), None)
                    if match is not None:
                        out[finding.id] = match
                        break
                if finding.id in out:
                    break
    return out


def _covers(key_prefix: str | None, key: str) -> bool:
    """Whether ``--key`` takes in this key (as repo.ClaimFilter narrows)."""
    prefix = (key_prefix or "").rstrip("/")
    return not prefix or key == prefix or key.startswith(prefix + "/")


def _holds(finding: Finding, finding_id: str) -> bool:
    """Whether ``finding`` is the one ``finding_id`` was given to: the same id,
    or (the ids having moved in a merge) the same kind with one of its two
    claims on each side."""
    if finding.id == finding_id:
        return True
    a, b = finding_claims(finding_id)
    left, right = finding.sides[0].ids, finding.sides[1].ids
    return finding.id[0] == finding_id[0] and ((a in left and b in right) or (b in left and a in right))


def _settled(
    conn: sqlite3.Connection, results: list[KeyResult], resolved: dict[str, Resolution],
    excluded: frozenset[int], config: CheckConfig, query: ReportQuery, source: str | None,
) -> list[KeyResult]:
    """The results with the findings resolved by marking a claim wrong.

    A wrong claim leaves every comparison, so the finding it was decided on
    is no longer found. It is found again here, on its key with the wrong
    claim put back, to be shown with its decision (``--all``) and counted as
    resolved. ``resolved`` gains the finding's id if a merge moved it.
    """
    shown = {f.id for result in results for f in result.findings}
    found: dict[str, list[Finding]] = {}
    for finding_id, decision in list(resolved.items()):
        if decision.status != "wrong-claim" or decision.claim_id is None or finding_id in shown:
            continue
        wrong = repo.get_claim(conn, decision.claim_id)
        if wrong is None or not _covers(query.key_prefix, wrong.key):
            continue
        claims = repo.claims_for_key(conn, wrong.key)
        again = check_key(claims, config, excluded - {wrong.id})
        again = _narrow(
            dataclasses.replace(again, findings=tuple(f for f in again.findings if _holds(f, finding_id))),
            query, source, {c.id: c for c in claims},
        )
        for finding in again.findings[:1]:
            if finding.id in shown:
                continue
            shown.add(finding.id)
            resolved.setdefault(finding.id, decision)
            found.setdefault(wrong.key, []).append(finding)
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


def _finding(
    conn: sqlite3.Connection, finding_id: str, config: CheckConfig, pinned: Iterable[Rate], wrong: frozenset[int]
) -> Finding:
    """The finding ``finding_id`` names, as the report finds it now with the
    claims in ``wrong`` left out."""
    match = FINDING_ID.match(finding_id)
    if match and match.group(1) == "r":
        raise ClaimtrackError(
            f"{finding_id} is a revision (a figure that changed over time), not a finding: there is nothing to resolve",
            field="finding_id",
        )
    if not match:
        raise ClaimtrackError(
            f"'{finding_id}' is not a finding id (they look like c-12-40; see `claimtrack report`)",
            field="finding_id",
        )
    first = repo.get_claim(conn, claim_id(match.group(2), "finding_id"))
    if first is None:
        raise NotFound(f"no finding {finding_id}: claim {match.group(2)} does not exist", field="finding_id")
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
) -> tuple[int, Resolution, Resolution | None]:
    """Record a decision about a finding: who, when and why. A wrong claim
    leaves later comparisons.

    Nothing is overwritten. A decision about a resolved finding replaces the
    one that stood, which stays in the finding's history; ``reopen`` records
    that a resolved finding is open again (a claim it marked wrong is
    compared again). Returns the new decision's id, the decision, and the one
    it replaces (None for a finding's first).

    ``config`` and ``pinned`` judge as the report that printed the finding did.
    """
    if not note.strip():
        raise ClaimtrackError("say why: the note cannot be empty", field="note")
    standing = repo.decisions(conn).standing()
    if reopen:
        if claim_id is not None:
            raise ClaimtrackError("a reopened finding names no claim: leave out {field:claim_id}", field="claim_id")
        earlier = standing.get(finding_id)
        if earlier is None:
            raise ClaimtrackError(
                f"{finding_id} is not resolved: there is nothing to reopen (`claimtrack history {finding_id}` "
                "lists its decisions)",
                field="finding_id",
            )
        decision_status: DecisionStatus = "reopened"
        finding_id = earlier.finding_id
    else:
        # The finding as it would be found without its own decision: a claim
        # it marked wrong is put back to be judged again.
        wrong = frozenset(
            claim for fid, d in standing.items()
            if fid != finding_id and d.status == "wrong-claim" and (claim := d.claim_id) is not None
        )
        finding = _finding(conn, finding_id, config, pinned, wrong)
        earlier = standing.get(finding.id) or standing.get(finding_id)
        _check_status(finding, status, claim_id)
        if earlier is not None and (earlier.status, earlier.claim_id, earlier.note) == (status, claim_id, note.strip()):
            raise ClaimtrackError(
                f"{finding.id} is already resolved so ({_said(earlier)}): there is nothing new to record",
                field="finding_id",
            )
        decision_status, finding_id = status, finding.id
    if by is None:
        try:
            by = getpass.getuser()
        except Exception:  # no user name in this environment
            by = None
    resolution = Resolution(
        finding_id=finding_id, status=decision_status, claim_id=claim_id, note=note.strip(), resolved_by=by,
        resolved_at=now or utc_now(), uid=new_uid(),
    )
    with atomic(conn):
        rid = repo.insert_resolution(conn, resolution)
    return rid, resolution, earlier


def _check_status(finding: Finding, status: ResolutionStatus, claim_id: int | None) -> None:
    """``wrong-claim`` names one of the finding's claims; no other status names one."""
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


def history(conn: sqlite3.Connection, ident: str) -> History:
    """The history of a finding id (``c-12-40``) or of a claim id (``12``)."""
    made = repo.decisions(conn).made
    if ident.strip().isdigit():
        claim = repo.get_claim(conn, claim_id(ident, "id"))
        if claim is None:
            raise NotFound(f"no claim with id {ident.strip()}", field="id")
        naming = tuple(d for d in made if d.claim_id == claim.id or claim.id in finding_claims(d.finding_id))
        by = tuple(repo.corrections(conn, claim.id).get(claim.id, ()))
        return History(claim=claim, decisions=naming, superseded_by=by)
    match = FINDING_ID.match(ident.strip())
    if not match:
        raise ClaimtrackError(
            f"'{ident}' is neither a finding id (c-12-40) nor a claim id (12)", field="id"
        )
    finding_id = ident.strip()
    missing = [i for i in finding_claims(finding_id) if repo.get_claim(conn, i) is None]
    about = tuple(d for d in made if d.finding_id == finding_id)
    if missing and not about:
        raise NotFound(f"no finding {finding_id}: claim {missing[0]} does not exist", field="id")
    return History(finding_id=finding_id, decisions=about)
