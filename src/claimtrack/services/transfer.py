"""Import and export: JSON Lines, a JSON array, or CSV in; JSON Lines out.

Imports stream record by record inside one transaction: the first bad record
raises an error naming file, line and field, and nothing is written.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from urllib.parse import quote

from msgspec import structs

from claimtrack.domain.model import (
    ChainBreak,
    ChainCheck,
    ChainKind,
    ChainProblem,
    Claim,
    RatePin,
    Resolution,
    Source,
    UnitAlias,
    Value,
    field_names,
)
from claimtrack.domain.records import (
    FINDING_ID,
    MAX_EXPONENT,
    claim_input,
    finding_claims,
    rate_input,
    renumbered,
    resolution_input,
    source_input,
    uid,
    uid_pair,
    unit_input,
)
from claimtrack.domain.text import spreadsheet_safe, spreadsheet_text
from claimtrack.domain.vocabulary import DEFAULT_FISCAL, FiscalYear
from claimtrack.errors import ClaimtrackError, excerpt
from claimtrack.services import rates, units
from claimtrack.services import sources as source_service
from claimtrack.services.claims import Difference, Recorder, new_uid
from claimtrack.store import chain, repo
from claimtrack.store.db import atomic

FORMATS = ("jsonl", "json", "csv", "claimreview")
Progress = Callable[[int], None]


@dataclass
class ImportResult:
    claims_added: int = 0
    claims_skipped: int = 0
    #: Claims whose id in the file was taken here by another claim: they took a new one.
    claims_renumbered: int = 0
    sources_changed: int = 0
    resolutions_added: int = 0
    resolutions_skipped: int = 0
    units_changed: int = 0
    rates_changed: int = 0
    records: int = 0
    #: With ``keep_ours``: what the file says otherwise of claims kept as this ledger has them.
    differences: list[Difference] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "claims_added": self.claims_added,
            "claims_skipped": self.claims_skipped,
            "claims_renumbered": self.claims_renumbered,
            "sources_changed": self.sources_changed,
            "resolutions_added": self.resolutions_added,
            "resolutions_skipped": self.resolutions_skipped,
            "units_changed": self.units_changed,
            "rates_changed": self.rates_changed,
            "differences": [d.to_json() for d in self.differences],
        }


def detect_format(name: str, head: bytes) -> str:
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".jsonld") or b'"@context"' in head or b'"@type"' in head or b'"@graph"' in head:
        return "claimreview"  # JSON-LD: claimtrack's own records have no @ fields
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"[":
        return "json"
    if first == b"{":
        return "jsonl"
    if lower.endswith(".json"):
        return "json"
    raise ClaimtrackError(
        f"cannot tell the format of {name}: name the file .jsonl, .json, .csv or .jsonld, or give {{field:format}}",
        field="format",
    )


def _decode(raw: bytes, name: str, line: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ClaimtrackError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=name, line=line) from None


def _lines(stream: IO[bytes], name: str) -> Iterator[tuple[int, bytes]]:
    """The file's lines, numbered; a line longer than a record may be is refused
    before it is read whole (a 100 MB line would be held in memory)."""
    number = 0
    while line := stream.readline(MAX_RECORD_CHARS + 1):
        number += 1
        if len(line) > MAX_RECORD_CHARS and not line.endswith(b"\n"):
            raise ClaimtrackError(f"a record runs past {MAX_RECORD_CHARS:,} characters", file=name, line=number)
        yield number, line


def read_jsonl(stream: IO[bytes], name: str) -> Iterator[tuple[int, Any]]:
    for number, raw in _lines(stream, name):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        text = _decode(raw, name, number).strip()
        if not text:
            continue
        try:
            record = _DECODER.decode(text)
        except json.JSONDecodeError as exc:
            raise ClaimtrackError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=name, line=number) from None
        except RecursionError:
            raise ClaimtrackError("not valid JSON: nested too deeply", file=name, line=number) from None
        except ValueError as exc:  # NaN, Infinity, or out of range
            raise ClaimtrackError(_not_json(exc), file=name, line=number) from None
        yield number, record


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not JSON; Python's reader would take them."""
    raise ValueError(name)


