"""Importing a colleague's file merges its sources into this ledger's by
meaning: the same publication under another id or spelling is one source."""

from __future__ import annotations

import json


def _write(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_source_known_here_by_an_alias_is_merged_not_refused(cli, isolated_db, tmp_path):
    cli("sources", "add", "朝日新聞GLOBE+", "--id", "asahi-globe", "--alias", "Asahi Shimbun")
    theirs = _write(tmp_path / "theirs.jsonl",
                    {"type": "source", "id": "asahi", "name": "Asahi Shimbun", "domains": ["asahi.com"]},
                    {"key": "expo/visitors", "text": "来場者は2820万人", "source": "asahi", "value": "2820万人"})
    said = cli("import", str(theirs)).stdout
    assert "Imported 1 claim" in said and "1 source added or updated" in said
    (claim,) = cli.json("log")
    assert claim["source"] == "asahi-globe"
    source = cli.json("sources", "show", "asahi-globe")
    assert "asahi" in source["aliases"] and source["domains"] == ["asahi.com"]
    assert source["name"] == "朝日新聞GLOBE+"  # this ledger's own name stays
    assert [s["id"] for s in cli.json("sources", "list")] == ["asahi-globe"]
    again = cli("import", str(theirs)).stdout
    assert "0 sources added or updated" in again


def test_a_source_that_names_two_publications_here_is_an_error_naming_both(cli, isolated_db, tmp_path):
    cli("sources", "add", "NHK")
    cli("sources", "add", "Asahi Shimbun", "--id", "asahi")
    theirs = _write(tmp_path / "theirs.jsonl",
                    {"key": "k/x", "text": "before", "source": "NHK"},
                    {"type": "source", "id": "nhk", "name": "Asahi Shimbun"})
    refused = cli("import", str(theirs), code=2).stderr.strip()
    assert refused == (f"Error: {theirs}:2: id: source 'Asahi Shimbun' is two registered sources: 'nhk' by its "
                       "id 'nhk' and 'asahi' by its name 'Asahi Shimbun'; make them one source, in the file or in "
                       "the ledger, before importing")
    assert cli.json("log") == []  # the claim before it was not kept: all or nothing
