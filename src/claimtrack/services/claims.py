"""Record claims (one at a time or as a stream) and read them back."""

from __future__ import annotations

import itertools
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

from msgspec import Struct, structs

from claimtrack.domain.model import Claim, Source, Standing
from claimtrack.domain.periods import Window
from claimtrack.domain.records import REPEAT_FIELDS, fingerprint
from claimtrack.domain.text import fold, search_terms, url_host
from claimtrack.errors import ClaimtrackError, NotFound, UnknownSource
from claimtrack.services import sources as source_service
from claimtrack.services.sources import utc_now
from claimtrack.store import repo
from claimtrack.store.db import atomic

_RANDOM = random.Random(os.urandom(16))


def new_uid() -> str:
    """A new claim uid: 32 hex digits, the time in milliseconds then 80 random bits.

    Unique without coordination (two ledgers would need the same millisecond
    and the same 80 bits), and in the order claims were recorded, so a bulk
    import appends to the uid index instead of writing all over it.
    """
    return f"{time.time_ns() // 1_000_000:012x}{_RANDOM.getrandbits(80):020x}"


class Recorded(Struct, frozen=True):
    id: int
    created: bool


class Difference(Struct, frozen=True):
    """A repeat of a recorded claim that says one thing otherwise: the claim
    (its id here), the field, what the ledger has and what was given."""

    claim_id: int
    field: str
    ours: Any
    theirs: Any

    def to_json(self) -> dict[str, Any]:
        return {"claim": self.claim_id, "field": self.field, "ours": self.ours, "theirs": self.theirs}


