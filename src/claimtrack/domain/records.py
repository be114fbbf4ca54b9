"""Check an incoming record (an import line, or a command's options) and turn
it into a draft claim, source or resolution.

Pure: errors are values that name the field that was wrong. The fields a
record may carry are the fields of :mod:`claimtrack.domain.model` (plus
``type``); each field is checked by the rule named for it below, or, for a
field with no rule of its own, as optional text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from datetime import date as _date
from decimal import Decimal
from functools import cache, lru_cache, partial
from typing import Any

from msgspec import Struct, structs

from claimtrack.domain.model import (
    Claim,
    RatePin,
    Resolution,
    Source,
    UnitAlias,
    Value,
    decimal_str,
    field_names,
    joined_fields,
    stated_fields,
)
from claimtrack.domain.money import parse_pin
from claimtrack.domain.text import check_key, is_web_url, normalise_domain
from claimtrack.domain.vocabulary import (
    DECISION_STATUSES,
    DEFAULT_FISCAL,
    FISCAL_YEAR_CONVENTIONS,
    SOURCE_KINDS,
    STANCES,
    FiscalYear,
)
from claimtrack.errors import ClaimtrackError, RelativeDate, excerpt

#: The largest power of ten a number in a record may carry (1e400): far past
#: any figure, and short of arithmetic that costs memory and time.
MAX_EXPONENT = 400

#: A finding id: kind letter, (for a rule error, the rule's name,) two claim ids.
FINDING_ID = re.compile(r"^([a-z])-(?:[a-z_]+-)?(\d+)-(\d+)$")
MAX_ID = 2**63 - 1  # SQLite's largest integer
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

Check = Callable[[Mapping[str, Any], str], Any]


def renumbered(resolution: Resolution, ids: Mapping[int, int]) -> Resolution:
    """A resolution from another ledger, its claims under this ledger's ids
    (``ids``: theirs -> ours): ``v-3-7`` becomes ``v-12-40`` when their claims 3
    and 7 are our 40 and 12. A finding keeps its kind and rule; its id is
    written lowest claim first."""
    m = FINDING_ID.match(resolution.finding_id)
    assert m is not None  # checked by resolution_input
    a, b = (ids.get(int(m.group(i)), int(m.group(i))) for i in (2, 3))
    prefix = resolution.finding_id[: m.start(2)]
    claim = ids.get(resolution.claim_id, resolution.claim_id) if resolution.claim_id is not None else None
    return structs.replace(resolution, finding_id=f"{prefix}{min(a, b)}-{max(a, b)}", claim_id=claim)


def finding_claims(finding: str) -> tuple[int, int]:
    """The two claim ids a finding id names: ``v-12-40`` -> (12, 40)."""
    m = FINDING_ID.match(finding)
    ids = (int(m.group(2)), int(m.group(3))) if m else (0, 0)
    if not all(1 <= i <= MAX_ID for i in ids):
        raise _err("finding_id", f"'{finding}' is not a finding id (they look like c-12-40)")
    return ids


def _err(field_name: str, message: str) -> ClaimtrackError:
    return ClaimtrackError(message, field=field_name)


def _unknown(rec: Mapping[str, Any], known: frozenset[str], what: str) -> None:
    if not rec.keys() <= known:
        name = sorted(set(rec) - known)[0]
        raise _err(name, f"unknown field{what} (known fields: {', '.join(sorted(known - {'type'}))})")


# -- one rule per kind of field ------------------------------------------------


#: The longest a field may be, in characters: the same in JSON Lines, JSON
#: arrays, CSV and on the command line. Every field not named here: FIELD_LIMIT.
FIELD_LIMITS: Mapping[str, int] = {"text": 100_000, "quote": 100_000, "note": 100_000, "value": 1_000, "key": 500}
FIELD_LIMIT = 2_000

#: What a JSON value is, as a message names it.
_JSON_KINDS = {bool: "true or false", int: "a number", Decimal: "a number", float: "a number", list: "a list",
               dict: "an object"}


def limited(name: str, raw: str) -> str:
    """``raw``, or an error when it is longer than the field's limit (FIELD_LIMITS)."""
    limit = FIELD_LIMITS.get(name, FIELD_LIMIT)
    if len(raw) > limit:
        raise _err(name, f"is {len(raw):,} characters long; {{field:{name}}} takes at most {limit:,}")
    return raw