class _OutOfRange(ValueError):
    """A number no record can hold, said as the message."""


def _number(digits: str) -> Decimal:
    """A JSON number with a fraction or exponent, exact (1.10 is not 1.1), and
    bounded before any arithmetic: ``1e1000000000`` would cost gigabytes."""
    if len(digits) > MAX_NUMBER_CHARS:
        raise _OutOfRange(f"a number of {len(digits):,} characters is too long (at most {MAX_NUMBER_CHARS})")
    number = Decimal(digits)
    if abs(number.adjusted()) > MAX_EXPONENT:
        raise _OutOfRange(f"{excerpt(digits)} is out of range: numbers run from 1e-{MAX_EXPONENT} to 1e{MAX_EXPONENT}")
    return number


def _integer(digits: str) -> int:
    if len(digits) > MAX_NUMBER_CHARS:
        raise _OutOfRange(f"a number of {len(digits):,} digits is too long (at most {MAX_NUMBER_CHARS})")
    return int(digits)


#: The longest number a file may hold, in characters.
MAX_NUMBER_CHARS = 100


def _not_json(exc: ValueError) -> str:
    """What a number the reader refused was: out of range, or NaN and Infinity."""
    return f"not valid JSON: {exc}" if isinstance(exc, _OutOfRange) else f"not valid JSON: {exc} is not a number"


# One decoder for every line: json.loads with options builds a new one per call.
_DECODER = json.JSONDecoder(parse_float=_number, parse_int=_integer, parse_constant=_no_constant)


MAX_RECORD_CHARS = 4 << 20


def read_json_array(stream: IO[bytes], name: str, chunk_size: int = 1 << 16) -> Iterator[tuple[int, Any]]:
    """Stream the objects of one JSON array without loading the whole file."""
    decoder = _DECODER
    reader = codecs.getincrementaldecoder("utf-8-sig")()
    buf = ""
    pos = 0
    line = 1
    state = "start"  # start -> item -> sep -> ... -> end
    eof = False

    def more() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        chunk = stream.read(chunk_size)
        try:
            text = reader.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise ClaimtrackError(f"not UTF-8 text ({exc.reason})", file=name, line=line) from None
        if not chunk:
            eof = True
        buf = buf[pos:] + text
        pos = 0
        return bool(chunk) or bool(text)

    while True:
        while pos < len(buf) and buf[pos] in " \t\r\n":
            if buf[pos] == "\n":
                line += 1
            pos += 1
        if pos >= len(buf):
            if more():
                continue
            if state != "end":
                raise ClaimtrackError("the JSON array is not closed with ']'", file=name, line=line)
            return
        ch = buf[pos]
        if state == "start":
            if ch != "[":
                raise ClaimtrackError("expected a JSON array starting with '['", file=name, line=line)
            pos += 1
            state = "first"
        elif state in ("first", "item"):
            if ch == "]" and state == "first":
                pos += 1
                state = "end"
                continue
            try:
                obj, end = decoder.raw_decode(buf, pos)
            except RecursionError:
                raise ClaimtrackError("not valid JSON: nested too deeply", file=name, line=line) from None
            except ValueError as exc:
                if not isinstance(exc, json.JSONDecodeError):  # NaN, Infinity, or out of range
                    raise ClaimtrackError(_not_json(exc), file=name, line=line) from None
                # Perhaps the record goes on in the next chunk; but one record
                # is never allowed to pull in more than MAX_RECORD_CHARS.
                if not eof and len(buf) - pos < MAX_RECORD_CHARS and more():
                    continue
                at = line + buf.count("\n", pos, exc.pos)
                column = exc.pos - buf.rfind("\n", 0, exc.pos)
                if not eof and len(buf) - pos >= MAX_RECORD_CHARS:
                    raise ClaimtrackError(
                        f"not valid JSON: a record runs past {MAX_RECORD_CHARS:,} characters ({exc.msg})",
                        file=name, line=at,
                    ) from None
                raise ClaimtrackError(f"not valid JSON: {exc.msg} (column {column})", file=name, line=at) from None
            # A number at the end of the buffer may continue in the next chunk.
            if end == len(buf) and not eof and isinstance(obj, int | float) and more():
                continue
            yield line, obj
            line += buf.count("\n", pos, end)
            pos = end
            state = "sep"
        elif state == "sep":
            if ch == ",":
                pos += 1
                state = "item"
            elif ch == "]":
                pos += 1
                state = "end"
            else:
                raise ClaimtrackError(f"expected ',' or ']' between records, found {ch!r}", file=name, line=line)
        else:
            raise ClaimtrackError("unexpected text after the closing ']'", file=name, line=line)