class Recorder:
    """Writes claims inside the caller's transaction; remembers resolved sources.

    A repeat (same key, source, text, date and URL, and everything else the
    same) is not written again: ``record`` returns the existing id with
    ``created=False``. A repeat that differs in anything else is an error,
    unless ``keep_ours``: then the ledger's claim stays as it is and each
    difference is noted in ``differences`` (a merge of two ledgers whose
    reporters noted a claim differently).
    """

    def __init__(self, conn: sqlite3.Connection, *, now: str | None = None, keep_ours: bool = False) -> None:
        self.conn = conn
        self.now = now
        self.keep_ours = keep_ours
        self.differences: list[Difference] = []
        self._sources: dict[tuple[str, str | None], str] = {}

    def source_for(self, claim: Claim, *, new_source: bool = False) -> str:
        """The id of the draft's source: as it names it, else by its URL's domain."""
        ref = claim.source
        # Without a name the source comes from the URL's host: cache by host.
        cache_key = (ref, None if ref or not claim.url else url_host(claim.url))
        found = self._sources.get(cache_key)
        if found:
            return found
        try:
            found = source_service.resolve(self.conn, ref or None, claim.url)
        except UnknownSource:
            if not (new_source and ref):
                raise
            found = source_service.add_source(self.conn, Source(name=ref), now=self.now)[0].id
        self._sources[cache_key] = found
        return found

    def row(self, claim: Claim, source_id: str, fingerprint: bytes) -> tuple[Any, ...]:
        """The row for a draft, with what the ledger sets when it records."""
        assigned = {"recorded_at": self.now or utc_now(), "uid": new_uid()}
        return repo.claim_row(claim, source=source_id, fingerprint=fingerprint, assigned=assigned)

    def new_row(self, claim: Claim, *, new_source: bool = False) -> tuple[Any, ...]:
        """The row to insert for a draft, for a caller that inserts in batches."""
        source_id = self.source_for(claim, new_source=new_source)
        return self.row(claim, source_id, fingerprint(claim, source_id))

    def record(self, claim: Claim, *, new_source: bool = False, force: bool = False, merge: bool = False) -> Recorded:
        """Record one draft, checking everything first so errors say exactly what is wrong.

        A correction (``supersedes``) must name a claim under its own key that
        no other claim corrects yet: a second correction of one claim needs
        ``force`` (the command asks for a note saying why), unless the draft
        carries a uid, being a claim another ledger already recorded so.

        ``merge`` (an import): a claim this ledger has under another id is that
        claim (the caller maps the ids), and a claim whose id is taken here by
        another claim is recorded under a new one.
        """
        source_id = self.source_for(claim, new_source=new_source)
        claim_print = fingerprint(claim, source_id)
        existing = repo.claim_id_by_fingerprint(self.conn, claim_print)
        if existing is not None:
            if claim.id and claim.id != existing and not merge:
                raise ClaimtrackError(
                    f"the same claim is already recorded as {existing}, not {claim.id}", field="id"
                )
            found = _differences(claim, repo.get_claim(self.conn, existing))
            if found and not self.keep_ours:
                _refuse(found[0], importing=merge)
            self.differences += found
            return Recorded(existing, False)
        if claim.id and repo.claim_fingerprint(self.conn, claim.id) is not None and merge:
            claim = structs.replace(claim, id=0)  # its id is taken here: it takes a new one
        if claim.id and repo.claim_fingerprint(self.conn, claim.id) is not None:
            raise ClaimtrackError(
                f"claim {claim.id} already exists and says something else; "
                "leave out 'id' to record this as a new claim",
                field="id",
            )
        if claim.uid and (holder := repo.claim_id_by(self.conn, "uid", claim.uid)) is not None:
            raise ClaimtrackError(f"claim {holder} already has this uid and says something else", field="uid")
        if claim.supersedes is not None:
            self._check_correction(claim, force=force, recorded_elsewhere=bool(claim.uid), merge=merge)
        return Recorded(repo.insert_claim(self.conn, self.row(claim, source_id, claim_print)), True)


    def _check_correction(self, claim: Claim, *, force: bool, recorded_elsewhere: bool, merge: bool) -> None:
        """A new correction names a claim under its key that nothing corrects yet.
        A claim that carries its uid was recorded by a ledger (perhaps before these
        rules): only the claim it corrects must exist."""
        assert claim.supersedes is not None
        corrected = repo.get_claim(self.conn, claim.supersedes)
        if corrected is None:
            raise NotFound(f"claim {claim.supersedes} does not exist", field="supersedes")
        if recorded_elsewhere:
            return
        if corrected.key != claim.key:
            raise ClaimtrackError(
                f"claim {corrected.id} is under {corrected.key}, not {claim.key}: a correction supersedes a claim "
                "under its own key",
                field="supersedes",
            )
        by = repo.corrections(self.conn, corrected.id).get(corrected.id)
        if by and not force:
            way = ("record it with `claimtrack add --force --note`" if merge
                   else "pass --force with a --note saying why")
            raise ClaimtrackError(
                f"claim {corrected.id} is already superseded by claim {by[-1]}; supersede {by[-1]} instead, or "
                f"{way}",
                field="supersedes",
            )


def _differences(claim: Claim, recorded: Claim | None) -> list[Difference]:
    """What a repeat says otherwise than the claim recorded: the same text
    from the same source with, say, another value is a correction, and a
    correction is never dropped."""
    if recorded is None:  # pragma: no cover - the fingerprint was just found
        return []
    found = []
    new_raw = claim.value.raw if claim.value else None
    old_raw = recorded.value.raw if recorded.value else None
    if new_raw != old_raw:
        found.append(Difference(recorded.id, "value", old_raw, new_raw))
    return found + [
        Difference(recorded.id, name, getattr(recorded, name), getattr(claim, name))
        for name in REPEAT_FIELDS
        if getattr(recorded, name) != getattr(claim, name)
    ]


def _refuse(difference: Difference, *, importing: bool) -> None:
    old, new = ("none" if v is None else repr(v) for v in (difference.ours, difference.theirs))
    keep = " (or import with --keep-ours to keep this ledger's claim and list what differs)" if importing else ""
    raise ClaimtrackError(
        f"claim {difference.claim_id} already records this text from this source with {difference.field} {old}, "
        f"not {new}; to correct it, record the claim again with supersedes {difference.claim_id}{keep}",
        field=difference.field,
    )


