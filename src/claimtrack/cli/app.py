"""The whole command line: the root with every command registered, as help,
the documentation's examples and the tests see it. ``claimtrack`` itself
runs :func:`claimtrack.cli.root.main`, which registers only the command
named (:mod:`claimtrack.cli.root`)."""

from claimtrack.cli.root import app, main, register

register()

__all__ = ["app", "main"]
