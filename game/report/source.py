"""What a report is made from, the report rendered from it, and writing it to a file: shared by
``wargame report`` and the terminal game's exports, so both write the same bytes the same way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.engine import Action, Game, IllegalAction
from game.report.html import report_html
from game.report.markdown import report_markdown
from game.report.model import build_report
from game.saves.atomic import file_in_the_way, write_atomic
from game.saves.read import GameLog
from game.scenario.loader import LoadedScenario
from game.session import Seat, Session


class ReportError(Exception):
    """A report that could not be made or written; the message says why, in a sentence."""


@dataclass(frozen=True)
class ReportSource:
    """What a report is made from: the game, its seed and seats, and every action played."""

    game: Game
    seed: int
    actions: tuple[Action, ...]
    seats: Mapping[str, str]
    """Each role's seat as ``human`` or ``bot:KIND``, as the save records it."""
    sources: Mapping[str, object]

    @classmethod
    def of_session(cls, loaded: LoadedScenario, session: Session) -> ReportSource:
        """The game being played in ``session`` (its actions copied: later moves leave this alone)."""
        return cls._of(loaded, session.seed, session.actions, session.seats)

    @classmethod
    def of_log(cls, log: GameLog, actions: Sequence[Action] | None = None) -> ReportSource:
        """A saved game or record: all its actions, or ``actions`` (those that replayed)."""
        return cls._of(log.loaded, log.seed, log.actions if actions is None else actions, log.seats)

    @classmethod
    def _of(cls, loaded: LoadedScenario, seed: int, actions: Sequence[Action], seats: Mapping[str, Seat]) -> ReportSource:
        return cls(loaded.game, seed, tuple(actions), {role: seat.spec() for role, seat in seats.items()},
                   {entry.id: entry for entry in loaded.sources})


def render(source: ReportSource, kinds: Sequence[str]) -> dict[str, str]:
    """The report in each of ``kinds`` (``markdown``, ``html``), built once from ``source``."""
    if not source.actions:
        raise ReportError("the game has not started yet; there is nothing to report")
    try:
        report = build_report(source.game, source.seed, source.actions, seats=source.seats, sources=source.sources)
    except IllegalAction as exc:
        raise ReportError(f"the game's record does not replay: {exc}") from None
    writers = {"markdown": report_markdown, "html": report_html}
    return {kind: writers[kind](report) for kind in kinds}


def write_report(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, creating missing folders; :class:`ReportError` if it cannot be."""
    if path.is_dir():
        raise ReportError(f"cannot write {path}: it is a folder")
    in_the_way = file_in_the_way(path.parent)
    if in_the_way is not None:
        raise ReportError(f"cannot write {path}: {in_the_way} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), keep_backup=False)
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from None
