"""`claimtrack demo` and the example data shipped with the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest


def test_demo_shows_claims_diff_and_report_without_touching_the_users_database(cli, isolated_db):
    out = cli("demo").stdout
    for name in ("forbes-japan", "jiji", "asahi-globe"):
        assert name in out
    assert "米国が5000億ドル相当の鉱物資源の権利を得る" in out
    assert "USD 500,000,000,000 → 50% (incomparable: USD → %)" in out
    assert "大統領" in out and "前大統領" in out and "summary:" in out
    assert "claimtrack log --db " in out
    # The second story shows a revision and a reason claims were not compared.
    assert "REVISED r-1-2: 1250億円 (Asahi Shimbun, 2018-11-24) became 1850億円 (Nikkei, 2020-12-21), +48%." in out
    assert "NOT COMPARED [qualifiers differ]: Claims #33, #34 would disagree" in out
    assert not isolated_db.exists()


def test_example_data_keeps_the_digests_tensions(cli, seeded):
    claims = cli.json("log")
    assert len(claims) >= 20
    assert {c["source"] for c in claims} == {"forbes-japan", "jiji", "asahi-globe"}
    speakers = {c["speaker"] for c in claims}
    assert {"Trump", "Zelensky", "Starmer", "Macron", "舛添要一"} <= speakers
    share = {c["value"]["raw"] for c in cli.json("log", "minerals-deal/us-share")}
    assert share == {"5000億ドル", "50%"}
    titles = {c["value"]["normalized"] for c in cli.json("log", "trump/title")}
    assert titles == {"大統領", "前大統領"}
    meeting = cli.json("log", "meeting/date")[0]["value"]
    assert meeting["kind"] == "date" and meeting["date"] == "2025-03-01"
    assert all(c["url"] and c["note"] for c in claims)


@pytest.mark.slow
def test_the_wheel_ships_the_example_data(tmp_path):
    """`pip install .` (not editable) must be enough for `claimtrack demo`."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(root)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("claimtrack-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"claimtrack/data/seed-digest.jsonl", "claimtrack/data/expo-2025.jsonl"} <= set(names)
    assert "claimtrack/cli/app.py" in names
