"""Time the pure diff of one key with many claims.

    python benchmarks/diff_bench.py [--claims 10000] [--repeat 5]

Builds ``n`` claims under one key whose texts drift the way a story does as
it travels: a word or a few characters changed, a number moved, a sentence
appended, a source switched, now and then a switch between the English and
the Japanese wording; each text is about 100–250 characters. Times ``build_timeline`` (ordering, value changes and
text diffs of every consecutive pair) and prints the median of the runs.
``run(n)`` returns the same figures as a dict for a benchmark runner.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from claimtrack.domain.diff import build_timeline
from claimtrack.domain.model import Claim, Value

KEY = "minerals-deal/us-rights-value"
SOURCES = [
    ("forbes-japan", "Forbes Japan"),
    ("jiji", "時事ドットコム"),
    ("asahi-globe", "朝日新聞GLOBE+"),
    ("reuters", "Reuters"),
]
SPEAKERS = ["Trump", "Zelensky", None]
EN = (
    "President Trump said the United States would receive {n} billion dollars "
    "worth of Ukrainian mineral rights under the deal, and that the agreement "
    "would be signed at the White House meeting with Zelensky on {d}."
)
JA = (
    "トランプ大統領は、米国がウクライナの鉱物資源の権利として{n}億ドル相当を得ると述べ、"
    "{d}のホワイトハウス会談でゼレンスキー大統領と協定に署名する予定だとした。"
    "協定案は復興投資ファンドの設立に関するものだった。"
)
EN_SWAPS = [("President", "Former president"), ("would", "will"), ("deal", "agreement"), ("signed", "finalised")]
JA_SWAPS = [
    ("トランプ大統領", "トランプ前大統領"), ("述べ", "語り"), ("予定だとした", "見通しだ"), ("協定案", "合意案"),
]


def make_claims(n: int, seed: int = 7) -> list[Claim]:
    rng = random.Random(seed)
    claims = []
    amount = 500
    ja = True
    start = datetime.date(2025, 2, 1)
    for i in range(n):
        if rng.random() < 0.1:
            ja = not ja
        on = start + datetime.timedelta(days=i // 10)
        day = on.day
        if rng.random() < 0.3:
            amount = rng.choice([350, 500, 50, 1000])
        text = (JA if ja else EN).format(
            n=amount * (10 if ja else 1),
            d=f"{on.month}月{day}日" if ja else f"{on:%B} {day}",
        )
        for old, new in JA_SWAPS if ja else EN_SWAPS:
            if rng.random() < 0.3:
                text = text.replace(old, new)
        if rng.random() < 0.2:
            text += " 関係者によると。" if ja else " According to officials."
        src, name = SOURCES[rng.randrange(len(SOURCES))]
        claims.append(
            Claim(
                id=i + 1,
                key=KEY,
                text=text,
                source=src,
                source_name=name,
                stance="denies" if rng.random() < 0.05 else "asserts",
                speaker=rng.choice(SPEAKERS),
                claimed_on=on.isoformat() if rng.random() < 0.95 else on.isoformat()[:7],
                value=Value(kind="quantity", raw=f"${amount}B", amount=Decimal(amount) * 10**9, unit="USD"),
                supersedes=i if i and rng.random() < 0.05 else None,
                recorded_at=f"2025-04-01T00:00:{i % 60:02d}",
            )
        )
    rng.shuffle(claims)
    return claims


def run(n: int = 10_000, repeat: int = 5, between: Callable[[], object] | None = None) -> dict[str, Any]:
    """Median, best and worst seconds for ``build_timeline`` over ``n`` claims;
    ``between`` runs after each timed run (run.py times the command there, so
    that the two take turns on the machine)."""
    claims = make_claims(n)
    times = []
    revisions = 0
    for _ in range(repeat):
        start = time.perf_counter()
        timeline = build_timeline(KEY, claims)
        times.append(time.perf_counter() - start)
        revisions = len(timeline.revisions)
        if between is not None:
            between()
    return {
        "claims": n,
        "revisions": revisions,
        "runs": repeat,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    result = run(args.claims, args.repeat)
    print(
        f"diff of {result['claims']} claims ({result['revisions']} revisions): "
        f"median {result['median_s']:.3f}s over {result['runs']} runs "
        f"(min {result['min_s']:.3f}s, max {result['max_s']:.3f}s)"
    )


if __name__ == "__main__":
    main()
