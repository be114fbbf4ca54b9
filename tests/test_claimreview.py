"""ClaimReview JSON-LD: our claims and decisions out, anyone's fact checks in."""

from __future__ import annotations

import copy
import io
import json

import pytest

from claimtrack.domain.claimreview import read, review
from claimtrack.domain.model import Claim, Resolution, Source, Value
from claimtrack.errors import ClaimtrackError

DESK = "Claimtrack Desk"
UID_A = "0192a0b1c2d3e4f5a6b7c8d9e0f1a2b3"
UID_B = "0192a0b1c2d3e4f5a6b7c8d9e0f1a2b4"
REUTERS = Source(id="reuters", name="Reuters")
JIJI = Source(id="jiji", name="時事ドットコム")

CLAIM_A = Claim(
    id=12, uid=UID_A, key="minerals-deal/us-share", text="The US will receive $500 billion from the minerals deal.",
    source="reuters", source_name="Reuters", speaker="Donald Trump", url="https://www.reuters.com/world/a1",
    claimed_on="2025-03-01", value=Value(kind="quantity", raw="$500 billion"), qualifiers={"scope": "total"},
    note="said at a press briefing", lang="en",
)
CLAIM_B = Claim(
    id=40, uid=UID_B, key="minerals-deal/us-share", text="米国の取り分は3500億ドル", source="jiji",
    source_name="時事ドットコム", claimed_on="2025-03-02", value=Value(kind="quantity", raw="3500億ドル"), lang="ja",
)
WRONG = Resolution(
    finding_id="v-12-40", status="wrong-claim", claim_id=12, note="The signed text caps the fund at $350B.",
    resolved_by="kenji", resolved_at="2025-03-05T10:00:00.000000+00:00", uid="0192a0b1c2d3e4f5a6b7c8d9e0f1a2ff",
)
PAIR = (UID_A, UID_B)


def exported(decision: Resolution = WRONG) -> list[dict]:
    return [
        review(CLAIM_A, REUTERS, decision, PAIR, DESK, "https://desk.example.org/checks/minerals-a"),
        review(CLAIM_B, JIJI, decision, PAIR, DESK, "https://desk.example.org/checks/minerals-b"),
    ]


def records(doc, default_key=None) -> list[dict]:
    return [record for _, record in read(doc, default_key)]


def of_type(found: list[dict], kind: str) -> list[dict]:
    return [r for r in found if r["type"] == kind]


def import_records(conn, found: list[dict]):
    from claimtrack.services.transfer import import_stream

    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in found).encode("utf-8")
    return import_stream(conn, io.BytesIO(lines), "reviews.jsonl", fmt="jsonl")


# -- out ---------------------------------------------------------------------


def test_export_has_every_property_google_requires_or_recommends():
    out = exported()[0]
    assert out["@context"] == "https://schema.org" and out["@type"] == "ClaimReview"
    for required in ("url", "claimReviewed", "reviewRating"):
        assert out[required]
    for recommended in ("author", "datePublished", "itemReviewed"):
        assert out[recommended]
    assert out["author"] == {"@type": "Organization", "name": DESK, "url": "https://desk.example.org/"}
    item = out["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Donald Trump"}
    assert item["datePublished"] == "2025-03-01"
    assert item["appearance"] == {
        "@type": "CreativeWork", "url": "https://www.reuters.com/world/a1",
        "publisher": {"@type": "Organization", "name": "Reuters"},
    }
    rating = out["reviewRating"]
    assert rating["alternateName"]  # required
    assert {"ratingValue", "bestRating", "worstRating", "name"} <= rating.keys()  # recommended
    assert rating["bestRating"] > rating["worstRating"] >= 1
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert out["reviewBody"] == WRONG.note
    assert out["inLanguage"] == "en"
    json.dumps(out)  # plain JSON


def test_a_claim_without_speaker_is_its_sources_and_a_period_is_not_a_day():
    claim = Claim(id=40, uid=UID_B, key="k", text="t", source="jiji", claimed_on="2025-04-01/2026-03-31")
    out = review(claim, JIJI, WRONG, PAIR, DESK, "https://desk.example.org/b")
    assert out["itemReviewed"]["author"] == {"@type": "Organization", "name": "時事ドットコム"}
    assert "datePublished" not in out["itemReviewed"]
    assert "url" not in out["itemReviewed"]["appearance"]
    (back,) = of_type(records(out), "claim")
    assert back["claimed_on"] == "2025-04-01/2026-03-31"


def test_the_wrong_claim_gets_the_worst_rating_and_the_other_claim_does_not():
    wrong, other = exported()
    assert wrong["reviewRating"]["ratingValue"] == wrong["reviewRating"]["worstRating"]
    assert wrong["reviewRating"]["alternateName"] == "Wrong"
    assert other["reviewRating"]["ratingValue"] > other["reviewRating"]["worstRating"]
    assert other["reviewRating"]["ratingValue"] < other["reviewRating"]["bestRating"]  # not checked, not true
    assert "wrong" in other["reviewRating"]["alternateName"].lower()
    assert other["reviewRating"]["alternateName"] != "Wrong"