def read_csv(stream: IO[bytes], name: str) -> Iterator[tuple[int, Any]]:
    # A cell may be as long as a record: the fields' own limits (records.FIELD_LIMITS) apply as in JSON.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_CHARS))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    try:
        header = [h.strip() for h in reader.fieldnames or []]
        twice = sorted({h for h in header if header.count(h) > 1})
        if twice:
            raise ClaimtrackError(f"column '{twice[0]}' appears twice in the header", file=name, line=1)
        if len(header) == 1 and ";" in header[0]:
            raise ClaimtrackError("the header is one column holding ';': claimtrack reads CSV separated by commas "
                                  "(save it from the spreadsheet as CSV with commas)", file=name, line=1)
        for row in reader:
            if None in row:
                raise ClaimtrackError("more cells than header columns", file=name, line=reader.line_num)
            if None in row.values():
                raise ClaimtrackError("fewer cells than header columns", file=name, line=reader.line_num)
            record = {k.strip(): v for k, v in row.items() if k is not None and v not in (None, "")}
            if record:
                yield reader.line_num, _from_csv(record)
    except UnicodeDecodeError as exc:
        raise ClaimtrackError(f"not UTF-8 text ({exc.reason}): save it from the spreadsheet as CSV UTF-8", file=name,
                              line=reader.line_num + 1) from None
    except csv.Error as exc:
        raise ClaimtrackError(f"not valid CSV: {exc}", file=name, line=reader.line_num) from None


def read_claimreview(stream: IO[bytes], name: str) -> Iterator[tuple[int, Any]]:
    """ClaimReview JSON-LD (one review, a list, or a ``@graph``) as import
    records; a number is the review's place in the document."""
    from claimtrack.domain.claimreview import read

    raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise ClaimtrackError(f"a ClaimReview document runs past {MAX_DOCUMENT_BYTES:,} bytes", file=name)
    text = _decode(raw.removeprefix(codecs.BOM_UTF8), name, 1)
    try:
        doc = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise ClaimtrackError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=name, line=exc.lineno) from None
    except RecursionError:
        raise ClaimtrackError("not valid JSON: nested too deeply", file=name) from None
    except ValueError as exc:
        raise ClaimtrackError(_not_json(exc), file=name) from None
    try:
        yield from read(doc)
    except ClaimtrackError as exc:
        raise exc.located(file=name) from None
    except UnicodeEncodeError:  # a lone surrogate, written as \ud800 in the JSON
        raise ClaimtrackError(NOT_UNICODE, file=name) from None


#: A ClaimReview document is read whole (JSON-LD has no lines to stream).
MAX_DOCUMENT_BYTES = 256 << 20


READERS = {"jsonl": read_jsonl, "json": read_json_array, "csv": read_csv, "claimreview": read_claimreview}


BATCH_SIZE = 1000
NOT_UNICODE = "holds text that is not valid Unicode (a lone surrogate, or bytes that are not UTF-8)"
# Above this share of new rows per existing row, an import rebuilds the
# report and source indexes once at the end instead of row by row.
BULK_BYTES_PER_CLAIM = 300
BULK_MIN_BYTES = 8 << 20


