"""The ledger as Datasette shows it: titles, descriptions, facets, search and canned queries.

Datasette opens a ledger as it is: foreign keys link claims to their sources,
and the search index (``claims_fts``, see store/search.py) is found by the
way it is declared, so ``datasette claims.db`` offers ``?_search=`` on
``claims``. :func:`metadata` adds what makes it readable (``claimtrack
serve`` passes it; ``datasette claims.db --metadata FILE`` takes the same).
Datasette's search sends the words as typed: it finds any text of three
characters or more, as written; ``claimtrack search`` also folds full-width
characters and reads shorter terms.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimtrack.store import search

#: Descriptions of the columns whose name does not say it all (Datasette lists them above the table).
CLAIM_COLUMNS = {
    "key": "What the claim is about; only claims under one key are compared",
    "claimed_on": "When it was made (ISO at its precision; a period as an ISO interval)",
    "as_of": "The time the claim speaks about",
    "value_raw": "The claim's value as written (value_amount and value_unit: its reading)",
    "supersedes": "The claim this one corrects",
}

# Canned queries: what a desk asks most.
QUERIES = {
    "claims_by_key": {
        "title": "Claims under a key",
        "description": "Every claim under a key or below it (minerals-deal takes in minerals-deal/us-share), "
                       "oldest first: how a figure was told over time.",
        "sql": "SELECT c.id, c.claimed_on, s.name AS source, c.speaker, c.key, c.value_raw AS value, c.text, c.url "
               "FROM claims c JOIN sources s ON s.id = c.source "
               "WHERE c.key = :key OR c.key LIKE :key || '/%' "
               "ORDER BY c.claimed_on IS NULL, c.claimed_on, c.id",
    },
    "claims_by_source": {
        "title": "Claims from a source",
        "description": "Every claim from one source (its id, as in the sources table), newest first.",
        "sql": "SELECT c.id, c.claimed_on, c.key, c.speaker, c.value_raw AS value, c.text, c.url "
               "FROM claims c WHERE c.source = :source ORDER BY c.claimed_on DESC, c.id DESC",
    },
    "decisions": {
        "title": "Decisions",
        "description": "Every decision about a finding, newest first. A pair of claims' latest decision stands "
                       "unless it reopened the pair; `claimtrack history` tells which.",
        "sql": "SELECT r.resolved_at, r.finding_id, r.status, r.claim_id AS wrong_claim, r.note, r.resolved_by "
               "FROM resolutions r ORDER BY r.resolved_at DESC, r.id DESC",
    },
}


def metadata(path: Path) -> dict[str, Any]:
    """Datasette's metadata for the ledger at ``path`` (its database is
    named by the file's stem, as Datasette names it)."""
    return {
        "title": f"claimtrack: {path.name}",
        "description": "Claims as they appeared, where and by whom, with the decisions made about them. "
                       "Read-only: record claims with claimtrack.",
        "databases": {
            path.stem: {
                "tables": {
                    "claims": {
                        "description": "One row per claim, as it appeared. Search finds text, quote, key, "
                                       "speaker and note (three characters or more).",
                        "fts_table": search.TABLE,
                        "fts_pk": "id",
                        "facets": ["key", "source", "speaker"],
                        "sort_desc": "id",
                        "label_column": "text",
                        "columns": CLAIM_COLUMNS,
                    },
                    "sources": {
                        "description": "The publications and channels claims come from.",
                        "label_column": "name",
                        "facets": ["kind"],
                    },
                    "resolutions": {
                        "description": "Decisions about findings: explained, accepted, wrong-claim or reopened. "
                                       "Never changed; a later one replaces an earlier one.",
                        "facets": ["status", "resolved_by"],
                        "sort_desc": "id",
                    },
                    "source_names": {"description": "Every name and alias of each source."},
                    "source_domains": {"description": "The web domains each source publishes on."},
                    "unit_aliases": {"description": "This ledger's own unit words (来場者数 counts people)."},
                    "rate_pins": {"description": "Exchange rates this ledger pins (USDJPY=150)."},
                    "chain": {"description": "The hash chain over claims and decisions (claimtrack verify)."},
                    "_sqlite_migrations": {"hidden": True},
                },
                "queries": QUERIES,
            }
        },
    }
