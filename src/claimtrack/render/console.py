"""Where output goes: the one place a console is made, and JSON for machines.

Human output goes through rich in a terminal and degrades to plain text when
stdout is not a terminal or NO_COLOR is set. Renderers take a ``Console``
(a rich one, or ``PlainConsole``), write plain lines through what both have
(``out``, ``file``), and ask :func:`as_rich` for a rich console to draw
tables and colour with. In the plain case no rich Console is made at all: a
command whose output goes to a pipe does not pay for importing rich.
"""

from __future__ import annotations

import codecs
import functools
import json
import os
import re
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, Union

from claimtrack.domain.patterns import Ranges, deferred, in_class

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console as RichConsole


# Characters that act on a terminal or a page instead of showing, as ranges of
# code points: C1 controls and DEL, the bidi controls that would reorder the text
# around them, the line and paragraph separators, and the two noncharacters XML
# cannot hold. JSON leaves these as they are (it escapes C0 itself); the test of
# encoded JSON (_json_has_unseen) is made from them too.
_JSON_UNSEEN_RANGES = ((0x7F, 0x9F), (0x61C, 0x61C), (0x200E, 0x200F), (0x2028, 0x202E), (0x2066, 0x2069),
                       (0xFFFE, 0xFFFF))


def _class(ranges: Ranges) -> str:
    return f"[{in_class(ranges)}]"


# Besides those, in text: C0 controls (escape sequences, bells) but tab and
# newline, and a carriage return but the one of a CSV line's end.
_UNSEEN = deferred(_class(((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), *_JSON_UNSEEN_RANGES)) + "|\r(?!\n)")
# The same characters, CR included, as one class: a fast test before the slower pattern,
# compiled here (every line printed meets it); the other two when first needed.
_MAYBE_UNSEEN = re.compile(_class(((0x00, 0x08), (0x0B, 0x1F), *_JSON_UNSEEN_RANGES)))
_JSON_UNSEEN = deferred(_class(_JSON_UNSEEN_RANGES))


def visible(text: str) -> str:
    r"""Text as people may be shown it: every control character written out
    (``\x1b``, ``\x07``, ``\r``, ``\u009b``, ``\u202e``), so that text from a
    claim can neither drive a terminal nor reorder a line.

    From DEL up, a character is written as JSON writes it (``\u202e``): JSON
    holds them only inside strings, so JSON stays valid JSON, with the same
    data, when it passes through here."""
    if not _MAYBE_UNSEEN.search(text):  # the common case, one scan in C: nothing to write out
        return text
    return _UNSEEN.sub(_written_out, text)


def json_safe(text: str) -> str:
    r"""JSON text with C1 controls, bidi controls and line separators escaped
    (``\u009b``): the same data, inert in a terminal (JSON escapes C0 itself)."""
    return _JSON_UNSEEN.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _written_out(m: re.Match[str]) -> str:
    code = ord(m[0])
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def _escaped_as_json(exc: UnicodeError) -> tuple[str, int]:
    r"""What an encoding could not hold, written as JSON writes a character
    (``\u5186``; beyond the BMP, its surrogate pair): JSON stays valid JSON
    with the same data, and text stays readable."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    written = []
    for char in exc.object[exc.start : exc.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            written.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            written.append(f"\\u{code:04x}")
    return "".join(written), exc.end


ESCAPED_AS_JSON = "claimtrack.escaped-as-json"
codecs.register_error(ESCAPED_AS_JSON, _escaped_as_json)


def fit_to_encoding(stream: IO[str]) -> None:
    """Let ``stream`` write what its encoding cannot hold (Japanese on a
    Latin-1 or ASCII terminal) escaped, instead of failing at the first such
    character after the command's work is done. A UTF-8 stream stays strict:
    all it cannot hold is a lone surrogate, an argument that was not UTF-8."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and not _encodes_utf8(stream):
        reconfigure(errors=ESCAPED_AS_JSON)


