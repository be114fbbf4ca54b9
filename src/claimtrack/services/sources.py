"""Register sources and resolve a name, alias or URL to one of them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from claimtrack.domain.model import Source
from claimtrack.domain.text import domain_candidates, name_key, normalise_domain, slugify, url_host
from claimtrack.errors import ClaimtrackError, NotFound, UnknownSource
from claimtrack.store import repo
from claimtrack.store.db import atomic


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def add_source(conn: sqlite3.Connection, src: Source, *, now: str | None = None) -> tuple[Source, str]:
    """Register a source, or add aliases and domains to the one named by ``src.id``.

    Returns the source and what happened: ``created``, ``updated`` (new
    aliases or domains) or ``unchanged``. A name, alias or domain that
    belongs to another source is an error, never a silent merge; so is a
    made-up id that is already taken (name the id to add to that source).
    """
    if src.id and src.id != slugify(src.id):
        hint = f" (try '{slugify(src.id)}')" if slugify(src.id) else ""
        raise ClaimtrackError(f"'{src.id}' is not a slug id: lowercase letters, digits and '-'{hint}", field="id")
    source_id = src.id or slugify(src.name)
    if not source_id:
        raise ClaimtrackError(f"cannot make an id from {src.name!r}; give one with {{field:id}}", field="name")
    domains = []
    for domain in src.domains:
        try:
            domains.append(normalise_domain(domain))
        except ValueError as exc:
            raise ClaimtrackError(str(exc), field="domains") from None
    status = "unchanged"
    with atomic(conn):
        existing = repo.get_source(conn, source_id)
        if existing is None:
            owner = repo.source_id_by_name_key(conn, name_key(src.name))
            if owner is not None:
                raise ClaimtrackError(
                    f"'{src.name}' is already a name of source '{owner}'; to add aliases or domains to it, "
                    f"give {{field:id}} {owner}",
                    field="name",
                )
            repo.insert_source(conn, Source(
                id=source_id, name=src.name, kind=src.kind or "outlet", created_at=src.created_at or now or utc_now()
            ))
            status = "created"
        elif not src.id and name_key(existing.name) != name_key(src.name):
            raise ClaimtrackError(
                f"the id '{source_id}' is taken by {existing.name}; to add '{src.name}' to it as an alias, "
                f"give {{field:id}} {source_id}, or choose another {{field:id}}",
                field="id",
            )
        elif src.kind and src.kind != existing.kind:
            raise ClaimtrackError(
                f"source '{source_id}' is registered as {existing.kind}, not {src.kind}", field="kind"
            )
        for name in (src.name, *src.aliases):
            key = name_key(name)
            if not key:
                continue
            owner = repo.source_id_by_name_key(conn, key)
            if owner is None:
                repo.insert_source_name(conn, key, name, source_id)
                status = status if status == "created" else "updated"
            elif owner != source_id:
                raise ClaimtrackError(f"'{name}' is already a name of source '{owner}'", field="aliases")
        for domain in domains:
            owner = repo.source_id_by_domain(conn, [domain])
            if owner is None:
                repo.insert_source_domain(conn, domain, source_id)
                status = status if status == "created" else "updated"
            elif owner != source_id:
                raise ClaimtrackError(f"domain {domain} already belongs to source '{owner}'", field="domains")
    source = repo.get_source(conn, source_id)
    assert source is not None
    return source, status


def merge_source(conn: sqlite3.Connection, src: Source, *, now: str | None = None) -> tuple[Source, str]:
    """An incoming source (a line of an import), merged into the registered
    source it names, else registered.

    It names a source by its id, its name or a domain (read as this ledger's
    names: a colleague may spell a publication as this ledger's alias); a
    shared alias alone proves nothing ("Asahi" is TV Asahi and the newspaper)
    and is an error. The source it names gains the names, aliases and domains
    it did not have, and the incoming id as an alias, so that the file's
    claims, which name their source by that id, find it; its own name and id
    stay, and another kind is an error. A source that names two registered
    ones (its id one publication, its name another) is an error naming both.
    Nothing is written before the checks pass.
    """
    incoming_id = src.id or slugify(src.name)
    matches: dict[str, str] = {}
    if incoming_id and repo.get_source(conn, incoming_id) is not None:
        matches[incoming_id] = f"id '{incoming_id}'"
    for name in (incoming_id, src.name):
        owner = repo.source_id_by_name_key(conn, name_key(name))
        if owner is not None:
            matches.setdefault(owner, f"name '{name}'")
    for domain in src.domains:
        try:
            owner = repo.source_id_by_domain(conn, [normalise_domain(domain)])
        except ValueError as exc:
            raise ClaimtrackError(str(exc), field="domains") from None
        if owner is not None:
            matches.setdefault(owner, f"domain {normalise_domain(domain)}")
    if not matches:  # an alias alone ("Asahi" for TV Asahi and for the newspaper) is no proof of one source
        shared = [(name, owner) for name in src.aliases if (owner := repo.source_id_by_name_key(conn, name_key(name)))]
        if shared:
            name, owner = shared[0]
            raise ClaimtrackError(
                f"source '{src.name}' shares only the alias '{name}' with source '{owner}'; if they are one, give "
                f"its id {owner} in the file, otherwise drop the alias",
                field="aliases",
            )
        return add_source(conn, src, now=now)
    if len(matches) > 1:
        (first, why_first), (second, why_second) = list(matches.items())[:2]
        raise ClaimtrackError(
            f"source '{src.name}' is two registered sources: '{first}' by its {why_first} and '{second}' by its "
            f"{why_second}; make them one source, in the file or in the ledger, before importing",
            field="id" if src.id else "name",
        )
    (target,) = matches
    existing = repo.get_source(conn, target)
    assert existing is not None
    if src.kind and src.kind != existing.kind:
        raise ClaimtrackError(
            f"source '{src.name}' is '{target}' here, registered as {existing.kind}, not {src.kind}", field="kind"
        )
    names = tuple(n for n in (src.name, *src.aliases, incoming_id) if n and n != target)
    return add_source(conn, Source(id=target, name=existing.name, aliases=names, domains=src.domains), now=now)


def suggestions(conn: sqlite3.Connection, ref: str, n: int = 3) -> list[str]:
    """The closest registered names to ``ref`` (display names, one per source)."""
    names = repo.all_source_names(conn)
    by_key = {key: (name, sid) for name, key, sid in names}
    import difflib  # only when a name was not found

    close = difflib.get_close_matches(name_key(ref), list(by_key), n=n * 2, cutoff=0.5)
    # Also offer names that contain what was typed ("forbes" -> "Forbes Japan").
    typed = name_key(ref)
    close += [k for k in by_key if typed and (typed in k or k in typed) and k not in close]
    seen: set[str] = set()
    out: list[str] = []
    for key in close:
        name, sid = by_key[key]
        if sid in seen:
            continue
        seen.add(sid)
        out.append(f"{name} ({sid})")
    return out[:n]


def resolve(conn: sqlite3.Connection, ref: str | None, url: str | None = None) -> str:
    """The id of the source named by ``ref`` (id, name or alias), else by the URL's domain.

    Raises UnknownSource, with the closest registered names, when neither finds one.
    """
    if ref:
        if repo.source_exists(conn, ref):
            return ref
        found = repo.source_id_by_name_key(conn, name_key(ref))
        if found:
            return found
        close = suggestions(conn, ref)
        did_you_mean = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise UnknownSource(f"unknown source '{ref}'{did_you_mean}", ref=ref, field="source")
    if url:
        host = url_host(url)
        if host:
            found = repo.source_id_by_domain(conn, domain_candidates(host))
            if found:
                return found
            raise UnknownSource(f"no source is registered for {host}", host=host, field="source")
    raise ClaimtrackError("no source given: name one, or give the URL of an article on a registered domain",
                          field="source")


def get(conn: sqlite3.Connection, ref: str) -> Source:
    """The source named by ``ref``; unlike ``resolve``, a name is required."""
    if not ref.strip():
        raise ClaimtrackError("name a source: its id, name or alias", field="source")
    source_id = resolve(conn, ref)
    source = repo.get_source(conn, source_id)
    if source is None:  # pragma: no cover - resolve() only returns existing ids
        raise NotFound(f"unknown source '{ref}'")
    return source


def show(conn: sqlite3.Connection, ref: str) -> tuple[Source, int]:
    """A source found by any of its names, and how many claims it has."""
    source = get(conn, ref)
    return source, repo.source_claim_counts(conn).get(source.id, 0)


def list_sources(conn: sqlite3.Connection) -> list[tuple[Source, int]]:
    counts = repo.source_claim_counts(conn)
    return [(source, counts.get(source.id, 0)) for source in repo.iter_sources(conn)]
