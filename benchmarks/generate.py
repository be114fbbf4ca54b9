"""A deterministic synthetic ledger in claimtrack's import format (JSON Lines).

    python benchmarks/generate.py --claims 1000000 --out benchmarks/work/claims.jsonl

The file starts with 20 ``{"type": "source", ...}`` records (ids, names, a
Japanese alias for some, web domains), then one claim per line with the JSON
contract's field names. The shape, for ``n`` claims:

* ``n / 20`` keys (50,000 at a million), about 20 claims each, interleaved
  the way an archive is (a claim's key is drawn at random for every line);
* about 60% numeric values written in English and Japanese forms
  (``$1.2B``, ``12億ドル``, ``約30%``, ``3,500億ドル以上``, ``5 million``),
  some dates (``2025年3月1日``, ``March 1, 2025``), some categorical values
  (``前大統領``, ``signed``), the rest without a value;
* about 12% of the texts in Japanese;
* about 5% contested keys, where a few claims disagree beyond tolerance (a
  value two or three times another, a date ten days off, another word, a
  denial); every other key agrees with itself however its values are written;
* ``as_of`` mostly null, ``qualifiers`` mostly ``{}``; every claim has its own
  URL, so no line is a duplicate of another.

Lines average about 350 bytes. The file is written as it is generated
(constant memory) with a fixed seed: the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

SEED = 7

# (id, name, aliases, domains). The first four are the sources diff_bench uses.
SOURCES: list[tuple[str, str, list[str], list[str]]] = [
    ("forbes-japan", "Forbes Japan", ["フォーブス ジャパン"], ["forbesjapan.com"]),
    ("jiji", "時事ドットコム", ["Jiji Press", "時事通信"], ["jiji.com"]),
    ("asahi-globe", "朝日新聞GLOBE+", ["Asahi GLOBE+"], ["globe.asahi.com"]),
    ("reuters", "Reuters", ["ロイター"], ["reuters.com"]),
    ("ap", "Associated Press", ["AP通信"], ["apnews.com"]),
    ("bbc", "BBC News", [], ["bbc.com", "bbc.co.uk"]),
    ("nhk", "NHK", ["日本放送協会"], ["nhk.or.jp"]),
    ("nikkei", "日本経済新聞", ["Nikkei"], ["nikkei.com"]),
    ("yomiuri", "読売新聞", ["Yomiuri Shimbun"], ["yomiuri.co.jp"]),
    ("mainichi", "毎日新聞", ["Mainichi"], ["mainichi.jp"]),
    ("kyodo", "共同通信", ["Kyodo News"], ["kyodonews.net"]),
    ("bloomberg", "Bloomberg", ["ブルームバーグ"], ["bloomberg.com"]),
    ("ft", "Financial Times", [], ["ft.com"]),
    ("wsj", "The Wall Street Journal", ["WSJ"], ["wsj.com"]),
    ("nyt", "The New York Times", ["NYT"], ["nytimes.com"]),
    ("guardian", "The Guardian", [], ["theguardian.com"]),
    ("le-monde", "Le Monde", [], ["lemonde.fr"]),
    ("spiegel", "Der Spiegel", [], ["spiegel.de"]),
    ("kyiv-independent", "The Kyiv Independent", [], ["kyivindependent.com"]),
    ("politico", "Politico", [], ["politico.com"]),
]

TOPICS = [
    ("minerals-deal", "the minerals deal", "鉱物資源協定"),
    ("ceasefire", "the ceasefire talks", "停戦交渉"),
    ("aid-package", "the aid package", "支援パッケージ"),
    ("tariffs", "the new tariffs", "新たな関税"),
    ("reconstruction-fund", "the reconstruction fund", "復興基金"),
    ("energy", "the energy agreement", "エネルギー協定"),
    ("troops", "the troop deployment", "部隊派遣"),
    ("refugees", "the refugee programme", "難民支援策"),
    ("sanctions", "the sanctions package", "制裁措置"),
    ("trade", "the trade agreement", "貿易協定"),
]
SPEAKERS = [
    ("Trump", "トランプ大統領"), ("Zelensky", "ゼレンスキー大統領"), ("Rubio", "ルビオ国務長官"),
    ("Bessent", "ベッセント財務長官"), ("Ishiba", "石破首相"), ("a spokesperson", "報道官"),
    ("officials", "関係者"), ("Yoichi Masuzoe", "舛添要一氏"),
]
EN_TEMPLATES = [
    "{who} said the figure for {topic} stands at {raw}, according to people familiar with it.",
    "{raw} is what {who} put on the table for {topic} at the White House meeting.",
    "Under {topic}, the number cited by {who} was {raw}; the details have not been published.",
    "{who} told reporters that {topic} comes to {raw}, a figure that could still change.",
]
EN_PLAIN = [
    "{who} said {topic} would be discussed again next week, without giving details.",
    "Talks on {topic} continued on Friday, {who} said, as both sides sought to narrow gaps.",
]
JA_TEMPLATES = [
    "{who}は{topic}について{raw}と述べた。",
    "{topic}をめぐり、{who}は{raw}との見方を示した。",
    "関係者によると、{topic}は{raw}に上る見通しだ。",
]
JA_PLAIN = [
    "{who}は{topic}について来週も協議を続ける考えを示した。",
    "{topic}をめぐる協議は続いている。",
]
CATEGORIES = ["signed", "not signed", "前大統領", "former president", "大統領", "ceasefire", "停戦",
              "一時停止", "suspended", "共同で管理", "jointly managed", "検討中"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
USD_MANTISSAS = ["1.2", "1.5", "2", "3.5", "5", "12", "25", "50", "120", "300", "350", "500", "750"]
USD_SCALES = [10**6, 10**9, 10**12]
QUALIFIERS = [{"measure": "gross"}, {"measure": "net"}, {"scope": "federal"}]

EPOCH = datetime.date(2024, 1, 1)


# --- how a value is written ----------------------------------------------------

def _num(x: int | float) -> str:
    """1200 -> '1,200'; 1.5 -> '1.5'; 12 -> '12' (thousands separators as both languages write them)."""
    if isinstance(x, float) and not x.is_integer():
        return f"{x:.10g}"
    return f"{int(x):,}"


def _en_amount(amount: int) -> str:
    for scale, word, short in ((10**12, "trillion", "T"), (10**9, "billion", "B"), (10**6, "million", "M")):
        if amount >= scale:
            m = amount / scale
            return _num(m) + "\x00" + word + "\x00" + short
    return _num(amount) + "\x00\x00"


def _ja_amount(amount: int) -> str:
    for scale, word in ((10**12, "兆"), (10**8, "億"), (10**4, "万")):
        if amount >= scale and (amount * 10) % scale == 0:
            return _num(amount / scale) + word
    return _num(amount)


def usd_forms(amount: int, rng: random.Random, ja: bool) -> str:
    if ja:
        base = _ja_amount(amount) + "ドル"
        r = rng.random()
        if r < 0.6:
            return base
        if r < 0.8:
            return "約" + base
        return base + "以上"
    m, word, short = _en_amount(amount).split("\x00")
    return rng.choice([
        f"${m}{short}", f"${m} {word}", f"{m} {word} dollars",
        f"US${m}{short.lower()}n" if short == "B" else f"${m}{short}",
        f"about ${m}{short}", f"more than ${m} {word}",
    ])


def pct_forms(pct: int, rng: random.Random, ja: bool) -> str:
    if ja:
        return rng.choice([f"{pct}%", f"約{pct}%", f"{pct}パーセント", f"{pct}％"])
    return rng.choice([f"{pct}%", f"{pct} percent", f"about {pct}%"])


def count_forms(count: int, rng: random.Random, ja: bool) -> str:
    if ja:
        return rng.choice([_ja_amount(count), "約" + _ja_amount(count)])
    m, word, _ = _en_amount(count).split("\x00")
    return rng.choice([f"{m} {word}".strip(), _num(count), f"about {m} {word}".strip()])


def date_forms(day: datetime.date, rng: random.Random, ja: bool) -> str:
    if ja:
        return rng.choice([f"{day.year}年{day.month}月{day.day}日", f"{day.year}/{day.month:02d}/{day.day:02d}"])
    return rng.choice([f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}",
                       f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}",
                       day.isoformat()])


# --- keys -----------------------------------------------------------------------

def key_count(claims: int) -> int:
    """50,000 keys at a million claims: about 20 claims per key at every size."""
    return max(1, round(claims / 20))


def make_keys(n_keys: int, rng: random.Random) -> list[tuple[Any, ...]]:
    """(slug, kind, base, contested, topic index, base date) for every key: O(keys) memory."""
    keys = []
    for k in range(n_keys):
        topic = rng.randrange(len(TOPICS))
        r = rng.random()
        if r < 0.43:
            kind, base = "usd", int(float(rng.choice(USD_MANTISSAS)) * rng.choice(USD_SCALES))
        elif r < 0.55:
            kind, base = "pct", rng.randint(1, 95)
        elif r < 0.66:
            kind, base = "count", rng.choice([5, 12, 30, 150, 350]) * rng.choice([10**4, 10**5, 10**6])
        elif r < 0.74:
            kind, base = "date", EPOCH + datetime.timedelta(days=rng.randrange(540))
        elif r < 0.86:
            kind, base = "cat", rng.choice(CATEGORIES)
        else:
            kind, base = "none", None
        contested = rng.random() < 0.05
        slug = f"{TOPICS[topic][0]}/{kind}-{k:06d}"
        first = EPOCH + datetime.timedelta(days=rng.randrange(500))
        keys.append((slug, kind, base, contested, topic, first))
    return keys


def _outlier(kind: str, base: Any, rng: random.Random) -> Any:
    if kind in ("usd", "count"):
        return base * rng.choice([2, 3, 10])
    if kind == "pct":
        return min(99, base * 2 + 10)
    if kind == "date":
        return base + datetime.timedelta(days=rng.choice([10, 31, -12]))
    if kind == "cat":
        return rng.choice([c for c in CATEGORIES if c != base])
    return None


def _value(kind: str, v: Any, rng: random.Random, ja: bool) -> str | None:
    if kind == "usd":
        return usd_forms(v, rng, ja)
    if kind == "pct":
        return pct_forms(v, rng, ja)
    if kind == "count":
        return count_forms(v, rng, ja)
    if kind == "date":
        return date_forms(v, rng, ja)
    if kind == "cat":
        return v
    return None


# --- records --------------------------------------------------------------------

def source_records() -> Iterator[dict[str, Any]]:
    for sid, name, aliases, domains in SOURCES:
        yield {"type": "source", "id": sid, "name": name, "kind": "outlet", "aliases": aliases, "domains": domains}


def claim_records(claims: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    keys = make_keys(key_count(claims), rng)
    n_keys = len(keys)
    for line in range(claims):
        slug, kind, base, contested, topic, first = keys[rng.randrange(n_keys)]
        ja = rng.random() < 0.12
        sid, _, _, domains = SOURCES[rng.randrange(len(SOURCES))]
        who_en, who_ja = SPEAKERS[rng.randrange(len(SPEAKERS))]
        v = base
        stance = "asserts"
        if contested:
            r = rng.random()
            if r < 0.12:
                v = _outlier(kind, base, rng)
            elif r < 0.16:
                stance = "denies"
        # Numeric keys leave a value out now and then; every fifth text is in
        # the other language's form ("12億ドル" quoted in an English text).
        raw = None if (kind != "none" and rng.random() < 0.07) else _value(kind, v, rng, ja != (rng.random() < 0.2))
        topic_en, topic_ja = TOPICS[topic][1], TOPICS[topic][2]
        if ja:
            tpl = rng.choice(JA_TEMPLATES) if raw else rng.choice(JA_PLAIN)
            text = tpl.format(who=who_ja, topic=topic_ja, raw=raw)
        else:
            tpl = rng.choice(EN_TEMPLATES) if raw else rng.choice(EN_PLAIN)
            text = tpl.format(who=who_en, topic=topic_en, raw=raw)
        claimed_on = first + datetime.timedelta(days=rng.randrange(60))
        as_of = None
        if rng.random() < 0.04:
            as_of = (claimed_on - datetime.timedelta(days=rng.randrange(1, 30))).isoformat()
        qualifiers = rng.choice(QUALIFIERS) if rng.random() < 0.02 else {}
        yield {
            "key": slug,
            "text": text,
            "source": sid,
            "speaker": who_en if rng.random() < 0.8 else None,
            "url": f"https://{domains[0]}/articles/{line:08d}",
            "stance": stance,
            "claimed_on": claimed_on.isoformat(),
            "as_of": as_of,
            "value": raw,
            "qualifiers": qualifiers,
            "lang": "ja" if ja else "en",
        }


def _write(out: TextIO, records: Iterator[dict[str, Any]]) -> int:
    n = 0
    dumps = json.dumps
    buf: list[str] = []
    for rec in records:
        buf.append(dumps(rec, ensure_ascii=False))
        n += 1
        if len(buf) >= 4096:
            out.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")
    return n


def generate(path: Path | str, claims: int, seed: int = SEED) -> dict[str, int]:
    """Write the data set to ``path``; return counts and size."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        sources = _write(out, source_records())
        written = _write(out, claim_records(claims, seed))
    tmp.replace(path)
    return {"sources": sources, "claims": written, "keys": key_count(claims), "bytes": path.stat().st_size}


