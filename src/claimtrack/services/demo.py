"""The bundled example data, wherever the package was installed from."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from claimtrack.services.transfer import ImportResult, import_stream
from claimtrack.store.db import connect

#: The founding example: a Japanese news digest on the minerals deal.
EXAMPLE = "seed-digest.jsonl"
#: A second story in Japanese and English: Osaka Expo 2025, over years.
EXPO = "expo-2025.jsonl"


def example_path(name: str = EXAMPLE) -> Path:
    """An example file: inside the installed package, or the checkout's data/."""
    packaged = resources.files("claimtrack") / "data" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "data" / name


def create(path: Path, name: str = EXAMPLE) -> tuple[sqlite3.Connection, ImportResult]:
    """A new database at ``path`` holding one example (each names its claims
    by their ids in the file, so each gets a database of its own)."""
    conn = connect(path)
    return conn, load(conn, name)


def load(conn: sqlite3.Connection, name: str = EXAMPLE) -> ImportResult:
    path = example_path(name)
    with open(path, "rb") as stream:
        return import_stream(conn, stream, path.name)
