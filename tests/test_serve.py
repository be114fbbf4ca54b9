"""The ledger in Datasette: search, facets, links to sources and canned queries, through Datasette's own client."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest

from claimtrack.cli import serve as serve_cli
from claimtrack.store.datasette import metadata

datasette_app = pytest.importorskip("datasette.app", reason="the [web] extra; CI installs it with [test]")


@pytest.fixture
def ledger(cli, isolated_db):
    cli("sources", "add", "Jiji", "--alias", "時事通信")
    cli("sources", "add", "Reuters")
    cli("add", "minerals-deal/us-share", "米国が5000億ドル相当の鉱物資源の権利を得る", "--source", "jiji",
        "--said-by", "Trump", "--value", "5000億ドル")
    cli("add", "minerals-deal/us-share", "The US would get $500 billion in mineral rights", "--source", "reuters",
        "--said-by", "Trump", "--value", "$500B")
    cli("add", "meeting/interpreter", "ゼレンスキー大統領は通訳を使わなかった", "--source", "jiji")
    cli("resolve", "v-1-2", "--note", "the same figure", code=2)  # no such finding: they agree
    return isolated_db


def get(path, url, meta=True):
    async def fetch():
        ds = datasette_app.Datasette([str(path)], metadata=metadata(path) if meta else None)
        response = await ds.client.get(url)
        return response.status_code, response.json() if "json" in url else response.text

    return asyncio.run(fetch())


def test_datasette_finds_the_search_index_on_its_own(ledger):
    """`datasette claims.db`, with no metadata: search on claims works as it is."""
    status, rows = get(ledger, "/claims/claims.json?_search=鉱物資源&_shape=array", meta=False)
    assert status == 200 and [r["id"] for r in rows] == [1]
    status, rows = get(ledger, "/claims/claims.json?_search=billion&_shape=array", meta=False)
    assert [r["id"] for r in rows] == [2]


def test_claims_link_to_their_sources_by_name(ledger):
    status, rows = get(ledger, "/claims/claims.json?_labels=on&_shape=array&id=3")
    assert status == 200 and rows[0]["source"] == {"value": "jiji", "label": "Jiji"}


def test_metadata_gives_facets_descriptions_and_search(ledger):
    status, page = get(ledger, "/claims/claims.json?_search=Trump")
    assert status == 200
    assert set(page["facet_results"]) >= {"key", "source", "speaker"}
    assert page["facet_results"]["source"]["results"][0]["count"] == 1
    status, html = get(ledger, "/claims/claims")
    assert "The claim this one corrects" in html  # a column's description
    status, html = get(ledger, "/")
    assert "claimtrack: claims.db" in html and "Read-only: record claims with claimtrack." in html


def test_canned_queries_list_claims_under_a_key_and_decisions(ledger, cli):
    status, rows = get(ledger, "/claims/claims_by_key.json?key=minerals-deal&_shape=array")
    assert status == 200 and [r["id"] for r in rows] == [1, 2]
    cli("add", "minerals-deal/us-share", "5兆ドルの権利", "--source", "jiji", "--value", "5兆ドル")
    finding = cli.json("report")["contradictions"][0]["id"]
    cli("resolve", finding, "--status", "wrong-claim", "--claim", "4", "--note", "a tenfold slip", "--by", "Desk")
    status, rows = get(ledger, "/claims/decisions.json?_shape=array")
    assert rows == [{"resolved_at": rows[0]["resolved_at"], "finding_id": finding, "status": "wrong-claim",
                     "wrong_claim": 4, "note": "a tenfold slip", "resolved_by": "Desk"}]


def test_serve_runs_datasette_on_the_ledger_with_its_metadata(ledger, cli, monkeypatch):
    ran = {}

    def call(argv):
        ran["argv"] = argv
        ran["metadata"] = json.loads(Path(argv[argv.index("--metadata") + 1]).read_text(encoding="utf-8"))
        # The same command line, asking Datasette for one page instead of serving.
        ran["page"] = subprocess.run([*argv, "--get", "/claims/claims.json?_search=通訳を&_shape=array"],
                                     capture_output=True, text=True, timeout=120)
        return 0

    monkeypatch.setattr(serve_cli.subprocess, "call", call)
    result = cli("serve", "--port", "8123")
    assert "Serving" in result.stderr and ":8123/" in result.stderr
    assert ran["argv"][ran["argv"].index("--port") + 1] == "8123"
    assert ran["metadata"]["databases"]["claims"]["tables"]["claims"]["fts_table"] == "claims_fts"
    assert ran["page"].returncode == 0, ran["page"].stderr
    assert [r["id"] for r in json.loads(ran["page"].stdout)] == [3]


def test_serve_without_the_extra_says_how_to_get_it(ledger, cli, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "datasette" else real(name, *a))
    err = cli("serve", code=2).stderr
    assert err.strip() == "Error: serve: needs Datasette, an optional extra: pip install 'claimtrack[web]'"


def test_serve_refuses_a_file_that_is_not_a_ledger(cli, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a database", encoding="utf-8")
    assert "not a claimtrack database" in cli("serve", "--db", other, code=2).stderr


def test_metadata_for_a_copy_to_publish_leaves_the_copy_as_it_is(ledger, cli, tmp_path):
    import sqlite3

    copy = tmp_path / "public.db"
    sqlite3.connect(ledger).execute(f"VACUUM INTO '{copy}'")
    before = copy.read_bytes()
    printed = json.loads(cli("serve", "--metadata", "--db", copy).stdout)
    assert printed == metadata(copy) and list(printed["databases"]) == ["public"]
    assert copy.read_bytes() == before  # not opened: still one file, not switched to WAL
    status, rows = asyncio.run(_immutable(copy, printed))
    assert status == 200 and [r["id"] for r in rows] == [3]


async def _immutable(path, meta):
    ds = datasette_app.Datasette(immutables=[str(path)], metadata=meta)
    response = await ds.client.get("/public/claims.json?_search=ゼレンスキー&_shape=array")
    return response.status_code, response.json()


def test_serve_on_a_port_another_server_holds_says_so_first(ledger, cli):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        err = cli("serve", "--port", port, code=2).stderr
    assert err.startswith(f"Error: --port: cannot listen on 127.0.0.1:{port}")
    assert "Serving" not in err
