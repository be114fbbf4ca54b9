"""The closed word lists of the ledger: stances, source kinds, resolution
and decision statuses, fiscal-year conventions.

Each is a ``Literal`` type (what mypy and the command line's parser check
choices against) and the tuple of its words. A module of its own, importing
nothing but ``typing``, so that every command can name its choices without
loading the records.
"""

from __future__ import annotations

from typing import Literal, get_args

Stance = Literal["asserts", "denies"]
SourceKind = Literal["outlet", "agency", "person", "government", "other"]
ResolutionStatus = Literal["explained", "accepted", "wrong-claim"]
#: What a decision about a finding says: a resolution, or that a finding
#: resolved before is open again.
DecisionStatus = Literal["explained", "accepted", "wrong-claim", "reopened"]

STANCES: tuple[Stance, ...] = get_args(Stance)
SOURCE_KINDS: tuple[SourceKind, ...] = get_args(SourceKind)
RESOLUTION_STATUSES: tuple[ResolutionStatus, ...] = get_args(ResolutionStatus)
DECISION_STATUSES: tuple[DecisionStatus, ...] = get_args(DecisionStatus)
#: How ``FY2025`` is read (see ``claimtrack.domain.dates.FISCAL_YEARS``):
#: the first is the default.
FiscalYear = Literal["japan", "us", "calendar"]
FISCAL_YEAR_CONVENTIONS: tuple[FiscalYear, ...] = get_args(FiscalYear)
DEFAULT_FISCAL: FiscalYear = "japan"