@pytest.mark.parametrize("status, words", [("explained", "Explained"), ("accepted", "Accepted")])
def test_explained_and_accepted_say_so(status, words):
    decision = Resolution(finding_id="v-12-40", status=status, note="n", resolved_at="2025-03-05T10:00:00+00:00")
    for out in exported(decision):
        assert out["reviewRating"]["alternateName"] == words


def test_a_claim_outside_the_decision_is_refused():
    stranger = Claim(id=7, uid="f" * 32, key="k", text="t")
    with pytest.raises(ClaimtrackError) as err:
        review(stranger, None, WRONG, PAIR, DESK, "https://desk.example.org/x")
    assert err.value.field == "claim_id"


# -- our export back ---------------------------------------------------------------


def test_our_export_reads_back_as_the_same_claims_and_decision():
    found = records(exported())
    assert [r["type"] for r in found] == ["source", "claim", "source", "claim", "resolution"]
    assert of_type(found, "source") == [
        {"type": "source", "id": "reuters", "name": "Reuters"},
        {"type": "source", "id": "jiji", "name": "時事ドットコム"},
    ]
    a, b = of_type(found, "claim")
    for back, claim in ((a, CLAIM_A), (b, CLAIM_B)):
        for name in ("key", "text", "uid", "source", "speaker", "url", "claimed_on", "lang", "note"):
            assert back.get(name) == getattr(claim, name), name
        assert back["value"] == claim.value.raw
        assert back.get("qualifiers", {}) == claim.qualifiers
    (decision,) = of_type(found, "resolution")
    assert decision == {
        "type": "resolution", "finding_id": f"v-{a['id']}-{b['id']}", "status": "wrong-claim", "claim_id": a["id"],
        "note": WRONG.note, "resolved_by": "kenji", "resolved_at": WRONG.resolved_at, "uid": WRONG.uid,
        "claim_uids": [UID_A, UID_B],
    }


def test_a_decision_waits_for_its_second_claim_and_comes_once():
    wrong, other = exported()
    found = records([other, wrong, copy.deepcopy(other)])
    assert [r["type"] for r in found] == ["source", "claim", "source", "claim", "resolution"]
    (decision,) = of_type(found, "resolution")
    b, a = of_type(found, "claim")
    assert decision["finding_id"] == f"v-{b['id']}-{a['id']}"  # lowest file id first
    assert decision["claim_uids"] == [UID_B, UID_A]
    assert decision["claim_id"] == a["id"]


def test_a_decision_whose_other_claim_is_not_in_the_document_is_left_out():
    found = records(exported()[0])
    assert of_type(found, "resolution") == []
    assert len(of_type(found, "claim")) == 1


def test_our_export_imports_into_the_ledger_it_came_from_as_nothing_new(conn):
    ledger = [{"type": "source", **REUTERS.to_json()}, {"type": "source", **JIJI.to_json()},
              {"type": "claim", **CLAIM_A.to_json()}, {"type": "claim", **CLAIM_B.to_json()},
              {"type": "resolution", **WRONG.to_json(), "claim_uids": list(PAIR)}]
    first = import_records(conn, ledger)
    assert (first.claims_added, first.resolutions_added) == (2, 1)
    again = import_records(conn, records(exported()))
    assert (again.claims_added, again.claims_skipped, again.resolutions_added) == (0, 2, 0)
    assert again.resolutions_skipped == 1


def test_our_export_imports_into_an_empty_ledger(conn):
    result = import_records(conn, records(exported()))
    assert (result.claims_added, result.resolutions_added) == (2, 1)
    row = conn.execute("SELECT finding_id, status, claim_id, uid FROM resolutions").fetchone()
    ids = dict(conn.execute("SELECT uid, id FROM claims").fetchall())
    assert tuple(row) == (f"v-{ids[UID_A]}-{ids[UID_B]}", "wrong-claim", ids[UID_A], WRONG.uid)


# -- anyone's fact checks -------------------------------------------------------------

POLITIFACT = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://www.politifact.com/factchecks/2024/may/02/jane-doe/wind-turbines-whales/",
    "datePublished": "2024-05-02",
    "author": {"@type": "Organization", "name": "PolitiFact", "url": "https://www.politifact.com/"},
    "claimReviewed": "Wind turbines are killing whales off the East Coast.",
    "reviewBody": "Federal scientists found no link between offshore wind work and whale deaths.",
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Jane Doe"},
        "datePublished": "2024-04-20T14:30:00-04:00",
        "appearance": [{"@type": "CreativeWork", "url": "https://www.facebook.com/janedoe/posts/1",
                        "publisher": {"@type": "Organization", "name": "Facebook"}}],
    },
    "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "6", "worstRating": "1",
                     "alternateName": "False"},
}

