"""``wargame report SAVE``: the after-action report of a saved game or a simulation record."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.cli import UserError, emit

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="write the after-action report of a saved game (Markdown or HTML)")
    p.add_argument("save", metavar="SAVE", type=Path, help="a save file or a simulation record")
    p.add_argument("--output", "-o", metavar="FILE", type=Path, default=None,
                   help="FILE.md or FILE.html (default: Markdown on stdout)")
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from game.report import build_report, report_html, report_markdown
    from game.saves import SaveError, read_log

    output: Path | None = args.output
    kind = "markdown"
    if output is not None:
        kind = FORMATS.get(output.suffix.lower(), "")
        if not kind:
            raise UserError(f"{output}: the report is written as .md or .html")
    try:
        log = read_log(args.save)
    except SaveError as exc:
        raise UserError(str(exc)) from None
    if not log.actions:
        raise UserError(f"{args.save}: the game has not started yet; there is nothing to report")
    report = build_report(
        log.game, log.seed, log.actions,
        seats={role: seat.spec() for role, seat in log.seats.items()},
        sources={entry.id: entry for entry in log.loaded.sources},
    )
    return emit(report_html(report) if kind == "html" else report_markdown(report), output)
