"""What a database holds: for `claimtrack db info`."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from claimtrack.store import chain, migrations, repo
from claimtrack.store.db import connect, quick_check


def info(path: Path, chosen_by: str) -> dict[str, Any]:
    """Which file, why it was chosen, and what it holds. Creates nothing."""
    data: dict[str, Any] = {"path": str(path), "chosen_by": chosen_by, "exists": path.exists()}
    if not path.exists():
        return {**data, "damaged": [], "claims": 0, "sources": 0, "decisions": 0, "chain_head": None,
                "migrations": []}
    conn = connect(path, create=False, chosen_by=chosen_by)
    try:
        damage = quick_check(conn)
        if damage:
            return {**data, "damaged": damage}
        return {
            **data,
            "damaged": [],
            "claims": repo.count_claims(conn),
            "sources": repo.count_sources(conn),
            "decisions": len(repo.decisions(conn).made),
            # The last link of the hash chain, unchecked (`claimtrack verify` checks it).
            "chain_head": chain.head(conn).hex(),
            "migrations": migrations.applied_names(conn),
        }
    finally:
        conn.close()


def orphans(conn: sqlite3.Connection, limit: int = 3) -> tuple[int, list[tuple[int, str]]]:
    """Claims whose source row is missing (deleted behind claimtrack's back):
    how many, and the first few as (claim id, source id)."""
    return repo.orphans(conn, limit)