FIJ = {
    "@context": ["https://schema.org", {"@language": "ja"}],
    "@type": ["ClaimReview"],
    "url": "https://www.factcheckcenter.jp/fact-check/disaster/noto-earthquake-artificial/",
    "datePublished": "2024-01-05T18:00:00+09:00",
    "inLanguage": "ja",
    "author": [{"@type": "Organization", "name": "日本ファクトチェックセンター"}],
    "claimReviewed": "能登半島地震は人工地震だった",
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "X(旧Twitter)の投稿"},
        "datePublished": "2024-01-02",
        "appearance": "https://x.com/someone/status/1742000000000000000",
    },
    "reviewRating": {"@type": "Rating", "alternateName": "誤り"},
}


def test_a_politifact_false_is_a_denial_and_a_decision_by_politifact():
    found = records(POLITIFACT)
    assert of_type(found, "source") == [
        {"type": "source", "id": "facebook", "name": "Facebook"},
        {"type": "source", "id": "politifact", "name": "PolitiFact"},
    ]
    claim, verdict = of_type(found, "claim")
    assert claim["key"] == verdict["key"] == "claimreview/politifact/wind-turbines-are-killing-whales-off-the-east"
    assert claim["text"] == POLITIFACT["claimReviewed"]
    assert (claim["speaker"], claim["source"]) == ("Jane Doe", "facebook")
    assert (claim["url"], claim["claimed_on"]) == ("https://www.facebook.com/janedoe/posts/1", "2024-04-20")
    assert claim.get("stance", "asserts") == "asserts"
    assert verdict["text"] == "PolitiFact: False"
    assert (verdict["source"], verdict["stance"], verdict["claimed_on"]) == ("politifact", "denies", "2024-05-02")
    assert verdict["url"] == POLITIFACT["url"]
    (decision,) = of_type(found, "resolution")
    assert decision["finding_id"] == f"s-{claim['id']}-{verdict['id']}"
    assert (decision["status"], decision["claim_id"]) == ("wrong-claim", claim["id"])
    assert decision["note"].startswith("False: Federal scientists")
    assert (decision["resolved_by"], decision["resolved_at"]) == ("PolitiFact", "2024-05-02T00:00:00+00:00")
    assert decision["claim_uids"] == [claim["uid"], verdict["uid"]]
    assert all(len(r["uid"]) == 32 for r in (claim, verdict, decision))


def test_a_japanese_review_rated_誤り_reads_false():
    found = records(FIJ)
    claim, verdict = of_type(found, "claim")
    assert claim["source"] == slug_of(found, "X(旧Twitter)の投稿")
    assert claim["url"] == "https://x.com/someone/status/1742000000000000000"
    assert "speaker" not in claim
    assert verdict["text"] == "日本ファクトチェックセンター: 誤り"
    assert (verdict["stance"], verdict["lang"]) == ("denies", "ja")
    assert claim["lang"] == "ja"
    (decision,) = of_type(found, "resolution")
    assert decision["resolved_at"] == "2024-01-05T18:00:00+09:00"
    assert decision["note"] == "誤り"


def slug_of(found: list[dict], name: str) -> str:
    return next(r["id"] for r in of_type(found, "source") if r["name"] == name)


def with_rating(**rating) -> dict:
    doc = copy.deepcopy(POLITIFACT)
    doc["reviewRating"] = {"@type": "Rating", **rating}
    return doc


@pytest.mark.parametrize("rating, false", [
    ({"ratingValue": 1, "bestRating": 5, "worstRating": 1}, True),
    ({"ratingValue": 1, "bestRating": 1, "worstRating": 5}, False),  # low numbers are good here
    ({"ratingValue": "5", "bestRating": "1", "worstRating": "5"}, True),
    ({"ratingValue": "1"}, True),  # schema.org's defaults: 1 to 5
    ({"ratingValue": 3, "bestRating": 5, "worstRating": 1}, False),
    ({"alternateName": "Pants on Fire!"}, True),
    ({"alternateName": "Misleading"}, True),
    ({"alternateName": "Half True"}, False),
    ({"alternateName": "Mostly False"}, False),
    ({"alternateName": "Mostly True"}, False),
    ({"alternateName": "Correct"}, False),
    ({"alternateName": "虚偽"}, True),
    ({"alternateName": "ほぼ正確"}, False),
    ({"alternateName": "正確"}, False),
    ({"name": "Incorrect"}, True),
])
def test_rating_scales_and_words(rating, false):
    found = records(with_rating(**rating))
    verdict = of_type(found, "claim")[1]
    assert verdict["stance"] == ("denies" if false else "asserts")
    assert len(of_type(found, "resolution")) == (1 if false else 0)


