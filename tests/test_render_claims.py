"""Claims in a terminal: rich tables that never read claim text as markup."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from claimtrack.domain.model import Claim, Source, Value
from claimtrack.render.claims import render_claim, render_claims, render_sources


@pytest.fixture(autouse=True)
def colour_allowed(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)


def _console():
    return Console(file=io.StringIO(), force_terminal=True, width=250, color_system=None)


def _claim(**kw):
    base = {"id": 7, "key": "minerals-deal/us-share", "text": "[update] Trump said [bold]500[/bold] [/]",
            "source": "jiji", "source_name": "時事ドットコム", "speaker": "[i]Bob", "stance": "denies",
            "value": Value(kind="categorical", raw="[b]x", normalized="[b]x")}
    base.update(kw)
    return Claim(**base)


def test_table_shows_claim_text_verbatim_and_full_keys():
    console = _console()
    claims = [_claim(), _claim(id=8, key="minerals-deal/security-guarantee", stance="asserts")]
    assert render_claims(console, claims) == 2
    out = console.file.getvalue()
    assert "[denies] [update] Trump said [bold]500[/bold] [/]" in out
    assert "[i]Bob" in out and "[b]x" in out
    assert "minerals-deal/security-guarantee" in out


def test_empty_columns_are_left_out():
    console = _console()
    render_claims(console, [_claim(speaker=None, value=None)])
    (header,) = [line for line in console.file.getvalue().splitlines() if "┃ id ┃" in line]
    assert "speaker" not in header and "value" not in header and "date" not in header


def test_claim_detail_and_sources_are_verbatim():
    console = _console()
    render_claim(console, _claim())
    render_sources(console, [(Source(id="s", name="[red]Name", aliases=("[x]",)), 3)])
    out = console.file.getvalue()
    assert "[update] Trump said [bold]500[/bold] [/]" in out and "[red]Name" in out and "[x]" in out
