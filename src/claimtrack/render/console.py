"""The one place a rich Console is made.

Human output goes through rich in a terminal and degrades to plain text when
stdout is not a terminal or NO_COLOR is set. Renderers ask ``plain(console)``
and write either a rich layout or simple lines.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console


def make_console(*, stderr: bool = False) -> "Console":
    from rich.console import Console

    width = os.environ.get("CLAIMTRACK_WIDTH")
    return Console(
        stderr=stderr,
        width=int(width) if width and width.isdigit() else None,
        highlight=False,
        soft_wrap=False,
    )


def plain(console: "Console") -> bool:
    """True when output should be plain text: not a terminal, or NO_COLOR set."""
    return (not console.is_terminal) or bool(console.no_color) or "NO_COLOR" in os.environ


def write_plain(console: "Console", line: str) -> None:
    """One line of plain text, exactly as given (no markup, wrapping or tab expansion)."""
    console.file.write(line + "\n")
