"""How claims changed: a key's timeline, two claims side by side, a window."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from claimtrack.domain.diff import (
    KeySummary,
    Revision,
    SourceTimeline,
    Timeline,
    build_timeline,
    by_source,
    compare,
    summarize_window,
)
from claimtrack.domain.model import Claim
from claimtrack.domain.periods import Window
from claimtrack.errors import NotFound
from claimtrack.services.claims import get
from claimtrack.store import repo


def _claims_of(conn: sqlite3.Connection, key: str) -> list[Claim]:
    claims = repo.claims_for_key(conn, key)
    if not claims:
        under = [c.key for c in repo.iter_claims(conn, repo.ClaimFilter(key_prefix=key), order="key", limit=200)]
        keys = sorted(set(under))[:5]
        hint = keys or repo.closest_keys(conn, key)
        more = f" (did you mean {', '.join(hint)}?)" if hint else ""
        raise NotFound(f"no claims under key '{key}'{more}", field="key")
    return claims


def timeline(conn: sqlite3.Connection, key: str) -> Timeline:
    return build_timeline(key, _claims_of(conn, key))


def timelines_by_source(conn: sqlite3.Connection, key: str) -> list[SourceTimeline]:
    return by_source(key, _claims_of(conn, key))


def pair(conn: sqlite3.Connection, old_id: int, new_id: int) -> Revision:
    return compare(get(conn, old_id), get(conn, new_id))


def window(conn: sqlite3.Connection, window: Window, key_prefix: str | None = None) -> Iterator[KeySummary]:
    """Every key under the prefix whose claims changed in the window, streamed key by key."""
    claims = repo.iter_claims(conn, repo.ClaimFilter(key_prefix=key_prefix), order="key")
    return summarize_window(claims, window)
