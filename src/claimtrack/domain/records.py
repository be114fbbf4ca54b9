"""Turn an incoming record (an import line, or `add`'s options) into a checked
claim input. Pure: errors are values that name the field that was wrong."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from claimtrack.domain.model import SOURCE_KINDS, STANCES, Value, decimal_str
from claimtrack.domain.text import check_key, is_web_url, normalise_domain
from claimtrack.errors import ClaimtrackError

CLAIM_FIELDS = frozenset(
    {
        "type", "id", "key", "text", "source", "source_name", "speaker", "url", "stance",
        "claimed_on", "as_of", "value", "qualifiers", "supersedes", "quote", "note",
        "lang", "recorded_at",
    }
)
SOURCE_FIELDS = frozenset({"type", "id", "name", "kind", "aliases", "domains", "created_at"})
RESOLUTION_FIELDS = frozenset({"type", "finding_id", "status", "claim_id", "note", "resolved_by", "resolved_at"})
RESOLUTION_STATUSES = ("explained", "accepted", "wrong-claim")
# A finding id: kind letter, (for a rule error, the rule's name,) two claim ids.
FINDING_ID = re.compile(r"^([a-z])-(?:[a-z_]+-)?(\d+)-(\d+)$")


class ClaimInput(NamedTuple):
    """A claim that passed every check but is not recorded yet.

    A named tuple rather than a frozen dataclass: an import builds one per
    line, and a tuple is several times cheaper to make.
    """

    key: str
    text: str
    source_ref: str | None
    stance: str = "asserts"
    speaker: str | None = None
    url: str | None = None
    claimed_on: str | None = None
    as_of: str | None = None
    value: Value | None = None
    qualifiers: dict[str, str] = {}  # noqa: RUF012 - never mutated
    supersedes: int | None = None
    quote: str | None = None
    note: str | None = None
    lang: str | None = None
    id: int | None = None
    recorded_at: str | None = None

    def fingerprint(self, source_id: str) -> bytes:
        """Same key, source, text, date and URL: the same claim (a 16-byte hash).

        A correction (``supersedes``) is never the claim it corrects, so the
        id it supersedes is part of the hash too.
        """
        parts = (self.key, source_id, self.text, self.claimed_on or "", self.url or "", str(self.supersedes or ""))
        return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class SourceInput:
    id: str | None
    name: str
    kind: str | None = None  # None: outlet for a new source, unchanged for an existing one
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    created_at: str | None = None


def _err(field_name: str, message: str) -> ClaimtrackError:
    return ClaimtrackError(message, field=field_name)


def _opt_str(rec: Mapping[str, Any], name: str) -> str | None:
    raw = rec.get(name)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise _err(name, f"expected text, got {type(raw).__name__} {json.dumps(raw, ensure_ascii=False)}")
    raw = raw.strip()
    return raw or None


def _req_str(rec: Mapping[str, Any], name: str) -> str:
    value = _opt_str(rec, name)
    if value is None:
        raise _err(name, "is required and cannot be empty")
    return value


MAX_ID = 2**63 - 1  # SQLite's largest integer


def claim_id(raw: Any, name: str) -> int:
    """A claim id from a number or its digits, or an error naming ``name``."""
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        raw = int(raw.strip())
    if type(raw) is not int or not 1 <= raw <= MAX_ID:
        raise _err(name, f"expected a claim id (a whole number from 1), got {raw!r}")
    return raw


def _opt_int(rec: Mapping[str, Any], name: str) -> int | None:
    raw = rec.get(name)
    if raw is None or raw == "":
        return None
    if type(raw) is int and 0 < raw <= MAX_ID:
        return raw
    return claim_id(raw, name)


def parse_qualifiers(raw: Any) -> dict[str, str]:
    """Qualifiers as a mapping, a list of ``NAME=VALUE`` or ``a=b; c=d`` text."""
    if not raw:
        return {}
    items: list[tuple[str, Any]]
    if isinstance(raw, Mapping):
        items = list(raw.items())
    else:
        parts = raw.split(";") if isinstance(raw, str) else raw
        if not isinstance(parts, list):
            raise _err("qualifiers", "expected an object, a list of NAME=VALUE or 'a=b; c=d'")
        items = []
        for part in parts:
            if not isinstance(part, str) or "=" not in part:
                raise _err("qualifiers", f"expected NAME=VALUE, got {part!r}")
            name, _, value = part.partition("=")
            items.append((name, value))
    out: dict[str, str] = {}
    for name, value in items:
        if not isinstance(value, str | int | float | Decimal) or isinstance(value, bool):
            raise _err("qualifiers", f"value of {name!r} must be text")
        name, value = str(name).strip(), str(value).strip()
        if not name or not value:
            raise _err("qualifiers", f"expected NAME=VALUE with both parts, got {name!r}={value!r}")
        out[name] = value
    return dict(sorted(out.items()))


def _check_url(url: str | None) -> str | None:
    if url is None:
        return None
    if not is_web_url(url):
        raise _err("url", f"'{url}' is not a web address (expected https://...)")
    return url


def _check_timestamp(value: str | None, name: str) -> str | None:
    """An ISO timestamp with an offset, stored in UTC so timestamps sort as text."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _err(name, f"'{value}' is not an ISO timestamp") from None
    if moment.tzinfo is None:
        raise _err(name, f"'{value}' has no UTC offset (e.g. 2025-03-01T09:00:00+09:00)")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _date(rec: Mapping[str, Any], name: str) -> str | None:
    raw = rec.get(name)
    if not raw:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise _err(name, f"expected a date, got {raw!r}")
    from claimtrack.domain.dates import parse_date

    try:
        return parse_date(raw).date
    except ClaimtrackError as exc:
        raise exc.located(field=name) from None


