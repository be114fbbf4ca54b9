"""Report renderers: one report as terminal text, JSON, Markdown, CSV and HTML."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import unicodedata
from decimal import Decimal

import pytest
from rich.console import Console

from claimtrack.domain.model import Claim, Resolution, Value
from claimtrack.domain.rules import Report, check, summarize
from claimtrack.render import report

B = Decimal(1_000_000_000)
ANSI = re.compile(r"\x1b\[")


def usd(amount, raw, *, unit="USD", approx=False):
    return Value(kind="quantity", raw=raw, amount=Decimal(amount), unit=unit, approx=approx)


def cat(text):
    return Value(kind="categorical", raw=text, normalized=unicodedata.normalize("NFKC", text).casefold())


def day(iso, raw, offset=None):
    return Value(kind="date", raw=raw, date=iso, precision="day", offset=offset)


def claim(id, key, value=None, *, source, stance="asserts", text=None, quote=None, url=None, lang="ja",
          on="2025-03-01"):
    return Claim(
        id=id,
        key=key,
        text=text or (value.raw if value else f"claim {id}"),
        source=source.lower(),
        source_name=source,
        stance=stance,
        claimed_on=on,
        value=value,
        quote=quote,
        url=url,
        lang=lang,
    )


EVIL = '<script>alert("x")</script>'


def sample_claims() -> list[Claim]:
    """Claims sorted by key: a revision, a value, a categorical, a stance finding, a note, and mixed units."""
    return [
        claim(13, "expo/cost", usd(125 * B, "1250億円", unit="JPY"), source="Asahi", on="2018-12-01"),
        claim(14, "expo/cost", usd(185 * B, "1850億円", unit="JPY"), source="Nikkei", on="2020-12-01"),
        claim(1, "meeting/date", day("2025-03-01", "2025年3月1日10時", "+09:00"), source="Forbes Japan"),
        claim(2, "meeting/date", day("2025-02-28", "Feb 28, 2025, 8pm", "-05:00"), source="Reuters", lang="en"),
        claim(
            3,
            "minerals-deal/us-rights-value",
            usd(500 * B, "5000億ドル"),
            source="Forbes Japan",
            quote="米国が5000億ドル相当の鉱物資源の権利を得る",
            url="https://forbesjapan.com/articles/detail/77508",
        ),
        claim(
            4,
            "minerals-deal/us-rights-value",
            usd(350 * B, "$350B"),
            source="時事ドットコム",
            quote=f"a quote with {EVIL} and | pipes, \"quotes\", commas\nand a newline",
            url="javascript:alert(1)",
        ),
        claim(5, "minerals-deal/us-rights-value", usd(50, "50%", unit="%"), source="朝日新聞GLOBE+"),
        claim(6, "trump/title", cat("大統領"), source="時事ドットコム"),
        claim(7, "trump/title", cat("前大統領"), source="Forbes Japan"),
        claim(8, "trump/title", cat("前大統領"), source="朝日新聞GLOBE+"),
        claim(9, "zelensky/deal-signed", None, source="Forbes Japan", text="協定は署名されなかった"),
        claim(10, "zelensky/deal-signed", None, source="時事ドットコム", text="協定は署名されなかった"),
        claim(11, "zelensky/deal-signed", None, source="朝日新聞GLOBE+", stance="denies", text="協定は署名された"),
        claim(12, "zz/quiet", usd(1, "1 USD"), source="Nobody"),
    ]


RESOLVED = frozenset({"c-6-7"})


def make_report(claims: list[Claim], resolved: frozenset[str] = RESOLVED) -> Report:
    """A report as the report service makes one: keys with something to show,
    the summary over every key, and a resolution for each resolved id."""
    results = tuple(r for r in check(claims) if r.shows_something)
    summary = summarize(results, resolved, keys=len({c.key for c in claims}), claims=len(claims), set_aside=0)
    resolutions = {
        fid: Resolution(finding_id=fid, status="explained", note="checked", resolved_at="2025-03-02T00:00:00+00:00")
        for fid in resolved
    }
    return Report(results=results, summary=summary, resolutions=resolutions)


@pytest.fixture
def results() -> Report:
    return make_report(sample_claims())


def all_findings(rep: Report):
    return [f for r in rep.results for f in r.findings if f.category != "note"]


def written(writer, rep: Report) -> str:
    out = io.StringIO(newline="")
    writer(rep, out)
    return out.getvalue()


def test_sample_has_what_the_tests_expect(results):
    assert sorted(f.id for f in all_findings(results)) == ["c-6-7", "s-9-11", "v-3-4"]
    assert [n.id for r in results.results for n in r.findings if n.category == "note"] == ["t-1-2"]
    assert [(e.key, e.reason) for r in results.results for e in r.not_compared] == [
        ("minerals-deal/us-rights-value", "units")]
    assert [(s.before.id, s.after.id) for r in results.results for s in r.revisions] == [(13, 14)]


def test_every_format_is_a_writer():
    assert set(report.WRITERS) == {"terminal", "plain", "json", "markdown", "csv", "html"}


def test_plain_is_plain_even_in_a_terminal(results, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    plain = written(report.write_plain, results)
    assert not ANSI.search(plain) and plain.splitlines()[-1].startswith("summary: 6 keys")


# -- JSON ----------------------------------------------------------------------


def test_json_contract(results):
    data = json.loads(written(report.write_json, results))
    assert set(data) == {"contradictions", "not_compared", "revisions", "notes", "summary"}
    for item in data["contradictions"]:
        assert set(item) >= {"id", "key", "kind", "claims", "explanation", "resolved", "sources"}
        assert len(item["claims"]) == 2 and all(isinstance(i, int) for i in item["claims"])
        assert len(item["sources"]) == 2
    by_id = {c["id"]: c for c in data["contradictions"]}
    assert by_id["c-6-7"]["resolved"] is True and by_id["v-3-4"]["resolved"] is False
    assert by_id["c-6-7"]["resolution"]["note"] == "checked" and "resolution" not in by_id["v-3-4"]
    assert by_id["s-9-11"]["sources"] == [["Forbes Japan", "時事ドットコム"], ["朝日新聞GLOBE+"]]
    assert by_id["c-6-7"]["sources"] == [["時事ドットコム"], ["Forbes Japan", "朝日新聞GLOBE+"]]
    assert by_id["v-3-4"]["sides"] == [
        [{"source": "時事ドットコム", "claims": [4], "value": "$350B"}],
        [{"source": "Forbes Japan", "claims": [3], "value": "5000億ドル"}],
    ]
    assert data["not_compared"] == [
        {
            "key": "minerals-deal/us-rights-value",
            "claims": [3, 4, 5],
            "reason": "units",
            "details": ["%", "USD"],
            "explanation": data["not_compared"][0]["explanation"],
        }
    ]
    (revision,) = data["revisions"]
    assert revision["key"] == "expo/cost"
    (step,) = revision["steps"]
    assert (step["id"], step["from"], step["to"], step["sources"]) == ("r-13-14", 13, 14, ["Asahi", "Nikkei"])
    assert step["value_change"]["from"] == "1250億円" and step["value_change"]["ratio"] == "1.48"
    assert step["explanation"] == "1250億円 (Asahi, 2018-12-01) became 1850億円 (Nikkei, 2020-12-01), +48%."
    assert [n["id"] for n in data["notes"]] == ["t-1-2"]
    s = data["summary"]
    assert s["contradictions"] == 3 and s["resolved"] == 1 and s["unresolved"] == 2
    assert s["keys"] == 6 and s["claims"] == 14 and s["notes"] == 1
    assert s["not_compared"] == 1 and s["not_compared_by_reason"] == {"units": 1} and s["revisions"] == 1


def test_json_explanations_are_the_sentences_every_format_shows(results):
    data = json.loads(written(report.write_json, results))
    sentence = next(c["explanation"] for c in data["contradictions"] if c["id"] == "v-3-4")
    assert "Forbes Japan says 5000億ドル (USD 500,000,000,000)" in sentence
    assert sentence in written(report.write_markdown, results).replace("\\", "")
    assert sentence in written(report.write_csv, results)


def test_write_json_empty():
    data = json.loads(written(report.write_json, make_report([])))
    assert data["contradictions"] == [] and data["not_compared"] == [] and data["revisions"] == []
    assert data["summary"]["keys"] == 0


# -- CSV -----------------------------------------------------------------------


def test_csv_one_row_per_finding(results):
    rows = list(csv.reader(io.StringIO(written(report.write_csv, results), newline="")))
    assert tuple(rows[0]) == report.CSV_COLUMNS
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == len(all_findings(results)) + 1 == 4  # and the revision
    assert next(r for r in body if r["id"] == "r-13-14")["kind"] == "revision"
    value = next(r for r in body if r["id"] == "v-3-4")
    assert value["kind"] == "value" and {value["claim_a"], value["claim_b"]} == {"3", "4"}
    assert {value["source_a"], value["source_b"]} == {"Forbes Japan", "時事ドットコム"}
    assert next(r for r in body if r["id"] == "c-6-7")["resolved"] == "yes"
    assert next(r for r in body if r["id"] == "s-9-11")["sources_a"] == "Forbes Japan; 時事ドットコム"


# -- Markdown ------------------------------------------------------------------


def test_markdown_has_findings(results):
    md = written(report.write_markdown, results)
    for fid in ("v-3-4", "c-6-7", "s-9-11", "t-1-2"):
        assert f"`{fid}`" in md
    assert "## `minerals-deal/us-rights-value`" in md
    assert "Forbes Japan" in md and "時事ドットコム" in md and "前大統領" in md
    assert "resolved" in md
    assert "### Revisions" in md and "became 1850億円" in md
    assert "Not compared" not in md.split("## Summary")[0]  # counted, listed only with --all
    assert "1 set of claims not compared (units differ: 1)" in md
    listed = written(report.write_markdown, dataclasses.replace(results, list_not_compared=True))
    assert "### Not compared" in listed and "count different things (% vs USD)" in listed
    assert "## Summary" in md
    assert "<script>" not in md  # claim text is escaped
    assert "<https://forbesjapan.com/articles/detail/77508>" in md
    for line in md.splitlines():
        if line.startswith("| "):
            assert line.count(" | ") + 2 == 4 or line.startswith("|---"), line  # pipes in text are escaped


# -- HTML ----------------------------------------------------------------------


def render_html(rep: Report) -> str:
    return written(report.write_html, rep)


def test_html_escapes_claim_text(results):
    page = render_html(results)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page


def test_html_is_self_contained(results):
    page = render_html(results)
    urls = re.findall(r"https?://[^\s\"'<>]+", page)
    assert set(urls) == {"https://forbesjapan.com/articles/detail/77508"}
    assert '<a href="https://forbesjapan.com/articles/detail/77508"' in page
    lowered = page.lower()
    for forbidden in ("<link", "<script", "@import", "url(", "src=", "<iframe", "<img"):
        assert forbidden not in lowered
    assert 'href="javascript' not in lowered  # a non-web URL is text, not a link
    assert "javascript:alert(1)" in page


def test_html_structure_typography_and_print(results):
    page = render_html(results)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert '<html lang="en">' in page
    assert 'lang="ja"' in page and "Noto Sans JP" in page
    assert "@media print" in page
    assert page.count("<article") == 3 + 1 + 1 + 1  # findings, note, revisions, not compared
    assert 'id="r-13-14"' in page and "count different things" in page
    assert 'id="v-3-4"' in page
    assert page.rstrip().endswith("</html>")


def test_html_empty_report():
    page = render_html(make_report([]))
    assert "No unresolved contradictions" in page


# -- terminal ------------------------------------------------------------------


def test_plain_terminal_output_has_no_ansi(results):
    buf = io.StringIO()
    console = Console(file=buf, width=100, force_terminal=False)
    report.write_terminal(results, buf, console)
    text = buf.getvalue()
    assert not ANSI.search(text)
    for fid in ("v-3-4", "c-6-7", "s-9-11", "t-1-2"):
        assert fid in text
    assert "Forbes Japan" in text and "時事ドットコム" in text
    assert "米国が5000億ドル相当の鉱物資源の権利を得る" in text  # the quote
    assert "5000億ドル" in text and "2025-03-01" in text
    assert "REVISED r-13-14: 1250億円 (Asahi, 2018-12-01) became 1850億円" in text
    assert "NOT COMPARED" not in text and "list them with --all" in text and "zz/quiet" not in text
    assert text.splitlines()[-1].startswith("summary: 6 keys, 14 claims, 3 contradictions")
    assert "(resolved)" in text


def test_plain_when_no_color(results, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    buf = io.StringIO()
    report.write_terminal(results, buf, Console(file=buf, width=100, force_terminal=True))
    assert not ANSI.search(buf.getvalue())


def test_rich_terminal_output(results, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    buf = io.StringIO()
    console = Console(file=buf, width=120, force_terminal=True, color_system="standard")
    report.write_terminal(results, buf, console)
    text = ANSI.sub("\x1b[", buf.getvalue())
    plain_text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert ANSI.search(buf.getvalue())
    for fid in ("v-3-4", "c-6-7", "s-9-11", "t-1-2"):
        assert fid in plain_text
    assert "minerals-deal/us-rights-value" in plain_text
    assert EVIL in plain_text.replace("\n", "") or "<script>" in plain_text  # shown literally, not as markup
    assert "summary:" in plain_text


def test_terminal_writes_control_sequences_in_claim_text_out(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    hostile = "\x1b]0;pwned\x07\x1b[2J大統領"
    res = make_report(
        [
            claim(1, "t", cat(hostile), source="A\x1b[5mB"),
            claim(2, "t", cat("前大統領"), source="C", quote="q\x1b[31m"),
        ]
    )
    for force in (False, True):
        buf = io.StringIO()
        report.write_terminal(res, buf, Console(file=buf, width=100, force_terminal=force))
        out = buf.getvalue()
        assert "\x1b]" not in out and "\x07" not in out and "\x1b[2J" not in out and "\x1b[5m" not in out
        assert "pwned" in out and "A\\x1b[5mB" in out  # the ESC byte written out: inert, and visible
        if not force:
            assert not ANSI.search(out)
