from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli.app import app
from claimtrack.store.db import connect

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "seed-digest.jsonl"


@pytest.fixture(autouse=True)
def isolated_db(tmp_path, monkeypatch):
    """No test touches a real database: CLAIMTRACK_DB points into a temp folder."""
    path = tmp_path / "claims.db"
    monkeypatch.setenv("CLAIMTRACK_DB", str(path))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("CLAIMTRACK_WIDTH", "120")
    monkeypatch.delenv("COLUMNS", raising=False)
    return path


@pytest.fixture
def conn():
    """A fresh, migrated in-memory database."""
    connection = connect(":memory:")
    yield connection
    connection.close()


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int = 0):
        result = self.runner.invoke(app, [str(a) for a in args], input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            # CliRunner swallows what a user would see as a traceback.
            raise AssertionError(f"claimtrack {' '.join(map(str, args))} raised") from result.exception
        assert result.exit_code == code, (
            f"claimtrack {' '.join(map(str, args))} exited {result.exit_code}, expected {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
        )
        return result

    def json(self, *args: str, code: int = 0):
        result = self(*args, "--json", code=code)
        return json.loads(result.stdout)


@pytest.fixture
def cli():
    return Cli()


@pytest.fixture
def example_file():
    return EXAMPLE


@pytest.fixture
def seeded(cli, isolated_db):
    """The default database with the bundled example imported."""
    cli("import", EXAMPLE)
    return isolated_db
