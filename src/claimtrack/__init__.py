"""claimtrack: a ledger of claims across sources, their changes and contradictions."""

__version__ = "0.1.0"