class _Replay(Exception):
    """Raised inside a batch to roll it back and write it claim by claim."""


class _Batch:
    """Claims waiting to be written together, with the lines they came from."""

    def __init__(self, conn: sqlite3.Connection, recorder: Recorder, name: str, result: ImportResult) -> None:
        self.conn = conn
        self.recorder = recorder
        self.name = name
        self.result = result
        self.rows: list[tuple[Any, ...]] = []
        self.pending: list[tuple[int, Claim, bool]] = []
        #: The file's claim ids -> this ledger's: a merge may give a claim another id.
        self.ids: dict[int, int] = {}
        #: The file's claim uids -> this ledger's ids, for the claims this
        #: ledger already had under another uid (the rest keep theirs).
        self.uids: dict[str, int] = {}

    def claim_for(self, uid: str) -> int | None:
        """This ledger's id of the claim a file names by uid, if it is here."""
        return self.uids.get(uid) or repo.claim_id_by(self.conn, "uid", uid)

    def add(self, line: int, claim: Claim, new_source: bool, supersedes_uid: str | None = None) -> None:
        if claim.id or claim.supersedes is not None or supersedes_uid:
            # An explicit id, or a correction, must be checked against what is
            # already there: write what is queued, then this one on its own.
            self.flush()
            if claim.supersedes is not None or supersedes_uid:
                claim = structs.replace(claim, supersedes=self._corrected(claim, supersedes_uid))
            self._record_one(line, claim, new_source)
            return
        self.rows.append(self.recorder.new_row(claim, new_source=new_source))
        self.pending.append((line, claim, new_source))
        if len(self.rows) >= BATCH_SIZE:
            self.flush()

    def _corrected(self, claim: Claim, uid: str | None) -> int | None:
        """The id here of the claim a correction supersedes: by its uid when
        the file gives one, else by the file's id (mapped if it moved)."""
        if uid is None:
            return self.ids.get(claim.supersedes, claim.supersedes) if claim.supersedes is not None else None
        found = self.claim_for(uid)
        if found is None:
            raise ClaimtrackError(
                f"the claim it supersedes (uid {uid}) is neither in this ledger nor earlier in the file",
                field="supersedes_uid",
            )
        return found

    def _record_one(self, line: int, claim: Claim, new_source: bool) -> None:
        file_id = claim.id
        try:
            recorded = self.recorder.record(claim, new_source=new_source, merge=True)
        except ClaimtrackError as exc:
            raise exc.located(file=self.name, line=line) from None
        except UnicodeEncodeError:
            raise ClaimtrackError(NOT_UNICODE, file=self.name, line=line) from None
        if file_id:
            self.ids[file_id] = recorded.id
            self.result.claims_renumbered += recorded.created and recorded.id != file_id
        if claim.uid and not recorded.created:
            self.uids[claim.uid] = recorded.id
        if recorded.created:
            self.result.claims_added += 1
        else:
            self.result.claims_skipped += 1

    def flush(self) -> None:
        if not self.rows:
            return
        rows, pending = self.rows, self.pending
        self.rows, self.pending = [], []
        try:
            with atomic(self.conn):
                added = repo.insert_new_claims(self.conn, rows)
                if added < len(rows):
                    # Some were recorded before: undo the batch and replay it
                    # one by one, so a repeat that says something different
                    # is an error rather than silently skipped.
                    raise _Replay
        except (sqlite3.IntegrityError, UnicodeEncodeError, _Replay):
            # Also when the batch broke a constraint (a `supersedes` that
            # does not exist): the replay names the line.
            for line, claim, new_source in pending:
                self._record_one(line, claim, new_source)
            return
        self.result.claims_added += added