def test_a_rating_without_words_is_told_by_its_number():
    verdict = of_type(records(with_rating(ratingValue=2, bestRating=10, worstRating=1)), "claim")[1]
    assert verdict["text"] == "PolitiFact: 2 on a scale from 1 to 10"
    assert verdict["stance"] == "denies"


@pytest.mark.parametrize("doc", [
    POLITIFACT,
    [POLITIFACT],
    {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "page"}, POLITIFACT]},
    {**POLITIFACT, "@type": "schema:ClaimReview", "@context": {"schema": "https://schema.org/"}},
])
def test_a_review_reads_the_same_however_it_is_wrapped(doc):
    assert records(doc) == records(POLITIFACT)


@pytest.mark.parametrize("appearance", [
    {"@type": "CreativeWork", "url": "https://www.facebook.com/janedoe/posts/1"},
    [{"@type": "CreativeWork", "url": "https://www.facebook.com/janedoe/posts/1"}, "https://example.com/2"],
    "https://www.facebook.com/janedoe/posts/1",
    ["https://www.facebook.com/janedoe/posts/1"],
])
def test_appearance_as_object_list_or_url(appearance):
    doc = copy.deepcopy(POLITIFACT)
    doc["itemReviewed"]["appearance"] = appearance
    claim = of_type(records(doc), "claim")[0]
    assert claim["url"] == "https://www.facebook.com/janedoe/posts/1"
    # Filed where it appeared, by its address's domain (merged on import into the ledger's source for it),
    # never under the fact-checker: its verdict would then contradict itself from one source.
    assert claim["source"] == "facebook-com"
    source = next(r for r in of_type(records(doc), "source") if r["id"] == "facebook-com")
    assert source["domains"] == ["facebook.com"]


def test_a_claim_that_appeared_nowhere_known_is_filed_under_who_made_it():
    doc = copy.deepcopy(POLITIFACT)
    del doc["itemReviewed"]["appearance"]
    found = records(doc)
    claim, verdict = of_type(found, "claim")
    assert claim["source"] != verdict["source"] == "politifact"
    assert next(r for r in of_type(found, "source") if r["id"] == claim["source"])["kind"] == "person"


def test_a_mostly_false_is_the_middle_of_any_scale():
    doc = copy.deepcopy(POLITIFACT)
    doc["reviewRating"] = {"@type": "Rating", "ratingValue": 2, "bestRating": 6, "worstRating": 1,
                           "alternateName": "Mostly False"}
    assert of_type(records(doc), "resolution") == []
    assert of_type(records(doc), "claim")[1]["stance"] == "asserts"


@pytest.mark.parametrize("author", ["PolitiFact", ["PolitiFact"], [{"@type": "Organization", "name": "PolitiFact"}]])
def test_review_author_as_text_list_or_object(author):
    doc = {**POLITIFACT, "author": author}
    assert of_type(records(doc), "claim")[1]["text"] == "PolitiFact: False"


def test_a_default_key_is_used_for_foreign_claims():
    found = records(POLITIFACT, default_key="offshore-wind/whales")
    assert {r["key"] for r in of_type(found, "claim")} == {"offshore-wind/whales"}


def test_reading_twice_gives_the_same_uids_and_importing_twice_records_nothing_new(conn):
    doc = [POLITIFACT, FIJ]
    first, second = records(doc), records(copy.deepcopy(doc))
    assert first == second
    assert len({r["uid"] for r in first if "uid" in r}) == 6
    added = import_records(conn, first)
    assert (added.claims_added, added.resolutions_added) == (4, 2)
    again = import_records(conn, second)
    assert (again.claims_added, again.resolutions_added) == (0, 0)


# -- bad input -------------------------------------------------------------------


def test_a_review_without_claimreviewed_names_it_and_its_place():
    broken = {k: v for k, v in FIJ.items() if k != "claimReviewed"}
    with pytest.raises(ClaimtrackError) as err:
        records([POLITIFACT, broken])
    assert (err.value.field, err.value.line) == ("claimReviewed", 2)
    assert "claimReviewed" in str(err.value)


def test_an_item_that_is_not_an_object_is_refused():
    with pytest.raises(ClaimtrackError) as err:
        records([POLITIFACT, "False"])
    assert err.value.line == 2


@pytest.mark.parametrize("rating", [{"@type": "Rating", "ratingValue": {"x": 1}}, {"@type": "Rating"}, [True]])
def test_a_rating_that_is_neither_a_number_nor_words_is_refused(rating):
    with pytest.raises(ClaimtrackError) as err:
        records({**POLITIFACT, "reviewRating": rating})
    assert (err.value.field, err.value.line) == ("reviewRating", 1)
