"""Text helpers shared by the domain: the comparison form of text, slugs, keys, domains."""

from __future__ import annotations

import re
import unicodedata
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
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


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
