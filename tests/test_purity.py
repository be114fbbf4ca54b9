"""The domain core stays pure: it imports nothing from storage, CLI or rendering."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import claimtrack.domain

FORBIDDEN = ("sqlite3", "sqlite_utils", "rich", "typer", "click", "claimtrack.store",
             "claimtrack.services", "claimtrack.cli", "claimtrack.render")


def _imports(path: Path):
    """Every module a file imports, relative imports resolved to full names."""
    package = "claimtrack." + path.parent.name if path.parent.name != "claimtrack" else "claimtrack"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                yield f"{base}.{node.module}" if node.module else base
            elif node.module:
                yield node.module


def test_domain_imports_nothing_from_storage_cli_or_rendering():
    folder = Path(claimtrack.domain.__file__).parent
    files = sorted(folder.glob("*.py"))
    assert len(files) >= 5
    offenders = [
        f"{path.name} imports {name}"
        for path in files
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]
    assert offenders == []


def test_the_checker_would_catch_an_offender(tmp_path):
    domain = tmp_path / "domain"
    domain.mkdir()
    bad = domain / "bad.py"
    bad.write_text("from claimtrack.store import repo\nimport rich.console\nfrom ..store import db\n"
                   "from datetime import datetime as dt\nnow = dt.now()\n")
    assert list(_imports(bad)) == ["claimtrack.store", "rich.console", "claimtrack.store", "datetime"]
    assert CLOCK.search(bad.read_text())


CLOCK = re.compile(r"\.(?:now|utcnow|today)\(|\btime\.(?:time|monotonic|perf_counter)\(|\bopen\(")


def test_domain_reads_no_clock_and_opens_no_file():
    folder = Path(claimtrack.domain.__file__).parent
    offenders = [
        f"{path.name}: {match.group(0)}"
        for path in sorted(folder.glob("*.py"))
        for match in CLOCK.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_layer_imports_only_what_lies_below_it():
    """cli -> services -> store and domain; render takes domain results. Nothing imports upwards,
    the command line holds no queries, and renderers never query."""
    root = Path(claimtrack.domain.__file__).parent.parent
    rules = {
        "cli": ("claimtrack.store.repo", "claimtrack.store.migrations"),
        "services": ("claimtrack.cli", "claimtrack.render", "typer", "rich"),
        "store": ("claimtrack.services", "claimtrack.cli", "claimtrack.render", "typer", "rich"),
        "render": ("sqlite3", "sqlite_utils", "claimtrack.store", "claimtrack.services", "claimtrack.cli"),
    }
    offenders = [
        f"{folder}/{path.name} imports {name}"
        for folder, banned in rules.items()
        for path in sorted((root / folder).glob("*.py"))
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in banned)
    ]
    assert offenders == []
