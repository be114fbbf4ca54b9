"""Text helpers shared by the domain: the comparison form of text, slugs, keys, domains."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import urlsplit

_SLUG_DROP_RE = re.compile(r"[^\w]+")
KEY_RE = re.compile(r"^[\w][\w.\-]*(?:/[\w][\w.\-]*)*$")


def fold(text: str) -> str:
    """The form under which claimtrack compares text: the one normalisation.

    NFKC (full-width letters and digits become ASCII, ``㍻`` becomes ``平成``),
    case folded (``Straße`` and ``STRASSE`` meet), NFKC again (folding can
    undo it), and whitespace of any kind collapsed to one space and stripped.
    Categorical values, speakers and source names are all compared this way.
    """
    if text.isascii():  # NFKC leaves ASCII as it is, and its case folding is lower()
        return " ".join(text.lower().split())
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』|(\S+)')
#: Quote marks a word keeps when its phrase is left open ("joint) or typed curly: never a term's own.
_STRAY_QUOTES = "\"'“”‘’「」『』"


def search_terms(query: str) -> list[str]:
    """The terms of a search, each in comparison form: words and numbers
    apart from spaces, a phrase in double quotes or 「」 as one term.

    A claim matches when it holds every term somewhere, as written inside a
    longer word too (``5000億`` in ``5000億ドル``). An English plural also
    finds its singular: ``minerals`` is searched as ``mineral``, which finds
    both (``companies`` as ``compan``, ``taxes`` as ``tax``).
    """
    terms = []
    for *phrases, word in _QUOTED.findall(searchable(query)):
        term = (next((p for p in phrases if p), "") or word.strip(_STRAY_QUOTES)).strip()
        if word:
            term = _singular(term)
        if term and term not in terms:
            terms.append(term)
    return terms


def searchable(text: str) -> str:
    """The form search compares: :func:`fold`, without the characters that
    cannot be seen (a zero-width space, a soft hyphen, the joiner inside an
    emoji, a control character): one pasted with them finds one typed without."""
    folded = fold(text)
    return folded if folded.isprintable() else "".join(ch for ch in folded if ch.isprintable())


def term_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where in ``text`` (as written) each search term occurs, as sorted
    ``(start, end)`` spans: the text is folded character by character, so a
    span in the folded form maps back to the characters that made it
    (``５０００億`` holds ``5000億``)."""
    folded: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        form = _fold_char(ch)
        folded.append(form)
        origin.extend([i] * len(form))
    flat = "".join(folded)
    spans = []
    for term in terms:
        at = flat.find(term)
        while at != -1 and term:
            spans.append((origin[at], origin[at + len(term) - 1] + 1))
            at = flat.find(term, at + len(term))
    return sorted(spans)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    form = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", ch).casefold())
    return form if form.isprintable() else ""


def _singular(word: str) -> str:
    """An English plural's stem: ``minerals`` -> ``mineral``; anything else as it is."""
    if not (word.isascii() and word.isalpha() and len(word) > 4 and word.endswith("s")):
        return word
    if word.endswith("ies") and word[-4] not in "aeiou":
        return word[:-3]
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    return word if word.endswith(("ss", "us", "is")) else word[:-1]


def name_key(name: str) -> str:
    """The form under which source names are compared: :func:`fold` without spaces,
    so "Forbes Japan", "forbes japan" and "ＦＯＲＢＥＳ ＪＡＰＡＮ" are one name."""
    return fold(name).replace(" ", "")


def slugify(name: str) -> str:
    """A slug id for a source name: ``Forbes Japan`` -> ``forbes-japan``.

    Letters of any script are kept (``時事ドットコム`` stays as it is).
    """
    return _SLUG_DROP_RE.sub("-", fold(name)).strip("-_")


def check_key(key: str) -> str:
    """Return the key if it is a slug path; explain what is wrong if not."""
    normalised = unicodedata.normalize("NFKC", key).strip()
    if not normalised:
        raise ValueError("a key cannot be empty")
    if not KEY_RE.match(normalised):
        raise ValueError(
            f"'{key}' is not a key: use a slug path such as minerals-deal/us-share "
            "(letters, digits, '-', '_', '.', parts separated by '/')"
        )
    if normalised != normalised.lower():
        raise ValueError(f"'{key}' is not a key: keys are lowercase ('{normalised.lower()}')")
    return normalised


_WEB_URL = re.compile(r"^https?://[^\s/?#@:]+(?::\d+)?(?:[/?#]\S*)?$", re.IGNORECASE)


def is_web_url(text: str) -> bool:
    """An http(s) address with a host: what claimtrack accepts as a claim's URL."""
    return bool(_WEB_URL.match(text))


def url_host(url: str) -> str | None:
    """The lowercased host of a URL without a leading ``www.``, or None."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def domain_candidates(host: str) -> list[str]:
    """``globe.asahi.com`` -> ``["globe.asahi.com", "asahi.com"]``: most specific first."""
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)] or [host]


def normalise_domain(domain: str) -> str:
    """Accept ``forbesjapan.com``, ``https://www.forbesjapan.com/x`` or ``WWW.Forbesjapan.com``."""
    text = domain.strip()
    host = url_host(text if "//" in text else "//" + text)
    if not host or "." not in host or " " in host:
        raise ValueError(f"'{domain}' is not a web domain (expected e.g. forbesjapan.com)")
    return host


# A cell a spreadsheet would run as a formula starts with one of these
# (OWASP, "CSV injection"); a plain number starting with - or + is a number.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_QUOTED_FORMULA = re.compile(r"^'+[=+\-@\t\r]")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a formula
    gets a leading ``'`` (so does one already starting with ``'`` before such
    a character, so that :func:`spreadsheet_text` gives every cell back
    exactly). Plain numbers stay numbers."""
    if (cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(cell)) or _QUOTED_FORMULA.match(cell):
        return "'" + cell
    return cell


def spreadsheet_text(cell: str) -> str:
    """The cell :func:`spreadsheet_safe` was given."""
    return cell[1:] if _QUOTED_FORMULA.match(cell) else cell
