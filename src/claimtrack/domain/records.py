"""Turn an incoming record (an import line, or `add`'s options) into a checked
claim input. Pure: errors are values that name the field that was wrong."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from claimtrack.domain.model import SOURCE_KINDS, STANCES, Value
from claimtrack.domain.text import check_key, normalise_domain
from claimtrack.errors import ClaimtrackError

CLAIM_FIELDS = frozenset(
    {
        "type", "id", "key", "text", "source", "source_name", "speaker", "url", "stance",
        "claimed_on", "as_of", "value", "qualifiers", "supersedes", "quote", "note",
        "lang", "recorded_at",
    }
)
SOURCE_FIELDS = frozenset({"type", "id", "name", "kind", "aliases", "domains", "created_at"})


@dataclass(frozen=True, slots=True)
class ClaimInput:
    """A claim that passed every check but is not recorded yet."""

    key: str
    text: str
    source_ref: str | None
    stance: str = "asserts"
    speaker: str | None = None
    url: str | None = None
    claimed_on: str | None = None
    as_of: str | None = None
    value: Value | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)
    supersedes: int | None = None
    quote: str | None = None
    note: str | None = None
    lang: str | None = None
    id: int | None = None
    recorded_at: str | None = None

    def fingerprint(self, source_id: str) -> str:
        """Same key, source, text, date and URL: the same claim."""
        parts = [self.key, source_id, self.text, self.claimed_on or "", self.url or ""]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class SourceInput:
    id: str | None
    name: str
    kind: str = "outlet"
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


def _opt_int(rec: Mapping[str, Any], name: str) -> int | None:
    raw = rec.get(name)
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise _err(name, f"expected a claim id (a whole number), got {raw!r}")
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, str) and raw.strip().isdigit():
        number = int(raw.strip())
    else:
        raise _err(name, f"expected a claim id (a whole number), got {raw!r}")
    if number < 1:
        raise _err(name, f"expected a positive claim id, got {number}")
    return number


def parse_qualifiers(raw: Any) -> dict[str, str]:
    """Qualifiers as a mapping, a list of ``NAME=VALUE`` or ``a=b; c=d`` text."""
    if raw is None or raw == "":
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
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise _err("qualifiers", f"value of {name!r} must be text")
        name, value = str(name).strip(), str(value).strip()
        if not name or not value:
            raise _err("qualifiers", f"expected NAME=VALUE with both parts, got {name!r}={value!r}")
        out[name] = value
    return dict(sorted(out.items()))


def _check_url(url: str | None) -> str | None:
    if url is None:
        return None
    from claimtrack.domain.text import url_host

    if not url.lower().startswith(("http://", "https://")) or not url_host(url):
        raise _err("url", f"'{url}' is not a web address (expected https://...)")
    return url


def _check_timestamp(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _err(name, f"'{value}' is not an ISO timestamp") from None
    return value


def _date(rec: Mapping[str, Any], name: str) -> str | None:
    raw = rec.get(name)
    if raw is None or raw == "":
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


def _value(raw: Any) -> Value | None:
    if isinstance(raw, Mapping):
        raw = raw.get("raw")
    if raw is None:
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise _err("value", f"expected the value as text, got {raw!r}")
    if not raw.strip():
        return None
    from claimtrack.domain.values import parse_value

    try:
        return parse_value(raw)
    except ClaimtrackError as exc:
        raise exc.located(field="value") from None


def claim_input(rec: Mapping[str, Any]) -> ClaimInput:
    """Check one claim record (field names of the JSON contract)."""
    unknown = set(rec) - CLAIM_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise _err(name, f"unknown field (known fields: {', '.join(sorted(CLAIM_FIELDS - {'type'}))})")
    try:
        key = check_key(_req_str(rec, "key"))
    except ValueError as exc:
        raise _err("key", str(exc)) from None
    stance = _opt_str(rec, "stance") or "asserts"
    if stance not in STANCES:
        raise _err("stance", f"'{stance}' is not a stance (use asserts or denies)")
    source_ref = _opt_str(rec, "source") or _opt_str(rec, "source_name")
    return ClaimInput(
        key=key,
        text=_req_str(rec, "text"),
        source_ref=source_ref,
        stance=stance,
        speaker=_opt_str(rec, "speaker"),
        url=_check_url(_opt_str(rec, "url")),
        claimed_on=_date(rec, "claimed_on"),
        as_of=_date(rec, "as_of"),
        value=_value(rec.get("value")),
        qualifiers=parse_qualifiers(rec.get("qualifiers")),
        supersedes=_opt_int(rec, "supersedes"),
        quote=_opt_str(rec, "quote"),
        note=_opt_str(rec, "note"),
        lang=_opt_str(rec, "lang"),
        id=_opt_int(rec, "id"),
        recorded_at=_check_timestamp(_opt_str(rec, "recorded_at"), "recorded_at"),
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
    kind = _opt_str(rec, "kind") or "outlet"
    if kind not in SOURCE_KINDS:
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
