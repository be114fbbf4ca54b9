"""Record fields and the options that set them: the one place the command
line translates between the two.

A command turns its options into a record with :func:`record` (``--said-by``
sets ``speaker``), and services and the domain raise errors that name the
*field* that was wrong; :func:`for_the_command_line` names it as the option or
argument the user typed (``--said-by``, ``--date``, ``FINDING-ID``) and adds
the advice that depends on the command (``--new-source`` for ``add``, a
source line for ``import``).
"""

from __future__ import annotations

import re
from typing import Any

from claimtrack.errors import ClaimtrackError, NotFound, UnknownSource

#: Fields whose option or argument is named otherwise; the rest are named alike
#: (``source`` is ``--source``; ``id`` is ``--id`` or the ``ID`` argument).
PARAM_OF_FIELD = {
    "claimed_on": "date",
    "speaker": "said_by",
    "qualifiers": "qualifier",
    "aliases": "alias",
    "domains": "domain",
    "claim_id": "claim",
}

FIELD_OF_PARAM = {param: field for field, param in PARAM_OF_FIELD.items()}

#: What to do about a source that is not registered, by command.
UNKNOWN_SOURCE_ADVICE = {
    "add": (
        "register it with `claimtrack sources add`, or pass --new-source to create it now",
        "name one with --source, or register the domain: claimtrack sources add NAME --domain {host}",
    ),
    "import": (
        'register it with a {{"type": "source", ...}} line or `claimtrack sources add`, or pass --new-sources',
        'name one in the record\'s "source", or register the domain: claimtrack sources add NAME --domain {host}',
    ),
}
LOOKUP_ADVICE = "`claimtrack sources list` shows the registered ones"
#: Where to find what exists, when a command is given an id that does not, by (command, field).
NOT_FOUND_ADVICE = {
    ("show", "id"): "`claimtrack log` lists the claims and their ids",
    ("diff", "id"): "`claimtrack log` lists the claims and their ids",
    ("resolve", "claim_id"): "`claimtrack log` lists the claims and their ids",
    ("resolve", "finding_id"): "`claimtrack report --all` lists the findings and their ids",
}


def record(**options: Any) -> dict[str, Any]:
    """A command's options as the record fields they set (``id_`` is ``id``)."""
    return {FIELD_OF_PARAM.get(name, name.removesuffix("_")): given for name, given in options.items()}


def _display(param: Any) -> str:
    """How help names a parameter: its long option, or an argument's metavar."""
    if getattr(param, "param_type_name", "") == "argument":
        return str(param.metavar or param.name.upper())
    longs = [opt for opt in param.opts if opt.startswith("--")]
    return longs[0] if longs else param.opts[0]


def _metavar_words(param: Any) -> set[str]:
    return {re.sub(r"\d+$", "", word) for word in re.findall(r"[A-Z][A-Z0-9-]*", str(param.metavar or ""))}


def option_for(command: Any, field: str) -> str:
    """The option or argument of ``command`` that sets ``field`` (the field
    itself when none does)."""
    names = (PARAM_OF_FIELD.get(field, field), field + "_")
    for param in command.params:
        if param.name in names:
            return _display(param)
    wanted = field.upper().replace("_", "-")
    for param in command.params:
        if getattr(param, "param_type_name", "") == "argument" and wanted in _metavar_words(param):
            return wanted
    return field


def for_the_command_line(exc: ClaimtrackError, command: Any, name: str) -> ClaimtrackError:
    """The error as the command ``name`` (``add``, ``sources show``) should say it.

    An error located in a file keeps the file's field names; any other names
    the option. An unknown source gets the advice that fits the command.
    """
    message = exc.message
    advice = NOT_FOUND_ADVICE.get((name, exc.field or "")) if isinstance(exc, NotFound) else None
    if advice:
        message = f"{message}; {advice}"
    if isinstance(exc, UnknownSource):
        by_name, by_host = UNKNOWN_SOURCE_ADVICE.get(name, (LOOKUP_ADVICE, LOOKUP_ADVICE))
        message = f"{message}; {(by_name if exc.host is None else by_host).format(host=exc.host)}"
    exc = exc.replaced(message=message)
    return exc if exc.file is not None else exc.naming_fields(lambda field: option_for(command, field))