def _value(given: Any) -> Value | None:
    raw = given
    if isinstance(given, Mapping):
        if "raw" not in given:
            raise _err("value", "a value object needs its 'raw' text (the value as written)")
        raw = given["raw"]
    if raw is None:
        return None
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        raw = str(raw)  # a JSON number, kept as written (1.10 stays 1.10)
    if not isinstance(raw, str):
        raise _err("value", f"expected the value as text, got {raw!r}")
    if not raw.strip():
        return None
    from claimtrack.domain.values import parse_value

    try:
        value = parse_value(raw)
    except ClaimtrackError as exc:
        raise exc.located(field="value") from None
    if isinstance(given, Mapping):
        # The reading is always made from raw; a reading given alongside it
        # (as export writes it) must agree, or the file says two things.
        reading = value.to_json()
        for name, stated in given.items():
            if name == "raw" or name not in reading or stated is None:
                continue
            if isinstance(stated, int | Decimal) and not isinstance(stated, bool):
                stated = decimal_str(Decimal(stated))
            if stated != reading[name]:
                raise _err("value", f"{name} {stated!r} is not how {raw!r} reads ({reading[name]!r}); "
                           "give raw alone, or fix the file")
    return value


_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_OPTIONAL_TEXT = ("source", "source_name", "speaker", "quote", "note", "lang", "recorded_at")


@lru_cache(maxsize=65536)
def _key(raw: str) -> str:
    try:
        return check_key(raw)
    except ValueError as exc:
        raise _err("key", str(exc)) from None


