"""The exception family for user mistakes.

Domain, store and services raise these; only the CLI turns them into a
one-line message on stderr and exit code 2.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

#: How a message names another field: ``give one with {field:id}``. The
#: command line writes the option (``--id``); elsewhere it is the field's name.
FIELD_REF = re.compile(r"\{field:(\w+)\}")


#: The longest piece of a user's input an error message repeats.
EXCERPT = 60


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A value as an error message shows it: ``repr``, cut to ``limit`` characters
    with an ellipsis, so that a 10 MB field or a 4,000-digit number is named in
    one short line (and never converted to text in full)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * limit:
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    if isinstance(value, str) and len(value) > limit:
        return repr(value[: limit - 1]) + "…"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ClaimtrackError(Exception):
    """A mistake in what the user asked for or gave us.

    ``where`` fields (file, line, field) are carried as values so the message
    can name exactly what was wrong, e.g. ``claims.jsonl:12: value: ...``.
    The message names any other field as ``{field:name}`` (see ``FIELD_REF``).
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field

    def located(
        self, *, file: str | None = None, line: int | None = None, field: str | None = None
    ) -> ClaimtrackError:
        """Return the same error with a location filled in where it was missing."""
        return self.replaced(
            file=self.file or file,
            line=self.line if self.line is not None else line,
            field=self.field or field,
        )

    def replaced(self, **changes: object) -> ClaimtrackError:
        """A copy of this error with some attributes changed (``message``, ``field``, ...)."""
        err = copy.copy(self)
        for name, value in changes.items():
            setattr(err, name, value)
        err.args = (err.message,)
        return err

    def naming_fields(self, name: Callable[[str], str]) -> ClaimtrackError:
        """The same error with ``field`` and every ``{field:x}`` named by ``name``."""
        message = FIELD_REF.sub(lambda m: name(m.group(1)), self.message)
        return self.replaced(message=message, field=name(self.field) if self.field else None)

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        if self.field:
            where += f"{self.field}: "
        return where + FIELD_REF.sub(r"\1", self.message)


class ParseError(ClaimtrackError):
    """A value or a date that cannot be read without guessing."""


class RelativeDate(ParseError):
    """A date relative to a day that was not given (``昨日``, ``last month``,
    ``3月1日`` without a year): read it again against a reference day."""


class NotFound(ClaimtrackError):
    """A claim, source, key or finding that does not exist."""


class UnknownSource(NotFound):
    """A source name, alias or domain that matches no registered source.

    ``ref`` is the name as given, or ``host`` the web host that no source is
    registered for; what to do about it depends on the command, which adds it.
    """

    def __init__(self, message: str, *, ref: str | None = None, host: str | None = None, **where: Any) -> None:
        super().__init__(message, **where)
        self.ref = ref
        self.host = host
