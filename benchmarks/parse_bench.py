"""Time ``parse_value`` over a realistic stream of raw claim values.

    python benchmarks/parse_bench.py [--values 1000000] [--seed 7]

Builds a deterministic stream of ``n`` raw values in English and Japanese:
amounts with currencies and scales (``5000億ドル``, ``$500B``,
``€1,2 Mio.``), shares (``50%``, ``5割``), bounds and ranges, counts,
dates in every accepted form, categorical words, and some values that are
refused. Real imports repeat the same strings many times, so the stream
draws from a pool of distinct strings with a skewed (Zipf-like) frequency.

Prints values per second for

* cold: every distinct string once, with the cache cleared first (the cost
  of actually reading a value);
* stream: the whole mixed stream with the cache, starting empty.

``run(n)`` returns the same figures as a dict for a benchmark runner.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from itertools import accumulate
from typing import Any

from claimtrack.domain.values import parse_value
from claimtrack.errors import ParseError

EN_CURRENCY = ["$", "US$", "€", "£", "¥"]
EN_WORD = ["dollars", "euros", "pounds", "yen", "roubles", "hryvnia", "USD", "EUR", "RUB", "UAH"]
JA_CURRENCY = ["ドル", "米ドル", "円", "ユーロ", "ポンド", "ルーブル", "フリブニャ"]
SCALES = ["k", "m", "B", "bn", "T", " million", " billion", " trillion"]
JA_SCALES = ["万", "億", "兆"]
KANJI = ["五千億", "一兆二千億", "三百", "二十五", "十億", "三千五百万", "七百", "一万"]
APPROX_EN = ["about ", "around ", "roughly ", "nearly ", "~"]
APPROX_JA = ["約", "およそ"]
BOUND_EN = ["more than ", "over ", "at least ", "up to ", "less than ", "under "]
BOUND_JA = ["以上", "超", "以下", "未満"]
UNITS_EN = ["days", "people", "troops", "km", "years"]
UNITS_JA = ["人", "か国", "日", "年間", "隻"]
MONTHS = ["January", "February", "March", "Apr", "Mar.", "Sept", "December"]
ERAS = [("令和", 7), ("平成", 30), ("昭和", 50)]
WORDS = ["signed", "not signed", "署名せず", "前大統領", "大統領", "一時停止", "共同で管理", "former president",
         "ceasefire", "停戦", "検討", "段階的", "the US gets $500B in mineral rights", "最大の"]
REFUSED = ["1/3/2025", "yesterday", "2025年2月30日", "1,2", "先週", "5 to 3"]
FULL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def _full_width(text: str) -> str:
    return "".join(FULL.get(ch, ch) for ch in text)


def _one(rng: random.Random) -> str:
    r = rng.random()
    n = rng.choice([1, 3, 5, 12, 50, 300, 350, 500, 1200, 5000])
    if r < 0.12:
        return f"{rng.choice(EN_CURRENCY)}{n}{rng.choice(SCALES)}"
    if r < 0.22:
        return f"{n:,}{rng.choice(JA_SCALES)}{rng.choice(JA_CURRENCY)}"
    if r < 0.28:
        return f"{n}{rng.choice(SCALES)} {rng.choice(EN_WORD)}"
    if r < 0.32:
        return f"{rng.choice(KANJI)}{rng.choice(JA_CURRENCY)}"
    if r < 0.40:
        return rng.choice([f"{rng.randint(1, 99)}%", f"{rng.randint(1, 9)}割", "半分", "half",
                           f"{rng.randint(1, 99)} percent", f"{rng.randint(1, 99)}パーセント"])
    if r < 0.46:
        return rng.choice(APPROX_EN) + f"${n}{rng.choice(SCALES)}"
    if r < 0.52:
        return rng.choice(APPROX_JA) + f"{n}{rng.choice(JA_SCALES)}{rng.choice(JA_CURRENCY)}"
    if r < 0.56:
        return rng.choice(BOUND_EN) + f"{n} {rng.choice(UNITS_EN)}"
    if r < 0.60:
        return f"{n:,}{rng.choice(JA_SCALES)}{rng.choice(JA_CURRENCY)}{rng.choice(BOUND_JA)}"
    if r < 0.64:
        lo = rng.randint(1, 400)
        hi = lo + rng.randint(0, 400)
        return rng.choice([f"{lo}〜{hi}億ドル", f"${lo}-{hi}B", f"between {lo} and {hi} million", f"{lo}-{hi}%"])
    if r < 0.68:
        return rng.choice([f"{n}{rng.choice(UNITS_JA)}", f"{n} {rng.choice(UNITS_EN)}", f"{n}"])
    if r < 0.70:
        return rng.choice(["€1,2 Mio.", "1,25 Mrd. €", "1.234.567,89 €", "5 000", "1'000'000 CHF"])
    y, m, d = rng.randint(1990, 2025), rng.randint(1, 12), rng.randint(1, 28)
    if r < 0.74:
        return f"{y}-{m:02d}-{d:02d}" + rng.choice(["", "T15:00:00-05:00", "T09:00:00+09:00", "T00:00Z"])
    if r < 0.78:
        return rng.choice([f"{y}年{m}月{d}日", f"{y}年{m}月", f"{y}年", f"公開日:{y}/{m:02d}/{d:02d}", f"{y}/{m}/{d}"])
    if r < 0.80:
        era, top = rng.choice(ERAS)
        return f"{era}{rng.randint(2, top)}年{m}月{d}日"
    if r < 0.83:
        return rng.choice([f"{rng.choice(MONTHS)} {d}, {y}", f"{d} {rng.choice(MONTHS)} {y}",
                           f"{rng.choice(MONTHS)} {y}"])
    if r < 0.85:
        return _full_width(f"{n}%") if rng.random() < 0.5 else f"{_full_width(str(y))}年{m}月{d}日"
    if r < 0.97:
        return rng.choice(WORDS)
    return rng.choice(REFUSED)


def make_values(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """(distinct pool, stream of n values drawn from it with Zipf-like repeats)."""
    rng = random.Random(seed)
    pool_size = max(1, min(n, 20000 + n // 50))
    seen: dict[str, None] = {}
    attempts = 0
    while len(seen) < pool_size and attempts < pool_size * 20:
        seen[_one(rng)] = None
        attempts += 1
    pool = list(seen)
    weights = list(accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(len(pool))))
    stream = rng.choices(pool, cum_weights=weights, k=n)
    return pool, stream


def _parse_all(values: list[str]) -> int:
    refused = 0
    for raw in values:
        try:
            parse_value(raw)
        except ParseError:
            refused += 1
    return refused


def run(n: int = 1_000_000, seed: int = 7) -> dict[str, Any]:
    """Time parse_value cold over distinct strings and cached over the stream."""
    pool, stream = make_values(n, seed)
    parse_value.cache_clear()
    start = time.perf_counter()
    refused_cold = _parse_all(pool)
    cold = time.perf_counter() - start
    parse_value.cache_clear()
    start = time.perf_counter()
    refused_stream = _parse_all(stream)
    warm = time.perf_counter() - start
    info = parse_value.cache_info()
    return {
        "values": n,
        "distinct": len(pool),
        "cold_seconds": cold,
        "cold_values_per_second": len(pool) / cold if cold else float("inf"),
        "cold_refused": refused_cold,
        "stream_seconds": warm,
        "stream_values_per_second": n / warm if warm else float("inf"),
        "stream_refused": refused_stream,
        "cache_hits": info.hits,
        "cache_misses": info.misses,
        "dateutil_imported": "dateutil" in sys.modules,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=1_000_000, help="length of the mixed stream")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    r = run(args.values, args.seed)
    print(f"parse_value over {r['values']:,} values ({r['distinct']:,} distinct)")
    print(f"  cold, distinct strings, cache cleared: {r['cold_values_per_second']:>12,.0f} values/s"
          f"  ({r['cold_seconds']:.2f} s, {r['cold_refused']} refused)")
    print(f"  mixed stream with the cache:           {r['stream_values_per_second']:>12,.0f} values/s"
          f"  ({r['stream_seconds']:.2f} s, hits {r['cache_hits']:,}, misses {r['cache_misses']:,})")
    print(f"  dateutil imported: {r['dateutil_imported']}")


if __name__ == "__main__":
    main()
