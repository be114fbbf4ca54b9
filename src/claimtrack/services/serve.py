"""`claimtrack serve`: the ledger in Datasette, an optional extra (``pip install 'claimtrack[web]'``)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from claimtrack.errors import ClaimtrackError
from claimtrack.store.datasette import metadata


def datasette_command(ledger: Path, metadata_file: Path, *, host: str, port: int) -> list[str]:
    """The command line that serves ``ledger`` read-only with its metadata,
    written to ``metadata_file``. Datasette runs as its own program: its
    command line is its public interface, and its web server keeps to itself."""
    if importlib.util.find_spec("datasette") is None:
        raise ClaimtrackError("needs Datasette, an optional extra: pip install 'claimtrack[web]'", field="serve")
    metadata_file.write_text(json.dumps(metadata(ledger), ensure_ascii=False, indent=2), encoding="utf-8")
    return [sys.executable, "-m", "datasette", "serve", str(ledger), "--metadata", str(metadata_file),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]
