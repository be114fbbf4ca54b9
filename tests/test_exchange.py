"""Taking a ledger elsewhere: CSV both ways, and ClaimReview out and in, through the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from claimtrack.services.transfer import CSV_COLUMNS

HOSTILE = "=HYPERLINK(\"http://evil.example\",\"click\")"


@pytest.fixture
def ledger(cli):
    """Sources, a unit word, a pinned rate, claims of every shape, and decisions."""
    cli("sources", "add", "NHK", "--alias", "日本放送協会", "--domain", "nhk.or.jp")
    cli("sources", "add", "Osaka Tabi Blog", "--kind", "other")
    cli("units", "alias", "来場者数", "people")
    cli("rates", "pin", "USDJPY=150")
    cli("add", "expo/opening-date", "大阪・関西万博が2025年4月13日に開幕", "--source", "nhk",
        "--value", "2025年4月13日", "--date", "2025-04-13", "--url", "https://www3.nhk.or.jp/news/a.html")   # 1
    cli("add", "expo/opening-date", "万博は4月12日に開幕した", "--source", "osaka-tabi-blog",
        "--value", "4月12日", "--date", "2025-04-14", "--lang", "ja")                                      # 2
    cli("add", "expo/budget", "FY2025 budget", "--source", "nhk", "--value", "FY2025", "--fiscal-year", "us",
        "--date", "2025-01-10", "--qualifier", "scope=venue; incl. roads", "--qualifier", "basis=a=b")   # 3
    cli("add", "expo/formula", HOSTILE, "--source", "nhk", "--note", "-2+3", "--said-by", "@handle",
        "--quote", "indented\x1b[2J")                                                                      # 4
    cli("add", "expo/visitors", "来場者は約2558万人", "--source", "nhk", "--value", "約2558万人",
        "--date", "2025-10-14")                                                                              # 5
    cli("add", "expo/visitors", "来場者は約2558万人", "--source", "nhk", "--value", "約2558万人",
        "--date", "2025-10-14", "--supersedes", "5", "--note", "same figure, with the source's page")      # 6
    cli("resolve", "d-1-2", "--status", "wrong-claim", "--claim", "2", "--note", "The blog misdated it",
        "--by", "Desk A")
    return cli


def test_csv_export_imports_back_to_the_same_ledger(ledger, tmp_path):
    path = tmp_path / "ledger.csv"
    ledger("export", "--format", "csv", "-o", path)
    copy = tmp_path / "copy.db"
    ledger("import", path, "--db", copy)
    original = ledger("export").stdout
    assert ledger("export", "--db", copy).stdout == original
    assert ledger("verify", "--db", copy).exit_code == 0


def test_csv_has_one_row_a_record_with_every_field(ledger, tmp_path):
    rows = list(csv.DictReader(io.StringIO(ledger("export", "--format", "csv").stdout)))
    assert list(rows[0]) == CSV_COLUMNS
    assert [r["type"] for r in rows].count("claim") == 6
    assert {r["type"] for r in rows} == {"source", "unit", "rate", "claim", "resolution"}
    visitors = next(r for r in rows if r["id"] == "5")
    assert (visitors["value"], visitors["value_amount"], visitors["value_unit"], visitors["value_approx"]) == (
        "約2558万人", "25580000", "人", "true")
    budget = next(r for r in rows if r["id"] == "3")
    assert json.loads(budget["qualifiers"]) == {"basis": "a=b", "scope": "venue; incl. roads"}
    assert budget["value_start"] == "2024-10-01"  # the US fiscal year it was read as
    decision = next(r for r in rows if r["type"] == "resolution")
    assert (decision["finding_id"], decision["status"], decision["claim_id"]) == ("d-1-2", "wrong-claim", "2")


def test_csv_cells_a_spreadsheet_would_run_start_with_a_quote(ledger, tmp_path):
    path = tmp_path / "ledger.csv"
    ledger("export", "--format", "csv", "-o", path)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    formula = next(r for r in rows if r["id"] == "4")
    assert formula["text"] == "'" + HOSTILE
    assert formula["note"] == "'-2+3"
    assert formula["speaker"] == "'@handle"
    assert formula["quote"] == "indented\x1b[2J"  # kept exactly: CSV has no escapes
    assert next(r for r in rows if r["type"] == "rate")["rate"] == "150"  # a number stays a number
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) or (cell.startswith("-") and not
                   cell.lstrip("-").replace(".", "").isdigit()) for r in rows for cell in r.values())


def test_a_csv_written_by_hand_still_imports(cli, tmp_path):
    path = tmp_path / "hand.csv"
    path.write_text("key,text,source,value,qualifiers\n"
                    "expo/cost,'=2350億円 was the cap,nhk,2350億円,scope=venue; year=2023\n", encoding="utf-8")
    cli("sources", "add", "NHK")
    cli("import", path)
    claim = cli.json("show", "1")
    assert claim["text"] == "=2350億円 was the cap"
    assert claim["qualifiers"] == {"scope": "venue", "year": "2023"}
    assert claim["value"]["amount"] == "235000000000"


def test_csv_with_a_reading_that_is_not_its_raw_text_is_refused(ledger, tmp_path):
    rows = list(csv.reader(io.StringIO(ledger("export", "--format", "csv").stdout)))
    at = rows[0].index("value_amount")
    claim = next(r for r in rows if r[0] == "claim" and r[rows[0].index("id")] == "5")
    claim[at] = "2558000"  # a tenfold slip in the reading
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path / "edited.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    err = ledger("import", path, "--db", tmp_path / "other.db", code=2).stderr
    line = next(i for i, r in enumerate(rows, start=1) if r is claim)
    assert err.startswith(f"Error: {path}:{line}: value: amount '2558000' is not how '約2558万人' reads")
    assert not (tmp_path / "other.db").exists()


def test_report_csv_carries_each_claims_text_and_url_and_is_spreadsheet_safe(cli):
    cli("sources", "add", "NHK")
    cli("sources", "add", "Blog")
    cli("add", "expo/cost", "=SUM(A1:A9) 2350億円", "--source", "nhk", "--value", "2350億円",
        "--url", "https://www3.nhk.or.jp/news/b.html", "--date", "2023-10-20")
    cli("add", "expo/cost", "+23500億円", "--source", "blog", "--value", "23500億円", "--date", "2023-10-21")
    rows = list(csv.DictReader(io.StringIO(cli("report", "--format", "csv").stdout)))
    row = next(r for r in rows if r["kind"] == "value")
    assert row["text_a"] == "'=SUM(A1:A9) 2350億円" and row["text_b"] == "'+23500億円"
    assert row["url_a"] == "https://www3.nhk.or.jp/news/b.html" and row["url_b"] == ""
    assert row["claim_a"] == "1"  # plain numbers stay numbers


# -- ClaimReview ---------------------------------------------------------------

REVIEW_OPTIONS = ("--format", "claimreview", "--publisher", "Example Desk",
                  "--url-template", "https://factcheck.example.org/claims/{id}")


def test_claimreview_export_has_a_review_for_each_claim_a_decision_names(ledger):
    reviews = json.loads(ledger("export", *REVIEW_OPTIONS).stdout)
    assert [r["url"] for r in reviews] == ["https://factcheck.example.org/claims/1",
                                           "https://factcheck.example.org/claims/2"]
    wrong = reviews[1]
    assert wrong["@type"] == "ClaimReview" and wrong["claimReviewed"] == "万博は4月12日に開幕した"
    assert wrong["reviewRating"]["alternateName"] == "Wrong" and wrong["reviewRating"]["ratingValue"] == 1
    assert wrong["reviewBody"] == "The blog misdated it"
    assert wrong["author"]["name"] == "Example Desk" and wrong["inLanguage"] == "ja"
    assert wrong["itemReviewed"]["author"] == {"@type": "Organization", "name": "Osaka Tabi Blog"}
    assert wrong["itemReviewed"]["datePublished"] == "2025-04-14"
    assert reviews[0]["itemReviewed"]["appearance"]["url"] == "https://www3.nhk.or.jp/news/a.html"
    assert reviews[0]["reviewRating"]["ratingValue"] > 1  # the other claim was not found wrong


def test_claimreview_export_round_trips_its_claims_and_decision(ledger, tmp_path):
    path = tmp_path / "reviews.jsonld"
    ledger("export", *REVIEW_OPTIONS, "-o", path)
    again = ledger("import", path).stdout
    assert "Imported 0 claims" in again and "2 already recorded" in again
    other = tmp_path / "other.db"
    assert "2 claims" in ledger("import", path, "--db", other).stdout
    history = ledger.json("history", "2", "--db", other)
    assert [d["status"] for d in history["decisions"]] == ["wrong-claim"]
    assert history["decisions"][0]["note"] == "The blog misdated it"
    assert ledger.json("show", "2", "--db", other)["marked_wrong"]


def test_claimreview_export_needs_a_publisher_and_an_address_for_each_review(ledger):
    err = ledger("export", "--format", "claimreview", "--url-template", "https://x.example/{id}", code=2).stderr
    assert err.startswith("Error: --publisher: is needed with --format claimreview")
    err = ledger("export", "--format", "claimreview", "--publisher", "D", "--url-template", "https://x.example/a",
                 code=2).stderr
    assert err.startswith("Error: --url-template: is needed with --format claimreview, with {id}")
    err = ledger("export", "--format", "claimreview", "--publisher", "D", "--url-template", "factcheck/{id}",
                 code=2).stderr
    assert "is not a web address" in err
    assert ledger("export", "--publisher", "D", code=2).stderr.startswith(
        "Error: --publisher: is for --format claimreview only")


FOREIGN = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://www.politifact.example/factchecks/2025/mar/03/minerals/",
    "claimReviewed": "Ukraine agreed to give the US $500 billion in mineral rights",
    "datePublished": "2025-03-03",
    "author": {"@type": "Organization", "name": "PolitiFact"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Donald Trump"},
        "datePublished": "2025-02-24",
        "appearance": [{"@type": "CreativeWork", "url": "https://www.whitehouse.example/remarks/2025/02/24/"}],
    },
    "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "6", "worstRating": "1",
                     "alternateName": "False"},
}


def test_another_fact_checkers_false_is_its_denial_and_its_decision(cli, tmp_path):
    path = tmp_path / "politifact.json"
    path.write_text(json.dumps({"@graph": [FOREIGN]}), encoding="utf-8")
    out = cli("import", path, "--new-sources").stdout  # told apart from claimtrack's JSON by its @ fields
    assert "Imported 2 claims" in out and "1 resolution added" in out
    claims = {c["id"]: c for c in cli.json("log")}
    reviewed = next(c for c in claims.values() if c["speaker"] == "Donald Trump")
    verdict = next(c for c in claims.values() if c is not reviewed)
    assert verdict["stance"] == "denies" and verdict["source_name"] == "PolitiFact"
    # Filed where it appeared (the White House's domain), not under the fact-checker: the report sees two
    # sources disagree, not PolitiFact contradicting itself.
    assert reviewed["source"] == "whitehouse-example"
    assert reviewed["marked_wrong"] and reviewed["key"] == verdict["key"]
    assert "Imported 0 claims" in cli("import", path).stdout  # the same file twice: nothing new


def test_a_bad_review_names_its_place_and_changes_nothing(cli, tmp_path, isolated_db):
    broken = {**FOREIGN}
    del broken["claimReviewed"]
    path = tmp_path / "reviews.jsonld"
    path.write_text(json.dumps([FOREIGN, broken]), encoding="utf-8")
    err = cli("import", path, "--new-sources", code=2).stderr
    assert err.startswith(f"Error: {path}:2: claimReviewed: is required")
    assert not isolated_db.exists()  # the ledger this import would have made is not left behind


def test_csv_as_a_spreadsheet_saves_it_still_imports(ledger, tmp_path):
    rows = list(csv.reader(io.StringIO(ledger("export", "--format", "csv").stdout)))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("value_approx")]:
            row[header.index("value_approx")] = row[header.index("value_approx")].upper()  # TRUE, FALSE
        if row[header.index("value_amount")] == "25580000":
            row[header.index("value_amount")] = "2.558E+07"  # a number shown in scientific notation
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "saved.csv"
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    copy = tmp_path / "copy.db"
    ledger("import", path, "--db", copy)
    assert ledger("export", "--db", copy).stdout == ledger("export").stdout


def test_csv_separated_by_semicolons_is_named_as_such(cli, tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("key;text;source\nexpo/cost;2350億円;nhk\n", encoding="utf-8")
    assert cli("import", path, code=2).stderr.startswith(f"Error: {path}:1: the header is one column holding ';'")


def test_claimreview_addresses_are_one_per_claim(ledger):
    err = ledger("export", "--format", "claimreview", "--publisher", "D", "--url-template",
                 "https://x.example/?q={key}", code=2).stderr
    assert "with {id} or {uid} in it" in err  # claims under one key would share an address
    err = ledger("export", "--format", "claimreview", "--publisher", "D", "--url-template",
                 "https://x.example/{id}/{slug}", code=2).stderr
    assert err.startswith("Error: --url-template: {slug} is not a placeholder")
    reviews = json.loads(ledger("export", "--format", "claimreview", "--publisher", "D", "--url-template",
                                "https://x.example/{key}/{id}").stdout)
    assert reviews[0]["url"] == "https://x.example/expo/opening-date/1"


def test_claimreview_export_of_a_ledger_without_decisions_says_so(cli):
    cli("add", "x/y", "a claim", "--source", "nhk", "--new-source")
    result = cli("export", *REVIEW_OPTIONS)
    assert json.loads(result.stdout) == []
    assert "No claim has a decision yet" in result.stderr
