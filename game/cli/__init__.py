"""The ``wargame`` command.

Exit codes: 0 success; 1 a check that ran and failed (e.g. a replay that diverges);
2 a user error (unknown scenario, bad flag, bad file) with one clear line on stderr;
130 interrupted. Textual is imported only by the commands that open the terminal UI.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from game import __version__
from game.native import core_description

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class UserError(Exception):
    """A mistake of the user's: reported as one line, exit code 2, never a traceback."""


def emit(text: str, output: Path | None) -> int:
    """Write ``text`` to the file ``output``, or to stdout when no file is named; returns the exit code."""
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror}") from None
    print(f"wrote {output}", file=sys.stderr)
    return EXIT_OK


def usable_folder(folder: Path, given: Path | None, option: str, env_var: str, what: str) -> Path:
    """``folder`` itself, or a :class:`UserError` when it, or a folder above it, is a file. The message
    names the folder as the user gave it: by ``option`` when ``given`` came from the command line, by
    ``env_var`` when that is set, else as ``the {what} folder``."""
    from game.saves.atomic import file_in_the_way

    nearest = file_in_the_way(folder)
    if nearest is None:
        return folder
    if given is not None and str(given):
        named = f"{option} {folder}"
    elif os.environ.get(env_var, "").strip():
        named = f"{env_var} {folder}"
    else:
        named = f"the {what} folder {folder}"
    where = "" if nearest == folder else f": {nearest}"
    raise UserError(f"{named}{where} is a file, not a folder")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one short line (and exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


Subcommands: TypeAlias = "argparse._SubParsersAction[_Parser]"
"""What each command module's ``register`` adds its subcommands to."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    from game.cli import commands

    parser = _Parser(
        prog="wargame",
        description="A negotiation and policy wargame about missile defence in Europe.",
    )
    parser.add_argument("--version", action="version", version=f"wargame {__version__}, {core_description()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.register(sub)
    _describe(sub)
    return parser


def _describe(sub: Subcommands) -> None:
    """Give every subcommand without a description of its own its one-line help as one, so that
    ``wargame COMMAND --help`` says what the command does (nested subcommands too)."""
    for choice in sub._choices_actions:
        command = sub.choices[choice.dest]
        if not command.description and choice.help:
            command.description = choice.help[0].upper() + choice.help[1:] + "."
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _describe(action)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from game.cli.commands import run

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(parser, args)
    except UserError as exc:
        print(f"wargame: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("wargame: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing left to say
        return EXIT_OK
