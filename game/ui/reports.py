"""The after-action report from the terminal game: where it goes by default, and writing it (with
:func:`game.report.source.write_report`, as ``wargame report`` does).

The report is the one ``wargame report`` writes (:mod:`game.report`), rebuilt from the game's
seed, seats and every action. No Textual: the end screen and the replay viewer run
:func:`export_reports` in a worker thread and show what it returns.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from game.engine import Game
from game.report.source import ReportError, ReportSource, render, write_report
from game.saves import saves_dir

FORMATS: dict[str, str] = {"markdown": ".md", "html": ".html"}
"""Each report format and the suffix of its default file."""
FORMAT_NAMES: dict[str, str] = {"markdown": "Markdown", "html": "HTML"}
REPORT_SUFFIX = "-report"
"""Added to the save's name: ``saves/seminar-2.json`` reports to ``saves/seminar-2-report.md``."""


@dataclass(frozen=True)
class Written:
    """What became of one report file: written (``error`` None), or not, and why."""

    kind: str
    path: Path
    error: str | None = None


def default_paths(save: Path | None, directory: Path | None, name: str) -> dict[str, Path]:
    """Where each format goes unless the player says otherwise: beside the game's ``save``
    (``<save-stem>-report.md``), else in the saves folder (``directory``, ``$WARGAME_SAVES_DIR`` or
    ``saves/``) after ``name``."""
    folder, stem = (save.parent, save.stem) if save is not None else (saves_dir(directory), name)
    return {kind: folder / f"{stem}{REPORT_SUFFIX}{suffix}" for kind, suffix in FORMATS.items()}


def default_name(game: Game, seed: int) -> str:
    """``tutorial-seed-4``: a report's file name when the game has no save to be named after."""
    return f"{game.id}-seed-{seed}"


def export_reports(source: ReportSource, targets: Mapping[str, Path]) -> list[Written]:
    """Build the report once and write each format to its path in ``targets``; one :class:`Written` per file.

    Never raises for a file that cannot be written: the others are still written and each result says
    what happened.
    """
    try:
        texts = render(source, list(targets))
    except ReportError as exc:
        return [Written(kind, path, str(exc)) for kind, path in targets.items()]
    results = []
    for kind, path in targets.items():
        try:
            write_report(path, texts[kind])
        except ReportError as exc:
            results.append(Written(kind, path, str(exc)))
        else:
            results.append(Written(kind, path))
    return results


def resolve(text: str) -> Path:
    """The path typed in the dialog: ``~`` expanded, relative paths as they stand (from the working folder)."""
    return Path(os.path.expanduser(text.strip()))
