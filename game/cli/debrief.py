"""``wargame report SAVE``: the after-action report of a saved game or a simulation record (a path, or
the name of a save in the saves folder, as ``wargame replay`` takes it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli import EXIT_OK, Subcommands, UserError, emit
from game.cli.saves import add_saves_dir_option, resolve_file

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def register(sub: Subcommands) -> None:
    """Add ``wargame report`` to the subcommands."""
    p = sub.add_parser("report", help="write the after-action report of a saved game (Markdown or HTML)")
    p.add_argument("save", metavar="SAVE",
                   help="a save or a simulation record, or the name of a save in the saves folder")
    p.add_argument("--output", "-o", metavar="FILE", type=Path, default=None,
                   help="FILE.md or FILE.html (default: Markdown on stdout)")
    add_saves_dir_option(p)
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from game.report.source import ReportError, ReportSource, render, write_report
    from game.saves import SaveError, read_log

    output: Path | None = args.output
    kind = "markdown"
    if output is not None:
        kind = FORMATS.get(output.suffix.lower(), "")
        if not kind:
            raise UserError(f"{output}: the report is written as .md or .html")
    try:
        log = read_log(resolve_file(args.save, args.saves_dir))
    except SaveError as exc:
        raise UserError(str(exc)) from None
    try:
        text = render(ReportSource.of_log(log), [kind])[kind]
    except ReportError as exc:
        raise UserError(f"{args.save}: {exc}") from None
    if output is None:
        return emit(text, None)
    try:
        write_report(output, text)  # as the game's report dialog does: missing folders are made
    except ReportError as exc:
        raise UserError(str(exc)) from None
    print(f"wrote {output}", file=sys.stderr)
    return EXIT_OK
