"""Read a claim's raw value as a quantity, a date or categorical text.

Pure: no I/O, no clock. Amounts are exact :class:`~decimal.Decimal`; no
float is involved anywhere.

How a value is read (input first goes through NFKC, so ``５０％`` is ``50%``):

1. **Date.** Anything with the shape of a date is read by
   :func:`claimtrack.domain.dates.read_date` (an impossible or ambiguous date
   is a ParseError, not a guess). A lone number such as ``2025`` is *not* a
   date here: it is a bare number; ``2025年`` is the year.
2. **Quantity.** The whole text must be one quantity:
   ``[approx|bound words] [currency] number [scale] [currency|%|unit]
   [approx|bound words]``, or a range of two such ends.

   * Numbers: arabic digits with ``,`` `` `` or ``'`` grouping in threes,
     kanji numerals (``五千億``, ``一兆二千億``, ``二〇二五``) and mixes
     (``1.2兆``, ``3千5百万``, ``1兆2000億``); English number words
     (``two million``, ``thirty-five thousand``, ``one and a half
     million``, ``half a trillion``, ``a dozen``); a leading dot (``.5%``).
     A minus is ``-``, ``minus``, ``マイナス``, or ``▲``/``△`` as Japanese
     accounts write it.
   * **Decimal comma rule**: a comma followed by exactly three digits is a
     thousands separator, always (``€1,200`` is 1200). Any other comma
     (``1,2``, ``1,25``) is a decimal comma only in a European context — a
     currency that writes decimal commas (EUR, RUB, UAH, PLN, CZK, SEK, NOK,
     DKK, HUF, RON) or a European scale word (Mio, Mrd, Bio, Tsd, Mln) — so
     ``€1,2 Mio.`` is 1.2 million EUR; elsewhere it is a ParseError.
     ``1.234.567`` and ``1.234,5`` are dot-grouped European numbers. A lone
     dot is a decimal point, except that ``€1.500`` (European context, one
     dot, three digits) is refused as ambiguous.
   * Scales: thousand/million/billion/trillion, k/M/B/T (single letters only
     when written against the number: ``$5m``; ``5 m`` is the unit "m"),
     mn/bn/tn, Mio/Mrd/Bio, lakh/crore, and 十/百/千/万/億/兆/京 in Japanese.
   * Currencies by symbol, code or word (English and Japanese) become ISO
     4217 codes; ``$`` alone is USD and ``¥`` is JPY.
   * Shares: ``%``, ``percent``, ``per cent``, ``パーセント``, ``割`` (tenths,
     with ``分`` hundredths: ``3割5分`` is 35%), ``半分``/``half`` (50%).
   * Any other unit is kept as written, lowercased: one English word (or
     ``word per word``), up to four Japanese characters (``人``, ``か国``),
     or a phrase the unit table knows (``国・地域``, ``countries and
     regions``; :mod:`claimtrack.domain.units`), also after ``の``
     (``158の国・地域``). A number written only in kanji takes a Japanese unit only from
     a list of counters, so words such as ``一部`` or ``十分`` stay text.
   * A figure followed by its conversion in brackets (``¥235 billion ($1.6
     billion)``, ``2350億円（約16億ドル）``) reads as the first amount and
     keeps the second as ``conversion_amount`` and ``conversion_unit`` (a
     conversion given as a range keeps only its unit; the raw text has it). Sub-units are hundredths (``2ドル3セント``,
     ``2222円13銭``, ``2 dollars and 50 cents``).
   * Approximate: 約, およそ, ほぼ, 程度, ほど, 前後, 規模, about, around,
     roughly, approximately, some, ``~`` (leading ``~``/``〜``).
   * Lower bound (amount = lower = the number given, upper None): 以上, 超,
     を超える, 突破, 余り, 強 (a little over), から, trailing ``~``/``+``,
     more than, over, at least, above, upwards of, just over, -plus, or
     more. Upper bound: 以下, 未満, 以内, まで, 最大, 弱 (a little under),
     足らず, 近く, up to, at most, less than, under, below, nearly, almost,
     just under, or less. None of these words ever becomes part of the unit.
     The soft ones (強, 弱, 近く, nearly, almost, just over/under) are also
     approximate: the bound's open side ends at the approximate band (see
     ``intervals.quantity_interval``); 約 with a hard bound (約5000億ドル以上)
     is just the bound.
   * **Bands** (amount None, approximate for 数): ``3万人台`` is 30,000 to
     39,999 people, the band of the figure's last non-zero digit
     (``150円台`` is 150 to 159.99 yen, ``2%台`` 2 to 2.999%); 台 makes a
     band only after a unit, so ``3万台`` stays 30,000 of the counter 台.
     ``数百人`` is 200 to 999 people and ``数千億円`` 2000億 to 9999億…円: 数
     ("several") runs from 2 of its place to the top of it, from 1 after 十
     (``十数人`` is 11 to 19). A bound word keeps the band's end on its side.
   * **Ranges** (``300〜500億ドル``, ``$300-500B``, ``3 to 5 million``,
     ``between 3 and 5 million``, ``300から500億ドルまで``): lower and upper
     are set and **amount is None**. A scale, currency or unit written on
     one end only applies to both; an end that runs backwards, two different
     units, or a bound word on a range is a ParseError.
3. **Categorical.** Anything else is text: ``raw`` verbatim and
   ``normalized = fold(raw)`` (:func:`claimtrack.domain.text.fold`). **Embedded text rule**: a number
   surrounded by other words (``the US gets $500B in mineral rights``,
   ``5000億ドルと50%``) is *not* extracted; the whole value stays
   categorical, so two numbers are never merged and words such as "rose" or
   "fell" are never dropped. Text made only of digits and symbols that does
   not read as a number (``5,00``, ``1 2``) is a ParseError.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow
from functools import lru_cache
from typing import NamedTuple

from msgspec.structs import replace

from claimtrack.domain import kanji
from claimtrack.domain import units as unit_words
from claimtrack.domain.dates import prepare, read_date
from claimtrack.domain.model import Value
from claimtrack.domain.money import is_currency
from claimtrack.domain.patterns import deferred
from claimtrack.domain.text import fold
from claimtrack.domain.vocabulary import DEFAULT_FISCAL, FiscalYear
from claimtrack.errors import ParseError

__all__ = ["looks_like_a_figure", "parse_value"]

_CTX = Context(prec=80, traps=[Inexact, InvalidOperation, Overflow, DivisionByZero])
_ONE = Decimal(1)


# ---------------------------------------------------------------- vocabularies

_CURRENCY_WORDS = {
    "USD": ["$", "us$", "us $", "u.s.$", "usd", "dollar", "dollars", "us dollar", "us dollars",
            "u.s. dollars", "u.s. dollar", "ドル", "米ドル", "米国ドル", "米$", "弗"],
    "JPY": ["¥", "jpy", "yen", "円", "日本円", "japanese yen"],
    "EUR": ["€", "eur", "euro", "euros", "ユーロ"],
    "GBP": ["£", "gbp", "pound", "pounds", "pounds sterling", "sterling", "ポンド", "英ポンド"],
    "RUB": ["₽", "rub", "rouble", "roubles", "ruble", "rubles", "ルーブル", "ロシアルーブル"],
    "UAH": ["₴", "uah", "hryvnia", "hryvnias", "hryvnya", "hryvnyas", "hryvni",
            "フリブニャ", "グリブナ", "フリヴニャ"],
    "CNY": ["cny", "rmb", "yuan", "renminbi", "元", "人民元"],
    "KRW": ["₩", "krw", "won", "ウォン", "원"],
    "CHF": ["chf", "swiss franc", "swiss francs", "スイスフラン"],
    "CAD": ["c$", "ca$", "cad", "canadian dollar", "canadian dollars", "カナダドル"],
    "AUD": ["a$", "au$", "aud", "australian dollar", "australian dollars", "豪ドル"],
    "INR": ["₹", "inr", "rupee", "rupees", "ルピー"],
    "HKD": ["hk$", "hkd", "香港ドル"],
    "TWD": ["nt$", "twd", "台湾ドル"],
    "SGD": ["s$", "sgd", "シンガポールドル"],
    "NZD": ["nz$", "nzd", "new zealand dollar", "new zealand dollars", "ニュージーランドドル", "nzドル"],
    "BRL": ["r$", "brl", "real", "reais", "レアル"],
    "PLN": ["pln", "zł", "zloty", "zlotys", "złoty", "ズロチ"],
    "TRY": ["₺", "try", "lira", "liras", "リラ"],
    "ILS": ["₪", "ils", "shekel", "shekels", "シェケル"],
    "SEK": ["sek", "swedish krona", "swedish kronor", "スウェーデンクローナ"],
    "NOK": ["nok", "norwegian krone", "norwegian kroner", "ノルウェークローネ"],
    "DKK": ["dkk", "danish krone", "danish kroner", "デンマーククローネ"],
    "CZK": ["czk", "koruna", "czech koruna", "korunas", "チェココルナ"],
    "HUF": ["huf", "forint", "forints", "フォリント"],
    "RON": ["ron", "romanian leu", "romanian lei", "ルーマニアレウ"],
    "BGN": ["bgn", "lev", "leva", "bulgarian lev", "レフ"],
    "MXN": ["mxn", "mx$", "mexican peso", "mexican pesos", "メキシコペソ"],
    "ZAR": ["zar", "rand", "south african rand", "ランド", "南アフリカランド"],
    "SAR": ["sar", "saudi riyal", "saudi riyals", "サウジアラビアリヤル", "リヤル"],
    "AED": ["aed", "dirham", "dirhams", "uae dirham", "ディルハム"],
    "THB": ["฿", "thb", "baht", "バーツ", "タイバーツ"],
    "IDR": ["idr", "rupiah", "rupiahs", "ルピア"],
    "MYR": ["myr", "ringgit", "ringgits", "リンギ", "リンギット"],
    "PHP": ["₱", "php", "philippine peso", "philippine pesos", "フィリピンペソ"],
    "VND": ["₫", "vnd", "dong", "ドン", "ベトナムドン"],
    "CLP": ["clp", "chilean peso", "chilean pesos", "チリペソ"],
    "COP": ["cop", "colombian peso", "colombian pesos", "コロンビアペソ"],
    "ARS": ["ars", "argentine peso", "argentine pesos", "アルゼンチンペソ"],
    "PEN": ["pen", "peruvian sol", "peruvian soles"],
    "BHD": ["bhd", "bahraini dinar", "bahraini dinars", "バーレーンディナール"],
    "KWD": ["kwd", "kuwaiti dinar", "kuwaiti dinars", "クウェートディナール"],
    "QAR": ["qar", "qatari riyal", "qatari riyals", "カタールリヤル"],
    "EGP": ["egp", "egyptian pound", "egyptian pounds", "エジプトポンド"],
    "NGN": ["₦", "ngn", "naira", "ナイラ"],
    "PKR": ["pkr", "pakistani rupee", "pakistani rupees", "パキスタンルピー"],
    "ISK": ["isk", "icelandic krona", "icelandic kronur", "アイスランドクローナ"],
}
_CURRENCY = {w: code for code, words in _CURRENCY_WORDS.items() for w in words}
_NOT_PREFIXES = {"try", "cop", "php", "pen", "ars", "lev", "isk", "myr"}
# written before the number: symbols and codes only
_PREFIX_CURRENCIES = sorted(
    # Codes that are also common words or names are not read in front of a
    # number: TRY 5, COP28, PHP 8, PEN 15, ARS 2, LEV 2, ISK 5.
    (w for w in _CURRENCY if not w.isalpha() or (len(w) == 3 and w.isascii() and w not in _NOT_PREFIXES)),
    key=len, reverse=True,
)
_EUROPEAN_CURRENCIES = {"EUR", "RUB", "UAH", "PLN", "CZK", "SEK", "NOK", "DKK", "HUF", "RON"}

_PERCENT_WORDS = {"%", "percent", "per cent", "pct", "パーセント", "プロセント"}

_SCALES = {
    "hundred": 2, "thousand": 3, "thousands": 3, "k": 3, "tsd": 3, "tsd.": 3, "lakh": 5, "crore": 7,
    "million": 6, "millions": 6, "mn": 6, "mln": 6, "mil": 6, "mio": 6, "mio.": 6, "m": 6,
    "billion": 9, "billions": 9, "bn": 9, "bil": 9, "b": 9, "mrd": 9, "mrd.": 9, "md": 9, "md.": 9,
    "milliard": 9, "milliards": 9,
    "trillion": 12, "trillions": 12, "tn": 12, "trn": 12, "t": 12, "bio": 12, "bio.": 12,
}
_EUROPEAN_SCALES = {
    "tsd", "tsd.", "mio", "mio.", "mln", "mrd", "mrd.", "md", "md.", "bio", "bio.", "milliard", "milliards",
}
_SCALE_RE = deferred(
    r"(?P<attached>[kmbt](?![^\W\d_]))|\s*(?P<word>"
    + "|".join(re.escape(w) for w in sorted((w for w in _SCALES if len(w) > 1), key=len, reverse=True))
    + r")(?![^\W\d_])"
)

_BIG = kanji.LARGE_UNITS
_SMALL = kanji.SMALL_UNITS
_NUMCH = "0-9" + "".join(kanji.DIGITS) + "".join(_SMALL) + "".join(_BIG)
_TOKEN = rf"[{_NUMCH}](?:[{_NUMCH}]|[.,'](?=[0-9])| (?=[0-9]{{3}}(?![0-9])))*"

# Japanese counters that may follow a number written only in kanji
_COUNTERS = {
    "人", "名", "件", "社", "国", "か国", "カ国", "ヶ国", "ヵ国", "か所", "カ所", "ヶ所", "箇所",
    "回", "日", "日間", "年", "年間", "か月", "カ月", "ヶ月", "ヵ月", "週", "週間", "時間", "秒",
    "歳", "倍", "隻", "機", "台", "個", "枚", "発", "基", "両", "頭", "匹", "戸", "棟", "世帯",
    "票", "議席", "冊", "校", "店", "州", "都市", "項目", "品目", "条", "トン", "キロ", "バレル",
}

_APPROX_PRE = ["約", "およそ", "凡そ", "おおよそ", "概ね", "おおむね", "ほぼ", "大体", "だいたい",
               "about", "around", "roughly", "approximately", "approx.", "approx",
               "ca.", "circa", "some", "an estimated", "estimated", "est.",
               "~", "〜", "≈", "∼"]
_LOWER_PRE = ["more than", "over", "at least", "above", "greater than", "in excess of", "just over",
              "no less than", "not less than", "upwards of", "≥", ">=", ">",
              "最低", "最低でも", "少なくとも"]
_UPPER_PRE = ["up to", "at most", "less than", "under", "below", "fewer than", "no more than",
              "nearly", "almost", "just under", "just shy of",
              "not more than", "as much as", "as many as", "≤", "<=", "<",
              "最大", "最大で", "最高", "最高で"]
_APPROX_SUF = ["程度", "ほど", "前後", "くらい", "ぐらい", "規模", "or so", "ish"]
# 強 is "a little over", 弱 "a little under", 近く "nearly": bounds, not a band around the figure.
_LOWER_SUF = ["以上", "超", "超え", "を超える", "超える", "突破", "を突破", "余り", "あまり", "余", "強", "から",
              "~", "〜", "+", "-plus", "or more", "and above", "and up", "plus", "or over"]
#: Bound words that say "a little over/under": on a range they make it approximate.
_SOFT_BOUNDS = {"nearly", "almost", "just under", "just shy of", "just over", "強", "弱", "近く"}
_UPPER_SUF = ["以下", "未満", "以内", "まで", "弱", "足らず", "近く", "or less", "or fewer", "and below",
              "and under", "or under", "at most", "max", "max."]
_NEUTRAL_SUF = ["相当"]


def _affix_re(groups: dict[str, list[str]], prefix: bool) -> re.Pattern[str]:
    parts = []
    for name, words in groups.items():
        alts = []
        for w in sorted(words, key=len, reverse=True):
            e = re.escape(w)
            if w[-1].isascii() and w[-1].isalpha():
                e = e + r"(?![^\W\d_])" if prefix else e
            if w[0].isascii() and w[0].isalpha() and not prefix:
                e = r"(?<![^\W\d_])" + e
            alts.append(e)
        parts.append(f"(?P<{name}>{'|'.join(alts)})")
    body = "|".join(parts)
    return deferred(rf"(?:{body})\s*" if prefix else rf"\s*(?:{body})$")  # a prefix: match() at a position


_PREFIX_RE = _affix_re({"approx": _APPROX_PRE, "lower": _LOWER_PRE, "upper": _UPPER_PRE}, True)
#: The first letter of every prefix word: text starting with none (``500``, ``$5B``)
#: has none, and the long pattern is not compiled for it.
_PREFIX_STARTS = frozenset(word[0] for word in (*_APPROX_PRE, *_LOWER_PRE, *_UPPER_PRE))
_SUFFIX_RE = _affix_re(
    {"approx": _APPROX_SUF, "lower": _LOWER_SUF, "upper": _UPPER_SUF, "neutral": _NEUTRAL_SUF}, False
)

_SUFFIX_WORDS = (*_APPROX_SUF, *_LOWER_SUF, *_UPPER_SUF, *_NEUTRAL_SUF)
#: How far from the end a suffix word (and the space before it) can start.
_SUFFIX_REACH = max(map(len, _SUFFIX_WORDS)) + 4

#: Each currency written before a number, by its first character, in the order
#: it is tried: a word ending in a letter must be followed by a space, a digit,
#: a sign or a dot (``usd 5``, not ``usdx``); symbols need nothing. A lookup
#: instead of one alternation of all 123, which cost 2 ms to compile.
_PREFIX_BY_FIRST: dict[str, list[str]] = {}
for _word in sorted(_PREFIX_CURRENCIES, key=lambda w: not w[-1].isalpha()):  # words, then symbols
    _PREFIX_BY_FIRST.setdefault(_word[0], []).append(_word)
_SIGNS = frozenset("-+▲△")
_SIGN = deferred(r"[-+▲△]\s*")
#: What follows a leading sign and currency: [sign] number [the rest].
_CORE = deferred(rf"(?P<s2>[-+]\s*)?(?P<num>{_TOKEN})(?P<rest>.*)$", re.S)


def _core_parts(t: str) -> tuple[str, str | None, str | None, str, str]:
    """``t`` as [sign] [currency] [sign] number [rest]: the leading sign, the
    currency as written, the second sign, the number and the rest."""
    sign = _SIGN.match(t) if t[:1] in _SIGNS else None
    at = sign.end() if sign else 0
    for word in _PREFIX_BY_FIRST.get(t[at:at + 1], ()):
        if t.startswith(word, at):
            end = at + len(word)
            after = t[end:end + 1]
            if word[-1].isalpha() and not (after.isspace() or after.isdecimal() or after in ("+", "-", ".")):
                continue
            rest = t[end:]
            m = _CORE.match(t, end + len(rest) - len(rest.lstrip()))
            if m:
                return sign[0] if sign else "", word, m["s2"], m["num"], m["rest"]
    m = _CORE.match(t, at)
    if not m:
        raise _NotQuantity
    return sign[0] if sign else "", None, m["s2"], m["num"], m["rest"]


_DIGIT = "[0-9" + "".join(kanji.DIGITS) + "]"
_WARI = deferred(rf"^割(?:(?P<bu>{_DIGIT})分(?:(?P<rin>{_DIGIT})厘)?)?")
_EN_UNIT = deferred(r"^[a-z][a-z\-]*\.?(?:(?: per |/)[a-z][a-z\-]*)?$")
_JA_UNIT = deferred(r"^[かカヵヶケ]?[\u3005\u3400-\u9fff\u30a1-\u30fa\u30fc]{1,4}$")
_HALF = {"half", "a half", "one half", "半分", "半数", "二分の一"}

_ARABIC = deferred(r"^[0-9][0-9.,' ]*$")
_DIGITS_AND_BIG = deferred(r"([1-9][0-9]*)([" + "".join(kanji.LARGE_UNITS) + "])")
_PLAIN = deferred(r"^[0-9]+(?:\.[0-9]+)?$|^\.[0-9]+$")
_GROUP_COMMA = deferred(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")
_GROUP_SPACE = deferred(r"^[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]+)?$")
_GROUP_APOS = deferred(r"^[0-9]{1,3}(?:'[0-9]{3})+(?:\.[0-9]+)?$")
_GROUP_DOT = deferred(r"^[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?$")
_COMMA_DECIMAL = deferred(r"^[0-9]+,[0-9]+$")
_DOT_THOUSAND = deferred(r"^-?[1-9][0-9]{0,2}\.[0-9]{3}$")

_RANGE_PATTERNS = [
    ("between", deferred(r"^between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)$", re.S)),
    ("to", deferred(r"^(?:from\s+)?(?P<a>.+?)\s+to\s+(?P<b>.+)$", re.S)),
    ("から", deferred(r"^(?P<a>.+?)\s*から\s*(?P<b>.+)$", re.S)),
    ("~", deferred(r"^(?P<a>.+?)\s*[~〜∼]\s*(?P<b>.+)$", re.S)),
]


#: What follows the first number of a range; no unit starts with one.
_RANGE_MARKS = frozenset("-~〜∼")


class _Core(NamedTuple):
    amount: Decimal
    unit: str | None
    mult: int | None  # power of ten of a trailing scale, None if no scale was written
    wari: bool  # the scale was 割, which also sets the unit to %


class _NotQuantity(Exception):
    """The text does not have the shape of a quantity."""


def _fail(raw: str, why: str) -> ParseError:
    shown = raw if len(raw) <= 60 else raw[:59] + "…"  # the reason must survive a long input
    return ParseError(f"cannot read '{shown}' as a value: {why}")


def _canon(d: Decimal) -> Decimal:
    """One representation per amount: no exponent above zero, no trailing zeros."""
    if d == 0:
        return Decimal(0)
    _, digits, exponent = d.as_tuple()
    if len(digits) <= _CTX.prec and (exponent == 0 or (isinstance(exponent, int) and exponent < 0 and digits[-1] != 0)):
        return d  # already canonical: 50, 1.25 (the common case, cheaper than normalize)
    d = d.normalize(_CTX)
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        d = d.quantize(_ONE, context=_CTX)
    return d


# ---------------------------------------------------------------- numbers


def _arabic(raw: str, s: str, european: bool) -> Decimal:
    """Arabic digits with grouping and a decimal point or comma (see module doc)."""
    if _PLAIN.match(s):
        if european and _DOT_THOUSAND.match(s):
            raise _fail(raw, f"'{s}' could be {s} or {s.replace('.', '')}; write it without the dot")
        return Decimal(s)
    if _GROUP_COMMA.match(s):
        return Decimal(s.replace(",", ""))
    if _GROUP_SPACE.match(s):
        return Decimal(s.replace(" ", "").replace(",", "."))
    if _GROUP_APOS.match(s):
        return Decimal(s.replace("'", ""))
    if _GROUP_DOT.match(s) and (s.count(".") > 1 or "," in s):
        return Decimal(s.replace(".", "").replace(",", "."))
    if _COMMA_DECIMAL.match(s):
        if len(s) - s.index(",") - 1 == 3:
            raise _fail(raw, f"'{s}' groups digits wrongly (a comma before three digits separates thousands)")
        if european:
            return Decimal(s.replace(",", "."))
        raise _fail(raw, f"'{s}' could be a decimal comma or a thousands separator; write it with a decimal point")
    raise _fail(raw, f"'{s}' is not a well-formed number")


def _small(raw: str, s: str, european: bool) -> Decimal | None:
    """A section below a 万/億/兆 unit: arabic, or kanji read by :mod:`kanji`."""
    if _ARABIC.match(s):
        return _arabic(raw, s, european)
    return kanji.read_small(s, lambda token: _arabic(raw, token, european))


def _number(raw: str, token: str, european: bool) -> tuple[Decimal, int | None] | None:
    """A number token and the power of ten of its trailing unit (億 in 500億), or None."""
    if _ARABIC.match(token):
        return _arabic(raw, token, european), None
    simple = _DIGITS_AND_BIG.fullmatch(token)
    if simple:  # 500億, the common case: digits and one large unit
        power = _BIG[simple[2]]
        return _CTX.add(Decimal(0), Decimal(simple[1]).scaleb(power, _CTX)), power
    total = Decimal(0)
    last_big: int | None = None
    start = 0
    sections: list[tuple[str, int]] = []
    for i, ch in enumerate(token):
        if ch in _BIG:
            sections.append((token[start:i], _BIG[ch]))
            start = i + 1
    tail = token[start:]
    for index, (text, power) in enumerate(sections):
        if not text or (last_big is not None and power >= last_big):
            return None
        value = _small(raw, text, european)
        if value is None or (index > 0 and value >= 10000):
            return None
        total = _CTX.add(total, value.scaleb(power, _CTX))
        last_big = power
    trailing: int | None = last_big if not tail else None
    if tail:
        value = _small(raw, tail, european)
        if value is None or (sections and value >= 10000):
            return None
        total = _CTX.add(total, value)
        if not sections and tail[-1] in _SMALL and len(tail) > 1:
            trailing = _SMALL[tail[-1]]
    return total, trailing


# ---------------------------------------------------------------- quantities


def _core(raw: str, t: str) -> _Core:
    """One end of a quantity: [sign] [currency] number [scale] [unit]."""
    if t in _HALF:
        return _Core(Decimal(50), "%", None, False)
    s1, pre, s2, token, rest = _core_parts(t)
    negative = s1.strip() in ("-", "▲", "△")  # ▲ and △: how Japanese accounts write a minus
    if s2:
        if s1:
            raise _NotQuantity
        negative = s2.strip() == "-"
    if rest[:1] in _RANGE_MARKS:
        raise _NotQuantity  # 300〜500億ドル, $300-500B: a range, read by its ends
    units: list[str] = []
    if pre:
        units.append(_CURRENCY[pre])
    power: int | None = None
    scale_word: str | None = None
    percent_power = 0
    w = _WARI.match(rest) if rest.startswith("割") else None
    if w:
        units.append("%")
        power = 1
        percent_power = 1
        rest = rest[w.end():]
    else:
        s = _SCALE_RE.match(rest) if rest else None
        if s:
            scale_word = s["attached"] or s["word"]
            power = _SCALES[scale_word]
            rest = rest[s.end():]
    rest = rest.strip()
    kanji_only = not ("0" <= token[0] <= "9" or any("0" <= ch <= "9" for ch in token))
    if rest:
        if rest in _CURRENCY:
            units.append(_CURRENCY[rest])
        elif rest in _PERCENT_WORDS:
            units.append("%")
        elif percent_power:
            raise _NotQuantity
        elif (_EN_UNIT.match(rest) and not kanji_only) or (
            _JA_UNIT.match(rest) and (rest in _COUNTERS or not kanji_only)
        ):
            units.append(rest)
        elif (word := rest.removeprefix("の")) in unit_words.WORDS and (not kanji_only or word in _COUNTERS):
            units.append(word)  # a unit the table knows: 国・地域, countries and regions, 158の国・地域
        else:
            raise _NotQuantity
    if len(set(units)) > 1:
        raise _fail(raw, f"it names two units ({' and '.join(dict.fromkeys(units))})")
    unit = units[0] if units else None
    european = unit in _EUROPEAN_CURRENCIES or scale_word in _EUROPEAN_SCALES
    read = _number(raw, token, european)
    if read is None:
        if kanji_only:
            raise _NotQuantity
        raise _fail(raw, f"'{token}' is not a well-formed number")
    amount, trailing = read
    if w:
        bu, rin = w["bu"], w["rin"]
        if bu:
            amount = _CTX.add(amount, Decimal(kanji.kanji_int(bu) or 0).scaleb(-1, _CTX))
        if rin:
            amount = _CTX.add(amount, Decimal(kanji.kanji_int(rin) or 0).scaleb(-2, _CTX))
    if power is not None:
        amount = amount.scaleb(power, _CTX)
    else:
        power = trailing
    if negative:
        amount = -amount
    return _Core(amount, unit, power, bool(w))


def _split_range(t: str) -> list[tuple[str, str, str]]:
    """Candidate (separator, left, right) splits of a range, most specific first."""
    found = []
    for name, pattern in _RANGE_PATTERNS:
        if name not in t and not (name == "~" and ("〜" in t or "∼" in t)):
            continue  # each pattern has its word or mark: a cheap test first
        m = pattern.match(t)
        if m:
            found.append((name, m["a"].strip(), m["b"].strip()))
    for i, ch in enumerate(t):
        if ch == "-" and i > 0:
            left, right = t[:i].strip(), t[i + 1:].strip()
            if left and right and left[-1] not in "-+" and any(c.isdigit() for c in left):
                found.append(("-", left, right))
    return found


def _range(raw: str, left: str, right: str) -> tuple[Decimal, Decimal, str | None]:
    a = _core(raw, left)
    b = _core(raw, right)
    lo, hi = a.amount, b.amount
    if a.mult is None and b.mult is not None and not (b.wari and a.unit is not None):
        lo = lo.scaleb(b.mult, _CTX)
    if a.unit and b.unit and a.unit != b.unit:
        raise _fail(raw, f"the two ends have different units ({a.unit} and {b.unit})")
    if lo > hi:
        raise _fail(raw, "the range runs backwards (the first end is larger)")
    return lo, hi, a.unit or b.unit


def _quantity(raw: str, t: str) -> Value:
    stated = _STATED.fullmatch(t) if "(" in t or "（" in t else None
    if stated:  # ¥235 billion ($1.6 billion): the figure, with its conversion as told
        try:
            first, then = _quantity(raw, stated["first"]), _quantity(raw, stated["then"])
        except ParseError:
            raise _NotQuantity from None
        if is_currency(first.unit) and is_currency(then.unit) and first.unit != then.unit:
            return replace(first, conversion_amount=then.amount, conversion_unit=then.unit)
        raise _NotQuantity
    approx = False
    bounds: list[tuple[str, str]] = []
    text = t.lower()
    # Affix words are read off both ends by moving two positions, never by cutting
    # the text (cutting it once per word was quadratic: 5 or more or more ...).
    head, tail = 0, len(text)
    while text[head:head + 1] in _PREFIX_STARTS and (m := _PREFIX_RE.match(text, head)):
        if m.end() == tail:
            break
        kind = m.lastgroup
        if kind == "approx":
            approx = True
        elif kind is not None:
            bounds.append((kind, m[kind]))
        head = m.end()
    while text.endswith(_SUFFIX_WORDS, head, tail):  # a cheap test first: the pattern is slow to search
        m = _SUFFIX_RE.search(text, max(head, tail - _SUFFIX_REACH), tail)
        if not m or m.start() == head:
            break
        kind = m.lastgroup
        if kind == "approx":
            approx = True
        elif kind is not None and kind != "neutral":
            bounds.append((kind, m[kind]))
        tail = m.start()
    text = _in_figures(text[head:tail].strip())
    kinds = {k for k, _ in bounds}
    if len(kinds) > 1:
        raise _fail(raw, "it gives both a lower and an upper bound without a range")
    split = _SUB_UNIT.fullmatch(text) if text.endswith(("銭", "セント", "cent", "cents")) else None
    if split:  # 2ドル3セント, 2222円13銭: the sub-unit is a hundredth
        whole = _core(raw, split["whole"])
        if whole.unit not in ("JPY", "USD", "EUR") or whole.amount < 0 or whole.mult:
            raise _NotQuantity  # 5 million dollars 50 cents: not a price
        cents = _CTX.divide(Decimal(split["sub"]), Decimal(100))
        return _value(raw, _CTX.add(whole.amount, cents), whole.unit, approx, None, None)
    band = _band(raw, text)
    if band is not None:  # a bound word keeps the band's end on its side: 数千億円以上 is at least 2000億円
        lo, hi, unit, several = band
        return _value(raw, None, unit, approx or several, None if "upper" in kinds else lo,
                      None if "lower" in kinds else hi)
    try:
        end = _core(raw, text)
    except _NotQuantity:
        end = None
    if end is not None:
        lower = end.amount if "lower" in kinds else None
        upper = end.amount if "upper" in kinds else None
        if bounds:  # a soft bound (nearly, 弱) is approximate: its open side closes at the approximate band
            approx = all(word in _SOFT_BOUNDS for _, word in bounds)
        return _value(raw, end.amount, end.unit, approx, lower, upper)
    for sep, left, right in _split_range(text):
        try:
            lo, hi, unit = _range(raw, left, right)
        except _NotQuantity:
            continue
        if bounds and all(word in _SOFT_BOUNDS for _, word in bounds):
            approx, bounds = True, []  # nearly 3 to 5 million, 2〜3割弱: about the range
        if bounds and not (sep == "から" and bounds == [("upper", "まで")]):
            raise _fail(raw, "a bound word cannot apply to a range")
        return _value(raw, None, unit, approx, lo, hi)
    raise _NotQuantity


# ---------------------------------------------------------------- number words

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_NUMBER_WORD = "|".join(sorted([*_ONES, *_TENS, "hundred", "dozen", "half", "and", "a", "an"], key=len, reverse=True))
_NUMBER_WORDS = deferred(rf"(?<![\w.])(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*(?![\w])")
_LARGE_SCALE = deferred(r"\s*(?:thousand|million|billion|trillion)s?\b")
_SIGN_WORD = deferred(r"^(?:minus\s+|マイナス\s*)")
_LEADING_DOT = deferred(r"(?<![\d.])\.(?=\d)")
_LETTERS = deferred(r"[a-z]+")
#: A number word stands between characters that are no letters: it is a whole
#: run of letters, and text with no such run has none.
_NUMBER_WORD_SET = frozenset(_NUMBER_WORD.split("|"))


def _in_figures(text: str) -> str:
    """Number words as digits, a written minus as ``-``, ``.5`` as ``0.5``:
    ``two million`` is ``2 million``, ``one and a half million`` ``1.5
    million``, ``half a trillion`` ``0.5 trillion``, ``a dozen`` ``12``,
    ``minus 5%`` and ``マイナス5%`` ``-5%``. Scale words stay for the grammar
    (so that ``three to five million`` is one range); a run that does not
    read as one number is left as it was."""
    if "." in text:
        text = _LEADING_DOT.sub("0.", text)
    if text.startswith(("minus", "マイナス")):
        text = _SIGN_WORD.sub("-", text)
    if _NUMBER_WORD_SET.isdisjoint(_LETTERS.findall(text)):
        return text  # no number words to read ($500b, 5 percent)

    def figure(m: re.Match[str]) -> str:
        scale = _LARGE_SCALE.match(text, m.end())
        rest = text[scale.end() if scale else m.end():].strip()
        if rest and not (rest in _PERCENT_WORDS or rest in _CURRENCY or rest in unit_words.WORDS
                         or rest.startswith(("to ", "-", "and "))):
            return m[0]  # Five Eyes, One China, two thirds: names and fractions, not counts
        read = _words_number(re.split(r"[\s-]+", m[0]), scale is not None)
        return m[0] if read is None else format(read, "f")

    return _NUMBER_WORDS.sub(figure, text)


def _words_number(words: list[str], scaled: bool) -> Decimal | None:
    """The number a run of English number words says, or None. ``scaled``:
    a scale word (million) follows, which lets ``a`` and ``half a`` stand alone."""
    if not words:
        return None
    if words in (["half", "a"], ["half", "an"]):
        return Decimal("0.5") if scaled else None
    if words[-3:] == ["and", "a", "half"]:
        whole = _words_number(words[:-3], True)
        return None if whole is None else whole + Decimal("0.5")
    if words[0] in ("a", "an"):
        if len(words) == 1:
            return Decimal(1) if scaled else None
        words = ["one", *words[1:]]
    current: int | None = None
    last = ""
    for word in words:
        if word in _ONES or word in _TENS:
            value = _ONES.get(word, _TENS.get(word, 0))
            if current is not None and not (last in _TENS and word in _ONES and value < 10) \
                    and last not in ("hundred", "and"):
                return None  # "two three": not one number
            current = (current or 0) + value
        elif word in ("hundred", "dozen") and current is not None and last not in ("hundred", "dozen", "and"):
            current *= 100 if word == "hundred" else 12
        elif word == "dozen" and current is None:
            current = 12
        elif word == "and" and last == "hundred":
            pass
        else:
            return None
        last = word
    return None if current is None else Decimal(current)


_STATED = deferred(r"(?P<first>[^()（）]+?)\s*[(（](?P<then>[^()（）]+)[)）]")
_SUB_UNIT = deferred(
    r"(?P<whole>[^a-z]*?(?:(?P<yen>円)|ドル|dollars?|euros?))\s*(?:and\s+)?(?P<sub>[0-9]{1,2})\s*"
    r"(?(yen)銭|(?:セント|cents?))"
)
_SEVERAL = deferred(r"(?<=十)数|数(?=[十百千万億兆])")


def _band(raw: str, text: str) -> tuple[Decimal, Decimal, str | None, bool] | None:
    """The range a figure names without its ends: ``3万人台`` is 30,000 to
    39,999 people (the band of its last non-zero digit: ``150円台`` is 150 to
    159.99 yen), and ``数百人`` 200 to 999, ``十数人`` 11 to 19 (数, "several",
    from 2 of its place to the top of it; from 1 after 十): (lower, upper,
    unit, approximate) or None. Bands take the widest reading, so that a
    true figure is never outside them.

    台 makes a band only after a unit (``3万台`` is 30,000 vehicles).
    """
    several = len(_SEVERAL.findall(text)) if "数" in text else 0
    if several > 1:
        return None  # 数十数人: no one reading
    if several:
        after_ten = any(m.start() and text[m.start() - 1] == "十" for m in _SEVERAL.finditer(text))
        try:
            lo = _core(raw, _SEVERAL.sub("一" if after_ten else "二", text))
            hi = _core(raw, _SEVERAL.sub("九", text))
        except _NotQuantity:
            return None
        # 数百 runs to 999, not 900: the place is (九 - 二) / 7 (十数: (十九 - 十一) / 8).
        place = _CTX.divide(_CTX.subtract(hi.amount, lo.amount), Decimal(8 if after_ten else 7))
        return lo.amount, _CTX.subtract(_CTX.add(hi.amount, place), min(_ONE, place)), lo.unit, True
    if not text.endswith("台"):
        return None
    try:
        end = _core(raw, text[:-1].rstrip())
    except _NotQuantity:
        return None
    if end.unit is None or end.amount <= 0:
        return None
    exponent = end.amount.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # a finite amount
    step = _ONE.scaleb(exponent, _CTX)
    last = min(_ONE, _CTX.divide(step, Decimal(1000)))  # 39,999 people; 159.99 yen
    return end.amount, _CTX.subtract(_CTX.add(end.amount, step), last), end.unit, False


def _value(
    raw: str, amount: Decimal | None, unit: str | None, approx: bool, lower: Decimal | None, upper: Decimal | None
) -> Value:
    return Value(
        kind="quantity",
        raw=raw,
        amount=None if amount is None else _canon(amount),
        unit=unit,
        approx=approx,
        lower=None if lower is None else _canon(lower),
        upper=None if upper is None else _canon(upper),
    )


@lru_cache(maxsize=65536)
def parse_value(raw: str, *, reference: date | None = None, fiscal: FiscalYear = DEFAULT_FISCAL) -> Value:
    """Read a raw claim value as a quantity, a date or categorical text.

    A relative date (``昨日``, ``先月``, ``3月1日`` without a year) is read
    against the ``reference`` day; without one it is a
    :class:`~claimtrack.errors.RelativeDate` error. ``fiscal`` says how
    ``FY2025`` is read (:data:`claimtrack.domain.dates.FISCAL_YEARS`).
    """
    if not isinstance(raw, str):
        raise ParseError(f"cannot read {raw!r} as a value: expected text")
    t = prepare(raw)
    if not t:
        raise _fail(raw, "it is empty")
    found = read_date(raw, t, bare_year=False, reference=reference, fiscal=fiscal)
    if found is not None:
        return Value(
            kind="date", raw=raw, date=found.date, precision=found.precision, start=found.start, end=found.end,
            offset=found.offset, relative_to=found.relative_to,
        )
    try:
        return _quantity(raw, t)
    except _NotQuantity:
        pass
    except ArithmeticError:
        raise _fail(raw, "the number has too many digits to keep exactly") from None
    if any(ch.isdigit() for ch in t) and not any(ch.isalpha() for ch in t):
        raise _fail(raw, "it has digits but does not read as a number, a range or a date")
    return Value(kind="categorical", raw=raw, normalized=fold(raw))


_FIGURE_HINT = deferred(
    r"\d|[" + "".join(kanji.DIGITS) + "".join(kanji.SMALL_UNITS) + "".join(kanji.LARGE_UNITS) + "]"
    r"|\b(?:" + "|".join(w for w in _SCALES if len(w) > 3) + r")\b",
    re.IGNORECASE,
)


def looks_like_a_figure(text: str) -> bool:
    """Whether text the parser kept as words holds a number it could not read:
    a digit, a kanji numeral or a scale word (``数千億ドルと5割``, ``several billion
    dollars``, ``3 to 4 weeks``)."""
    return _FIGURE_HINT.search(text) is not None