def text(rec: Mapping[str, Any], name: str) -> str | None:
    """Optional text, stripped; empty is absent."""
    raw = rec.get(name)
    if raw is None:
        return None
    if type(raw) is not str:
        kind = _JSON_KINDS.get(type(raw), type(raw).__name__)
        shown = excerpt(str(raw)) if isinstance(raw, Decimal) else excerpt(raw)
        raise _err(name, f"expected text, got {kind}: {shown}")
    return limited(name, raw).strip() or None


def required_text(rec: Mapping[str, Any], name: str) -> str:
    value = text(rec, name)
    if value is None:
        raise _err(name, "is required and cannot be empty")
    return value


def claim_id(raw: Any, name: str) -> int:
    """A claim id from a number or its digits, or an error naming ``name``."""
    digits = raw.strip() if isinstance(raw, str) else ""
    if digits.isascii() and digits.isdigit() and len(digits) <= len(str(MAX_ID)):
        raw = int(digits)
    if type(raw) is not int or not 1 <= raw <= MAX_ID:
        raise _err(name, f"expected a claim id (a whole number from 1 to {MAX_ID}), got {excerpt(raw)}")
    return raw


def optional_claim_id(rec: Mapping[str, Any], name: str) -> int | None:
    raw = rec.get(name)
    if raw is None or raw == "":
        return None
    return claim_id(raw, name)


def timestamp(rec: Mapping[str, Any], name: str) -> str | None:
    """An ISO timestamp with an offset, stored in UTC so timestamps sort as text."""
    raw = text(rec, name)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _err(name, f"'{raw}' is not an ISO timestamp") from None
    if moment.tzinfo is None:
        raise _err(name, f"'{raw}' has no UTC offset (e.g. 2025-03-01T09:00:00+09:00)")
    try:
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    except OverflowError:  # 9999-12-31T23:59:59-23:59 is in the year 10000 in UTC
        raise _err(name, f"'{raw}' falls outside the calendar (years 1 to 9999) in UTC") from None


def one_of(choices: tuple[str, ...], what: str, default: str | None = None) -> Check:
    """A rule for a field that takes one of ``choices``."""

    def check(rec: Mapping[str, Any], name: str) -> str | None:
        raw = rec.get(name)
        if raw is None or raw == default:
            return default
        value = text(rec, name) or default
        if value is not None and value not in choices:
            listed = " or ".join(choices) if len(choices) == 2 else ", ".join(choices)
            raise _err(name, f"'{value}' is not {what} (use {listed})")
        return value

    return check


@lru_cache(maxsize=65536)
def _checked_key(raw: str) -> str:
    try:
        return check_key(raw)
    except ValueError as exc:
        raise _err("key", str(exc)) from None


def key(rec: Mapping[str, Any], name: str) -> str:
    return _checked_key(required_text(rec, name))


def url(rec: Mapping[str, Any], name: str) -> str | None:
    address = text(rec, name)
    if address is not None and not is_web_url(address):
        raise _err(name, f"'{address}' is not a web address (expected https://...)")
    return address


def date(rec: Mapping[str, Any], name: str, fiscal: FiscalYear = DEFAULT_FISCAL) -> str | None:
    """A date or period as ISO text (``2025-03-01``, ``2025-04-01/2026-03-31``).

    ``as_of`` may be relative (``先月``, ``last year``): it is read against
    the claim's own date, ``claimed_on``.
    """
    raw = rec.get(name)
    if not raw:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise _err(name, f"expected a date, got {excerpt(raw)}")
    limited(name, raw)
    try:
        try:
            return _iso_date(raw, None, fiscal)
        except RelativeDate as exc:
            if name == "claimed_on":
                raise
            return _iso_date(raw, _reference(rec, exc, fiscal), fiscal)
    except ClaimtrackError as exc:
        raise exc.located(field=name) from None


