"""Every console example in the README and in `--help` is run, and its output compared.

The README's ```console blocks are one session, run in order in an empty
folder that holds a copy of data/: each `$ claimtrack ...` line (a trailing
backslash continues it) runs in-process, and what follows up to the next `$`
is its output (stdout and stderr as a terminal shows them), compared line by
line. A line `...` stands for any number of lines. Timestamps and temporary
paths are normalised, and so are claim uids. An expected output that starts with `Error:` means exit
code 2; `$ cmd && echo text` and `$ cmd > file` work as in a shell, and
`$ export NAME=value` sets the environment; any other `$` line runs in bash.

In `--help`, each `claimtrack ...` line under `Example:` or `Examples:` runs
in a fresh database holding the bundled example; lines indented under it are
its output. A trailing `# ...` is a comment; `# exits 1` expects exit code 1.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from claimtrack.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)")
UID = re.compile(r"\b[0-9a-f]{32}\b")


@dataclass
class Example:
    command: str
    expected: list[str] = field(default_factory=list)
    line: int = 0
    comment: str = ""


# -- reading the examples -----------------------------------------------------


def readme_examples(text: str) -> list[Example]:
    examples: list[Example] = []
    in_block = False
    continuing = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            in_block = line.strip() == "```console"
            continuing = False
            continue
        if not in_block:
            continue
        if continuing:
            examples[-1].command += " " + line.strip().removesuffix("\\").strip()
            continuing = line.rstrip().endswith("\\")
        elif line.startswith("$ "):
            examples.append(Example(line[2:].strip().removesuffix("\\").strip(), line=number))
            continuing = line.rstrip().endswith("\\")
        elif examples:
            examples[-1].expected.append(line)
    return examples


def help_examples(text: str) -> list[Example]:
    examples: list[Example] = []
    lines = (text or "").splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:")), None)
    if start is None:
        return []
    indent = None
    continuing = False
    for line in lines[start + 1:]:
        if not line.strip():
            break
        stripped = line.strip()
        if continuing:
            examples[-1].command += " " + stripped.removesuffix("\\").strip()
            continuing = stripped.endswith("\\")
        elif stripped.startswith("claimtrack "):
            indent = len(line) - len(line.lstrip())
            command, _, comment = stripped.partition("  #")
            examples.append(Example(command.removesuffix("\\").strip(), comment=comment.strip()))
            continuing = command.rstrip().endswith("\\")
        elif examples and indent is not None and len(line) - len(line.lstrip()) > indent:
            examples[-1].expected.append(stripped)
        else:
            break
    return examples


# -- running them ---------------------------------------------------------------


class Session:
    """A folder and an environment in which examples run one after another."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.monkeypatch = monkeypatch
        self.runner = CliRunner()
        shutil.copytree(ROOT / "data", folder / "data")
        monkeypatch.chdir(folder)

    def run(self, command: str) -> tuple[str, int]:
        if re.fullmatch(r"export \w+=\S+", command):
            name, _, value = command.removeprefix("export ").partition("=")
            self.monkeypatch.setenv(name, value)
            return "", 0
        if not command.startswith("claimtrack "):
            done = subprocess.run(["bash", "-c", command], cwd=self.folder, capture_output=True, text=True,
                                  check=False)
            return done.stdout + done.stderr, done.returncode
        then = ""
        if " && echo " in command:
            command, _, then = command.partition(" && echo ")
        words = shlex.split(command, comments=True)[1:]
        target = None
        if ">" in words:
            at = words.index(">")
            words, target = words[:at], words[at + 1]
        result = self.runner.invoke(app, words)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{command} raised") from result.exception
        output = result.output
        if target is not None:
            (self.folder / target).write_text(result.stdout, encoding="utf-8")
            output = result.stderr
        if then and result.exit_code == 0:
            output += " ".join(shlex.split(then)) + "\n"
        return output, result.exit_code

    def normalise(self, text: str) -> list[str]:
        text = UID.sub("<UID>", TIMESTAMP.sub("<TIME>", text))
        text = re.sub(r"/[^\s'\"]*claimtrack-demo-[^/\s]+", "<TMP>", text)
        text = text.replace(str(self.folder), "<TMP>")
        return [line.rstrip() for line in text.rstrip("\n").splitlines()] if text.strip() else []


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; an expected line ``...`` stands for any number of lines."""
    if not expected:
        return not actual
    if expected[0].strip() == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


def check(session: Session, example: Example, expected_code: int, where: str) -> None:
    output, code = session.run(example.command)
    actual = session.normalise(output)
    expected = session.normalise("\n".join(example.expected))
    assert code == expected_code, f"{where}: `{example.command}` exited {code}, expected {expected_code}\n{output}"
    if example.expected:
        assert matches(expected, actual), (
            f"{where}: `{example.command}` printed\n" + "\n".join(actual)
            + "\n\nbut the docs say\n" + "\n".join(expected)
        )


# -- the README -----------------------------------------------------------------


def test_the_readme_starts_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    assert blocks[0].strip() == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/claimtrack demo"
    assert blocks[1].strip() == (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]


def test_every_readme_example_prints_what_the_readme_shows(tmp_path, monkeypatch):
    examples = readme_examples(README.read_text(encoding="utf-8"))
    assert len(examples) >= 20
    session = Session(tmp_path, monkeypatch)
    for example in examples:
        expected_code = 2 if example.expected and example.expected[0].startswith("Error:") else 0
        check(session, example, expected_code, f"README.md:{example.line}")


# -- --help ---------------------------------------------------------------------


def _commands() -> list[tuple[str, typer.core.TyperCommand]]:
    root = typer.main.get_command(app)
    found = []
    for name, command in root.commands.items():
        for sub_name, sub in getattr(command, "commands", {}).items():
            found.append((f"{name} {sub_name}", sub))
        if not getattr(command, "commands", None):
            found.append((name, command))
    return found


COMMANDS = _commands()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_help_examples_fit_an_80_column_terminal():
    """Help indents examples by 4 inside a panel: longer lines wrap and break when pasted."""
    for name, command in COMMANDS:
        lines = (command.help or "").splitlines()
        start = next((i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:")), None)
        for line in lines[start + 1:] if start is not None else []:
            assert _width(line.strip()) <= 72, f"claimtrack {name} --help: {line.strip()}"


def test_most_commands_teach_by_example():
    without = sorted(name for name, command in COMMANDS if not help_examples(command.help))
    assert without == ["db info", "db path", "demo", "serve"]  # serve runs until stopped: no example can run


@pytest.mark.parametrize(
    ("name", "command"),
    [(n, c) for n, c in COMMANDS if help_examples(c.help)],
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_every_help_example_runs(name, command, tmp_path, monkeypatch, cli, example_file):
    session = Session(tmp_path, monkeypatch)
    cli("import", example_file)
    for example in help_examples(command.help):
        assert example.command.split()[1:len(name.split()) + 1] == name.split(), example.command
        check(session, example, 1 if "exits 1" in example.comment else 0, f"claimtrack {name} --help")


def test_the_example_reader_understands_the_docs_conventions():
    doc = """Do things.

    \b
    Examples:
      claimtrack parse 5000億ドル
        USD 500,000,000,000  (quantity)
      claimtrack report --check      # exits 1 while unresolved
      claimtrack add k/a 'two words' \\
          --value 5
    """
    found = help_examples(doc)
    assert [e.command for e in found] == [
        "claimtrack parse 5000億ドル", "claimtrack report --check", "claimtrack add k/a 'two words' --value 5",
    ]
    assert found[0].expected == ["USD 500,000,000,000  (quantity)"]
    assert found[1].comment == "exits 1 while unresolved"
    readme = "```console\n$ claimtrack log\n1\tx\n...\n$ claimtrack add a \\\n    b\n```\n"
    found = readme_examples(readme)
    assert [(e.command, e.expected) for e in found] == [("claimtrack log", ["1\tx", "..."]), ("claimtrack add a b", [])]
    assert matches(["a", "...", "z"], ["a", "b", "c", "z"]) and not matches(["a", "...", "z"], ["a", "b"])