def claim_input(rec: Mapping[str, Any]) -> ClaimInput:
    """Check one claim record (field names of the JSON contract).

    Called once per imported line, so the common case (every field plain
    text or absent) is kept to straight-line code.
    """
    if not rec.keys() <= CLAIM_FIELDS:
        name = sorted(set(rec) - CLAIM_FIELDS)[0]
        raise _err(name, f"unknown field (known fields: {', '.join(sorted(CLAIM_FIELDS - {'type'}))})")
    get = rec.get
    key = get("key")
    text = get("text")
    if type(key) is not str or type(text) is not str:
        key, text = _req_str(rec, "key"), _req_str(rec, "text")
    else:
        key, text = key.strip(), text.strip()
        if not key:
            raise _err("key", "is required and cannot be empty")
        if not text:
            raise _err("text", "is required and cannot be empty")
    opt: dict[str, str | None] = {}
    for name in _OPTIONAL_TEXT:
        raw = get(name)
        if raw is None:
            opt[name] = None
        elif type(raw) is str:
            opt[name] = raw.strip() or None
        else:
            opt[name] = _opt_str(rec, name)
    stance = get("stance")
    if stance is None or stance == "asserts":
        stance = "asserts"
    else:
        stance = _opt_str(rec, "stance") or "asserts"
        if stance not in STANCES:
            raise _err("stance", f"'{stance}' is not a stance (use asserts or denies)")
    url = get("url")
    if url is not None:
        url = _check_url((url.strip() if type(url) is str else _opt_str(rec, "url")) or None)
    raw_value = get("value")
    lang = opt["lang"]
    if lang is not None and not _LANG.match(lang):
        raise _err("lang", f"'{lang}' is not a language tag (ja, en, en-GB)")
    return ClaimInput(
        _key(key),
        text,
        opt["source"] or opt["source_name"],
        stance,
        opt["speaker"],
        url or None,
        _date(rec, "claimed_on"),
        _date(rec, "as_of"),
        None if raw_value is None else _value(raw_value),
        parse_qualifiers(get("qualifiers")),
        _opt_int(rec, "supersedes"),
        opt["quote"],
        opt["note"],
        lang,
        _opt_int(rec, "id"),
        _check_timestamp(opt["recorded_at"], "recorded_at"),
    )


def _str_list(rec: Mapping[str, Any], name: str) -> tuple[str, ...]:
    raw = rec.get(name) or []
    if isinstance(raw, str):
        raw = [part for part in raw.split(";")]
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise _err(name, "expected a list of text")
    return tuple(x.strip() for x in raw if x.strip())


def source_input(rec: Mapping[str, Any]) -> SourceInput:
    """Check one source record (``{"type": "source", ...}``)."""
    unknown = set(rec) - SOURCE_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise _err(name, f"unknown field for a source (known: {', '.join(sorted(SOURCE_FIELDS - {'type'}))})")
    kind = _opt_str(rec, "kind")
    if kind is not None and kind not in SOURCE_KINDS:
        raise _err("kind", f"'{kind}' is not a source kind (use {', '.join(SOURCE_KINDS)})")
    domains = []
    for domain in _str_list(rec, "domains"):
        try:
            domains.append(normalise_domain(domain))
        except ValueError as exc:
            raise _err("domains", str(exc)) from None
    return SourceInput(
        id=_opt_str(rec, "id"),
        name=_req_str(rec, "name"),
        kind=kind,
        aliases=_str_list(rec, "aliases"),
        domains=tuple(domains),
        created_at=_check_timestamp(_opt_str(rec, "created_at"), "created_at"),
    )


class ResolutionInput(NamedTuple):
    """A resolution read from an import file, in the order the store writes it."""

    finding_id: str
    status: str
    claim_id: int | None
    note: str
    resolved_by: str | None
    resolved_at: str


def resolution_input(rec: Mapping[str, Any]) -> ResolutionInput:
    """Check one resolution record (``{"type": "resolution", ...}``)."""
    unknown = set(rec) - RESOLUTION_FIELDS
    if unknown:
        raise _err(sorted(unknown)[0], f"unknown field for a resolution (known: {', '.join(sorted(RESOLUTION_FIELDS - {'type'}))})")
    finding_id = _req_str(rec, "finding_id")
    if not FINDING_ID.match(finding_id):
        raise _err("finding_id", f"'{finding_id}' is not a finding id (they look like c-12-40)")
    status = _req_str(rec, "status")
    if status not in RESOLUTION_STATUSES:
        raise _err("status", f"'{status}' is not a status (use {', '.join(RESOLUTION_STATUSES)})")
    at = _check_timestamp(_req_str(rec, "resolved_at"), "resolved_at")
    assert at is not None
    return ResolutionInput(
        finding_id, status, _opt_int(rec, "claim_id"), _req_str(rec, "note"), _opt_str(rec, "resolved_by"), at
    )