@lru_cache(maxsize=65536)
def _iso_date(raw: str, reference: _date | None, fiscal: FiscalYear) -> str:
    from claimtrack.domain.dates import parse_date  # its grammar compiles on first use

    return parse_date(raw, reference=reference, fiscal=fiscal).date


def _reference(rec: Mapping[str, Any], relative: RelativeDate, fiscal: FiscalYear) -> _date:
    """The day a relative date in a claim is read against: the claim's own date."""
    claimed = rec.get("claimed_on")
    if not claimed:
        raise relative.replaced(message=relative.message.replace(
            "write the calendar date", "write the calendar date, or give the claim's date ({field:claimed_on})"
        ))
    day = date(rec, "claimed_on", fiscal)
    if day is None or len(day) != 10:
        raise relative.replaced(message=relative.message.replace(
            "write the calendar date", f"write the calendar date (the claim's date, {day}, is not one day)"
        ))
    return _date.fromisoformat(day)


def value(rec: Mapping[str, Any], name: str, fiscal: FiscalYear = DEFAULT_FISCAL) -> Value | None:
    """A value as written (text, a JSON number, or export's object with ``raw``).

    The reading is always made from ``raw``; a reading given alongside it (as
    export writes it) must agree, or the file says two things. A relative
    date is read against the claim's date (``claimed_on``); a fiscal year
    given with the reading of another convention than ``fiscal`` keeps it. A
    reading exported before dates were periods (it has none of their parts)
    that differs in its kind, or as a date, is not held against raw: the
    grammar then read less. Its amounts and units are still checked.
    """
    given = rec.get(name)
    raw = given
    if isinstance(given, Mapping):
        if "raw" not in given:
            raise _err(name, "a value object needs its 'raw' text (the value as written)")
        raw = given["raw"]
    if raw is None:
        return None
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        raw = str(raw)  # a JSON number, kept as written (1.10 stays 1.10)
    if not isinstance(raw, str):
        raise _err(name, f"expected the value as text, got {excerpt(raw)}")
    limited(name, raw)
    if not raw.strip():
        return None
    from claimtrack.domain.values import parse_value  # its grammar compiles on first use

    reference = None
    try:
        try:
            read = parse_value(raw, fiscal=fiscal)
        except RelativeDate as exc:
            reference = _reference(rec, exc, fiscal)
            read = parse_value(raw, reference=reference, fiscal=fiscal)
    except ClaimtrackError as exc:
        raise exc.located(field=name) from None
    if isinstance(given, Mapping):
        disagreement = _disagreement(given, read)
        if disagreement and read.precision in ("fiscal-year", "quarter", "half", "range"):
            for other in FISCAL_YEAR_CONVENTIONS:  # exported under another convention: keep its reading
                again = parse_value(raw, reference=reference, fiscal=other)
                if not _disagreement(given, again):
                    return again
        earlier = given.keys() == _EARLIER_READING and (given.get("kind") != read.kind or read.kind == "date")
        if disagreement and earlier:
            return read  # exported before dates were periods, and read as another kind or date then
        if disagreement:
            part, stated, reading = disagreement
            raise _err(name, f"{part} {excerpt(stated)} is not how {excerpt(raw)} reads ({excerpt(reading)}); "
                       "give raw alone, or fix the file")
    return read


#: A value as export wrote it before dates were periods; the grammar of that
#: time read less (``1-3月`` was a range of a unit 月), so its reading is not held against raw.
_EARLIER_READING = frozenset({
    "kind", "raw", "amount", "unit", "approx", "lower", "upper", "date", "precision", "offset", "normalized",
})


