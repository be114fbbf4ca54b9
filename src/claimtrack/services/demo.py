"""The bundled example data, wherever the package was installed from."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from claimtrack.services.transfer import ImportResult, import_stream
from claimtrack.store.db import connect

EXAMPLE = "seed-digest.jsonl"


def example_path() -> Path:
    """The example file: inside the installed package, or the checkout's data/."""
    packaged = resources.files("claimtrack") / "data" / EXAMPLE
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "data" / EXAMPLE


def create(path: Path) -> tuple[sqlite3.Connection, ImportResult]:
    """A new database at ``path`` holding the example."""
    conn = connect(path)
    return conn, load(conn)


def load(conn: sqlite3.Connection) -> ImportResult:
    path = example_path()
    with open(path, "rb") as stream:
        return import_stream(conn, stream, path.name)
