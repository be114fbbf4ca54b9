"""Claims and decisions as schema.org ``ClaimReview`` JSON-LD, and back.

Pure: dictionaries in, dictionaries out; no I/O, no clock.

**Out** (:func:`review`): one ``ClaimReview`` per claim named by a standing
decision, with the properties Google's fact-check documentation asks for
(https://developers.google.com/search/docs/appearance/structured-data/factcheck):
``url``, ``claimReviewed`` and ``reviewRating`` (with its ``alternateName``)
are required; ``author``, ``datePublished`` and ``itemReviewed`` (a ``Claim``
with ``author``, ``datePublished``, ``appearance``) and the rating's
``ratingValue``, ``bestRating``, ``worstRating`` and ``name`` are recommended.
``firstAppearance`` is left out: a claim is recorded where it appeared, and
the ledger does not know that this was the first time. A claim dated by a
period that is not a day, a month or a year (``2025-04-01/2026-03-31``) has
no ``datePublished`` (its start would say a day it was not made on).

The rating, on a scale from 1 (worst) to 5 (best), says what the decision
said and no more; its ``alternateName`` is the short phrase Google shows and
the decision's note is the ``reviewBody``:

=============================================  =====  ==========================
decision                                       value  alternateName
=============================================  =====  ==========================
wrong-claim, this is the claim found wrong     1      Wrong
wrong-claim, this is the other claim           3      Other claim found wrong
explained                                      3      Explained
accepted                                       3      Accepted
=============================================  =====  ==========================

Nothing gets 5: a decision settles a disagreement between two claims, it
never verifies one. 3 is the middle of the scale: not found wrong, not found true.

Machine identity rides in schema.org ``identifier`` as ``PropertyValue``
objects whose ``propertyID`` starts with ``claimtrack:`` (valid schema.org,
so validators do not complain; other readers ignore them)::

    {"@type": "PropertyValue", "propertyID": "claimtrack:uid", "value": "0192..."}

On the ``itemReviewed`` Claim: ``claimtrack:<field>`` is the claim record's
field of that name: ``uid``, ``key``, ``source`` (the source's slug id) and,
when the claim has them, ``stance`` (only ``denies``), ``value`` (as
written), ``as_of``, ``quote``, ``note``, ``supersedes_uid``, ``claimed_on``
(only a period that ``datePublished`` cannot carry) and one
``claimtrack:qualifiers`` per qualifier (its ``name`` and ``value``). They
make our own export import back as the claims the ledger holds: the
ledger's check of a repeated claim compares those fields.
On the ClaimReview: ``claimtrack:decision`` (the decision's uid),
``claimtrack:finding`` (its finding id), ``claimtrack:claims`` (the uids of
the finding's two claims, in the finding id's order, space-separated),
``claimtrack:status`` and, for ``wrong-claim``, ``claimtrack:wrong`` (the
uid of the claim found wrong). The person who decided is the review's
``contributor``; the desk that publishes is its ``author``.

**In** (:func:`read`): records in the shape of ``export``'s JSON Lines (see
``docs/architecture.md``), so that ``import`` takes them unchanged: each
organisation a claim names as a ``source`` record (before the first claim
naming it), each reviewed claim as a ``claim`` record with a file-local
``id``, and decisions as ``resolution`` records naming claims by those ids
and by ``claim_uids``.

A review we exported gives back its claim and, once both claims of its
finding have been read, the decision (once, though each of its two claims
has a review carrying it). A decision whose other claim is not in the
document is left out: ``import`` refuses a decision about a claim that
neither the ledger nor the file holds, and stops the whole file at it, while
a page of ClaimReview markup is often a part of an export (one claim per page).

A review by anyone else has no decision of ours to give back. Its verdict is
itself a claim: a fact-checker who rates a claim "False" is a source denying
it, as a newspaper that reports a denial is. So the review gives two claims
under one key: the claim reviewed (``asserts``, from where it appeared) and
the verdict (``"<fact-checker>: <rating>"``, from the fact-checker, dated the
day of the review, ``denies`` when the rating reads false, else
``asserts``). The report then sees a denial meet an assertion (a stance
finding) as it would for any two sources that disagree. When the rating
reads false, the fact-checker's judgement is also recorded as what it is, a
decision: ``wrong-claim`` on that stance finding, naming the reviewed claim,
by the fact-checker, on the review's date (a review without a date gives no
decision: a decision must be dated, and this module reads no clock).

The key is ``claimtrack:key``, else ``default_key``, else
``claimreview/<fact-checker slug>/<slug of the claim's first words>``: one
key per claim reviewed, since a denial without a value meets every assertion
under its key, and one fact-checker's "False" is about one claim only. A
claim without ``claimtrack:uid`` gets a uid hashed from the review's url,
the claim's text and where it appeared; its verdict's and decision's uids
are hashed from it: reading one document twice gives the same records, and
importing it twice records nothing new.

A rating's words (``alternateName``, else ``name``) say how true it is when
they are words a rating uses: False, Pants on Fire, Incorrect, Misleading,
誤り, 虚偽... read false; mixed words (Half True, Mostly False, 不正確) the
middle; True, Correct, 正確 true. Each fact-checker numbers its own scale
(PolitiFact's "Mostly False" is a 2 of 6), so the words come first. Without
such words, a rating reads false when its ``ratingValue`` falls in the
lowest third of its scale (``worstRating`` to ``bestRating``, 1 to 5 when
not given; a scale may run either way: ``bestRating`` below ``worstRating``
means low numbers are good).

The claim reviewed is filed under where it appeared: the appearance's
publisher, else its address's web domain (a source that merges into the
ledger's own source for that domain), else the organisation or person who
made it; the fact-checker only when nothing says.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any
from urllib.parse import urlsplit

from claimtrack.domain.model import Claim, Resolution, Source
from claimtrack.domain.records import FINDING_ID
from claimtrack.domain.text import fold, is_web_url, slugify, url_host
from claimtrack.domain.vocabulary import RESOLUTION_STATUSES
from claimtrack.errors import ClaimtrackError, excerpt

CONTEXT = "https://schema.org"
#: What our ``PropertyValue`` identifiers' ``propertyID`` starts with.
PREFIX = "claimtrack:"
#: The rating scale of our export.
WORST, MIDDLE, BEST = 1, 3, 5
WRONG = "Wrong"
OTHER_WRONG = "Other claim found wrong"
STATUS_WORDS = {"explained": "Explained", "accepted": "Accepted"}
#: Claim fields carried as ``claimtrack:<field>`` identifiers, besides uid, key and source.
CARRIED = ("stance", "value", "as_of", "quote", "note", "supersedes_uid", "claimed_on")
#: A claim date ``datePublished`` carries as it is: a day, a month or a year.
_ISO_DAY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
#: The longest slug of a claim's words in a key made up for it.
KEY_WORDS = 48


# -- out -----------------------------------------------------------------------


def _value(prop: str, value: str, name: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"@type": "PropertyValue", "propertyID": PREFIX + prop}
    if name is not None:
        entry["name"] = name
    entry["value"] = value
    return entry


def _org(name: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": name}


def review(
    claim: Claim,
    source: Source | None,
    decision: Resolution,
    pair_uids: tuple[str, str],
    publisher: str,
    url: str,
    *,
    supersedes_uid: str | None = None,
) -> dict[str, Any]:
    """One ``ClaimReview`` of ``claim`` by the standing ``decision`` that names it.

    ``pair_uids``: the uids of the two claims the decision's finding id
    names, in its order (export's ``claim_uids``). ``publisher``: the
    fact-checking desk (the review's author). ``url``: the review's page.
    ``supersedes_uid``: the uid of the claim this one corrects, if it does.
    """
    if decision.status not in RESOLUTION_STATUSES:
        raise ClaimtrackError(f"a {decision.status} decision rates no claim", field="status")
    if claim.uid not in pair_uids:
        raise ClaimtrackError(f"claim {claim.id} is not one of the claims of {decision.finding_id}", field="claim_id")
    wrong = decision.status == "wrong-claim" and claim.id == decision.claim_id
    if wrong:
        value, words = WORST, WRONG
    elif decision.status == "wrong-claim":
        value, words = MIDDLE, OTHER_WRONG
    else:
        value, words = MIDDLE, STATUS_WORDS[decision.status]

    source_name = (source.name if source is not None else "") or claim.source_name or claim.source
    source_id = claim.source or (source.id if source is not None else "")
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker:
        item["author"] = {"@type": "Person", "name": claim.speaker}
    elif source_name:
        item["author"] = _org(source_name)
    period = claim.claimed_on is not None and not _ISO_DAY.match(claim.claimed_on)
    if claim.claimed_on and not period:
        item["datePublished"] = claim.claimed_on
    if claim.url or source_name:
        appearance: dict[str, Any] = {"@type": "CreativeWork"}
        if claim.url:
            appearance["url"] = claim.url
        if source_name:
            appearance["publisher"] = _org(source_name)
        item["appearance"] = appearance
    ids = [_value("uid", claim.uid), _value("key", claim.key)]
    if source_id:
        ids.append(_value("source", source_id))
    carried: dict[str, Any] = {
        "stance": claim.stance if claim.stance != "asserts" else None,
        "value": claim.value.raw if claim.value is not None else None,
        "as_of": claim.as_of,
        "quote": claim.quote,
        "note": claim.note,
        "supersedes_uid": supersedes_uid,
        "claimed_on": claim.claimed_on if period else None,
    }
    ids += [_value(name, said) for name, said in carried.items() if said]
    ids += [_value("qualifiers", said, name) for name, said in claim.qualifiers.items()]
    item["identifier"] = ids

    out: dict[str, Any] = {"@context": CONTEXT, "@type": "ClaimReview", "url": url, "claimReviewed": claim.text}
    if decision.resolved_at:
        out["datePublished"] = decision.resolved_at
    if claim.lang:
        out["inLanguage"] = claim.lang
    author = _org(publisher)
    parts = urlsplit(url)
    if parts.scheme and parts.netloc:
        author["url"] = f"{parts.scheme}://{parts.netloc}/"
    out["author"] = author
    if decision.resolved_by:
        out["contributor"] = {"@type": "Person", "name": decision.resolved_by}
    out["itemReviewed"] = item
    out["reviewRating"] = {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": BEST,
        "worstRating": WORST,
        "alternateName": words,
        "name": words,
    }
    if decision.note:
        out["reviewBody"] = decision.note
    ids = [
        _value("decision", decision.uid),
        _value("finding", decision.finding_id),
        _value("claims", " ".join(pair_uids)),
        _value("status", decision.status),
    ]
    if decision.status == "wrong-claim":
        named_wrong = claim.uid if wrong else next(u for u in pair_uids if u != claim.uid)
        ids.append(_value("wrong", named_wrong))
    out["identifier"] = [i for i in ids if i["value"]]
    return out


# -- in: reading JSON-LD as publishers write it ---------------------------------


def _types(node: Mapping[str, Any]) -> set[str]:
    """A node's ``@type`` names, without a vocabulary prefix (``schema:Claim``, ``https://schema.org/Claim``)."""
    given = node.get("@type", node.get("type"))
    names = given if isinstance(given, list) else [given]
    return {re.split(r"[/:#]", n)[-1] for n in names if isinstance(n, str)}


def _first(value: Any) -> Any:
    while isinstance(value, list):
        value = value[0] if value else None
    return value


def _text(value: Any) -> str | None:
    """Text from a JSON-LD value: a string, ``{"@value": ...}``, a number, or the first of a list."""
    value = _first(value)
    if isinstance(value, Mapping):
        value = value.get("@value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def _nodes(value: Any, bare: str) -> list[dict[str, Any]]:
    """Objects from a property given as an object, a list or a bare string
    (read as ``{bare: string}``: a URL for an appearance, a name for an author)."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, Mapping):
            out.append(dict(item))
        elif isinstance(item, str) and item.strip():
            out.append({bare: item.strip()})
    return out


def _name(node: Mapping[str, Any]) -> str | None:
    return _text(node.get("name")) or _text(node.get("alternateName")) or _text(node.get("legalName"))


def _url(node: Mapping[str, Any]) -> str | None:
    found = _text(node.get("url")) or _text(node.get("@id"))
    return found if found is not None and is_web_url(found) else None


def _identifiers(node: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Our ``claimtrack:`` identifiers of a node, and its qualifiers."""
    found: dict[str, str] = {}
    qualifiers: dict[str, str] = {}
    for entry in _nodes(node.get("identifier"), "value"):
        prop = _text(entry.get("propertyID"))
        said = _text(entry.get("value"))
        if prop is None or not prop.startswith(PREFIX) or said is None:
            continue
        name = prop[len(PREFIX):]
        if name == "qualifiers":
            qualifier = _text(entry.get("name"))
            if qualifier:
                qualifiers[qualifier] = said
        else:
            found[name] = said
    return found, qualifiers


def _day(raw: str | None) -> str | None:
    """The date part of an ISO date or timestamp (``2024-05-01T09:00:00Z`` -> ``2024-05-01``);
    other text as it is, for the import to read as a date."""
    if raw is None:
        return None
    head = raw[:10]
    return head if re.match(r"^\d{4}-\d{2}-\d{2}$", head) else raw


def _moment(raw: str | None) -> str | None:
    """A review's date as the timestamp a decision needs: a day is its start in UTC;
    a time without an offset is UTC."""
    if raw is None:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", raw):
        return raw + "T00:00:00+00:00"
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", raw):
        if raw.endswith(("Z", "z")):
            return raw[:-1] + "+00:00"
        return raw if re.search(r"[+-]\d{2}:?\d{2}$", raw[10:]) else raw + "+00:00"
    return None


def _lang(value: Any) -> str | None:
    node = _first(value)
    tag = (_text(node.get("alternateName")) or _text(node.get("name"))) if isinstance(node, Mapping) else _text(node)
    return tag if tag is not None and _LANG.match(tag) else None


def _uid(*parts: str | None) -> str:
    return hashlib.blake2b("\x1f".join(p or "" for p in parts).encode("utf-8"), digest_size=16).hexdigest()


# -- in: what a rating says -------------------------------------------------------

#: Rating words, as folded text, checked in this order: mixed before false
#: (``mostly false``), false before true (``incorrect``, ``不正確``, ``not true``).
_MIXED_WORDS = (
    "half true", "half-true", "half truth", "mostly false", "mostly true", "mostly correct", "mostly accurate",
    "partly", "partially", "mixed", "mixture", "exaggerat", "needs context", "missing context", "lacks context",
    "ほぼ正確", "一部誤り", "不正確", "半分",
)
_FALSE_WORDS = (
    "false", "pants on fire", "incorrect", "inaccurate", "misleading", "wrong", "fake", "fabricated", "hoax",
    "untrue", "not true", "baseless", "debunked", "four pinocchios", "scam", "unwahr", "falsch", "falso", "faux",
    "誤り", "虚偽", "ミスリード", "デマ", "間違い", "事実誤認", "偽", "错误", "錯誤", "不实", "不實",
)
_TRUE_WORDS = ("true", "correct", "accurate", "正確", "正しい", "事実", "verdadero", "vrai", "richtig", "wahr")


def word_truth(words: str) -> Fraction | None:
    """How true a rating's words say a claim is, 0 to 1: false 0, mixed 1/2,
    true 1; None for words that say neither (Satire, 判定留保, Unproven)."""
    folded = fold(words)
    for found, truth in ((_MIXED_WORDS, Fraction(1, 2)), (_FALSE_WORDS, Fraction(0)), (_TRUE_WORDS, Fraction(1))):
        if any(w in folded for w in found):
            return truth
    return None


def _number(value: Any) -> Fraction | None:
    """A number given as a number or as its digits ("1", "4.5")."""
    value = _first(value)
    if isinstance(value, Mapping):
        value = value.get("@value")
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(value) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str) and len(value) <= 40:
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return Fraction(number) if number.is_finite() else None
    return None


def number_truth(value: Fraction, best: Fraction, worst: Fraction) -> Fraction | None:
    """Where ``value`` sits from ``worst`` (0) to ``best`` (1), whichever way the scale runs."""
    if best == worst:
        return None
    return min(max((value - worst) / (best - worst), Fraction(0)), Fraction(1))


def _rating(node: Mapping[str, Any], n: int) -> tuple[str, Fraction | None, bool]:
    """A foreign review's rating: its text, how true (0..1) and whether it reads false."""
    rated = node.get("reviewRating")
    if rated is None:
        raise ClaimtrackError("is required: the fact-checker's rating", field="reviewRating", line=n)
    rated = _first(rated)
    if isinstance(rated, str | int | float | Decimal) and not isinstance(rated, bool):
        rated = {"alternateName": rated} if _number(rated) is None else {"ratingValue": rated}
    if not isinstance(rated, Mapping):
        raise ClaimtrackError(f"expected a Rating, got {excerpt(rated)}", field="reviewRating", line=n)
    words = _text(rated.get("alternateName")) or _text(rated.get("name"))
    value = _number(rated.get("ratingValue"))
    if words is None and value is None:
        words = _text(rated.get("ratingValue"))  # a rating given as words where a number goes ("False")
    if words is None and value is None:
        raise ClaimtrackError(
            f"is neither a number nor words: {excerpt(rated.get('ratingValue'))}", field="reviewRating", line=n
        )
    truth = None
    if value is not None:
        best = _number(rated.get("bestRating"))
        worst = _number(rated.get("worstRating"))
        truth = number_truth(value, Fraction(5) if best is None else best, Fraction(1) if worst is None else worst)
    said = word_truth(words) if words else None
    if said is not None:  # the fact-checker's words say what its number means on its own scale ("Mostly False": 2)
        truth = said
    false = truth is not None and truth <= Fraction(1, 3)
    if words is None:
        best_text, worst_text = _text(rated.get("bestRating")) or "5", _text(rated.get("worstRating")) or "1"
        words = f"{_text(rated.get('ratingValue'))} on a scale from {worst_text} to {best_text}"
    return words, truth, false


# -- in: documents ---------------------------------------------------------------


#: What makes an object without a ``@type`` a ClaimReview.
_REVIEW_PARTS = frozenset({"claimReviewed", "reviewRating", "itemReviewed"})


def _reviews(doc: Any) -> Iterator[Any]:
    """The ClaimReviews of a document (and anything that is not an object, to
    be refused where it stands), through lists and ``@graph``."""
    if isinstance(doc, list):
        for item in doc:
            yield from _reviews(item) if isinstance(item, list | Mapping) else (item,)
    elif isinstance(doc, Mapping):
        if "ClaimReview" in _types(doc) or (not _types(doc) and _REVIEW_PARTS & doc.keys()):
            yield doc
        elif "@graph" in doc:
            yield from _reviews(doc["@graph"])
    else:
        yield doc


class _Reader:
    """The records of one document, in order: sources before the claims that
    name them, claims before the decisions that name them."""

    def __init__(self, default_key: str | None) -> None:
        self.default_key = default_key
        self.sources: set[str] = set()
        self.ids: dict[str, int] = {}  # claim uid -> file id
        self.decided: set[str] = set()
        #: Our decisions waiting for their second claim, by uid.
        self.waiting: dict[str, dict[str, Any]] = {}

    def source(
        self, name: str | None, given_id: str | None = None, *, kind: str | None = None, domain: str | None = None
    ) -> tuple[list[dict[str, Any]], str | None]:
        """The source record to emit (once) for an organisation, a person or a
        web domain, and how claims name it. A domain's source merges, on
        import, into the source the ledger has for that domain."""
        if not name and not given_id:
            return [], None
        slug = given_id or slugify(name or "")
        ref = slug or name
        if not name or ref in self.sources:
            return [], ref
        assert ref is not None
        self.sources.add(ref)
        record: dict[str, Any] = {"type": "source", **({"id": slug} if slug else {}), "name": name}
        if kind:
            record["kind"] = kind
        if domain:
            record["domains"] = [domain]
        return [record], ref

    def claim(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        """The claim record with its file id, unless the document gave it already."""
        if record["uid"] in self.ids:
            return []
        self.ids[record["uid"]] = len(self.ids) + 1
        return [{"type": "claim", "id": self.ids[record["uid"]], **record}]

    def read(self, n: int, node: Any) -> list[dict[str, Any]]:
        if not isinstance(node, Mapping):
            raise ClaimtrackError(f"expected a ClaimReview object, got {excerpt(node)}", line=n)
        text = _text(node.get("claimReviewed"))
        if text is None:
            raise ClaimtrackError("is required: the claim reviewed", field="claimReviewed", line=n)
        items = _nodes(node.get("itemReviewed"), "name")
        item = items[0] if items else {}
        ours, qualifiers = _identifiers(item)
        decision, _ = _identifiers(node)
        reviewer = next((_name(a) for a in _nodes(node.get("author"), "name") if _name(a)), None)
        reviewer = reviewer or next((_name(p) for p in _nodes(node.get("publisher"), "name") if _name(p)), None)
        review_url = _text(node.get("url"))
        reviewer = reviewer or (url_host(review_url) if review_url else None)

        appearances = _nodes(item.get("firstAppearance"), "url") + _nodes(item.get("appearance"), "url")
        seen = next((u for u in map(_url, appearances) if u), None)
        said_by = next((p for a in appearances for p in _nodes(a.get("publisher"), "name") if _name(p)), None)
        claimant = next(iter(_nodes(item.get("author"), "name")), None)
        speaker = source_name = None
        if claimant is not None and "Organization" not in _types(claimant) and _name(claimant):
            speaker = _name(claimant)  # a Person, or a name without a type: who made the claim
        elif claimant is not None:
            source_name = _name(claimant)
        if said_by is not None:
            source_name = _name(said_by)
        # A claim of ours names its source. Anyone else's is from where it appeared: the publisher, else
        # the web domain of its address, else the organisation or person who made it. The fact-checker
        # only when nothing says: a claim filed under its own fact-checker would contradict its verdict
        # from one source.
        host = url_host(seen) if seen else None
        if source_name or "key" in ours:
            out, source = self.source(source_name, ours.get("source"))
        elif host:
            out, source = self.source(host, domain=host)
        elif speaker:
            out, source = self.source(speaker, kind="person")
        else:
            out, source = self.source(reviewer)

        uid = (ours.get("uid") or _uid(review_url, text, seen)).lower()
        lang = _lang(item.get("inLanguage")) or _lang(node.get("inLanguage"))
        claimed = ours.get("claimed_on") or _day(_text(item.get("datePublished")))
        key = ours.get("key") or self.default_key or self._key(reviewer, text, uid)
        record: dict[str, Any] = {"uid": uid, "key": key, "text": text}
        record.update({k: v for k, v in (("source", source), ("speaker", speaker), ("url", seen)) if v})
        record.update({k: ours[k] for k in ("stance", "value", "as_of") if k in ours})
        if claimed:
            record["claimed_on"] = claimed
        if qualifiers:
            record["qualifiers"] = dict(sorted(qualifiers.items()))
        record.update({k: ours[k] for k in ("quote", "note", "supersedes_uid") if k in ours})
        if lang:
            record["lang"] = lang
        out += self.claim(record)
        if "decision" in decision:
            self.waiting.setdefault(decision["decision"], self._ours(n, node, decision, reviewer))
            out += self._ready()
        else:
            out += self._verdict(n, node, record, reviewer, review_url)
        return out

    @staticmethod
    def _key(reviewer: str | None, text: str, uid: str) -> str:
        words = slugify(text)
        if len(words) > KEY_WORDS:  # cut at a word's end when there is one
            cut = words[: KEY_WORDS + 1]
            words = cut.rsplit("-", 1)[0] if "-" in cut else cut[:KEY_WORDS]
        words = words.strip("-_") or uid[:12]
        return f"claimreview/{slugify(reviewer or '') or 'unknown'}/{words}"

    def _ours(self, n: int, node: Mapping[str, Any], said: dict[str, str], reviewer: str | None) -> dict[str, Any]:
        """Our decision as its resolution record, its finding still on the claims' uids."""
        finding, status, pair = said.get("finding", ""), said.get("status", ""), said.get("claims", "").split()
        m = FINDING_ID.match(finding)
        if m is None or status not in RESOLUTION_STATUSES or len(pair) != 2:
            field = "finding" if m is None else "status" if status not in RESOLUTION_STATUSES else "claims"
            raise ClaimtrackError(
                f"{PREFIX}{field} is not what claimtrack exports: {excerpt(said.get(field))}",
                field="identifier", line=n,
            )
        contributor = next((_name(c) for c in _nodes(node.get("contributor"), "name") if _name(c)), None)
        record: dict[str, Any] = {
            "type": "resolution", "prefix": finding[: m.start(2)], "status": status, "wrong": said.get("wrong"),
            "note": _text(node.get("reviewBody")) or "", "resolved_by": contributor or reviewer,
            "resolved_at": _text(node.get("datePublished")), "uid": said["decision"], "claim_uids": pair,
        }
        return record

    def _ready(self) -> list[dict[str, Any]]:
        """Our decisions whose two claims have both been read, once each."""
        out = []
        for uid, d in list(self.waiting.items()):
            if uid in self.decided or not all(u in self.ids for u in d["claim_uids"]):
                continue
            del self.waiting[uid]
            self.decided.add(uid)
            pair = sorted(d["claim_uids"], key=self.ids.__getitem__)
            low, high = (self.ids[u] for u in pair)
            record = {"type": "resolution", "finding_id": f"{d['prefix']}{low}-{high}", "status": d["status"]}
            if d["status"] == "wrong-claim" and d["wrong"] in self.ids:
                record["claim_id"] = self.ids[d["wrong"]]
            record.update({k: d[k] for k in ("note", "resolved_by", "resolved_at") if d[k]})
            record.update(uid=uid, claim_uids=pair)
            out.append(record)
        return out

    def _verdict(
        self, n: int, node: Mapping[str, Any], claim: dict[str, Any], reviewer: str | None, review_url: str | None
    ) -> list[dict[str, Any]]:
        """A foreign review's verdict as a claim by the fact-checker, and, when
        it reads false, the fact-checker's decision that the claim is wrong."""
        from claimtrack.domain.rules import finding_id  # the rules load only when a review is foreign

        words, _, false = _rating(node, n)
        out, source = self.source(reviewer)
        published = _text(node.get("datePublished"))
        verdict: dict[str, Any] = {
            "uid": _uid("verdict", claim["uid"], words), "key": claim["key"],
            "text": f"{reviewer or 'fact-check'}: {words}",
        }
        if source:
            verdict["source"] = source
        if review_url and is_web_url(review_url):
            verdict["url"] = review_url
        verdict["stance"] = "denies" if false else "asserts"
        if published:
            verdict["claimed_on"] = _day(published)
        if lang := _lang(node.get("inLanguage")):
            verdict["lang"] = lang
        out += self.claim(verdict)
        resolved_at = _moment(published)
        decision = _uid("decision", claim["uid"], verdict["uid"])
        if not false or resolved_at is None or decision in self.decided:
            return out
        self.decided.add(decision)
        pair = sorted((claim["uid"], verdict["uid"]), key=self.ids.__getitem__)
        body = _text(node.get("reviewBody")) or _text(node.get("description"))
        record: dict[str, Any] = {
            "type": "resolution", "finding_id": finding_id("stance", self.ids[pair[0]], self.ids[pair[1]]),
            "status": "wrong-claim", "claim_id": self.ids[claim["uid"]],
            "note": f"{words}: {body}" if body else words,
        }
        if reviewer:
            record["resolved_by"] = reviewer
        record.update(resolved_at=resolved_at, uid=decision, claim_uids=pair)
        return [*out, record]


def read(doc: Any, default_key: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Records in export's JSON Lines shape from parsed ClaimReview JSON-LD.

    ``doc``: one ClaimReview, a list of them, or an object with ``@graph``
    (other objects in it, a WebPage or an Organization, are passed over).
    Yields ``(n, record)``, ``n`` the ClaimReview's place in the document
    (1-based), for messages such as ``file:n``. ``default_key``: the key of
    claims that do not carry ours (see the module's notes for the rest).
    Raises :class:`ClaimtrackError` naming the property and ``n``.
    """
    reader = _Reader(default_key)
    for n, node in enumerate(_reviews(doc), start=1):
        for record in reader.read(n, node):
            yield n, record