def _disagreement(given: Mapping[str, Any], read: Value) -> tuple[str, Any, Any] | None:
    """The first part of a stated reading that is not how its raw text reads."""
    reading = read.to_json()
    for part, stated in given.items():
        if part == "raw" or part not in reading or stated is None:
            continue
        if isinstance(stated, int | Decimal) and not isinstance(stated, bool):
            if abs(Decimal(stated).adjusted()) > MAX_EXPONENT:  # never written out in full: 1e1000000000
                return part, stated, reading[part]
            stated = decimal_str(Decimal(stated))
        if stated != reading[part]:
            return part, stated, reading[part]
    return None


def qualifiers(rec: Mapping[str, Any], name: str) -> dict[str, str]:
    """Qualifiers as a mapping, a list of ``NAME=VALUE`` or ``a=b; c=d`` text."""
    raw = rec.get(name)
    if not raw:
        return {}
    # Measured as written out (a=b; c=d), the same whatever the format brought it in.
    if isinstance(raw, Mapping):
        limited(name, "; ".join(f"{k}={v}" for k, v in raw.items()))
    elif isinstance(raw, list):
        limited(name, "; ".join(map(str, raw)))
    elif isinstance(raw, str):
        limited(name, raw)
    items: list[tuple[Any, Any]]
    if isinstance(raw, Mapping):
        items = list(raw.items())
    else:
        parts = raw.split(";") if isinstance(raw, str) else raw
        if not isinstance(parts, list):
            raise _err(name, "expected an object, a list of NAME=VALUE or 'a=b; c=d'")
        items = []
        for part in parts:
            if not isinstance(part, str) or "=" not in part:
                raise _err(name, f"expected NAME=VALUE, got {part!r}")
            qualifier, _, said = part.partition("=")
            items.append((qualifier, said))
    out: dict[str, str] = {}
    for qualifier, said in items:
        if not isinstance(said, str | int | float | Decimal) or isinstance(said, bool):
            raise _err(name, f"value of {qualifier!r} must be text")
        qualifier, said = str(qualifier).strip(), str(said).strip()
        if not qualifier or not said:
            raise _err(name, f"expected NAME=VALUE with both parts, got {qualifier!r}={said!r}")
        out[qualifier] = said
    return dict(sorted(out.items()))


def lang(rec: Mapping[str, Any], name: str) -> str | None:
    tag = text(rec, name)
    if tag is not None and not _LANG.match(tag):
        raise _err(name, f"'{tag}' is not a language tag (ja, en, en-GB)")
    return tag


_UID = re.compile(r"^[0-9a-f]{32}$")


def uid(rec: Mapping[str, Any], name: str) -> str | None:
    given = text(rec, name)
    if given is not None and not _UID.match(given.lower()):
        raise _err(name, f"'{given}' is not a uid (32 hex digits, as export writes them)")
    return given.lower() if given is not None else None


def uid_pair(rec: Mapping[str, Any], name: str) -> tuple[str, str] | None:
    """Two claim uids (a decision's ``claim_uids``), or None when absent."""
    raw = rec.get(name)
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != 2:
        raise _err(name, "expected the uids of the finding's two claims, as a list of two")
    first, second = (uid({name: given}, name) for given in raw)
    if first is None or second is None:
        raise _err(name, "expected the uids of the finding's two claims, as a list of two")
    return first, second


def source_ref(rec: Mapping[str, Any], name: str) -> str | None:
    """The source as the record names it: its ``source``, else its ``source_name``."""
    return text(rec, name) or text(rec, "source_name")


def text_list(rec: Mapping[str, Any], name: str) -> tuple[str, ...]:
    raw = rec.get(name) or []
    if isinstance(raw, str):
        raw = limited(name, raw).split(";")
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise _err(name, "expected a list of text")
    limited(name, ";".join(raw))
    return tuple(x.strip() for x in raw if x.strip())