class Shown:
    """A text stream that writes everything :func:`visible`: what a command
    prints while it runs goes through one (see ``cli/base.py``); rich, which
    writes its own escape codes, is given the stream underneath."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, buffer...
        return getattr(self.stream, name)


def underneath(stream: IO[str]) -> IO[str]:
    """The stream a :class:`Shown` writes to (any other stream as it is)."""
    return stream.stream if isinstance(stream, Shown) else stream


class PlainConsole:
    """The part of rich's Console that renderers use in plain mode: text out,
    control characters written out."""

    is_terminal = False
    no_color = True

    def __init__(self, file: IO[str]) -> None:
        self.file = file

    def out(self, *objects: Any, sep: str = " ", end: str = "\n", **_: Any) -> None:
        self.file.write(visible(sep.join(str(o) for o in objects)) + end)

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", **_: Any) -> None:
        self.out(*objects, sep=sep, end=end)


#: What renderers write to: rich's Console in a terminal, else a PlainConsole.
Console = Union["RichConsole", PlainConsole]


def _wants_plain(stream: IO[str]) -> bool:
    if "NO_COLOR" in os.environ:
        return True
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return False
    isatty = getattr(stream, "isatty", None)
    return not (isatty and isatty())


def make_console(stream: IO[str] | None = None, *, stderr: bool = False) -> Console:
    """A console writing to ``stream`` (default: stdout, or stderr).

    Plain when the stream is not a terminal or NO_COLOR is set: then no rich
    Console is made at all, and rich is never imported.
    """
    if stream is None:
        stream = sys.stderr if stderr else sys.stdout
    if _wants_plain(stream):
        return PlainConsole(stream)
    width = os.environ.get("CLAIMTRACK_WIDTH")
    return _shown_rich()(
        file=underneath(stream),
        width=int(width) if width and width.isdigit() else None,
        highlight=False,
        soft_wrap=False,
    )


@functools.cache
def _shown_rich() -> type[RichConsole]:
    """rich's Console, writing the text it is given :func:`visible` (its own
    escape codes, for colour and layout, as they are)."""
    from rich.console import Console as Rich
    from rich.segment import Segment

    class ShownRich(Rich):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError  # the command's own answer to a closed pipe (exit 141), not rich's exit 1

        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                segment if segment.control else Segment(visible(segment.text), segment.style)
                for segment in buffer
            )

    return ShownRich


def plain(console: Console) -> bool:
    """True when output should be plain text: not a terminal, or NO_COLOR set."""
    return (not console.is_terminal) or bool(console.no_color) or "NO_COLOR" in os.environ


def as_rich(console: Console) -> RichConsole | None:
    """The console as rich, to draw with; None when output should be plain."""
    if isinstance(console, PlainConsole) or plain(console):
        return None
    return console


def write_plain(console: Console, line: str) -> None:
    """One line of plain text, as given (no markup, wrapping or tab expansion),
    control characters written out."""
    console.file.write(visible(line) + "\n")


def _json_writer(out: IO[str]) -> Any:
    """json_safe, unless ``out`` is a :class:`Shown`, which writes the same characters out the same way."""
    return (lambda text: text) if isinstance(out, Shown) else json_safe


def write_json(obj: Any, out: IO[str]) -> None:
    """``obj`` as indented JSON and a newline, what a terminal could misread escaped (:func:`json_safe`).

    JSON with nothing to escape, the common case, is written as orjson encoded
    it: not decoded, scanned a second time by :class:`Shown` and encoded again
    (for the 21 MB of a 10,000-claim ``diff --json``, about 1.5 billion
    instructions, as many as the objects and the encoding together)."""
    data = _orjson_indented(obj)
    if data is None or _json_has_unseen(data):
        text = json.dumps(obj, ensure_ascii=False, indent=2) if data is None else data.decode()
        out.write(_json_writer(out)(text))
        out.write("\n")
        return
    stream = underneath(out)  # nothing in it for Shown to write out
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and _encodes_utf8(stream):
        stream.flush()
        buffer.write(data)
        buffer.write(b"\n")
        return
    stream.write(data.decode())
    stream.write("\n")


def _encodes_utf8(stream: IO[str]) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "").name == "utf-8"
    except LookupError:
        return False


@functools.cache
def _unseen_utf8() -> tuple[tuple[bytes, frozenset[int] | None], ...]:
    """The characters of ``_JSON_UNSEEN_RANGES`` in UTF-8, grouped by the bytes
    before their last: (those bytes, the last bytes that complete one). A
    character of one byte (DEL) is its byte, with nothing after it to check."""
    groups: dict[bytes, set[int] | None] = {}
    for first, last in _JSON_UNSEEN_RANGES:
        for code in range(first, last + 1):
            encoded = chr(code).encode()
            if len(encoded) == 1:
                groups[encoded] = None
            else:
                ends = groups.setdefault(encoded[:-1], set())
                assert ends is not None
                ends.add(encoded[-1])
    return tuple((lead, None if ends is None else frozenset(ends)) for lead, ends in groups.items())


def _json_has_unseen(data: bytes) -> bool:
    """Whether UTF-8 JSON holds a character :func:`json_safe` writes out.

    A search for each character's leading bytes (``bytes.find``, several times
    quicker than a pattern over the text), every find checked on the byte
    after it: the leading bytes of a character are never the inside of another in UTF-8.
    Their first byte is looked for alone before: a search for one byte is
    several times quicker again, and most JSON holds none of these bytes."""
    for lead, ends in _unseen_utf8():
        if data.find(lead[:1]) < 0:
            continue
        at = data.find(lead)
        while at >= 0:
            after = at + len(lead)
            if ends is None or (after < len(data) and data[after] in ends):
                return True
            at = data.find(lead, after)
    return False


def indented_json(obj: Any) -> str:
    """``obj`` as ``json.dumps(obj, ensure_ascii=False, indent=2)`` writes it, written by orjson.

    Given an indent, json encodes in Python, through a generator per object
    and list: ``diff --json`` of a key with 10,000 claims spent most of a
    second there, orjson writes the same 21 MB in about a tenth of that. What
    orjson refuses (a key that is not a string, an integer past 64 bits, a
    lone surrogate, a type it does not know) goes to ``json.dumps``, which
    writes it or raises as it always did. Floats, which claimtrack's JSON
    does not hold, are the same numbers in another spelling (``1e16`` for
    ``1e+16``), and NaN is ``null``.
    """
    data = _orjson_indented(obj)
    return data.decode() if data is not None else json.dumps(obj, ensure_ascii=False, indent=2)


def _orjson_indented(obj: Any) -> bytes | None:
    """``obj`` as orjson writes it indented, in UTF-8; None for what orjson refuses."""
    import orjson  # imported here: only commands that print JSON pay for it

    try:
        return orjson.dumps(obj, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        return None


def write_json_list(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Stream a JSON array, one item a line; return how many were written."""
    count = 0
    safe = _json_writer(out)
    out.write("[")
    for item in items:
        out.write(",\n  " if count else "\n  ")
        out.write(safe(json.dumps(item, ensure_ascii=False)))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