def import_stream(
    conn: sqlite3.Connection,
    stream: IO[bytes],
    name: str,
    *,
    fmt: str | None = None,
    new_sources: bool = False,
    progress: Progress | None = None,
    now: str | None = None,
    size: int = 0,
    fiscal: FiscalYear = DEFAULT_FISCAL,
    keep_ours: bool = False,
) -> ImportResult:
    """Import every record of ``stream``, all or nothing.

    Claims are written in batches inside one transaction; the first bad
    record raises an error naming file, line and field, and the rollback
    leaves the database as it was. ``size`` (bytes, if known) lets a large
    import into a small database rebuild its indexes once at the end.
    ``fiscal`` says how ``FY2025`` is read in the claims' dates and values.
    ``keep_ours``: a claim this ledger has that the file records otherwise
    (another note, speaker or value) stays as it is, and what differs is
    listed in the result, instead of stopping the import.
    """
    if fmt is None:
        peek = getattr(stream, "peek", None)
        head = peek(512) if peek else b""
        fmt = detect_format(name, head)
    result = ImportResult()
    recorder = Recorder(conn, now=now or source_service.utc_now(), keep_ours=keep_ours)
    result.differences = recorder.differences
    batch = _Batch(conn, recorder, name, result)
    position = _position_of(stream)
    bulk = size >= BULK_MIN_BYTES and size // BULK_BYTES_PER_CLAIM > repo.count_claims(conn)
    with atomic(conn), repo.deferred_indexes(conn, rebuild=bulk):
        for number, record in READERS[fmt](stream, name):
            result.records += 1
            try:
                claim = _claim_or_source(conn, recorder, record, result, batch, fiscal)
                if claim is not None:
                    batch.add(number, claim, new_sources, uid(record, "supersedes_uid"))
            except ClaimtrackError as exc:
                raise exc.located(file=name, line=number) from None
            except UnicodeEncodeError:
                raise ClaimtrackError(NOT_UNICODE, file=name, line=number) from None
            if progress is not None and result.records % 4096 == 0:
                progress(position())
        batch.flush()
    if progress is not None:
        progress(position())
    return result


def _position_of(stream: IO[bytes]) -> Callable[[], int]:
    try:
        fd = stream.fileno()
    except (OSError, AttributeError, io.UnsupportedOperation):
        return lambda: 0

    def position() -> int:
        try:
            return os.lseek(fd, 0, os.SEEK_CUR)
        except OSError:
            return 0

    return position


def _claim_or_source(
    conn: sqlite3.Connection, recorder: Recorder, record: Any, result: ImportResult, batch: _Batch,
    fiscal: FiscalYear = DEFAULT_FISCAL,
) -> Claim | None:
    """A checked claim to write, or None after registering a source or a resolution."""
    if not isinstance(record, dict):
        raise ClaimtrackError(f"expected an object, got {type(record).__name__}")
    kind = record.get("type", "claim")
    if kind == "source":
        _, status = source_service.merge_source(conn, source_input(record), now=recorder.now)
        result.sources_changed += status != "unchanged"
        return None
    if kind == "resolution":
        batch.flush()  # the claims it names come earlier in the file
        _import_decision(conn, record, batch, result)
        return None
    if kind == "unit":
        result.units_changed += units.add_alias(conn, unit_input(record)).changed
        return None
    if kind == "rate":
        result.rates_changed += rates.pin(conn, rate_input(record))
        return None
    if kind != "claim":
        raise ClaimtrackError(
            f"'{kind}' is not a record type (use claim, source, resolution, unit or rate)", field="type"
        )
    return claim_input(record, fiscal=fiscal)