def domains(rec: Mapping[str, Any], name: str) -> tuple[str, ...]:
    try:
        return tuple(normalise_domain(domain) for domain in text_list(rec, name))
    except ValueError as exc:
        raise _err(name, str(exc)) from None


def finding_id(rec: Mapping[str, Any], name: str) -> str:
    found = required_text(rec, name)
    if not FINDING_ID.match(found):
        raise _err(name, f"'{found}' is not a finding id (they look like c-12-40)")
    return found


# -- records -------------------------------------------------------------------

#: The rule for each claim field that is not plain optional text.
CLAIM_CHECKS: dict[str, Check] = {
    "id": optional_claim_id,
    "uid": uid,
    "key": key,
    "text": required_text,
    "source": source_ref,
    "url": url,
    "stance": one_of(STANCES, "a stance", default="asserts"),
    "claimed_on": date,
    "as_of": date,
    "value": value,
    "qualifiers": qualifiers,
    "supersedes": optional_claim_id,
    "lang": lang,
    "recorded_at": timestamp,
}
SOURCE_CHECKS: dict[str, Check] = {
    "name": required_text,
    "kind": one_of(SOURCE_KINDS, "a source kind"),
    "aliases": text_list,
    "domains": domains,
    "created_at": timestamp,
}
UNIT_CHECKS: dict[str, Check] = {"alias": required_text, "unit": required_text}
RATE_CHECKS: dict[str, Check] = {"pair": required_text, "rate": required_text}
RESOLUTION_CHECKS: dict[str, Check] = {
    "finding_id": finding_id,
    "status": one_of(DECISION_STATUSES, "a status"),
    "claim_id": optional_claim_id,
    "note": required_text,
    "resolved_at": timestamp,
    "uid": uid,
}


def _checks(record: type[Struct], rules: dict[str, Check]) -> dict[str, Check]:
    return {name: rules.get(name, text) for name in field_names(record) if name not in joined_fields(record)}


_CLAIM = _checks(Claim, CLAIM_CHECKS)
_SOURCE = _checks(Source, SOURCE_CHECKS)
_RESOLUTION = _checks(Resolution, RESOLUTION_CHECKS)
_UNIT = _checks(UnitAlias, UNIT_CHECKS)
_RATE = _checks(RatePin, RATE_CHECKS)
#: What a file says besides a record's fields: the claims a record links to,
#: by uid, so that the links hold in a ledger that numbers claims otherwise.
#: A claim's ``supersedes_uid`` is the claim it corrects; a decision's
#: ``claim_uids`` are the two claims its finding id names, in that order.
#: ``hash`` is the record's link in the exporting ledger's chain: a ledger
#: that imports it links the record into its own chain.
CLAIM_FIELDS = frozenset({"type", "supersedes_uid", "hash", *field_names(Claim)})
SOURCE_FIELDS = frozenset({"type", *field_names(Source)})
RESOLUTION_FIELDS = frozenset({"type", "claim_uids", "hash", *field_names(Resolution)})
UNIT_FIELDS = frozenset({"type", *field_names(UnitAlias)})
RATE_FIELDS = frozenset({"type", *field_names(RatePin)})


def _checked(rec: Mapping[str, Any], checks: dict[str, Check]) -> dict[str, Any]:
    """Each field of ``rec`` checked by its rule; what is absent or empty is left out.

    Called once per imported line: plain text, the common case, is checked inline.
    """
    out = {}
    for name, raw in rec.items():
        check = checks.get(name)
        if check is None:
            continue  # "type", or a joined field such as source_name
        if check is text and type(raw) is str:
            raw = limited(name, raw).strip() or None
        elif raw is not None:
            raw = check(rec, name)
        if raw is not None:
            out[name] = raw
    return out


def _require(checked: Mapping[str, Any], *names: str) -> None:
    """Each of ``names`` must be among the checked fields."""
    for name in names:
        if name not in checked:
            raise _err(name, "is required and cannot be empty")


