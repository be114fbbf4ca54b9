"""Regular expressions compiled when first used rather than when imported.

The date and value grammars are many large patterns: compiling all of them
took about 55 ms, paid by every command that reads one date or value (`add`
starts in under half a second). A pattern made with :func:`deferred` compiles
on its first use and is then the compiled pattern's own methods, so later
calls cost what they always did. Sets of characters stated as ranges of code
points become a pattern's class through :func:`in_class`.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _Deferred:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled") or re.compile(*self._source)
        self._compiled = compiled
        value = getattr(compiled, name)
        setattr(self, name, value)  # found directly from now on
        return value


def deferred(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on first use."""
    return cast("re.Pattern[str]", _Deferred(pattern, flags))


#: Characters as inclusive ranges of code points: ``((0x7F, 0x9F), (0x61C, 0x61C))``.
Ranges = tuple[tuple[int, int], ...]


def in_class(ranges: Ranges) -> str:
    """The inside of a character class holding ``ranges`` (without the brackets)."""
    return "".join(chr(first) if first == last else f"{chr(first)}-{chr(last)}" for first, last in ranges)