def _import_decision(conn: sqlite3.Connection, record: dict[str, Any], batch: _Batch, result: ImportResult) -> None:
    """Record a decision from a file, its claims found by uid (or by the
    file's ids), unless this ledger has it already: the same uid, or the same
    decision standing for the finding (two ledgers that decided alike)."""
    decision = resolution_input(record)
    pair = uid_pair(record, "claim_uids")
    if pair is not None:
        ids = {}
        for file_id, claim_uid in zip(finding_claims(decision.finding_id), pair, strict=True):
            here = batch.claim_for(claim_uid)
            if here is None:
                raise ClaimtrackError(
                    f"{decision.finding_id} is about a claim (uid {claim_uid}) that is neither in this ledger nor "
                    "earlier in the file",
                    field="claim_uids",
                )
            ids[file_id] = here
        decision = renumbered(decision, ids)
    else:
        decision = renumbered(decision, batch.ids)
    _check_decision(conn, decision)
    if decision.uid and repo.resolution_uid_exists(conn, decision.uid):
        result.resolutions_skipped += 1
        return
    if _made_here_too(repo.decisions(conn, decision.finding_id).made, decision):
        result.resolutions_skipped += 1
        return
    repo.insert_resolution(conn, structs.replace(decision, uid=decision.uid or new_uid()))
    result.resolutions_added += 1


def _made_here_too(here: Sequence[Resolution], decision: Resolution) -> bool:
    """Whether this ledger made the same decision about the same pair of
    claims (another time, so under another uid), with no other decision
    about the pair between the two: then they are one decision. Asked the
    same way on every import, so a second import of a file adds nothing."""
    same = (decision.status, decision.claim_id, decision.note)
    for twin in (d for d in here if (d.status, d.claim_id, d.note) == same):
        low, high = sorted((twin.resolved_at, decision.resolved_at))
        if not any(low < d.resolved_at < high and (d.status, d.claim_id, d.note) != same for d in here):
            return True
    return False


def _check_decision(conn: sqlite3.Connection, decision: Resolution) -> None:
    """A decision is about a finding of two claims this ledger has; a wrong
    claim is one of them."""
    pair = finding_claims(decision.finding_id)
    if decision.claim_id is not None and repo.claim_fingerprint(conn, decision.claim_id) is None:
        raise ClaimtrackError(f"claim {decision.claim_id} does not exist", field="claim_id")
    if decision.finding_id.startswith("r-"):
        raise ClaimtrackError(f"{decision.finding_id} is a revision, not a finding to resolve", field="finding_id")
    if decision.claim_id is not None and decision.claim_id not in pair:
        raise ClaimtrackError(
            f"claim {decision.claim_id} is not one of the claims of {decision.finding_id}", field="claim_id"
        )
    missing = [i for i in pair if repo.claim_fingerprint(conn, i) is None]
    if missing:  # v-900-901 in a ledger without those claims: a decision about nothing
        raise ClaimtrackError(
            f"{decision.finding_id} is about claim{'s' if len(missing) > 1 else ''} "
            f"{' and '.join(map(str, missing))}, which {'do' if len(missing) > 1 else 'does'} not exist",
            field="finding_id",
        )


def export_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every source, unit alias and pinned rate, then every claim and decision
    in the order they were recorded, each with the hash of its link in the
    ledger's chain (see store/chain.py): what every export format writes.

    The whole ledger, so that a claim's ``supersedes`` always points at a
    claim in the same file and importing it into an empty database
    reproduces every claim and source exactly. Links also name their claims
    by uid (``supersedes_uid``, ``claim_uids``): they hold in a ledger that
    numbers the claims otherwise.
    """
    for source in repo.iter_sources(conn):
        yield {"type": "source", **source.to_json()}
    for alias in repo.unit_aliases(conn):
        yield {"type": "unit", **alias.to_json()}
    for pin in repo.rate_pins(conn):
        yield {"type": "rate", **pin.to_json()}
    decisions = repo.decisions(conn).made
    linked = repo.corrections(conn).keys() | {i for d in decisions for i in finding_claims(d.finding_id)}
    uids = repo.claim_uids(conn, linked)
    for digest, record in repo.chained(conn):
        hashed = {"hash": digest.hex()} if digest is not None else {}
        if isinstance(record, Claim):
            line = {"type": "claim", **record.to_json()}
            if record.supersedes is not None:
                line["supersedes_uid"] = uids.get(record.supersedes)
        else:
            pair = [uids.get(i) for i in finding_claims(record.finding_id)]
            line = {"type": "resolution", **record.to_json(), "claim_uids": pair}
        yield {**line, **hashed}


def export_lines(conn: sqlite3.Connection) -> Iterator[str]:
    """JSON Lines: :func:`export_records`, one a line."""
    for record in export_records(conn):
        yield json.dumps(record, ensure_ascii=False)


# -- CSV: the same records, one a row ------------------------------------------

#: A value's reading in CSV: ``value`` is its raw text, ``value_<part>`` each part.
_VALUE_PARTS = tuple(name for name in field_names(Value) if name != "raw")
#: Fields that hold a list or an object: JSON text in a cell.
_STRUCTURED = frozenset({"qualifiers", "aliases", "domains", "claim_uids"})


def _csv_columns() -> list[str]:
    """Every field any exported record has, claims' first: the CSV header."""
    names: list[str] = ["type"]
    for record in (Claim, Source, UnitAlias, RatePin, Resolution):
        for name in field_names(record):
            if name == "value":
                names += ["value", *(f"value_{part}" for part in _VALUE_PARTS)]
            elif name not in names:
                names.append(name)
        if record is Claim:
            names.append("supersedes_uid")
    return [*names, "claim_uids", "hash"]