@cache
def _claim_checks(fiscal: FiscalYear) -> dict[str, Check]:
    """The claim checks, with dates and values read under a fiscal-year convention."""
    if fiscal == DEFAULT_FISCAL:
        return _CLAIM
    dated = partial(date, fiscal=fiscal)
    return _checks(Claim, {**CLAIM_CHECKS, "claimed_on": dated, "as_of": dated, "value": partial(value, fiscal=fiscal)})


def claim_input(rec: Mapping[str, Any], *, fiscal: FiscalYear = DEFAULT_FISCAL) -> Claim:
    """A draft claim from one record (field names of the JSON contract);
    ``fiscal`` says how ``FY2025`` is read in its dates and value."""
    _unknown(rec, CLAIM_FIELDS, "")
    checked = _checked(rec, _claim_checks(fiscal))
    if "source" not in checked and "source_name" in rec:
        checked["source"] = source_ref(rec, "source")
    _require(checked, "key", "text")
    return Claim(**checked)


def source_input(rec: Mapping[str, Any]) -> Source:
    """A draft source from one record (``{"type": "source", ...}``)."""
    _unknown(rec, SOURCE_FIELDS, " for a source")
    checked = _checked(rec, _SOURCE)
    if "name" not in checked:
        raise _err("name", "is required and cannot be empty")
    return Source(**checked)


def resolution_input(rec: Mapping[str, Any]) -> Resolution:
    """A resolution from one record (``{"type": "resolution", ...}``)."""
    _unknown(rec, RESOLUTION_FIELDS, " for a resolution")
    checked = _checked(rec, _RESOLUTION)
    _require(checked, "finding_id", "status", "note", "resolved_at")
    return Resolution(**checked)


def unit_input(rec: Mapping[str, Any]) -> UnitAlias:
    """A unit alias from one record (``{"type": "unit", "alias": ..., "unit": ...}``)."""
    _unknown(rec, UNIT_FIELDS, " for a unit")
    checked = _checked(rec, _UNIT)
    _require(checked, "alias", "unit")
    return UnitAlias(alias=checked["alias"], unit=checked["unit"])  # services.units reads both


def rate_input(rec: Mapping[str, Any]) -> RatePin:
    """A pinned exchange rate from one record (``{"type": "rate", "pair": "USDJPY", "rate": "150"}``)."""
    _unknown(rec, RATE_FIELDS, " for a rate")
    checked = _checked(rec, _RATE)
    _require(checked, "pair", "rate")
    pair = checked["pair"].replace("/", "").strip().upper()
    if len(pair) != 6 or not pair.isascii() or not pair.isalpha() or pair[:3] == pair[3:]:
        raise _err("pair", f"'{checked['pair']}' is not a currency pair (USDJPY: from US dollars to yen)")
    try:
        pin = parse_pin(f"{pair}={checked['rate']}")
    except ValueError as exc:
        raise _err("rate", str(exc)) from None
    return RatePin(pair=pin.pair, rate=str(pin.rate))


#: What makes two records the same claim (see :func:`fingerprint`).
FINGERPRINT_FIELDS = ("key", "source", "text", "claimed_on", "url", "supersedes")
#: What a repeat of a recorded claim must also agree on: everything else it
#: states (the value is compared as written).
REPEAT_FIELDS = tuple(name for name in stated_fields(Claim) if name not in (*FINGERPRINT_FIELDS, "value"))


def fingerprint(claim: Claim, source_id: str) -> bytes:
    """The same ``FINGERPRINT_FIELDS``: the same claim (a 16-byte hash), the
    source being the id it resolved to.

    A correction (``supersedes``) is never the claim it corrects, so the id it
    supersedes is part of the hash too.
    """
    parts = (source_id if name == "source" else str(getattr(claim, name) or "") for name in FINGERPRINT_FIELDS)
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).digest()
