"""The `rasd` command line: a thin layer of Typer commands over the Python API."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="rasd",
    help="Rasd (رصد): who did what with whom, when, where and for how much, from Arabic news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules register themselves on `app` when imported.
from rasd.cli import core  # noqa: E402,F401
from rasd.cli import search, serve  # noqa: E402,F401