CSV_COLUMNS = _csv_columns()


def _cell(given: Any) -> str:
    if given is None:
        return ""
    if isinstance(given, bool):
        return "true" if given else "false"
    if isinstance(given, list | tuple | dict):
        return json.dumps(given, ensure_ascii=False)
    return spreadsheet_safe(str(given))


def write_csv(conn: sqlite3.Connection, out: IO[str]) -> None:
    """The export's records as CSV, one a row, under :data:`CSV_COLUMNS`:
    what ``import`` reads back to the same ledger. A value is its raw text
    and its reading's parts; lists and qualifiers are JSON text; a cell that
    a spreadsheet would run as a formula starts with ``'`` (``import`` takes
    it off again). Open ``out`` with ``newline=""``."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in export_records(conn):
        value = record.pop("value", None)
        if isinstance(value, dict):
            record["value"] = value.get("raw")
            record.update({f"value_{part}": value.get(part) for part in _VALUE_PARTS})
        writer.writerow([_cell(record.get(name)) for name in CSV_COLUMNS])


def _from_csv(row: dict[str, str]) -> dict[str, Any]:
    """A record as JSON would give it, from a CSV row (see :func:`write_csv`):
    the formula guard taken off, JSON text in list fields read, a value's
    parts gathered under ``value``."""
    record: dict[str, Any] = {}
    parts: dict[str, Any] = {}
    for name, cell in row.items():
        cell = spreadsheet_text(cell)
        if name in _STRUCTURED and cell[:1] in ("[", "{"):
            try:
                record[name] = json.loads(cell)
                continue
            except ValueError:
                pass  # text, as a person wrote it: a=b; c=d
        if name.startswith("value_") and name[len("value_"):] in _VALUE_PARTS:
            parts[name[len("value_"):]] = _part(cell)
        else:
            record[name] = cell
    if parts and "value" in record:
        record["value"] = {"raw": record["value"], **parts}
    return record


def _part(cell: str) -> Any:
    """A part of a value's reading as a spreadsheet may have left it: TRUE for
    true, 5E+11 or 0012345 for a number (compared as the number it is)."""
    flag = {"true": True, "false": False}.get(cell.strip().lower())
    if flag is not None:
        return flag
    if _NUMBER_CELL.match(cell.strip()):
        try:
            return _number(cell.strip())
        except _OutOfRange:
            return cell
    return cell


_NUMBER_CELL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


# -- ClaimReview -----------------------------------------------------------------


def claimreviews(conn: sqlite3.Connection, publisher: str, url_template: str) -> Iterator[dict[str, Any]]:
    """A ClaimReview (see domain/claimreview.py) for every claim a standing
    decision names, by claim id: a decision marking it wrong first, else the
    latest. ``url_template`` gives each review's address: ``{id}``, ``{uid}``
    and ``{key}`` are the claim's."""
    from claimtrack.domain.claimreview import review

    chosen: dict[int, Resolution] = {}
    for decision in repo.decisions(conn).standing():
        for claim_id in finding_claims(decision.finding_id):
            held = chosen.get(claim_id)
            if held is None or not (held.status == "wrong-claim" and held.claim_id == claim_id):
                chosen[claim_id] = decision
    sources = {source.id: source for source in repo.iter_sources(conn)}
    claims = [c for c in (repo.get_claim(conn, i) for i in sorted(chosen)) if c is not None]
    named = {i for d in chosen.values() for i in finding_claims(d.finding_id)}
    uids = repo.claim_uids(conn, named | {c.supersedes for c in claims if c.supersedes is not None})
    for claim in claims:
        decision = chosen[claim.id]
        a, b = finding_claims(decision.finding_id)
        url = (url_template.replace("{id}", str(claim.id)).replace("{uid}", claim.uid)
               .replace("{key}", quote(claim.key, safe="/")))
        yield review(claim, sources.get(claim.source), decision, (uids.get(a, ""), uids.get(b, "")), publisher, url,
                     supersedes_uid=uids.get(claim.supersedes) if claim.supersedes else None)




