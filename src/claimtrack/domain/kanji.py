"""Japanese numerals: the one reader of kanji numbers, for values and dates alike.

Pure: no I/O. Digits are 〇一二三四五六七八九 (and the formal 零壱弐参). A number
is read in one of two ways:

* positionally, digit by digit: ``二〇二五`` is 2025;
* with the small units 十 (拾), 百 and 千, which must descend, each taking
  the one digit before it (1 when there is none): ``二千二十五`` is 2025,
  ``三十一`` is 31; arabic numbers mix in (``3千5百`` is 3500), but
  ``五五十`` is not a number.

The large units 万 (萬), 億, 兆 and 京 group such numbers four digits at a
time (``五千億`` is 500,000,000,000); :mod:`claimtrack.domain.values` reads
them, section by section, with :func:`read_small`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow

__all__ = ["DIGITS", "LARGE_UNITS", "NUMERALS", "SMALL_UNITS", "kanji_int", "read_small"]

DIGITS = {
    "〇": 0, "零": 0, "一": 1, "壱": 1, "二": 2, "弐": 2, "三": 3, "参": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
#: Small units, as powers of ten.
SMALL_UNITS = {"十": 1, "拾": 1, "百": 2, "千": 3}
#: Large units, as powers of ten: each groups a number read by ``read_small``.
LARGE_UNITS = {"万": 4, "萬": 4, "億": 8, "兆": 12, "京": 16}

#: Every character a kanji number below 10,000 is written with (for regex classes).
NUMERALS = "".join(DIGITS) + "".join(SMALL_UNITS)

# Exact arithmetic, or an error: a number is never rounded while it is read.
_CTX = Context(prec=80, traps=[Inexact, InvalidOperation, Overflow])
_DIGIT_CHARS = "".join(DIGITS)
_TOKEN = re.compile(r"[0-9][0-9.,']*|[" + _DIGIT_CHARS + r"]+|[" + "".join(SMALL_UNITS) + r"]|.")

Arabic = Callable[[str], Decimal | None]


def read_small(text: str, arabic: Arabic) -> Decimal | None:
    """A number written without the large units, or None when ``text`` is not one.

    ``arabic`` reads a run of arabic digits (with whatever grouping or decimal
    point the caller accepts) and returns None, or raises, when it cannot.
    Raises :class:`ArithmeticError` rather than round.
    """
    if text and all(ch in DIGITS for ch in text):
        return Decimal("".join(str(DIGITS[ch]) for ch in text))
    total = Decimal(0)
    current: Decimal | None = None
    last: int | None = None  # the power of the last small unit seen
    for token in _TOKEN.findall(text):
        if token in SMALL_UNITS:
            power = SMALL_UNITS[token]
            if last is not None and power >= last:
                return None
            total = _CTX.add(total, (current if current is not None else Decimal(1)).scaleb(power, _CTX))
            current, last = None, power
        elif current is not None:
            return None
        elif token[0].isdigit():
            current = arabic(token)
            if current is None:
                return None
        elif token[0] in DIGITS and len(token) == 1:
            current = Decimal(DIGITS[token])
        else:
            return None
    if current is not None:
        if last is not None and current >= Decimal(10) ** last:
            return None
        total = _CTX.add(total, current)
    return total if text else None


def _whole(token: str) -> Decimal | None:
    return Decimal(token) if token.isascii() and token.isdigit() else None


def kanji_int(text: str) -> int | None:
    """A whole number below 10,000 in kanji or arabic digits, or None.

    Positional digits are kanji or arabic, not both, and at most four
    (``二〇二五``, ``2025``); with units, ``三十一``, ``二千二十五``, ``3千5百``.
    """
    if not text:
        return None
    if all(ch in DIGITS or "0" <= ch <= "9" for ch in text):
        mixed = any(ch in DIGITS for ch in text) and any("0" <= ch <= "9" for ch in text)
        if len(text) > 4 or mixed:
            return None
    try:
        number = read_small(text, _whole)
    except ArithmeticError:
        return None
    if number is None or number >= 10000 or number != number.to_integral_value():
        return None
    return int(number)