def generate_one_key(path: Path | str, claims: int, key: str) -> dict[str, int]:
    """The sources, then ``claims`` claims under one key: diff_bench's drifting texts."""
    from diff_bench import make_claims  # benchmarks/ is on sys.path when run.py runs

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    domains = {sid: doms[0] for sid, _, _, doms in SOURCES}

    def records() -> Iterator[dict[str, Any]]:
        for c in sorted(make_claims(claims), key=lambda c: c.id):
            on = c.claimed_on if len(c.claimed_on) == 10 else c.claimed_on + "-01"
            yield {
                "key": key, "text": c.text, "source": c.source, "speaker": c.speaker,
                "url": f"https://www.{domains[c.source]}/articles/{c.id:08d}", "stance": c.stance,
                "claimed_on": on, "value": c.value.raw if c.value else None, "qualifiers": {},
                "lang": "en" if c.text.isascii() else "ja",
            }

    with open(path, "w", encoding="utf-8", newline="\n") as out:
        _write(out, source_records())
        n = _write(out, records())
    return {"claims": n, "bytes": path.stat().st_size}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/work/claims.jsonl"))
    args = parser.parse_args(argv)
    stats = generate(args.out, args.claims, args.seed)
    print(f"{args.out}: {stats['claims']:,} claims under {stats['keys']:,} keys, {stats['sources']} sources, "
          f"{stats['bytes'] / 2**20:.1f} MiB ({stats['bytes'] / max(1, stats['claims']):.0f} bytes a line)")


if __name__ == "__main__":
    main()
