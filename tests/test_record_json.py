"""Every record's JSON form, as the contract states it: each field in
declaration order, exact decimals as strings, nested records as objects,
tuples as lists, mappings as objects."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import Struct

from claimtrack.domain.model import Claim, Resolution, Source, Value, decimal_str, record_json


def _contract(value: Any) -> Any:
    """The contract, written out field by field: what ``record_json`` must give."""
    if isinstance(value, Struct):
        return {name: _contract(getattr(value, name)) for name in value.__struct_fields__}
    if isinstance(value, Decimal):
        return decimal_str(value)
    if isinstance(value, tuple | list):
        return [_contract(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _contract(item) for key, item in value.items()}
    return value


_TEXT = st.text(max_size=12)
_DECIMALS = st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=3)
_VALUES = st.none() | st.builds(
    Value, kind=st.sampled_from(["quantity", "date", "categorical"]), raw=_TEXT, amount=_DECIMALS,
    unit=st.none() | _TEXT, approx=st.booleans(), lower=_DECIMALS, upper=_DECIMALS, conversion_amount=_DECIMALS,
)
_CLAIMS = st.builds(
    Claim, id=st.integers(0, 10**6), key=_TEXT, text=_TEXT, speaker=st.none() | _TEXT,
    stance=st.sampled_from(["asserts", "denies"]), value=_VALUES,
    qualifiers=st.dictionaries(_TEXT, _TEXT, max_size=3), supersedes=st.none() | st.integers(1, 99),
)
_SOURCES = st.builds(Source, name=_TEXT, aliases=st.lists(_TEXT, max_size=3).map(tuple),
                     domains=st.lists(_TEXT, max_size=2).map(tuple))
_RESOLUTIONS = st.builds(Resolution, finding_id=_TEXT, status=st.just("explained"), note=_TEXT,
                         claim_id=st.none() | st.integers(1, 99))


@settings(max_examples=200, deadline=None)
@given(st.one_of(_CLAIMS, _SOURCES, _RESOLUTIONS, _VALUES.filter(lambda v: v is not None)))
def test_a_record_is_written_as_the_contract_says(record):
    written = record_json(record)
    assert written == _contract(record)
    assert list(written) == list(record.__struct_fields__)