def _links_agree(record: dict[str, Any], uids: dict[Any, Any]) -> bool:
    """Whether the uids a line names its claims by are those of the claims its
    ids name, as the file gave them (links by uid are not hashed: this holds
    them to what is)."""
    if record.get("type", "claim") == "claim":
        target = record.get("supersedes")
        return record.get("supersedes_uid") == (uids.get(target) if target is not None else None)
    m = FINDING_ID.match(str(record.get("finding_id", "")))
    named = [uids.get(int(m.group(2))), uids.get(int(m.group(3)))] if m else None
    return record.get("claim_uids") == named


def verify_file(stream: IO[bytes], name: str) -> ChainCheck:
    """Recompute the hash chain an export carries: each claim and decision
    line's ``hash`` must link it, as written, after the line before. The
    first line that does not is the break (with its line number)."""
    from claimtrack.store.db import connect

    schema = connect(":memory:")  # the tables' column order, which the links follow
    values = {kind: repo.chain_values(schema, kind) for kind in chain.TABLES}
    schema.close()
    prev = chain.GENESIS
    counts = {"claim": 0, "decision": 0}
    uids: dict[Any, Any] = {}  # the file's claim ids -> uids, to check the links that name claims by uid
    for number, record in read_jsonl(stream, name):
        if not isinstance(record, dict):
            raise ClaimtrackError(f"expected an object, got {type(record).__name__}", file=name, line=number)
        kind = record.get("type", "claim")
        if kind not in ("claim", "resolution"):
            continue
        link_kind: ChainKind = "claim" if kind == "claim" else "decision"
        given = record.get("hash")
        try:
            found = chain.link(prev, link_kind, values[link_kind](record))
        except (TypeError, ValueError, AttributeError):  # a field of a type export never writes
            found = b""
        if kind == "claim":
            uids[record.get("id")] = record.get("uid")
        if not _links_agree(record, uids):
            found = b""
        if given is None or found.hex() != str(given).lower():
            problem: ChainProblem = "changed" if given is not None else "unlinked"
            given_uid, given_id = record.get("uid"), record.get("id")
            uid = given_uid if isinstance(given_uid, str) else ""
            record_id = given_id if isinstance(given_id, int) else None
            broken = ChainBreak(counts["claim"] + counts["decision"] + 1, link_kind, uid, record_id, problem, number)
            return ChainCheck(counts["claim"], counts["decision"], prev, broken)
        counts[link_kind] += 1
        prev = found
    if not counts["claim"] + counts["decision"]:
        raise ClaimtrackError("holds no claim and no decision: verify reads what `claimtrack export` writes", file=name)
    return ChainCheck(counts["claim"], counts["decision"], prev, None)
