"""Saving from the terminal game, through :mod:`game.saves`: the autosave, Save as, and what the menu and
the lists of saves say of each. No Textual; the screens run these off the main thread.

A save is written from a :func:`snapshot` of the session, so a move made while the file is being
written cannot tear it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from game.saves import (
    Autosave,
    SaveConflict,
    SaveError,
    SaveFile,
    SaveInfo,
    ScenarioFacts,
    View,
    finished_outcome,
    know_scenario,
    latest_autosave,
    list_saves,
    scenario_facts,
)
from game.scenario.loader import LoadedScenario
from game.session import Session


def snapshot(session: Session) -> Session:
    """A copy of ``session`` that later moves leave alone (the state is immutable; the logs are copied)."""
    return dataclasses.replace(session, actions=list(session.actions), events=list(session.events),
                               turn_digests=list(session.turn_digests))


class GameSaver:
    """Where one game is saved: autosaves at each new phase, and Save as under a name."""

    def __init__(self, file: SaveFile) -> None:
        self.autosave = Autosave(file)

    @classmethod
    def new(cls, loaded: LoadedScenario, directory: Path | None = None) -> GameSaver:
        """A new game's saver; nothing is written before the first autosave."""
        return cls(SaveFile.new(loaded, directory))

    @property
    def path(self) -> Path:
        return self.autosave.file.path

    def update(self, session: Session, view: View) -> Path | None:
        """Autosave ``session`` (a :func:`snapshot`) if it entered a new phase; the path written, or None."""
        return self.autosave.update(session, view)

    def save_as(self, session: Session, name: str, view: View, overwrite: bool = False) -> Path:
        """Save under ``name`` (raises SaveConflict when that name holds another game, unless ``overwrite``);
        later autosaves go there too."""
        return self.autosave.file.save_as(session, name, view=view, overwrite=overwrite)


def continue_hint(info: SaveInfo, saves: Iterable[SaveInfo], width: int) -> str:
    """What Continue would resume, in at most ``width`` characters: the game's name (given with Save as,
    perhaps to another file of the same game among ``saves``) or else its scenario's title, and where it
    stands: ``seminar group A: turn 2, negotiation``; the phase goes first, then the name is cut, when
    they do not fit."""
    if info.data is None:
        return standing(info, None)[:width]
    name = info.data.name or game_names(saves).get(info.data.game_id) or info.data.scenario.title
    where = standing(info, None)
    if len(name) + 2 + len(where) > width and not info.data.progress.over:
        where = f"turn {info.data.progress.turn}"
    room = width - len(where) - 2
    if len(name) > room:
        name = name[:max(room - 1, 1)] + "…"
    return f"{name}: {where}"


def save_label(info: SaveInfo, names: Mapping[str, str] | None = None) -> str:
    """The name a person gave the save. Else, for an autosave: ``Autosave of NAME`` when ``names`` (from
    :func:`game_names`) says the game was saved as NAME too; for a game played on from a replay, ``Branch of
    NAME`` when the game it came from was saved as NAME, or ``Autosave of a branch``; otherwise ``Autosave``.
    The file's name for a save that cannot be read."""
    if info.data is None:
        return info.path.stem
    data, names = info.data, names or {}
    if data.name:
        return data.name
    if data.game_id in names:
        return f"Autosave of {names[data.game_id]}"
    if data.branched_from is not None:
        origin = names.get(data.branched_from.game)
        return f"Branch of {origin}" if origin is not None else "Autosave of a branch"
    return "Autosave"


def game_names(saves: Iterable[SaveInfo]) -> dict[str, str]:
    """The name each game was saved under with Save as, by game id (the newest save's, when there are
    several), so that the file a game was autosaved in before, and the games branched from it, say which
    game they are."""
    names: dict[str, str] = {}
    for data in sorted((info.data for info in saves if info.data is not None), key=lambda data: data.updated,
                       reverse=True):
        if data.name:
            names.setdefault(data.game_id, data.name)
    return names


def standing(info: SaveInfo, facts: ScenarioFacts | None, outcome: str | None = None) -> str:
    """``turn 2 of 6, negotiation``, ``finished: Full partners`` (``finished`` while the outcome is not known)."""
    if info.data is None:
        return "cannot be read"
    progress = info.data.progress
    if progress.over:
        return f"finished: {outcome}" if outcome else "finished"
    of = f" of {facts.turns}" if facts is not None else ""
    return f"turn {progress.turn}{of}, {progress.phase}"


def players(info: SaveInfo, facts: ScenarioFacts | None) -> str:
    """Who plays, in the words of the New game screen's seats: ``human: NATO``, ``humans: NATO, Russia``,
    ``humans at every seat`` or ``bots only``, and whether a facilitator steers the game."""
    if info.data is None:
        return ""
    data = info.data
    humans = [role for role, spec in data.seats.items() if spec == "human"]
    if not humans:
        who = "bots only"
    elif len(humans) == len(data.seats) > 1:
        who = "humans at every seat"
    else:
        names = facts.role_names if facts is not None else {}
        who = f"human{'s' if len(humans) > 1 else ''}: " + ", ".join(names.get(role, role) for role in humans)
    return f"{who}, with a facilitator" if data.facilitator else who


RECENT = timedelta(days=182)
"""Saves this recent show the time they were saved, older ones the year (as ``ls -l`` does)."""


def saved_when(info: SaveInfo, now: datetime | None = None) -> str:
    """``saved 21 Nov 19:35`` (within half a year of ``now``, by default the current time) or ``saved 21 Nov
    2025``, in local time."""
    if info.updated is None:
        return ""
    saved = info.updated.astimezone()
    now = now or datetime.now(UTC)
    return f"saved {saved.strftime('%d %b %H:%M' if abs(now - saved) < RECENT else '%d %b %Y')}"


__all__ = ["GameSaver", "SaveConflict", "SaveError", "SaveInfo", "ScenarioFacts", "View", "continue_hint", "finished_outcome",
           "game_names", "know_scenario", "latest_autosave", "list_saves", "players", "save_label", "saved_when",
           "scenario_facts", "snapshot", "standing"]
