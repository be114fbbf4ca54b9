"""The ``claimtrack`` program (also ``python -m claimtrack``).

Start-up (typer, the pydantic models typer builds its parameters with, the
grammars) makes tens of thousands of objects and frees almost none, so the
cyclic garbage collector would only walk them again and again, and once
more as the interpreter exits: about a tenth of ``add``'s instructions. The
program starts with it off; the command turns it back on as it begins, with
what start-up made set aside for good
(:func:`claimtrack.cli.base.collect_from_here`), and it is on again when
``main`` returns whatever happened (help, a mistake on the command line).
"""

import gc


def main() -> None:
    collecting = gc.isenabled()
    gc.disable()
    try:
        from claimtrack.cli import base
        from claimtrack.cli.root import main as run

        base.program = True
        base.collect_from_command = collecting
        run()
    finally:  # help, --version, a mistake in the command line: the command never began
        if collecting:
            gc.enable()


if __name__ == "__main__":
    main()
