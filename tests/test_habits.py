"""The codebase keeps its habits: ruff and mypy pass, no test-only code in src/,
no private typer or click imports, nothing points outside the repository."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "claimtrack"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_passes():
    result = _run("ruff", "check", "--no-cache", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_passes(tmp_path):
    result = _run("mypy", "--cache-dir", str(tmp_path / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def _source_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_no_blanket_silencing_in_src():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _source_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"#\s*(type:\s*ignore|noqa)", line)
    ]
    assert offenders == []


def test_only_public_typer_and_click_apis():
    offenders = [
        f"{path.name}: {match.group(0)}"
        for path in _source_files()
        for match in re.finditer(r"^\s*(?:from|import)\s+(?:typer|click)\._\w*", path.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_nothing_points_outside_the_repository():
    """The project explains itself: no file cites a design document it does not carry."""
    files = [*_source_files(), *(ROOT / "tests").glob("*.py"), *(ROOT / "benchmarks").glob("*"),
             *(ROOT / "docs").glob("*"), ROOT / "README.md", ROOT / "pyproject.toml"]
    # Documents the repository does not carry, and absolute paths of one machine.
    pattern = re.compile(r"DESIGN\.md|STYLE\.md|\.\./shared|(?<![\w./])/(?:work|tmp|root|home)/")
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in files
        if path.is_file() and path.suffix in (".py", ".md", ".toml", "")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
        if path.name != "test_habits.py"
    ]
    assert offenders == []