def record(
    conn: sqlite3.Connection, claim: Claim, *, new_source: bool = False, now: str | None = None, force: bool = False
) -> tuple[Claim, bool]:
    """Record one claim, all or nothing. Returns the claim and whether it is new.
    ``force``: a second correction of one claim (see :meth:`Recorder.record`)."""
    with atomic(conn):
        result = Recorder(conn, now=now).record(claim, new_source=new_source, force=force)
    return get(conn, result.id), result.created


def get(conn: sqlite3.Connection, claim_id: int) -> Claim:
    claim = repo.get_claim(conn, claim_id)
    if claim is None:
        raise NotFound(f"no claim with id {claim_id}", field="id")
    return claim


def standing(conn: sqlite3.Connection) -> Standing:
    """Every claim's standing, read once (corrections and wrong-claim decisions are few)."""
    return Standing(superseded_by=repo.corrections(conn), marked_wrong=repo.decisions(conn).wrong())


def show(conn: sqlite3.Connection, claim_id: int) -> tuple[Claim, Standing]:
    """A claim, and what became of it: superseded by a correction, or marked wrong."""
    claim = get(conn, claim_id)
    wrong = repo.decisions(conn).wrong().get(claim_id, [])
    return claim, Standing(superseded_by=repo.corrections(conn, claim_id), marked_wrong={claim_id: wrong})


def log(
    conn: sqlite3.Connection,
    *,
    key_prefix: str | None = None,
    source: str | None = None,
    speaker: str | None = None,
    window: Window = Window(),
    limit: int | None = None,
    order: str = "newest",
) -> Iterator[Claim]:
    """Claims matching the filters, streamed; ``source`` is any name, alias or id,
    and ``speaker`` matches as :func:`fold` compares (``ＴＲＵＭＰ`` is Trump)."""
    flt = repo.ClaimFilter(
        key_prefix=key_prefix, source=source_service.resolve(conn, source) if source else None, window=window,
    )
    if speaker is None:
        return repo.iter_claims(conn, flt, order=order, limit=limit)
    wanted = fold(speaker)
    said = (c for c in repo.iter_claims(conn, flt, order=order) if c.speaker is not None and fold(c.speaker) == wanted)
    return itertools.islice(said, limit)


DEFAULT_SEARCH_LIMIT = 20


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    key_prefix: str | None = None,
    source: str | None = None,
    window: Window = Window(),
    limit: int = DEFAULT_SEARCH_LIMIT,
) -> tuple[list[str], list[Claim]]:
    """The claims whose text, quote, key, speaker or note hold every term of
    ``query`` (see ``text.search_terms``), best first; and the terms."""
    from claimtrack.store import search as index

    terms = search_terms(query)
    if not terms:
        raise ClaimtrackError("give a word, a number or a \"phrase\" to search for", field="query")
    if not index.has_index(conn):
        raise ClaimtrackError(
            f"search needs SQLite's full-text search (FTS5), which this Python's SQLite ({sqlite3.sqlite_version}) "
            "was built without; every other command works" if not index.available() else
            "this ledger has no search index yet (it was made where SQLite had no FTS5); it is made when the "
            "ledger is next opened where it can be written",
            field="query",
        )
    try:
        expression = index.expression(conn, terms)
    except ValueError as exc:
        raise ClaimtrackError(f"'{exc}' is part of too many words to search for by itself: add a character or "
                              "another term", field="query") from None
    if expression is None:
        return terms, []
    flt = repo.ClaimFilter(
        key_prefix=key_prefix, source=source_service.resolve(conn, source) if source else None, window=window,
    )
    return terms, repo.search_claims(conn, expression, flt, limit)
